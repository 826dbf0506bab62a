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
// the input is still loaded. With Cut, nothing was skipped: a document was
// loaded but cut to the size limit. With Kept, nothing was skipped either:
// the document was loaded without a piece of its metadata (a date that
// cannot be read), or with front matter that is not YAML kept as text.
type Warning struct {
	Path string
	Line int // 0 when the whole file is meant
	Msg  string
	Cut  bool
	Kept bool
}

func (w Warning) String() string {
	if w.Line > 0 {
		return w.Path + ":" + strconv.Itoa(w.Line) + ": " + w.Msg
	}
	return w.Path + ": " + w.Msg
}

// Size limits for formats read whole; a bigger file is skipped with a
// warning rather than read into memory. An HTML page's tree takes several
// times its size, and a SQuAD file's about twice. Text and Markdown files
// are read only as far as Limits.MaxDocument needs, and JSONL is streamed.
const (
	maxHTMLFile  = 32 << 20
	maxSQuADFile = 128 << 20
)

// errFileTime ends a file that took longer than Limits.FileTime.
var errFileTime = errors.New("corpus: file time limit reached")

// Supported is the list of file types Load reads, for messages.
const Supported = ".txt, .md, .html, .htm, .jsonl, .jsonl.gz or SQuAD .json"

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
// returns that error as it is. The default Limits apply; LoadWith takes
// others.
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
	return LoadWith(ctx, paths, DefaultLimits(), fn, warn)
}

