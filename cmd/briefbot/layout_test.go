package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/briefbot/briefbot/corpus"
)

var update = flag.Bool("update", false, "rewrite golden files")

// highlights are the byte ranges of every occurrence of the words in p
// not inside a longer word, as the index marks matched words.
func highlights(p string, words ...string) [][2]int {
	letter := func(r rune) bool { return unicode.IsLetter(r) && utf8.RuneLen(r) < 3 } // not a CJK character
	var rs [][2]int
	for _, w := range words {
		for at := 0; ; {
			i := strings.Index(p[at:], w)
			if i < 0 {
				break
			}
			s, e := at+i, at+i+len(w)
			before, _ := utf8.DecodeLastRuneInString(p[:s])
			after, _ := utf8.DecodeRuneInString(p[e:])
			if !letter(before) && !letter(after) {
				rs = append(rs, [2]int{s, e})
			}
			at = e
		}
	}
	return cleanHighlights(p, rs)
}

// span is the byte range of sub in p.
func span(p, sub string) [2]int {
	i := strings.Index(p, sub)
	if i < 0 {
		panic("no " + sub)
	}
	return [2]int{i, i + len(sub)}
}

func cite(n int, doc, title, source, date, url, passage, best string, words ...string) corpus.Citation {
	c := corpus.Citation{N: n, DocID: doc, Title: title, Source: source, URL: url, Passage: passage, Highlights: highlights(passage, words...)}
	if date != "" {
		c.Published, _ = time.Parse("2006-01-02", date)
	}
	if url != "" {
		from := strings.Fields(passage)
		if best != "" {
			from = strings.Fields(best)
		}
		var words []string
		for _, f := range from[:2] {
			r := []rune(f)
			words = append(words, string(r[:min(12, len(r))]))
		}
		c.Link = url + "#:~:text=" + strings.Join(words, "%20")
	}
	if best != "" {
		c.Sentence = span(passage, best)
	}
	return c
}

const (
	shellsA = "On 13 October, Ukrainian President Volodymyr Zelensky said that North Korea was transferring people to the armed forces in Russia. " +
		"A few days later, Ukrainian intelligence announced that the first North Korean military units had arrived in the war zone in Russia’s Kursk Oblast.\n" +
		"Intelligence estimates suggest North Korea has sent over three million artillery shells to support Russia’s invasion of Ukraine from 2022–24. " +
		"Moscow has dispatched high-level officials to Pyongyang to tour weapons factories and assets. " +
		"Anti-tank systems, rifles, rocket launchers and other assets are likely part of what are now regular container shipments from North Korea to Russia."
	shellsB = "The part of the Treaty that has received the most attention is Article 4, which stipulates that both nations must ‘immediately provide military and other assistance by all means available’ if either faces an armed attack or goes to war. " +
		"North Korea has been supporting Russia since it first attacked Ukraine, first diplomatically at the United Nations and soon after with artillery shells and missiles. " +
		"Illicit arms transfers that contravene international sanctions were recorded as early as 2022 and included artillery shells and rockets from North Korea."
	shellsC = "South Korean officials said on Tuesday that more than 16,500 containers of munitions had crossed the border by rail since August 2023."
	// One sentence far longer than a passage: trimmed to the words around
	// its first match.
	runOn = "The report lists the depots, the rail spurs, the loading cranes, the marshalling yards, the customs posts, the bridges over the Tumen, the sidings at Khasan, the warehouses at Tumangang, the ferries that were chartered for the autumn and the trucks that carried crates from the factories in Chagang province to the coast, and it concludes that the artillery shells shipped from Rajin to Vostochny in the first half of the year numbered at least one million, a figure that it says is consistent with satellite counts of containers and with the statements of Ukrainian officials, although the authors caution that the counts of the containers do not say what each one held and that some may have carried rockets or small arms rather than shells"
	// Japanese has no spaces to wrap at: lines break between characters.
	wide = "北朝鮮はロシアに砲弾を送ったと韓国の情報機関が発表した。砲弾の数は三百万発を超えると推定されている。コンテナは羅津港からボストーチヌイ港へ船で運ばれ、鉄道でも国境を越えた。🚀 ミサイルも含まれていたという。"
)

