package slack

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/schedule"
	"github.com/briefbot/briefbot/corpus"
)

var update = flag.Bool("update", false, "rewrite golden files")

func golden(t *testing.T, name string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from the golden file; got:\n%s", name, got)
	}
}

func answerReply() bot.Reply {
	p := "Officials said on Tuesday that North Korea has sent about 20,000 containers of munitions to Russia since August, a *huge* jump. The shipments go through the port of Rajin & on by rail."
	s := strings.Index(p, "North Korea")
	e := strings.Index(p, "jump.") + len("jump.")
	h := strings.Index(p, "containers")
	return bot.Reply{
		Kind: bot.KindAnswer, Ephemeral: true, Shareable: true, ShareText: "ask how many containers",
		Answer: &corpus.Answer{
			Question: "how many containers",
			Answer:   "North Korea has sent about 20,000 containers of munitions to Russia since August, a *huge* jump.",
			Citations: []corpus.Citation{
				{N: 1, Title: "Arms <trade> & the war", Source: "Reuters", URL: "https://example.com/a?x=1&y=2",
					Published: time.Date(2024, 11, 5, 0, 0, 0, 0, time.UTC), Passage: p,
					Sentence: [2]int{s, e}, Highlights: [][2]int{{h, h + len("containers")}}},
				{N: 2, Title: "Untitled_notes", Source: "briefbot default corpus", Passage: "Containers ~keep~ arriving, `daily`.",
					Sentence: [2]int{0, 36}, Highlights: [][2]int{{0, 10}}},
			},
		},
	}
}

// An answer as shown: kept, so it carries "Helpful" and "Not helpful"
// beside "Post to channel".
func TestMessageAnswerGolden(t *testing.T) {
	golden(t, "answer.json", render(answerReply(), shareKeyPrefix+"0123456789abcdef01234567"))
}

// Figures the sources give differently stand under the answer, each
// citation number linked to its quote.
func TestMessageDifferencesGolden(t *testing.T) {
	r := answerReply()
	r.Answer.Differences = []corpus.Difference{
		{About: "containers of munitions", Claims: []corpus.DifferenceClaim{
			{Value: "about 20,000", N: 1, Source: "Reuters", Published: time.Date(2024, 11, 5, 0, 0, 0, 0, time.UTC), By: "officials", Period: "since August"},
			{Value: "13,000", N: 2, Source: "briefbot default corpus", By: "South Korea", Period: "since mid-2022"},
		}},
		{About: "dead", Update: true, Claims: []corpus.DifferenceClaim{
			{Value: "37", N: 2, Source: "Reuters", Published: time.Date(2024, 11, 3, 0, 0, 0, 0, time.UTC)},
			{Value: "<41>", N: 1, Source: "Reuters", Published: time.Date(2024, 11, 5, 0, 0, 0, 0, time.UTC), By: "the *governor*"},
		}},
	}
	m := Message(r)
	golden(t, "answer_differences.json", m)
	if !strings.Contains(m.Text, "Sources differ: about 20,000 containers of munitions since August (Reuters, 5 November 2024, per officials) [1] · 13,000") {
		t.Errorf("fallback text %q lacks the difference", m.Text)
	}
}

func TestMessageAnswer(t *testing.T) {
	m := Message(answerReply())
	if m.ResponseType != Ephemeral {
		t.Errorf("response_type %q", m.ResponseType)
	}
	if !strings.Contains(m.Text, "20,000 containers") {
		t.Errorf("fallback text %q lacks the answer", m.Text)
	}
	blocks := blocksJSON(t, m)
	var types []string
	for _, b := range blocks {
		types = append(types, b["type"].(string))
	}
	if got := strings.Join(types, ","); got != "section,context,section,context,section,context,actions" {
		t.Errorf("block types %s", got)
	}
	all := strings.Join(texts(blocks), "\n")
	for _, want := range []string{
		"*North Korea has sent about 20,000 containers of munitions to Russia since August, a \u2217huge\u2217 jump.*", // answer, bold, source * neutralised
		">Officials said on Tuesday that North Korea has sent about 20,000 *containers* of munitions",                  // quote with highlight
		"[1] <https://example.com/a?x=1&amp;y=2|Arms &lt;trade&gt; &amp; the war> · Reuters · 2024-11-05",              // linked title, source, date
		"[2] Untitled_notes · briefbot default corpus",                                                                 // no URL: plain title
		"\u223Ckeep\u223C arriving, \u02CBdaily\u02CB.",                                                                // ~ and ` neutralised
		"Post to channel",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("blocks lack %q:\n%s", want, all)
		}
	}
	// The button re-runs the request.
	act := blocks[len(blocks)-1]["elements"].([]any)[0].(map[string]any)
	if act["action_id"] != ShareActionID || act["value"] != "ask how many containers" {
		t.Errorf("button %v", act)
	}
}

