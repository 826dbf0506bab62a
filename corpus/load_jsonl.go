package corpus

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxLineBytes is the default bound of one JSONL line (Limits.MaxLine).
const MaxLineBytes = DefaultMaxLine

// maxLineWarnings bounds the warnings for bad lines in one file; the rest
// are counted in one last warning, so a file of garbage does not flood the
// log.
const maxLineWarnings = 100

// maxBadBeforeDocument is how many bad lines a file may start with: a file
// whose first 10,000 lines hold no document is not one of documents, and
// reading the rest of it would only cost time.
const maxBadBeforeDocument = 10000

// Reasons a JSONL file stops early; the lines before are kept.
var (
	errDecompressed = errors.New("corpus: decompressed-size limit reached")
	errNoDocuments  = errors.New("corpus: no documents in the first lines")
)

// blankRunError is a run of blank lines longer than Limits.MaxLine, from
// line From on.
type blankRunError struct{ From int }

func (e *blankRunError) Error() string { return "corpus: too many blank lines in a row" }

// readJSONL reads JSONL documents, one per line, from r, which may be
// gzip-compressed. path names r in warnings; idBase names documents that
// have neither id nor url ("idBase#LINE"). Bad lines are skipped with a
// warning; a read error (such as a truncated gzip stream) ends the input
// with a warning, keeping what was read, and so do lim's decompressed-size
// and line limits. It calls fn with each document and its line, in input
// order, and returns early, with that error, when ctx is done or fn fails.
func readJSONL(ctx context.Context, r io.Reader, path, idBase string, lim Limits, fn func(int, Document) error, warn func(Warning)) error {
	lim = lim.OrDefaults()
	// Lines longer than the buffer are gathered in lineReader.buf.
	br := bufio.NewReaderSize(r, 256<<10)
	gzipped := false
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			warn(Warning{Path: path, Msg: "not a readable gzip file: " + err.Error()})
			return nil
		}
		defer zr.Close()
		br = bufio.NewReaderSize(&capReader{r: zr, left: lim.MaxDecompressed}, 256<<10)
		gzipped = true
	}
	head, perr := br.Peek(8192)
	if bytes.HasPrefix(head, []byte("\ufeff")) {
		br.Discard(3)
		head = head[3:]
	}
	if len(head) < 8192 && isBlank(head) {
		msg := "empty file"
		if perr != nil && perr != io.EOF {
			msg = readErrText(1, perr, lim)
		}
		warn(Warning{Path: path, Msg: msg})
		return nil
	}
	if msg := binaryReason(head); msg != "" {
		warn(Warning{Path: path, Msg: msg})
		return nil
	}

	lr := lineReader{br: br, max: lim.MaxLine}
	h := &lineHandler{idBase: idBase, fn: fn, maxLine: lim.MaxLine, lineWarn: func(line int, msg string) {
		warn(Warning{Path: path, Line: line, Msg: msg})
	}}
	defer func() {
		if h.bad > maxLineWarnings {
			warn(Warning{Path: path, Msg: fmt.Sprintf("and %d more bad lines (not listed)", h.bad-maxLineWarnings)})
		}
	}()
	stopped := false
	fileWarn := func(line int, err error) {
		stopped = true
		warn(Warning{Path: path, Msg: readErrText(line, err, lim)})
	}
	var err error
	if gzipped {
		err = decodeLinesPiped(ctx, &lr, h, fileWarn)
	} else {
		err = decodeLines(ctx, &lr, h, fileWarn)
	}
	if err == nil && !stopped && h.docs == 0 && h.bad == 0 {
		warn(Warning{Path: path, Msg: "empty file (only blank lines)"})
	}
	return err
}

// capReader reads at most left bytes from r, then fails with
// errDecompressed if r has more.
type capReader struct {
	r    io.Reader
	left int64
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		var one [1]byte
		if n, err := c.r.Read(one[:]); n == 0 {
			return 0, err
		}
		return 0, errDecompressed
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}

// lineReader reads lines of any length, keeping those up to max bytes.
type lineReader struct {
	br   *bufio.Reader
	buf  []byte
	line int
	max  int
}

