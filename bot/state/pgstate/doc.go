// Package pgstate keeps briefbot's state in PostgreSQL, for several serve
// replicas that share it: the subscriptions, deliveries, feed validators,
// feed changes and conversations that package state keeps in a bbolt
// file, with the same method set and the same behaviour, so that the
// consumers take either.
//
// The schema is versioned: Open applies the embedded migrations the
// database lacks, each in a transaction, under an advisory lock so that
// replicas starting together apply each once, and refuses a database whose
// schema is newer than this binary knows.
//
// The methods keep package state's signatures, which take no context: each
// call is bounded by opTimeout and ends when the Store is closed.
package pgstate
