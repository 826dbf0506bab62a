// Package state keeps what briefbot must remember across restarts in one
// bbolt file (<data>/state.db): digest subscriptions with their watermarks
// and last errors, a log of delivered digests, and each feed's
// conditional-GET validators. A file that cannot be read is reported, by
// name, and never silently replaced.
package state
