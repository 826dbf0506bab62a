package digest

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/index"
)

// TestReplayNews2024 replays ../shared/corpora/news-2024.jsonl.gz week by
// week (by seen_week): each week's documents are ingested with the clock
// set to that week, then the weekly digest is built, and a table of items
// per digest before and after story grouping is printed. It needs the
// shared data and a few minutes, so it runs only when asked:
//
//	BRIEFBOT_SHARED=../../../shared go test ./bot/digest -run TestReplayNews2024 -v -timeout 30m
//
// BRIEFBOT_REPLAY_TOPIC adds a topic to every digest; BRIEFBOT_REPLAY_SHOW=N
// prints the grouped stories of week N.
func TestReplayNews2024(t *testing.T) {
	shared := os.Getenv("BRIEFBOT_SHARED")
	if shared == "" {
		t.Skip("set BRIEFBOT_SHARED to the shared folder (e.g. ../../../shared) to replay news-2024")
	}
	path := filepath.Join(shared, "corpora", "news-2024.jsonl.gz")
	weeks, err := readWeeks(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var now time.Time
	ix, err := index.Open(ctx, t.TempDir(), index.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	topic := os.Getenv("BRIEFBOT_REPLAY_TOPIC")
	show := os.Getenv("BRIEFBOT_REPLAY_SHOW")
	b := Builder{Source: ix}

	names := make([]string, 0, len(weeks))
	for w := range weeks {
		names = append(names, w)
	}
	sort.Strings(names)
	var out strings.Builder
	fmt.Fprintf(&out, "%-3s %-10s %6s %7s %8s %7s %8s %5s %5s\n", "#", "seen_week", "new", "matched", "stories", "multi", "largest", "shown", "more")
	var totDocs, totMatched, totStories, totMulti int
	var prev time.Time
	seen := map[string]bool{}
	for i, w := range names {
		wk, _ := time.Parse("2006-01-02", w)
		now = wk.Add(12 * time.Hour)
		if _, err := ix.Add(ctx, weeks[w]); err != nil {
			t.Fatalf("week %s: %v", w, err)
		}
		since := prev
		if since.IsZero() {
			since = now.Add(-7 * 24 * time.Hour)
		}
		d, err := b.Build(ctx, Request{Since: since, Until: now, Topic: topic, Max: -1})
		if err != nil {
			t.Fatalf("week %s: %v", w, err)
		}
		fresh := 0
		for _, doc := range weeks[w] {
			if !seen[doc.ID] {
				seen[doc.ID] = true
				fresh++
			}
		}
		if topic == "" && d.Documents != fresh {
			t.Errorf("week %s: digest covers %d documents, %d were new", w, d.Documents, fresh)
		}
		multi, largest := 0, 1
		for _, it := range d.Items {
			if n := 1 + len(it.AlsoReportedBy); n > 1 {
				multi++
				largest = max(largest, n)
			}
		}
		shown := min(len(d.Items), DefaultMax)
		fmt.Fprintf(&out, "%-3d %-10s %6d %7d %8d %7d %8d %5d %5d\n", i+1, w, fresh, d.Documents, len(d.Items), multi, largest, shown, len(d.Items)-shown)
		totDocs += fresh
		totMatched += d.Documents
		totStories += len(d.Items)
		totMulti += multi
		if show == fmt.Sprint(i+1) {
			for _, it := range d.Items {
				if len(it.AlsoReportedBy) == 0 {
					continue
				}
				t.Logf("STORY %.3f %s [%s]", it.Score, it.Title, it.Source)
				for _, o := range it.AlsoReportedBy {
					t.Logf("      + %s [%s]", o.Title, o.Source)
				}
			}
			for j, it := range d.Items[:shown] {
				t.Logf("ITEM %d %s (%s, %s): %q", j+1, it.Title, it.Source, it.Date().Format("2006-01-02"), it.Sentences)
			}
		}
		prev = now
	}
	fmt.Fprintf(&out, "%-3s %-10s %6d %7d %8d %7d\n", "", "total", totDocs, totMatched, totStories, totMulti)
	if totMatched > 0 {
		fmt.Fprintf(&out, "grouping: %d reports became %d stories (%.1f%% fewer items)\n", totMatched, totStories, 100*(1-float64(totStories)/float64(totMatched)))
	}
	t.Log("\n" + out.String())
}

// readWeeks reads news-2024 documents grouped by seen_week. The same URL
// seen again in a later week is an update, as live ingestion would see it.
func readWeeks(path string) (map[string][]corpus.Document, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 64<<20)
	out := map[string][]corpus.Document{}
	for sc.Scan() {
		var r struct {
			URL, Title, Published, Text string
			Authors                     []string
			SeenWeek                    string `json:"seen_week"`
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, err
		}
		if strings.TrimSpace(r.Text) == "" {
			continue
		}
		pub, _ := corpus.ParseDate(r.Published)
		out[r.SeenWeek] = append(out[r.SeenWeek], corpus.Document{ID: r.URL, URL: r.URL, Title: r.Title, Published: pub, Authors: r.Authors, Text: r.Text})
	}
	return out, sc.Err()
}
