package corpus

import (
	"strings"
	"testing"
)

func TestSentences(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"One. Two! Three?", []string{"One.", "Two!", "Three?"}},
		{`It beat "The Super Mario Bros. Movie" ($204.6 million). Then it fell.`, []string{`It beat "The Super Mario Bros. Movie" ($204.6 million).`, "Then it fell."}},
		{"Mr. Kim met Dr. Putin in Sept. 2024. They talked.", []string{"Mr. Kim met Dr. Putin in Sept. 2024.", "They talked."}},
		{"The U.S. said so. J. R. R. Tolkien wrote it.", []string{"The U.S. said so.", "J. R. R. Tolkien wrote it."}},
		{"Pistons head coach J.B. Bickerstaff said so. T.J. Watt played.", []string{"Pistons head coach J.B. Bickerstaff said so.", "T.J. Watt played."}},
		{"They met in Washington, D.C. The talks went on.", []string{"They met in Washington, D.C.", "The talks went on."}},
		{`He said "stop." Then left.`, []string{`He said "stop."`, "Then left."}},
		{"It cost 3.5 billion. 76.6 per cent agreed.", []string{"It cost 3.5 billion.", "76.6 per cent agreed."}},
		{"line one\nline two", []string{"line one", "line two"}},
		{"no end", []string{"no end"}},
		{"ends with lower. case continues", []string{"ends with lower. case continues"}},
		{"  ", nil},
		{"He said ‘cozy up’. Then.", []string{"He said ‘cozy up’.", "Then."}},
		// An abbreviation opening a quote or a bracket ends nothing.
		{"In the song “Auntie Diaries,” off his record “Mr. Morale & the Big Steppers,” Lamar raps. Then.", []string{"In the song “Auntie Diaries,” off his record “Mr. Morale & the Big Steppers,” Lamar raps.", "Then."}},
		{"He thanked (Dr. Ruth Lee) and ‘St. Paul’ fans. Then.", []string{"He thanked (Dr. Ruth Lee) and ‘St. Paul’ fans.", "Then."}},
		{"The title was “Help.” Then it fell.", []string{"The title was “Help.”", "Then it fell."}},
	}
	for _, tt := range tests {
		var got []string
		for _, r := range Sentences(tt.in) {
			got = append(got, tt.in[r[0]:r[1]])
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("Sentences(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSplitVerbatimAndSized(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 40; i++ {
		b.WriteString("Short line number one.\n\n")
		b.WriteString(strings.Repeat("A long sentence about artillery shells and containers. ", 5+i%30))
		b.WriteString("\n")
	}
	text := b.String()
	ps := Split("d", text)
	if len(ps) < 10 {
		t.Fatalf("got %d passages, want many", len(ps))
	}
	for i, p := range ps {
		if text[p.Start:p.End] != p.Text {
			t.Fatalf("passage %d is not verbatim", i)
		}
		if p.N != i || p.DocID != "d" {
			t.Fatalf("passage %d numbered %d doc %q", i, p.N, p.DocID)
		}
		if len(p.Text) > paragraphMax {
			t.Errorf("passage %d is %d bytes, over %d", i, len(p.Text), paragraphMax)
		}
		if strings.TrimSpace(p.Text) != p.Text {
			t.Errorf("passage %d not trimmed", i)
		}
		if i > 0 && ps[i-1].End > p.Start {
			t.Errorf("passages %d and %d overlap", i-1, i)
		}
	}
}

func TestSplitEmpty(t *testing.T) {
	if ps := Split("d", " \n\n \t"); len(ps) != 0 {
		t.Fatalf("got %d passages from blank text", len(ps))
	}
}

func FuzzSplit(f *testing.F) {
	f.Add("One. Two.\n\nThree.")
	f.Add(strings.Repeat("word. ", 600))
	f.Add("\xff\xfe bad utf8. Ok.")
	f.Add(strings.Repeat("word ", 600))
	f.Add(strings.Repeat("\xe2\x82", 1500))
	f.Fuzz(func(t *testing.T, text string) {
		prevEnd := 0
		for _, p := range Split("d", text) {
			if p.Start < prevEnd || p.End > len(text) || text[p.Start:p.End] != p.Text || p.Text == "" || len(p.Text) > DefaultMaxPassage {
				t.Fatalf("bad passage %+v", p)
			}
			prevEnd = p.End
		}
		for _, s := range Sentences(text) {
			if s[0] >= s[1] || s[1] > len(text) {
				t.Fatalf("bad sentence %v", s)
			}
		}
	})
}
