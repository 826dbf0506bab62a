package corpus

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/load/golden")

const loadDir = "testdata/load"

// loaded is what a Load call gave, as recorded in a golden file.
type loaded struct {
	Documents []Document `json:"documents"`
	Warnings  []string   `json:"warnings"`
	Error     string     `json:"error,omitempty"`
}

func load(t testing.TB, paths ...string) loaded {
	t.Helper()
	out := loaded{Documents: []Document{}, Warnings: []string{}}
	err := Load(context.Background(), paths, func(d Document) error {
		out.Documents = append(out.Documents, d)
		return nil
	}, func(w Warning) {
		s := w.String()
		if w.Kept {
			s += " [kept]" // nothing was skipped
		}
		out.Warnings = append(out.Warnings, s)
	})
	if err != nil {
		out.Error = err.Error()
	}
	return out
}

// writeFiles creates files (name → content) under dir.
func writeFiles(t testing.TB, dir string, files map[string][]byte) {
	t.Helper()
	for name, b := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func gz(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func mustRead(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestLoadGolden loads each format and each kind of bad input and compares
// the documents and warnings with testdata/load/golden/NAME.json. Inputs
// that are awkward to keep as files (binary, CRLF, invalid UTF-8, huge)
// are written to a temp dir, shown as TMP in the golden files.
func TestLoadGolden(t *testing.T) {
	news := mustRead(t, filepath.Join(loadDir, "jsonl/news.jsonl"))
	manyBad := strings.Repeat("not json\n", 150) + `{"id":"ok","title":"Survivor","text":"The one good line."}` + "\n"
	cases := []struct {
		name  string
		paths []string          // relative to testdata/load, or to TMP
		files map[string][]byte // written to TMP
	}{
		{name: "txt", paths: []string{"txt/report.txt", "txt/heading.txt", "txt/north_korea-long-first-line.txt"}},
		{name: "md", paths: []string{"md/notes.md", "md/setext.md", "md/only-heading.md"}},
		{name: "html", paths: []string{"html/article.html", "html/untitled_page.htm", "html/empty-body.html", "html/saved-page.html"}},
		{name: "frontmatter", paths: []string{"frontmatter"}},
		{name: "headers", paths: []string{"headers"}},
		{name: "html-meta", paths: []string{"html-meta"}},
		{name: "frontmatter-lines", files: map[string][]byte{
			// The warning's line counts the blank lines and BOM before the
			// front matter, and CRLF line ends once.
			"leading-blank.md": []byte("\ufeff\n\n---\r\ntitle: T\r\ndate: 2025-13-45\r\nauthors: [A\r\n---\r\n\r\nBody.\r\n"),
			"bad-date-crlf.md": []byte("\n---\r\ntitle: Fine\r\ndate: yesterday\r\n---\r\nBody.\r\n"),
			"header-date.txt":  []byte("\n\nTitle: T\nDate: 31/02/2025\n\nBody."),
		}},
		{name: "jsonl", paths: []string{"jsonl/news.jsonl"}},
		{name: "squad", paths: []string{"squad/xquad-mini.json", "squad/single-document.json", "squad/broken.json"}},
		{name: "folder", paths: []string{"folder"}},
		{name: "unsupported", paths: []string{"unsupported.xyz"}},
		{name: "crlf", files: map[string][]byte{
			"windows.txt": []byte("Minutes of the meeting\r\n\r\nFirst point.\r\nSecond line.\r\n\r\n"),
			"windows.md":  []byte("# Agenda\r\n\r\n## Item one\r\nDetails.\r\n"),
		}},
		{name: "binary", files: map[string][]byte{
			"nul.txt":      append([]byte("looks like text\n"), 0, 1, 2, 0, 'x'),
			"control.md":   bytes.Repeat([]byte{1, 2, 3, 4, 5, 6, 'a'}, 100),
			"binary.jsonl": append([]byte(`{"id":"x","text":"y"}`+"\n"), 0, 0, 0, 0),
			"image.html":   append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 64)...),
		}},
		{name: "not-utf8", files: map[string][]byte{
			"latin1.txt": []byte("Caf\xe9 society\n\nThe caf\xe9 closed.\n"),
			"bad-line.jsonl": []byte(`{"id":"a","title":"Latin-1","text":"caf` + "\xe9" + `"}` + "\n" +
				`{"id":"b","title":"Fine","text":"This line is UTF-8: café."}` + "\n"),
		}},
		{name: "empty", files: map[string][]byte{
			"empty.txt":   {},
			"blank.md":    []byte(" \n\t\n"),
			"empty.jsonl": {},
			"blank.jsonl": []byte("\n\n  \n"),
			"empty.html":  {},
			"empty.json":  {},
		}},
		{name: "gzip", files: map[string][]byte{
			"news.jsonl.gz":        gz(t, news),
			"corrupt.jsonl.gz":     append([]byte{0x1f, 0x8b}, []byte("this is not deflate data")...),
			"bad-deflate.jsonl.gz": append(gz(t, nil)[:10], 0xff, 0xff, 0xff, 0xff),
			"plain-named.jsonl.gz": []byte(`{"id":"p","title":"Plain","text":"Not compressed after all."}` + "\n"),
		}},
		{name: "long-line", files: map[string][]byte{
			"long.jsonl": []byte(`{"id":"huge","title":"Huge","text":"` + strings.Repeat("word ", MaxLineBytes/5+10) + `"}` + "\n" +
				`{"id":"after","title":"After","text":"The line after a huge one is read."}` + "\n"),
		}},
		{name: "many-bad-lines", files: map[string][]byte{"bad.jsonl": []byte(manyBad)}},
		{name: "bom-and-space", files: map[string][]byte{
			"bom.jsonl":           []byte("\ufeff" + `{"id":"bom","title":"BOM","text":"A byte order mark is not part of the first line."}` + "\n"),
			"bom.txt":             []byte("\ufeffTitle after a BOM\n\nBody."),
			"leading-space.jsonl": []byte(strings.Repeat(" \n", 6000) + `{"id":"late","title":"Late","text":"After 12 KB of blank lines."}`),
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var paths []string
			tmp := ""
			if c.files != nil {
				tmp = t.TempDir()
				writeFiles(t, tmp, c.files)
				// Sorted names, so the golden file is stable.
				ents, _ := os.ReadDir(tmp)
				for _, e := range ents {
					paths = append(paths, filepath.Join(tmp, e.Name()))
				}
			}
			for _, p := range c.paths {
				paths = append(paths, filepath.Join(loadDir, p))
			}
			got := load(t, paths...)
			if tmp != "" {
				for i, w := range got.Warnings {
					got.Warnings[i] = strings.ReplaceAll(w, tmp, "TMP")
				}
			}
			for _, d := range got.Documents {
				checkDocument(t, d)
			}
			compareGolden(t, filepath.Join(loadDir, "golden", c.name+".json"), got)
		})
	}
}

// checkDocument checks what every loaded document must satisfy.
func checkDocument(t *testing.T, d Document) {
	t.Helper()
	if d.ID == "" || d.Title == "" || d.Text == "" {
		t.Errorf("document lacks id, title or text: %+v", d)
	}
	if d.Text != strings.TrimSpace(d.Text) || strings.Contains(d.Text, "\r\n") {
		t.Errorf("%s: text not normalised: %q", d.ID, d.Text)
	}
	if !utf8.ValidString(d.Text) || !utf8.ValidString(d.Title) {
		t.Errorf("%s: invalid UTF-8", d.ID)
	}
}

func compareGolden(t *testing.T, path string, got loaded) {
	t.Helper()
	b, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, '\n')
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run TestLoadGolden -update to create it)", err)
	}
	if !bytes.Equal(b, want) {
		t.Errorf("%s differs (go test -update rewrites it); got:\n%s", path, b)
	}
}

