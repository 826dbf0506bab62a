package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/index"
	"github.com/briefbot/briefbot/internal/clocktest"
)

// localNow is the clock of the tests of the CLI beside serve.
var localNow = time.Date(2025, 3, 5, 12, 0, 0, 0, time.UTC)

// localCorpus fills data with reports first seen two hours before
// localNow: two of one story published the day before, two older ones
// and an undated one, so a digest groups, counts and leaves out.
func localCorpus(t *testing.T, data string) string {
	t.Helper()
	seen := localNow.Add(-2 * time.Hour)
	ix, err := index.Open(context.Background(), filepath.Join(data, "index"), index.Options{Now: func() time.Time { return seen }})
	if err != nil {
		t.Fatal(err)
	}
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	docs := []corpus.Document{
		{ID: "rajin", Title: "Munitions through Rajin", Source: "Test Wire", URL: "https://news.example/rajin?a=1&b=2", Published: day(2024, 10, 1),
			Text: "North Korea has shipped about 20,000 containers of munitions to Russia through the port of Rajin, officials said. The shipments began in August 2023 and continued through the winter."},
		{ID: "kursk", Title: "Troops & Kursk", Source: "Other Wire", Published: day(2024, 11, 4),
			Text: "About 11,000 North Korean soldiers were deployed to the Kursk region in October 2024, according to South Korean intelligence. Some took part in combat."},
		{ID: "alliance", Title: "The alliance", Source: "Test Wire",
			Text: "The United States and South Korea held joint exercises in the spring. Officials described the alliance as strong."},
		{ID: "s1", Title: "EU agrees 16th package of sanctions against Russia", Source: "Reuters", URL: "https://reuters.example/eu", Published: day(2025, 3, 4),
			Text: "European Union governments agreed on Tuesday a 16th package of sanctions against Russia over its war in Ukraine, adding nearly 200 companies and individuals to the blacklist."},
		{ID: "s2", Title: "EU adopts 16th Russia sanctions package targeting 200 firms", Source: "Politico", URL: "https://politico.example/eu", Published: day(2025, 3, 4),
			Text: "The European Union adopted its 16th package of sanctions against Russia on Tuesday, blacklisting nearly 200 companies and individuals accused of supplying Moscow's military."},
	}
	if _, err := ix.Add(context.Background(), docs); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	return data
}

type localCase struct {
	name  string
	stdin string
	args  []string
	code  int    // the exit status run alone
	want  string // in stdout (stderr when code != 0) run alone
}

type localResult struct {
	code             int
	stdout, stderr   string
	misses, missesAt string
}

// localRun runs the CLI in-process on data at now, with env for Getenv.
func localRun(t *testing.T, data string, now time.Time, env map[string]string, stdin string, args ...string) localResult {
	t.Helper()
	var out, errb bytes.Buffer
	m := NewMain(strings.NewReader(stdin), &out, &errb)
	m.Getenv = func(k string) string { return env[k] }
	m.Now = func() time.Time { return now }
	code := m.Run(context.Background(), append([]string{"--data", data}, args...))
	if err := m.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	return localResult{code: code, stdout: out.String(), stderr: errb.String()}
}

// startLocalServe runs serve on data with the tests' clock.
func startLocalServe(t *testing.T, data string, env map[string]string) *served {
	t.Helper()
	if env == nil {
		env = map[string]string{}
	}
	return startServe(t, data, env, onClock(clocktest.New(localNow)))
}

