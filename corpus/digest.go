package corpus

import "time"

// Digest is a summary of what is new since a point in time.
type Digest struct {
	Topic string       `json:"topic,omitempty"`
	Since time.Time    `json:"since"`
	Until time.Time    `json:"until"`
	Items []DigestItem `json:"items"`
	// More counts items left out beyond the shown ones.
	More int `json:"more"`
}

// DigestItem is one story: the best report of it, and the other sources
// that reported the same story.
type DigestItem struct {
	Title     string    `json:"title"`
	URL       string    `json:"url,omitempty"`
	Source    string    `json:"source,omitempty"`
	Published time.Time `json:"published,omitzero"`
	DocID     string    `json:"doc_id"`
	// Sentences carry the news, verbatim from the document.
	Sentences      []string       `json:"sentences"`
	Citations      []Citation     `json:"citations,omitempty"`
	AlsoReportedBy []DocumentInfo `json:"also_reported_by,omitempty"`
	Score          float64        `json:"score"`
}
