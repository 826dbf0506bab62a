package index

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/briefbot/briefbot/corpus"
)

var update = flag.Bool("update", false, "rewrite golden files")

// readDocs reads the test corpus (JSONL in the ingest shape).
func readDocs(t testing.TB, path string) []corpus.Document {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var docs []corpus.Document
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var raw struct {
			ID, Title, URL, Source, Published, Text string
		}
		if err := json.Unmarshal(sc.Bytes(), &raw); err != nil {
			t.Fatal(err)
		}
		pub, _ := corpus.ParseDate(raw.Published)
		docs = append(docs, corpus.Document{ID: raw.ID, Title: raw.Title, URL: raw.URL, Source: raw.Source, Published: pub, Text: raw.Text})
	}
	return docs
}

type clock struct{ t time.Time }

func (c *clock) Now() time.Time { return c.t }

func openTest(t testing.TB, c *clock) *Index {
	t.Helper()
	if c == nil {
		c = &clock{time.Date(2024, 12, 1, 8, 0, 0, 0, time.UTC)}
	}
	return openWith(t, Options{Now: c.Now})
}

func openWith(t testing.TB, opts Options) *Index {
	t.Helper()
	ix, err := Open(context.Background(), filepath.Join(t.TempDir(), "index"), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

func testIndex(t testing.TB) *Index {
	return withCorpus(t, openTest(t, nil))
}

// withCorpus adds the test corpus to ix.
func withCorpus(t testing.TB, ix *Index) *Index {
	t.Helper()
	if _, err := ix.Add(context.Background(), readDocs(t, "testdata/corpus.jsonl")); err != nil {
		t.Fatal(err)
	}
	return ix
}

func askText(t testing.TB, ix *Index, s string) corpus.Answer {
	t.Helper()
	return askLimit(t, ix, s, 0)
}

// askLimit asks s for n citations (0: the default).
func askLimit(t testing.TB, ix *Index, s string, n int) corpus.Answer {
	t.Helper()
	q, err := corpus.ParseQuery(s)
	if err != nil {
		t.Fatalf("ParseQuery(%q): %v", s, err)
	}
	q.Limit = n
	a, err := ix.Ask(context.Background(), q)
	if err != nil {
		t.Fatalf("Ask(%q): %v", s, err)
	}
	return a
}

// TestQARegression ranks a small QA set and compares the rank of the first
// answering citation with the golden file, so ranking changes show up.
func TestQARegression(t *testing.T) {
	ix := testIndex(t)
	f, err := os.Open("testdata/qa.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var got strings.Builder
	hits1, n := 0, 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var qa struct {
			Question string
			Answers  []string
		}
		if err := json.Unmarshal(sc.Bytes(), &qa); err != nil {
			t.Fatal(err)
		}
		q, _ := corpus.ParseQuery(qa.Question)
		q.Limit = 5
		a, err := ix.Ask(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		rank := 0
		for i, c := range a.Citations {
			if strings.Contains(strings.ToLower(c.Passage), strings.ToLower(qa.Answers[0])) {
				rank = i + 1
				break
			}
		}
		sentence := strings.Contains(strings.ToLower(a.Answer), strings.ToLower(qa.Answers[0]))
		if rank == 1 {
			hits1++
		}
		n++
		fmt.Fprintf(&got, "%d\t%v\t%s\n", rank, sentence, qa.Question)
	}
	golden := "testdata/qa.golden"
	if *update {
		os.WriteFile(golden, []byte(got.String()), 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got.String() != string(want) {
		t.Errorf("ranks changed (rank of first answering citation, answer sentence hit, question); run with -update if intended:\n got:\n%s\nwant:\n%s", got.String(), want)
	}
	if float64(hits1)/float64(n) < 0.9 {
		t.Errorf("R@1 = %d/%d, want at least 90%%", hits1, n)
	}
}

func TestAskAnswerAndCitations(t *testing.T) {
	ix := testIndex(t)
	a := askText(t, ix, "How many artillery shells has North Korea shipped to Russia?")
	if !strings.Contains(a.Answer, "five million artillery shells") {
		t.Errorf("answer = %q", a.Answer)
	}
	if len(a.Citations) == 0 || a.Citations[0].DocID != "shells" {
		t.Fatalf("citations = %+v", a.Citations)
	}
	c := a.Citations[0]
	if c.N != 1 || c.Title != "Estimates of North Korean artillery supplies" || c.Source != "Defense Review" || c.PublishedString() != "2024-09-02" {
		t.Errorf("citation metadata = %+v", c)
	}
	if !strings.HasPrefix(c.Link, "https://example.org/shells#:~:text=") {
		t.Errorf("link = %q", c.Link)
	}
	for _, h := range c.Highlights {
		w := strings.ToLower(c.Passage[h[0]:h[1]])
		if !strings.Contains("north korea shipped russia artillery shells", strings.TrimSuffix(w, "s")) {
			t.Errorf("highlight %q is not a question word", w)
		}
	}
	if s := c.Passage[c.Sentence[0]:c.Sentence[1]]; !strings.Contains(s, "five million") {
		t.Errorf("best sentence = %q", s)
	}
}

func TestAskNothingRelevant(t *testing.T) {
	ix := testIndex(t)
	for _, q := range []string{"What is the boiling point of tungsten?", "the of and", "zzyzx qwv"} {
		a := askText(t, ix, q)
		if a.Answer != "" || len(a.Citations) != 0 {
			t.Errorf("%q: answer %q with %d citations, want none", q, a.Answer, len(a.Citations))
		}
	}
}

func TestAskFilters(t *testing.T) {
	ix := testIndex(t)
	tests := []struct {
		q       string
		want    string // doc id of the first citation, "" for none
		exclude string // doc id that must not be cited
	}{
		{`"mutual defence treaty"`, "treaty", ""},
		{`treaty -Putin`, "", "treaty"},
		{`North Korea source:"Policy Quarterly"`, "denuke", ""},
		{`North Korea source:policy`, "denuke", ""},
		{`North Korea source:quarterly`, "", ""},
		{`North Korea after:2024-10-01`, "troops", ""},
		{`nuclear weapons before:2024-06-01`, "nuclear-poll", ""},
		{`North Korea before:2024-06-01`, "", ""},
		{`Putin after:2024-06-19 before:2024-06-19`, "treaty", ""},
	}
	for _, tt := range tests {
		a := askText(t, ix, tt.q)
		got := ""
		if len(a.Citations) > 0 {
			got = a.Citations[0].DocID
		}
		if tt.want != "" && got != tt.want {
			t.Errorf("%s: first citation %q, want %q", tt.q, got, tt.want)
		}
		if tt.want == "" && tt.exclude == "" && got != "" {
			t.Errorf("%s: got citation %q, want none", tt.q, got)
		}
		for _, c := range a.Citations {
			if c.DocID == tt.exclude {
				t.Errorf("%s: cites excluded %q", tt.q, c.DocID)
			}
		}
	}
}

func TestSynonymsAndSpelling(t *testing.T) {
	ix := testIndex(t)
	for _, tt := range []struct{ q, want string }{
		{"Is denuclearisation of North Korea realistic?", "denuke"},
		{"mutual defense treaty", "treaty"},
		{"What is Pyongyang sending to Moscow?", "shells"},
	} {
		a := askText(t, ix, tt.q)
		found := false
		for _, c := range a.Citations {
			found = found || c.DocID == tt.want
		}
		if !found {
			t.Errorf("%q: %q not cited", tt.q, tt.want)
		}
	}
}

func TestAddIdempotentAndUpdates(t *testing.T) {
	ctx := context.Background()
	c := &clock{time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	ix := openTest(t, c)
	docs := readDocs(t, "testdata/corpus.jsonl")
	st, err := ix.Add(ctx, docs)
	if err != nil || st.Added != len(docs) || st.Passages == 0 {
		t.Fatalf("first add: %+v %v", st, err)
	}
	_, passages, _ := ix.Stats(ctx)
	c.t = c.t.Add(time.Hour)
	st, err = ix.Add(ctx, docs)
	if err != nil || st.Unchanged != len(docs) || st.Added+st.Updated+st.Passages != 0 {
		t.Fatalf("second add: %+v %v", st, err)
	}
	if _, p2, _ := ix.Stats(ctx); p2 != passages {
		t.Fatalf("passages %d after re-adding, want %d", p2, passages)
	}
	// A shorter version replaces the old passages entirely.
	changed := docs[0]
	changed.Text = "Officials met in Seoul."
	st, err = ix.Add(ctx, []corpus.Document{changed})
	if err != nil || st.Updated != 1 {
		t.Fatalf("update: %+v %v", st, err)
	}
	d, ok, err := ix.Document(ctx, changed.ID)
	if err != nil || !ok || d.Text != changed.Text {
		t.Fatalf("document after update: %q %v %v", d.Text, ok, err)
	}
	if !d.FirstSeen.Equal(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("first seen moved to %v on update", d.FirstSeen)
	}
	if a := askText(t, ix, "container traffic Rajin"); len(a.Citations) > 0 && a.Citations[0].DocID == changed.ID {
		t.Errorf("old passage of an updated document still answers")
	}
}

// builtDir builds an index of the test corpus in a new dir, closes it and
// returns the dir and the statistics it had.
func builtDir(t *testing.T) (string, corpusStats) {
	t.Helper()
	return builtDirWith(t, Options{})
}

func builtDirWith(t *testing.T, opts Options) (string, corpusStats) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := Open(context.Background(), dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Add(context.Background(), readDocs(t, "testdata/corpus.jsonl")); err != nil {
		t.Fatal(err)
	}
	return dir, ix.stats
}

func TestReopenKeepsEverything(t *testing.T) {
	ctx := context.Background()
	dir, _ := builtDir(t)
	ix, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	docs, total, err := ix.Documents(ctx, 3)
	if err != nil || total != 10 || len(docs) != 3 {
		t.Fatalf("Documents: %d of %d, %v", len(docs), total, err)
	}
	if a := askText(t, ix, "Where does Moscow build Shahed drones?"); len(a.Citations) == 0 || a.Citations[0].DocID != "drones" {
		t.Fatalf("after reopen: %+v", a.Citations)
	}
}

func TestRecent(t *testing.T) {
	ctx := context.Background()
	c := &clock{time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	ix := openTest(t, c)
	docs := readDocs(t, "testdata/corpus.jsonl")
	if _, err := ix.Add(ctx, docs[:5]); err != nil {
		t.Fatal(err)
	}
	mark := c.t
	c.t = c.t.Add(24 * time.Hour)
	if _, err := ix.Add(ctx, docs[5:]); err != nil {
		t.Fatal(err)
	}
	all, err := ix.Recent(ctx, RecentQuery{After: mark})
	if err != nil || len(all) != 5 {
		t.Fatalf("Recent: %d docs, %v", len(all), err)
	}
	for _, r := range all {
		if !r.Doc.FirstSeen.After(mark) || r.Doc.Text == "" {
			t.Errorf("recent %s first seen %v, text %d bytes", r.Doc.ID, r.Doc.FirstSeen, len(r.Doc.Text))
		}
	}
	topical, err := ix.Recent(ctx, RecentQuery{After: mark, Topic: "drones Russia"})
	if err != nil || len(topical) == 0 || topical[0].Doc.ID != "drones" {
		t.Fatalf("topic drones: %+v %v", topical, err)
	}
	for _, r := range topical {
		if r.Doc.ID == "eurovision" || r.Doc.ID == "olympics" {
			t.Errorf("off-topic %s kept", r.Doc.ID)
		}
	}
	// A quoted topic is a phrase: its words in a row, not anywhere.
	phrase, err := ix.Recent(ctx, RecentQuery{After: mark, Topic: `"Shahed drones"`})
	if err != nil || len(phrase) == 0 || phrase[0].Doc.ID != "drones" {
		t.Fatalf(`topic "Shahed drones": %+v %v`, phrase, err)
	}
	if reversed, err := ix.Recent(ctx, RecentQuery{After: mark, Topic: `"drones Shahed"`}); err != nil || len(reversed) != 0 {
		t.Fatalf(`topic "drones Shahed": %d documents, %v; want none`, len(reversed), err)
	}
	none, err := ix.Recent(ctx, RecentQuery{After: c.t})
	if err != nil || len(none) != 0 {
		t.Fatalf("nothing new: %d, %v", len(none), err)
	}
}

func TestTextFragmentLink(t *testing.T) {
	tests := []struct{ url, passage, want string }{
		{"https://x.org/a", "Short one, here.", "https://x.org/a#:~:text=Short%20one%2C%20here."},
		{"https://x.org/a#old", "one two three four five six seven eight nine ten", "https://x.org/a#:~:text=one%20two%20three%20four,seven%20eight%20nine%20ten"},
		{"https://x.org/a", "US–South Korea co-operation & more words here to be long", "https://x.org/a#:~:text=US%E2%80%93South%20Korea%20co%2Doperation%20%26,here%20to%20be%20long"},
	}
	for _, tt := range tests {
		if got := TextFragmentLink(tt.url, tt.passage); got != tt.want {
			t.Errorf("TextFragmentLink(%q) =\n %s\nwant\n %s", tt.passage, got, tt.want)
		}
	}
}

func TestOpenLockedTimesOut(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := Open(context.Background(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	done := make(chan error, 1)
	go func() {
		ix2, err := Open(context.Background(), dir, Options{})
		if err == nil {
			ix2.Close()
		}
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("second Open of the same dir succeeded")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("second Open hangs")
	}
}

// FuzzAsk feeds arbitrary questions through parsing and search: a user's
// question never makes an error other than a QueryError, nor a panic.
func FuzzAsk(f *testing.F) {
	ix := testIndex(f)
	for _, s := range []string{
		"How many shells?", `+foo ^bar ~baz* ?( ) { } [ ] \ /`, "AND OR NOT", "title:foo field:value",
		`"unbalanced`, "after:2024-13-45", "before:yesterday", "-", "--", "\x00\x01\xff", "🚀 emoji",
		"source:", `"" ""`, strings.Repeat("word ", 500),
		"Who won Super Bowl LX?", "in Smarch 2024", "What happened on 31 February 2025?", "the 151st Kentucky Derby",
		"after:2025-01-01 before:2024-01-01", "Who is the current President?", "What did Harris say about",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := corpus.ParseQuery(s)
		if err != nil {
			var qe *corpus.QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("ParseQuery(%q): non-user error %v", s, err)
			}
			return
		}
		a, err := ix.Ask(context.Background(), q)
		if err != nil {
			t.Fatalf("Ask(%q): %v", s, err)
		}
		// Whatever the input, an answer quotes its citations verbatim and
		// a declined one has no answer.
		if a.Declined() != (a.Answer == "") {
			t.Fatalf("Ask(%q): answer %q with %d citations", s, a.Answer, len(a.Citations))
		}
		for _, st := range a.Sentences {
			if st.N < 1 || st.N > len(a.Citations) || !strings.Contains(a.Citations[st.N-1].Passage, st.Text) {
				t.Fatalf("Ask(%q): sentence %q not in citation %d", s, st.Text, st.N)
			}
		}
	})
}

// TestConcurrentAdds adds overlapping batches from several goroutines: each
// document ends up indexed once and the statistics add up.
func TestConcurrentAdds(t *testing.T) {
	ctx := context.Background()
	ix := openTest(t, nil)
	docs := readDocs(t, "testdata/corpus.jsonl")
	errs := make(chan error, 4)
	for g := range 4 {
		go func() {
			batch := append([]corpus.Document(nil), docs[g%3:]...)
			_, err := ix.Add(ctx, batch)
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	nd, np, err := ix.Stats(ctx)
	if err != nil || nd != uint64(len(docs)) {
		t.Fatalf("docs %d, want %d (%v)", nd, len(docs), err)
	}
	want := 0
	for _, d := range docs {
		want += len(corpus.Split(d.ID, d.Text))
	}
	if np != uint64(want) || ix.stats.passages != int64(want) {
		t.Errorf("passages: bleve %d, stats %d, want %d", np, ix.stats.passages, want)
	}
}

// TestRecentWindowsMissNothing runs digest-like windows (watermark, now]
// while documents are being added: every document lands in exactly one
// window, however an Add and a read interleave.
func TestRecentWindowsMissNothing(t *testing.T) {
	ctx := context.Background()
	ix, err := Open(ctx, filepath.Join(t.TempDir(), "index"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	const batches, per = 15, 40
	done := make(chan error, 1)
	go func() {
		for b := range batches {
			var docs []corpus.Document
			for i := range per {
				docs = append(docs, corpus.Document{ID: fmt.Sprintf("d%d-%d", b, i), Title: "T", Text: strings.Repeat("Shells left the port of Rajin. ", 30)})
			}
			if _, err := ix.Add(ctx, docs); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	seen := map[string]int{}
	watermark := time.Time{}
	window := func() {
		until := time.Now().UTC()
		rs, err := ix.Recent(ctx, RecentQuery{After: watermark, Until: until})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			seen[r.Doc.ID]++
		}
		watermark = until
	}
	for finished := false; !finished; {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			finished = true
		default:
			window()
		}
	}
	window()
	if len(seen) != batches*per {
		t.Errorf("%d of %d documents appeared in some window", len(seen), batches*per)
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("%s in %d windows", id, n)
		}
	}
}

// TestUpdateRemovesPassagesARecordForgot: after a crash between a batch and
// its records, a record can count fewer passages than the index holds; an
// update still removes them all.
func TestUpdateRemovesPassagesARecordForgot(t *testing.T) {
	ctx := context.Background()
	ix := openTest(t, nil)
	long := corpus.Document{ID: "d", Title: "D", Text: strings.Repeat("Zeppelins crossed the border at dawn. More words fill this paragraph up.\n\n", 40)}
	if _, err := ix.Add(ctx, []corpus.Document{long}); err != nil {
		t.Fatal(err)
	}
	// What a crash could leave: the index has the long version's passages,
	// the record an older, one-passage version.
	recs, _ := ix.store.get([]string{"d"})
	r := recs["d"]
	r.Passages, r.Hash = 1, "older"
	ix.store.put(map[string]docRecord{"d": r}, nil, 0, 0)

	short := corpus.Document{ID: "d", Title: "D", Text: "Hovercraft crossed the border."}
	if _, err := ix.Add(ctx, []corpus.Document{short}); err != nil {
		t.Fatal(err)
	}
	if _, n, _ := ix.Stats(ctx); n != 1 {
		t.Errorf("%d passages left, want 1", n)
	}
	if a := askText(t, ix, "zeppelins"); len(a.Citations) != 0 {
		t.Errorf("text of the old version still answers: %+v", a.Citations[0].Passage)
	}
}

func TestTyposFindTheWord(t *testing.T) {
	ix := testIndex(t)
	// Every content word misspelled: without correction nothing matches.
	a := askText(t, ix, "artilery shels")
	if len(a.Citations) == 0 || !strings.Contains(a.Citations[0].Passage, "artillery shells") {
		t.Fatalf("typos not corrected: %+v", a.Citations)
	}
	// Numbers, short words and real words the sources lack are not
	// "corrected" into other words.
	for _, q := range []string{"zzzq 19999", "Wimbledon umpires"} {
		if a := askText(t, ix, q); len(a.Citations) != 0 {
			t.Errorf("%q matched: %+v", q, a.Citations)
		}
	}
}

func TestRepublishedTextCitedOnce(t *testing.T) {
	ix := openTest(t, nil)
	wire := "Pyongyang shipped artillery shells to Moscow by rail, officials said on Monday."
	docs := []corpus.Document{
		{ID: "a", Title: "Shells by rail", URL: "https://a.example/1", Text: wire},
		{ID: "b", Title: "Shells by rail", URL: "https://b.example/1", Text: wire + "\n\n"},
		{ID: "c", Title: "Shells by sea", URL: "https://c.example/1", Text: "Artillery shells also left North Korea by sea, from the port of Rajin."},
	}
	if _, err := ix.Add(context.Background(), docs); err != nil {
		t.Fatal(err)
	}
	a := askText(t, ix, "How were artillery shells shipped?")
	var ids []string
	for _, c := range a.Citations {
		ids = append(ids, c.DocID)
	}
	if len(ids) != 2 || ids[1] != "c" {
		t.Errorf("cited %v, want one of a and b, then c", ids)
	}
}

func TestDocumentsNewestFirstFromTheSeenIndex(t *testing.T) {
	ctx := context.Background()
	c := &clock{time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := Open(ctx, dir, Options{Now: c.Now})
	if err != nil {
		t.Fatal(err)
	}
	doc := func(id string, day int) corpus.Document {
		return corpus.Document{ID: id, Title: id, Text: "Text of " + id + ".", Published: time.Date(2023, 6, day, 0, 0, 0, 0, time.UTC)}
	}
	batches := [][]corpus.Document{
		{doc("a1", 1), doc("a2", 2)},
		{doc("b1", 3), doc("b3", 1), doc("b2", 2)}, // one batch: one first-seen time; ids against dates
		{doc("c1", 9)},
	}
	for _, b := range batches {
		if _, err := ix.Add(ctx, b); err != nil {
			t.Fatal(err)
		}
		c.t = c.t.Add(time.Hour)
	}
	// An update keeps its first-seen time and its one place in the index.
	upd := doc("b2", 2)
	upd.Text = "Text of b2, corrected."
	if _, err := ix.Add(ctx, []corpus.Document{upd}); err != nil {
		t.Fatal(err)
	}
	check := func(when string) {
		t.Helper()
		for _, tc := range []struct {
			limit int
			want  string
		}{
			{1, "c1"}, {2, "c1 b1"}, {4, "c1 b1 b2 b3"}, {0, "c1 b1 b2 b3 a2 a1"},
		} {
			docs, total, err := ix.Documents(ctx, tc.limit)
			var ids []string
			for _, d := range docs {
				ids = append(ids, d.ID)
			}
			if err != nil || total != 6 || strings.Join(ids, " ") != tc.want {
				t.Errorf("%s: Documents(%d) = %v of %d, %v; want %s", when, tc.limit, ids, total, err, tc.want)
			}
		}
		rec, err := ix.Recent(ctx, RecentQuery{After: time.Date(2024, 1, 1, 0, 30, 0, 0, time.UTC), Until: time.Date(2024, 1, 1, 1, 30, 0, 0, time.UTC)})
		if err != nil || len(rec) != 3 || rec[0].Doc.ID != "b1" {
			t.Errorf("%s: Recent = %d docs, %v", when, len(rec), err)
		}
	}
	check("as built")
	ix.Close()

	// A store from before the index gains it when opened.
	db, err := bolt.Open(filepath.Join(dir, "docs.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *bolt.Tx) error { return tx.DeleteBucket(bucketSeen) }); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if ix, err = Open(ctx, dir, Options{Now: c.Now}); err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	check("rebuilt")
}

func TestStatsFollowBleveAfterACrash(t *testing.T) {
	ctx := context.Background()
	dir, want := builtDir(t)
	// As if a crash came between a batch and its records: the stored count
	// and length are half what Bleve holds.
	st, err := openDocStore(filepath.Join(dir, "docs.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.setStats(want.tokens/2, want.passages/2); err != nil {
		t.Fatal(err)
	}
	st.Close()
	for range 2 { // corrected, and the correction kept
		ix, err := Open(ctx, dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		got := ix.stats
		ix.Close()
		if got.passages != want.passages || got.tokens < want.tokens*9/10 || got.tokens > want.tokens*11/10 {
			t.Errorf("after reopen: %+v, want %+v", got, want)
		}
	}
}
