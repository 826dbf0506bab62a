package state

import (
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func openConversations(t *testing.T) (*Conversations, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "conversations.db")
	c, err := OpenConversations(path)
	if err != nil {
		t.Fatal(err)
	}
	return c, path
}

func TestClaimOnceAcrossReopen(t *testing.T) {
	c, path := openConversations(t)
	t0 := time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)
	claim := func(c *Conversations, at time.Time, keys ...string) bool {
		t.Helper()
		ok, err := c.Claim(t.Context(), at, time.Hour, keys...)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !claim(c, t0, "slack:event:Ev1", "slack:msg:C1:1.1") {
		t.Fatal("first claim refused")
	}
	if claim(c, t0.Add(time.Minute), "slack:event:Ev1") {
		t.Error("a redelivered event was claimed again")
	}
	// Another event for a message already handled (app_mention and
	// message for one post) is refused, and its own key not recorded.
	if claim(c, t0.Add(time.Minute), "slack:event:Ev2", "slack:msg:C1:1.1") {
		t.Error("a second event for a handled message was claimed")
	}
	if !claim(c, t0.Add(time.Minute), "slack:event:Ev2") {
		t.Error("a refused claim recorded its other keys")
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}

	c, err := OpenConversations(path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if claim(c, t0.Add(5*time.Minute), "slack:event:Ev1") {
		t.Error("after a restart, a redelivered event was claimed again")
	}
	if !claim(c, t0.Add(time.Hour), "slack:event:Ev1") {
		t.Error("an expired claim still holds")
	}
}

func TestConcurrentClaimsOneWinner(t *testing.T) {
	c, _ := openConversations(t)
	defer c.Close()
	now := time.Now()
	var wg sync.WaitGroup
	var mu sync.Mutex
	won := 0
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, err := c.Claim(t.Context(), now, time.Hour, "k")
			if err != nil {
				t.Error(err)
			}
			if ok {
				mu.Lock()
				won++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if won != 1 {
		t.Errorf("%d of 50 concurrent claims of one key won, want 1", won)
	}
}

func TestThreadTurnsAndLinks(t *testing.T) {
	c, path := openConversations(t)
	t0 := time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)
	k := ThreadKey{"discord", "C1", "m1"}
	if _, ok, err := c.Thread(t.Context(), k, t0); ok || err != nil {
		t.Fatalf("unknown thread: ok %v, err %v", ok, err)
	}
	for i := range MaxTurns + 2 {
		turn := Turn{Question: string(rune('a' + i)), Docs: []string{"d"}, At: t0.Add(time.Duration(i) * time.Minute)}
		if err := c.AddTurn(t.Context(), k, turn, "reply"+string(rune('a'+i))); err != nil {
			t.Fatal(err)
		}
	}
	c.Close()
	c, err := OpenConversations(path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	th, ok, err := c.Thread(t.Context(), k, t0.Add(time.Hour))
	if err != nil || !ok {
		t.Fatalf("thread after reopen: ok %v, err %v", ok, err)
	}
	if len(th.Turns) != MaxTurns || th.Turns[0].Question != "c" || th.Turns[MaxTurns-1].Question != "l" {
		t.Errorf("turns %+v, want the last %d, oldest first", th.Turns, MaxTurns)
	}
	if !th.Updated.Equal(t0.Add(time.Duration(MaxTurns+1) * time.Minute)) {
		t.Errorf("updated %v", th.Updated)
	}
	got, ok, err := c.Resolve(t.Context(), "discord", "C1", "replyb", t0.Add(time.Hour))
	if err != nil || !ok || got != k {
		t.Errorf("Resolve = %v, %v, %v; want %v", got, ok, err, k)
	}
	if _, ok, _ := c.Resolve(t.Context(), "discord", "C2", "replyb", t0); ok {
		t.Error("a link resolved in another channel")
	}
	late := th.Updated.Add(ThreadKeep)
	if _, ok, _ := c.Thread(t.Context(), k, late); ok {
		t.Error("a thread is still known past ThreadKeep")
	}
	if _, ok, _ := c.Resolve(t.Context(), "discord", "C1", "replyl", late); ok {
		t.Error("a link still resolves past ThreadKeep")
	}
}

// Writes sweep expired records now and then, so the file does not grow
// with every event ever seen.
func TestConversationsPruned(t *testing.T) {
	c, _ := openConversations(t)
	defer c.Close()
	t0 := time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)
	for i := range 20 {
		if _, err := c.Claim(t.Context(), t0, time.Hour, "old"+string(rune('a'+i))); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.AddTurn(t.Context(), ThreadKey{"slack", "C1", "1.1"}, Turn{Question: "q", At: t0}, "2.2"); err != nil {
		t.Fatal(err)
	}
	count := func(name []byte) int {
		n := 0
		c.db.View(func(tx *bolt.Tx) error { n = tx.Bucket(name).Stats().KeyN; return nil })
		return n
	}
	if n := count(bSeen); n != 20 {
		t.Fatalf("%d handled keys before expiry", n)
	}
	later := t0.Add(ThreadKeep + time.Hour)
	if _, err := c.Claim(t.Context(), later, time.Hour, "new"); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]int{string(bSeen): 1, string(bThreads): 0, string(bLinks): 0} {
		if n := count([]byte(name)); n != want {
			t.Errorf("%s: %d records after the sweep, want %d", name, n, want)
		}
	}
}

// Conversations kept in state.db leave its subscriptions as they were, and
// state.db opens again with both.
func TestConversationsInStateFile(t *testing.T) {
	s, path := openTemp(t)
	sub, _, err := s.Add(t.Context(), Subscription{Platform: "slack", Channel: "C1", Schedule: "daily 08:00", CreatedAt: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.Conversations()
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	turn := Turn{Question: "How many shells?", Docs: []string{"d1"}, At: now.UTC().Truncate(time.Second)}
	if err := c.AddTurn(t.Context(), ThreadKey{"slack", "C1", "1.1"}, turn); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Subscription(t.Context(), sub.ID); err != nil {
		t.Errorf("subscription after conversations: %v", err)
	}
	c, _ = s.Conversations()
	th, ok, err := c.Thread(t.Context(), ThreadKey{"slack", "C1", "1.1"}, now)
	if err != nil || !ok || !reflect.DeepEqual(th.Turns, []Turn{turn}) {
		t.Errorf("thread %+v, %v, %v", th, ok, err)
	}
}
