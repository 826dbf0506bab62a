package index

import (
	"strings"
	"testing"

	"github.com/briefbot/briefbot/corpus"
)

// A list mark before a sentence is not part of the answer: the answer
// starts at the sentence's first word, still quoting its passage.
func TestAnswerWithoutListMarks(t *testing.T) {
	for in, want := range map[string]string{
		"∎ British Prime Minister Rishi Sunak spoke.": "British Prime Minister Rishi Sunak spoke.",
		"  • Main Street building: three stories. ":   "Main Street building: three stories.",
		">> HSE duo make college commitments.":        "HSE duo make college commitments.",
		"*** ":                                        "***",
		"“Yes,” she said.":                            "“Yes,” she said.",
		"$40 an hour is the top wage.":                "$40 an hour is the top wage.",
	} {
		if got := unmarked(in); got != want {
			t.Errorf("unmarked(%q) = %q, want %q", in, got, want)
		}
	}
	ix := datedIndex(t, nil, []corpus.Document{{ID: "g7", Title: "G7 summit", Source: "World Desk", Published: day("2024-06-14"),
		Text: "Summit notes\n\n∎ The 2024 G7 summit was held in Apulia, Italy, with talks on Ukraine."}})
	a := askText(t, ix, "Where was the G7 summit held in 2024?")
	if !strings.HasPrefix(a.Answer, "The 2024 G7 summit was held") {
		t.Errorf("answer %q; want it to start at the sentence's first word", a.Answer)
	}
	for _, c := range a.Citations {
		if !strings.Contains(c.Passage, strings.TrimSuffix(a.Answer, " [1]")) {
			t.Errorf("answer %q is not verbatim text of its citation %q", a.Answer, c.Passage)
		}
	}
}