func TestLoadMissingPathLoadsNothing(t *testing.T) {
	good := filepath.Join(loadDir, "txt/report.txt")
	missing := filepath.Join(loadDir, "nope.txt")
	calls := 0
	err := Load(context.Background(), []string{good, missing, good}, func(Document) error { calls++; return nil }, nil)
	if err == nil || !strings.Contains(err.Error(), missing) || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("err = %v; want one naming %s", err, missing)
	}
	if calls != 0 {
		t.Errorf("%d documents loaded before the missing path was reported", calls)
	}
}

func TestLoadOrderAndIDs(t *testing.T) {
	// A file given directly is named by its base name; one found in a
	// folder by its path below that folder.
	got := load(t, filepath.Join(loadDir, "folder/sub/b.md"), filepath.Join(loadDir, "folder"), filepath.Join(loadDir, "txt/report.txt"))
	var ids []string
	for _, d := range got.Documents {
		ids = append(ids, d.ID)
	}
	want := []string{"file:b.md", "file:a.txt", "file:sub/b.md", "e1", "file:report.txt"}
	if strings.Join(ids, " ") != strings.Join(want, " ") {
		t.Errorf("ids %q, want %q", ids, want)
	}
	// Loading again gives the same IDs: re-ingests update, not duplicate.
	again := load(t, filepath.Join(loadDir, "folder/sub/b.md"), filepath.Join(loadDir, "folder"), filepath.Join(loadDir, "txt/report.txt"))
	for i := range again.Documents {
		if again.Documents[i].ID != got.Documents[i].ID {
			t.Errorf("id %d changed: %s → %s", i, got.Documents[i].ID, again.Documents[i].ID)
		}
	}
}