// TestLocalSameAsAlone runs ask, ask --json, ask --json - and digest on a
// data dir alone, then again while serve holds it, and wants the same
// bytes and exit status: through serve's socket, not "in use".
func TestLocalSameAsAlone(t *testing.T) {
	data := localCorpus(t, t.TempDir())
	cases := []localCase{
		{name: "ask", args: []string{"ask", "How many containers of munitions has North Korea shipped to Russia?"}, want: "20,000 containers"},
		{name: "ask -n 1 --json", args: []string{"ask", "--json", "-n", "1", "How many North Korean soldiers were deployed to Kursk?"}, want: `"n":1`},
		{name: "filter", args: []string{"ask", "--json", `source:"Test Wire" munitions Rajin`}, want: `"sources":["Test Wire"]`},
		{name: "filter leaves nothing", args: []string{"ask", `source:"Nobody" munitions`}, want: "Nobody"},
		{name: "last year", args: []string{"ask", "--json", "What did North Korean soldiers do in Kursk last year?"}, want: "Kursk"},
		{name: "after the sources", args: []string{"ask", "How many soldiers were in Kursk in July 2031?"}, want: "July 2031"},
		{name: "declined", args: []string{"ask", "--json", "Who won the Eurovision Song Contest?"}, want: `"citations":[]`},
		{name: "bad filter", args: []string{"ask", "shells after:2024-13-01"}, code: 2, want: "after:2024-13-01 is not a date"},
		{name: "stream", args: []string{"ask", "--json", "-"}, stdin: "How many containers of munitions?\n\nshells after:2024-99-01\nWhat did the EU agree on sanctions?\n", want: `"error":`},
		{name: "digest", args: []string{"digest"}, want: "16th package"},
		{name: "digest --json all", args: []string{"digest", "--json", "--since", "2024-01-01", "-n", "0"}, want: `"also_reported_by"`},
		{name: "digest topic", args: []string{"digest", "--topic", "Russia", "sanctions"}, want: "Also reported by"},
	}
	alone := make([]localResult, len(cases))
	for i, c := range cases {
		alone[i] = localRun(t, data, localNow, nil, c.stdin, c.args...)
		text := alone[i].stdout
		if c.code != 0 {
			text = alone[i].stderr
		}
		if alone[i].code != c.code || !strings.Contains(text, c.want) {
			t.Fatalf("%s alone: exit %d, want %d with %q\nstdout:\n%s\nstderr:\n%s", c.name, alone[i].code, c.code, c.want, alone[i].stdout, alone[i].stderr)
		}
	}
	s := startLocalServe(t, data, nil)
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := localRun(t, data, localNow, nil, c.stdin, c.args...)
			if got != alone[i] {
				t.Errorf("through serve: exit %d\nstdout:\n%s\nstderr:\n%s\nalone: exit %d\nstdout:\n%s\nstderr:\n%s\nserve logs:\n%s",
					got.code, got.stdout, got.stderr, alone[i].code, alone[i].stdout, alone[i].stderr, s.logs.String())
			}
		})
	}
}

// TestLocalEvalSameAsAlone: eval scores, the misses it writes and the
// unanswerable count are the same through serve; only latency differs.
func TestLocalEvalSameAsAlone(t *testing.T) {
	data := localCorpus(t, t.TempDir())
	dir := t.TempDir()
	qa := filepath.Join(dir, "qa.jsonl")
	if err := os.WriteFile(qa, []byte(`{"question": "How many containers of munitions has North Korea shipped to Russia?", "answers": ["20,000 containers"]}
{"question": "How many North Korean soldiers were deployed to Kursk?", "answers": ["11,000"]}
{"question": "What did the EU agree?", "answers": ["a 17th package"]}
{"question": "shells after:2024-13-01", "answers": ["x"]}
`), 0o644); err != nil {
		t.Fatal(err)
	}
	unans := filepath.Join(dir, "unanswerable.jsonl")
	if err := os.WriteFile(unans, []byte(`{"question": "Who won the Eurovision Song Contest?"}
{"question": "How many soldiers were in Kursk in July 2031?"}
{"question": "How many containers of munitions has North Korea shipped to Russia?"}
`), 0o644); err != nil {
		t.Fatal(err)
	}
	evalRun := func(t *testing.T, tag string) (score map[string]any, misses, unanswerable string) {
		t.Helper()
		mf := filepath.Join(dir, tag+".misses")
		r := localRun(t, data, localNow, nil, "", "eval", "--json", "--misses", mf, qa)
		if r.code != 0 {
			t.Fatalf("eval %s: exit %d: %s", tag, r.code, r.stderr)
		}
		if err := json.Unmarshal([]byte(r.stdout), &score); err != nil {
			t.Fatalf("eval %s: %v\n%s", tag, err, r.stdout)
		}
		delete(score, "p50_ms")
		delete(score, "p99_ms")
		b, err := os.ReadFile(mf)
		if err != nil {
			t.Fatal(err)
		}
		u := localRun(t, data, localNow, nil, "", "eval", "--unanswerable", unans)
		if u.code != 0 {
			t.Fatalf("eval --unanswerable %s: exit %d: %s", tag, u.code, u.stderr)
		}
		return score, string(b), u.stdout
	}
	score, misses, unanswerable := evalRun(t, "alone")
	if score["r@1"] != 0.5 || !strings.Contains(misses, "17th package") || unanswerable != "questions 3  declined 2 (0.667)\n" {
		t.Fatalf("alone: %v\nmisses %s\nunanswerable %q", score, misses, unanswerable)
	}
	startLocalServe(t, data, nil)
	score2, misses2, unanswerable2 := evalRun(t, "served")
	if !reflect.DeepEqual(score2, score) || misses2 != misses || unanswerable2 != unanswerable {
		t.Errorf("through serve:\n%v\n%s%s\nalone:\n%v\n%s%s", score2, misses2, unanswerable2, score, misses, unanswerable)
	}
}

