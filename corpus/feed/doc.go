// Package feed turns URLs into documents: it tells web pages from RSS, Atom
// and JSON feeds, extracts a page's article, converts feed items (fetching
// an item's page when the feed carries only a summary), and polls
// configured feeds on their intervals with conditional GET, handing new
// items to a sink and keeping a status per feed for /brief sources.
//
// Fetching, detecting and parsing are separate steps, so each can be tested
// and each failure has its own reason.
package feed