// layoutCases are the answers the golden files show.
func layoutCases() []struct {
	name string
	a    corpus.Answer
} {
	answered := []corpus.Citation{
		cite(1, "a", "North Korea, Russia and the arms trade: what it means for the US–South Korea alliance", "Example Review", "2024-06-20", "https://example.org/arms-trade",
			shellsA, "Intelligence estimates suggest North Korea has sent over three million artillery shells to support Russia’s invasion of Ukraine from 2022–24.", "North Korea", "artillery shells", "sent", "Russia"),
		cite(2, "c", "Munitions by rail", "Korea Wire", "2024-09-03", "", shellsC, shellsC, "16,500 containers", "munitions"),
		cite(3, "a", "North Korea, Russia and the arms trade: what it means for the US–South Korea alliance", "Example Review", "2024-06-20", "https://example.org/arms-trade",
			shellsB, "Illicit arms transfers that contravene international sanctions were recorded as early as 2022 and included artillery shells and rockets from North Korea.", "North Korea", "artillery shells", "Russia"),
	}
	sentences := []corpus.AnswerSentence{
		{Text: "Intelligence estimates suggest North Korea has sent over three million artillery shells to support Russia’s invasion of Ukraine from 2022–24.", N: 1},
		{Text: shellsC, N: 2},
	}
	related := []corpus.Citation{
		cite(1, "a", "North Korea, Russia and the arms trade", "Example Review", "2024-06-20", "https://example.org/arms-trade", shellsA, "", "artillery shells"),
		cite(2, "a", "North Korea, Russia and the arms trade", "Example Review", "2024-06-20", "https://example.org/arms-trade", shellsB, "", "artillery shells"),
	}
	return []struct {
		name string
		a    corpus.Answer
	}{
		{"answered", corpus.Answer{Answer: corpus.JoinAnswer(sentences), Sentences: sentences, Citations: answered}},
		{"differences", corpus.Answer{Answer: corpus.JoinAnswer(sentences), Sentences: sentences, Citations: answered, Differences: []corpus.Difference{
			{About: "containers of munitions", Claims: []corpus.DifferenceClaim{
				{Value: "more than 16,500", N: 2, Source: "Korea Wire", Published: time.Date(2024, 9, 3, 0, 0, 0, 0, time.UTC), By: "South Korean officials", Period: "since August 2023"},
				{Value: "13,000", N: 1, Source: "Example Review", Published: time.Date(2024, 6, 20, 0, 0, 0, 0, time.UTC), By: "Seoul", Period: "since mid-2022"},
			}},
			{About: "dead", Update: true, Claims: []corpus.DifferenceClaim{
				{Value: "37", N: 3, Source: "Example Review", Published: time.Date(2024, 6, 18, 0, 0, 0, 0, time.UTC)},
				{Value: "41", N: 1, Source: "Example Review", Published: time.Date(2024, 6, 20, 0, 0, 0, 0, time.UTC), By: "the \x1b[2Jgovernor"},
			}},
		}}},
		{"declined-related", corpus.Answer{Notice: "The sources don't cover March 2031; the latest on this is from 2024-06-20.", Related: related}},
		{"declined-bare", corpus.Answer{Citations: []corpus.Citation{}}},
		{"declined-notice", corpus.Answer{Citations: []corpus.Citation{}, Notice: "No source is named like \"USA Today\"."}},
		{"unknown-meta", corpus.Answer{
			Answer:    "The artillery shells shipped from Rajin to Vostochny in the first half of the year numbered at least one million. [1]",
			Sentences: []corpus.AnswerSentence{{Text: "The artillery shells shipped from Rajin to Vostochny in the first half of the year numbered at least one million.", N: 1}},
			Citations: []corpus.Citation{
				// A title that tries to drive the terminal, no source, date or URL.
				cite(1, "", "Rail\x1b[2J report \u202eevil", "", "", "", runOn, "", "artillery shells", "Rajin", "Vostochny"),
				cite(2, "", "Untitled notes", "field notes", "", "", "Shells\n\n\nwere counted at Khasan.", "", "Shells"),
			},
		}},
		{"wide", corpus.Answer{
			Answer:    "砲弾の数は三百万発を超えると推定されている。 [1]",
			Sentences: []corpus.AnswerSentence{{Text: "砲弾の数は三百万発を超えると推定されている。", N: 1}},
			Citations: []corpus.Citation{
				cite(1, "jp", "北朝鮮の砲弾 🚀 ロシアへ", "聯合ニュース", "2024-10-01", "https://example.jp/記事/1", strings.Repeat(wide, 7), "", "砲弾", "ロシア"),
			},
		}},
	}
}

var escape = regexp.MustCompile("\x1b\\[[0-9;]*m")

// visible is what a line shows: escapes removed.
func visible(s string) string { return escape.ReplaceAllString(s, "") }