// TestLocalRecencyAndDayMustMatch: serve's index answers with serve's
// recency and clock, so a question asked with another recency, or on
// another day, is refused rather than answered differently. A digest's
// window is the CLI's own, so it runs on any clock.
func TestLocalRecencyAndDayMustMatch(t *testing.T) {
	data := localCorpus(t, t.TempDir())
	q := []string{"ask", "--json", "Who holds joint exercises with South Korea now?"}
	alone := localRun(t, data, localNow, nil, "", append([]string{"--recency", "0"}, q...)...)
	if alone.code != 0 {
		t.Fatalf("alone: %s", alone.stderr)
	}
	later := localNow.AddDate(0, 0, 3)
	digestAlone := localRun(t, data, later, nil, "", "digest", "--since", "7d")
	startLocalServe(t, data, map[string]string{"BRIEFBOT_RECENCY": "0"})

	if got := localRun(t, data, localNow, nil, "", append([]string{"--recency", "0"}, q...)...); got != alone {
		t.Errorf("same recency: exit %d %s%s, want %s", got.code, got.stdout, got.stderr, alone.stdout)
	}
	got := localRun(t, data, localNow, nil, "", q...)
	if got.code != 1 || got.stdout != "" || !strings.Contains(got.stderr, "answers with --recency 0; ask with --recency 0, or stop serve") {
		t.Errorf("other recency: exit %d\nstdout %s\nstderr %s", got.code, got.stdout, got.stderr)
	}
	got = localRun(t, data, later, map[string]string{"BRIEFBOT_RECENCY": "0"}, "", q...)
	if got.code != 1 || !strings.Contains(got.stderr, "its clock reads 2025-03-05, not 2025-03-08") {
		t.Errorf("other day: exit %d\nstdout %s\nstderr %s", got.code, got.stdout, got.stderr)
	}
	if got := localRun(t, data, later, nil, "", "digest", "--since", "7d"); got != digestAlone {
		t.Errorf("digest on another clock: exit %d\n%s%s\nwant\n%s", got.code, got.stdout, got.stderr, digestAlone.stdout)
	}
}

