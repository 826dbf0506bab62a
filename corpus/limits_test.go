package corpus

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
	"unsafe"
)

func TestCutText(t *testing.T) {
	para := strings.Repeat("word ", 10) // 50 bytes
	for _, c := range []struct {
		name string
		text string
		max  int
		want string
	}{
		{"short enough", "One line.", 9, "One line."},
		{"line break in the second half", para + "\n" + para + "\n" + para, 110, strings.TrimSpace(para + "\n" + para)},
		{"line break too early: sentence end", "Title\n" + strings.Repeat("It rained. ", 10), 80, "Title\n" + strings.TrimSpace(strings.Repeat("It rained. ", 6))},
		{"no sentence end: between words", strings.Repeat("harbour ", 20), 60, strings.TrimSpace(strings.Repeat("harbour ", 7))},
		{"no space: whole characters", strings.Repeat("é", 50), 11, strings.Repeat("é", 5)},
		{"a character cut in two", "ab" + strings.Repeat("€", 10), 6, "ab€"},
		{"zero", "text", 0, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := CutText(c.text, c.max)
			if got != c.want {
				t.Errorf("CutText(%q, %d) = %q, want %q", c.text, c.max, got, c.want)
			}
		})
	}
	// A cut text does not keep the long one alive.
	long := strings.Repeat("Some words here. ", 1000)
	cut := CutText(long, 100)
	if unsafe.StringData(cut) == unsafe.StringData(long) {
		t.Error("the cut text shares the long text's memory")
	}
}

func FuzzCutText(f *testing.F) {
	f.Add("One. Two.\n\nThree four five", 12)
	f.Add(strings.Repeat("€", 20), 7)
	f.Add("\xff\xfe bad", 3)
	f.Fuzz(func(t *testing.T, text string, max int) {
		if max < 0 || max > 1<<20 {
			return
		}
		got := CutText(text, max)
		if len(got) > max && len(text) > max {
			t.Fatalf("CutText(%q, %d) = %q, longer than the limit", text, max, got)
		}
		if !strings.HasPrefix(text, got) {
			t.Fatalf("CutText(%q, %d) = %q, not a start of the text", text, max, got)
		}
		if utf8.ValidString(text) && !utf8.ValidString(got) {
			t.Fatalf("CutText(%q, %d) = %q, not valid UTF-8", text, max, got)
		}
	})
}

