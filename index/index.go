package index

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/index/wordvec"
)

// Options tune Open.
type Options struct {
	Logger *slog.Logger
	// Now stamps FirstSeen on new documents and anchors relative times in
	// questions ("last year").
	Now func() time.Time
	// Recency is how strongly questions about the present ("Who is…",
	// "the latest…") prefer recent reporting among passages that answer
	// them about equally well: 0 for none (an archive of reference texts),
	// 1 when nil, 2 for twice that.
	Recency *float64
	// RebuildUnreadable moves an index that cannot be read aside and
	// rebuilds it from the document store, instead of failing with an
	// UnreadableError. serve sets it: a bot must come back by itself.
	RebuildUnreadable bool
	// Progress, when set, hears how many of the documents being indexed
	// again from the store are done.
	Progress func(done, total int)
	// MaxPassage bounds a passage's length in bytes, even without sentence
	// ends; 0 means corpus.DefaultMaxPassage.
	MaxPassage int
	// Answering says questions will follow: the word vectors (about 20 ms
	// to read) are read beside opening the index, not in the first
	// question's time.
	Answering bool
	// Seed, when set, gives the documents a new index starts out with (the
	// embedded corpus). It is used once per store: documents removed later
	// do not come back.
	Seed func() ([]corpus.Document, error)

	// MappedLimit is how many bytes of mapped files the process keeps
	// resident before it lets the index's segment files go (mapped.go): 0
	// takes DefaultMappedLimit, below 0 keeps them all.
	MappedLimit int64

	// termPositions stores term positions with the text, as indexes
	// before issue #10 did; tests compare against Bleve's own.
	termPositions bool
	// storedText makes a new index as indexes before spans were: the
	// text stored in Bleve, under ids made of the document id; tests
	// check that such indexes still answer and update.
	storedText bool
	// bleveDates makes a new index with Bleve's date terms, as indexes
	// before day terms were; tests compare the two.
	bleveDates bool
	// pruneFrom, when above 0, replaces the number of passages from which
	// questions leave common terms out of the search for candidates
	// (pruned.go): tests prune on a small corpus.
	pruneFrom int
}

// Index is an on-disk passage index (Bleve, scorch) plus a small document
// store (bbolt) with per-document versions and corpus statistics.
type Index struct {
	dir   string
	opts  Options
	bleve bleve.Index
	// mapped bounds the index pages mapped into the process.
	mapped mappedPages
	store  *docStore
	m      *mapping.IndexMappingImpl
	text   analysis.Analyzer // the analyzer of the text field, for queries and candidates
	// plain is text without the stem memo, for ingest: its writers would
	// share the memo's lock, and measured no faster with it.
	plain analysis.Analyzer
	src   analysis.Analyzer

	// Concurrent Adds overlap Bleve's analysis and segment building; a
	// document is in at most one Add at a time, so its record and its
	// passages change together.
	claimMu  sync.Mutex
	inflight map[string]chan struct{}
	// commitMu makes stamping FirstSeen and writing the records one step
	// for readers of recent documents.
	commitMu sync.RWMutex

	statsMu sync.RWMutex
	stats   corpusStats
	rank    *Ranking
	// newest is the latest publication date, found when first needed and
	// forgotten at every Add.
	newest   time.Time
	newestOK bool
	// spans says passages keep their text in the store, found by a span
	// (passages.go); an index made before stores it in Bleve until
	// reindexed, since a segment merged with one that stores no text
	// drops the texts of all.
	spans bool
	// days says passages carry day terms (days.go); an index made before
	// them is filtered on Bleve's date terms.
	days bool
	// lost counts documents forgotten at open for want of stored text.
	lost int

	// words are the word vectors, parsed at the first question.
	words func() (*wordvec.Table, error)
	// journal, when set, is told of every Add and Remove (journal.go).
	journal Journal
	// flaters compress the stored texts of long documents.
	flaters flaters
}

// corpusStats are the BM25 statistics handed to Bleve with every search.
type corpusStats struct {
	passages int64
	tokens   int64
}

