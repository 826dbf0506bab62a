package index

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// bucketRemoving holds the ids of a removal in progress: a crash between
// deleting passages and forgetting records is finished at the next open,
// instead of reconcile indexing the document again.
var bucketRemoving = []byte("removing")

// Remove deletes documents: their passages, records and stored texts, and
// their share of the BM25 statistics. It returns the ids that existed. A
// removal and an ingest of the same document never interleave: the later
// one sees the end state of the earlier.
func (ix *Index) Remove(ctx context.Context, ids []string) ([]string, error) {
	if err := ix.journalRemoved(ctx, ids); err != nil {
		return nil, err
	}
	return ix.remove(ctx, ids)
}

func (ix *Index) remove(ctx context.Context, ids []string) ([]string, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	release, err := ix.claim(ctx, ids)
	if err != nil {
		return nil, err
	}
	defer release()
	recs, err := ix.store.get(ids)
	if err != nil {
		return nil, fmt.Errorf("index: read document records: %w", err)
	}
	var found []string
	for _, id := range ids {
		if _, ok := recs[id]; ok {
			found = append(found, id)
		}
	}
	if len(found) == 0 {
		return nil, nil
	}
	if err := ix.store.markRemoving(found); err != nil {
		return nil, fmt.Errorf("index: mark removal: %w", err)
	}
	if err := ix.finishRemoval(ctx, found); err != nil {
		return nil, err
	}
	sort.Strings(found)
	return found, nil
}

// finishRemoval deletes the passages of ids marked as removing, then their
// records, texts and marks.
func (ix *Index) finishRemoval(ctx context.Context, ids []string) error {
	batch := ix.bleve.NewBatch()
	for _, id := range ids {
		hits, err := ix.passagesOf(ctx, id)
		if err != nil {
			return err
		}
		for _, h := range hits {
			batch.Delete(h.ID)
		}
	}
	if batch.Size() > 0 {
		if err := ix.bleve.Batch(batch); err != nil {
			return fmt.Errorf("index: delete passages: %w", err)
		}
	}
	ix.commitMu.Lock()
	err := ix.store.drop(ids)
	ix.commitMu.Unlock()
	if err != nil {
		return fmt.Errorf("index: forget documents: %w", err)
	}
	tokens, passages, err := ix.store.stats()
	if err != nil {
		return fmt.Errorf("index: read stats: %w", err)
	}
	ix.statsMu.Lock()
	ix.stats = corpusStats{passages: passages, tokens: tokens}
	ix.newestOK = false
	ix.statsMu.Unlock()
	return nil
}

// finishRemovals completes removals a crash interrupted.
func (ix *Index) finishRemovals(ctx context.Context) error {
	ids, err := ix.store.removing()
	if err != nil || len(ids) == 0 {
		return err
	}
	ix.opts.Logger.Warn("finishing a removal that was interrupted", "documents", len(ids))
	return ix.finishRemoval(ctx, ids)
}

func (s *docStore) markRemoving(ids []string) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketRemoving)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if err := b.Put([]byte(id), nil); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *docStore) removing() ([]string, error) {
	var out []string
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketRemoving)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, _ []byte) error {
			out = append(out, string(k))
			return nil
		})
	})
	return out, err
}

// SourceInfo is one source of the corpus, for listings.
type SourceInfo struct {
	Name      string    `json:"name"`
	Host      string    `json:"host,omitempty"` // the web site most of its documents come from
	Documents int       `json:"documents"`
	Newest    time.Time `json:"newest,omitzero"` // latest publication date
}

// Sources lists the corpus's sources, most documents first. A document
// without a source counts under its web site's name, else under "".
func (ix *Index) Sources(ctx context.Context) ([]SourceInfo, error) {
	by := map[string]*SourceInfo{}
	hosts := map[string]map[string]int{}
	err := ix.store.each(func(id string, r docRecord) error {
		name, host := sourceOf(r)
		s := by[name]
		if s == nil {
			s = &SourceInfo{Name: name}
			by[name] = s
			hosts[name] = map[string]int{}
		}
		s.Documents++
		if r.Published.After(s.Newest) {
			s.Newest = r.Published
		}
		if host != "" {
			hosts[name][host]++
		}
		return ctx.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("index: list sources: %w", err)
	}
	out := make([]SourceInfo, 0, len(by))
	for name, s := range by {
		best := 0
		for h, n := range hosts[name] {
			if n > best || (n == best && h < s.Host) {
				s.Host, best = h, n
			}
		}
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Documents != out[j].Documents {
			return out[i].Documents > out[j].Documents
		}
		return out[i].Name < out[j].Name
	})
	return out, nil
}

