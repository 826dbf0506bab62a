package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func writeFile(t *testing.T, path string, b []byte) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func gzipped(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestIngestExitStatus: ingest fails when it ingested nothing, whether
// every input was skipped or nothing was found; documents found unchanged
// are a success.
func TestIngestExitStatus(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, filepath.Join(dir, "good.jsonl"), []byte(`{"id":"g","title":"Good","text":"The ferry runs every forty minutes."}`+"\n"))
	bad := writeFile(t, filepath.Join(dir, "bad.jsonl"), []byte("not json\n{\"title\":\"no text\"}\n"))
	binary := writeFile(t, filepath.Join(dir, "nul.txt"), []byte("a\x00b"))
	writeFile(t, filepath.Join(dir, "other", "slides.pdf"), []byte("%PDF"))
	empty := filepath.Join(dir, "other")
	data := t.TempDir()
	for _, c := range []struct {
		name string
		args []string
		code int
		want string // in stderr
	}{
		{"every input skipped", []string{bad, binary}, 1, "briefbot: ingest: nothing was ingested: 3 inputs were skipped (see the warnings above)"},
		{"nothing found", []string{empty}, 1, "briefbot: ingest: no documents found; files read are .txt, .md"},
		{"some ingested", []string{good, bad}, 0, "warning: " + bad + ":1:"},
		{"all unchanged", []string{good}, 0, ""},
		{"unchanged and skipped", []string{good, bad}, 0, "(skipped)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, out, errs := run(t, data, "", append([]string{"ingest", "-q"}, c.args...)...)
			if code != c.code || !strings.Contains(errs, c.want) {
				t.Errorf("exit %d, want %d\nstdout %s\nstderr %s", code, c.code, out, errs)
			}
			if !strings.HasPrefix(out, "ingested: ") {
				t.Errorf("no summary: %q", out)
			}
		})
	}
}

// TestIngestLimitsFromConfig: the config file's limits apply to ingest.
// A document over max_document_size is cut (and says so), and is indexed
// up to the cut.
func TestIngestLimitsFromConfig(t *testing.T) {
	dir := t.TempDir()
	cfg := writeFile(t, filepath.Join(dir, "briefbot.yaml"), []byte("limits:\n  max_document_size: 8KB\n"))
	var text strings.Builder
	for i := 0; text.Len() < 20<<10; i++ {
		fmt.Fprintf(&text, "Convoy %d reached the northern depot before dawn. ", i)
		if i%10 == 9 {
			text.WriteString("\n\n")
		}
	}
	text.WriteString("The zeppelin sentence comes after the cut.")
	var src bytes.Buffer
	for i := range 3 {
		fmt.Fprintf(&src, `{"id":"c%d","title":"Convoys %d","text":%q}`+"\n", i, i, text.String())
	}
	f := writeFile(t, filepath.Join(dir, "convoys.jsonl.gz"), gzipped(t, src.Bytes()))
	data := t.TempDir()
	code, out, errs := run(t, data, "", "--config", cfg, "ingest", "-q", f)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.HasPrefix(out, "ingested: 3 added, 0 updated, 0 unchanged, 0 skipped;") || !strings.Contains(out, "; 3 cut to the size limit of 8 KB (limits.max_document_size)") {
		t.Errorf("summary %q", out)
	}
	if n := strings.Count(errs, "is longer than the limit of 8 KB (limits.max_document_size); cut to its first"); n != 3 {
		t.Errorf("%d cut warnings:\n%s", n, errs)
	}
	_, out, _ = run(t, data, "", "ask", "--json", "convoy northern depot")
	if !strings.Contains(out, `"doc_id":"c`) {
		t.Errorf("the start of a cut document is not indexed: %s", out)
	}
	_, out, _ = run(t, data, "", "ask", "--json", "zeppelin")
	var a answerJSON
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatal(err)
	}
	for _, c := range append(a.Citations, a.Related...) {
		if strings.Contains(c.Passage, "zeppelin") {
			t.Errorf("text after the cut is indexed: %s", out)
		}
	}
}

// TestIngestBombsSmall: the hostile inputs of issue 14, at a small scale.
func TestIngestBombsSmall(t *testing.T) {
	dir := t.TempDir()
	data := t.TempDir()

	t.Run("a gzip of newlines", func(t *testing.T) {
		cfg := writeFile(t, filepath.Join(dir, "small-lines.yaml"), []byte("limits:\n  max_line_size: 4MB\n"))
		f := writeFile(t, filepath.Join(dir, "newlines.jsonl.gz"), gzipped(t, bytes.Repeat([]byte{'\n'}, 16<<20)))
		start := time.Now()
		code, _, errs := run(t, data, "", "--config", cfg, "ingest", "-q", f)
		if code != 1 || !strings.Contains(errs, "more than 4 MB of blank lines in a row from line 1 on (limits.max_line_size)") ||
			!strings.Contains(errs, "nothing was ingested") {
			t.Errorf("exit %d: %s", code, errs)
		}
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("took %s", d)
		}
	})

	t.Run("a long paragraph without sentence ends", func(t *testing.T) {
		para := strings.Repeat("harbour quay container berth ferry tide crane pilot ", 1000)
		f := writeFile(t, filepath.Join(dir, "paragraph.txt"), []byte("Paragraph\n\n"+para+" sextant"))
		code, _, errs := run(t, data, "", "ingest", "-q", f)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		code, out, _ := run(t, data, "", "ask", "--json", "-n", "5", "sextant harbour pilot")
		var a answerJSON
		if err := json.Unmarshal([]byte(out), &a); code != 0 || err != nil {
			t.Fatalf("exit %d, %v: %s", code, err, out)
		}
		all := append(a.Citations, a.Related...)
		if len(all) == 0 {
			t.Fatalf("nothing found: %s", out)
		}
		for _, c := range all {
			if len(c.Passage) > 2000 {
				t.Errorf("a passage of %d bytes", len(c.Passage))
			}
		}
	})
}

// TestIngestRefusesTokenInConfig: ingest reads the config file for its
// limits, and a credential there stops it before anything is read.
func TestIngestRefusesTokenInConfig(t *testing.T) {
	dir := t.TempDir()
	cfg := writeFile(t, filepath.Join(dir, "briefbot.yaml"), []byte("admins:\n  - "+fakeDiscordToken+"\n"))
	code, _, errs := run(t, t.TempDir(), "", "--config", cfg, "ingest", "-q", "testdata/ingest/news.jsonl")
	if code != 1 || !strings.Contains(errs, "briefbot.yaml:2: the value of admins[0] looks like a Discord bot token") ||
		!strings.Contains(errs, "DISCORD_BOT_TOKEN") || strings.Contains(errs, fakeDiscordToken) {
		t.Errorf("exit %d: %s", code, errs)
	}
}