func TestLayoutGolden(t *testing.T) {
	for _, tc := range layoutCases() {
		for _, width := range []int{60, 100} {
			for _, color := range []bool{false, true} {
				name := fmt.Sprintf("%s-%d", tc.name, width)
				l := layout{width: width, pal: plainPalette()}
				if color {
					name += "-color"
					l.pal = ansiPalette()
				}
				t.Run(name, func(t *testing.T) {
					got := l.answer(tc.a)
					path := filepath.Join("testdata", "layout", name+".golden")
					if *update {
						if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
							t.Fatal(err)
						}
					}
					want, err := os.ReadFile(path)
					if err != nil {
						t.Fatalf("%v (run with -update to create it)", err)
					}
					if got != string(want) {
						t.Errorf("layout differs from %s (run with -update after checking):\n%s", path, got)
					}
				})
			}
		}
	}
}

// At every width, for every answer: lines fit (a single unbreakable word,
// such as a link, may overrun), escapes are whole and closed on their
// line, no line ends in a space, nothing from the document is lost or
// reordered, and no citation number starts a line of the answer.
func TestLayoutProperties(t *testing.T) {
	for _, tc := range layoutCases() {
		wide := layout{width: 10000, pal: plainPalette()}.answer(tc.a)
		for width := minWidth; width <= 130; width += 7 {
			for _, pal := range []palette{plainPalette(), ansiPalette()} {
				out := layout{width: width, pal: pal}.answer(tc.a)
				for i, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
					v := visible(line)
					if w := displayWidth(v); w > width && len(strings.Fields(v)) != 1 {
						t.Errorf("%s at %d: line %d is %d wide: %q", tc.name, width, i+1, w, v)
					}
					if strings.ContainsAny(v, "\x1b\x07\u202e") {
						t.Errorf("%s at %d: control character in line %d: %q", tc.name, width, i+1, line)
					}
					if m := escape.FindAllString(line, -1); len(m) > 0 && m[len(m)-1] != "\x1b[0m" {
						t.Errorf("%s at %d: line %d leaves a style open: %q", tc.name, width, i+1, line)
					}
					if strings.HasSuffix(line, " ") {
						t.Errorf("%s at %d: line %d ends in a space: %q", tc.name, width, i+1, line)
					}
				}
				if squeeze(visible(out)) != squeeze(wide) {
					t.Errorf("%s at %d: wrapping changed the text:\n%s", tc.name, width, out)
				}
				answer, _, _ := strings.Cut(visible(out), "\n\n")
				if tc.a.Answer != "" {
					for _, line := range strings.Split(answer, "\n") {
						if strings.HasPrefix(line, "[") {
							t.Errorf("%s at %d: a citation number starts a line: %q", tc.name, width, line)
						}
					}
				}
			}
		}
	}
}

// squeeze is text without its spacing and marks, to compare the words.
func squeeze(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "**", "")), "")
}

// Each document shows its title, source, date and link once, and what is
// not known is not mentioned.
func TestLayoutDocumentOnce(t *testing.T) {
	out := layout{width: 80, pal: plainPalette()}.answer(layoutCases()[0].a)
	for _, once := range []string{"North Korea, Russia and the arms trade", "Example Review · 2024-06-20", "https://example.org/arms-trade\n"} {
		if n := strings.Count(strings.Join(strings.Fields(out), " ")+"\n", strings.TrimSpace(once)); n != 1 {
			t.Errorf("%q shown %d times:\n%s", once, n, out)
		}
	}
	if !strings.Contains(out, "[1][3] North Korea") || !strings.Contains(out, "    [1] “") || !strings.Contains(out, "    [3] “") {
		t.Errorf("citations 1 and 3 are not grouped under one header:\n%s", out)
	}
	// A document cited once links to its passage.
	single := layout{width: 80, pal: plainPalette()}.answer(corpus.Answer{Answer: "x [1]", Citations: layoutCases()[0].a.Citations[:1]})
	if !strings.Contains(single, "https://example.org/arms-trade#:~:text=Intelligence%20estimates") {
		t.Errorf("single citation lacks its passage link:\n%s", single)
	}
	out = layout{width: 80, pal: plainPalette()}.answer(layoutCases()[4].a)
	for _, never := range []string{"unknown", "no URL", " · ", "\n    \n"} {
		if strings.Contains(out, never) {
			t.Errorf("output shows %q:\n%s", never, out)
		}
	}
}