func TestLoadStops(t *testing.T) {
	stop := errors.New("enough")
	calls := 0
	err := Load(context.Background(), []string{filepath.Join(loadDir, "jsonl/news.jsonl"), filepath.Join(loadDir, "folder")},
		func(Document) error {
			calls++
			if calls == 2 {
				return stop
			}
			return nil
		}, nil)
	if err != stop || calls != 2 {
		t.Errorf("fn error: err %v after %d calls; want %v after 2", err, calls, stop)
	}

	// A cancelled context stops a gzip stream too (read on a second
	// goroutine), and Load returns the context's error.
	dir := t.TempDir()
	var src bytes.Buffer
	for i := range 5000 {
		fmt.Fprintf(&src, `{"id":"d%d","title":"T","text":"Text %d."}`+"\n", i, i)
	}
	writeFiles(t, dir, map[string][]byte{"big.jsonl.gz": gz(t, src.Bytes())})
	ctx, cancel := context.WithCancel(context.Background())
	calls = 0
	err = Load(ctx, []string{dir}, func(Document) error {
		calls++
		if calls == 10 {
			cancel()
		}
		return nil
	}, nil)
	if !errors.Is(err, context.Canceled) || calls != 10 {
		t.Errorf("cancel: err %v after %d calls", err, calls)
	}
}

// TestLoadTruncatedGzip cuts a gzip stream short: the lines before the cut
// are loaded, in order, and a warning says the file ends early.
func TestLoadTruncatedGzip(t *testing.T) {
	var src bytes.Buffer
	for i := range 3000 {
		// Varied text, so the compressed stream is long enough to cut.
		fmt.Fprintf(&src, `{"id":"d%d","title":"Report %d","text":"Shipment %d weighed %d tonnes and left port %x."}`+"\n", i, i, i, i*7919%1000, i*104729)
	}
	full := gz(t, src.Bytes())
	for _, c := range []struct {
		name string
		cut  int
		all  bool
	}{{"mid-stream", len(full) / 2, false}, {"trailer", len(full) - 4, true}} {
		t.Run(c.name, func(t *testing.T) {
			cut := c.cut
			dir := t.TempDir()
			writeFiles(t, dir, map[string][]byte{"cut.jsonl.gz": full[:cut]})
			got := load(t, dir)
			if got.Error != "" {
				t.Fatal(got.Error)
			}
			if len(got.Warnings) != 1 || !strings.Contains(got.Warnings[0], "ends early") {
				t.Errorf("warnings %q", got.Warnings)
			}
			n := len(got.Documents)
			if n == 0 || (n == 3000) != c.all {
				t.Errorf("%d documents from a stream cut at %d of %d bytes", n, cut, len(full))
			}
			for i, d := range got.Documents {
				if d.ID != fmt.Sprintf("d%d", i) {
					t.Fatalf("document %d is %s", i, d.ID)
				}
			}
		})
	}
}

