package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/index"
)

// timelineCorpus fills data with invented reports: absolute and relative
// dates, one event (13 October 2024) from two sources, and a story about
// another topic.
func timelineCorpus(t *testing.T, data string) string {
	t.Helper()
	ix, err := index.Open(context.Background(), filepath.Join(data, "index"), index.Options{Now: func() time.Time { return localNow }})
	if err != nil {
		t.Fatal(err)
	}
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 8, 0, 0, 0, time.UTC) }
	docs := []corpus.Document{
		{ID: "lantern-1", Title: "Zelensky: North Korea sending troops", Source: "Lantern Post", URL: "https://lantern.example/zelensky",
			Published: day(2024, 10, 14),
			Text:      "Ukrainian President Volodymyr Zelensky said on Sunday that North Korea was sending troops to fight for Russia."},
		{ID: "quill-1", Title: "North Korean troops in Russia, Kyiv says", Source: "Quill Daily", URL: "https://quill.example/troops",
			Published: day(2024, 10, 20),
			Text: "On 13 October 2024, Zelensky said North Korean troops were being sent to Russia's army.\n\n" +
				"In 2022 North Korea began shipping artillery shells and rockets to Russia's army, officials say."},
		{ID: "quill-2", Title: "Spy agency: troops reached Kursk", Source: "Quill Daily",
			Published: day(2024, 11, 5),
			Text:      "North Korean troops arrived in Russia's Kursk region last month, South Korea's spy agency said on Monday."},
		{ID: "grain-1", Title: "Record grain exports", Source: "Harbour Times", URL: "https://harbour.example/grain",
			Published: day(2024, 9, 3),
			Text:      "On 2 September 2024, Ukraine shipped a record six million tonnes of grain through Odesa despite Russian attacks on the port."},
	}
	if _, err := ix.Add(context.Background(), docs); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	return data
}

func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "timeline", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs; got:\n%s\nwant:\n%s", name, got, want)
	}
}

