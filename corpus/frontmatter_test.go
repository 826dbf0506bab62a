package corpus

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestFrontMatter(t *testing.T) {
	mar5 := time.Date(2025, 3, 5, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name, in string
		want     docMeta
		body     string // "" means the whole input
		found    bool
		warns    []lineWarning
	}{
		{name: "all fields",
			in: "---\ntitle: The title\ndate: 2025-03-05\nsource: Border Times\nurl: https://x.example/a\nauthors: [A B, C D]\ntags: [x, y]\n---\n\nBody.",
			want: docMeta{Title: "The title", Published: mar5, Source: "Border Times", URL: "https://x.example/a",
				Authors: []string{"A B", "C D"}, Tags: []string{"x", "y"}},
			body: "Body.", found: true},
		{name: "aliases and any case",
			in:   "---\nTitle: T\nPublished: 5 March 2025\nLINK: https://x.example/a\nAuthor: Jane Doe\n---\nBody.",
			want: docMeta{Title: "T", Published: mar5, URL: "https://x.example/a", Authors: []string{"Jane Doe"}},
			body: "Body.", found: true},
		{name: "first of date and published wins",
			in:   "---\ndate: 2025-03-05\npublished: 2020-01-01\n---\nBody.",
			want: docMeta{Published: mar5}, body: "Body.", found: true},
		{name: "quoted and multi-line values",
			in:   "---\ntitle: >\n  A folded\n  title\n'source': \"Wire: the\\tfeed\"\n---\nBody.",
			want: docMeta{Title: "A folded title", Source: "Wire: the feed"}, body: "Body.", found: true},
		{name: "author string with two names", in: "---\nauthor: Jane Doe and John Roe\n---\nB",
			want: docMeta{Authors: []string{"Jane Doe", "John Roe"}}, body: "B", found: true},
		{name: "last, first stays one name", in: "---\nauthor: Doe, Jane\n---\nB",
			want: docMeta{Authors: []string{"Doe, Jane"}}, body: "B", found: true},
		{name: "tags as a string", in: "---\ntags: ports, sanctions\n---\nB",
			want: docMeta{Tags: []string{"ports", "sanctions"}}, body: "B", found: true},
		{name: "anchors and aliases", in: "---\nwho: &w Jane Doe\nauthors: [*w]\n---\nB",
			want: docMeta{Authors: []string{"Jane Doe"}}, body: "B", found: true},
		{name: "nulls and unknown keys ignored", in: "---\ntitle: ~\ndate:\nlayout: post\ndraft: true\ncategories: [a]\n---\nB",
			body: "B", found: true},
		{name: "closed by dots", in: "---\ntitle: T\n...\nB", want: docMeta{Title: "T"}, body: "B", found: true},
		{name: "empty front matter", in: "---\n---\nB", body: "B", found: true},
		{name: "no body", in: "---\ntitle: T\n---", want: docMeta{Title: "T"}, body: "-", found: true},
		{name: "yaml date with a time", in: "---\ndate: 2025-03-05 10:00:00 +01:00\n---\nB",
			want: docMeta{Published: time.Date(2025, 3, 5, 9, 0, 0, 0, time.UTC)}, body: "B", found: true},

		{name: "not at the start", in: "Intro.\n---\ntitle: T\n---\nB"},
		{name: "a thematic break", in: "---\n\nProse after a rule.\n\n---\nMore."},
		{name: "a rule before a heading", in: "---\n# Heading\n---\nB"},
		{name: "unclosed", in: "---\ntitle: T\n\nBody.",
			warns: []lineWarning{{1, "front matter opened by --- is not closed by a --- line; the file is read as text"}}},
		{name: "invalid yaml: unclosed list", in: "---\ntitle: T\nauthors: [A\nsource: S\n---\nB",
			warns: []lineWarning{{3, "front matter is not valid YAML (did not find expected ',' or ']'); the file is read as text"}}},
		{name: "invalid yaml: bad indent", in: "---\ntitle: T\n  date: x\n---\nB",
			warns: []lineWarning{{3, "front matter is not valid YAML (mapping values are not allowed in this context); the file is read as text"}}},
		{name: "invalid yaml: a tab", in: "---\ntitle: T\n\tdate: x\n---\nB",
			warns: []lineWarning{{3, "front matter is not valid YAML (found a tab character that violates indentation); the file is read as text"}}},
		{name: "invalid yaml: unclosed at the end", in: "---\n\"title\": [\n---\nB",
			warns: []lineWarning{{2, "front matter is not valid YAML (did not find expected node content); the file is read as text"}}},
		{name: "not a mapping", in: "---\n'title: T'\n---\nB",
			warns: []lineWarning{{2, "front matter is not a list of key: value lines; the file is read as text"}}},
		{name: "a list, not a mapping", in: "---\n'a': 1\n---\n---\n- a\n- b\n---\nB",
			want: docMeta{}, body: "---\n- a\n- b\n---\nB", found: true},

		{name: "bad values dropped, the rest kept",
			in:   "---\ntitle: T\ndate: someday\nurl: ftp://x.example/a\nsource: [a]\ntags: {a: b}\nauthors: [Jane Doe, [x]]\n---\nB",
			want: docMeta{Title: "T", Authors: []string{"Jane Doe"}}, body: "B", found: true,
			warns: []lineWarning{
				{3, `date "someday" cannot be read; dropped (write it as YYYY-MM-DD)`},
				{4, `url "ftp://x.example/a" is not a web address (http or https); dropped`},
				{5, "source should be one value, not a list; ignored"},
				{6, "tags should be text, not a mapping; ignored"},
				{7, "authors should be a list of text values; ignored an item that is not"},
			}},
		{name: "a title without words", in: "---\ntitle: '---'\n---\nB", body: "B", found: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			m, body, found, warns := frontMatter(c.in)
			want := c.body
			switch want {
			case "":
				want = c.in
			case "-":
				want = ""
			}
			if body != want || found != c.found {
				t.Errorf("body %q found %v; want %q %v", body, found, want, c.found)
			}
			if g, w := show(m), show(c.want); g != w {
				t.Errorf("meta\n got %s\nwant %s", g, w)
			}
			if g, w := show(warns), show(c.warns); g != w {
				t.Errorf("warnings\n got %s\nwant %s", g, w)
			}
		})
	}
}

