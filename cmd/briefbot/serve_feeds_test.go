package main

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/corpus/inbox"
	"github.com/briefbot/briefbot/index"
)

// waitForDoc polls the index until id is there, for at most 10s.
func waitForDoc(t *testing.T, ix *index.Index, id string) corpus.Document {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		d, ok, err := ix.Document(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			return d
		}
		if time.Now().After(deadline) {
			t.Fatalf("document %s not indexed within 10s", id)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestStartFeedsIngestsFeedsAndInbox(t *testing.T) {
	srv := ingestSite(t)
	dir := t.TempDir()
	m := urlTestMain(map[string]string{"BRIEFBOT_ALLOW_PRIVATE_URLS": "1"})
	m.DataDir = dir
	m.Logger = slog.New(slog.DiscardHandler)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ix, err := index.Open(ctx, filepath.Join(dir, "index"), index.Options{Now: m.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	env := &serveEnv{Index: ix, Logger: m.Logger}
	cfg := Config{Feeds: []FeedConfig{{URL: srv.URL + "/feed", Interval: 30 * time.Minute, Source: "Desk"}}}
	poller, err := m.startFeeds(ctx, env, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}

	d := waitForDoc(t, ix, srv.URL+"/page")
	if d.Source != "Desk" || !strings.Contains(d.Text, "eighteen months") {
		t.Errorf("feed item indexed as %+v", d)
	}
	st := poller.Status()
	if len(st) != 1 || st[0].LastError != "" || st[0].Items != 1 {
		t.Errorf("status %+v", st)
	}

	// `briefbot ingest` while serve runs hands documents over through the
	// inbox.
	path, err := inbox.Handoff(m.inboxDir(cfg), []corpus.Document{{ID: "handed-over", Title: "Handed over", Text: "A document handed to the running server through its inbox folder."}})
	if err != nil {
		t.Fatal(err)
	}
	waitForDoc(t, ix, "handed-over")
	deadline := time.Now().Add(10 * time.Second)
	for !feedsTestFileExists(filepath.Join(dir, "inbox", "done", filepath.Base(path))) {
		if time.Now().After(deadline) {
			t.Fatal("handoff file not moved to done/")
		}
		time.Sleep(20 * time.Millisecond)
	}

	cancel()
	stopped := make(chan struct{})
	go func() { env.wg.Wait(); close(stopped) }()
	select {
	case <-stopped:
	case <-time.After(10 * time.Second):
		t.Fatal("poller and inbox watcher did not stop")
	}
}

func TestStartFeedsBadSource(t *testing.T) {
	m := urlTestMain(nil)
	m.DataDir = t.TempDir()
	env := &serveEnv{Logger: slog.New(slog.DiscardHandler)}
	_, err := m.startFeeds(context.Background(), env, Config{Feeds: []FeedConfig{{URL: "https://a.example/f", Interval: time.Second}}}, nil)
	if err == nil || !strings.Contains(err.Error(), "shorter than the minimum") {
		t.Errorf("err %v", err)
	}
}

func feedsTestFileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