// next returns the next line that is not blank, without its line ending
// and leading space, valid until the following call; tooLong when it was
// longer than max and so not kept. err is io.EOF at a clean end; at any
// other error the partial line is dropped.
func (lr *lineReader) next() (line []byte, tooLong bool, err error) {
	if err := lr.skipBlank(); err != nil {
		if err != io.EOF {
			lr.line++
		}
		return nil, false, err
	}
	lr.line++
	b, err := lr.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		lr.buf = append(lr.buf[:0], b...)
		for err == bufio.ErrBufferFull {
			b, err = lr.br.ReadSlice('\n')
			if !tooLong && len(lr.buf)+len(b) > lr.max {
				tooLong = true
				lr.buf = lr.buf[:0]
			}
			if !tooLong {
				lr.buf = append(lr.buf, b...)
			}
		}
		b = lr.buf
	}
	if err != nil && err != io.EOF {
		return nil, false, err
	}
	b = bytes.TrimRight(b, "\r\n")
	if len(b) > lr.max {
		return nil, true, nil
	}
	return b, tooLong, nil
}

// skipBlank discards blank lines, and the space before the next line's
// text, a buffer at a time: a file of nothing but newlines costs little
// more than its decompression. A run of more than max blank bytes is a
// *blankRunError.
func (lr *lineReader) skipBlank() error {
	run, from := 0, lr.line+1
	for {
		if _, err := lr.br.Peek(1); err != nil {
			return err
		}
		buf, _ := lr.br.Peek(lr.br.Buffered())
		n := 0
		for n < len(buf) && (buf[n] == '\n' || buf[n] == ' ' || buf[n] == '\t' || buf[n] == '\r') {
			n++
		}
		lr.line += bytes.Count(buf[:n], []byte{'\n'})
		lr.br.Discard(n)
		run += n
		if n < len(buf) {
			return nil
		}
		if run > lr.max {
			return &blankRunError{From: from}
		}
	}
}

// takeBuf hands the long-line buffer over to the caller; the reader starts
// a new one.
func (lr *lineReader) takeBuf() { lr.buf = nil }

// lineHandler turns lines into documents, in order.
type lineHandler struct {
	idBase   string
	fn       func(int, Document) error
	maxLine  int
	lineWarn func(int, string)
	bad      int // lines skipped
	docs     int // documents passed on
}

// handle decodes line n and passes its document on; the error is fn's, or
// errNoDocuments when the file starts with too many bad lines.
func (h *lineHandler) handle(n int, line []byte, tooLong bool) error {
	var msg string
	var doc Document
	if tooLong {
		msg = fmt.Sprintf("line longer than the limit of %s (limits.max_line_size); skipped without reading it into memory", FormatSize(int64(h.maxLine)))
	} else {
		if isBlank(line) {
			return nil
		}
		var err error
		if doc, err = ParseJSONLine(line); err != nil {
			msg = err.Error()
		}
	}
	if msg != "" {
		h.bad++
		if h.bad <= maxLineWarnings {
			h.lineWarn(n, msg)
		}
		if h.docs == 0 && h.bad >= maxBadBeforeDocument {
			return errNoDocuments
		}
		return nil
	}
	if doc.ID == "" {
		doc.ID = h.idBase + "#" + strconv.Itoa(n)
	}
	h.docs++
	return h.fn(n, doc)
}

// decodeLines reads and decodes lines on one goroutine.
func decodeLines(ctx context.Context, lr *lineReader, h *lineHandler, fileWarn func(int, error)) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		line, tooLong, err := lr.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			fileWarn(lr.line, err)
			return nil
		}
		if err := h.handle(lr.line, line, tooLong); err != nil {
			if err == errNoDocuments {
				fileWarn(lr.line, err)
				return nil
			}
			return err
		}
	}
}

// lineBatch is a run of lines handed from the reading goroutine to the
// decoding one.
type lineBatch struct {
	data    []byte
	lines   []batchLine
	err     error // a read error after the lines (not io.EOF)
	errLine int
	big     bool // holds one long line, and a place in bigRoom
}

type batchLine struct {
	start, end, n int
	tooLong       bool
}

