// Package state keeps what briefbot must remember across restarts in one
// bbolt file (<data>/state.db): digest subscriptions with their watermarks
// and last errors, a log of delivered digests, and each feed's
// conditional-GET validators. A file that cannot be read is reported, by
// name, and never silently replaced.
//
// The methods take a context for the same signatures as package pgstate's,
// whose calls go over the network. bbolt takes none: a call that reads or
// writes one record ignores it; one that may loop over many records
// (listings, a count, a sweep of expired records) checks it first.
package state
