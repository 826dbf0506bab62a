package index

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/corpus"
)

// TestTuneRanking tunes the rerank weights by coordinate ascent on one set
// of questions and reports them on another, so that no figure comes from
// the data it was tuned on. It runs only when BRIEFBOT_TUNE names an
// index dir; BRIEFBOT_TUNE_TRAIN and BRIEFBOT_TUNE_TEST are comma-separated
// QA files (JSONL {"question","answers"}).
//
//	BRIEFBOT_TUNE=/tmp/xq BRIEFBOT_TUNE_TRAIN=../eval/news-paraphrase-a.jsonl \
//	BRIEFBOT_TUNE_TEST=../eval/news-paraphrase-b.jsonl go test ./index -run TuneRanking -v
func TestTuneRanking(t *testing.T) {
	dir := os.Getenv("BRIEFBOT_TUNE")
	if dir == "" {
		t.Skip("set BRIEFBOT_TUNE to an index dir")
	}
	ix, err := Open(context.Background(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	train := tuneSets(t, ix, os.Getenv("BRIEFBOT_TUNE_TRAIN"))
	test := tuneSets(t, ix, os.Getenv("BRIEFBOT_TUNE_TEST"))
	rk := DefaultRanking()
	weights := []*float64{&rk.WBM25, &rk.WCover, &rk.WSent, &rk.WWindow, &rk.WBigram, &rk.WTitle, &rk.WRare, &rk.WTyped, &rk.WSoft, &rk.WTopic, &rk.WDoc, &rk.WKey, &rk.WPeriod, &rk.WRecent, &rk.WNear, &rk.WFocus}
	names := []string{"BM25", "Cover", "Sent", "Window", "Bigram", "Title", "Rare", "Typed", "Soft", "Topic", "Doc", "Key", "Period", "Recent", "Near", "Focus"}
	// BRIEFBOT_TUNE_SET="Near=2,Doc=1" starts from other weights.
	for _, kv := range strings.Split(os.Getenv("BRIEFBOT_TUNE_SET"), ",") {
		k, v, ok := strings.Cut(kv, "=")
		if i := slices.Index(names, k); ok && i >= 0 {
			*weights[i], _ = strconv.ParseFloat(v, 64)
		}
	}
	t.Logf("before: train %s  test %s", train.eval(rk), test.eval(rk))
	best := train.objective(rk)
	rounds, _ := strconv.Atoi(os.Getenv("BRIEFBOT_TUNE_ROUNDS"))
	for round := 0; round < rounds; round++ {
		for i, w := range weights {
			orig := *w
			for _, v := range []float64{0, orig * 0.5, orig * 0.8, orig * 1.25, orig * 2, orig + 0.2, orig + 0.5, orig + 1} {
				*w = v
				if o := train.objective(rk); o > best+1e-9 {
					best, orig = o, v
				}
			}
			*w = orig
			_ = names[i]
		}
	}
	var b strings.Builder
	for i, w := range weights {
		fmt.Fprintf(&b, "%s %.2f ", names[i], *w)
	}
	t.Logf("weights: %s", b.String())
	t.Logf("after:  train %s  test %s", train.eval(rk), test.eval(rk))
}

type tuneQ struct {
	cands []Explained
	hit   []bool
}

type tuneQs []tuneQ

// tuneFiles are question sets that count equally, whatever their sizes.
type tuneFiles []tuneQs

func tuneSets(t *testing.T, ix *Index, files string) tuneFiles {
	var out tuneFiles
	for _, path := range strings.Split(files, ",") {
		if path != "" {
			out = append(out, tuneSet(t, ix, path))
		}
	}
	return out
}

func (fs tuneFiles) objective(rk Ranking) float64 {
	var o float64
	for _, f := range fs {
		o += f.objective(rk)
	}
	return o / float64(len(fs))
}

func (fs tuneFiles) eval(rk Ranking) string {
	var out []string
	for _, f := range fs {
		out = append(out, f.eval(rk))
	}
	return strings.Join(out, " | ")
}

func tuneSet(t *testing.T, ix *Index, path string) tuneQs {
	var out tuneQs
	{
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<24)
		for sc.Scan() {
			var it struct {
				Question string   `json:"question"`
				Answers  []string `json:"answers"`
			}
			if err := json.Unmarshal(sc.Bytes(), &it); err != nil {
				t.Fatal(err)
			}
			q, err := corpus.ParseQuery(it.Question)
			if err != nil {
				continue
			}
			ex, err := ix.Explain(context.Background(), q, 60)
			if err != nil {
				t.Fatal(err)
			}
			tq := tuneQ{cands: ex}
			for _, c := range ex {
				tq.hit = append(tq.hit, holds(c.Passage, it.Answers))
			}
			out = append(out, tq)
		}
		f.Close()
	}
	return out
}

func holds(text string, answers []string) bool {
	t := strings.ToLower(strings.Join(strings.Fields(text), " "))
	for _, a := range answers {
		if a = strings.ToLower(strings.Join(strings.Fields(a), " ")); a != "" && strings.Contains(t, a) {
			return true
		}
	}
	return false
}

// ranks returns the rank (1-based, 0 when absent) of the first hit under rk.
func (qs tuneQs) ranks(rk Ranking) []int {
	out := make([]int, len(qs))
	for qi, q := range qs {
		idx := make([]int, len(q.cands))
		score := make([]float64, len(q.cands))
		for i, c := range q.cands {
			idx[i] = i
			score[i] = rk.score(c.Features)
		}
		recent := make([]float64, len(q.cands))
		for i, c := range q.cands {
			recent[i] = c.Current * c.Features.Recent
		}
		recentFirst(score, recent, rk.WRecent, rk.RecentMargin)
		// As rerank does after the linear sum: a document's passage
		// holding the kind asked for before one that does not.
		docs, typed := make([]string, len(q.cands)), make([]bool, len(q.cands))
		for i, c := range q.cands {
			docs[i], typed[i] = c.DocID, c.TypedOK
		}
		typedFirst(docs, typed, score, rk.RecentMargin)
		sort.SliceStable(idx, func(a, b int) bool {
			ca, cb := q.cands[idx[a]], q.cands[idx[b]]
			if ca.Answers != cb.Answers {
				return ca.Answers
			}
			return score[idx[a]] > score[idx[b]]
		})
		for r, i := range idx {
			if q.hit[i] {
				out[qi] = r + 1
				break
			}
		}
	}
	return out
}

func (qs tuneQs) objective(rk Ranking) float64 {
	var o float64
	for _, r := range qs.ranks(rk) {
		if r == 1 {
			o += 1
		}
		if r >= 1 && r <= 3 {
			o += 0.5
		}
	}
	return o / float64(len(qs))
}

func (qs tuneQs) eval(rk Ranking) string {
	var r1, r3 float64
	rs := qs.ranks(rk)
	for _, r := range rs {
		if r == 1 {
			r1++
		}
		if r >= 1 && r <= 3 {
			r3++
		}
	}
	n := float64(len(rs))
	return fmt.Sprintf("n %d R@1 %.3f R@3 %.3f", len(rs), r1/n, r3/n)
}
