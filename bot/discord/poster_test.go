package discord

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/internal/chattest"
)

func testDigest() bot.Reply {
	return bot.Reply{Kind: bot.KindDigest, Text: "What's new since yesterday", Digest: &corpus.Digest{
		Topic: "Kursk",
		Items: []corpus.DigestItem{{
			Title: "Troops reach Kursk", URL: "https://news.example/kursk", Source: "Example News",
			Published:      time.Date(2024, 11, 2, 0, 0, 0, 0, time.UTC),
			Sentences:      []string{"North Korean troops reached Kursk Oblast on Friday."},
			AlsoReportedBy: []corpus.DocumentInfo{{Source: "Wire"}},
		}},
	}}
}

func TestPosterSendsEmbeds(t *testing.T) {
	rec := record(t, nil)
	a := newTestAdapter(t, adapterOpts{token: "secret"})
	if err := a.Poster().Post(context.Background(), "chan42", testDigest()); err != nil {
		t.Fatal(err)
	}
	reqs := rec.all()
	if len(reqs) != 1 || reqs[0].Method != http.MethodPost || reqs[0].Path != "/api/v9/channels/chan42/messages" {
		t.Fatalf("requests %+v", reqs)
	}
	if auth := reqs[0].Header.Get("Authorization"); auth != "Bot secret" {
		t.Errorf("Authorization %q", auth)
	}
	body := reqs[0].JSON(t)
	if got := body["content"]; got != "What's new since yesterday" {
		t.Errorf("content %q", got)
	}
	e := path(t, body, "embeds", 0)
	if path(t, e, "title") != "Troops reach Kursk" || path(t, e, "url") != "https://news.example/kursk" ||
		path(t, e, "description") != "North Korean troops reached Kursk Oblast on Friday." ||
		path(t, e, "footer", "text") != "Example News · 2024-11-02 · also reported by Wire" {
		t.Errorf("embed %v", e)
	}
	if _, has := body["flags"]; has {
		t.Errorf("posted message has flags %v", body["flags"])
	}
}

func TestPosterWaitsOutRateLimits(t *testing.T) {
	rec := record(t, func(w http.ResponseWriter, r apiRequest, n int) bool {
		if n > 1 {
			return false
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusTooManyRequests)
		w.Write([]byte(`{"message":"You are being rate limited.","retry_after":0.25,"global":false}`))
		return true
	})
	a := newTestAdapter(t, adapterOpts{token: "secret"})
	began := time.Now()
	if err := a.Poster().Post(context.Background(), "chan43", testDigest()); err != nil {
		t.Fatalf("post after a 429: %v", err)
	}
	if took := time.Since(began); took < 250*time.Millisecond {
		t.Errorf("retried after %s, before the 0.25 s retry_after", took)
	}
	reqs := rec.all()
	if len(reqs) != 2 || string(reqs[0].Body) != string(reqs[1].Body) {
		t.Fatalf("%d requests, want the same post twice", len(reqs))
	}
}

func TestPosterGivesUpOnPersistentRateLimits(t *testing.T) {
	rec := record(t, func(w http.ResponseWriter, r apiRequest, n int) bool {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTooManyRequests)
		w.Write([]byte(`{"message":"You are being rate limited.","retry_after":0.01,"global":false}`))
		return true
	})
	a := newTestAdapter(t, adapterOpts{token: "secret"})
	err := a.Poster().Post(context.Background(), "chan44", testDigest())
	if err == nil || !strings.Contains(err.Error(), "discord: post to channel chan44") {
		t.Fatalf("err = %v", err)
	}
	if n := len(rec.all()); n != maxAttempts {
		t.Errorf("%d attempts, want %d", n, maxAttempts)
	}
}

func TestPosterStopsWaitingWhenCancelled(t *testing.T) {
	record(t, func(w http.ResponseWriter, r apiRequest, n int) bool {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTooManyRequests)
		w.Write([]byte(`{"message":"slow down","retry_after":30,"global":false}`))
		return true
	})
	a := newTestAdapter(t, adapterOpts{token: "secret"})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	began := time.Now()
	err := a.Poster().Post(ctx, "chan45", testDigest())
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want the deadline", err)
	}
	if took := time.Since(began); took > 5*time.Second {
		t.Errorf("took %s to notice cancellation", took)
	}
}

func TestPosterReportsRejection(t *testing.T) {
	record(t, func(w http.ResponseWriter, r apiRequest, n int) bool {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusForbidden)
		w.Write([]byte(`{"message":"Missing Access","code":50001}`))
		return true
	})
	a := newTestAdapter(t, adapterOpts{token: "secret"})
	err := a.Poster().Post(context.Background(), "chan46", testDigest())
	if err == nil || !strings.Contains(err.Error(), "Missing Access") {
		t.Errorf("err = %v", err)
	}
}

// standIn routes this test's requests to a chattest Discord (this binary's
// endpoints point at the shared fake; see TestMain).
func standIn(t *testing.T, now func() time.Time) *chattest.Discord {
	d := chattest.NewDiscord(t, now)
	record(t, func(w http.ResponseWriter, r apiRequest, n int) bool {
		target := r.Path
		if r.Query != "" {
			target += "?" + r.Query
		}
		d.ServeHTTP(w, httptest.NewRequest(r.Method, target, bytes.NewReader(r.Body)))
		return true
	})
	return d
}

