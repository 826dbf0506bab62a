// Package index is everything Bleve: it stores passages of documents,
// ranks them for a question (BM25 with correct statistics, then a rerank on
// sentence-level, proximity and title evidence), picks the answering sentence,
// and finds what was ingested recently for digests.
//
// No other package imports Bleve; callers speak corpus types.
package index
