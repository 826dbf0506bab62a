package pgtest

import (
	"context"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Shared is a test package's one server, started by the first test that
// asks for a database. Declare one in a _test file and stop it from
// TestMain:
//
//	var pg pgtest.Shared
//
//	func TestMain(m *testing.M) { os.Exit(pg.Main(m)) }
type Shared struct {
	once sync.Once
	srv  *Server
	err  error
	n    atomic.Int64
}

// Server returns the package's server, starting it on first use. It skips
// t when no PostgreSQL server is installed, unless BRIEFBOT_PGTEST_REQUIRE
// is set, and fails t when one is installed but does not start.
func (s *Shared) Server(t testing.TB) *Server {
	t.Helper()
	s.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		s.srv, s.err = Start(ctx)
	})
	switch {
	case s.err == ErrNotInstalled && os.Getenv("BRIEFBOT_PGTEST_REQUIRE") == "":
		t.Skip(s.err.Error())
	case s.err != nil:
		t.Fatal(s.err)
	}
	return s.srv
}

// DB returns the URL of a new, empty database of t's own on the package's
// server.
func (s *Shared) DB(t testing.TB) string {
	t.Helper()
	srv := s.Server(t)
	u, err := srv.CreateDatabase(t.Context(), fmt.Sprintf("test_%d", s.n.Add(1)))
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// Main runs the package's tests and then stops the server, if one was
// started; it returns the exit code for os.Exit.
func (s *Shared) Main(m *testing.M) int {
	code := m.Run()
	if s.srv != nil {
		if err := s.srv.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, "pgtest: stop:", err)
		}
	}
	return code
}
