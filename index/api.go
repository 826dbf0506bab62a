package index

import (
	"time"

	"github.com/briefbot/briefbot/corpus"
)

// AddStats counts what one Add did.
type AddStats struct {
	Added     int // new documents
	Updated   int // documents whose text or metadata changed
	Unchanged int // documents already indexed as they are
	Passages  int // passages written
}

// RecentQuery selects documents first ingested in (After, Until].
type RecentQuery struct {
	After time.Time
	Until time.Time // zero: no upper bound
	// Topic, when set, keeps only documents relevant to it (by the index's
	// ranking, not substring) and scores them.
	Topic string
	Limit int // 0: all
	// TextLimit, when above 0, reads only about that many bytes of each
	// document's text (cut at a rune boundary): enough for its lead.
	TextLimit int
}

// Recent is one recently ingested document.
type Recent struct {
	Doc   corpus.Document
	Score float64 // topic relevance; 0 without a topic
}