func TestExcerpt(t *testing.T) {
	plainText := func(c corpus.Citation) string {
		ps, before, after := excerpt(c)
		var b strings.Builder
		if before {
			b.WriteString("<")
		}
		for _, p := range ps {
			if p.style == match {
				b.WriteString("*" + p.text + "*")
			} else {
				b.WriteString(p.text)
			}
		}
		if after {
			b.WriteString(">")
		}
		return b.String()
	}
	long := strings.Repeat("Filler sentence about nothing much at all. ", 8) + "The shells arrived by rail. " + strings.Repeat("More filler that says nothing of note. ", 8)
	tests := []struct {
		name string
		c    corpus.Citation
		want string
	}{
		{"short passage whole", corpus.Citation{Passage: shellsC, Highlights: highlights(shellsC, "munitions")},
			"South Korean officials said on Tuesday that more than 16,500 containers of *munitions* had crossed the border by rail since August 2023."},
		{"long passage around the match", corpus.Citation{Passage: long, Highlights: highlights(long, "shells")},
			"<Filler sentence about nothing much at all. The *shells* arrived by rail. More filler that says nothing of note.>"},
		{"best sentence and other matches, gaps marked", corpus.Citation{Passage: shellsA + " " + shellsB, Highlights: highlights(shellsA+" "+shellsB, "Pyongyang", "Illicit"), Sentence: span(shellsA, "Moscow has dispatched")},
			"<Moscow has dispatched high-level officials to *Pyongyang* to tour weapons factories and assets. Anti-tank systems, rifles, rocket launchers and other assets are likely part of what are now regular container shipments from North Korea to Russia. … *Illicit* arms transfers that contravene international sanctions were recorded as early as 2022 and included artillery shells and rockets from North Korea."},
		{"bad highlights ignored", corpus.Citation{Passage: "Shells arrived.", Highlights: [][2]int{{-1, 3}, {0, 99}, {7, 3}, {0, 6}}},
			"*Shells* arrived."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := plainText(tt.c); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
	// One overlong sentence: about wholePassage runes, from its first match.
	got := plainText(corpus.Citation{Passage: runOn, Highlights: highlights(runOn, "artillery")})
	if n := utf8.RuneCountInString(got); n > wholePassage+20 || n < wholePassage-40 || !strings.HasPrefix(got, "<") || !strings.Contains(got, "*artillery*") {
		t.Errorf("%d runes: %s", n, got)
	}
}

func TestLayoutWidth(t *testing.T) {
	tests := []struct {
		cols    int
		isTerm  bool
		columns string
		want    int
	}{
		{0, false, "", 80},
		{0, false, "120", 120},
		{0, false, " 72 ", 72},
		{0, false, "wide", 80},
		{0, false, "-5", 80},
		{0, false, "20", minWidth},
		{132, true, "", 132},
		{132, true, "90", 132},
		{0, true, "90", 90}, // size unknown
		{30, true, "", minWidth},
	}
	for _, tt := range tests {
		if got := layoutWidth(tt.cols, tt.isTerm, tt.columns); got != tt.want {
			t.Errorf("layoutWidth(%d, %v, %q) = %d, want %d", tt.cols, tt.isTerm, tt.columns, got, tt.want)
		}
	}
}

func TestUseANSI(t *testing.T) {
	tests := []struct {
		isTerm          bool
		noColor, termNm string
		want            bool
	}{
		{true, "", "xterm-256color", true},
		{true, "1", "xterm-256color", false},
		{true, "", "dumb", false},
		{false, "", "xterm", false},
	}
	for _, tt := range tests {
		if got := useANSI(tt.isTerm, tt.noColor, tt.termNm); got != tt.want {
			t.Errorf("useANSI(%v, %q, %q) = %v", tt.isTerm, tt.noColor, tt.termNm, got)
		}
	}
}

// runEnv is run with environment variables set.
func runEnv(t *testing.T, data string, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	m := NewMain(strings.NewReader(""), &out, &errb)
	m.Getenv = func(k string) string { return env[k] }
	code = m.Run(context.Background(), append([]string{"--data", data}, args...))
	if err := m.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	return code, out.String(), errb.String()
}

// The whole program wraps to $COLUMNS and groups a document's passages.
func TestAskLayoutThroughTheCLI(t *testing.T) {
	data := t.TempDir()
	for _, width := range []int{45, 60, 100} {
		code, out, errs := runEnv(t, data, map[string]string{"COLUMNS": fmt.Sprint(width), "NO_COLOR": "1"}, "ask", "How many artillery shells has North Korea sent to Russia?")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
			if w := displayWidth(line); w > width {
				t.Errorf("COLUMNS=%d: line %d wide: %q", width, w, line)
			}
		}
		if strings.Contains(out, "\x1b") {
			t.Errorf("escapes in output: %q", out)
		}
		if n := strings.Count(out, "briefbot default corpus"); n != 1 {
			t.Errorf("COLUMNS=%d: the document's byline is shown %d times:\n%s", width, n, out)
		}
		if !strings.HasPrefix(squash(out), "Intelligence estimates suggest North Korea has sent over three million artillery shells") {
			t.Errorf("COLUMNS=%d: answer first, got:\n%s", width, out)
		}
	}
}
