// Command tlsample draws a fixed random sample of the events of some
// timelines, to be read against their sources (issue #10: is the date
// right at the precision shown, is the event about the topic?):
//
//	briefbot --data DIR timeline --json -n 0 "Boeing Starliner launch" > /tmp/tl/starliner.json
//	go run ./eval/tlsample -n 30 -seed 10 /tmp/tl/*.json
//
// It prints how many events each timeline has, then each sampled event:
// its topic, date and precision, its sentence, and for every citation the
// source, publication date and the passage around the sentence.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strings"
)

type citation struct {
	Source    string `json:"source"`
	Published string `json:"published"`
	Passage   string `json:"passage"`
}

type event struct {
	Date      string     `json:"date"`
	Precision string     `json:"precision"`
	Text      string     `json:"text"`
	Citations []citation `json:"citations"`
}

type timeline struct {
	Topic  string  `json:"topic"`
	Events []event `json:"events"`
}

// drawn is an event with its timeline's topic.
type drawn struct {
	topic string
	e     event
}

func main() {
	n := flag.Int("n", 30, "events to sample")
	seed := flag.Uint64("seed", 10, "seed of the sample")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: tlsample [-n 30] [-seed 10] TIMELINE.json...")
		os.Exit(2)
	}
	if err := run(os.Stdout, flag.Args(), *n, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "tlsample:", err)
		os.Exit(1)
	}
}

func run(w io.Writer, paths []string, n int, seed uint64) error {
	var all []drawn
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return fmt.Errorf("timeline: %w", err)
		}
		var t timeline
		if err := json.Unmarshal(b, &t); err != nil {
			return fmt.Errorf("timeline %s: %w", p, err)
		}
		fmt.Fprintf(w, "%-40q %d events\n", t.Topic, len(t.Events))
		for _, e := range t.Events {
			all = append(all, drawn{t.Topic, e})
		}
	}
	r := rand.New(rand.NewPCG(seed, seed))
	perm := r.Perm(len(all))
	for i, k := range perm[:min(n, len(perm))] {
		d := all[k]
		fmt.Fprintf(w, "\n%d. [%s] %s %s: %s\n", i+1, d.topic, d.e.Date, d.e.Precision, d.e.Text)
		for _, c := range d.e.Citations {
			fmt.Fprintf(w, "   %s %s: %s\n", c.Source, c.Published, around(c.Passage, d.e.Text))
		}
	}
	return nil
}

// around is the passage about a sentence: the one before it and itself.
func around(passage, sentence string) string {
	i := strings.Index(passage, sentence)
	if i < 0 {
		i = 0
	}
	a, b := max(0, i-200), min(len(passage), i+len(sentence)+60)
	return strings.Join(strings.Fields(strings.ToValidUTF8(passage[a:b], "")), " ")
}