// Open opens or creates the index in dir.
func Open(ctx context.Context, dir string, opts Options) (*Index, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Recency == nil || *opts.Recency < 0 {
		one := 1.0
		opts.Recency = &one
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("index: create %s: %w", dir, err)
	}
	setBM25Params(DefaultRanking().K1, DefaultRanking().B)
	ix := &Index{dir: dir, opts: opts, words: sync.OnceValues(wordvec.Default)}
	switch {
	case opts.MappedLimit == 0:
		ix.mapped.limit = DefaultMappedLimit
	case opts.MappedLimit > 0:
		ix.mapped.limit = opts.MappedLimit
	}
	if opts.Answering {
		// Pure computation that ends by itself; Close need not wait.
		go ix.words()
	}
	m, err := newMapping()
	if err != nil {
		return nil, fmt.Errorf("index: mapping: %w", err)
	}
	ix.m = m
	if ix.text = m.AnalyzerNamed(analyzerText); ix.text == nil {
		return nil, errors.New("index: no text analyzer")
	}
	ix.plain = fastWords(ix.text)
	ix.text = memoStems(ix.plain)
	if ix.src = m.AnalyzerNamed(analyzerSource); ix.src == nil {
		return nil, errors.New("index: no source analyzer")
	}
	ix.store, err = openDocStore(filepath.Join(dir, "docs.db"))
	if err != nil {
		return nil, err
	}
	if err := ix.openBleve(filepath.Join(dir, "bleve")); err != nil {
		ix.store.Close()
		return nil, err
	}
	if err := ix.reconcile(ctx); err != nil {
		ix.Close()
		return nil, err
	}
	if err := ix.seed(ctx); err != nil {
		ix.Close()
		return nil, err
	}
	if err := ix.loadStats(); err != nil {
		ix.Close()
		return nil, err
	}
	return ix, nil
}

// wordTable returns the word vectors, or nil (logged) if the embedded
// table is unreadable: answers then go without their evidence.
func (ix *Index) wordTable() *wordvec.Table {
	t, err := ix.words()
	if err != nil {
		ix.opts.Logger.Error("word vectors unavailable", "err", err)
		return nil
	}
	return t
}

func (ix *Index) loadStats() error {
	tokens, passages, err := ix.store.stats()
	if err != nil {
		return fmt.Errorf("index: read stats: %w", err)
	}
	// A crash between a Bleve batch and its records leaves the stored
	// count behind the index; Bleve's count is the truth. The total length
	// is scaled with it, keeping the average passage length.
	if n, err := ix.bleve.DocCount(); err == nil && int64(n) != passages {
		ix.opts.Logger.Warn("index statistics corrected after an interrupted ingest", "stored_passages", passages, "passages", n)
		if passages > 0 {
			tokens = int64(float64(tokens) * float64(n) / float64(passages))
		}
		passages = int64(n)
		if err := ix.store.setStats(tokens, passages); err != nil {
			return fmt.Errorf("index: correct stats: %w", err)
		}
	}
	ix.statsMu.Lock()
	ix.stats = corpusStats{passages: passages, tokens: tokens}
	ix.statsMu.Unlock()
	return nil
}

// Close flushes and closes the index.
func (ix *Index) Close() error {
	var errs []error
	if ix.bleve != nil {
		errs = append(errs, ix.bleve.Close())
	}
	if ix.store != nil {
		errs = append(errs, ix.store.Close())
	}
	return errors.Join(errs...)
}

// Dir is where the index lives.
func (ix *Index) Dir() string { return ix.dir }

// docHash identifies a document's version: what, if changed, must be
// re-indexed.
func docHash(d *corpus.Document) string {
	h := sha256.New()
	for _, s := range []string{d.Title, d.Source, d.URL, d.Published.UTC().Format(time.RFC3339), strings.Join(d.Authors, ","), d.Text} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// passagesOf returns every passage the index holds for a document, with
// the given stored fields.
func (ix *Index) passagesOf(ctx context.Context, docID string, fields ...string) (search.DocumentMatchCollection, error) {
	tq := query.NewTermQuery(docID)
	tq.SetField(fDoc)
	req := bleve.NewSearchRequestOptions(tq, maxPassagesPerDoc, 0, false)
	req.Fields = withSpans(fields)
	req.Score = "none"
	res, err := ix.bleve.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("index: passages of %q: %w", docID, err)
	}
	return ix.passageTexts(res.Hits, req.Fields)
}

