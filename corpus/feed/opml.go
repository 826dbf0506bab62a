package feed

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	"golang.org/x/net/html/charset"
)

// OPML is the feed list of an OPML outline (1.0, 1.1 or 2.0): what feed
// readers export and import.
type OPML struct {
	Title string // head/title
	// Feeds are the outlines with an xmlUrl, in document order, each URL
	// once (readers list a feed under every folder it is filed in).
	Feeds []OPMLFeed
}

// OPMLFeed is one outline with an xmlUrl.
type OPMLFeed struct {
	// URL is the xmlUrl, trimmed; a feed: URL is rewritten to the
	// http(s) one it stands for. It is not checked further: callers say
	// what they do with one that is not http(s).
	URL string
	// Title is the outline's title, else its text, spaces collapsed.
	Title   string
	HTMLURL string // htmlUrl, trimmed
	// Categories are the titles of the folders (outlines without an
	// xmlUrl) the feed is filed in, outermost first.
	Categories []string
	Line       int // where the outline starts
}

// OPMLError is a file that is not a readable OPML outline.
type OPMLError struct {
	Name string // the file, as given
	Line int    // 0 when the whole file is meant
	Msg  string
}

func (e *OPMLError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Name, e.Line, e.Msg)
	}
	return e.Name + ": " + e.Msg
}

// Bounds on what an OPML file may hold. Feed lists run to a few hundred
// kilobytes; nothing real nests folders deeply.
const (
	MaxOPMLSize  = 16 << 20
	maxOPMLDepth = 64
)

// ReadOPMLFile reads and parses the OPML file at path.
func ReadOPMLFile(path string) (*OPML, error) {
	// Checked before opening: opening a FIFO (or /dev/stdin) would wait
	// for a writer.
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("opml: %w", err)
	}
	switch {
	case fi.IsDir():
		return nil, &OPMLError{Name: path, Msg: "is a folder; give the OPML file"}
	case !fi.Mode().IsRegular():
		return nil, &OPMLError{Name: path, Msg: "is not a regular file"}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("opml: %w", err)
	}
	defer f.Close()
	return ParseOPML(f, path)
}

// ParseOPML reads an OPML document; name labels its errors. Anything
// that is not XML, not OPML, or larger than MaxOPMLSize is an
// *OPMLError, at a line when one can be named.
func ParseOPML(r io.Reader, name string) (*OPML, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxOPMLSize+1))
	var pe *fs.PathError
	switch {
	case errors.As(err, &pe): // names the file already
		return nil, fmt.Errorf("opml: %w", err)
	case err != nil:
		return nil, fmt.Errorf("opml: read %s: %w", name, err)
	}
	if len(data) > MaxOPMLSize {
		return nil, &OPMLError{Name: name, Msg: fmt.Sprintf("larger than %d MB; is this a feed list?", MaxOPMLSize>>20)}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &OPMLError{Name: name, Msg: "empty file; an OPML feed list was expected"}
	}
	p := opmlParser{name: name, doc: &OPML{}, seen: map[string]bool{}}
	if err := p.parse(data); err != nil {
		return nil, err
	}
	return p.doc, nil
}

type opmlParser struct {
	name string
	doc  *OPML
	seen map[string]bool
}

func (p *opmlParser) errorf(line int, format string, args ...any) error {
	return &OPMLError{Name: p.name, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// parse walks the tokens rather than unmarshalling, to know each
// outline's line and to read attributes whatever their case (xmlURL and
// xmlurl are both in the wild).
func (p *opmlParser) parse(data []byte) error {
	// A UTF-8 byte order mark is not XML character data.
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	dec := xml.NewDecoder(bytes.NewReader(data))
	// Exports declare ISO-8859-1 or windows-1252 now and then, and write
	// HTML entities (&nbsp;, &eacute;) into titles.
	dec.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		cr, err := charset.NewReaderLabel(label, r)
		if err != nil {
			return nil, errUnknownCharset{label}
		}
		return cr, nil
	}
	dec.Entity = xml.HTMLEntity

	var (
		stack   []openElement
		folders []string // titles of the open outlines (feed or not)
		inBody  bool
		hasBody bool
		ended   bool // the root element has closed
		inTitle bool
		title   strings.Builder
	)
	for {
		line, _ := dec.InputPos()
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return p.xmlError(line, err, stack)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			el := strings.ToLower(t.Name.Local)
			if len(stack) == 0 {
				if ended {
					return p.errorf(line, "<%s> after the end of <opml>; one outline per file", t.Name.Local)
				}
				if el != "opml" {
					return p.errorf(line, "not an OPML file: the document is <%s>%s", t.Name.Local, rootHint(el))
				}
			}
			if len(stack) >= maxOPMLDepth {
				return p.errorf(line, "elements nested more than %d deep; not a feed list", maxOPMLDepth)
			}
			stack = append(stack, openElement{el, line})
			switch {
			case len(stack) == 2 && el == "body":
				inBody, hasBody = true, true
			case len(stack) == 3 && el == "title" && stack[1].name == "head":
				inTitle = true
				title.Reset()
			case inBody && el == "outline":
				folders = append(folders, p.outline(t, line, folders))
			}
		case xml.EndElement:
			el := strings.ToLower(t.Name.Local)
			stack = stack[:len(stack)-1]
			ended = len(stack) == 0
			switch {
			case inTitle && len(stack) == 2:
				inTitle = false
				p.doc.Title = collapse(title.String())
			case inBody && el == "outline":
				folders = folders[:len(folders)-1]
			case inBody && len(stack) == 1:
				inBody = false
			}
		case xml.CharData:
			if inTitle {
				title.Write(t)
			}
		}
	}
	if len(stack) > 0 {
		line, _ := dec.InputPos()
		return p.cutShort(line, stack)
	}
	if !ended {
		return p.errorf(0, "not an OPML file: it holds no XML element")
	}
	if !hasBody {
		return p.errorf(0, "no <body>: an OPML feed list keeps its feeds in <body>")
	}
	return nil
}

