package index

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// docStore keeps one record per document beside the Bleve index: what
// identifies its current version, when it was first seen, and how many
// passages it has. It also keeps the corpus-wide BM25 statistics, which
// Bleve does not compute correctly itself.
type docStore struct {
	db *bolt.DB
}

var (
	bucketDocs = []byte("docs")
	// bucketSeen indexes documents by first-seen time (seenKey), so
	// digests and listings read the newest documents without a scan.
	bucketSeen = []byte("seen")
	bucketMeta = []byte("meta")
	keyTokens  = []byte("text_tokens")   // sum of analysed lengths of all passages' text
	keyCount   = []byte("passage_count") // passages indexed
	// keyNewest is the latest publication date of any document, as Unix
	// nanoseconds: what time the sources reach.
	keyNewest = []byte("newest_published")
)

type docRecord struct {
	Hash      string    `json:"h"`
	Title     string    `json:"t"`
	Source    string    `json:"s,omitempty"`
	URL       string    `json:"u,omitempty"`
	Published time.Time `json:"p,omitzero"`
	FirstSeen time.Time `json:"f"`
	Passages  int       `json:"n"`
	Tokens    uint64    `json:"k"` // analysed length of the text field over its passages
}

func openDocStore(path string) (*docStore, error) {
	// The free list is written with every commit: without it, each open
	// rebuilds it by reading every page of the file, which costs the time
	// to read the whole store and keeps it all resident (a third of a
	// process's memory at 4x the news corpus, issue #12).
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return nil, fmt.Errorf("index: open %s: %w", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketDocs, bucketMeta, bucketText} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		if tx.Bucket(bucketSeen) != nil {
			return nil
		}
		// A store from before the first-seen index: build it once.
		seen, err := tx.CreateBucket(bucketSeen)
		if err != nil {
			return err
		}
		return tx.Bucket(bucketDocs).ForEach(func(k, v []byte) error {
			var r docRecord
			if err := json.Unmarshal(v, &r); err != nil {
				return fmt.Errorf("record %q: %w", k, err)
			}
			return seen.Put(seenKey(r.FirstSeen, string(k)), nil)
		})
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("index: init %s: %w", path, err)
	}
	return &docStore{db: db}, nil
}

func (s *docStore) Close() error { return s.db.Close() }

// get returns the records of the given ids that exist.
func (s *docStore) get(ids []string) (map[string]docRecord, error) {
	out := make(map[string]docRecord, len(ids))
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketDocs)
		for _, id := range ids {
			v := b.Get([]byte(id))
			if v == nil {
				continue
			}
			var r docRecord
			if err := json.Unmarshal(v, &r); err != nil {
				return fmt.Errorf("record %q: %w", id, err)
			}
			out[id] = r
		}
		return nil
	})
	return out, err
}

// put writes records with their packed texts (texts[id], when given) and
// adjusts the statistics by the given deltas.
func (s *docStore) put(recs map[string]docRecord, texts map[string][]byte, dTokens, dPassages int64) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		b, seen, tb := tx.Bucket(bucketDocs), tx.Bucket(bucketSeen), tx.Bucket(bucketText)
		for id, r := range recs {
			if t, ok := texts[id]; ok {
				if err := tb.Put([]byte(id), t); err != nil {
					return err
				}
			}
			if old := b.Get([]byte(id)); old != nil {
				var o docRecord
				if err := json.Unmarshal(old, &o); err != nil {
					return fmt.Errorf("record %q: %w", id, err)
				}
				if err := seen.Delete(seenKey(o.FirstSeen, id)); err != nil {
					return err
				}
			}
			v, err := json.Marshal(r)
			if err != nil {
				return err
			}
			if err := b.Put([]byte(id), v); err != nil {
				return err
			}
			if err := seen.Put(seenKey(r.FirstSeen, id), nil); err != nil {
				return err
			}
		}
		m := tx.Bucket(bucketMeta)
		if err := addCounter(m, keyTokens, dTokens); err != nil {
			return err
		}
		if err := addCounter(m, keyCount, dPassages); err != nil {
			return err
		}
		for _, r := range recs {
			if err := raiseNewest(m, r.Published); err != nil {
				return err
			}
		}
		return nil
	})
}

// raiseNewest moves the stored newest publication date up to t.
func raiseNewest(m *bolt.Bucket, t time.Time) error {
	if t.IsZero() {
		return nil
	}
	if v := m.Get(keyNewest); len(v) == 8 && int64(binary.BigEndian.Uint64(v)) >= t.UnixNano() {
		return nil
	}
	var buf [8]byte
	binary.BigEndian.PutUint64(buf[:], uint64(t.UnixNano()))
	return m.Put(keyNewest, buf[:])
}

