package slack

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/corpus"
)

// An update names the story it continues, and reports adding nothing are
// counted, on the item and at the end of the digest.
func TestDigestShowsUpdatesAndRereports(t *testing.T) {
	earlier := corpus.StoryRef{Title: "Bird flu on an Iowa farm", Date: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)}
	d := &corpus.Digest{Rereports: 2, Items: []corpus.DigestItem{{
		Title: "Bird flu spreads to a second farm", DocID: "a", Source: "Quill", Sentences: []string{"Bird flu has spread to a second farm."},
		UpdateOf: &earlier, Rereports: 1,
		Differences: []corpus.Difference{{About: "dead", Claims: []corpus.DifferenceClaim{{Value: "41", Source: "Lantern Post"}, {Value: "at least 37", Source: "Quill Daily"}}}},
	}}}
	m := Message(bot.Reply{Kind: bot.KindDigest, Digest: d})
	b, err := json.Marshal(m.Blocks)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Update to the story of Mar 1", "1 more report adds nothing new", "2 more reports on stories already carried add nothing new.", "Reports differ: 41 dead (Lantern Post) · at least 37 (Quill Daily)"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("blocks lack %q:\n%s", want, b)
		}
	}
}