// A batch is sent once it holds batchBytes; it starts at batchCap and
// grows as needed. A line of batchBytes or more goes in a batch of its own,
// without a copy.
const (
	batchBytes = 1 << 20
	batchCap   = 256 << 10
)

// decodeLinesPiped reads (and gunzips) lines on a second goroutine while
// this one decodes them: for compressed input each half is about as costly
// as the other.
func decodeLinesPiped(ctx context.Context, lr *lineReader, h *lineHandler, fileWarn func(int, error)) error {
	batches := make(chan lineBatch, 4)
	// At most one long line is queued or being decoded at a time, so the
	// lines in memory stay within a few times Limits.MaxLine.
	bigRoom := make(chan struct{}, 1)
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer close(batches)
		b := lineBatch{data: make([]byte, 0, batchCap)}
		send := func() bool {
			if b.big {
				select {
				case bigRoom <- struct{}{}:
				case <-stop:
					return false
				}
			}
			select {
			case batches <- b:
				b = lineBatch{data: make([]byte, 0, batchCap)}
				return true
			case <-stop:
				return false
			}
		}
		for {
			line, tooLong, err := lr.next()
			if err != nil {
				if err != io.EOF {
					b.err, b.errLine = err, lr.line
				}
				send()
				return
			}
			if len(line) >= batchBytes {
				if len(b.lines) > 0 && !send() {
					return
				}
				lr.takeBuf()
				b = lineBatch{data: line, lines: []batchLine{{end: len(line), n: lr.line}}, big: true}
				if !send() {
					return
				}
				continue
			}
			start := len(b.data)
			if !tooLong {
				b.data = append(b.data, line...)
			}
			b.lines = append(b.lines, batchLine{start: start, end: len(b.data), n: lr.line, tooLong: tooLong})
			if len(b.data) >= batchBytes || len(b.lines) >= 512 {
				if !send() {
					return
				}
			}
		}
	}()
	// The reader must be idle before returning: the caller closes it.
	defer func() {
		close(stop)
		<-done
	}()
	for b := range batches {
		for _, l := range b.lines {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := h.handle(l.n, b.data[l.start:l.end], l.tooLong); err != nil {
				if err == errNoDocuments {
					fileWarn(l.n, err)
					return nil
				}
				return err
			}
		}
		if b.big {
			b.data = nil
			<-bigRoom
		}
		if b.err != nil {
			fileWarn(b.errLine, b.err)
		}
	}
	return ctx.Err()
}

// readErrText says why a file stopped at line.
func readErrText(line int, err error, lim Limits) string {
	var what string
	var blank *blankRunError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		what = "the file ends early (truncated?)"
	case errors.Is(err, errDecompressed):
		what = fmt.Sprintf("it decompresses to more than the limit of %s (limits.max_decompressed_size)", FormatSize(lim.MaxDecompressed))
	case errors.As(err, &blank):
		what := fmt.Sprintf("more than %s of blank lines in a row from line %d on (limits.max_line_size): not a file of documents, or a damaged one; stopped reading", FormatSize(int64(lim.MaxLine)), blank.From)
		if blank.From > 1 {
			what += ", and the lines before were loaded"
		}
		return what
	case errors.Is(err, errNoDocuments):
		return fmt.Sprintf("stopped reading at line %d: the first %d lines that are not blank hold no document; is this a JSONL file of documents?", line, maxBadBeforeDocument)
	default:
		what = err.Error()
	}
	if line <= 1 {
		return "cannot read: " + what
	}
	return fmt.Sprintf("stopped reading at line %d: %s; the lines before it were loaded", line, what)
}

func isBlank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return false
		}
	}
	return true
}

// jsonDoc is one JSONL line. Unknown fields (e.g. seen_week) are ignored.
type jsonDoc struct {
	ID        flexString `json:"id"`
	Title     string     `json:"title"`
	URL       string     `json:"url"`
	Source    string     `json:"source"`
	Published flexString `json:"published"`
	Authors   authorList `json:"authors"`
	Text      *string    `json:"text"`
}