func TestReadJSONL(t *testing.T) {
	src := `{"title":"A","text":"First."}` + "\n" + `{"id":"b","title":"B","text":"Second."}` + "\n" + "oops\n"
	for _, c := range []struct {
		name string
		in   []byte
	}{{"plain", []byte(src)}, {"gzip", gz(t, []byte(src))}} {
		t.Run(c.name, func(t *testing.T) {
			var docs []Document
			var warns []string
			err := readJSONL(context.Background(), bytes.NewReader(c.in), "inbox/x.jsonl", "inbox/x.jsonl", Limits{},
				func(_ int, d Document) error { docs = append(docs, d); return nil },
				func(w Warning) { warns = append(warns, w.String()) })
			if err != nil {
				t.Fatal(err)
			}
			if len(docs) != 2 || docs[0].ID != "inbox/x.jsonl#1" || docs[1].ID != "b" {
				t.Errorf("docs %+v", docs)
			}
			if len(warns) != 1 || !strings.HasPrefix(warns[0], "inbox/x.jsonl:3: ") {
				t.Errorf("warnings %q", warns)
			}
		})
	}
}

func TestParseJSONLine(t *testing.T) {
	pub := time.Date(2024, 3, 10, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		line    string
		want    Document
		wantErr string
	}{
		{line: `{"id":"a","title":"T","url":"https://www.x.example/p","published":"2024/03/10","text":"Body."}`,
			want: Document{ID: "a", Title: "T", URL: "https://www.x.example/p", Source: "x.example", Published: pub, Text: "Body."}},
		{line: `{"title":"T","url":"https://x.example/p","source":"X Wire","published":"2024-03-10","text":"Body."}`,
			want: Document{ID: "https://x.example/p", Title: "T", URL: "https://x.example/p", Source: "X Wire", Published: pub, Text: "Body."}},
		{line: `{"title":"T","published":"2024-03-10T00:00:00Z","authors":["A", " ", "B"],"text":"a\r\nb"}`,
			want: Document{Title: "T", Published: pub, Authors: []string{"A", "B"}, Text: "a\nb"}},
		{line: `{"title":"T","url":"javascript:alert(1)","text":"Body."}`,
			want: Document{ID: "javascript:alert(1)", Title: "T", Text: "Body."}},
		{line: `{"id":"i","title":"T","url":"urn:isbn:0451450523","source":"S","text":"Body."}`,
			want: Document{ID: "i", Title: "T", Source: "S", Text: "Body."}},
		{line: "\ufeff" + `{"title":"T","text":"BOM"}`, wantErr: "not a JSON object"},
		{line: `  {"text":"Untitled line."}  `, want: Document{Title: "Untitled line.", Text: "Untitled line."}},
		{line: `{"title":"T","published":"soon","text":"Kept."}`, want: Document{Title: "T", Text: "Kept."}},
		{line: `{"title":"T"}`, wantErr: `no "text" field`},
		{line: `{"title":"T","text":""}`, wantErr: `"text" is empty`},
		{line: `{"title":"T","text":null}`, wantErr: `no "text" field`},
		{line: `{"title":"T","text":["a"]}`, wantErr: `field "text" is a JSON array`},
		{line: `{"title":"T","text":"x"`, wantErr: "bad JSON"},
		{line: `[1,2]`, wantErr: "not a JSON object"},
		{line: ``, wantErr: "not a JSON object"},
		{line: "{\"text\":\"caf\xe9\"}", wantErr: "not valid UTF-8"},
		{line: `{"text":"x"} trailing`, wantErr: "bad JSON"},
		{line: `{"id":{},"text":"x"}`, wantErr: `"id" and "published" must be strings`},
	}
	for _, c := range cases {
		got, err := ParseJSONLine([]byte(c.line))
		if c.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("%s: err %v, want %q", c.line, err, c.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.line, err)
			continue
		}
		g, _ := json.Marshal(got)
		w, _ := json.Marshal(c.want)
		if !bytes.Equal(g, w) {
			t.Errorf("%s:\n got %s\nwant %s", c.line, g, w)
		}
	}
}

