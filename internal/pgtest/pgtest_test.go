package pgtest

import (
	"context"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
)

var pg Shared

func TestMain(m *testing.M) { os.Exit(pg.Main(m)) }

// Each database is empty and separate: a table made in one is not in
// another, and the server is PostgreSQL 15 or later.
func TestDatabasesAreSeparate(t *testing.T) {
	ctx := context.Background()
	a, b := pg.DB(t), pg.DB(t)
	if a == b {
		t.Fatalf("two databases share the URL %s", a)
	}
	ca, err := pgx.Connect(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	defer ca.Close(ctx)
	if _, err := ca.Exec(ctx, "CREATE TABLE only_in_a (x int)"); err != nil {
		t.Fatal(err)
	}
	var v int
	if err := ca.QueryRow(ctx, "SELECT current_setting('server_version_num')::int").Scan(&v); err != nil || v < 150000 {
		t.Fatalf("server version %d, %v; want 15 or later", v, err)
	}
	cb, err := pgx.Connect(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	defer cb.Close(ctx)
	var n int
	if err := cb.QueryRow(ctx, "SELECT count(*) FROM pg_tables WHERE tablename = 'only_in_a'").Scan(&n); err != nil || n != 0 {
		t.Fatalf("table of a seen in b: %d, %v", n, err)
	}
}

// Stop ends the server and removes its directory.
func TestStopRemovesEverything(t *testing.T) {
	pg.Server(t) // skips or fails as the package's tests do
	s, err := Start(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	u := s.URL("postgres")
	if err := s.Stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(s.dir); !os.IsNotExist(err) {
		t.Errorf("directory %s still there: %v", s.dir, err)
	}
	if c, err := pgx.Connect(context.Background(), u); err == nil {
		c.Close(context.Background())
		t.Errorf("server still answers at %s after Stop", u)
	}
}

// A killed server refuses connections; restarted, it has its data again.
func TestKillRestart(t *testing.T) {
	pg.Server(t) // skips or fails as the package's tests do
	ctx := context.Background()
	s, err := Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	u, err := s.CreateDatabase(ctx, "kept")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Kill(); err != nil {
		t.Fatal(err)
	}
	if c, err := pgx.Connect(ctx, u); err == nil {
		c.Close(ctx)
		t.Fatal("a killed server answers")
	}
	if err := s.Restart(ctx); err != nil {
		t.Fatal(err)
	}
	c, err := pgx.Connect(ctx, u)
	if err != nil {
		t.Fatalf("after restart, database kept: %v", err)
	}
	c.Close(ctx)
}
