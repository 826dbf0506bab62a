package corpus

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Warning is a problem with one file or line that was skipped; the rest of
// the input is still loaded.
type Warning struct {
	Path string
	Line int // 0 when the whole file is meant
	Msg  string
}

func (w Warning) String() string {
	if w.Line > 0 {
		return w.Path + ":" + strconv.Itoa(w.Line) + ": " + w.Msg
	}
	return w.Path + ": " + w.Msg
}

// Size limits for whole-file formats; a bigger file is skipped with a
// warning rather than read into memory. JSONL is streamed and has no limit
// but its line length.
const (
	maxTextFile  = 64 << 20
	maxSQuADFile = 512 << 20
)

// supported is the list of file types Load reads, for messages.
const supported = ".txt, .md, .html, .htm, .jsonl, .jsonl.gz or SQuAD .json"

type fileKind int

const (
	kindUnsupported fileKind = iota
	kindText
	kindMarkdown
	kindHTML
	kindJSONL
	kindJSON
)

// kindOf tells a file's format from its name, ignoring case.
func kindOf(name string) fileKind {
	n := strings.ToLower(name)
	if strings.HasSuffix(n, ".jsonl.gz") {
		return kindJSONL
	}
	switch filepath.Ext(n) {
	case ".txt", ".text":
		return kindText
	case ".md", ".markdown":
		return kindMarkdown
	case ".html", ".htm":
		return kindHTML
	case ".jsonl", ".ndjson":
		return kindJSONL
	case ".json":
		return kindJSON
	}
	return kindUnsupported
}

// Load reads documents from files and folders (recursively): .txt, .md,
// .html/.htm, .jsonl, .jsonl.gz and SQuAD-format .json. It calls fn for each
// document in input order and warn for each skipped file or line. A path
// that does not exist fails the whole call before anything is loaded, naming
// the path. It stops early when ctx is done or fn returns an error, and
// returns that error as it is.
//
// In folders, hidden files and folders (names starting with ".") and files
// of other types are skipped silently; a file of another type given by name
// is skipped with a warning.
//
// IDs are stable across loads: a JSONL line's id, else its url, else
// "file:PATH#LINE"; a SQuAD paragraph's "TITLE#N"; an HTML page's own URL
// (canonical link); else "file:PATH", where PATH is the file's path below
// the folder given, or its base name when the file itself was given.
func Load(ctx context.Context, paths []string, fn func(Document) error, warn func(Warning)) error {
	if warn == nil {
		warn = func(Warning) {}
	}
	infos := make([]fs.FileInfo, len(paths))
	for i, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			if errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("corpus: %s: no such file or folder: %w", p, err)
			}
			return fmt.Errorf("corpus: %s: %w", p, err)
		}
		infos[i] = st
	}
	l := &loader{ctx: ctx, fn: fn, warn: warn}
	for i, p := range paths {
		if err := ctx.Err(); err != nil {
			return err
		}
		var err error
		if infos[i].IsDir() {
			err = l.walk(p)
		} else {
			err = l.file(p, filepath.Base(p), infos[i], true)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// loader carries one Load call. Its methods return an error only to stop
// (ctx done or fn failed); problems with the input are warnings.
type loader struct {
	ctx  context.Context
	fn   func(Document) error
	warn func(Warning)
}

func (l *loader) walk(root string) error {
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if cerr := l.ctx.Err(); cerr != nil {
			return cerr
		}
		if err != nil {
			// An unreadable folder or file loses only itself.
			l.warn(Warning{Path: path, Msg: "cannot read: " + errText(err)})
			if d != nil && d.IsDir() && path != root {
				return filepath.SkipDir
			}
			return nil
		}
		if path != root && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || kindOf(d.Name()) == kindUnsupported {
			return nil
		}
		info, err := os.Stat(path) // follows symlinks
		if err != nil {
			l.warn(Warning{Path: path, Msg: "cannot read: " + errText(err)})
			return nil
		}
		if info.IsDir() {
			// A symlinked folder is not followed: it could loop.
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			rel = d.Name()
		}
		return l.file(path, filepath.ToSlash(rel), info, false)
	})
}

// file loads one file; rel names it in document IDs.
func (l *loader) file(path, rel string, info fs.FileInfo, explicit bool) error {
	kind := kindOf(info.Name())
	if kind == kindUnsupported {
		if explicit {
			l.warn(Warning{Path: path, Msg: "unsupported file type; want " + supported})
		}
		return nil
	}
	if !info.Mode().IsRegular() {
		l.warn(Warning{Path: path, Msg: "not a regular file"})
		return nil
	}
	id := "file:" + rel
	switch kind {
	case kindJSONL:
		f, err := os.Open(path)
		if err != nil {
			l.warn(Warning{Path: path, Msg: "cannot read: " + errText(err)})
			return nil
		}
		defer f.Close()
		return readJSONL(l.ctx, f, path, id, l.fn, l.warn)
	case kindJSON:
		b, ok := l.read(path, info, maxSQuADFile)
		if !ok {
			return nil
		}
		return l.squad(path, b)
	}
	b, ok := l.read(path, info, maxTextFile)
	if !ok {
		return nil
	}
	if msg := binaryReason(b); msg != "" {
		l.warn(Warning{Path: path, Msg: msg})
		return nil
	}
	var doc Document
	if kind == kindHTML {
		d, err := LoadHTML(bytes.NewReader(b), nil)
		if err != nil {
			l.warn(Warning{Path: path, Msg: errText(err)})
			return nil
		}
		doc = d
	} else {
		if msg := textReason(b); msg != "" {
			l.warn(Warning{Path: path, Msg: msg})
			return nil
		}
		doc = textDocument(string(b), kind == kindMarkdown)
	}
	if doc.ID == "" { // an HTML page's own URL comes first
		doc.ID = id
	}
	if doc.Title == "" {
		doc.Title = humanise(info.Name())
	}
	return l.fn(doc)
}

