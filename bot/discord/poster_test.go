package discord

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/corpus"
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