func TestLoadHTMLWithURL(t *testing.T) {
	f, err := os.Open(filepath.Join(loadDir, "html/article.html"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	u, _ := url.Parse("https://www.wire.example/2024/drones")
	d, err := LoadHTML(f, u)
	if err != nil {
		t.Fatal(err)
	}
	if d.ID != u.String() || d.URL != u.String() || d.Source != "wire.example" {
		t.Errorf("id %q url %q source %q", d.ID, d.URL, d.Source)
	}
	if d.Title != "Drone factory doubles output" || !d.Published.Equal(time.Date(2024, 3, 10, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("title %q published %v", d.Title, d.Published)
	}
	// Paragraphs are separated by blank lines; boilerplate is gone.
	if !strings.Contains(d.Text, "satellite imagery taken over several months.\n\nThe plant has doubled") {
		t.Errorf("paragraphs not separated by a blank line:\n%s", d.Text)
	}
	for _, junk := range []string{"Advertisement", "Privacy", "tracking", "font-family", "Sport"} {
		if strings.Contains(d.Text, junk) {
			t.Errorf("boilerplate %q kept:\n%s", junk, d.Text)
		}
	}
	// The URL it was fetched from beats the page's canonical link.
	saved, err := LoadHTML(bytes.NewReader(mustRead(t, filepath.Join(loadDir, "html/saved-page.html"))), u)
	if err != nil || saved.URL != u.String() || saved.Source != "wire.example" {
		t.Errorf("saved page with URL: %v %q %q", err, saved.URL, saved.Source)
	}
	if _, err := LoadHTML(strings.NewReader("<html><body></body></html>"), u); err == nil {
		t.Error("a page without text loaded")
	}
}

func TestHTMLText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"<p>One  two\n three</p><p>Four</p>", "One two three\n\nFour"},
		{"<div>Intro <p>para</p> tail</div>", "Intro\n\npara\n\ntail"},
		{"<p>line<br>next<br><br>after</p>", "line\nnext\n\nafter"},
		{"<p><b>bold</b>text <i>it</i></p>", "boldtext it"},
		{"<pre>  a\n    b</pre>", "a\n    b"},
		{"<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\n\nc"},
		{"<p>keep</p><script>drop()</script><style>p{}</style><noscript>drop</noscript>", "keep"},
		{"<ul><li>one</li><li>two</li></ul>", "one\n\ntwo"},
		{"<p>caf&eacute;&nbsp;au&#160;lait &amp; more</p>", "café au lait & more"},
	} {
		doc, err := html.Parse(strings.NewReader(c.in))
		if err != nil {
			t.Fatal(err)
		}
		if got := htmlText(doc); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

func TestHumanise(t *testing.T) {
	for in, want := range map[string]string{
		"north_korea-arms.txt":  "North korea arms",
		"report.md":             "Report",
		"2024-06-01 notes.html": "2024 06 01 notes",
		"news.jsonl.gz":         "News",
		"_.txt":                 "_.txt",
	} {
		if got := humanise(in); got != want {
			t.Errorf("humanise(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestLoadNews2024 times loading the real news corpus when it is present.
func TestLoadNews2024(t *testing.T) {
	path := filepath.Join("..", "..", "shared", "corpora", "news-2024.jsonl.gz")
	if _, err := os.Stat(path); err != nil {
		t.Skip("no ../shared/corpora/news-2024.jsonl.gz")
	}
	if testing.Short() {
		t.Skip("reads 85 MB")
	}
	start := time.Now()
	n, size := 0, 0
	var warns []string
	err := Load(context.Background(), []string{path}, func(d Document) error {
		n++
		size += len(d.Text)
		return nil
	}, func(w Warning) { warns = append(warns, w.String()) })
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d documents, %d MB of text in %v", n, size>>20, took)
	if n != 8819 || len(warns) != 0 {
		t.Errorf("%d documents, warnings %q", n, warns)
	}
}

func BenchmarkLoadJSONL(b *testing.B) {
	var src bytes.Buffer
	para := strings.Repeat("Officials said the shipment of artillery shells left the port on Tuesday, according to satellite images. ", 8)
	for i := range 2000 {
		fmt.Fprintf(&src, `{"url":"https://www.news.example/%d","title":"Report %d","published":"2024/03/%02d","authors":["A. Writer"],"seen_week":"2024-03-08","text":"%s\n\n%s\n\n%s"}`+"\n",
			i, i, i%28+1, para, para, para)
	}
	dir := b.TempDir()
	writeFiles(b, dir, map[string][]byte{"news.jsonl": src.Bytes(), "news.jsonl.gz": gz(b, src.Bytes())})
	for _, name := range []string{"news.jsonl", "news.jsonl.gz"} {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(src.Len()))
			for b.Loop() {
				n := 0
				err := Load(context.Background(), []string{filepath.Join(dir, name)}, func(Document) error { n++; return nil }, nil)
				if err != nil || n != 2000 {
					b.Fatalf("%d docs, %v", n, err)
				}
			}
		})
	}
}

func FuzzParseJSONLine(f *testing.F) {
	for _, s := range []string{
		`{"id":"a","title":"T","url":"https://www.x.example/p","published":"2024/03/10","authors":["A"],"text":"Body."}`,
		`{"id":12,"title":"T","published":"2024-03-10T00:00:00Z","authors":"A","text":"a\r\nb\n\nc"}`,
		`{"title":"T","text":""}`, `{"text":null}`, `[1]`, `{"text":"x"`, "{\"text\":\"\xff\"}", `{"url":"::","text":"x"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		d, err := ParseJSONLine(line)
		if err != nil {
			return
		}
		if d.Text == "" || d.Text != strings.TrimSpace(d.Text) || strings.Contains(d.Text, "\r\n") {
			t.Errorf("text %q", d.Text)
		}
		if !utf8.ValidString(d.Text) || !utf8.ValidString(d.Title) || !utf8.ValidString(d.ID) {
			t.Error("invalid UTF-8 out of valid input")
		}
		if d.URL != "" && d.ID == "" {
			t.Error("URL given but no ID")
		}
	})
}

func FuzzLoadHTML(f *testing.F) {
	for _, p := range []string{"html/article.html", "html/untitled_page.htm", "html/empty-body.html", "html/saved-page.html"} {
		f.Add(mustRead(f, filepath.Join(loadDir, p)))
	}
	f.Add([]byte("<p>one<br>two<pre>  x\n\n y</pre><table><tr><td>a<td>b</table>"))
	f.Add([]byte("<html><head><meta charset=windows-1252><title>caf\xe9</title></head><body><p>caf\xe9 au lait</p></body></html>"))
	f.Fuzz(func(t *testing.T, page []byte) {
		d, err := LoadHTML(bytes.NewReader(page), nil)
		if err != nil {
			return
		}
		if d.Text == "" || d.Text != strings.TrimSpace(d.Text) || strings.Contains(d.Text, "\n\n\n") {
			t.Errorf("text %q", d.Text)
		}
	})
}

// FuzzReadJSONL feeds arbitrary bytes as a JSONL stream: no panic, no
// error, and every document has an ID and text.
func FuzzReadJSONL(f *testing.F) {
	f.Add(mustRead(f, filepath.Join(loadDir, "jsonl/news.jsonl")))
	f.Add([]byte{0x1f, 0x8b, 8, 0, 0, 0})
	f.Add([]byte("\n\n{\"text\":\"a\"}\r\n{"))
	f.Fuzz(func(t *testing.T, in []byte) {
		err := readJSONL(context.Background(), bytes.NewReader(in), "fuzz", "fuzz", Limits{}, func(_ int, d Document) error {
			if d.ID == "" || d.Text == "" {
				t.Errorf("document %+v", d)
			}
			return nil
		}, func(Warning) {})
		if err != nil {
			t.Error(err)
		}
	})
}