// TestLocalSocketLifecycle: serve replaces a socket a crashed serve left,
// makes it the user's alone, and removes it when it stops; then the CLI
// opens the data dir itself.
func TestLocalSocketLifecycle(t *testing.T) {
	data := localCorpus(t, t.TempDir())
	path := filepath.Join(data, localSocket)
	stale, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	stale.(*net.UnixListener).SetUnlinkOnClose(false)
	stale.Close()
	if err := os.MkdirAll(filepath.Join(data, ".briefbot.sock.d", "left"), 0o700); err != nil {
		t.Fatal(err)
	}

	s := startLocalServe(t, data, nil)
	fi, err := os.Lstat(path)
	if err != nil || fi.Mode().Type() != os.ModeSocket || fi.Mode().Perm() != 0o600 {
		t.Fatalf("socket: %v, %v", fi.Mode(), err)
	}
	if _, err := os.Lstat(filepath.Join(data, ".briefbot.sock.d")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("binding dir left behind: %v", err)
	}
	if r := localRun(t, data, localNow, nil, "", "ask", "Rajin munitions"); r.code != 0 || !strings.Contains(r.stdout, "Rajin") {
		t.Fatalf("ask through serve: exit %d\n%s%s\nserve logs:\n%s", r.code, r.stdout, r.stderr, s.logs.String())
	}
	if code := s.stop(); code != 0 {
		t.Fatalf("serve exited %d:\n%s", code, s.logs.String())
	}
	if _, err := os.Lstat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("socket left after serve stopped: %v", err)
	}
	if r := localRun(t, data, localNow, nil, "", "ask", "Rajin munitions"); r.code != 0 || !strings.Contains(r.stdout, "Rajin") {
		t.Errorf("ask alone after serve: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestLocalSocketUnavailable: where serve cannot have its socket (a data
// dir path too long for one, or a file in its place) serve still runs,
// warns, and the CLI says why it cannot run beside it.
func TestLocalSocketUnavailable(t *testing.T) {
	long := filepath.Join(t.TempDir(), strings.Repeat("d", maxSocketPath))
	occupied := t.TempDir()
	if err := os.WriteFile(filepath.Join(occupied, localSocket), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{"path too long": long, "not a socket": occupied} {
		t.Run(name, func(t *testing.T) {
			localCorpus(t, data)
			s := startLocalServe(t, data, nil)
			if !strings.Contains(s.logs.String(), "no local socket") {
				t.Errorf("serve did not warn:\n%s", s.logs.String())
			}
			r := localRun(t, data, localNow, nil, "", "ask", "Rajin munitions")
			if r.code != 1 || !strings.Contains(r.stderr, "data dir "+data+" is in use by another briefbot process (pid ") ||
				!strings.Contains(r.stderr, "(serve)), and its local socket is unavailable: ") {
				t.Errorf("exit %d, stderr %s", r.code, r.stderr)
			}
		})
	}
	if b, err := os.ReadFile(filepath.Join(occupied, localSocket)); err != nil || string(b) != "mine" {
		t.Errorf("a file in the socket's place was touched: %q, %v", b, err)
	}
}

// TestLocalOnlyBesideServe: a data dir held by another command (here an
// ingest) is in use as before; the CLI does not look for a socket.
func TestLocalOnlyBesideServe(t *testing.T) {
	data := localCorpus(t, t.TempDir())
	holder := NewMain(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{})
	holder.DataDir, holder.command = data, "ingest"
	if err := holder.lockDataDir(); err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	r := localRun(t, data, localNow, nil, "", "ask", "Rajin munitions")
	if r.code != 1 || !strings.Contains(r.stderr, "(ingest)); stop it or use another --data dir") || strings.Contains(r.stderr, "socket") {
		t.Errorf("exit %d, stderr %s", r.code, r.stderr)
	}
}

// nilEmpty makes v's empty slices nil, where it can set them: gob does not
// tell an empty slice from nil, and nothing shown does either.
func nilEmpty(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			nilEmpty(v.Elem())
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Field(i).CanSet() {
				nilEmpty(v.Field(i))
			}
		}
	case reflect.Slice:
		if v.Len() == 0 {
			v.SetZero()
		}
		for i := range v.Len() {
			nilEmpty(v.Index(i))
		}
	case reflect.Array:
		for i := range v.Len() {
			nilEmpty(v.Index(i))
		}
	}
}

// sameButNilEmpty is reflect.DeepEqual with empty slices as nil.
func sameButNilEmpty(a, b any) bool {
	pa, pb := reflect.New(reflect.TypeOf(a)), reflect.New(reflect.TypeOf(b))
	pa.Elem().Set(reflect.ValueOf(a))
	pb.Elem().Set(reflect.ValueOf(b))
	nilEmpty(pa)
	nilEmpty(pb)
	return reflect.DeepEqual(pa.Interface(), pb.Interface())
}

// TestLocalAnswerCrossesWhole: an answer through the socket is the
// index's answer, every field of it (highlights, the matched sentence,
// the query, dates), whatever a renderer reads.
func TestLocalAnswerCrossesWhole(t *testing.T) {
	ctx := context.Background()
	data := localCorpus(t, t.TempDir())
	m := NewMain(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{})
	m.Logger, m.DataDir, m.command = slog.New(slog.DiscardHandler), data, "serve"
	m.Now = func() time.Time { return localNow }
	ix, err := m.openIndex(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := m.serveLocal(sctx, &serveEnv{Index: ix, Logger: m.Logger, Requests: sctx})
	defer stop()
	c, err := m.dialLocal(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, question := range []string{"How many containers of munitions has North Korea shipped to Russia?", `"joint exercises" -Rajin`, "Who won the Eurovision Song Contest?", "sanctions after:2025-01-01"} {
		q, err := corpus.ParseQuery(question)
		if err != nil {
			t.Fatal(err)
		}
		want, werr := ix.Ask(ctx, q)
		got, gerr := c.Ask(ctx, q)
		want.Took, got.Took = 0, 0
		if !sameButNilEmpty(got, want) || len(want.Citations) > 0 && len(want.Citations[0].Highlights) == 0 || (werr == nil) != (gerr == nil) {
			t.Errorf("%s: through the socket\n%#v, %v\nwant\n%#v, %v", question, got, gerr, want, werr)
		}
	}
	rq := index.RecentQuery{After: localNow.Add(-24 * time.Hour), Until: localNow, Topic: "sanctions", TextLimit: 200}
	want, _ := ix.Recent(ctx, rq)
	got, err := c.Recent(ctx, rq)
	if err != nil || len(want) == 0 || !sameButNilEmpty(got, want) {
		t.Errorf("recent through the socket\n%#v, %v\nwant\n%#v", got, err, want)
	}
	wantSrcs, _ := ix.Sources(ctx)
	srcs, err := c.Sources(ctx)
	if err != nil || len(wantSrcs) != 4 || !sameButNilEmpty(srcs, wantSrcs) {
		t.Errorf("sources through the socket\n%#v, %v\nwant\n%#v", srcs, err, wantSrcs)
	}
}
