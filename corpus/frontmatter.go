package corpus

import (
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// frontMatter splits YAML front matter off the start of a Markdown text
// (normalised: no BOM, \n line ends, trimmed): a "---" line, "key: value"
// lines, and a "---" (or "...") line. found says whether text opens with
// front matter; body is what follows it. Front matter that is not valid
// YAML, or not a mapping, is kept as text (body is text, m is empty) with a
// warning naming its line, so nothing is lost. Warnings' lines count from
// the text's first line. Keys other than those metaKey knows are ignored.
func frontMatter(text string) (m docMeta, body string, found bool, warns []lineWarning) {
	first, rest, ok := strings.Cut(text, "\n")
	if !ok || strings.TrimRight(first, " \t") != "---" || !opensFrontMatter(rest) {
		// A "---" before prose is a thematic break, not front matter.
		return docMeta{}, text, false, nil
	}
	src, body, closed := cutFrontMatter(rest)
	if !closed {
		return docMeta{}, text, false, []lineWarning{{1, "front matter opened by --- is not closed by a --- line; the file is read as text"}}
	}
	lines := 1 + strings.Count(src, "\n") // the last line of the YAML
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		line, msg := yamlErrorLine(err)
		line = min(max(line+1, 2), lines)
		return docMeta{}, text, false, []lineWarning{{line, "front matter is not valid YAML (" + msg + "); the file is read as text"}}
	}
	warn := func(w lineWarning) { warns = append(warns, w) }
	if len(doc.Content) == 0 {
		return docMeta{}, body, true, nil // "---\n---": empty front matter
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return docMeta{}, text, false, []lineWarning{{root.Line + 1, "front matter is not a list of key: value lines; the file is read as text"}}
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], deref(root.Content[i+1])
		field := metaKey(k.Value)
		if field == "" || v == nil {
			continue
		}
		line := v.Line + 1
		var vals []string
		switch v.Kind {
		case yaml.ScalarNode:
			if v.ShortTag() != "!!null" {
				vals = []string{v.Value}
			}
		case yaml.SequenceNode:
			if field != "authors" && field != "tags" {
				warn(lineWarning{line, fmt.Sprintf("%s should be one value, not a list; ignored", k.Value)})
				continue
			}
			for _, item := range v.Content {
				item = deref(item)
				if item == nil || item.Kind != yaml.ScalarNode {
					warn(lineWarning{line, fmt.Sprintf("%s should be a list of text values; ignored an item that is not", k.Value)})
					continue
				}
				if item.ShortTag() != "!!null" {
					vals = append(vals, item.Value)
				}
			}
		default:
			warn(lineWarning{line, fmt.Sprintf("%s should be text, not a mapping; ignored", k.Value)})
			continue
		}
		m.set(field, vals, line, warn)
	}
	return m, body, true, warns
}

// opensFrontMatter reports whether the text after an opening "---" reads
// as front matter: its first non-blank line is a "key:" or the closing line.
func opensFrontMatter(rest string) bool {
	for line := range strings.Lines(rest) {
		t := strings.TrimSpace(line)
		switch {
		case t == "":
			continue
		case t == "---" || t == "...":
			return true
		}
		key, _, ok := strings.Cut(t, ":")
		return ok && key != "" && (!strings.ContainsAny(key, " \t") || strings.HasPrefix(key, `"`) || strings.HasPrefix(key, "'"))
	}
	return false
}

// cutFrontMatter splits rest (the text after the opening line) at the
// closing "---" or "..." line.
func cutFrontMatter(rest string) (src, body string, closed bool) {
	off := 0
	for line := range strings.Lines(rest) {
		t := strings.TrimRight(line, " \t\n")
		if t == "---" || t == "..." {
			return rest[:off], strings.TrimSpace(rest[off+len(line):]), true
		}
		off += len(line)
	}
	return "", "", false
}

// deref follows a YAML alias to the node it names.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 8; i++ {
		n = n.Alias
	}
	if n != nil && n.Kind == yaml.AliasNode {
		return nil
	}
	return n
}

// yamlErrorLine reads the line (1-based) out of a YAML error ("yaml: line
// 3: could not find expected ':'"); 0 when it names none. The YAML package
// counts lines from 1 in its scanner's errors but from 0 in its parser's,
// which are the ones that say "did not find expected …" (libyaml's words).
func yamlErrorLine(err error) (int, string) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		num, text, ok := strings.Cut(rest, ": ")
		if n, err := strconv.Atoi(num); ok && err == nil {
			if strings.HasPrefix(text, "did not find expected") {
				n++
			}
			return n, text
		}
	}
	return 0, msg
}

// textHeaders splits header lines off the start of a plain text or
// Markdown file: "Title:", "Date:", "Source:", "URL:" and "By:" lines (and
// the other names metaKey knows), any case, up to the first blank line.
// Every line before that blank line must be such a header, and text must
// follow, or there are none: "Note: figures are estimates" starting a
// paragraph stays text.
func textHeaders(text string) (m docMeta, body string, found bool, warns []lineWarning) {
	block, rest, ok := cutParagraph(text)
	if !ok || block == "" || strings.TrimSpace(rest) == "" {
		return docMeta{}, text, false, nil
	}
	type header struct {
		field, val string
		line       int
	}
	var hs []header
	n := 0
	for line := range strings.Lines(block) {
		n++
		key, val, ok := strings.Cut(line, ":")
		field := metaKey(key)
		if !ok || field == "" {
			return docMeta{}, text, false, nil
		}
		hs = append(hs, header{field, strings.TrimSpace(val), n})
	}
	warn := func(w lineWarning) { warns = append(warns, w) }
	for _, h := range hs {
		m.set(h.field, []string{h.val}, h.line, warn)
	}
	return m, strings.TrimSpace(rest), true, warns
}

// cutParagraph splits text at its first blank line.
func cutParagraph(text string) (para, rest string, ok bool) {
	off := 0
	for line := range strings.Lines(text) {
		if strings.TrimSpace(line) == "" {
			return text[:off], text[off:], true
		}
		off += len(line)
	}
	return text, "", false
}
