package feed

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"
)

var updateOPML = flag.Bool("update-opml", false, "rewrite testdata/opml/*.golden")

// golden compares got with the file testdata/opml/name, or rewrites it
// with -update-opml.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "opml", name)
	if *updateOPML {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update-opml to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs:\n%s", path, got)
	}
}

// TestParseOPMLGolden parses every testdata/opml/*.opml and compares the
// feeds, or the error, with its .golden file.
func TestParseOPMLGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/opml/*.opml")
	if err != nil || len(files) < 10 {
		t.Fatalf("testdata: %v %v", files, err)
	}
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			doc, err := ParseOPML(f, name)
			var got any = doc
			if err != nil {
				var oe *OPMLError
				if !errors.As(err, &oe) {
					t.Errorf("error %T %v is not an *OPMLError", err, err)
				}
				got = map[string]string{"error": err.Error()}
			}
			var b bytes.Buffer
			enc := json.NewEncoder(&b)
			enc.SetEscapeHTML(false)
			enc.SetIndent("", "  ")
			if err := enc.Encode(got); err != nil {
				t.Fatal(err)
			}
			golden(t, strings.TrimSuffix(name, ".opml")+".golden", b.Bytes())
		})
	}
}

func TestReadOPMLFileMissing(t *testing.T) {
	_, err := ReadOPMLFile(filepath.Join(t.TempDir(), "feeds.opml"))
	if !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), "feeds.opml") {
		t.Errorf("err %v", err)
	}
}

func TestReadOPMLFileFolder(t *testing.T) {
	dir := t.TempDir()
	_, err := ReadOPMLFile(dir)
	if err == nil || err.Error() != dir+": is a folder; give the OPML file" {
		t.Errorf("err %v", err)
	}
	// A FIFO would block the open; it is refused before.
	fifo := filepath.Join(dir, "feeds.opml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFO:", err)
	}
	_, err = ReadOPMLFile(fifo)
	if err == nil || err.Error() != fifo+": is not a regular file" {
		t.Errorf("FIFO: %v", err)
	}
}

func TestParseOPMLTooLarge(t *testing.T) {
	big := "<opml><body>" + strings.Repeat(" ", MaxOPMLSize) + "</body></opml>"
	_, err := ParseOPML(strings.NewReader(big), "big.opml")
	if err == nil || err.Error() != "big.opml: larger than 16 MB; is this a feed list?" {
		t.Errorf("err %v", err)
	}
}

func TestParseOPMLTooDeep(t *testing.T) {
	in := "<opml><body>\n" + strings.Repeat("<outline text='x'>", 100) + strings.Repeat("</outline>", 100) + "</body></opml>"
	_, err := ParseOPML(strings.NewReader(in), "deep.opml")
	if err == nil || err.Error() != "deep.opml:2: elements nested more than 64 deep; not a feed list" {
		t.Errorf("err %v", err)
	}
	// Just within the bound: parsed.
	in = "<opml><body>" + strings.Repeat("<outline text='x'>", 61) + "<outline xmlUrl='https://a.example/f'/>" + strings.Repeat("</outline>", 61) + "</body></opml>"
	doc, err := ParseOPML(strings.NewReader(in), "deep.opml")
	if err != nil || len(doc.Feeds) != 1 || len(doc.Feeds[0].Categories) != 61 {
		t.Errorf("61 folders deep: %v", err)
	}
}

func TestFeedSchemeURL(t *testing.T) {
	for in, want := range map[string]string{
		"feed://a.example/rss":       "http://a.example/rss",
		"FEED://a.example/rss":       "http://a.example/rss",
		"feed:https://a.example/rss": "https://a.example/rss",
		"feed:http://a.example/rss":  "http://a.example/rss",
		"https://feed.example/feed:": "https://feed.example/feed:",
		"feed":                       "feed",
		"feeds://a.example":          "feeds://a.example",
		"feed:feed://a.example":      "feed:feed://a.example",
		"feed:a.example/rss":         "feed:a.example/rss",
	} {
		if got := feedSchemeURL(in); got != want {
			t.Errorf("feedSchemeURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWriteOPMLGolden(t *testing.T) {
	doc := &OPML{Title: "briefbot feeds", Feeds: []OPMLFeed{
		{URL: "https://harbour.example/feed.xml", Title: "Harbour Gazette", HTMLURL: "https://harbour.example/"},
		{URL: "https://valley.example/atom?a=1&b=2", Title: `Valley "Times" <Politics & Society>`},
		{URL: "https://chat.example/added"}, // known only by its URL
	}}
	var b bytes.Buffer
	if err := WriteOPML(&b, doc, time.Date(2026, 3, 1, 9, 30, 0, 0, time.FixedZone("CET", 3600))); err != nil {
		t.Fatal(err)
	}
	golden(t, "write.golden.xml", b.Bytes())

	// What is written reads back as the same feeds.
	back, err := ParseOPML(&b, "written.opml")
	if err != nil {
		t.Fatal(err)
	}
	want := []OPMLFeed{
		{URL: "https://harbour.example/feed.xml", Title: "Harbour Gazette", HTMLURL: "https://harbour.example/", Line: 8},
		{URL: "https://valley.example/atom?a=1&b=2", Title: `Valley "Times" <Politics & Society>`, Line: 9},
		{URL: "https://chat.example/added", Title: "https://chat.example/added", Line: 10},
	}
	if back.Title != doc.Title || !reflect.DeepEqual(back.Feeds, want) {
		t.Errorf("read back: %+v", back)
	}
}

// opmlSample is a feed list of n feeds in folders of ten.
func opmlSample(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n<opml version=\"2.0\">\n<head><title>Sample</title></head>\n<body>\n")
	for i := range n {
		if i%10 == 0 {
			fmt.Fprintf(&b, "<outline text=\"Folder %d\">\n", i/10)
		}
		fmt.Fprintf(&b, "  <outline type=\"rss\" text=\"Feed %d &amp; co\" title=\"Feed %d &amp; co\" xmlUrl=\"https://site%d.example/feed.xml\" htmlUrl=\"https://site%d.example/\"/>\n", i, i, i, i)
		if i%10 == 9 || i == n-1 {
			b.WriteString("</outline>\n")
		}
	}
	b.WriteString("</body>\n</opml>\n")
	return b.Bytes()
}

func BenchmarkParseOPML(b *testing.B) {
	data := opmlSample(1000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		doc, err := ParseOPML(bytes.NewReader(data), "bench.opml")
		if err != nil || len(doc.Feeds) != 1000 {
			b.Fatalf("%d feeds, %v", len(doc.Feeds), err)
		}
	}
}

// FuzzParseOPML: any input parses or fails with an *OPMLError, never
// panics; what parses has unique, non-empty URLs, and writing it out and
// reading it back gives the same feeds.
func FuzzParseOPML(f *testing.F) {
	files, _ := filepath.Glob("testdata/opml/*.opml")
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add(opmlSample(25))
	f.Add([]byte("<opml><body><outline xmlUrl='feed://x'/><outline xmlUrl='feed://x'/></body></opml>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := ParseOPML(bytes.NewReader(data), "fuzz.opml")
		if err != nil {
			var oe *OPMLError
			if !errors.As(err, &oe) || !strings.HasPrefix(err.Error(), "fuzz.opml") {
				t.Fatalf("error %T %q", err, err)
			}
			return
		}
		seen := map[string]bool{}
		for _, fd := range doc.Feeds {
			if fd.URL == "" || seen[fd.URL] || fd.Line < 1 {
				t.Fatalf("feed %+v (seen %v)", fd, seen[fd.URL])
			}
			seen[fd.URL] = true
		}
		var out bytes.Buffer
		if err := WriteOPML(&out, doc, time.Unix(0, 0)); err != nil {
			t.Fatal(err)
		}
		back, err := ParseOPML(&out, "written.opml")
		if err != nil {
			t.Fatalf("written OPML does not parse: %v\n%s", err, out.Bytes())
		}
		if back.Title != doc.Title || len(back.Feeds) != len(doc.Feeds) {
			t.Fatalf("read back %q %d feeds, wrote %q %d", back.Title, len(back.Feeds), doc.Title, len(doc.Feeds))
		}
		for i, fd := range back.Feeds {
			want := doc.Feeds[i]
			if want.Title == "" {
				want.Title = want.URL
			}
			if fd.URL != want.URL || fd.Title != want.Title || fd.HTMLURL != want.HTMLURL {
				t.Fatalf("feed %d read back as %+v, wrote %+v", i, fd, want)
			}
		}
	})
}
