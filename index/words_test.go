package index

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
)

// sameWords reports the first difference between the fast tokenizer's
// words and Bleve's unicode tokenizer's, or "".
func sameWords(text string) string {
	want := unicode.NewUnicodeTokenizer().Tokenize([]byte(text))
	got := wordTokenizer{general: unicode.NewUnicodeTokenizer()}.Tokenize([]byte(text))
	show := func(t *analysis.Token) string {
		return fmt.Sprintf("%q@%d-%d pos %d type %d", t.Term, t.Start, t.End, t.Position, t.Type)
	}
	for i := 0; i < len(want) || i < len(got); i++ {
		switch {
		case i >= len(got):
			return fmt.Sprintf("%q: missing word %d, want %s", text, i, show(want[i]))
		case i >= len(want):
			return fmt.Sprintf("%q: extra word %d: %s", text, i, show(got[i]))
		case show(got[i]) != show(want[i]):
			return fmt.Sprintf("%q: word %d is %s, want %s", text, i, show(got[i]), show(want[i]))
		}
	}
	return ""
}

// Every character the fast path knows behaves as in the segment library,
// alone and between letters, digits, underscores and itself.
func TestWordsEachCharacter(t *testing.T) {
	var known int
	for r := rune(0); r < 0x20000; r++ {
		if _, ok := classOf(r); !ok || r == utf8.RuneError {
			continue
		}
		known++
		c := string(r)
		for _, ctx := range [][2]string{
			{"", ""}, {"a", "b"}, {"1", "2"}, {"a", "1"}, {"1", "a"}, {"_", "_"}, {"a", ""}, {"", "a"},
			{"1", ""}, {"", "9"}, {"ab" + c, "cd"}, {"12" + c, "34"}, {"é", "ß"}, {"x.", ".y"}, {"3,", ",4"},
			{"a.", "b"}, {"1,", "2"}, {"a", ".b"}, {"\n", "a"}, {"a\u0301", "b"}, {" ", " "},
		} {
			if d := sameWords(ctx[0] + c + ctx[1]); d != "" {
				t.Errorf("U+%04X: %s", r, d)
			}
		}
	}
	if known < 500 {
		t.Fatalf("only %d characters known to the fast path", known)
	}
}

func TestWordsText(t *testing.T) {
	for _, text := range []string{
		"",
		"The U.S. said on 13 October that 1,000.50 tons—about 3.5m—had left.",
		"don't rock'n'roll it’s O’Brien's ‘quoted’ “double” c:a a·b",
		"snake_case __init__ _1 1_ a_.b 1.a a.1 a1.b 1a.b 12:30 3;4 a;b a,b 1,2,3",
		"Erdoğan, Mbappé, Łódź, façade; ½ × ÷ 10°C £5 €3 ₹9",
		"A line\r\nand another\n\n\tindented… and done",
		"Mixed scripts: Москва and 東京 and שלום go to the general tokenizer",
		"soft\u00adhyphen and zero\u200bwidth and e\u0301 combining",
		"invalid \xff byte",
	} {
		if d := sameWords(text); d != "" {
			t.Error(d)
		}
	}
	// The embedded corpus and the test corpus: real prose, every passage.
	files, _ := filepath.Glob("../corpus/defaultcorpus/*")
	files = append(files, "testdata/corpus.jsonl")
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, para := range strings.Split(string(raw), "\n") {
			if d := sameWords(para); d != "" {
				t.Errorf("%s: %s", f, d)
			}
		}
	}
}

// The news corpus, when it is there: every tenth article agrees, or every
// one with BRIEFBOT_WORDS_ALL=1 (24 s here).
func TestWordsNews2024(t *testing.T) {
	every := 10
	if os.Getenv("BRIEFBOT_WORDS_ALL") != "" {
		every = 1
	}
	p := sharedPath(t, "news-2024.jsonl.gz")
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(z)
	sc.Buffer(nil, 1<<24)
	var n, general, line int
	for sc.Scan() {
		if line++; line%every != 0 {
			continue
		}
		var a struct{ Title, Text string }
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{a.Title, a.Text} {
			n++
			if !allKnown(s) {
				general++
			}
			if d := sameWords(s); d != "" {
				t.Fatal(d)
			}
		}
	}
	t.Logf("%d texts, %d (%.1f%%) went to the general tokenizer", n, general, 100*float64(general)/float64(n))
}

func allKnown(s string) bool {
	for _, r := range s {
		if _, ok := classOf(r); !ok || r == utf8.RuneError {
			return false
		}
	}
	return true
}

func FuzzWords(f *testing.F) {
	for _, s := range []string{"a.b", "1,000.5", "don't", "a_.b", "U.S.", "x:y:z", "’’a’b", "1__2", "é·ß", "—a—"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d := sameWords(s); d != "" {
			t.Fatal(d)
		}
	})
}

func BenchmarkWords(b *testing.B) {
	raw, err := os.ReadFile("testdata/corpus.jsonl")
	if err != nil {
		b.Fatal(err)
	}
	text := raw[:min(len(raw), 64<<10)]
	for _, tk := range []struct {
		name string
		t    analysis.Tokenizer
	}{{"unicode", unicode.NewUnicodeTokenizer()}, {"fast", wordTokenizer{general: unicode.NewUnicodeTokenizer()}}} {
		b.Run(tk.name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				tk.t.Tokenize(text)
			}
		})
	}
}
