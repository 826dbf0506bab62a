package pgstate

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/state"
)

// leaders tracks which replicas run the work, and fails the test if two
// ever do at once.
type leaders struct {
	t       *testing.T
	mu      sync.Mutex
	running map[string]bool
	// loose allows overlap: a leader whose connection dies learns it at
	// its next check, while another may already have the lock.
	loose bool
}

func (l *leaders) fn(name string) func(context.Context) {
	return func(ctx context.Context) {
		l.mu.Lock()
		for other, on := range l.running {
			if on && !l.loose {
				l.t.Errorf("%s leads while %s does", name, other)
			}
		}
		l.running[name] = true
		l.mu.Unlock()
		<-ctx.Done()
		l.mu.Lock()
		l.running[name] = false
		l.mu.Unlock()
	}
}

// waitLeader waits up to 5 s for one of names to lead and returns it.
func (l *leaders) waitLeader(names ...string) string {
	l.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		l.mu.Lock()
		for _, n := range names {
			if l.running[n] {
				l.mu.Unlock()
				return n
			}
		}
		l.mu.Unlock()
		time.Sleep(10 * time.Millisecond)
	}
	l.t.Fatalf("none of %v leads", names)
	return ""
}

// One replica at a time leads; when it stops, or its connection dies
// under it, another takes over.
func TestOneLeaderAtATime(t *testing.T) {
	url := pg.DB(t)
	l := &leaders{t: t, running: map[string]bool{}}
	stops := map[string]context.CancelFunc{}
	var wg sync.WaitGroup
	for _, name := range []string{"a", "b", "c"} {
		s, err := Open(t.Context(), url)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		ctx, cancel := context.WithCancel(t.Context())
		stops[name] = cancel
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.Lead(ctx, Campaign{Name: "digests", Work: WorkDigests, Every: 100 * time.Millisecond}, l.fn(name))
		}()
	}
	defer func() {
		for _, stop := range stops {
			stop()
		}
		wg.Wait()
	}()
	first := l.waitLeader("a", "b", "c")
	time.Sleep(300 * time.Millisecond) // nobody else starts meanwhile (l.fn checks)

	// The leader stops: another takes over.
	stops[first]()
	rest := []string{}
	for _, n := range []string{"a", "b", "c"} {
		if n != first {
			rest = append(rest, n)
		}
	}
	second := l.waitLeader(rest...)

	// The second's connection is killed under it, as a dead host's is
	// dropped: it stops leading and the third takes over.
	s, err := Open(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	l.mu.Lock()
	l.loose = true
	l.mu.Unlock()
	tag, err := s.Pool().Exec(t.Context(), `SELECT pg_terminate_backend(pid) FROM pg_locks
		WHERE locktype = 'advisory' AND classid = $1::int::oid AND objid = $2::int::oid AND granted`, lockLeader, WorkDigests)
	if err != nil || tag.RowsAffected() != 1 {
		t.Fatalf("terminate the leader's connection: %v, %v", tag, err)
	}
	third := rest[0]
	if third == second {
		third = rest[1]
	}
	start := time.Now()
	if got := l.waitLeader(third); got != third {
		t.Fatalf("leader %s, want %s", got, third)
	}
	t.Logf("took over in %v after the leader's connection died", time.Since(start).Round(time.Millisecond))
	// The old leader stops at its next check of the connection.
	for {
		l.mu.Lock()
		on := l.running[second]
		l.mu.Unlock()
		if !on {
			break
		}
		if time.Since(start) > time.Second {
			t.Fatalf("%s still leads 1 s after its connection died", second)
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Logf("the old leader stopped after %v", time.Since(start).Round(time.Millisecond))
}

// A replica that campaigns for the digests claims a run only while it
// holds their lock: once its leadership connection is gone, its claim is
// refused at once, before it notices, and the run is left to the new
// leader.
func TestIntendFencedToTheLeader(t *testing.T) {
	s, sub := storeWithSub(t)
	ctx, cancel := context.WithCancel(t.Context())
	leading := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.Lead(ctx, Campaign{Name: "digests", Work: WorkDigests, Every: time.Hour}, func(ctx context.Context) {
			close(leading)
			<-ctx.Done()
		})
	}()
	defer func() { cancel(); <-done }()
	<-leading
	if !s.Leading(WorkDigests) || s.Leading(WorkFeeds) {
		t.Errorf("Leading: digests %v, feeds %v; want true, false", s.Leading(WorkDigests), s.Leading(WorkFeeds))
	}
	p := statePending("k1")
	if _, err := s.Intend(t.Context(), sub.ID, p); err != nil {
		t.Fatalf("the leader's claim: %v", err)
	}
	if _, err := s.Pool().Exec(t.Context(), "SELECT pg_terminate_backend($1, 5000)", int64(s.digestsPID.Load())); err != nil {
		t.Fatal(err)
	}
	var nl interface{ NotLeader() bool }
	if _, err := s.Intend(t.Context(), sub.ID, statePending("k2")); !errors.As(err, &nl) {
		t.Fatalf("claim after the lock was lost = %v, want a NotLeaderError", err)
	}
	if got, _ := s.Subscription(t.Context(), sub.ID); got.Pending == nil || got.Pending.Key != "k1" {
		t.Errorf("pending after the refused claim: %+v", got.Pending)
	}
}

func statePending(key string) state.Pending {
	return state.Pending{Key: key, Ran: t0.Add(time.Hour), Since: t0, Until: t0.Add(time.Hour), At: t0.Add(time.Hour)}
}
