package bot

import (
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/briefbot/briefbot/corpus"
)

// cite builds a citation whose best sentence and highlights are given by
// their text, located in passage.
func cite(passage, sentence string, highlights ...string) corpus.Citation {
	c := corpus.Citation{Passage: passage}
	if i := strings.Index(passage, sentence); sentence != "" && i >= 0 {
		c.Sentence = [2]int{i, i + len(sentence)}
	}
	for _, h := range highlights {
		if i := strings.Index(passage, h); i >= 0 {
			c.Highlights = append(c.Highlights, [2]int{i, i + len(h)})
		}
	}
	return c
}

func TestTrim(t *testing.T) {
	long := "Officials met in Seoul on Monday. North Korea has sent about 20,000 containers of munitions to Russia, the report said. Analysts expect more shipments through the port of Rajin before winter. Nobody else commented."
	cases := []struct {
		name  string
		c     corpus.Citation
		limit int
		want  string // rendered with highlights as [..]
	}{
		{"fits whole", cite("Short passage about shells.", "Short passage about shells.", "shells"), 100,
			"Short passage about [shells]."},
		{"starts at the sentence", cite(long, "North Korea has sent about 20,000 containers of munitions to Russia, the report said.", "containers", "munitions"), 100,
			"…North Korea has sent about 20,000 [containers] of [munitions] to Russia, the report said. Analysts…"},
		{"sentence longer than room, cut at a word", cite(long, "North Korea has sent about 20,000 containers of munitions to Russia, the report said.", "Russia"), 40,
			"…North Korea has sent about 20,000…"},
		{"last sentence borrows room before it", cite(long, "Nobody else commented.", "commented"), 60,
			"…the port of Rajin before winter. Nobody else [commented]."},
		{"highlight across the cut is clipped", cite(long, "Officials met in Seoul on Monday.", "Monday. North"), 36,
			"Officials met in Seoul on [Monday.]…"},
		{"no sentence: from the start", cite(long, ""), 30,
			"Officials met in Seoul on…"},
		{"one giant word is cut hard", cite(strings.Repeat("ab", 50), ""), 10,
			"ababababab…"},
		{"multibyte text is cut on runes", cite("Ким Чен Ын посетил завод боеприпасов в среду.", "Ким Чен Ын посетил завод боеприпасов в среду.", "завод"), 24,
			"Ким Чен Ын посетил [завод]…"},
		{"entities are not cut: escaping happens after", cite("Tom & Jerry <b>met</b> at the bar & grill tonight.", "Tom & Jerry <b>met</b> at the bar & grill tonight.", "&"), 22,
			"Tom [&] Jerry <b>met</b>…"},
		{"bad ranges are ignored", corpus.Citation{Passage: "héllo world", Sentence: [2]int{2, 99}, Highlights: [][2]int{{2, 4}, {7, 12}, {-1, 3}, {8, 7}}}, 50,
			"héllo [world]"},
		{"overlapping highlights merge", corpus.Citation{Passage: "alpha beta gamma", Highlights: [][2]int{{6, 10}, {0, 8}}}, 50,
			"[alpha beta] gamma"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Trim(c.c, c.limit).Render(nil, func(s string) string { return "[" + s + "]" })
			if got != c.want {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}

func TestExcerptRenderEscapesSegments(t *testing.T) {
	ex := Trim(cite("a < b & c", "a < b & c", "b & c"), 100)
	esc := strings.NewReplacer("&", "&amp;", "<", "&lt;").Replace
	got := ex.Render(esc, func(s string) string { return "*" + s + "*" })
	if want := "a &lt; *b &amp; c*"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// FuzzTrim checks Trim's promises on any passage and ranges: valid UTF-8,
// at most limit runes, text taken in order from the passage, no word split
// unless it alone exceeds the limit.
func FuzzTrim(f *testing.F) {
	f.Add("North Korea has sent shells to Russia. More will follow.", 10, 30, 5, 12, 20)
	f.Add("ab cd", 0, 5, 0, 2, 3)
	f.Add("é è ê ë", 2, 6, 0, 1, 4)
	f.Add(strings.Repeat("word ", 200), 100, 400, 100, 104, 50)
	f.Fuzz(func(t *testing.T, p string, s0, s1, h0, h1, limit int) {
		if !utf8.ValidString(p) || limit < 1 || limit > 5000 {
			return
		}
		c := corpus.Citation{Passage: p, Sentence: [2]int{s0, s1}, Highlights: [][2]int{{h0, h1}}}
		ex := Trim(c, limit)
		var body strings.Builder
		for _, s := range ex.Segments {
			if s.Text == "" {
				t.Fatal("empty segment")
			}
			body.WriteString(s.Text)
		}
		text := body.String()
		if !utf8.ValidString(text) {
			t.Fatalf("invalid UTF-8 %q", text)
		}
		if n := utf8.RuneCountInString(text); n > limit {
			t.Fatalf("%d runes > limit %d", n, limit)
		}
		i := ex.start
		if i < 0 || ex.end > len(p) || p[i:ex.end] != text {
			t.Fatalf("excerpt %q is not the span [%d,%d) of the passage", text, ex.start, ex.end)
		}
		if text == "" {
			return
		}
		// A cut inside a word is allowed only when one word fills the limit.
		end := i + len(text)
		if end < len(p) {
			before, _ := utf8.DecodeLastRuneInString(p[:end])
			after, _ := utf8.DecodeRuneInString(p[end:])
			if !unicode.IsSpace(before) && !unicode.IsSpace(after) && strings.ContainsFunc(text, unicode.IsSpace) {
				t.Fatalf("cut mid-word at the end: %q | %q", text, p[end:])
			}
		}
		if i > 0 {
			before, _ := utf8.DecodeLastRuneInString(p[:i])
			first, _ := utf8.DecodeRuneInString(text)
			if !unicode.IsSpace(before) && !unicode.IsSpace(first) && strings.ContainsFunc(text, unicode.IsSpace) {
				t.Fatalf("cut mid-word at the start: %q | %q", p[:i], text)
			}
		}
		if ex.CutAfter != (strings.TrimSpace(p[end:]) != "") || ex.CutBefore != (strings.TrimSpace(p[:i]) != "") {
			t.Fatalf("cut flags %v/%v wrong for %q in %q", ex.CutBefore, ex.CutAfter, text, p)
		}
	})
}

func TestByline(t *testing.T) {
	d := time.Date(2024, 11, 5, 23, 0, 0, 0, time.FixedZone("X", -5*3600))
	cases := []struct {
		parts []string
		want  string
	}{
		{[]string{"Title", "Reuters", Date(d)}, "Title · Reuters · 2024-11-06"},
		{[]string{"Title", "", Date(time.Time{})}, "Title"},
		{[]string{"", "  ", ""}, ""},
		{[]string{" A ", "B"}, "A · B"},
	}
	for _, c := range cases {
		if got := Byline(c.parts...); got != c.want {
			t.Errorf("Byline(%q) = %q, want %q", c.parts, got, c.want)
		}
	}
}

func TestTruncate(t *testing.T) {
	cases := []struct {
		s     string
		limit int
		want  string
	}{
		{"short", 10, "short"},
		{"a long title about shells", 12, "a long…"},
		{"unbreakable", 5, "unbr…"},
		{"ёжик в тумане", 8, "ёжик в…"},
		{"x", 1, "x"},
		{"xy", 1, "…"},
	}
	for _, c := range cases {
		got := Truncate(c.s, c.limit)
		if got != c.want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", c.s, c.limit, got, c.want)
		}
		if utf8.RuneCountInString(got) > c.limit {
			t.Errorf("Truncate(%q, %d) = %q is too long", c.s, c.limit, got)
		}
	}
}

func TestDifferenceLines(t *testing.T) {
	may := func(d int) time.Time { return time.Date(2024, 5, d, 0, 0, 0, 0, time.UTC) }
	a := &corpus.Answer{Differences: []corpus.Difference{
		{About: "dead", Claims: []corpus.DifferenceClaim{
			{Value: "41", N: 1, Source: "Lantern Post", Published: may(12), By: "the emergency office"},
			{Value: "at least 37", N: 2, Source: "Quill Daily", Published: may(12), By: "the governor"},
		}},
		{About: "containers of munitions", Claims: []corpus.DifferenceClaim{
			{Value: "more than 16,500", N: 2, Source: "briefbot default corpus", By: "the United States", Period: "since September 2023"},
			{Value: "13,000", N: 2, Source: "briefbot default corpus", By: "South Korea", Period: "since mid-2022"},
		}},
		{About: "dead", Update: true, Claims: []corpus.DifferenceClaim{
			{Value: "37", N: 3, Source: "Lantern Post", Published: may(10)},
			{Value: "41", N: 1, Source: "Lantern Post", Published: may(12), By: "the governor"},
		}},
		// One claim is no difference.
		{About: "fine", Claims: []corpus.DifferenceClaim{{Value: "$2m", N: 1}}},
	}}
	var got []string
	for _, l := range DifferenceLines(a) {
		got = append(got, l.Plain())
	}
	want := []string{
		"Sources differ: 41 dead (Lantern Post, 12 May 2024, per the emergency office) [1] · at least 37 (Quill Daily, 12 May 2024, per the governor) [2]",
		"Sources differ: more than 16,500 containers of munitions since September 2023 (briefbot default corpus, per the United States) [2] · 13,000 since mid-2022 (briefbot default corpus, per South Korea) [2]",
		"Lantern Post updated from 37 to 41 dead (10 May 2024 → 12 May 2024, per the governor) [3][1]",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
