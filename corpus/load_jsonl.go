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

// MaxLineBytes bounds one JSONL line; news articles run to hundreds of KB,
// so the limit is generous. A longer line is skipped with a warning.
const MaxLineBytes = 16 << 20

// maxLineWarnings bounds the warnings for bad lines in one file; the rest
// are counted in one last warning, so a file of garbage does not flood the
// log.
const maxLineWarnings = 100

// readJSONL reads JSONL documents, one per line, from r, which may be
// gzip-compressed. path names r in warnings; idBase names documents that
// have neither id nor url ("idBase#LINE"). Bad lines are skipped with a
// warning; a read error (such as a truncated gzip stream) ends the input
// with a warning, keeping what was read. It calls fn in input order and
// returns early, with that error, when ctx is done or fn fails.
func readJSONL(ctx context.Context, r io.Reader, path, idBase string, fn func(Document) error, warn func(Warning)) error {
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
		br = bufio.NewReaderSize(zr, 256<<10)
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
			msg = readErrText(1, perr)
		}
		warn(Warning{Path: path, Msg: msg})
		return nil
	}
	if msg := binaryReason(head); msg != "" {
		warn(Warning{Path: path, Msg: msg})
		return nil
	}

	lr := lineReader{br: br}
	bad := 0
	lineWarn := func(line int, msg string) {
		bad++
		if bad <= maxLineWarnings {
			warn(Warning{Path: path, Line: line, Msg: msg})
		}
	}
	defer func() {
		if bad > maxLineWarnings {
			warn(Warning{Path: path, Msg: fmt.Sprintf("and %d more bad lines (not listed)", bad-maxLineWarnings)})
		}
	}()
	h := &lineHandler{idBase: idBase, fn: fn, lineWarn: lineWarn}
	fileWarn := func(msg string) { warn(Warning{Path: path, Msg: msg}) }
	if gzipped {
		return decodeLinesPiped(ctx, &lr, h, fileWarn)
	}
	return decodeLines(ctx, &lr, h, fileWarn)
}

// lineReader reads lines of any length up to MaxLineBytes.
type lineReader struct {
	br   *bufio.Reader
	buf  []byte
	line int
}

// next returns the next line without its line ending, valid until the
// following call; tooLong when it was cut short. err is io.EOF at a clean
// end; at any other error the partial line is dropped.
func (lr *lineReader) next() (line []byte, tooLong bool, err error) {
	lr.line++
	b, err := lr.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		lr.buf = append(lr.buf[:0], b...)
		for err == bufio.ErrBufferFull {
			b, err = lr.br.ReadSlice('\n')
			if !tooLong && len(lr.buf)+len(b) > MaxLineBytes {
				tooLong = true
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
	if err == io.EOF && len(b) == 0 {
		return nil, false, io.EOF
	}
	b = bytes.TrimRight(b, "\r\n")
	return b, tooLong, nil
}

// lineHandler turns lines into documents, in order.
type lineHandler struct {
	idBase   string
	fn       func(Document) error
	lineWarn func(int, string)
}

// handle decodes line n and passes its document on; the error is fn's.
func (h *lineHandler) handle(n int, line []byte, tooLong bool) error {
	if tooLong {
		h.lineWarn(n, fmt.Sprintf("line longer than %d MB", MaxLineBytes>>20))
		return nil
	}
	if isBlank(line) {
		return nil
	}
	doc, err := ParseJSONLine(line)
	if err != nil {
		h.lineWarn(n, err.Error())
		return nil
	}
	if doc.ID == "" {
		doc.ID = h.idBase + "#" + strconv.Itoa(n)
	}
	return h.fn(doc)
}

// decodeLines reads and decodes lines on one goroutine.
func decodeLines(ctx context.Context, lr *lineReader, h *lineHandler, fileWarn func(string)) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		line, tooLong, err := lr.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			fileWarn(readErrText(lr.line, err))
			return nil
		}
		if err := h.handle(lr.line, line, tooLong); err != nil {
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
}

type batchLine struct {
	start, end, n int
	tooLong       bool
}

// A batch is sent once it holds batchBytes; it starts at batchCap and
// grows as needed.
const (
	batchBytes = 1 << 20
	batchCap   = 256 << 10
)

// decodeLinesPiped reads (and gunzips) lines on a second goroutine while
// this one decodes them: for compressed input each half is about as costly
// as the other.
func decodeLinesPiped(ctx context.Context, lr *lineReader, h *lineHandler, fileWarn func(string)) error {
	batches := make(chan lineBatch, 4)
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer close(batches)
		b := lineBatch{data: make([]byte, 0, batchCap)}
		send := func() bool {
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
				return err
			}
		}
		if b.err != nil {
			fileWarn(readErrText(b.errLine, b.err))
		}
	}
	return ctx.Err()
}

func readErrText(line int, err error) string {
	what := err.Error()
	if errors.Is(err, io.ErrUnexpectedEOF) {
		what = "the file ends early (truncated?)"
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
