package discord

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/corpus"
)

var update = flag.Bool("update", false, "rewrite golden files")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	file := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from the golden file (rerun with -update after checking):\n%s", name, got)
	}
}

func TestRenderGolden(t *testing.T) {
	a := testAnswer()
	a.Question = "Where did the first North Korean troops arrive?"
	noURL := a.Citations[0]
	noURL.N, noURL.URL, noURL.Link, noURL.Title, noURL.Source, noURL.Published = 2, "", "", "Briefing | *notes* #2", corpus.DefaultSource, time.Time{}
	noURL.Passage = "- Ammunition: >1 million shells (estimate).\n- Troops: ~11,000 `soldiers`."
	noURL.Sentence = [2]int{0, len(noURL.Passage)}
	noURL.Highlights = nil
	a.Citations = append(a.Citations, noURL)
	// An answer as shown carries all four buttons, each with the key of
	// the stored answer (the share button here as an older version's).
	const key = "0123456789abcdef01234567"
	all := buttons{share: "brief:share:ask " + a.Question, up: voteUpPrefix + key, down: voteDownPrefix + key, follow: followPrefix + key}
	for _, tt := range []struct {
		name    string
		reply   bot.Reply
		buttons buttons
	}{
		{"answer.json", bot.Reply{Kind: bot.KindAnswer, Answer: &a, Ephemeral: true, Shareable: true, ShareText: "ask " + a.Question}, all},
		{"no_answer.json", bot.Reply{Kind: bot.KindAnswer, Answer: &corpus.Answer{Question: "Who won the 1998 World Cup?"}, Text: corpus.NotAnswered, Ephemeral: true}, all},
		{"composed.json", bot.Reply{Kind: bot.KindAnswer, Answer: composedAnswer(a), Ephemeral: true}, buttons{}},
		{"related.json", bot.Reply{Kind: bot.KindAnswer, Answer: &corpus.Answer{Question: "Who won the Tour de France in July 2025?", Citations: []corpus.Citation{}, Related: a.Citations[:1]},
			Text: corpus.NotAnswered + " The sources don't cover July 2025; the latest on this is from 2024-10-20.", Ephemeral: true}, all},
		{"differences.json", bot.Reply{Kind: bot.KindAnswer, Answer: withDifferences(composedAnswer(a)), Ephemeral: true}, buttons{}},
		{"digest.json", testDigest(), all},
		{"error.json", bot.Reply{Kind: bot.KindError, Text: "before:2024-01-01 is earlier than after:2024-06-01, so nothing can match.", Ephemeral: true}, all},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := renderButtons(tt.reply, tt.buttons, DefaultSubcommands())
			var b strings.Builder
			enc := json.NewEncoder(&b)
			enc.SetEscapeHTML(false)
			enc.SetIndent("", "  ")
			if err := enc.Encode(m.responseData()); err != nil {
				t.Fatal(err)
			}
			golden(t, tt.name, []byte(b.String()))
			checkLimits(t, m)
		})
	}
}

// checkLimits fails when a message breaks one of Discord's limits.
func checkLimits(t *testing.T, m message) {
	t.Helper()
	r := utf8.RuneCountInString
	if r(m.Content) > maxContent {
		t.Errorf("content %d characters", r(m.Content))
	}
	if len(m.Embeds) > maxEmbeds {
		t.Errorf("%d embeds", len(m.Embeds))
	}
	for _, e := range m.Embeds {
		if r(e.Title) > maxTitle || r(e.Description) > maxDescription || len(e.Fields) > maxFields {
			t.Errorf("embed title %d, description %d, %d fields", r(e.Title), r(e.Description), len(e.Fields))
		}
		if e.Footer != nil && r(e.Footer.Text) > maxFooter {
			t.Errorf("footer %d", r(e.Footer.Text))
		}
		for _, f := range e.Fields {
			if r(f.Name) > maxFieldName || r(f.Value) > maxFieldValue || strings.TrimSpace(f.Name) == "" || strings.TrimSpace(f.Value) == "" {
				t.Errorf("field name %d, value %d", r(f.Name), r(f.Value))
			}
		}
	}
	if n := embedsLength(m.Embeds); n > maxEmbedsTotal {
		t.Errorf("embeds total %d characters", n)
	}
	for _, c := range m.Components {
		for _, b := range c.(discordgo.ActionsRow).Components {
			if id := b.(discordgo.Button).CustomID; len(id) > maxCustomID {
				t.Errorf("custom_id %d bytes", len(id))
			}
		}
	}
}