func TestTextHeaders(t *testing.T) {
	for _, c := range []struct {
		name, in string
		want     docMeta
		body     string // "" means none were found
		warns    []lineWarning
	}{
		{name: "all five", in: "Title: T\nDate: 2025-03-05\nSource: S\nURL: https://x.example/a\nBy: Jane Doe, John Roe\n\nBody.\n\nMore.",
			want: docMeta{Title: "T", Published: time.Date(2025, 3, 5, 0, 0, 0, 0, time.UTC), Source: "S", URL: "https://x.example/a",
				Authors: []string{"Jane Doe", "John Roe"}},
			body: "Body.\n\nMore."},
		{name: "any case, spaces", in: "title : T\n  SOURCE:S  \n\nBody.", want: docMeta{Title: "T", Source: "S"}, body: "Body."},
		{name: "one header", in: "Title: T\n\nBody.", want: docMeta{Title: "T"}, body: "Body."},
		{name: "a url keeps its colons", in: "URL: https://x.example:8080/a?b=c\n\nBody.",
			want: docMeta{URL: "https://x.example:8080/a?b=c"}, body: "Body."},
		{name: "an empty header", in: "Title: T\nSource:\n\nBody.", want: docMeta{Title: "T"}, body: "Body."},
		{name: "a bad date", in: "Title: T\nDate: Smarch 5\n\nBody.", want: docMeta{Title: "T"}, body: "Body.",
			warns: []lineWarning{{2, `date "Smarch 5" cannot be read; dropped (write it as YYYY-MM-DD)`}}},

		{name: "an unknown name", in: "Title: T\nNote: n\n\nBody."},
		{name: "prose with a colon", in: "Source: officials in Seoul said more troops were coming.\nThey gave no date.\n\nBody."},
		{name: "not first", in: "Intro\nTitle: T\n\nBody."},
		{name: "no blank line", in: "Title: T\nBody."},
		{name: "no text after", in: "Title: T\nDate: 2025-03-05\n\n  \n"},
		{name: "a blank line first", in: "\nTitle: T\n\nBody."},
	} {
		t.Run(c.name, func(t *testing.T) {
			m, body, found, warns := textHeaders(c.in)
			if (c.body != "") != found {
				t.Fatalf("found %v", found)
			}
			if !found {
				if body != c.in || show(m) != show(docMeta{}) || len(warns) > 0 {
					t.Errorf("none found, yet body %q meta %s warnings %v", body, show(m), warns)
				}
				return
			}
			if body != c.body {
				t.Errorf("body %q, want %q", body, c.body)
			}
			if g, w := show(m), show(c.want); g != w {
				t.Errorf("meta\n got %s\nwant %s", g, w)
			}
			if g, w := show(warns), show(c.warns); g != w {
				t.Errorf("warnings\n got %s\nwant %s", g, w)
			}
		})
	}
}

