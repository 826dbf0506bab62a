// Command scale writes a larger news corpus from news-2024 for measuring
// how answering and ingest grow with the corpus (issue #12): N distinct
// copies of every article, each with its own id, URL and title and lightly
// changed text, so that no copy is a duplicate the index or the rerank
// could fold away.
//
//	go run ./eval/scale -in ../shared/corpora/news-2024.jsonl.gz -copies 4 -o /tmp/news-4x.jsonl.gz
//	briefbot --data /tmp/x4 ingest ../shared/corpora/xquad-en.json /tmp/news-4x.jsonl.gz
//
// Copy 0 is the original. Copy k > 0 replaces a few common words by
// others of the same meaning, chosen by k, so every copy's text differs.
// The corpus is never stored in the repository.
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// swaps are word replacements that keep a sentence readable; copy k uses
// those whose index is congruent to k.
var swaps = [][2]string{
	{" said ", " stated "}, {" says ", " states "}, {" also ", " as well "}, {" about ", " around "},
	{" big ", " large "}, {" but ", " yet "}, {" show ", " indicate "}, {" told ", " informed "},
	{" people ", " individuals "}, {" help ", " assist "}, {" start ", " begin "}, {" buy ", " purchase "},
}

func main() {
	in := flag.String("in", "../shared/corpora/news-2024.jsonl.gz", "news JSONL (.gz)")
	copies := flag.Int("copies", 4, "how many copies of each article, the original included")
	out := flag.String("o", "", "output .jsonl.gz (stdout when empty, uncompressed)")
	flag.Parse()
	if *copies < 1 {
		fmt.Fprintln(os.Stderr, "scale: -copies must be 1 or more")
		os.Exit(2)
	}
	if err := run(*in, *out, *copies); err != nil {
		fmt.Fprintln(os.Stderr, "scale:", err)
		os.Exit(1)
	}
}

func run(in, out string, copies int) error {
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(in, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return fmt.Errorf("%s: %w", in, err)
		}
		r = zr
	}
	var w io.Writer = os.Stdout
	var zw *gzip.Writer
	if out != "" {
		of, err := os.Create(out)
		if err != nil {
			return err
		}
		defer of.Close()
		zw = gzip.NewWriter(of)
		w = zw
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	n := 0
	for sc.Scan() {
		var a map[string]any
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			return fmt.Errorf("%s: line %d: %w", in, n+1, err)
		}
		for k := range copies {
			b, err := json.Marshal(variant(a, k))
			if err != nil {
				return err
			}
			bw.Write(b)
			bw.WriteByte('\n')
		}
		n++
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if zw != nil {
		if err := zw.Close(); err != nil {
			return err
		}
	}
	fmt.Fprintf(os.Stderr, "scale: %d articles, %d documents\n", n, n*copies)
	return nil
}

// variant is copy k of article a: k = 0 is a itself.
func variant(a map[string]any, k int) map[string]any {
	if k == 0 {
		return a
	}
	v := make(map[string]any, len(a)+1)
	for key, val := range a {
		v[key] = val
	}
	if u, ok := a["url"].(string); ok && u != "" {
		sep := "?"
		if strings.Contains(u, "?") {
			sep = "&"
		}
		v["url"] = fmt.Sprintf("%s%scopy=%d", u, sep, k)
		v["id"] = v["url"]
	}
	if t, ok := a["title"].(string); ok {
		v["title"] = fmt.Sprintf("%s (edition %d)", t, k+1)
	}
	if t, ok := a["text"].(string); ok {
		for i, s := range swaps {
			if i%stride(k) == k%stride(k) {
				t = strings.ReplaceAll(t, s[0], s[1])
			}
		}
		v["text"] = t
	}
	return v
}

// stride(k) spreads the swaps over the copies: copy k takes every
// (k+1)-th swap, offset by k, so two copies never change the same words
// the same way.
func stride(k int) int { return k + 1 }