// TestPostDigestSendsNonceAndMarker: a digest post carries its key as a
// nonce Discord enforces, and as a marker line that survives reading the
// message back; a repeat of the nonce makes no second message.
func TestPostDigestSendsNonceAndMarker(t *testing.T) {
	rec := record(t, nil)
	a := newTestAdapter(t, adapterOpts{token: "secret"})
	p := a.Poster().(*Poster)
	if err := p.PostDigest(context.Background(), "chan50", testDigest(), "k3m9xq-20240304T080000Z"); err != nil {
		t.Fatal(err)
	}
	reqs := rec.all()
	if len(reqs) != 1 || reqs[0].Method != http.MethodPost || reqs[0].Path != "/api/v9/channels/chan50/messages" {
		t.Fatalf("requests %+v", reqs)
	}
	body := reqs[0].JSON(t)
	if body["nonce"] != "k3m9xq-20240304T080000Z" || body["enforce_nonce"] != true {
		t.Errorf("nonce %v, enforce_nonce %v", body["nonce"], body["enforce_nonce"])
	}
	if c := body["content"]; c != "What's new since yesterday\n-# briefbot digest k3m9xq-20240304T080000Z" {
		t.Errorf("content %q", c)
	}
	if e := path(t, body, "embeds", 0); path(t, e, "title") != "Troops reach Kursk" || path(t, e, "type") != "rich" {
		t.Errorf("embed %v", e)
	}

	d := standIn(t, nil)
	for range 2 {
		if err := p.PostDigest(context.Background(), "chan51", testDigest(), "k3m9xq-20240304T080000Z"); err != nil {
			t.Fatal(err)
		}
	}
	if n, msgs := d.Posts("chan51"), d.Messages("chan51"); n != 2 || len(msgs) != 1 {
		t.Errorf("%d posts made %d messages; want 2 posts, 1 message", n, len(msgs))
	}
}

// TestPostDigestMarkerSurvivesLongHeading: the marker is kept whole when
// the content must be cut to Discord's 2,000 characters.
func TestPostDigestMarkerSurvivesLongHeading(t *testing.T) {
	rec := record(t, nil)
	a := newTestAdapter(t, adapterOpts{token: "secret"})
	r := bot.Reply{Kind: bot.KindMessage, Text: strings.Repeat("nothing new on a very long topic ", 100)}
	if err := a.Poster().(*Poster).PostDigest(context.Background(), "chan52", r, "k3m9xq-20240304T080000Z"); err != nil {
		t.Fatal(err)
	}
	c, _ := rec.all()[0].JSON(t)["content"].(string)
	if runes(c) > maxContent || !strings.HasSuffix(c, "\n-# briefbot digest k3m9xq-20240304T080000Z") {
		t.Errorf("content of %d characters ending %q", runes(c), c[max(len(c)-60, 0):])
	}
}

// TestFindDigest: the bot's own message with the key's marker is found
// once Discord no longer returns the nonce; another key, another author
// quoting the marker, and a post from outside the window are not; a busy
// channel is paged through; a refused read is an error.
func TestFindDigest(t *testing.T) {
	clock := time.Date(2024, 3, 4, 8, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	set := func(t time.Time) { mu.Lock(); clock = t; mu.Unlock() }
	d := standIn(t, now)
	a := newTestAdapter(t, adapterOpts{token: "secret"})
	p := a.Poster().(*Poster)
	began := now()
	d.Add("chan60", "700", "-# briefbot digest zzzzzz-20240304T080000Z") // someone quoting a marker
	if err := p.PostDigest(context.Background(), "chan60", testDigest(), "k3m9xq-20240304T080000Z"); err != nil {
		t.Fatal(err)
	}
	for i := range 120 {
		set(began.Add(time.Duration(i) * time.Second))
		d.Add("chan60", "700", fmt.Sprintf("chatter %d", i))
	}
	if found, err := p.FindDigest(context.Background(), "chan60", "k3m9xq-20240304T080000Z", began); !found || err != nil {
		t.Errorf("FindDigest = %v, %v; want found", found, err)
	}
	reads := d.Reads()
	if len(reads) != 1 || !strings.Contains(reads[0], "limit=50") || !strings.Contains(reads[0], "after=") {
		t.Errorf("reads %v; want one page of 50 after the window's start", reads)
	}
	for _, key := range []string{"k3m9xq-20240305T080000Z", "zzzzzz-20240304T080000Z"} {
		if found, err := p.FindDigest(context.Background(), "chan60", key, began); found || err != nil {
			t.Errorf("FindDigest(%s) = %v, %v; want not found", key, found, err)
		}
	}
	if n := len(d.Reads()); n != 1+3+3 {
		t.Errorf("%d reads in all, want 7 (pages of 50 through 122 messages)", n)
	}
	// A post an hour before the search window is outside it.
	if found, err := p.FindDigest(context.Background(), "chan60", "k3m9xq-20240304T080000Z", began.Add(time.Hour)); found || err != nil {
		t.Errorf("FindDigest an hour later = %v, %v; want not found", found, err)
	}
	d.FailReads(http.StatusForbidden)
	if found, err := p.FindDigest(context.Background(), "chan60", "k3m9xq-20240304T080000Z", began); found || err == nil || !strings.Contains(err.Error(), "Read Message History") {
		t.Errorf("FindDigest with reads refused = %v, %v; want an error", found, err)
	}
}
