package index

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/corpus"
)

// An index whose passages' texts, titles, sources, URLs and dates come
// from the store answers exactly as one that stored them in Bleve.
func TestSpansAnswerAsStoredText(t *testing.T) {
	spans := withCorpus(t, openWith(t, Options{}))
	stored := withCorpus(t, openWith(t, Options{storedText: true}))
	for _, q := range []string{
		"How many artillery shells has North Korea shipped to Russia?",
		"Who won Eurovision?",
		"Where did North Korean soldiers arrive?",
		`"mutual defence" treaty`,
		"drones source:\"Example Wire\"",
		"What do South Koreans think about nuclear weapons?",
	} {
		got, want := askText(t, spans, q), askText(t, stored, q)
		if got.Answer != want.Answer || len(got.Citations) != len(want.Citations) {
			t.Fatalf("%q: answer %q with %d citations, want %q with %d", q, got.Answer, len(got.Citations), want.Answer, len(want.Citations))
		}
		for i, c := range got.Citations {
			w := want.Citations[i]
			if c.DocID != w.DocID || c.Passage != w.Passage || c.Link != w.Link || c.Title != w.Title || c.Source != w.Source || c.URL != w.URL || !c.Published.Equal(w.Published) {
				t.Errorf("%q: citation %d: %s %.60q, want %s %.60q", q, i+1, c.DocID, c.Passage, w.DocID, w.Passage)
			}
		}
	}
}

// Passages past the part of a text the store keeps uncompressed, and
// passages ending beside characters of several bytes, come back whole.
func TestSpansInALongText(t *testing.T) {
	ctx := context.Background()
	ix := openWith(t, Options{})
	var b strings.Builder
	for i := 0; b.Len() < 3*rawLead; i++ {
		fmt.Fprintf(&b, "Paragraph %d: the delegation from Pyongyang met officials in Zürich, São Paulo and Kraków about shipment %d.\n\n", i, i)
	}
	d := corpus.Document{ID: "https://example.com/long", Title: "A long report", Text: strings.TrimSpace(b.String())}
	if _, err := ix.Add(ctx, []corpus.Document{d}); err != nil {
		t.Fatal(err)
	}
	want := corpus.SplitMax(d.ID, d.Text, ix.opts.MaxPassage)
	if want[len(want)-1].Start < rawLead {
		t.Fatalf("test text too short: last passage starts at %d", want[len(want)-1].Start)
	}
	passagesAsSplit(t, ix, d, "uncompressed", nil)
	a := askText(t, ix, "Which shipment did the delegation discuss in paragraph 60?")
	if len(a.Citations) == 0 || !strings.Contains(a.Citations[0].Passage, "Paragraph 60:") {
		t.Errorf("answer from late in the text: %+v", a.Citations)
	}
	// A store written before spans compressed all but the first rawLead
	// bytes; a reindexed index cuts its passages from such texts too.
	packed, err := packText(&d)
	if err != nil {
		t.Fatal(err)
	}
	if lead, err := leadOf(packed); err != nil || len(lead) >= len(d.Text) {
		t.Fatalf("packed text not compressed: lead %d of %d, %v", len(lead), len(d.Text), err)
	}
	if err := ix.store.putTexts(map[string][]byte{d.ID: packed}); err != nil {
		t.Fatal(err)
	}
	passagesAsSplit(t, ix, d, "compressed", nil)
}

// A passage whose document's stored text no longer holds it (a document
// being replaced, its passages and record a moment apart) is left out,
// never shown with another text.
func TestSpanOfAnotherTextIsDropped(t *testing.T) {
	ctx := context.Background()
	ix := withCorpus(t, openWith(t, Options{}))
	q := "Which country won Eurovision?"
	if a := askText(t, ix, q); len(a.Citations) == 0 || a.Citations[0].DocID != "eurovision" {
		t.Fatalf("before: %+v", a.Citations)
	}
	for _, text := range []string{
		"Switzerland did not take part in Eurovision this year at all, said the organisers.", // same length or longer, other words
		"Short.", // shorter than the passage's span
	} {
		packed, err := packText(&corpus.Document{Text: text})
		if err != nil {
			t.Fatal(err)
		}
		if err := ix.store.putTexts(map[string][]byte{"eurovision": packed}); err != nil {
			t.Fatal(err)
		}
		hits, err := ix.passagesOf(ctx, "eurovision", fText)
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) != 0 {
			t.Errorf("%q: %d passages kept, want none", text, len(hits))
		}
		for _, c := range askText(t, ix, q).Citations {
			if c.DocID == "eurovision" {
				t.Errorf("%q: cited with %.60q", text, c.Passage)
			}
		}
	}
}

