// Package pgtest starts a real PostgreSQL server for tests: initdb into a
// temporary directory, postgres on a free loopback port with its socket in
// that directory, run as the postgres user when the tests run as root. One
// server serves a whole test package (see Shared); each test gets a fresh
// database of its own. Tests are skipped, saying why, only when no
// PostgreSQL server is installed, and fail instead when
// BRIEFBOT_PGTEST_REQUIRE is set (CI sets it).
package pgtest