func TestFormatSize(t *testing.T) {
	for n, want := range map[int64]string{2 << 20: "2 MB", 4 << 30: "4 GB", 1536 << 20: "1.5 GB", 10 << 10: "10 KB", 999: "999 bytes", 1: "1 byte"} {
		if got := FormatSize(n); got != want {
			t.Errorf("FormatSize(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestLimitsOrDefaults(t *testing.T) {
	if got := (Limits{}).OrDefaults(); got != DefaultLimits() {
		t.Errorf("zero limits: %+v", got)
	}
	got := Limits{MaxDocument: 10, MaxPassage: 5, FileTime: time.Second}.OrDefaults()
	if got.MaxDocument != 10 || got.MaxPassage != MinPassage || got.FileTime != time.Second || got.MaxLine != DefaultMaxLine {
		t.Errorf("partial limits: %+v", got)
	}
}

// TestSplitMaxPassage: text without sentence ends or line breaks (the 15 MB
// paragraph of issue 14, small), and text without spaces, is cut into
// passages of at most the limit, verbatim, losing no word.
func TestSplitMaxPassage(t *testing.T) {
	for _, c := range []struct {
		name string
		text string
		max  int
	}{
		{"words without sentence ends", strings.Repeat("harbour quay container berth ", 2000), DefaultMaxPassage},
		{"a small limit", strings.Repeat("harbour quay container berth ", 200), 300},
		{"no spaces", strings.Repeat("港口集装箱码头", 2000), DefaultMaxPassage},
		{"one long sentence among short ones", "Short one. " + strings.Repeat("and then ", 500) + "end. Short two.", 1000},
	} {
		t.Run(c.name, func(t *testing.T) {
			ps := SplitMax("d", c.text, c.max)
			if len(ps) < 2 {
				t.Fatalf("%d passages", len(ps))
			}
			var words []string
			for i, p := range ps {
				if len(p.Text) > c.max {
					t.Errorf("passage %d is %d bytes, over %d", i, len(p.Text), c.max)
				}
				if c.text[p.Start:p.End] != p.Text || !utf8.ValidString(p.Text) {
					t.Fatalf("passage %d is not verbatim text", i)
				}
				words = append(words, strings.Fields(p.Text)...)
			}
			sep := " "
			if !strings.Contains(c.text, " ") {
				sep = "" // cut between characters
			}
			if strings.Join(words, sep) != strings.Join(strings.Fields(c.text), sep) {
				t.Error("the passages do not hold every word of the text, in order")
			}
		})
	}
	// Split itself holds the default limit, and so does a zero limit.
	long := strings.Repeat("word ", 100000)
	for i, p := range Split("d", long) {
		if len(p.Text) > DefaultMaxPassage {
			t.Fatalf("Split passage %d is %d bytes", i, len(p.Text))
		}
	}
	if a, b := len(Split("d", long)), len(SplitMax("d", long, 0)); a != b {
		t.Errorf("SplitMax with 0 gives %d passages, Split %d", b, a)
	}
	if n := len(SplitMax("d", long, 50)); n != len(SplitMax("d", long, MinPassage)) {
		t.Errorf("a limit under MinPassage is not raised to it: %d passages", n)
	}
}

// loadLimited loads paths within lim, collecting documents and warnings.
func loadLimited(t *testing.T, lim Limits, paths ...string) ([]Document, []Warning, error) {
	t.Helper()
	var docs []Document
	var warns []Warning
	err := LoadWith(context.Background(), paths, lim, func(d Document) error {
		docs = append(docs, d)
		return nil
	}, func(w Warning) { warns = append(warns, w) })
	return docs, warns, err
}

func jsonlDocs(n int, text string) []byte {
	var b bytes.Buffer
	for i := range n {
		fmt.Fprintf(&b, `{"id":"d%d","title":"Doc %d","text":%q}`+"\n", i, i, text)
	}
	return b.Bytes()
}

// prose is n bytes of sentences in paragraphs.
func prose(n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "Ship %d left the eastern quay at dawn. ", i)
		if i%8 == 7 {
			b.WriteString("\n\n")
		}
	}
	return strings.TrimSpace(b.String()[:n])
}

// TestLoadLimits runs the bombs of issue 14 at a small scale, with the
// limits set small.
func TestLoadLimits(t *testing.T) {
	dir := t.TempDir()
	small := Limits{MaxDocument: 10 << 10, MaxLine: 64 << 10, MaxDecompressed: 256 << 10}
	long := prose(50 << 10)

	t.Run("documents over the size limit are cut", func(t *testing.T) {
		writeFiles(t, dir, map[string][]byte{"docs.jsonl.gz": gz(t, jsonlDocs(20, long))})
		lim := small
		lim.MaxDecompressed = 0 // the default
		docs, warns, err := loadLimited(t, lim, filepath.Join(dir, "docs.jsonl.gz"))
		if err != nil {
			t.Fatal(err)
		}
		if len(docs) != 20 || len(warns) != 20 {
			t.Fatalf("%d documents, %d warnings", len(docs), len(warns))
		}
		for i, d := range docs {
			if len(d.Text) > small.MaxDocument || len(d.Text) < small.MaxDocument/2 || !strings.HasPrefix(long, d.Text) {
				t.Errorf("document %d: %d bytes, or not the start of the text", i, len(d.Text))
			}
			if !strings.HasSuffix(d.Text, ".") {
				t.Errorf("document %d not cut at a boundary: ends %q", i, d.Text[len(d.Text)-20:])
			}
			w := warns[i]
			if !w.Cut || w.Line != i+1 || !strings.Contains(w.Msg, "longer than the limit of 10 KB (limits.max_document_size)") {
				t.Errorf("warning %d: %+v", i, w)
			}
		}
	})

	t.Run("a long text file is cut, read only in part", func(t *testing.T) {
		big := "Harbour report\n\n" + prose(1<<20)
		writeFiles(t, dir, map[string][]byte{"big.txt": []byte(big)})
		docs, warns, err := loadLimited(t, small, filepath.Join(dir, "big.txt"))
		if err != nil {
			t.Fatal(err)
		}
		if len(docs) != 1 || len(docs[0].Text) > small.MaxDocument || docs[0].Title != "Harbour report" {
			t.Fatalf("documents %d, text %d bytes", len(docs), len(docs[0].Text))
		}
		if len(warns) != 1 || !warns[0].Cut || !strings.Contains(warns[0].Msg, "document of 1.0 MB is longer than the limit of 10 KB") {
			t.Errorf("warnings %+v", warns)
		}
	})

	t.Run("decompressed size", func(t *testing.T) {
		writeFiles(t, dir, map[string][]byte{"many.jsonl.gz": gz(t, jsonlDocs(100, prose(8<<10)))})
		docs, warns, err := loadLimited(t, small, filepath.Join(dir, "many.jsonl.gz"))
		if err != nil {
			t.Fatal(err)
		}
		if len(docs) < 20 || len(docs) > 32 {
			t.Errorf("%d documents from the first 256 KB of about 800 KB", len(docs))
		}
		last := warns[len(warns)-1]
		if last.Cut || !strings.Contains(last.Msg, "decompresses to more than the limit of 256 KB (limits.max_decompressed_size); the lines before it were loaded") {
			t.Errorf("warnings %+v", warns)
		}
	})

	t.Run("a gzip of newlines ends at the blank-run limit", func(t *testing.T) {
		writeFiles(t, dir, map[string][]byte{"newlines.jsonl.gz": gz(t, bytes.Repeat([]byte{'\n'}, 8<<20))})
		start := time.Now()
		docs, warns, err := loadLimited(t, Limits{MaxLine: 64 << 10}, filepath.Join(dir, "newlines.jsonl.gz"))
		if err != nil {
			t.Fatal(err)
		}
		if len(docs) != 0 || len(warns) != 1 || !strings.Contains(warns[0].Msg, "more than 64 KB of blank lines in a row") {
			t.Errorf("%d documents, warnings %+v", len(docs), warns)
		}
		// Far less than reading 8 MB line by line; generous for slow CI.
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("took %s", d)
		}
	})

	t.Run("blank lines under the limit are skipped, counted", func(t *testing.T) {
		in := strings.Repeat("\n", 100<<10) + `{"id":"late","title":"Late","text":"After the blank lines."}` + "\nnot json\n"
		writeFiles(t, dir, map[string][]byte{"late.jsonl.gz": gz(t, []byte(in))})
		docs, warns, err := loadLimited(t, Limits{}, filepath.Join(dir, "late.jsonl.gz"))
		if err != nil {
			t.Fatal(err)
		}
		if len(docs) != 1 || len(warns) != 1 || warns[0].Line != 100<<10+2 {
			t.Errorf("%d documents, warnings %+v", len(docs), warns)
		}
	})

	t.Run("a line over the line limit is skipped", func(t *testing.T) {
		in := string(jsonlDocs(1, prose(100<<10))) + string(jsonlDocs(1, "short"))
		for _, name := range []string{"long.jsonl", "long.jsonl.gz"} {
			b := []byte(in)
			if strings.HasSuffix(name, ".gz") {
				b = gz(t, b)
			}
			writeFiles(t, dir, map[string][]byte{name: b})
			docs, warns, err := loadLimited(t, small, filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			if len(docs) != 1 || docs[0].Text != "short" || len(warns) != 1 || warns[0].Line != 1 ||
				!strings.Contains(warns[0].Msg, "line longer than the limit of 64 KB (limits.max_line_size)") {
				t.Errorf("%s: %d documents, warnings %+v", name, len(docs), warns)
			}
		}
	})

	t.Run("a file of bad lines stops", func(t *testing.T) {
		writeFiles(t, dir, map[string][]byte{"junk.jsonl": bytes.Repeat([]byte("junk\n"), 3*maxBadBeforeDocument)})
		docs, warns, err := loadLimited(t, Limits{}, filepath.Join(dir, "junk.jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		if len(docs) != 0 || len(warns) != maxLineWarnings+2 {
			t.Fatalf("%d documents, %d warnings", len(docs), len(warns))
		}
		if w := warns[maxLineWarnings].Msg; !strings.Contains(w, fmt.Sprintf("stopped reading at line %d", maxBadBeforeDocument)) {
			t.Errorf("stop warning %q", w)
		}
		if w := warns[maxLineWarnings+1].Msg; w != fmt.Sprintf("and %d more bad lines (not listed)", maxBadBeforeDocument-maxLineWarnings) {
			t.Errorf("count warning %q", w)
		}
	})
}

// TestLoadFileTime: a file that takes longer than its budget is stopped
// with a warning, and the next file is loaded with a budget of its own.
func TestLoadFileTime(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string][]byte{
		"a-slow.jsonl": jsonlDocs(50, "slow"),
		"b-next.txt":   []byte("Next\n\nThe file after the slow one."),
	})
	var docs []string
	var warns []Warning
	err := LoadWith(context.Background(), []string{dir}, Limits{FileTime: 100 * time.Millisecond}, func(d Document) error {
		docs = append(docs, d.ID)
		if strings.HasPrefix(d.ID, "d") {
			time.Sleep(20 * time.Millisecond)
		}
		return nil
	}, func(w Warning) { warns = append(warns, w) })
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) < 2 || len(docs) > 10 || docs[len(docs)-1] != "file:b-next.txt" {
		t.Errorf("documents %v", docs)
	}
	if len(warns) != 1 || !strings.Contains(warns[0].Msg, "took longer than the limit of 100ms (limits.file_time_limit); stopped after") {
		t.Errorf("warnings %+v", warns)
	}

	// The caller's own cancellation is an error, not a warning.
	ctx, cancel := context.WithCancel(context.Background())
	err = LoadWith(ctx, []string{dir}, Limits{}, func(Document) error { cancel(); return nil }, func(w Warning) { t.Errorf("warning %s", w) })
	if err != context.Canceled {
		t.Errorf("cancelled: %v", err)
	}
}

// TestLoadTextNotUTF8AtCut: a file read only in part is not refused for a
// character the read limit cut in two.
func TestLoadTextCutInsideCharacter(t *testing.T) {
	dir := t.TempDir()
	lim := Limits{MaxDocument: 10 << 10}
	// The read stops at 2*MaxDocument+64 KB; put a 3-byte character across it.
	limit := 2*lim.MaxDocument + 64<<10
	text := strings.Repeat("a", limit-1) + "€" + strings.Repeat(" b", 1000)
	os.WriteFile(filepath.Join(dir, "cut.txt"), []byte(text), 0o644)
	docs, warns, err := loadLimited(t, lim, filepath.Join(dir, "cut.txt"))
	if err != nil || len(docs) != 1 || len(warns) != 1 || !warns[0].Cut {
		t.Fatalf("%v: %d documents, warnings %+v", err, len(docs), warns)
	}
}
