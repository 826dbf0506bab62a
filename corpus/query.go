package corpus

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// MaxQuestionBytes bounds a question; longer input is refused with a clear
// message rather than sent to the index.
const MaxQuestionBytes = 4096

// Query is a question as understood: free text plus the filters a user can
// type inside it.
type Query struct {
	Raw     string    `json:"-"`
	Text    string    `json:"-"`                 // free text with the filters removed
	Phrases []string  `json:"phrases,omitempty"` // "exact phrase": must appear
	Exclude []string  `json:"exclude,omitempty"` // -word: must not appear
	Sources []string  `json:"sources,omitempty"` // source:NAME, any of
	After   time.Time `json:"after,omitzero"`    // after:YYYY-MM-DD, inclusive
	Before  time.Time `json:"before,omitzero"`   // before:YYYY-MM-DD, inclusive
	// Limit is how many citations are wanted; 0 means the default.
	Limit int `json:"-"`
}

// DefaultLimit is the number of citations returned when none is asked for.
const DefaultLimit = 3

// HasFilters reports whether any filter was given.
func (q Query) HasFilters() bool {
	return len(q.Phrases) > 0 || len(q.Exclude) > 0 || len(q.Sources) > 0 || !q.After.IsZero() || !q.Before.IsZero()
}

// Searched is what the question searches for: its free text and its
// quoted phrases.
func (q Query) Searched() string {
	return strings.Join(append([]string{q.Text}, q.Phrases...), " ")
}

// Empty reports whether there is nothing to search for.
func (q Query) Empty() bool {
	return strings.TrimSpace(q.Text) == "" && len(q.Phrases) == 0
}

// QueryError is a question that cannot be searched, with a message meant for
// the user.
type QueryError struct{ Msg string }

func (e *QueryError) Error() string { return e.Msg }

// ParseQuery splits a question into free text and filters. Anything that is
// not one of the filters is plain text, whatever search syntax it resembles.
// It fails, with a *QueryError, only for input a user should fix: a question
// that is too long or empty, or a filter with a bad value.
func ParseQuery(s string) (Query, error) {
	if len(s) > MaxQuestionBytes {
		return Query{}, &QueryError{Msg: fmt.Sprintf("That question is %d bytes long; ask in at most %d.", len(s), MaxQuestionBytes)}
	}
	s = cleanText(s)
	q := Query{Raw: s}
	var free []string
	rest := s
	for {
		rest = strings.TrimLeftFunc(rest, unicode.IsSpace)
		if rest == "" {
			break
		}
		if rest[0] == '"' {
			if end := strings.IndexByte(rest[1:], '"'); end >= 0 {
				phrase := strings.Join(strings.Fields(rest[1:1+end]), " ")
				if hasWord(phrase) {
					q.Phrases = append(q.Phrases, phrase)
				}
				rest = rest[end+2:]
				continue
			}
			// An unbalanced quote is plain text.
			rest = rest[1:]
			continue
		}
		tok := rest
		if name, val, ok := strings.Cut(rest, ":"); ok && strings.HasPrefix(val, `"`) && strings.EqualFold(name, "source") {
			// source:"Two Words"
			if end := strings.IndexByte(val[1:], '"'); end >= 0 {
				if v := strings.TrimSpace(val[1 : 1+end]); v != "" {
					q.Sources = append(q.Sources, v)
				}
				rest = val[end+2:]
				continue
			}
		}
		if i := strings.IndexFunc(rest, unicode.IsSpace); i >= 0 {
			tok, rest = rest[:i], rest[i:]
		} else {
			rest = ""
		}
		handled, err := q.filter(tok)
		if err != nil {
			return Query{}, err
		}
		if !handled {
			free = append(free, tok)
		}
	}
	q.Text = strings.Join(free, " ")
	if !q.After.IsZero() && !q.Before.IsZero() && q.Before.Before(q.After) {
		return Query{}, &QueryError{Msg: fmt.Sprintf("before:%s is earlier than after:%s, so nothing can match.", q.Before.Format("2006-01-02"), q.After.Format("2006-01-02"))}
	}
	return q, nil
}

// filter takes one whitespace-free token and records it if it is a filter.
func (q *Query) filter(tok string) (bool, error) {
	if len(tok) > 1 && tok[0] == '-' && hasWord(tok[1:]) && !strings.ContainsAny(tok[1:2], "-0123456789") {
		q.Exclude = append(q.Exclude, strings.Trim(tok[1:], `"'`))
		return true, nil
	}
	name, val, ok := strings.Cut(tok, ":")
	if !ok || val == "" {
		return false, nil
	}
	switch strings.ToLower(name) {
	case "source":
		q.Sources = append(q.Sources, strings.Trim(val, `"'`))
		return true, nil
	case "after", "before":
		t, err := ParseDate(val)
		if err != nil {
			return false, &QueryError{Msg: fmt.Sprintf("%s:%s is not a date; write it as YYYY-MM-DD, e.g. %s:2024-06-01.", name, val, strings.ToLower(name))}
		}
		// The index keeps dates as nanoseconds since 1970 in an int64.
		if y := t.Year(); y < 1700 || y > 2200 {
			return false, &QueryError{Msg: fmt.Sprintf("%s:%s is out of range; give a year between 1700 and 2200.", name, val)}
		}
		if strings.EqualFold(name, "after") {
			q.After = t
		} else {
			q.Before = t
		}
		return true, nil
	}
	return false, nil
}

// cleanText makes arbitrary input safe to search: invalid UTF-8 and control
// characters become spaces.
func cleanText(s string) string {
	if utf8.ValidString(s) && strings.IndexFunc(s, isControl) < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || isControl(r) {
			b.WriteByte(' ')
		} else {
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
}

func isControl(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' }

func hasWord(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}
