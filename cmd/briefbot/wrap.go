package main

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// Styled text wrapped to a width: words that keep their styles, wrapped
// greedily, each line marked on its own so that escapes never span a line
// break.

// style is what a run of text is, so a palette can mark it.
type style uint8

const (
	plain style = iota
	strong
	faint
	match
	nStyles
)

// palette holds the markers put around each style: ANSI escapes on a
// terminal, "**" around matched words in plain text.
type palette struct {
	on, off [nStyles]string
	// visible says the markers take columns (plain text) rather than none
	// (escape sequences).
	visible bool
}

func ansiPalette() palette {
	var p palette
	p.on[strong], p.on[faint], p.on[match] = "\x1b[1m", "\x1b[2m", "\x1b[1;4m"
	p.off[strong], p.off[faint], p.off[match] = "\x1b[0m", "\x1b[0m", "\x1b[0m"
	return p
}

func plainPalette() palette {
	var p palette
	p.on[match], p.off[match] = "**", "**"
	p.visible = true
	return p
}

// piece is a run of text in one style.
type piece struct {
	text  string
	style style
}

// word is text the wrapper keeps on one line.
type word struct {
	pieces []piece
	space  bool // a space follows it when the next word shares its line
	hard   bool // a line break follows it
}

// block is a paragraph: its first line starts with first, the others with
// indent spaces.
type block struct {
	first  string
	indent int
	words  []word
}

// splitWords cuts styled text where a line may break: at spaces, and
// where Unicode line breaking allows it between wide characters, so text
// without spaces (Chinese, Japanese) wraps too. Runs of space become one;
// line breaks are kept, blank lines are not.
func splitWords(ps []piece) []word {
	var all strings.Builder
	for _, p := range ps {
		all.WriteString(p.text)
	}
	text := all.String()
	var out []word
	pi, pstart := 0, 0 // the piece holding byte offset pos, and its start
	pos := 0
	rest, state := text, -1
	for len(rest) > 0 {
		var seg string
		var must bool
		seg, rest, must, state = uniseg.FirstLineSegmentInString(rest, state)
		body := strings.TrimRightFunc(seg, breakingSpace)
		lead := len(body) - len(strings.TrimLeftFunc(body, breakingSpace))
		w := word{space: len(body) < len(seg), hard: must && strings.ContainsAny(seg[len(body):], "\n\u2028\u2029")}
		for at := pos + lead; at < pos+len(body); {
			for pstart+len(ps[pi].text) <= at {
				pstart += len(ps[pi].text)
				pi++
			}
			end := min(pos+len(body), pstart+len(ps[pi].text))
			w.pieces = append(w.pieces, piece{text[at:end], ps[pi].style})
			at = end
		}
		pos += len(seg)
		if len(w.pieces) == 0 {
			if n := len(out); n > 0 {
				out[n-1].hard = out[n-1].hard || w.hard
				out[n-1].space = out[n-1].space || w.space
			}
			continue
		}
		if n := len(out); n > 0 && !out[n-1].space && !out[n-1].hard && !wideBoundary(out[n-1], w) {
			// Without a space, break only between wide characters: not
			// after the dash of "2022–24" or the slash of "and/or".
			out[n-1].pieces = append(out[n-1].pieces, w.pieces...)
			out[n-1].space, out[n-1].hard = w.space, w.hard
			continue
		}
		out = append(out, w)
	}
	if n := len(out); n > 0 {
		out[n-1].hard, out[n-1].space = false, false
	}
	return out
}

// wideBoundary reports whether a or b is a wide (East Asian) character
// where they meet, which Chinese and Japanese text wraps between.
func wideBoundary(a, b word) bool {
	last := a.pieces[len(a.pieces)-1].text
	r1, _ := utf8.DecodeLastRuneInString(last)
	r2, _ := utf8.DecodeRuneInString(b.pieces[0].text)
	return displayWidth(string(r1)) > 1 || displayWidth(string(r2)) > 1
}

// breakingSpace is white space a line may break at; no-break spaces are
// part of their word.
func breakingSpace(r rune) bool {
	return unicode.IsSpace(r) && r != '\u00a0' && r != '\u2007' && r != '\u202f'
}

// oneLine drops the line breaks in a title or byline.
func oneLine(ws []word) []word {
	for i := range ws {
		if ws[i].hard {
			ws[i].hard, ws[i].space = false, true
		}
	}
	return ws
}

// wrap lays out a block greedily, a line at a time. A word wider than a
// line gets a line of its own rather than being cut.
func (l layout) wrap(b block) string {
	var out strings.Builder
	prefix := b.first
	var line []word
	flush := func() {
		s, _ := l.render(prefix, line)
		out.WriteString(s)
		out.WriteByte('\n')
		line = line[:0]
		prefix = strings.Repeat(" ", b.indent)
	}
	for _, w := range b.words {
		if len(line) > 0 {
			if _, width := l.render(prefix, append(line, w)); width > l.width {
				flush()
			}
		}
		line = append(line, w)
		if w.hard {
			flush()
		}
	}
	if len(line) > 0 || out.Len() == 0 {
		flush()
	}
	return out.String()
}

// render writes one line and measures its width in columns. Markers open
// and close within the line, so an escape is never split by a line break
// and indentation is never marked; a space between two words of the same
// style takes their style, so matched phrases read as one.
func (l layout) render(prefix string, ws []word) (string, int) {
	var b strings.Builder
	width := displayWidth(prefix)
	b.WriteString(prefix)
	cur := plain
	set := func(s style) {
		if s == cur {
			return
		}
		if cur != plain {
			b.WriteString(l.pal.off[cur])
			if l.pal.visible {
				width += displayWidth(l.pal.off[cur])
			}
		}
		if s != plain {
			b.WriteString(l.pal.on[s])
			if l.pal.visible {
				width += displayWidth(l.pal.on[s])
			}
		}
		cur = s
	}
	for i, w := range ws {
		if i > 0 && ws[i-1].space {
			if len(w.pieces) > 0 && w.pieces[0].style != cur {
				set(plain)
			}
			b.WriteByte(' ')
			width++
		}
		for _, p := range w.pieces {
			set(p.style)
			b.WriteString(p.text)
			width += displayWidth(p.text)
		}
	}
	set(plain)
	return b.String(), width
}

// displayWidth is the columns s takes on a terminal: wide East Asian
// characters and emoji take two.
func displayWidth(s string) int { return uniseg.StringWidth(s) }
