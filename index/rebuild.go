package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/briefbot/briefbot/corpus"
)

// UnreadableError says the Bleve index exists but cannot be opened. Nothing
// has been deleted; Reindex rebuilds it from the document store.
type UnreadableError struct {
	Path string
	Err  error
}

func (e *UnreadableError) Error() string {
	return fmt.Sprintf("index: the search index at %s cannot be read (%v); nothing was deleted. Run `briefbot reindex` to rebuild it from the document store", e.Path, e.Err)
}

func (e *UnreadableError) Unwrap() error { return e.Err }

// errMetaMissing is a Bleve directory that holds data but no index_meta.json:
// a torn write or an over-eager cleanup, not a fresh index.
var errMetaMissing = errors.New("index_meta.json is missing")

func bleveConfig() map[string]interface{} {
	return map[string]interface{}{
		"bolt_timeout": "1s",
		// A batch is durable once Batch returns; a crash loses at most the
		// batch in flight, never the index.
		"unsafe_batch": false,
		// Segments stop growing at segmentPassages (merge.go).
		"scorchMergePlanOptions": map[string]interface{}{"MaxSegmentSize": segmentPassages},
	}
}

// openBleve opens the Bleve index at path, or creates it when there is none.
// An index that exists but cannot be read is never removed: Open fails with
// an UnreadableError, or with Options.RebuildUnreadable moves it aside and
// starts an empty one that reconcile fills from the store.
func (ix *Index) openBleve(path string) error {
	var err error
	switch _, statErr := os.Stat(filepath.Join(path, "index_meta.json")); {
	case statErr == nil:
		ix.bleve, err = bleve.OpenUsing(path, bleveConfig())
		if err == nil {
			for _, m := range ix.marks() {
				v, err := ix.bleve.GetInternal([]byte(m.key))
				if err != nil {
					ix.bleve.Close()
					return fmt.Errorf("index: read %s: %w", path, err)
				}
				*m.flag = v != nil
			}
			return nil
		}
	default:
		var empty bool
		if empty, err = ix.startable(path); err != nil {
			return err
		}
		if empty {
			// No index, or a half-created one from a crash before its first
			// batch, and no documents it could have held.
			os.RemoveAll(path)
			return ix.createBleve(path)
		}
		err = errMetaMissing
	}
	if !ix.opts.RebuildUnreadable {
		return &UnreadableError{Path: path, Err: err}
	}
	aside := fmt.Sprintf("%s.unreadable-%d", path, ix.opts.Now().Unix())
	if rerr := os.Rename(path, aside); rerr != nil {
		return fmt.Errorf("index: move unreadable index %s aside: %w", path, rerr)
	}
	ix.opts.Logger.Warn("search index unreadable; moved aside and rebuilding from the document store", "path", path, "moved_to", aside, "err", err)
	return ix.createBleve(path)
}

// startable reports whether path may be (re)created without losing
// anything: it does not exist, or holds no segment data while the store
// holds no documents.
func (ix *Index) startable(path string) (bool, error) {
	_, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("index: read %s: %w", path, err)
	}
	n, err := ix.store.count()
	if err != nil {
		return false, fmt.Errorf("index: count documents: %w", err)
	}
	if n > 0 {
		return false, nil
	}
	var data bool
	filepath.WalkDir(path, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Ext(p) == ".zap" {
			data = true
			return filepath.SkipAll
		}
		return nil
	})
	return !data, nil
}

func (ix *Index) createBleve(path string) error {
	var err error
	ix.bleve, err = bleve.NewUsing(path, ix.m, scorch.Name, scorch.Name, bleveConfig())
	if err != nil {
		return fmt.Errorf("index: create %s: %w", path, err)
	}
	for _, m := range ix.marks() {
		if m.old {
			continue
		}
		if err := ix.bleve.SetInternal([]byte(m.key), []byte{1}); err != nil {
			ix.bleve.Close()
			return fmt.Errorf("index: create %s: %w", path, err)
		}
		*m.flag = true
	}
	return nil
}

// indexMark is a mark in Bleve's internal store that says what an index's
// passages carry; indexes made before it lack it.
type indexMark struct {
	key  string
	old  bool  // a new index is made without it (tests compare the two)
	flag *bool // what it sets on ix
}

func (ix *Index) marks() []indexMark {
	return []indexMark{
		{keyDayTerms, ix.opts.bleveDates, &ix.days},
		{keySpans, ix.opts.storedText, &ix.spans},
	}
}

