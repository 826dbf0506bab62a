package corpus

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Limits bound what one input may cost, so that memory and time stay
// bounded whatever a file holds. A zero field takes its default. The
// configuration file sets them under "limits:", with the keys named below.
type Limits struct {
	// MaxDocument is the most text, in bytes after extraction, one
	// document keeps (max_document_size). A longer document is cut, not
	// skipped: at the last paragraph break in the second half of the limit,
	// else the last sentence end, else between words; a warning says so.
	MaxDocument int
	// MaxPassage is the longest passage Split makes, in bytes
	// (max_passage_size). It holds in text without sentence ends or line
	// breaks too, which is cut between words.
	MaxPassage int
	// MaxLine is the longest JSONL line read, in bytes (max_line_size). A
	// longer line is skipped with a warning, without being held in memory;
	// so is a longer run of blank lines, which ends the file.
	MaxLine int
	// MaxDecompressed bounds the bytes read out of one compressed file
	// (max_decompressed_size). Reading stops there with a warning; the
	// documents before are kept.
	MaxDecompressed int64
	// FileTime is how long one file may take to load and index
	// (file_time_limit). The rest of a file that takes longer is skipped
	// with a warning; the documents before are kept.
	FileTime time.Duration
}

// The defaults. A document of 2 MB is a 600-page book; news articles run to
// 100 KB. A passage is packed to about 1,000 bytes (passageMax); 2,000 leaves
// room for one long sentence. A line holds a whole document before it is
// cut, JSON escapes included, so its limit is well above MaxDocument: the
// 15 MB documents of a hostile file are cut, not skipped. The 90 MB of a
// year of news decompress well below 4 GB.
const (
	DefaultMaxDocument     = 2 << 20
	DefaultMaxPassage      = 2000
	DefaultMaxLine         = 32 << 20
	DefaultMaxDecompressed = 4 << 30
	DefaultFileTime        = 10 * time.Minute
)

// MinPassage is the smallest MaxPassage allowed: a passage must hold a
// sentence or two to be worth quoting.
const MinPassage = 200

// DefaultLimits returns the limits used when none are configured.
func DefaultLimits() Limits {
	return Limits{
		MaxDocument:     DefaultMaxDocument,
		MaxPassage:      DefaultMaxPassage,
		MaxLine:         DefaultMaxLine,
		MaxDecompressed: DefaultMaxDecompressed,
		FileTime:        DefaultFileTime,
	}
}

// OrDefaults returns l with every zero (or negative) field set to its
// default.
func (l Limits) OrDefaults() Limits {
	d := DefaultLimits()
	if l.MaxDocument <= 0 {
		l.MaxDocument = d.MaxDocument
	}
	if l.MaxPassage <= 0 {
		l.MaxPassage = d.MaxPassage
	}
	if l.MaxPassage < MinPassage {
		l.MaxPassage = MinPassage
	}
	if l.MaxLine <= 0 {
		l.MaxLine = d.MaxLine
	}
	if l.MaxDecompressed <= 0 {
		l.MaxDecompressed = d.MaxDecompressed
	}
	if l.FileTime <= 0 {
		l.FileTime = d.FileTime
	}
	return l
}

// FormatSize writes a byte count for people: "2 MB", "1.5 GB", "300 bytes"
// (1 KB = 1024 bytes).
func FormatSize(n int64) string {
	units := []struct {
		shift uint
		name  string
	}{{30, "GB"}, {20, "MB"}, {10, "KB"}}
	for _, u := range units {
		if n >= 1<<u.shift {
			if n%(1<<u.shift) == 0 {
				return strconv.FormatInt(n>>u.shift, 10) + " " + u.name
			}
			return strconv.FormatFloat(float64(n)/float64(int64(1)<<u.shift), 'f', 1, 64) + " " + u.name
		}
	}
	if n == 1 {
		return "1 byte"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}

// CutDocument cuts d's text to at most max bytes (see CutText). It returns
// the warning message to give, "" when d was short enough.
func CutDocument(d *Document, max int) string {
	if len(d.Text) <= max {
		return ""
	}
	full := len(d.Text)
	d.Text = CutText(d.Text, max)
	return fmt.Sprintf("document of %s is longer than the limit of %s (limits.max_document_size); cut to its first %s", FormatSize(int64(full)), FormatSize(int64(max)), FormatSize(int64(len(d.Text))))
}

// CutText returns the start of text, at most max bytes long: up to the last
// line break in the second half of that, else the last sentence end there,
// else the last space, else the last whole character. The result is a copy,
// so that the rest of a long text can be freed.
func CutText(text string, max int) string {
	if len(text) <= max {
		return text
	}
	if max <= 0 {
		return ""
	}
	window := text[:max]
	// A window that ends inside a character keeps only whole ones.
	if !utf8.RuneStart(text[max]) {
		i := max
		for i > 0 && !utf8.RuneStart(text[i]) {
			i--
		}
		window = text[:i]
	}
	half := len(window) / 2
	end := -1
	if i := strings.LastIndexByte(window, '\n'); i >= half {
		end = i
	}
	if end < 0 {
		// Sentences reports the unfinished tail as a sentence too: the
		// last complete one is the one before it.
		if ss := Sentences(window[half:]); len(ss) >= 2 {
			end = half + ss[len(ss)-2][1]
		}
	}
	if end < 0 {
		end = strings.LastIndexFunc(window, unicode.IsSpace)
	}
	if end < half {
		end = len(window)
	}
	return strings.Clone(strings.TrimRightFunc(window[:end], unicode.IsSpace))
}