// sourceOf is a record's source name and its URL's host (no "www.").
func sourceOf(r docRecord) (name, host string) {
	if u, err := url.Parse(r.URL); err == nil {
		host = strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	}
	name = strings.TrimSpace(r.Source)
	if name == "" {
		name = host
	}
	return name, host
}

// FromSource returns the ids of documents whose source name or web site is
// name, compared without case ("USA Today" and "usatoday.com" both name
// usatoday.com's documents when they carry either).
func (ix *Index) FromSource(ctx context.Context, name string) ([]string, error) {
	want := strings.ToLower(strings.TrimSpace(name))
	wantHost := strings.TrimPrefix(want, "www.")
	squash := func(s string) string { return strings.ReplaceAll(strings.ToLower(s), " ", "") }
	var out []string
	err := ix.store.each(func(id string, r docRecord) error {
		n, host := sourceOf(r)
		if strings.EqualFold(n, want) || (host != "" && (host == wantHost || strings.TrimSuffix(host, ".com") == squash(want))) {
			out = append(out, id)
		}
		return ctx.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("index: find source %q: %w", name, err)
	}
	return out, nil
}

// Resolve finds the documents a user names: by id, else by URL (with or
// without a trailing slash), else by a file path's last elements ("notes/a.md"
// names "file:notes/a.md" and "file:a.md"). More than one id means the
// reference is ambiguous.
func (ix *Index) Resolve(ctx context.Context, ref string) ([]string, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return nil, nil
	}
	recs, err := ix.store.get([]string{ref})
	if err != nil {
		return nil, fmt.Errorf("index: resolve %q: %w", ref, err)
	}
	if _, ok := recs[ref]; ok {
		return []string{ref}, nil
	}
	trim := strings.TrimSuffix(ref, "/")
	slashed := strings.ReplaceAll(ref, "\\", "/")
	var byURL, byPath []string
	err = ix.store.each(func(id string, r docRecord) error {
		if r.URL != "" && strings.TrimSuffix(r.URL, "/") == trim {
			byURL = append(byURL, id)
		}
		if rel, ok := strings.CutPrefix(id, "file:"); ok && (rel == slashed || strings.HasSuffix(slashed, "/"+rel) || strings.HasSuffix(rel, "/"+slashed)) {
			byPath = append(byPath, id)
		}
		return ctx.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("index: resolve %q: %w", ref, err)
	}
	if len(byURL) > 0 {
		return byURL, nil
	}
	return byPath, nil
}

// each calls fn for every record, in id order, until fn fails.
func (s *docStore) each(fn func(id string, r docRecord) error) error {
	return s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketDocs).ForEach(func(k, v []byte) error {
			var r docRecord
			if err := json.Unmarshal(v, &r); err != nil {
				return fmt.Errorf("record %q: %w", k, err)
			}
			return fn(string(k), r)
		})
	})
}

// keySeeded marks a store that has had its seed documents (or documents of
// its own when it predates seeding).
var keySeeded = []byte("seeded")

func (ix *Index) seed(ctx context.Context) error {
	var seeded bool
	if err := ix.store.db.View(func(tx *bolt.Tx) error {
		seeded = tx.Bucket(bucketMeta).Get(keySeeded) != nil
		return nil
	}); err != nil || seeded {
		return err
	}
	n, err := ix.store.count()
	if err != nil {
		return fmt.Errorf("index: count documents: %w", err)
	}
	if n == 0 && ix.opts.Seed != nil {
		docs, err := ix.opts.Seed()
		if err != nil {
			return fmt.Errorf("index: seed documents: %w", err)
		}
		if _, err := ix.Add(ctx, docs); err != nil {
			return fmt.Errorf("index: add seed documents: %w", err)
		}
	}
	return ix.store.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(keySeeded, []byte{1})
	})
}

// NearestSources names up to n sources (names or web sites) close to
// name, for "no such source" messages.
func (ix *Index) NearestSources(ctx context.Context, name string, n int) ([]string, error) {
	srcs, err := ix.Sources(ctx)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, s := range srcs {
		if s.Name != "" {
			names = append(names, s.Name)
		}
		if s.Host != "" && s.Host != s.Name {
			names = append(names, s.Host)
		}
	}
	return nearestNames(names, []string{name}, n), nil
}
