package index

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/briefbot/briefbot/corpus"
)

// damage is one way an index on disk can be broken.
type damage struct {
	name  string
	apply func(t *testing.T, bleveDir string)
	// unreadable: Open refuses (without RebuildUnreadable) rather than
	// repairing on its own.
	unreadable bool
}

var damages = []damage{
	{"index_meta.json deleted", func(t *testing.T, d string) {
		if err := os.Remove(filepath.Join(d, "index_meta.json")); err != nil {
			t.Fatal(err)
		}
	}, true},
	{"index_meta.json torn", func(t *testing.T, d string) {
		if err := os.WriteFile(filepath.Join(d, "index_meta.json"), []byte(`{"storage":`), 0o644); err != nil {
			t.Fatal(err)
		}
	}, true},
	{"bleve dir deleted", func(t *testing.T, d string) {
		if err := os.RemoveAll(d); err != nil {
			t.Fatal(err)
		}
	}, false},
}

func TestDamagedIndexIsNeverWipedAndRebuilds(t *testing.T) {
	ctx := context.Background()
	for _, dm := range damages {
		t.Run(dm.name, func(t *testing.T) {
			dir, want := builtDir(t)
			bdir := filepath.Join(dir, "bleve")
			dm.apply(t, bdir)
			before := filesUnder(t, bdir)

			ix, err := Open(ctx, dir, Options{})
			var ue *UnreadableError
			if dm.unreadable {
				if !errors.As(err, &ue) {
					t.Fatalf("Open: got %v, want an UnreadableError", err)
				}
				if !strings.Contains(err.Error(), "briefbot reindex") {
					t.Errorf("message does not name reindex: %v", err)
				}
				if after := filesUnder(t, bdir); after != before {
					t.Fatalf("Open changed the unreadable index: %d files, was %d", after, before)
				}
				ix, err = Reindex(ctx, dir, Options{})
			}
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			if ix.stats.passages != want.passages {
				t.Errorf("passages after repair: %d, want %d", ix.stats.passages, want.passages)
			}
			n, err := ix.bleve.DocCount()
			if err != nil || int64(n) != want.passages {
				t.Errorf("Bleve holds %d passages (%v), want %d", n, err, want.passages)
			}
			if a := askText(t, ix, "Where does Moscow build Shahed drones?"); len(a.Citations) == 0 || a.Citations[0].DocID != "drones" {
				t.Errorf("after repair: %+v", a.Citations)
			}
			st, err := ix.Add(ctx, readDocs(t, "testdata/corpus.jsonl"))
			if err != nil || st.Unchanged != 10 {
				t.Errorf("re-ingest after repair: %+v, %v", st, err)
			}
			if olds, _ := filepath.Glob(bdir + ".*"); len(olds) != 0 {
				t.Errorf("a complete rebuild left %v behind", olds)
			}
		})
	}
}

func TestServeRebuildsAnUnreadableIndexAndKeepsIt(t *testing.T) {
	ctx := context.Background()
	dir, want := builtDir(t)
	bdir := filepath.Join(dir, "bleve")
	damages[0].apply(t, bdir)
	ix, err := Open(ctx, dir, Options{RebuildUnreadable: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if ix.stats.passages != want.passages {
		t.Errorf("passages: %d, want %d", ix.stats.passages, want.passages)
	}
	if olds, _ := filepath.Glob(bdir + ".unreadable-*"); len(olds) != 1 {
		t.Errorf("the unreadable index was not kept aside: %v", olds)
	}
}

// A store from before texts were kept cannot rebuild its documents; they
// are forgotten, so that ingesting them again indexes them rather than
// reporting them unchanged.
func TestDocumentsWithoutStoredTextAreForgotten(t *testing.T) {
	ctx := context.Background()
	dir, _ := builtDir(t)
	db, err := bolt.Open(filepath.Join(dir, "docs.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *bolt.Tx) error { return tx.DeleteBucket(bucketText) }); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := os.RemoveAll(filepath.Join(dir, "bleve")); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if ix.Lost() != 10 {
		t.Errorf("Lost = %d, want 10", ix.Lost())
	}
	if docs, passages, _ := ix.Stats(ctx); docs != 0 || passages != 0 || ix.stats.passages != 0 {
		t.Errorf("after forgetting: %d docs, %d passages, stats %+v", docs, passages, ix.stats)
	}
	st, err := ix.Add(ctx, readDocs(t, "testdata/corpus.jsonl"))
	if err != nil || st.Added != 10 {
		t.Errorf("re-ingest: %+v, %v", st, err)
	}
}

func TestHalfCreatedIndexIsStartedAgain(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	if err := os.MkdirAll(filepath.Join(dir, "bleve", "store"), 0o755); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(context.Background(), dir, Options{})
	if err != nil {
		t.Fatalf("a half-created index with an empty store: %v", err)
	}
	ix.Close()
}

func filesUnder(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return nil
	})
	return n
}

// An index built before texts were kept gets them from its passages at the
// next open, and can then be rebuilt.
func TestOldStoreGetsItsTextsBack(t *testing.T) {
	ctx := context.Background()
	// Such an index stored its passages' texts in Bleve.
	dir, want := builtDirWith(t, Options{storedText: true})
	db, err := bolt.Open(filepath.Join(dir, "docs.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bucketMeta).Delete(keyTextComplete); err != nil {
			return err
		}
		return tx.DeleteBucket(bucketText)
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	ix, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	d, ok, err := ix.store.document("drones")
	ix.Close()
	if err != nil || !ok || !strings.Contains(d.Text, "Shahed") {
		t.Fatalf("backfilled text: %v %v %.80q", ok, err, d.Text)
	}
	ix, err = Reindex(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if ix.Lost() != 0 || ix.stats.passages != want.passages {
		t.Errorf("reindex of a backfilled store: lost %d, %d passages, want %d", ix.Lost(), ix.stats.passages, want.passages)
	}
}

func TestPackText(t *testing.T) {
	long := strings.Repeat("Ünïcödé words and more words. ", 1000) // ~31 KB, multi-byte runes
	for _, text := range []string{"", "short text", long, long[:rawLead+1]} {
		d := &corpus.Document{Authors: []string{"A. Writer"}, Text: text}
		v, err := packText(d)
		if err != nil {
			t.Fatal(err)
		}
		var u unpacker
		for _, limit := range []int{0, 10, rawLead - 1, rawLead + 100, len(text) + 5} {
			st, err := u.unpack(v, limit)
			if err != nil {
				t.Fatalf("len %d limit %d: %v", len(text), limit, err)
			}
			want := text
			if limit > 0 && len(want) > limit {
				want = strings.ToValidUTF8(want[:limit], "")
			}
			if st.Text != want || len(st.Authors) != 1 {
				t.Errorf("len %d limit %d: got %d bytes %q…, want %d", len(text), limit, len(st.Text), st.Text[:min(20, len(st.Text))], len(want))
			}
		}
	}
}
