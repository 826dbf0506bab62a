// Command draw picks news articles at random for writing evaluation
// questions, so that the questions are written from articles nobody chose
// for how briefbot ranks them.
//
//	go run ./eval/draw -in ../shared/corpora/news-2024.jsonl.gz -n 60 -seed 9 > drawn.jsonl
//
// The draw is deterministic for a seed. Articles shorter than -min bytes
// (headline-only pages, video stubs) are skipped.
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strings"
)

type article struct {
	URL       string `json:"url"`
	Title     string `json:"title"`
	Published string `json:"published"`
	Text      string `json:"text"`
}

func main() {
	in := flag.String("in", "../shared/corpora/news-2024.jsonl.gz", "news JSONL(.gz)")
	n := flag.Int("n", 50, "articles to draw")
	seed := flag.Uint64("seed", 1, "random seed")
	minLen := flag.Int("min", 1500, "skip articles shorter than this many bytes")
	flag.Parse()
	if err := run(*in, *n, *seed, *minLen, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "draw:", err)
		os.Exit(1)
	}
}

func run(path string, n int, seed uint64, minLen int, w io.Writer) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		gz, err := gzip.NewReader(f)
		if err != nil {
			return err
		}
		r = gz
	}
	var all []article
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var a article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			return err
		}
		if len(a.Text) >= minLen {
			all = append(all, a)
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(seed, 0x62726965666274))
	rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, a := range all[:min(n, len(all))] {
		if err := enc.Encode(a); err != nil {
			return err
		}
	}
	return nil
}