// An index made before spans keeps storing texts in Bleve when it takes
// changed documents: a segment that stores none, merged with its own,
// would drop every text. Reindexed, it has spans.
func TestStoredTextIndexUpdates(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "index")
	old, err := Open(ctx, dir, Options{storedText: true})
	if err != nil {
		t.Fatal(err)
	}
	docs := readDocs(t, "testdata/corpus.jsonl")
	if _, err := old.Add(ctx, docs); err != nil {
		t.Fatal(err)
	}
	old.Close()
	check := func(ix *Index, what string, d corpus.Document, form func(n int) string) {
		t.Helper()
		passagesAsSplit(t, ix, d, what, form)
		// Every other document's passages still have their texts.
		if a := askText(t, ix, "Which country won Eurovision?"); len(a.Citations) == 0 || a.Citations[0].DocID != "eurovision" {
			t.Errorf("%s: other passages: %+v", what, a.Citations)
		}
	}
	ix, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var changed corpus.Document
	for _, d := range docs {
		if d.ID == "troops" {
			changed = d
		}
	}
	changed.Text += "\n\nA second paragraph says the soldiers were moved to the Kursk front by rail in October."
	if st, err := ix.Add(ctx, []corpus.Document{changed}); err != nil || st.Updated != 1 {
		t.Fatalf("update: %+v %v", st, err)
	}
	if _, err := ix.Compact(ctx); err != nil {
		t.Fatal(err)
	}
	check(ix, "updated", changed, func(n int) string { return passageID(changed.ID, n) })
	ix.Close()
	ix, err = Reindex(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	check(ix, "reindexed", changed, func(n int) string { return passageID(passageKey(changed.ID), n) })
}

// passagesAsSplit checks that the index gives d's passages as
// corpus.SplitMax cuts them, each with its text, and with the id form(n)
// when form is not nil.
func passagesAsSplit(t *testing.T, ix *Index, d corpus.Document, what string, form func(n int) string) {
	t.Helper()
	want := corpus.SplitMax(d.ID, d.Text, ix.opts.MaxPassage)
	hits, err := ix.passagesOf(context.Background(), d.ID, fText)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != len(want) {
		t.Fatalf("%s: %d passages, want %d", what, len(hits), len(want))
	}
	for _, h := range hits {
		n, ok := passageN(d.ID, h.ID)
		if !ok || n >= len(want) {
			t.Fatalf("%s: passage id %q", what, h.ID)
		}
		if form != nil && h.ID != form(n) {
			t.Errorf("%s: passage id %q, want %q", what, h.ID, form(n))
		}
		if got, _ := h.Fields[fText].(string); got != want[n].Text {
			t.Errorf("%s: passage %d: %.40q…, want %.40q…", what, n, got, want[n].Text)
		}
	}
}

func TestPassageN(t *testing.T) {
	for _, tc := range []struct {
		doc, pid string
		n        int
		ok       bool
	}{
		{"https://example.com/a", passageID(passageKey("https://example.com/a"), 3), 3, true},
		{"https://example.com/a", "https://example.com/a#12", 12, true}, // before short keys
		{"https://example.com/a", passageID(passageKey("https://example.com/b"), 3), 0, false},
		{"https://example.com/a", "https://example.com/a#x", 0, false},
		{"squad#4", "squad#4#0", 0, true}, // a document id with a # of its own
		{"squad#4", passageID(passageKey("squad#4"), 7), 7, true},
	} {
		n, ok := passageN(tc.doc, tc.pid)
		if n != tc.n || ok != tc.ok {
			t.Errorf("passageN(%q, %q) = %d %v, want %d %v", tc.doc, tc.pid, n, ok, tc.n, tc.ok)
		}
	}
}

func FuzzParseSpan(f *testing.F) {
	f.Add("0 120 3735928559")
	f.Add("5 4 1")
	f.Add("-1 3 0")
	f.Add("1 2 99999999999")
	f.Fuzz(func(t *testing.T, s string) {
		sp, ok := parseSpan(s)
		if !ok {
			return
		}
		if sp.start < 0 || sp.end < sp.start {
			t.Fatalf("%q gave %+v", s, sp)
		}
		p := corpus.Passage{Start: sp.start, End: sp.end}
		back, ok := parseSpan(string(appendSpan(nil, &p)))
		if !ok || back.start != sp.start || back.end != sp.end {
			t.Fatalf("%q: round trip %+v", s, back)
		}
	})
}