func TestTextTitle(t *testing.T) {
	long := "This first line is a sentence that goes on and on, well past the length of any title, because it is the start of the text. Then another."
	for _, c := range []struct {
		in       string
		markdown bool
		title    string
		body     string // "" means the input
	}{
		{in: "# Heading\n\nBody.", markdown: true, title: "Heading", body: "Body."},
		{in: "## Second level first\n\nBody.", markdown: true, title: "Second level first", body: "Body."},
		{in: "# Only a heading", markdown: true, title: "Only a heading"},
		{in: "Setext\n===\n\nBody.", markdown: true, title: "Setext", body: "Body."},
		{in: "Draft, not for circulation\n\n# The real title\n\nBody.", markdown: true, title: "The real title"},
		{in: "Draft, not for circulation\n\n# The real title\n\nBody.", title: "Draft, not for circulation"},
		{in: "```\n# a comment in code\n```\n\n# Title\n\nBody.", markdown: true, title: "Title"},
		{in: "---\n\n# After a rule\n\nBody.", markdown: true, title: "After a rule"},
		{in: "---\n\nProse after a rule. And more.", markdown: true, title: "Prose after a rule."},
		{in: "# ---\n\nBody here.", markdown: true, title: "Body here."},
		{in: "Short first line\nBody.", title: "Short first line"},
		{in: long, title: "This first line is a sentence that goes on and on, well past the length of any title, because it is…"},
		{in: "* * *\n\n" + long, title: "This first line is a sentence that goes on and on, well past the length of any title, because it is…"},
		{in: "--- *** ___\n...", title: ""},
	} {
		title, body := textTitle(c.in, c.markdown)
		want := c.body
		if want == "" {
			want = c.in
		}
		if title != c.title || body != want {
			t.Errorf("textTitle(%q, %v) = %q, %q; want %q, %q", c.in, c.markdown, title, body, c.title, want)
		}
	}
}