// newestPublished returns the latest publication date of any document,
// zero when none is dated. A store from before the date was kept finds it
// once, by reading every record.
func (s *docStore) newestPublished() (time.Time, error) {
	var t time.Time
	err := s.db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketMeta).Get(keyNewest); len(v) == 8 {
			t = time.Unix(0, int64(binary.BigEndian.Uint64(v))).UTC()
		}
		return nil
	})
	if err != nil || !t.IsZero() {
		return t, err
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		m := tx.Bucket(bucketMeta)
		return tx.Bucket(bucketDocs).ForEach(func(k, v []byte) error {
			var r docRecord
			if err := json.Unmarshal(v, &r); err != nil {
				return fmt.Errorf("record %q: %w", k, err)
			}
			if r.Published.After(t) {
				t = r.Published
			}
			return raiseNewest(m, r.Published)
		})
	})
	return t, err
}

func addCounter(b *bolt.Bucket, key []byte, d int64) error {
	var cur int64
	if v := b.Get(key); len(v) == 8 {
		cur = int64(binary.BigEndian.Uint64(v))
	}
	cur += d
	if cur < 0 {
		cur = 0
	}
	var buf [8]byte
	binary.BigEndian.PutUint64(buf[:], uint64(cur))
	return b.Put(key, buf[:])
}

// setStats replaces the total analysed text length and passage count.
func (s *docStore) setStats(tokens, passages int64) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		m := tx.Bucket(bucketMeta)
		for k, v := range map[string]int64{string(keyTokens): tokens, string(keyCount): passages} {
			var buf [8]byte
			binary.BigEndian.PutUint64(buf[:], uint64(v))
			if err := m.Put([]byte(k), buf[:]); err != nil {
				return err
			}
		}
		return nil
	})
}

// stats returns the total analysed text length and passage count.
func (s *docStore) stats() (tokens, passages int64, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		m := tx.Bucket(bucketMeta)
		if v := m.Get(keyTokens); len(v) == 8 {
			tokens = int64(binary.BigEndian.Uint64(v))
		}
		if v := m.Get(keyCount); len(v) == 8 {
			passages = int64(binary.BigEndian.Uint64(v))
		}
		return nil
	})
	return tokens, passages, err
}

// seenKey orders documents by first-seen time, then id: the time as
// nanoseconds with the sign bit flipped, so that bytes sort as times do.
func seenKey(t time.Time, id string) []byte {
	k := make([]byte, 8, 8+len(id))
	binary.BigEndian.PutUint64(k, uint64(t.UnixNano())^(1<<63))
	return append(k, id...)
}

// seenAfter calls fn for the records first seen after t, oldest first, until
// fn returns false.
func (s *docStore) seenAfter(t time.Time, fn func(id string, r docRecord) bool) error {
	return s.db.View(func(tx *bolt.Tx) error {
		docs := tx.Bucket(bucketDocs)
		c := tx.Bucket(bucketSeen).Cursor()
		for k, _ := c.Seek(seenKey(t.Add(time.Nanosecond), "")); k != nil; k, _ = c.Next() {
			if ok, err := visit(docs, string(k[8:]), fn); !ok || err != nil {
				return err
			}
		}
		return nil
	})
}

// newest calls fn for records newest first-seen first, until fn returns
// false.
func (s *docStore) newest(fn func(id string, r docRecord) bool) error {
	return s.db.View(func(tx *bolt.Tx) error {
		docs := tx.Bucket(bucketDocs)
		c := tx.Bucket(bucketSeen).Cursor()
		for k, _ := c.Last(); k != nil; k, _ = c.Prev() {
			if ok, err := visit(docs, string(k[8:]), fn); !ok || err != nil {
				return err
			}
		}
		return nil
	})
}

// visit reads id's record and hands it to fn; false when fn says stop.
func visit(docs *bolt.Bucket, id string, fn func(id string, r docRecord) bool) (bool, error) {
	v := docs.Get([]byte(id))
	if v == nil {
		return true, nil // cannot happen: both change in one transaction
	}
	var r docRecord
	if err := json.Unmarshal(v, &r); err != nil {
		return false, fmt.Errorf("record %q: %w", id, err)
	}
	return fn(id, r), nil
}

func (s *docStore) count() (n int, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		n = tx.Bucket(bucketDocs).Stats().KeyN
		return nil
	})
	return n, err
}