func TestMessageNoShareButtonWhenPublicOrTooLong(t *testing.T) {
	r := answerReply()
	r.Ephemeral, r.Shareable = false, false
	m := Message(r)
	if m.ResponseType != InChannel {
		t.Errorf("response_type %q", m.ResponseType)
	}
	for _, b := range blocksJSON(t, m) {
		if b["type"] == "actions" {
			t.Error("public answer has a share button")
		}
	}
	r = answerReply()
	r.ShareText = strings.Repeat("x", maxButtonValue+1)
	for _, b := range blocksJSON(t, Message(r)) {
		if b["type"] == "actions" {
			t.Error("button value over Slack's 2,000 characters")
		}
	}
}

// entity matches what may follow & in mrkdwn we produce.
var entity = regexp.MustCompile(`&(amp|lt|gt);`)

// TestMessageLimits renders hostile, huge replies and checks Slack's limits
// and escaping hold.
func TestMessageLimits(t *testing.T) {
	nasty := strings.Repeat("&<>*_~` ", 100) + strings.Repeat("word ", 2000) + "<!channel> <@U123> *bold* _it_ ~s~ `c`"
	var cites []corpus.Citation
	for i := 0; i < 40; i++ {
		cites = append(cites, corpus.Citation{N: i + 1, Title: strings.Repeat("T&", 300), Source: "S<", URL: "https://e.com/|>x",
			Passage: nasty, Sentence: [2]int{0, len(nasty)}, Highlights: [][2]int{{0, 40}, {900, 1300}}})
	}
	var docs []corpus.DocumentInfo
	for i := 0; i < 500; i++ {
		u := "https://e.com/" + fmt.Sprint(i)
		if i%7 == 0 {
			u += "?q=" + strings.Repeat("&x", 3000) // too long to link
		}
		docs = append(docs, corpus.DocumentInfo{ID: fmt.Sprint(i), Title: strings.Repeat("&", 200), Source: "src", URL: u, Passages: i})
	}
	// Long linked titles with spaces: a cut could fall inside a link.
	var long []corpus.DocumentInfo
	for i := 0; i < 8; i++ {
		long = append(long, corpus.DocumentInfo{Title: strings.Repeat("&& ", 70), Source: "src", URL: "https://e.com/" + strings.Repeat("a", 900) + fmt.Sprint(i)})
	}
	items := []corpus.DigestItem{{Title: "t", URL: "https://e.com/t", Source: "S", Sentences: []string{"s"}, AlsoReportedBy: long}}
	for i := 0; i < 60; i++ {
		items = append(items, corpus.DigestItem{Title: nasty[:300], URL: "javascript:alert(1)", Source: "S", Sentences: []string{nasty, nasty},
			AlsoReportedBy: docs[:30]})
	}
	var cmds []bot.Command
	for i := 0; i < 80; i++ {
		cmds = append(cmds, bot.Command{Name: "c", Usage: "c `x`", Summary: nasty[:500], Examples: []string{"a", "b"}})
	}
	replies := map[string]bot.Reply{
		"answer":  {Kind: bot.KindAnswer, Shareable: true, ShareText: "ask x", Answer: &corpus.Answer{Question: nasty, Answer: nasty, Citations: cites}},
		"sources": {Kind: bot.KindSources, Documents: docs, Total: 500},
		"digest":  {Kind: bot.KindDigest, Digest: &corpus.Digest{Items: items, More: 7}},
		"help":    {Kind: bot.KindHelp, Text: nasty, Help: cmds},
		"error":   {Kind: bot.KindError, Text: nasty},
		"message": {Kind: bot.KindMessage, Text: nasty},
	}
	for name, r := range replies {
		t.Run(name, func(t *testing.T) {
			m := Message(r)
			blocks := blocksJSON(t, m)
			if len(blocks) == 0 || len(blocks) > MaxBlocks {
				t.Fatalf("%d blocks", len(blocks))
			}
			// Slack truncates text over 40,000 characters; we stay far below.
			if m.Text == "" || utf8.RuneCountInString(m.Text) > 5*maxFallbackText {
				t.Errorf("fallback text has %d characters", utf8.RuneCountInString(m.Text))
			}
			checkEscaped(t, m.Text)
			for i, b := range blocks {
				switch b["type"] {
				case "section":
					txt := b["text"].(map[string]any)["text"].(string)
					if n := utf8.RuneCountInString(txt); n > MaxSectionText {
						t.Errorf("block %d: section text %d characters", i, n)
					}
					checkEscaped(t, txt)
				case "context":
					els := b["elements"].([]any)
					if len(els) > MaxContextElems {
						t.Errorf("block %d: %d context elements", i, len(els))
					}
					for _, e := range els {
						txt := e.(map[string]any)["text"].(string)
						if n := utf8.RuneCountInString(txt); n > MaxSectionText {
							t.Errorf("block %d: context text %d characters", i, n)
						}
						// Escaped text has no < or >: only links do, whole.
						if strings.Count(txt, "<") != strings.Count(txt, ">") {
							t.Errorf("block %d: a link cut short: %q", i, txt[max(0, len(txt)-80):])
						}
						checkEscaped(t, txt)
					}
				}
			}
		})
	}
}

