package corpus

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// docMeta is what a document says about itself, apart from its text: read
// from Markdown front matter, plain-text header lines or an HTML byline.
type docMeta struct {
	Title     string
	Source    string
	URL       string
	Published time.Time
	Authors   []string
	Tags      []string
}

// lineWarning is a problem on one line of a file (1-based; 0 for the
// whole file), before the loader names the file.
type lineWarning struct {
	Line int
	Msg  string
}

// apply copies the known fields of m onto d. A source defaults to the
// URL's host, as for JSONL lines.
func (m docMeta) apply(d *Document) {
	if m.Title != "" {
		d.Title = m.Title
	}
	if m.URL != "" {
		d.URL = m.URL
	}
	if m.Source != "" {
		d.Source = m.Source
	} else if d.Source == "" {
		d.Source = webHost(d.URL)
	}
	if !m.Published.IsZero() {
		d.Published = m.Published
	}
	if len(m.Authors) > 0 {
		d.Authors = m.Authors
	}
	if len(m.Tags) > 0 {
		d.Tags = m.Tags
	}
}

// metaKey is the field a front matter key or header name sets, or "" when
// it sets none. Keys are matched without regard to case.
func metaKey(key string) string {
	switch strings.ToLower(strings.TrimSpace(key)) {
	case "title":
		return "title"
	case "date", "published":
		return "date"
	case "source":
		return "source"
	case "url", "link":
		return "url"
	case "authors", "author", "by":
		return "authors"
	case "tags":
		return "tags"
	}
	return ""
}

// set stores the values given for a field (metaKey's name) on line. The
// first value given for a field wins; a value that cannot be used is
// dropped with a warning.
func (m *docMeta) set(field string, vals []string, line int, warn func(lineWarning)) {
	var clean []string
	for _, v := range vals {
		if v = oneLine(v); v != "" {
			clean = append(clean, v)
		}
	}
	if len(clean) == 0 {
		return
	}
	v := strings.Join(clean, ", ")
	switch field {
	case "title":
		if m.Title == "" && hasWord(v) {
			m.Title = v
		}
	case "source":
		if m.Source == "" {
			m.Source = v
		}
	case "url":
		if m.URL != "" {
			return
		}
		if webHost(v) == "" {
			warn(lineWarning{line, fmt.Sprintf("url %q is not a web address (http or https); dropped", v)})
			return
		}
		m.URL = v
	case "date":
		if !m.Published.IsZero() {
			return
		}
		t, msg := docDate(v)
		if msg != "" {
			warn(lineWarning{line, msg})
			return
		}
		m.Published = t
	case "authors":
		if len(m.Authors) == 0 {
			for _, a := range clean {
				m.Authors = append(m.Authors, splitNames(a)...)
			}
		}
	case "tags":
		if len(m.Tags) == 0 {
			for _, t := range clean {
				for _, t := range strings.Split(t, ",") {
					if t = strings.TrimSpace(t); t != "" {
						m.Tags = append(m.Tags, t)
					}
				}
			}
		}
	}
}

// oneLine collapses runs of white space, line breaks included, to one
// space.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// splitNames splits a list of people ("Jane Doe and John Roe", "Jane Doe,
// John Roe; Ann Lee"). A comma splits only between names of two or more
// words, so "Doe, Jane" stays one name.
func splitNames(s string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '&' }) {
		for _, part := range splitWord(part, "and") {
			pieces := strings.Split(part, ",")
			multi := len(pieces) > 1
			for _, p := range pieces {
				if len(strings.Fields(p)) < 2 {
					multi = false
				}
			}
			if !multi {
				pieces = []string{part}
			}
			for _, p := range pieces {
				if p = oneLine(strings.Trim(p, " ,")); p != "" {
					out = append(out, p)
				}
			}
		}
	}
	return out
}

// splitWord splits s around a whole word (any case).
func splitWord(s, word string) []string {
	f := strings.Fields(s)
	var out []string
	start := 0
	for i, w := range f {
		if strings.EqualFold(w, word) {
			out = append(out, strings.Join(f[start:i], " "))
			start = i + 1
		}
	}
	return append(out, strings.Join(f[start:], " "))
}

// Titles made from a document's first sentence are cut at a word boundary
// near this many characters.
const sentenceTitleRunes = 100

// sentenceTitle names a document by the first sentence of its text that
// has a word, cut at a word boundary with "…" when long; "" when the text
// has no words.
func sentenceTitle(text string) string {
	for _, r := range Sentences(text) {
		s := oneLine(text[r[0]:r[1]])
		if !hasWord(s) {
			continue
		}
		if t := cutTitle(s, sentenceTitleRunes); hasWord(t) {
			return t
		}
		// Only symbols before the cut: start at the first word instead.
		return cutTitle(s[strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }):], sentenceTitleRunes)
	}
	return ""
}

// cutTitle cuts s to at most max characters at a word boundary, adding "…".
func cutTitle(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	n := 0
	cut := len(s)
	for i := range s {
		if n == max {
			cut = i
			break
		}
		n++
	}
	head := s[:cut]
	// Back to the last space, unless that loses more than half.
	if sp := strings.LastIndexFunc(head, unicode.IsSpace); sp > len(head)/2 {
		head = head[:sp]
	}
	return strings.TrimRightFunc(head, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) && r != ')' }) + "…"
}