// maxPassagesPerDoc bounds one document's passages read back (a 100 MB
// text makes about 100,000).
const maxPassagesPerDoc = 100000

// Add indexes documents as one batch: new ones are added, changed ones
// replace their old passages, unchanged ones are left alone. The batch is
// durable when Add returns.
func (ix *Index) Add(ctx context.Context, docs []corpus.Document) (AddStats, error) {
	if err := ix.journalAdded(ctx, docs); err != nil {
		return AddStats{}, err
	}
	return ix.add(ctx, docs, addNew)
}

// addMode says what add may assume about documents the store knows.
type addMode int

const (
	// addNew skips documents whose version is unchanged.
	addNew addMode = iota
	// addRepair indexes known documents again: the index lacks their
	// passages although the store counts them.
	addRepair
)

func (ix *Index) add(ctx context.Context, docs []corpus.Document, mode addMode) (AddStats, error) {
	var st AddStats
	if err := ctx.Err(); err != nil {
		return st, err
	}
	// Last version wins when one batch holds a document twice.
	byID := make(map[string]int, len(docs))
	ids := make([]string, 0, len(docs))
	for i := range docs {
		if _, ok := byID[docs[i].ID]; !ok {
			ids = append(ids, docs[i].ID)
		}
		byID[docs[i].ID] = i
	}

	release, err := ix.claim(ctx, ids)
	if err != nil {
		return st, err
	}
	defer release()
	old, err := ix.store.get(ids)
	if err != nil {
		return st, fmt.Errorf("index: read document records: %w", err)
	}
	batch := ix.bleve.NewBatch()
	type pending struct {
		id     string
		rec    docRecord
		fields []*document.TextField // the text field of each passage
		text   []byte                // packText of the document
	}
	var work []pending
	var dTokens, dPassages int64
	for _, id := range ids {
		d := &docs[byID[id]]
		if id == "" {
			return st, errors.New("index: document without id")
		}
		h := docHash(d)
		prev, existed := old[id]
		if existed && prev.Hash == h && mode == addNew {
			st.Unchanged++
			continue
		}
		rec := docRecord{Hash: h, Title: d.Title, Source: d.Source, URL: d.URL, Published: d.Published.UTC()}
		switch {
		case existed:
			rec.FirstSeen = prev.FirstSeen
			st.Updated++
			dTokens -= int64(prev.Tokens)
			dPassages -= int64(prev.Passages)
		default:
			st.Added++
		}
		// An index with spans cuts passages out of the stored text on
		// every question: it is kept as it is, not compressed.
		lead := rawLead
		if ix.spans {
			lead = -1
		}
		packed, err := packTextWith(d, &ix.flaters, lead)
		if err != nil {
			return st, fmt.Errorf("index: pack text of %q: %w", id, err)
		}
		ps := corpus.SplitMax(id, d.Text, ix.opts.MaxPassage)
		rec.Passages = len(ps)
		p := pending{id: id, rec: rec, text: packed}
		df := newDocFields(d)
		for i := range ps {
			bd, tf := ix.passageDoc(df, &ps[i])
			if err := batch.IndexAdvanced(bd); err != nil {
				return st, fmt.Errorf("index: passage %s: %w", bd.ID(), err)
			}
			p.fields = append(p.fields, tf)
		}
		if existed {
			// Ask the index rather than trust the record's count: a crash
			// between a batch and its records can leave more passages.
			stale, err := ix.passagesOf(ctx, id)
			if err != nil {
				return st, err
			}
			for _, h := range stale {
				if n, ok := passageN(id, h.ID); !ok || n >= len(ps) {
					batch.Delete(h.ID)
				}
			}
		}
		st.Passages += len(ps)
		dPassages += int64(len(ps))
		work = append(work, p)
	}
	if len(work) == 0 {
		return st, nil
	}
	if err := ix.bleve.Batch(batch); err != nil {
		return AddStats{}, fmt.Errorf("index: write batch: %w", err)
	}
	ix.trimMapped()
	// Bleve has analysed the text by now; its lengths are the true BM25
	// field lengths.
	recs := make(map[string]docRecord, len(work))
	texts := make(map[string][]byte, len(work))
	for _, p := range work {
		texts[p.id] = p.text
		for _, f := range p.fields {
			p.rec.Tokens += uint64(f.AnalyzedLength())
		}
		dTokens += int64(p.rec.Tokens)
		recs[p.id] = p.rec
	}
	// A document is first seen when its record becomes visible, not when
	// Add started: a digest reading in between must not move its watermark
	// past documents it could not see yet. commitMu orders the two.
	ix.commitMu.Lock()
	now := ix.opts.Now().UTC()
	for id, r := range recs {
		if r.FirstSeen.IsZero() {
			r.FirstSeen = now
			recs[id] = r
		}
	}
	err = ix.store.put(recs, texts, dTokens, dPassages)
	ix.commitMu.Unlock()
	if err != nil {
		return AddStats{}, fmt.Errorf("index: write document records: %w", err)
	}
	ix.statsMu.Lock()
	ix.stats.tokens += dTokens
	ix.stats.passages += dPassages
	ix.newestOK = false
	ix.statsMu.Unlock()
	return st, nil
}

