package corpus

import (
	"strconv"
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
	// Answer is the composed answer: the best answering sentence, then up
	// to two more from other documents, each followed by the number of the
	// citation it is quoted from ("… since mid-2022. [1]"); "" when the
	// sources do not answer the question.
	Answer string `json:"answer"`
	// Sentences are Answer's sentences, each verbatim text of citation N.
	Sentences []AnswerSentence `json:"-"`
	Citations []Citation       `json:"citations"`
	// Related are passages close to a question the sources do not answer,
	// shown apart from citations and never as the answer.
	Related []Citation `json:"related,omitempty"`
	// Differences are figures about what the question asks that the
	// cited sources give differently, or that one source revised; each
	// claim's N is a citation in Citations.
	Differences []Difference `json:"differences,omitempty"`
	// Notice says why nothing answers, when there is more to say than
	// that: "The sources don't cover July 2025; the latest on this is from
	// 2024-12-20."
	Notice string `json:"notice,omitempty"`
	// Matched is how many passages matched the query before ranking.
	Matched uint64        `json:"matched"`
	Took    time.Duration `json:"-"`
}

// Difference is a figure the sources give differently ("Sources differ:
// 41 dead … · at least 37 …"), or one source revised over time (Update:
// "updated from 37 to 41", claims oldest first).
type Difference struct {
	// About is what the figures count: "containers of munitions", "dead".
	About  string            `json:"about"`
	Update bool              `json:"update,omitempty"`
	Claims []DifferenceClaim `json:"claims"`
}

// DifferenceClaim is one source's figure in a Difference.
type DifferenceClaim struct {
	// Value is the figure as written, its qualifier included: "at least
	// 37", "$2m".
	Value     string    `json:"value"`
	N         int       `json:"n"` // the citation that states it
	Source    string    `json:"source"`
	Published time.Time `json:"-"`
	// By is who the source says states the figure ("the governor"); ""
	// when it does not say.
	By string `json:"by"`
	// Period is the time the figure covers, as written: "since September
	// 2023"; "" when not stated.
	Period string `json:"period,omitempty"`
}

// AnswerSentence is one sentence of a composed answer.
type AnswerSentence struct {
	Text string // verbatim text of citation N's passage
	N    int
}

// NotAnswered is what every surface says when the sources do not answer.
const NotAnswered = "Not answered by the sources."

// RelatedHeading stands above related passages, apart from any answer.
const RelatedHeading = "Not answered by the sources. Related:"

// Declined reports whether the sources do not answer the question.
func (a Answer) Declined() bool { return len(a.Citations) == 0 }

// JoinAnswer writes answer sentences as one text, each followed by its
// citation number.
func JoinAnswer(ss []AnswerSentence) string {
	var b []byte
	for i, s := range ss {
		if i > 0 {
			b = append(b, ' ')
		}
		b = append(b, s.Text...)
		b = append(b, " ["...)
		b = strconv.AppendInt(b, int64(s.N), 10)
		b = append(b, ']')
	}
	return string(b)
}