// read reads a whole file of at most max bytes, warning when it cannot.
func (l *loader) read(path string, info fs.FileInfo, max int64) ([]byte, bool) {
	if info.Size() > max {
		l.warn(Warning{Path: path, Msg: fmt.Sprintf("file too large (%d MB; at most %d MB)", info.Size()>>20, max>>20)})
		return nil, false
	}
	f, err := os.Open(path)
	if err != nil {
		l.warn(Warning{Path: path, Msg: "cannot read: " + errText(err)})
		return nil, false
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		l.warn(Warning{Path: path, Msg: "cannot read: " + errText(err)})
		return nil, false
	}
	if int64(len(b)) > max {
		l.warn(Warning{Path: path, Msg: fmt.Sprintf("file too large (at most %d MB)", max>>20)})
		return nil, false
	}
	if len(bytes.TrimSpace(b)) == 0 {
		l.warn(Warning{Path: path, Msg: "empty file"})
		return nil, false
	}
	return b, true
}

// errText is an error's message without the path a *PathError repeats.
func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// binaryReason says why b (the start of a file) is not text, or "" when it
// may be: a NUL byte, or many control characters.
func binaryReason(b []byte) string {
	head := b
	if len(head) > 8192 {
		head = head[:8192]
	}
	if bytes.IndexByte(b, 0) >= 0 {
		return "binary file (contains NUL bytes), not text"
	}
	ctl := 0
	for _, c := range head {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1b {
			ctl++
		}
	}
	if ctl*10 > len(head) {
		return "binary file (mostly control characters), not text"
	}
	return ""
}

// textReason says why b is not usable text, or "" when it is.
func textReason(b []byte) string {
	if !utf8.Valid(b) {
		off := 0
		for off < len(b) {
			r, n := utf8.DecodeRune(b[off:])
			if r == utf8.RuneError && n == 1 {
				break
			}
			off += n
		}
		line := 1 + bytes.Count(b[:off], []byte{'\n'})
		return fmt.Sprintf("not UTF-8 text (invalid byte 0x%02x on line %d); convert it to UTF-8", b[off], line)
	}
	return ""
}

// normalizeText converts line endings and trims surrounding space; nothing
// else, so that quotes stay verbatim.
func normalizeText(s string) string {
	s = strings.TrimPrefix(s, "\ufeff")
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(s, "\r\n", "\n")
	}
	return strings.TrimSpace(s)
}

// maxTitleRunes is the longest first line taken as a title.
const maxTitleRunes = 120

// textDocument makes a document of plain text or Markdown. The title is the
// first line when it is a heading (then removed from the text) or short;
// otherwise it is left empty for the caller to name. In Markdown the leading
// #s of headings are dropped; the rest is kept verbatim.
func textDocument(s string, markdown bool) Document {
	text := normalizeText(s)
	title, body := textTitle(text)
	if markdown {
		body = stripHeadingMarks(body)
	}
	return Document{Title: title, Text: body}
}

// textTitle finds the title of a text and the text without it.
func textTitle(text string) (title, body string) {
	first, rest, _ := strings.Cut(text, "\n")
	first = strings.TrimSpace(first)
	if h, ok := atxHeading(first); ok {
		if h != "" {
			if body := strings.TrimSpace(rest); body != "" {
				return h, body
			}
			return h, text
		}
	}
	// A setext heading: a line underlined with === or ---.
	second, after, _ := strings.Cut(rest, "\n")
	if u := strings.TrimSpace(second); len(u) >= 3 && (strings.Trim(u, "=") == "" || strings.Trim(u, "-") == "") &&
		first != "" && utf8.RuneCountInString(first) < maxTitleRunes {
		if body := strings.TrimSpace(after); body != "" {
			return first, body
		}
		return first, text
	}
	if first != "" && utf8.RuneCountInString(first) < maxTitleRunes {
		return first, text
	}
	return "", text
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

// humanise turns a file name into a title: no extension, separators as
// spaces, first letter capital.
func humanise(name string) string {
	n := name
	if strings.HasSuffix(strings.ToLower(n), ".gz") {
		n = n[:len(n)-3]
	}
	n = strings.TrimSuffix(n, filepath.Ext(n))
	n = strings.Join(strings.FieldsFunc(n, func(r rune) bool { return r == '_' || r == '-' || unicode.IsSpace(r) }), " ")
	if n == "" {
		return name
	}
	r, size := utf8.DecodeRuneInString(n)
	return string(unicode.ToUpper(r)) + n[size:]
}
