package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/briefbot/briefbot/corpus"
)

// qaItem is one evaluation question with its accepted answers.
type qaItem struct {
	Question string
	Answers  []string
	// Stale are answers that were true once: for questions about the
	// present, an answer holding one of them and none of Answers is stale.
	Stale []string
}

// readQA reads JSONL ({"question", "answers"|"answer": [...]}) or SQuAD
// JSON ({"data": [{"paragraphs": [{"qas": [...]}]}]}).
func readQA(path string) ([]qaItem, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	trimmed := strings.TrimSpace(string(b))
	if strings.HasPrefix(trimmed, "{") {
		var squad struct {
			Data []struct {
				Paragraphs []struct {
					QAs []struct {
						Question string `json:"question"`
						Answers  []struct {
							Text string `json:"text"`
						} `json:"answers"`
					} `json:"qas"`
				} `json:"paragraphs"`
			} `json:"data"`
		}
		if err := json.Unmarshal(b, &squad); err == nil && len(squad.Data) > 0 {
			var out []qaItem
			for _, a := range squad.Data {
				for _, p := range a.Paragraphs {
					for _, q := range p.QAs {
						it := qaItem{Question: q.Question}
						for _, ans := range q.Answers {
							it.Answers = append(it.Answers, ans.Text)
						}
						out = append(out, it)
					}
				}
			}
			return out, nil
		}
	}
	var out []qaItem
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	line := 0
	for sc.Scan() {
		line++
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var raw struct {
			Question string   `json:"question"`
			Answers  []string `json:"answers"`
			Answer   []string `json:"answer"`
			Stale    []string `json:"stale"`
		}
		if err := json.Unmarshal(sc.Bytes(), &raw); err != nil || raw.Question == "" {
			return nil, fmt.Errorf("eval: %s:%d: want {\"question\": ..., \"answers\": [...]}", path, line)
		}
		out = append(out, qaItem{Question: raw.Question, Answers: append(raw.Answers, raw.Answer...), Stale: raw.Stale})
	}
	return out, sc.Err()
}

// evalResult is what eval reports.
type evalResult struct {
	Questions int     `json:"questions"`
	R1        float64 `json:"r@1"`
	R3        float64 `json:"r@3"`
	R5        float64 `json:"r@5"`
	MRR       float64 `json:"mrr"`
	AnswerHit float64 `json:"answer_sentence_hit"`
	Declined  float64 `json:"declined"`
	// Stale is the share of answers holding a stale answer and no current
	// one, over questions that list stale answers.
	Stale *float64 `json:"stale,omitempty"`
	P50ms float64  `json:"p50_ms"`
	P99ms float64  `json:"p99_ms"`
}

