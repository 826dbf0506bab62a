package corpus

import (
	"time"
)

// Citation is one quoted passage backing an answer.
type Citation struct {
	N         int       `json:"n"` // 1-based rank
	DocID     string    `json:"doc_id"`
	Title     string    `json:"title"`
	Source    string    `json:"source"`
	URL       string    `json:"url"`
	Published time.Time `json:"-"`
	// Passage is verbatim text of the source document.
	Passage string  `json:"passage"`
	Score   float64 `json:"score"`
	// Link is URL with a text fragment that scrolls to the passage; empty
	// without a URL.
	Link string `json:"link,omitempty"`
	// Highlights are byte ranges [start, end) in Passage of matched words,
	// ascending and non-overlapping.
	Highlights [][2]int `json:"-"`
	// Sentence is the byte range in Passage of the sentence that best
	// matches the question; renderers trim long passages around it.
	Sentence [2]int `json:"-"`
}

// PublishedString is the publication date as YYYY-MM-DD, or "" when unknown.
func (c Citation) PublishedString() string {
	if c.Published.IsZero() {
		return ""
	}
	return c.Published.Format("2006-01-02")
}

// Answer is the reply to one question.
type Answer struct {
	Question string `json:"question"`
	Query    Query  `json:"-"`
	// Answer is the best answering sentence, "" when nothing relevant was
	// found.
	Answer    string     `json:"answer"`
	Citations []Citation `json:"citations"`
	// Matched is how many passages matched the query before ranking.
	Matched uint64        `json:"matched"`
	Took    time.Duration `json:"-"`
}