// outline records t when it is a feed, and returns its title, which
// names the folder for outlines inside it.
func (p *opmlParser) outline(t xml.StartElement, line int, folders []string) string {
	var xmlURL, htmlURL, title, text string
	for _, a := range t.Attr {
		switch strings.ToLower(a.Name.Local) {
		case "xmlurl":
			xmlURL = strings.TrimSpace(a.Value)
		case "htmlurl":
			htmlURL = strings.TrimSpace(a.Value)
		case "title":
			title = collapse(a.Value)
		case "text":
			text = collapse(a.Value)
		}
	}
	if title == "" {
		title = text
	}
	// An empty xmlUrl is how some readers write a folder.
	if xmlURL == "" {
		return title
	}
	u := feedSchemeURL(xmlURL)
	if p.seen[u] {
		return title
	}
	p.seen[u] = true
	var cats []string
	for _, f := range folders {
		if f != "" {
			cats = append(cats, f)
		}
	}
	p.doc.Feeds = append(p.doc.Feeds, OPMLFeed{URL: u, Title: title, HTMLURL: htmlURL, Categories: cats, Line: line})
	return title
}

type openElement struct {
	name string // local name, lowercased
	line int
}

// errUnknownCharset is an encoding declaration the charset package does
// not know.
type errUnknownCharset struct{ label string }

func (e errUnknownCharset) Error() string { return "unknown charset " + e.label }

// xmlError is err from the XML decoder as an *OPMLError, at its line.
func (p *opmlParser) xmlError(line int, err error, open []openElement) error {
	var se *xml.SyntaxError
	var uc errUnknownCharset
	switch {
	case errors.As(err, &se) && se.Msg == "unexpected EOF" && len(open) > 0:
		return p.cutShort(se.Line, open)
	case errors.As(err, &se):
		return p.errorf(se.Line, "not valid XML: %s", se.Msg)
	case errors.As(err, &uc):
		return p.errorf(line, "the file declares the encoding %q, which is not one briefbot reads; save it as UTF-8", uc.label)
	}
	return p.errorf(line, "%s", strings.TrimPrefix(err.Error(), "xml: "))
}

// cutShort says where a file that ends inside an element was cut.
func (p *opmlParser) cutShort(line int, open []openElement) error {
	last := open[len(open)-1]
	return p.errorf(line, "the file ends inside <%s> (opened at line %d); it is cut short", last.name, last.line)
}

// rootHint says what a document with this root element is, when it is
// something people give in place of a feed list.
func rootHint(el string) string {
	switch el {
	case "rss", "rdf", "feed":
		return ", a feed; ingest or follow its URL instead"
	case "html":
		return ", a web page"
	}
	return ""
}

// feedSchemeURL rewrites feed://host/x to http://host/x and
// feed:https://host/x to https://host/x, the feed: scheme of old readers.
// Anything else is left as it is.
func feedSchemeURL(u string) string {
	if len(u) < 5 || !strings.EqualFold(u[:5], "feed:") {
		return u
	}
	rest := u[5:]
	switch lower := strings.ToLower(rest); {
	case strings.HasPrefix(rest, "//"):
		return "http:" + rest
	case strings.HasPrefix(lower, "http://"), strings.HasPrefix(lower, "https://"):
		return rest
	}
	return u
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// WriteOPML writes doc as an OPML 2.0 document created at created: a flat
// list of feed outlines, each with text and title, xmlUrl and, when known,
// htmlUrl. Categories are not written: feeds are filed once, as followed.
func WriteOPML(w io.Writer, doc *OPML, created time.Time) error {
	type outline struct {
		Type    string `xml:"type,attr"`
		Text    string `xml:"text,attr"`
		Title   string `xml:"title,attr"`
		XMLURL  string `xml:"xmlUrl,attr"`
		HTMLURL string `xml:"htmlUrl,attr,omitempty"`
	}
	type head struct {
		Title       string `xml:"title"`
		DateCreated string `xml:"dateCreated"`
	}
	type body struct {
		Outlines []outline `xml:"outline"`
	}
	type opml struct {
		XMLName xml.Name `xml:"opml"`
		Version string   `xml:"version,attr"`
		Head    head     `xml:"head"`
		Body    body     `xml:"body"`
	}
	out := opml{Version: "2.0", Head: head{Title: doc.Title, DateCreated: created.UTC().Format("Mon, 02 Jan 2006 15:04:05 GMT")}}
	for _, f := range doc.Feeds {
		// text is required of every outline; a feed known only by its
		// URL is named by it.
		text := f.Title
		if text == "" {
			text = f.URL
		}
		out.Body.Outlines = append(out.Body.Outlines, outline{Type: "rss", Text: text, Title: text, XMLURL: f.URL, HTMLURL: f.HTMLURL})
	}
	b, err := xml.MarshalIndent(out, "", "  ")
	if err != nil {
		return fmt.Errorf("opml: %w", err)
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	buf.Write(b)
	buf.WriteByte('\n')
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("opml: write: %w", err)
	}
	return nil
}