// reconcile indexes again the documents the store has and the index lacks
// (a rebuilt or damaged index), so that they are never reported
// "unchanged" while unanswerable. Documents whose text the store does not
// hold are forgotten instead, so that ingesting them again indexes them.
func (ix *Index) reconcile(ctx context.Context) error {
	if err := ix.finishRemovals(ctx); err != nil {
		return err
	}
	if err := ix.backfillText(ctx); err != nil {
		return err
	}
	_, counted, err := ix.store.stats()
	if err != nil {
		return fmt.Errorf("index: read stats: %w", err)
	}
	have, err := ix.bleve.DocCount()
	if err != nil {
		return fmt.Errorf("index: count passages: %w", err)
	}
	if int64(have) >= counted {
		return nil
	}
	perDoc, err := ix.passageCounts()
	if err != nil {
		return err
	}
	ids, err := ix.store.ids()
	if err != nil {
		return fmt.Errorf("index: list documents: %w", err)
	}
	recs, err := ix.store.get(ids)
	if err != nil {
		return fmt.Errorf("index: read document records: %w", err)
	}
	var missing []string
	for _, id := range ids {
		if r := recs[id]; perDoc[id] < r.Passages {
			missing = append(missing, id)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	ix.opts.Logger.Warn("the search index lacks documents the store holds; indexing them again", "documents", len(missing))
	var batch []corpus.Document
	var size, done int
	var lost []string
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if _, err := ix.add(ctx, batch, addRepair); err != nil {
			return err
		}
		done += len(batch)
		if ix.opts.Progress != nil {
			ix.opts.Progress(done, len(missing))
		}
		batch, size = batch[:0], 0
		return nil
	}
	for _, id := range missing {
		d, ok, err := ix.store.document(id)
		if err != nil {
			return fmt.Errorf("index: read stored text: %w", err)
		}
		if !ok {
			lost = append(lost, id)
			continue
		}
		batch = append(batch, d)
		if size += len(d.Text); size >= repairBatchBytes || len(batch) >= repairBatchDocs {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	if len(lost) > 0 {
		if err := ix.store.drop(lost); err != nil {
			return fmt.Errorf("index: forget documents without stored text: %w", err)
		}
		ix.opts.Logger.Warn("documents ingested by an older briefbot have no stored text and were forgotten; ingest them again", "documents", len(lost), "first", lost[0])
		ix.lost = len(lost)
	}
	return nil
}

// Batches of the repair: bounded so a rebuild's memory does not grow with
// the corpus.
const (
	repairBatchBytes = 8 << 20
	repairBatchDocs  = 500
)

// passageCounts returns how many passages the index holds per document.
func (ix *Index) passageCounts() (map[string]int, error) {
	d, err := ix.bleve.FieldDict(fDoc)
	if err != nil {
		return nil, fmt.Errorf("index: read document ids: %w", err)
	}
	defer d.Close()
	out := map[string]int{}
	for {
		e, err := d.Next()
		if err != nil {
			return nil, fmt.Errorf("index: read document ids: %w", err)
		}
		if e == nil {
			return out, nil
		}
		out[e.Term] = int(e.Count)
	}
}

// Reindex rebuilds the Bleve index in dir from the document store, whether
// or not the old one can be read. The old index is moved aside while the
// new one is built and removed once it is complete; it is kept when some
// documents could not be rebuilt, and Lost reports them.
func Reindex(ctx context.Context, dir string, opts Options) (*Index, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	path := filepath.Join(dir, "bleve")
	aside := fmt.Sprintf("%s.old-%d", path, opts.Now().Unix())
	moved := false
	if _, err := os.Stat(path); err == nil {
		if err := os.Rename(path, aside); err != nil {
			return nil, fmt.Errorf("index: move %s aside: %w", path, err)
		}
		moved = true
	}
	ix, err := Open(ctx, dir, opts)
	if err != nil {
		if moved {
			os.RemoveAll(path)
			os.Rename(aside, path) // back as it was
		}
		return nil, err
	}
	if moved && ix.lost == 0 {
		os.RemoveAll(aside)
	}
	return ix, nil
}

// Lost is how many documents the last open or reindex forgot because the
// store held no text for them: they must be ingested again.
func (ix *Index) Lost() int { return ix.lost }

// backfillText gives the documents of a store from before texts were kept
// their text, read back from the index's stored passages, once. The
// passages cover the text but not the whitespace between them, so a
// rebuilt document is its passages joined by blank lines.
func (ix *Index) backfillText(ctx context.Context) error {
	done, err := ix.store.textComplete()
	if err != nil || done {
		return err
	}
	ids, err := ix.store.withoutText()
	if err != nil {
		return fmt.Errorf("index: find documents without text: %w", err)
	}
	if len(ids) > 0 {
		ix.opts.Logger.Info("keeping document texts in the store, once", "documents", len(ids))
	}
	for len(ids) > 0 {
		n := min(len(ids), repairBatchDocs)
		texts := make(map[string][]byte, n)
		for _, id := range ids[:n] {
			hits, err := ix.passagesOf(ctx, id, fText)
			if err != nil {
				return err
			}
			if len(hits) == 0 {
				continue // reconcile forgets it
			}
			parts := make([]string, len(hits))
			for _, h := range hits {
				k, ok := passageN(id, h.ID)
				s, _ := h.Fields[fText].(string)
				if ok && k < len(parts) {
					parts[k] = s
				}
			}
			packed, err := packText(&corpus.Document{Text: strings.Join(parts, "\n\n")})
			if err != nil {
				return fmt.Errorf("index: pack text of %q: %w", id, err)
			}
			texts[id] = packed
		}
		if err := ix.store.putTexts(texts); err != nil {
			return fmt.Errorf("index: store texts: %w", err)
		}
		ids = ids[n:]
	}
	return ix.store.setTextComplete()
}

// UserMessage is the error without its package prefix, for the terminal.
func (e *UnreadableError) UserMessage() string {
	return fmt.Sprintf("the search index at %s cannot be read (%v). Nothing was deleted; run `briefbot reindex` to rebuild it from the document store.", e.Path, e.Err)
}
