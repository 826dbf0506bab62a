// Command bombs writes the hostile inputs of issue #14, for measuring
// ingest's peak memory and time by hand (they are too big to commit):
//
//	go run ./eval/bombs -kind docs -o /tmp/docs.jsonl.gz      # 137 documents of 15 MB text, gzipped
//	go run ./eval/bombs -kind paragraph -o /tmp/para.txt      # one 15 MB paragraph without sentence ends
//	go run ./eval/bombs -kind newlines -o /tmp/nl.jsonl.gz    # 2 GB of newlines, gzipped
//
// then /usr/bin/time -v briefbot --data $(mktemp -d) ingest FILE.
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

func main() {
	kind := flag.String("kind", "docs", "docs, paragraph or newlines")
	out := flag.String("o", "", "output file")
	docs := flag.Int("docs", 137, "documents (docs)")
	size := flag.Int64("size", 15<<20, "bytes of text per document (docs, paragraph)")
	total := flag.Int64("total", 2<<30, "bytes of newlines (newlines)")
	vary := flag.Bool("vary", false, "docs: every sentence different (harder on the index; compresses 3:1 rather than 300:1)")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "bombs: give -o FILE")
		os.Exit(2)
	}
	if err := write(*out, *kind, *docs, *size, *total, *vary); err != nil {
		fmt.Fprintln(os.Stderr, "bombs:", err)
		os.Exit(1)
	}
}

func write(path, kind string, docs int, size, total int64, vary bool) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	bw := bufio.NewWriterSize(f, 1<<20)
	var w io.Writer = bw
	var zw *gzip.Writer
	if strings.HasSuffix(path, ".gz") {
		zw, _ = gzip.NewWriterLevel(bw, gzip.BestCompression)
		w = zw
	}
	switch kind {
	case "docs":
		err = writeDocs(w, docs, size, vary)
	case "paragraph":
		_, err = io.WriteString(w, Paragraph(size))
	case "newlines":
		err = writeNewlines(w, total)
	default:
		err = fmt.Errorf("unknown kind %q", kind)
	}
	if err != nil {
		return err
	}
	if zw != nil {
		if err := zw.Close(); err != nil {
			return err
		}
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return f.Close()
}

// sentence varies with n so the text is not one repeated string.
func sentence(n int) string {
	return fmt.Sprintf("Report %d says the harbour authority moved %d containers through the eastern quay this week. ", n, n*7%1000)
}

// Text is size bytes of prose: sentences in paragraphs of about 1 KB.
// Unless vary, the same paragraph repeats, as in the 6.3 MB file.
func Text(size int64, vary bool) string {
	var b strings.Builder
	b.Grow(int(size))
	for n := 0; int64(b.Len()) < size; n++ {
		k := n
		if !vary {
			k = n % 10
		}
		b.WriteString(sentence(k))
		if n%10 == 9 {
			b.WriteString("\n\n")
		}
	}
	return b.String()[:size]
}

// Paragraph is size bytes of words with no sentence end and no line break.
func Paragraph(size int64) string {
	words := []string{"harbour", "quay", "container", "berth", "ferry", "tide", "crane", "pilot"}
	var b strings.Builder
	b.Grow(int(size))
	for n := 0; int64(b.Len()) < size; n++ {
		b.WriteString(words[n%len(words)])
		b.WriteByte(' ')
	}
	return b.String()[:size]
}

func writeDocs(w io.Writer, docs int, size int64, vary bool) error {
	text := Text(size, vary)
	enc := json.NewEncoder(w)
	for i := range docs {
		if err := enc.Encode(map[string]string{"id": fmt.Sprintf("bomb-%d", i), "title": fmt.Sprintf("Bomb %d", i), "text": text}); err != nil {
			return err
		}
	}
	return nil
}

func writeNewlines(w io.Writer, total int64) error {
	chunk := []byte(strings.Repeat("\n", 1<<20))
	for total > 0 {
		n := min(total, int64(len(chunk)))
		if _, err := w.Write(chunk[:n]); err != nil {
			return err
		}
		total -= n
	}
	return nil
}
