package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/corpus"
)

// runAt runs the program in-process with the clock stopped at now.
func runAt(t *testing.T, data string, now time.Time, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	m := NewMain(strings.NewReader(""), &out, &errb)
	m.Getenv = func(string) string { return "" }
	m.Now = func() time.Time { return now }
	code := m.Run(context.Background(), append([]string{"--data", data}, args...))
	if err := m.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	return code, out.String(), errb.String()
}

func writeJSONL(t *testing.T, docs ...corpus.Document) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "docs.jsonl")
	var b bytes.Buffer
	for _, d := range docs {
		line, _ := json.Marshal(d)
		b.Write(line)
		b.WriteByte('\n')
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestDigestCommand(t *testing.T) {
	data := t.TempDir()
	t1 := time.Date(2024, 3, 4, 9, 0, 0, 0, time.UTC)
	first := writeJSONL(t,
		corpus.Document{ID: "s1", Title: "EU agrees 13th package of sanctions against Russia", Source: "Reuters", URL: "https://reuters.example/eu",
			Published: t1, Text: "European Union governments agreed on Monday a 13th package of sanctions against Russia over its war in Ukraine, adding nearly 200 companies and individuals to the blacklist."},
		corpus.Document{ID: "s2", Title: "EU adopts 13th Russia sanctions package targeting 200 firms", Source: "Politico", URL: "https://politico.example/eu",
			Published: t1, Text: "The European Union adopted its 13th package of sanctions against Russia on Monday, blacklisting nearly 200 companies and individuals accused of supplying Moscow's military."},
	)
	second := writeJSONL(t,
		corpus.Document{ID: "q1", Title: "Strong earthquake hits eastern Taiwan", Source: "Al Jazeera", URL: "https://aljazeera.example/quake",
			Published: t1.Add(48 * time.Hour), Text: "A magnitude 7.2 earthquake struck off the eastern coast of Taiwan on Wednesday, damaging buildings in the city of Hualien and triggering tsunami warnings."},
	)
	if code, _, errs := runAt(t, data, t1, "ingest", first); code != 0 {
		t.Fatalf("ingest: %s", errs)
	}
	if code, _, errs := runAt(t, data, t1.Add(48*time.Hour), "ingest", second); code != 0 {
		t.Fatalf("ingest: %s", errs)
	}

	// Default: the last 24 hours.
	code, out, errs := runAt(t, data, t1.Add(49*time.Hour), "digest")
	if code != 0 {
		t.Fatalf("digest: exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "1 new story since") || !strings.Contains(out, "Strong earthquake") || strings.Contains(out, "sanctions") {
		t.Errorf("digest of the last day:\n%s", out)
	}
	if !strings.Contains(out, "“A magnitude 7.2 earthquake struck") || !strings.Contains(out, "https://aljazeera.example/quake") {
		t.Errorf("digest lacks the quoted sentence or link:\n%s", out)
	}

	// Since a date, as JSON: the two sanctions reports are one story (the
	// default corpus, indexed on first use, is the third).
	code, out, errs = runAt(t, data, t1.Add(49*time.Hour), "digest", "--since", "2024-03-01", "--json")
	if code != 0 {
		t.Fatalf("digest --json: %s", errs)
	}
	var d corpus.Digest
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(d.Items) != 3 || d.Documents != 4 || !d.Since.Equal(time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("digest --since 2024-03-01: %d items from %d documents since %v", len(d.Items), d.Documents, d.Since)
	}
	for _, it := range d.Items {
		if strings.Contains(it.Title, "sanctions") && len(it.AlsoReportedBy) != 1 {
			t.Errorf("sanctions story not grouped: %+v", it)
		}
	}

	// A topic keeps what is about it; topic words may follow the flags.
	code, out, _ = runAt(t, data, t1.Add(49*time.Hour), "digest", "--since", "72h", "--topic", "Russia", "sanctions")
	if code != 0 || !strings.Contains(out, `on “Russia sanctions”`) || strings.Contains(out, "earthquake") || !strings.Contains(out, "Also reported by") {
		t.Errorf("digest --topic:\n%s", out)
	}

	code, out, _ = runAt(t, data, t1.Add(100*time.Hour), "digest", "--since", "1h")
	if code != 0 || !strings.HasPrefix(out, "Nothing new since") {
		t.Errorf("empty digest: exit %d\n%s", code, out)
	}
}

func TestDigestBadSince(t *testing.T) {
	now := time.Date(2024, 3, 4, 9, 0, 0, 0, time.UTC)
	for _, since := range []string{"yesterday", "-24h", "2024-13-01", "2030-01-01", "0d"} {
		code, _, errs := runAt(t, t.TempDir(), now, "digest", "--since", since)
		if code != 2 || !strings.Contains(errs, "--since 24h") || !strings.Contains(errs, "2024-03-01T08:00:00Z") {
			t.Errorf("--since %s: exit %d: %s", since, code, errs)
		}
	}
	if code, _, errs := runAt(t, t.TempDir(), now, "digest", "-n", "-3"); code != 2 {
		t.Errorf("-n -3: exit %d: %s", code, errs)
	}
}

func TestParseSince(t *testing.T) {
	now := time.Date(2024, 3, 4, 9, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Time{
		"24h":                       now.Add(-24 * time.Hour),
		"90m":                       now.Add(-90 * time.Minute),
		"7d":                        now.Add(-7 * 24 * time.Hour),
		"2024-03-01":                time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC),
		"2024-03-01T08:00:00Z":      time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC),
		"2024-03-01T08:00:00+09:00": time.Date(2024, 2, 29, 23, 0, 0, 0, time.UTC),
	} {
		got, err := parseSince(in, now)
		if err != nil || !got.Equal(want) {
			t.Errorf("parseSince(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
}

func TestServeRefusesCorruptState(t *testing.T) {
	data := t.TempDir()
	state := filepath.Join(data, "state.db")
	garbage := bytes.Repeat([]byte("not a database "), 1000)
	if err := os.WriteFile(state, garbage, 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	m := NewMain(strings.NewReader(""), &out, &errb)
	m.Getenv = func(k string) string {
		if k == "BRIEFBOT_ADDR" {
			return "127.0.0.1:0"
		}
		return ""
	}
	m.Listening = func(string) { t.Error("serve started on a corrupt state file") }
	code := m.Run(context.Background(), []string{"--data", data, "serve"})
	m.Close()
	if code != 1 || !strings.Contains(errb.String(), state) || !strings.Contains(errb.String(), "damaged") {
		t.Errorf("exit %d: %s", code, errb.String())
	}
	if b, _ := os.ReadFile(state); !bytes.Equal(b, garbage) {
		t.Error("the corrupt state file was changed")
	}
}

func TestServeRefusesBadDeclaredSchedule(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "briefbot.yaml")
	os.WriteFile(cfg, []byte("digests:\n  - platform: slack\n    channel: C1\n    schedule: daily 8am\n"), 0o644)
	var out, errb bytes.Buffer
	m := NewMain(strings.NewReader(""), &out, &errb)
	m.Getenv = func(k string) string {
		return map[string]string{"BRIEFBOT_ADDR": "127.0.0.1:0", "BRIEFBOT_CONFIG": cfg}[k]
	}
	m.Listening = func(string) { t.Error("serve started with a bad schedule") }
	code := m.Run(context.Background(), []string{"--data", t.TempDir(), "serve"})
	m.Close()
	if msg := errb.String(); code != 1 || !strings.Contains(msg, cfg) || !strings.Contains(msg, "digests[0]") || !strings.Contains(msg, "HH:MM") {
		t.Errorf("exit %d: %s", code, msg)
	}
}