func TestTimelineCommand(t *testing.T) {
	data := timelineCorpus(t, t.TempDir())
	r := localRun(t, data, localNow, nil, "", "timeline", "North", "Korean", "troops", "in", "Russia")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	checkGolden(t, "terminal.golden", r.stdout)

	r = localRun(t, data, localNow, map[string]string{"COLUMNS": "60"}, "", "timeline", "-n", "2", "North Korean troops in Russia")
	checkGolden(t, "terminal-n2-60.golden", r.stdout)

	r = localRun(t, data, localNow, nil, "", "timeline", "--json", "North Korean troops in Russia")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	// Indented for reading, in the order written.
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, []byte(r.stdout), "", "  "); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, r.stdout)
	}
	// Scores belong to the ranking, not to this contract.
	checkGolden(t, "json.golden", regexp.MustCompile(`"score": [0-9.e+-]+`).ReplaceAllString(pretty.String(), `"score": 0`))

	// The contract, read back into the documented shape.
	var got struct {
		Topic  string `json:"topic"`
		Events []struct {
			Date      string         `json:"date"`
			Precision string         `json:"precision"`
			Text      string         `json:"text"`
			Citations []citationJSON `json:"citations"`
		} `json:"events"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatal(err)
	}
	if got.Topic != "North Korean troops in Russia" || len(got.Events) != 3 {
		t.Fatalf("%+v", got)
	}
	month := got.Events[1]
	if month.Date != "2024-10-01" || month.Precision != "month" || len(month.Citations) != 1 || month.Citations[0].Published != "2024-11-05" {
		t.Errorf("month event: %+v", month)
	}
	two := got.Events[2]
	if two.Date != "2024-10-13" || two.Precision != "day" || len(two.Citations) != 2 || two.Citations[0].N == two.Citations[1].N {
		t.Errorf("event from two sources: %+v", two)
	}
}

func TestTimelineCommandInput(t *testing.T) {
	data := timelineCorpus(t, t.TempDir())
	tests := []struct {
		name string
		args []string
		code int
		want string // in stdout when code is 0, else in stderr
	}{
		{"no events", []string{"timeline", "flamingo migration"}, 0, "No dated events about “flamingo migration” in the sources.\n"},
		{"no events, JSON", []string{"timeline", "--json", "flamingo"}, 0, `{"topic":"flamingo","events":[],"notice":"No dated events about “flamingo” in the sources."}`},
		{"another topic", []string{"timeline", "grain exports"}, 0, "2024-09-02  On 2 September 2024, Ukraine shipped"},
		{"a topic starting with -word", []string{"timeline", "-grain", "North Korean troops"}, 0, "2024-10-13"},
		{"window", []string{"timeline", "--since", "2024-10-14", "--until", "2024-12-31", "North Korean troops in Russia"}, 0, "October 2024"},
		{"no topic", []string{"timeline"}, 2, "no topic given"},
		{"bad since", []string{"timeline", "--since", "yesterdayish", "troops"}, 2, `--since "yesterdayish" is not a date or a duration`},
		{"inverted window", []string{"timeline", "--since", "2024-10-14", "--until", "2024-10-01", "troops"}, 2, "ends (2024-10-02) before it starts (2024-10-14)"},
		{"negative n", []string{"timeline", "-n", "-1", "troops"}, 2, "-n must be 0"},
		{"bad filter", []string{"timeline", "troops after:2024-13-01"}, 2, "after:2024-13-01 is not a date"},
		{"only filters", []string{"timeline", "-Kursk"}, 2, "no words to search for"},
		{"escapes stay out of the terminal", []string{"timeline", "flamingo[2Jmigration"}, 0, "No dated events about “flamingo"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := localRun(t, data, localNow, nil, "", tt.args...)
			if strings.Contains(r.stdout, "\x1b") {
				t.Errorf("an escape reached stdout: %q", r.stdout)
			}
			text := r.stdout
			if tt.code != 0 {
				text = r.stderr
			}
			if r.code != tt.code || !strings.Contains(text, tt.want) {
				t.Errorf("exit %d, want %d with %q\nstdout:\n%s\nstderr:\n%s", r.code, tt.code, tt.want, r.stdout, r.stderr)
			}
		})
	}
	// The window keeps 13 October (--until is inclusive) and leaves 2022 out.
	r := localRun(t, data, localNow, nil, "", "timeline", "--since", "2024-10-01", "--until", "2024-10-13", "North Korean troops in Russia")
	if !strings.Contains(r.stdout, "2024-10-13") || strings.Contains(r.stdout, "2022") {
		t.Errorf("window:\n%s", r.stdout)
	}
}

// TestTimelineBesideServe: the same bytes through serve's socket as alone.
func TestTimelineBesideServe(t *testing.T) {
	data := timelineCorpus(t, t.TempDir())
	cases := [][]string{
		{"timeline", "North Korean troops in Russia"},
		{"timeline", "--json", "-n", "0", "North Korean troops in Russia"},
		{"timeline", "flamingo"},
		{"timeline", "troops after:2024-13-01"},
	}
	alone := make([]localResult, len(cases))
	for i, args := range cases {
		alone[i] = localRun(t, data, localNow, nil, "", args...)
	}
	if !strings.Contains(alone[0].stdout, "2024-10-13") {
		t.Fatalf("alone:\n%s%s", alone[0].stdout, alone[0].stderr)
	}
	s := startLocalServe(t, data, nil)
	for i, args := range cases {
		if got := localRun(t, data, localNow, nil, "", args...); got != alone[i] {
			t.Errorf("%q through serve: exit %d\n%s%s\nalone: exit %d\n%s%s\nserve logs:\n%s", args, got.code, got.stdout, got.stderr,
				alone[i].code, alone[i].stdout, alone[i].stderr, s.logs.String())
		}
	}
}