// checkEscaped fails if source text escaped into mrkdwn: a bare & that is
// not one of our entities, a mention, or a formatting character pair from
// the source.
func checkEscaped(t *testing.T, s string) {
	t.Helper()
	for i := strings.IndexByte(s, '&'); i >= 0; i = next(s, i) {
		if !entity.MatchString(s[i:min(len(s), i+5)]) {
			t.Fatalf("bare or cut entity at %d: %q", i, s[i:min(len(s), i+10)])
		}
	}
	for _, bad := range []string{"<!channel>", "<@U123>", "_it_", "~s~", "`c`", "javascript:"} {
		if strings.Contains(s, bad) {
			t.Fatalf("unescaped %q in %q", bad, s[:min(len(s), 200)])
		}
	}
	if strings.Contains(s, "*bold*") {
		t.Fatalf("source *bold* survived")
	}
}

func next(s string, i int) int {
	j := strings.IndexByte(s[i+1:], '&')
	if j < 0 {
		return -1
	}
	return i + 1 + j
}

func TestMessageOtherKinds(t *testing.T) {
	cases := []struct {
		name string
		r    bot.Reply
		want []string
	}{
		{"no answer", bot.Reply{Kind: bot.KindAnswer, Text: corpus.NotAnswered, Answer: &corpus.Answer{Question: "zebra <stripes>"}, Ephemeral: true},
			[]string{corpus.NotAnswered, "You asked: zebra &lt;stripes&gt;"}},
		{"help", bot.New(bot.Config{}).Handle(t.Context(), bot.Request{Text: "help"}),
			[]string{"`/brief ask &lt;question&gt;`", "• `/brief How many artillery shells has North Korea sent to Russia?`", "`/brief sources`"}},
		{"sources", bot.Reply{Kind: bot.KindSources, Text: "2 documents in the corpus.", Total: 2, Documents: []corpus.DocumentInfo{
			{Title: "B", URL: "https://b.example/", Source: "AP", Published: time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC), Passages: 3},
			{Title: "A", Passages: 1}}},
			[]string{"2 documents in the corpus.", "• <https://b.example/|B> · AP · 2024-01-02 · 3 passages\n• A · 1 passages"}},
		{"digest", bot.Reply{Kind: bot.KindDigest, Digest: &corpus.Digest{Topic: "shells", Since: time.Date(2024, 11, 1, 9, 0, 0, 0, time.UTC), Items: []corpus.DigestItem{
			{Title: "Shells", URL: "https://s.example/", Source: "AP", Sentences: []string{"More shells arrived."},
				AlsoReportedBy: []corpus.DocumentInfo{{Title: "Also", Source: "BBC", URL: "https://bbc.example/"}}}}}},
			[]string{"What's new since 2024-11-01 09:00 UTC on shells", "*<https://s.example/|Shells>*\n>More shells arrived.", "AP · also reported by <https://bbc.example/|BBC · Also>"}},
		{"error", bot.Reply{Kind: bot.KindError, Text: "bad <date>", Ephemeral: true}, []string{":warning: bad &lt;date&gt;"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			all := strings.Join(texts(blocksJSON(t, Message(c.r))), "\n")
			for _, w := range c.want {
				if !strings.Contains(all, w) {
					t.Errorf("lacks %q in:\n%s", w, all)
				}
			}
		})
	}
}