// flexString takes a JSON string or number (ids are sometimes numbers).
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	switch {
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexString(s)
	case string(b) == "null":
	case len(b) > 0 && (b[0] == '-' || (b[0] >= '0' && b[0] <= '9')):
		*f = flexString(b)
	default:
		return errors.New(`"id" and "published" must be strings`)
	}
	return nil
}

// authorList takes a list of names or one name.
type authorList []string

func (a *authorList) UnmarshalJSON(b []byte) error {
	switch {
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		if s = strings.TrimSpace(s); s != "" {
			*a = authorList{s}
		}
		return nil
	case string(b) == "null":
		return nil
	}
	var l []string
	if err := json.Unmarshal(b, &l); err != nil {
		return errors.New(`"authors" must be a list of names`)
	}
	out := l[:0]
	for _, s := range l {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	if len(out) > 0 {
		*a = out
	}
	return nil
}

// ParseJSONLine decodes one JSONL line, {"id"?, "title", "url"?,
// "source"?, "published"?, "authors"?, "text"}, into a document. ID falls
// back to the URL and is empty when neither is given; Source to the URL's
// host. A URL that is not http(s) is kept only as the ID. A published date it cannot read is left zero. It fails on a line
// that is not a JSON object, not UTF-8, or has no text.
//
// A bad date does not cost the document, nor does it warn: callers count
// every Warning as something skipped.
func ParseJSONLine(line []byte) (Document, error) {
	line = bytes.TrimSpace(line)
	if len(line) == 0 || line[0] != '{' {
		return Document{}, errors.New(`not a JSON object; want {"title": ..., "text": ...}`)
	}
	if !utf8.Valid(line) {
		return Document{}, errors.New("not valid UTF-8")
	}
	var j jsonDoc
	if err := json.Unmarshal(line, &j); err != nil {
		return Document{}, jsonErr(err)
	}
	if j.Text == nil {
		return Document{}, errors.New(`no "text" field`)
	}
	d := Document{
		ID:      strings.TrimSpace(string(j.ID)),
		Title:   strings.TrimSpace(j.Title),
		URL:     strings.TrimSpace(j.URL),
		Source:  strings.TrimSpace(j.Source),
		Authors: j.Authors,
		Text:    normalizeText(*j.Text),
	}
	if d.Text == "" {
		return Document{}, errors.New(`"text" is empty`)
	}
	if d.ID == "" {
		d.ID = d.URL
	}
	// Only web links are kept as URLs: they become links in chat replies.
	if host := webHost(d.URL); host != "" {
		if d.Source == "" {
			d.Source = host
		}
	} else {
		d.URL = ""
	}
	if d.Title == "" {
		d.Title = titleFromText(d.Text)
	}
	if p := strings.TrimSpace(string(j.Published)); p != "" {
		if t, err := ParseDate(p); err == nil {
			d.Published = t
		}
	}
	return d, nil
}

// jsonErr says what is wrong with a line in words a user can act on.
func jsonErr(err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Errorf("bad JSON at byte %d: %s", se.Offset, se.Error())
	case errors.As(err, &te):
		if te.Field != "" {
			return fmt.Errorf("field %q is a JSON %s; want a %s", te.Field, te.Value, jsonType(te.Type.Kind().String()))
		}
		return fmt.Errorf("bad JSON: %s", te.Error())
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("bad JSON: the line ends inside a value")
	}
	return fmt.Errorf("bad JSON: %s", err.Error())
}

func jsonType(kind string) string {
	switch kind {
	case "ptr":
		return "string"
	case "slice":
		return "list"
	}
	return kind
}

// webHost is the host of an http(s) URL without "www.", or "" for
// anything else.
func webHost(raw string) string {
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// titleFromText names an untitled document by its first line, cut short.
func titleFromText(text string) string {
	first, _, _ := strings.Cut(text, "\n")
	first = strings.TrimSpace(first)
	if utf8.RuneCountInString(first) < maxTitleRunes {
		return first
	}
	n := 0
	for i := range first {
		if n == 80 {
			cut := first[:i]
			if sp := strings.LastIndexByte(cut, ' '); sp > 40 {
				cut = cut[:sp]
			}
			return cut + "…"
		}
		n++
	}
	return first
}
