package pgstate

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Advisory locks take two keys: the first names what is locked, in a range
// of briefbot's own so that its locks do not meet another application's in
// a shared database; the second tells apart the things of that kind.
const (
	lockMigrate   int32 = 0x62726201 + iota // schema migrations; second key 0
	lockChannel                             // AddLimited's count and insert; second key hashes the channel
	lockLeader                              // scheduled work; second key the work (WorkDigests…)
	lockDocuments                           // writes to documents; second key 0
)

// migration is one embedded SQL file, NNNN_name.sql.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations lists the embedded migrations by version. Versions must run
// 1, 2, 3… with no gap or repeat.
func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, n := range names {
		base := path.Base(n)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must be NNNN_what.sql", base)
		}
		b, err := migrationFiles.ReadFile(n)
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: base, sql: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i, m := range out {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: version %d, want %d", m.name, m.version, i+1)
		}
	}
	return out, nil
}

// SchemaTooNewError is a database migrated by a newer briefbot: this one
// does not know its tables and must not write to them.
type SchemaTooNewError struct {
	Database, Binary int
}

func (e *SchemaTooNewError) Error() string {
	return fmt.Sprintf("pgstate: the database schema is at version %d, newer than this briefbot knows (%d); run a briefbot at least as new as the one that migrated it", e.Database, e.Binary)
}

// migrate brings the schema up to the newest embedded migration. The
// advisory lock, held on one connection for the whole run, makes replicas
// that start together take turns: the first applies, the others find
// nothing left to do.
func migrate(ctx context.Context, pool *pgxpool.Pool) (version int, err error) {
	ms, err := migrations()
	if err != nil {
		return 0, fmt.Errorf("pgstate: %w", err)
	}
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return 0, fmt.Errorf("pgstate: migrate: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1, $2)", lockMigrate, 0); err != nil {
		return 0, fmt.Errorf("pgstate: migrate: lock: %w", err)
	}
	defer func() {
		// A lock left held would stall the next starter; a connection that
		// cannot unlock is closed, which unlocks.
		if _, uerr := conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1, $2)", lockMigrate, 0); uerr != nil {
			conn.Conn().Close(context.WithoutCancel(ctx))
		}
	}()
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version integer PRIMARY KEY,
		name text NOT NULL,
		applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
		return 0, fmt.Errorf("pgstate: migrate: %w", err)
	}
	var have int
	if err := conn.QueryRow(ctx, "SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&have); err != nil {
		return 0, fmt.Errorf("pgstate: migrate: %w", err)
	}
	if have > len(ms) {
		return have, &SchemaTooNewError{Database: have, Binary: len(ms)}
	}
	for _, m := range ms[have:] {
		err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			// Without arguments pgx sends the file as one simple query, so
			// a migration may hold several statements.
			if _, err := tx.Exec(ctx, m.sql); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", m.version, m.name)
			return err
		})
		if err != nil {
			return have, fmt.Errorf("pgstate: migration %s: %w", m.name, err)
		}
		have = m.version
	}
	return have, nil
}
