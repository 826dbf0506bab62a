package corpus

import "time"

// Document is one source text: an article, a report, a page.
type Document struct {
	// ID is stable across re-ingests: the given id, else the URL, else a
	// name derived from where it was loaded from.
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	Source    string    `json:"source,omitempty"`
	URL       string    `json:"url,omitempty"`
	Published time.Time `json:"published,omitzero"` // zero when unknown
	Authors   []string  `json:"authors,omitempty"`
	// Tags are the document's own keywords (Markdown front matter "tags").
	Tags []string `json:"tags,omitempty"`
	Text string   `json:"text"`
	// FirstSeen is when the document was first ingested; set by the index
	// and kept across updates. Digests select on it.
	FirstSeen time.Time `json:"first_seen,omitzero"`
}

// Passage is a contiguous span of a document's text: the unit that is
// indexed, ranked and quoted.
type Passage struct {
	DocID string `json:"doc_id"`
	N     int    `json:"n"` // 0-based position within the document
	Text  string `json:"text"`
	// Start and End are byte offsets of Text within Document.Text.
	Start int `json:"start"`
	End   int `json:"end"`
}

// DocumentInfo describes an indexed document without its text, for listings.
type DocumentInfo struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	Source    string    `json:"source,omitempty"`
	URL       string    `json:"url,omitempty"`
	Published time.Time `json:"published,omitzero"`
	FirstSeen time.Time `json:"first_seen,omitzero"`
	Passages  int       `json:"passages"`
}
