// Command differq writes questions that ask for figures two reports of a
// corpus may give differently, for measuring the differences `ask` shows
// (issue #10; see eval/differ):
//
//	go run ./eval/differq -n 300 -seed 7 ../shared/corpora/news-2024.jsonl.gz > /tmp/q.txt
//
// For every count a passage states (package claim) it notes what is
// counted and the names its sentence gives ("Kharkiv", "Maui"); where two
// documents published within a week count the same thing beside the same
// name with different figures, it asks "How many people died in Kharkiv?"
// ("were injured" for the injured, else "How many THING in NAME?"). It
// then draws n of them with the seed. Such questions are where a false
// difference is most likely, so the sample is a hard test of precision.
package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/briefbot/briefbot/claim"
	"github.com/briefbot/briefbot/corpus"
)

// mention is one figure beside a name.
type mention struct {
	doc   string
	pub   time.Time
	value string
	thing string
}

func main() {
	n := flag.Int("n", 300, "questions to draw")
	seed := flag.Uint64("seed", 7, "seed of the draw")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: differq [-n 300] [-seed 7] CORPUS...")
		os.Exit(2)
	}
	qs, err := questions(context.Background(), flag.Args())
	if err != nil {
		fmt.Fprintln(os.Stderr, "differq:", err)
		os.Exit(1)
	}
	r := rand.New(rand.NewPCG(*seed, *seed))
	r.Shuffle(len(qs), func(i, j int) { qs[i], qs[j] = qs[j], qs[i] })
	fmt.Fprintf(os.Stderr, "differq: %d candidate questions, drawing %d\n", len(qs), min(*n, len(qs)))
	for _, q := range qs[:min(*n, len(qs))] {
		fmt.Println(q)
	}
}

func questions(ctx context.Context, paths []string) ([]string, error) {
	byKey := map[[2]string][]mention{}
	err := corpus.Load(ctx, paths, func(d corpus.Document) error {
		for _, para := range strings.Split(d.Text, "\n") {
			for _, c := range claim.Extract(para) {
				if c.Thing.IsZero() || c.Attributive || c.Kind != claim.Count {
					continue
				}
				m := mention{doc: d.ID, pub: d.Published, value: claim.FormatValue(c.Value), thing: c.Thing.Text}
				for _, name := range names(para[c.Sentence[0]:c.Sentence[1]]) {
					k := [2]string{c.Thing.Head, name}
					byKey[k] = append(byKey[k], m)
				}
			}
		}
		return nil
	}, nil)
	if err != nil {
		return nil, fmt.Errorf("load: %w", err)
	}
	seen := map[string]bool{}
	var out []string
	for k, ms := range byKey {
		if !differs(ms) {
			continue
		}
		if calendar[strings.ToLower(k[1])] || strings.Contains(strings.ToLower(ms[0].thing), strings.ToLower(k[1])) {
			continue
		}
		q := question(k[0], k[1], ms[0].thing)
		if !seen[q] {
			seen[q] = true
			out = append(out, q)
		}
	}
	sort.Strings(out) // the draw, not the map, decides the order
	return out, nil
}

// calendar names are days and months, not places or actors.
var calendar = map[string]bool{"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true,
	"january": true, "february": true, "march": true, "april": true, "may": true, "june": true, "july": true, "august": true,
	"september": true, "october": true, "november": true, "december": true, "christmas day": true}

// differs reports whether two documents a week apart at most give
// different figures.
func differs(ms []mention) bool {
	for i := range ms {
		for j := i + 1; j < len(ms); j++ {
			a, b := ms[i], ms[j]
			d := a.pub.Sub(b.pub)
			if a.doc != b.doc && a.value != b.value && d < 7*24*time.Hour && d > -7*24*time.Hour {
				return true
			}
		}
	}
	return false
}

func question(head, name, thing string) string {
	switch head {
	case "dead":
		return "How many people died in " + name + "?"
	case "injured":
		return "How many people were injured in " + name + "?"
	}
	return "How many " + strings.ToLower(thing) + " in " + name + "?"
}

// names are the runs of capitalised words of a sentence, but for its
// first word: "Maui", "South Carolina".
func names(s string) []string {
	ws := strings.Fields(s)
	var out []string
	var run []string
	flush := func() {
		if len(run) > 0 {
			if n := strings.Join(run, " "); len(n) > 3 {
				out = append(out, n)
			}
		}
		run = nil
	}
	for i, w := range ws {
		t := strings.TrimRight(strings.TrimSuffix(strings.TrimSuffix(w, "’s"), "'s"), ".,;:!?\"”)")
		r := []rune(t)
		if i == 0 || len(r) == 0 || !unicode.IsUpper(r[0]) {
			flush()
			continue
		}
		run = append(run, t)
		// A name ends at punctuation or a possessive: "Kyiv," "Gaza’s".
		if t != w {
			flush()
		}
	}
	flush()
	return out
}
