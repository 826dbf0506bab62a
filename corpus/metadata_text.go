package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A text or Markdown file makes one document: its metadata from front
// matter or header lines, its title from them or from its first lines, and
// the rest of it, verbatim, as its text.

// maxTitleRunes is the longest first line taken as a title.
const maxTitleRunes = 120

// textDocument makes a document of plain text or Markdown, and the
// warnings about its metadata, their lines counted in s. Markdown's YAML
// front matter, or either format's header lines ("Title: …", see
// textHeaders), give metadata and are not part of the text. In Markdown
// the leading #s of headings are dropped; the rest is kept verbatim. The
// text is empty only when the front matter is all there is.
func textDocument(s string, markdown bool) (Document, []lineWarning) {
	text := normalizeText(s)
	var m docMeta
	var found bool
	var warns []lineWarning
	body := text
	if markdown {
		m, body, found, warns = frontMatter(text)
	}
	unread := markdown && !found && len(warns) > 0 // front matter kept as text
	if !found {
		var hw []lineWarning
		m, body, _, hw = textHeaders(body)
		warns = append(warns, hw...)
	}
	if skipped := leadingLines(s); skipped > 0 {
		for i := range warns {
			warns[i].Line += skipped
		}
	}
	doc := Document{Text: body}
	m.apply(&doc)
	if doc.Title == "" {
		doc.Title, doc.Text = textTitle(body, markdown)
		if unread {
			// Its keys make a poor title ("title: …"): take the title
			// from what follows it, when that has one.
			if _, rest, _ := strings.Cut(text, "\n"); rest != "" {
				if _, after, closed := cutFrontMatter(rest); closed {
					if t, _ := textTitle(after, true); t != "" {
						doc.Title = t
					}
				}
			}
		}
	} else if t, rest := textTitle(body, markdown); strings.EqualFold(t, doc.Title) {
		doc.Text = rest // a heading that repeats the front matter's title
	} else if doc.Text == "" {
		doc.Text = doc.Title // front matter with a title and nothing else
	}
	if markdown {
		doc.Text = stripHeadingMarks(doc.Text)
	}
	return doc, warns
}

// leadingLines counts the lines normalizeText trims off the start of s.
func leadingLines(s string) int {
	s = strings.TrimPrefix(s, "\ufeff")
	lead := s[:len(s)-len(strings.TrimLeftFunc(s, unicode.IsSpace))]
	return strings.Count(lead, "\n")
}

// textTitle finds the title of a text and the text without it: the first
// line when it is a heading (then removed, unless it is all there is), in
// Markdown the first "# heading", the first line when it is short, else
// the first sentence. A title always has a letter or digit: "---" is not
// one. It is "" only when the text has no words, for the caller to name.
func textTitle(text string, markdown bool) (title, body string) {
	first, rest, _ := strings.Cut(text, "\n")
	first = strings.TrimSpace(first)
	if h, ok := atxHeading(first); ok && hasWord(h) {
		if body := strings.TrimSpace(rest); body != "" {
			return h, body
		}
		return h, text
	}
	// A setext heading: a line underlined with === or ---.
	second, after, _ := strings.Cut(rest, "\n")
	if u := strings.TrimSpace(second); len(u) >= 3 && (strings.Trim(u, "=") == "" || strings.Trim(u, "-") == "") &&
		hasWord(first) && utf8.RuneCountInString(first) < maxTitleRunes {
		if body := strings.TrimSpace(after); body != "" {
			return first, body
		}
		return first, text
	}
	if markdown {
		if h := firstH1(text); h != "" {
			return h, text
		}
	}
	if hasWord(first) && utf8.RuneCountInString(first) < maxTitleRunes {
		return first, text
	}
	return sentenceTitle(text), text
}

// firstH1 is the text of the first "# heading" outside fenced code, or "".
func firstH1(text string) string {
	fence := false
	for line := range strings.Lines(text) {
		t := strings.TrimLeft(line, " ")
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = !fence
			continue
		}
		if fence || len(line)-len(t) > 3 || !strings.HasPrefix(t, "# ") {
			continue
		}
		if h, ok := atxHeading(strings.TrimRight(t, "\r\n")); ok && hasWord(h) {
			return h
		}
	}
	return ""
}

// atxHeading returns the text of a "# Heading" line.
func atxHeading(line string) (string, bool) {
	n := 0
	for n < len(line) && line[n] == '#' {
		n++
	}
	if n == 0 || n > 6 || (n < len(line) && line[n] != ' ' && line[n] != '\t') {
		return "", false
	}
	h := strings.TrimSpace(line[n:])
	// Optional closing #s.
	if t := strings.TrimRight(h, "#"); t != h && (t == "" || strings.HasSuffix(t, " ")) {
		h = strings.TrimSpace(t)
	}
	return h, true
}

// stripHeadingMarks drops the #s before Markdown headings, outside fenced
// code blocks.
func stripHeadingMarks(s string) string {
	if !strings.Contains(s, "#") {
		return s
	}
	lines := strings.SplitAfter(s, "\n")
	fence := false
	for i, ln := range lines {
		t := strings.TrimLeft(ln, " ")
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = !fence
			continue
		}
		if fence || len(ln)-len(t) > 3 {
			continue
		}
		nl := ""
		if strings.HasSuffix(t, "\n") {
			nl = "\n"
		}
		if h, ok := atxHeading(strings.TrimRight(t, "\r\n")); ok && h != "" {
			lines[i] = h + nl
		}
	}
	return strings.Join(lines, "")
}