func TestEscapeKeepsWordsVerbatim(t *testing.T) {
	tests := []struct{ in, want string }{
		{"file_name and 3*4 and x~y", "file_name and 3*4 and x~y"},
		{"*bold* _it_ ~gone~", "\u2217bold\u2217 \u02CDit\u02CD \u223Cgone\u223C"},
		{"a `code` b", "a \u02CBcode\u02CB b"},
		{"<@U123> & <!channel>", "&lt;@U123&gt; &amp; &lt;!channel&gt;"},
		{"_", "\u02CD"},
		{"naïve_café", "naïve_café"},
	}
	for _, tt := range tests {
		if got := escape(tt.in); got != tt.want {
			t.Errorf("escape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// A composed answer links each citation number to the quote, and a
// declined question shows related passages under their own heading.
func TestMessageComposedAndRelated(t *testing.T) {
	r := answerReply()
	a := *r.Answer
	c1, c2 := a.Citations[0], a.Citations[1]
	c1.Link = "https://example.com/a?x=1#:~:text=Officials%20said"
	a.Citations = []corpus.Citation{c1, c2}
	a.Sentences = []corpus.AnswerSentence{{Text: "North Korea has sent about 20,000 containers.", N: 1}, {Text: "Containers keep arriving.", N: 2}}
	a.Answer = corpus.JoinAnswer(a.Sentences)
	r.Answer = &a
	all := strings.Join(texts(blocksJSON(t, Message(r))), "\n")
	for _, want := range []string{
		"*North Korea has sent about 20,000 containers.* <https://example.com/a?x=1#:~:text=Officials%20said|[1]> *Containers keep arriving.* [2]",
		"[1] <https://example.com/a?x=1#:~:text=Officials%20said|Arms &lt;trade&gt; &amp; the war>",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("blocks lack %q:\n%s", want, all)
		}
	}

	declined := bot.Reply{Kind: bot.KindAnswer, Text: corpus.NotAnswered + " The sources don't cover July 2025.", Ephemeral: true,
		Answer: &corpus.Answer{Question: "Who won in July 2025?", Citations: []corpus.Citation{}, Related: []corpus.Citation{c1}}}
	all = strings.Join(texts(blocksJSON(t, Message(declined))), "\n")
	for _, want := range []string{"The sources don't cover July 2025.", "*" + corpus.RelatedHeading + "*", "[1] <https://example.com/a?x=1#:~:text=Officials%20said|"} {
		if !strings.Contains(all, want) {
			t.Errorf("declined blocks lack %q:\n%s", want, all)
		}
	}
}

// Our messages show commands and schedules in code spans, so a cron
// example is copied as typed (no look-alike asterisks), while &, < and >
// are still entities, inside and outside the spans.
func TestMessageKeepsCommandsCopyable(t *testing.T) {
	_, err := schedule.Parse("0 8 * * 1-5 <b> & more")
	if err == nil {
		_, err = schedule.Parse("61 8 * * *")
	}
	var se *schedule.Error
	if !errors.As(err, &se) {
		t.Fatalf("no schedule error: %v", err)
	}
	for _, text := range []string{
		se.Msg,
		"Try `/brief subscribe 0 8 * * 1-5 a<b & c>d`, not *that* <here> & `there",
	} {
		m := Message(bot.Reply{Kind: bot.KindError, Text: text, Ephemeral: true})
		got := strings.Join(texts(blocksJSON(t, m)), "\n")
		for _, span := range regexp.MustCompile("`[^`]*`").FindAllString(got, -1) {
			if strings.ContainsAny(span, "\u2217\u02CD\u223C<>") {
				t.Errorf("code span %q is not verbatim", span)
			}
		}
		if strings.Contains(text, "0 8 * * 1-5") && !strings.Contains(got, "0 8 * * 1-5") {
			t.Errorf("cron example not copyable:\n%s", got)
		}
		if strings.ContainsAny(strings.NewReplacer("<@", "", "<http", "").Replace(got), "<>") {
			t.Errorf("unescaped < or > in:\n%s", got)
		}
	}
	m := Message(bot.Reply{Kind: bot.KindError, Text: "Try `/brief subscribe 0 8 * * 1-5 a<b & c>d`, not *that* <here> & `there"})
	got := strings.Join(texts(blocksJSON(t, m)), "\n")
	want := ":warning: Try `/brief subscribe 0 8 * * 1-5 a&lt;b &amp; c&gt;d`, not \u2217that\u2217 &lt;here&gt; &amp; \u02CBthere"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if se.Msg != "" && !strings.Contains(se.Msg, "`0 8 * * 1-5`") {
		t.Errorf("schedule error shows no code span for its cron example: %q", se.Msg)
	}
}