func normalizeForMatch(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

func containsAny(text string, answers []string) bool {
	t := normalizeForMatch(text)
	for _, a := range answers {
		if a = normalizeForMatch(a); a != "" && strings.Contains(t, a) {
			return true
		}
	}
	return false
}

func (m *Main) runEval(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	asJSON := fs.Bool("json", false, "write the result as JSON")
	misses := fs.String("misses", "", "write questions missed at rank 1 to this file (JSONL)")
	unanswerable := fs.Bool("unanswerable", false, "the file's questions have no answer in the sources: report how many were declined")
	if err := fs.Parse(args); err != nil {
		return usageError{"eval: " + err.Error()}
	}
	if fs.NArg() != 1 {
		return usageError{"eval: give one QA file (JSONL or SQuAD JSON)"}
	}
	defer collectSeldom()() // as ask does
	items, err := readQA(fs.Arg(0))
	if err != nil {
		return err
	}
	if len(items) == 0 {
		return fmt.Errorf("eval: %s holds no questions", fs.Arg(0))
	}
	ix, err := m.openLibrary(ctx)
	if err != nil {
		return err
	}
	var missOut *json.Encoder
	if *misses != "" {
		f, err := os.Create(*misses)
		if err != nil {
			return fmt.Errorf("eval: %w", err)
		}
		defer f.Close()
		missOut = json.NewEncoder(f)
	}
	if *unanswerable {
		return m.evalUnanswerable(ctx, ix, items, *asJSON, missOut)
	}
	var r1, r3, r5, rr, hitAns, declined, staleN, staleHit float64
	lat := make([]time.Duration, 0, len(items))
	for _, it := range items {
		if err := ctx.Err(); err != nil {
			return err
		}
		t0 := time.Now()
		a, err := ask(ctx, ix, it.Question, 10)
		lat = append(lat, time.Since(t0))
		if err != nil {
			var qe *corpus.QueryError
			if errors.As(err, &qe) {
				continue
			}
			return err
		}
		if a.Declined() {
			declined++
		}
		if len(it.Stale) > 0 {
			staleN++
			if containsAny(a.Answer, it.Stale) && !containsAny(a.Answer, it.Answers) {
				staleHit++
			}
		}
		rank := 0
		for i, c := range a.Citations {
			if containsAny(c.Passage, it.Answers) {
				rank = i + 1
				break
			}
		}
		if rank == 1 {
			r1++
		} else if missOut != nil {
			missOut.Encode(map[string]any{"question": it.Question, "answers": it.Answers, "rank": rank, "got": toJSON(a)})
		}
		if rank >= 1 && rank <= 3 {
			r3++
		}
		if rank >= 1 && rank <= 5 {
			r5++
		}
		if rank > 0 {
			rr += 1 / float64(rank)
		}
		if containsAny(a.Answer, it.Answers) {
			hitAns++
		}
	}
	n := float64(len(items))
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	res := evalResult{Questions: len(items), R1: r1 / n, R3: r3 / n, R5: r5 / n, MRR: rr / n, AnswerHit: hitAns / n, Declined: declined / n, P50ms: pct(0.50), P99ms: pct(0.99)}
	if staleN > 0 {
		v := staleHit / staleN
		res.Stale = &v
	}
	if *asJSON {
		return json.NewEncoder(m.Stdout).Encode(res)
	}
	stale := ""
	if res.Stale != nil {
		stale = fmt.Sprintf("  stale %.3f", *res.Stale)
	}
	fmt.Fprintf(m.Stdout, "questions %d  R@1 %.3f  R@3 %.3f  R@5 %.3f  MRR %.3f  answer %.3f%s  declined %.3f  ask p50 %.1f ms  p99 %.1f ms\n",
		res.Questions, res.R1, res.R3, res.R5, res.MRR, res.AnswerHit, stale, res.Declined, res.P50ms, res.P99ms)
	return nil
}

// evalUnanswerable asks questions the sources do not answer and reports
// how many were declined; missOut, when set, gets those that were answered.
func (m *Main) evalUnanswerable(ctx context.Context, ix library, items []qaItem, asJSON bool, missOut *json.Encoder) error {
	declined := 0
	for _, it := range items {
		if err := ctx.Err(); err != nil {
			return err
		}
		a, err := ask(ctx, ix, it.Question, corpus.DefaultLimit)
		var qe *corpus.QueryError
		if errors.As(err, &qe) || (err == nil && a.Declined()) {
			declined++
			continue
		}
		if err != nil {
			return err
		}
		if missOut != nil {
			missOut.Encode(map[string]any{"question": it.Question, "got": toJSON(a)})
		}
	}
	res := struct {
		Questions int     `json:"questions"`
		Declined  int     `json:"declined"`
		Share     float64 `json:"declined_share"`
	}{len(items), declined, float64(declined) / float64(len(items))}
	if asJSON {
		return json.NewEncoder(m.Stdout).Encode(res)
	}
	fmt.Fprintf(m.Stdout, "questions %d  declined %d (%.3f)\n", res.Questions, res.Declined, res.Share)
	return nil
}