// claim marks ids as being added, waiting while another Add holds any of
// them. release must be called when the Add is done.
func (ix *Index) claim(ctx context.Context, ids []string) (release func(), err error) {
	for {
		ix.claimMu.Lock()
		if ix.inflight == nil {
			ix.inflight = map[string]chan struct{}{}
		}
		var busy chan struct{}
		for _, id := range ids {
			if ch, ok := ix.inflight[id]; ok {
				busy = ch
				break
			}
		}
		if busy == nil {
			done := make(chan struct{})
			for _, id := range ids {
				ix.inflight[id] = done
			}
			ix.claimMu.Unlock()
			return func() {
				ix.claimMu.Lock()
				for _, id := range ids {
					delete(ix.inflight, id)
				}
				ix.claimMu.Unlock()
				close(done)
			}, nil
		}
		ix.claimMu.Unlock()
		select {
		case <-busy:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

const (
	optIndexed = bindex.IndexField
	optStored  = bindex.StoreField
)

// docFields are what every passage of a document carries, worked out once
// per document rather than once per passage.
type docFields struct {
	id  string
	key string // passageKey(id)
	// title, sourceRaw and url are stored only, never analysed (Bleve
	// analyses indexed fields alone), so all passages share one copy.
	title, sourceRaw, url []byte
	sourceKeys            []string
	published             time.Time
}

func newDocFields(d *corpus.Document) *docFields {
	df := &docFields{id: d.ID, key: passageKey(d.ID), sourceKeys: sourceKeys(d), published: d.Published.UTC()}
	if d.Title != "" {
		df.title = []byte(d.Title)
	}
	if d.Source != "" {
		df.sourceRaw = []byte(d.Source)
	}
	if d.URL != "" {
		df.url = []byte(d.URL)
	}
	return df
}

// passageDoc builds the Bleve document of one passage directly, skipping
// Bleve's reflection-based mapping.
func (ix *Index) passageDoc(df *docFields, p *corpus.Passage) (*document.Document, *document.TextField) {
	// The text is indexed, not stored: the store keeps each document's
	// text, and the span finds the passage in it. A stored copy would be
	// most of each segment's bytes, written again by every merge.
	opts := optIndexed
	if ix.opts.termPositions {
		opts |= bindex.IncludeTermVectors
	}
	bd := document.NewDocument(ix.passageID(df, p.N))
	if !ix.spans {
		opts |= optStored
	}
	text := document.NewTextFieldCustom(fText, nil, []byte(p.Text), opts, ix.plain)
	bd.AddField(text)
	if ix.spans {
		bd.AddField(document.NewTextFieldCustom(fSpan, nil, appendSpan(nil, p), optStored, nil))
	}
	// Indexed fields get their own bytes: analysers may rewrite them.
	bd.AddField(document.NewTextFieldCustom(fDoc, nil, []byte(df.id), optIndexed|optStored, nil))
	for _, name := range df.sourceKeys {
		bd.AddField(document.NewTextFieldCustom(fSource, nil, []byte(name), optIndexed, ix.src))
	}
	// With spans, the title, source, URL and date come from the document's
	// record too (passageTexts), rather than a copy in every passage.
	if !ix.spans {
		// Stored only: the reranker reads titles of candidates, and
		// indexing a title once per passage would cost more than it gives.
		for _, f := range []struct {
			name string
			v    []byte
		}{{fTitle, df.title}, {fSourceRaw, df.sourceRaw}, {fURL, df.url}} {
			if f.v != nil {
				bd.AddField(document.NewTextFieldCustom(f.name, nil, f.v, optStored, nil))
			}
		}
	}
	switch {
	case df.published.IsZero():
	case ix.days:
		if !ix.spans {
			// Stored as Bleve's date field stores it, read back as the
			// same string (RFC3339, UTC).
			bd.AddField(document.NewTextFieldCustom(fPublished, nil, appendPublished(nil, df.published), optStored, nil))
		}
		bd.AddField(document.NewTextFieldCustom(fDay, nil, []byte(dayTerms(df.published)), optIndexed, dayAnalyzer{}))
	default:
		if f, err := document.NewDateTimeFieldWithIndexingOptions(fPublished, nil, df.published, time.RFC3339, optIndexed|optStored); err == nil {
			bd.AddField(f)
		}
	}
	return bd, text
}

// Stats reports how many documents and passages are indexed.
func (ix *Index) Stats(ctx context.Context) (docs, passages uint64, err error) {
	n, err := ix.store.count()
	if err != nil {
		return 0, 0, fmt.Errorf("index: count documents: %w", err)
	}
	c, err := ix.bleve.DocCount()
	if err != nil {
		return 0, 0, fmt.Errorf("index: count passages: %w", err)
	}
	return uint64(n), c, nil
}

// Documents lists indexed documents, newest first-seen first, then newest
// published, and the total count.
func (ix *Index) Documents(ctx context.Context, limit int) ([]corpus.DocumentInfo, int, error) {
	var all []corpus.DocumentInfo
	// Newest first-seen first, to the end of the limit's last group of
	// documents seen at the same time (one ingest batch), which the sort
	// below orders by publication.
	err := ix.store.newest(func(id string, r docRecord) bool {
		if limit > 0 && len(all) >= limit && !r.FirstSeen.Equal(all[len(all)-1].FirstSeen) {
			return false
		}
		all = append(all, r.info(id))
		return true
	})
	if err != nil {
		return nil, 0, fmt.Errorf("index: list documents: %w", err)
	}
	total, err := ix.store.count()
	if err != nil {
		return nil, 0, fmt.Errorf("index: count documents: %w", err)
	}
	sort.SliceStable(all, func(i, j int) bool {
		a, b := all[i], all[j]
		if !a.FirstSeen.Equal(b.FirstSeen) {
			return a.FirstSeen.After(b.FirstSeen)
		}
		if !a.Published.Equal(b.Published) {
			return a.Published.After(b.Published)
		}
		return a.ID < b.ID
	})
	if limit > 0 && len(all) > limit {
		all = all[:limit]
	}
	return all, total, nil
}

func (r docRecord) info(id string) corpus.DocumentInfo {
	return corpus.DocumentInfo{ID: id, Title: r.Title, Source: r.Source, URL: r.URL, Published: r.Published, FirstSeen: r.FirstSeen, Passages: r.Passages}
}