func show(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// FuzzFrontMatter feeds arbitrary files to the Markdown and plain-text
// readers: no panic, metadata text is taken off the start and the rest is
// kept verbatim, warnings name a line of the file, titles have words, and
// dates and URLs are usable.
func FuzzFrontMatter(f *testing.F) {
	for _, dir := range []string{"frontmatter", "headers", "md", "txt"} {
		ents, err := os.ReadDir(filepath.Join(loadDir, dir))
		if err != nil {
			f.Fatal(err)
		}
		for _, e := range ents {
			f.Add(string(mustRead(f, filepath.Join(loadDir, dir, e.Name()))), strings.HasSuffix(e.Name(), ".md"))
		}
	}
	for _, s := range []string{
		"---\n---\n", "---\ntitle: [\n---\nB", "---\na: *x\n---\nB", "---\n? [a]\n: b\n---\nB", "---\ntitle: !!binary aGk=\n---\nB",
		"\ufeff\r\n---\r\ntitle: T\r\n---\r\n", "Title: T\nDate: 5 March 2025 10:02 UTC+9\n\nB", "---\ndate: 0001-01-01\n---\nB",
		"---\nauthors: &a [*a]\n---\nB", "---\ntitle: a\ntitle: b\n---\nB",
	} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, in string, markdown bool) {
		if !utf8.ValidString(in) {
			return // the loader refuses such files before reading them
		}
		lines := strings.Count(in, "\n") + 1
		text := normalizeText(in)
		for name, split := range map[string]func(string) (docMeta, string, bool, []lineWarning){"frontMatter": frontMatter, "textHeaders": textHeaders} {
			m, body, found, warns := split(text)
			if !strings.HasSuffix(text, body) || (!found && body != text) {
				t.Errorf("%s: body %q is not the end of %q (found %v)", name, body, text, found)
			}
			if !found && show(m) != show(docMeta{}) {
				t.Errorf("%s: metadata %s from a text without any", name, show(m))
			}
			for _, w := range warns {
				if w.Line < 1 || w.Line > lines || w.Msg == "" {
					t.Errorf("%s: warning %+v outside the %d lines", name, w, lines)
				}
			}
		}
		doc, warns := textDocument(in, markdown)
		for _, w := range warns {
			if w.Line < 1 || w.Line > lines {
				t.Errorf("warning %+v outside the %d lines", w, lines)
			}
		}
		if doc.Title != "" && (!hasWord(doc.Title) || strings.Contains(doc.Title, "\n")) {
			t.Errorf("title %q", doc.Title)
		}
		if doc.Title == "" && hasWord(doc.Text) {
			t.Errorf("no title for text with words %q", doc.Text)
		}
		if doc.Text != strings.TrimSpace(doc.Text) || !utf8.ValidString(doc.Text) || !utf8.ValidString(doc.Title) {
			t.Errorf("text %q title %q", doc.Text, doc.Title)
		}
		if y := doc.Published.Year(); !doc.Published.IsZero() && (y < minDocYear || y > maxDocYear) {
			t.Errorf("published %v", doc.Published)
		}
		if doc.URL != "" && webHost(doc.URL) == "" {
			t.Errorf("url %q", doc.URL)
		}
	})
}

func BenchmarkFrontMatter(b *testing.B) {
	para := strings.Repeat("Satellite images show hundreds of shipping containers at the port of Rajin, officials said. ", 6)
	body := strings.Repeat(para+"\n\n", 20)
	for _, c := range []struct {
		name     string
		in       string
		markdown bool
	}{
		{"yaml", "---\ntitle: Rajin port\ndate: 2025-03-05T10:00:00+01:00\nsource: Border Times\nurl: https://x.example/rajin\n" +
			"authors: [Lena Ortiz, Min-jun Park]\ntags: [ports, sanctions]\nlayout: post\n---\n\n# Rajin port\n\n" + body, true},
		{"headers", "Title: Rajin port\nDate: 5 March 2025\nSource: Border Times\nURL: https://x.example/rajin\nBy: Lena Ortiz\n\n" + body, false},
		{"none", "# Rajin port\n\n" + body, true},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.in)))
			for b.Loop() {
				if d, _ := textDocument(c.in, c.markdown); d.Title != "Rajin port" {
					b.Fatalf("title %q", d.Title)
				}
			}
		})
	}
}

func TestTextDocumentTitleAndHeading(t *testing.T) {
	for _, c := range []struct{ in, title, text string }{
		// The heading repeats the front matter's title: said once.
		{"---\ntitle: Rajin port\n---\n# Rajin port\n\nBody.", "Rajin port", "Body."},
		{"---\ntitle: Rajin port\n---\nRAJIN PORT\n==========\n\nBody.", "Rajin port", "Body."},
		// A different heading is part of the text.
		{"---\ntitle: Rajin port\n---\n# Containers pile up\n\nBody.", "Rajin port", "Containers pile up\n\nBody."},
		// A first line that is no heading stays.
		{"---\ntitle: Rajin port\n---\nRajin port\nBody.", "Rajin port", "Rajin port\nBody."},
		// Only front matter and a heading.
		{"---\ntitle: Rajin port\n---\n# Rajin port", "Rajin port", "Rajin port"},
		{"Title: Rajin port\n\n# Rajin port\n\nBody.", "Rajin port", "Body."},
	} {
		d, warns := textDocument(c.in, true)
		if d.Title != c.title || d.Text != c.text || len(warns) > 0 {
			t.Errorf("%q: title %q text %q warnings %v; want %q %q", c.in, d.Title, d.Text, warns, c.title, c.text)
		}
	}
}