// LoadWith is Load within lim (zero fields take their defaults): longer
// documents are cut, and a file stops at its decompressed-size or time
// limit, each with a warning.
func LoadWith(ctx context.Context, paths []string, lim Limits, fn func(Document) error, warn func(Warning)) error {
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
	l := &loader{ctx: ctx, lim: lim.OrDefaults(), fn: fn, warn: warn}
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
	lim  Limits
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

// file loads one file; rel names it in document IDs. The file has
// Limits.FileTime, after which the rest of it is skipped with a warning.
func (l *loader) file(path, rel string, info fs.FileInfo, explicit bool) error {
	kind := kindOf(info.Name())
	if kind == kindUnsupported {
		if explicit {
			l.warn(Warning{Path: path, Msg: "unsupported file type; want " + Supported})
		}
		return nil
	}
	if !info.Mode().IsRegular() {
		l.warn(Warning{Path: path, Msg: "not a regular file"})
		return nil
	}
	ctx, cancel := context.WithTimeoutCause(l.ctx, l.lim.FileTime, errFileTime)
	defer cancel()
	docs := 0
	emit := func(line int, d Document) error {
		if msg := CutDocument(&d, l.lim.MaxDocument); msg != "" {
			l.warn(Warning{Path: path, Line: line, Msg: msg, Cut: true})
		}
		docs++
		return l.fn(d)
	}
	err := l.load(ctx, path, rel, info, kind, emit)
	if err != nil && l.ctx.Err() == nil && errors.Is(context.Cause(ctx), errFileTime) {
		l.warn(Warning{Path: path, Msg: fmt.Sprintf("took longer than the limit of %s (limits.file_time_limit); stopped after %d documents, and the rest of the file was skipped", l.lim.FileTime, docs)})
		return nil
	}
	return err
}

// load reads one file of a supported kind and passes its documents to emit
// with their line (0 when not a JSONL line).
func (l *loader) load(ctx context.Context, path, rel string, info fs.FileInfo, kind fileKind, emit func(int, Document) error) error {
	id := "file:" + rel
	switch kind {
	case kindJSONL:
		f, err := os.Open(path)
		if err != nil {
			l.warn(Warning{Path: path, Msg: "cannot read: " + errText(err)})
			return nil
		}
		defer f.Close()
		return readJSONL(ctx, f, path, id, l.lim, emit, l.warn)
	case kindJSON:
		b, ok := l.read(path, info, maxSQuADFile)
		if !ok {
			return nil
		}
		return l.squad(ctx, path, b, emit)
	case kindHTML:
		b, ok := l.read(path, info, maxHTMLFile)
		if !ok {
			return nil
		}
		if msg := binaryReason(b); msg != "" {
			l.warn(Warning{Path: path, Msg: msg})
			return nil
		}
		doc, warns, err := loadHTML(bytes.NewReader(b), nil)
		if err != nil {
			l.warn(Warning{Path: path, Msg: errText(err)})
			return nil
		}
		for _, w := range warns {
			l.warn(Warning{Path: path, Msg: w, Kept: true})
		}
		if doc.ID == "" { // the page's own URL comes first
			doc.ID = id
		}
		if doc.Title == "" {
			doc.Title = humanise(info.Name())
		}
		return emit(0, doc)
	}
	b, cut, ok := l.readText(path)
	if !ok {
		return nil
	}
	if msg := binaryReason(b); msg != "" {
		l.warn(Warning{Path: path, Msg: msg})
		return nil
	}
	if msg := textReason(b); msg != "" {
		l.warn(Warning{Path: path, Msg: msg})
		return nil
	}
	doc, warns := textDocument(string(b), kind == kindMarkdown)
	for _, w := range warns {
		l.warn(Warning{Path: path, Line: w.Line, Msg: w.Msg, Kept: true})
	}
	if doc.Text == "" {
		l.warn(Warning{Path: path, Msg: "nothing but front matter (no title, no text); skipped"})
		return nil
	}
	doc.ID = id
	if doc.Title == "" {
		doc.Title = humanise(info.Name())
	}
	if cut {
		// Only the start of the file was read: end it at a boundary within
		// the limit, as CutDocument would, naming the whole file's size.
		full := info.Size()
		doc.Text = CutText(doc.Text, min(l.lim.MaxDocument, len(doc.Text)-1))
		l.warn(Warning{Path: path, Msg: fmt.Sprintf("document of %s is longer than the limit of %s (limits.max_document_size); cut to its first %s",
			FormatSize(full), FormatSize(int64(l.lim.MaxDocument)), FormatSize(int64(len(doc.Text)))), Cut: true})
	}
	return emit(0, doc)
}

// readText reads a text or Markdown file, or as much of its start as a
// document of Limits.MaxDocument can come from: twice that, since CRLF line
// ends shrink, plus room to find a boundary. cut says the file goes on.
func (l *loader) readText(path string) (b []byte, cut, ok bool) {
	f, err := os.Open(path)
	if err != nil {
		l.warn(Warning{Path: path, Msg: "cannot read: " + errText(err)})
		return nil, false, false
	}
	defer f.Close()
	limit := 2*int64(l.lim.MaxDocument) + 64<<10
	b, err = io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		l.warn(Warning{Path: path, Msg: "cannot read: " + errText(err)})
		return nil, false, false
	}
	if int64(len(b)) > limit {
		b, cut = b[:limit], true
		// Drop a character cut in two, so the text stays valid UTF-8.
		if i := lastRuneStart(b); i >= 0 && !utf8.FullRune(b[i:]) {
			b = b[:i]
		}
	}
	if len(bytes.TrimSpace(b)) == 0 {
		l.warn(Warning{Path: path, Msg: "empty file"})
		return nil, false, false
	}
	return b, cut, true
}

// lastRuneStart is the index of the last byte of b that starts a
// character, or -1.
func lastRuneStart(b []byte) int {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			return i
		}
	}
	return -1
}

// read reads a whole file of at most max bytes, warning when it cannot.
func (l *loader) read(path string, info fs.FileInfo, max int64) ([]byte, bool) {
	if info.Size() > max {
		l.warn(Warning{Path: path, Msg: fmt.Sprintf("file too large (%s; at most %s)", FormatSize(info.Size()), FormatSize(max))})
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
		l.warn(Warning{Path: path, Msg: fmt.Sprintf("file too large (at most %s)", FormatSize(max))})
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
