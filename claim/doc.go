// Package claim finds the figures a text states — counts, amounts of
// money, percentages and durations — with what each counts, who states it
// and the period it covers, and compares them across sources.
//
// Extract reads one passage into Claims. Differences takes claims from
// several sources and reports the figures about the same thing that differ
// beyond rounding, and the figures one source revised over time (updates).
// The same thing means the same measure, places, actors and moment as the
// sentences give them (scope.go, names.go): neighbouring events of one
// running story (two strikes, two cities, a day's count and the total) are
// kept apart, with event dates read by package timeline.
// Topic reads a question and keeps the claims about what it asks.
//
// It works on text alone: no index, no Bleve. The index (package index)
// calls it at answer time on the passages it cites; the cost is measured by
// BenchmarkExtract (see README, "Sources that disagree").
package claim
