package discord

import (
	"strings"
	"testing"
)

// "Post to channel" posts the answer that was shown: the index changing
// between the question and the click changes nothing, and the question is
// not asked again.
func TestPostToChannelPostsTheShownAnswer(t *testing.T) {
	asker := &fakeAsker{answer: testAnswer()}
	a := newTestAdapter(t, adapterOpts{asker: asker})
	_, resp := serve(t, a, commandBody("s1", "ask", map[string]string{"question": "Where did the first North Korean troops arrive?"}))
	id := path(t, resp, "data", "components", 0, "components", 0, "custom_id").(string)
	shown := path(t, resp, "data", "embeds", 0, "fields", 0, "value").(string)

	asker.mu.Lock()
	changed := testAnswer()
	changed.Citations[0].Passage = "Something else entirely."
	asker.answer = changed
	asked := len(asker.asked)
	asker.mu.Unlock()

	_, resp = serve(t, a, componentBody("s2", id))
	if got := path(t, resp, "data", "embeds", 0, "fields", 0, "value").(string); got != shown || strings.Contains(got, "Something else") {
		t.Errorf("posted %q, want the answer shown %q", got, shown)
	}
	asker.mu.Lock()
	defer asker.mu.Unlock()
	if len(asker.asked) != asked {
		t.Errorf("the click asked the index again (%d asks, want %d)", len(asker.asked), asked)
	}
}