// Long passages, many citations and markdown-heavy text still fit, and the
// passage is trimmed around its best sentence.
func TestRenderFitsLimits(t *testing.T) {
	word := "shells_*~ "
	long := strings.Repeat(word, 600) // 6,000 characters, half of them escaped
	sentence := "The first North Korean troops arrived in Vladivostok."
	passage := long + sentence + " " + long
	var cites []corpus.Citation
	for i := range 30 {
		cites = append(cites, corpus.Citation{N: i + 1, Title: strings.Repeat("Title ", 80), Source: strings.Repeat("S", 300),
			URL: "https://news.example/" + strings.Repeat("p", 500), Passage: passage,
			Sentence: [2]int{len(long), len(long) + len(sentence)}})
	}
	a := corpus.Answer{Question: strings.Repeat("q ", 3000), Answer: strings.Repeat("answer ", 1000), Citations: cites, Matched: 99}
	m := render(bot.Reply{Kind: bot.KindAnswer, Answer: &a}, "", DefaultSubcommands())
	checkLimits(t, m)
	e := m.Embeds[0]
	if len(e.Fields) == 0 || !strings.Contains(e.Fields[0].Value, "arrived in Vladivostok") {
		t.Errorf("first field lost the best sentence: %q", e.Fields[0].Value)
	}
	if !strings.HasPrefix(e.Fields[0].Value, "> "+bot.Ellipsis+"The first North Korean") {
		t.Errorf("excerpt does not start at the best sentence: %.80q", e.Fields[0].Value)
	}

	var docs []corpus.DocumentInfo
	for i := range 500 {
		docs = append(docs, corpus.DocumentInfo{ID: fmt.Sprint(i), Title: strings.Repeat("t", 100), URL: "https://x.example/" + fmt.Sprint(i)})
	}
	checkLimits(t, render(bot.Reply{Kind: bot.KindSources, Documents: docs, Total: 600, Text: "600 documents"}, "", nil))

	d := testDigest()
	for range 20 {
		d.Digest.Items = append(d.Digest.Items, corpus.DigestItem{Title: strings.Repeat("T", 300), Sentences: []string{long}})
	}
	dm := render(d, "", nil)
	checkLimits(t, dm)
	if len(dm.Embeds) != maxEmbeds || !strings.Contains(dm.Content, "and 11 more") {
		t.Errorf("%d embeds, content %q", len(dm.Embeds), dm.Content)
	}
	checkLimits(t, render(bot.Reply{Kind: bot.KindError, Text: long}, "", nil))
}

func FuzzRenderAnswer(f *testing.F) {
	f.Add("Where?", "They arrived.", "They arrived. Then *left*.", "T", "S", "https://x.example/a", 0, 13, 3)
	f.Add("", "", "", "", "", "", 0, 0, 0)
	f.Add("q", "a\\", "`x` ||spoiler|| > quote\n# head\n- item", "[t](u)", "@everyone", "javascript:alert(1)", 5, 2, 30)
	f.Fuzz(func(t *testing.T, q, ans, passage, title, source, url string, s0, s1, n int) {
		n = max(0, min(n, 40))
		var cites []corpus.Citation
		for i := range n {
			cites = append(cites, corpus.Citation{N: i + 1, Title: title, Source: source, URL: url, Passage: passage,
				Sentence: [2]int{s0, s1}, Highlights: [][2]int{{s0, s1}, {s1, s0}}})
		}
		a := corpus.Answer{Question: q, Answer: ans, Citations: cites}
		m := render(bot.Reply{Kind: bot.KindAnswer, Answer: &a, Shareable: true, ShareText: q}, newShareStore().customID(bot.Reply{ShareText: q}), nil)
		checkLimits(t, m)
		if _, err := json.Marshal(m.responseData()); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(safeURL(url), ">") || strings.Contains(safeURL(url), ")") {
			t.Errorf("safeURL(%q) can end a markdown link", url)
		}
	})
}

func TestEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain words, 2024.", "plain words, 2024."},
		{"*bold* _it_ ~~s~~ `code` ||spoiler||", `\*bold\* \_it\_ \~\~s\~\~ \` + "`code\\`" + ` \|\|spoiler\|\|`},
		{"> quote\n# heading", "\\> quote\n\\# heading"},
		{"- item\n+ item\n12. item\n  - nested", "\\- item\n\\+ item\n12\\. item\n  \\- nested"},
		{"North-Korea 1.5 a - b", "North-Korea 1.5 a - b"},
		{"[link](https://x) <@123>", `\[link\]\(https://x\) \<@123\>`},
		{`back\slash`, `back\\slash`},
	}
	for _, tt := range tests {
		if got := escape(tt.in); got != tt.want {
			t.Errorf("escape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		in    string
		limit int
		want  string
	}{
		{"short", 10, "short"},
		{"one two three four", 12, "one two…"},
		{`ends in \* escape`, 10, `ends in…`},
		{`aaaaaaaa\*`, 10, `aaaaaaaa\*`},
		{`aaaaaaaaa\*b`, 11, `aaaaaaaaa…`},
		{"ünïcödé wörds", 9, "ünïcödé…"},
	}
	for _, tt := range tests {
		got := truncate(tt.in, tt.limit)
		if got != tt.want || utf8.RuneCountInString(got) > tt.limit {
			t.Errorf("truncate(%q, %d) = %q, want %q", tt.in, tt.limit, got, tt.want)
		}
	}
}

func TestMarkdownLink(t *testing.T) {
	tests := []struct{ text, url, want string }{
		{"Title", "https://x.example/a", "[Title](<https://x.example/a>)"},
		{"Title", "", "Title"},
		{"Title", "javascript:alert(1)", "Title"},
		{"Title", "/relative", "Title"},
		{"A [b]", "https://x.example/a b)c>d", `[A \[b\]](<https://x.example/a%20b%29c%3Ed>)`},
	}
	for _, tt := range tests {
		if got := markdownLink(tt.text, tt.url); got != tt.want {
			t.Errorf("markdownLink(%q, %q) = %q, want %q", tt.text, tt.url, got, tt.want)
		}
	}
}

func TestDigestHintIsMarkdown(t *testing.T) {
	d := &corpus.Digest{Topic: "north_korea *arms*", More: 3, Items: []corpus.DigestItem{{Title: "One", DocID: "a", Sentences: []string{"A sentence."}}}}
	m := render(bot.Reply{Kind: bot.KindDigest, Digest: d}, "", DefaultSubcommands())
	if !strings.Contains(m.Content, "(`/brief digest` for all)") {
		t.Errorf("hint escaped: %q", m.Content)
	}
	if !strings.Contains(m.Content, `\*arms\*`) {
		t.Errorf("topic not escaped: %q", m.Content)
	}
}

// composedAnswer has two sentences, each from its own citation.
func composedAnswer(a corpus.Answer) *corpus.Answer {
	a.Sentences = []corpus.AnswerSentence{{Text: a.Answer, N: 1}, {Text: "Troops: ~11,000 `soldiers`.", N: 2}}
	a.Answer = corpus.JoinAnswer(a.Sentences)
	return &a
}

// withDifferences adds figures the sources give differently, and one
// source's revision, to an answer citing two passages.
func withDifferences(a *corpus.Answer) *corpus.Answer {
	a.Differences = []corpus.Difference{
		{About: "troops", Claims: []corpus.DifferenceClaim{
			{Value: "about 11,000", N: 1, Source: "Example News", Published: time.Date(2024, 10, 20, 0, 0, 0, 0, time.UTC), By: "South Korean intelligence"},
			{Value: "~12,000", N: 2, Source: corpus.DefaultSource, By: "the *Pentagon*", Period: "since October"},
		}},
		{About: "dead", Update: true, Claims: []corpus.DifferenceClaim{
			{Value: "37", N: 2, Source: "Example News", Published: time.Date(2024, 10, 18, 0, 0, 0, 0, time.UTC)},
			{Value: "41", N: 1, Source: "Example News", Published: time.Date(2024, 10, 20, 0, 0, 0, 0, time.UTC)},
		}},
	}
	return a
}

// Commands and schedules in our messages stay code, copied as typed.
func TestRenderKeepsCommandsCopyable(t *testing.T) {
	m := render(bot.Reply{Kind: bot.KindError, Text: "Try `/brief subscribe 0 8 * * 1-5 sanctions`, not *that* & `there"}, "", nil)
	want := "Try `/brief subscribe 0 8 * * 1-5 sanctions`, not \\*that\\* & \\`there"
	if m.Content != want {
		t.Errorf("got  %q\nwant %q", m.Content, want)
	}
}
