// Package pgstate keeps briefbot's state in PostgreSQL, for several serve
// replicas that share it: the subscriptions, deliveries, feed validators,
// feed changes, conversations and votes that package state keeps in a
// bbolt file, with the same method set and the same behaviour, so that the
// consumers take either. It also holds what only replicas need: the
// journal of shared documents (Documents), which package docsync follows
// into each replica's index, and the leadership of scheduled work (Lead),
// one replica at a time under an advisory lock, with digest claims fenced
// by it.
//
// The schema is versioned: Open applies the embedded migrations the
// database lacks, each in a transaction, under an advisory lock so that
// replicas starting together apply each once, and refuses a database whose
// schema is newer than this binary knows.
//
// The methods keep package state's signatures. Each takes its caller's
// context into every query, bounded besides by opTimeout, and ends when
// the Store is closed.
package pgstate
