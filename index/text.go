package index

import (
	"bytes"
	"compress/flate"
	"encoding/json"
	"fmt"
	"io"

	bolt "go.etcd.io/bbolt"

	"github.com/briefbot/briefbot/corpus"
)

// The store keeps every document's text, compressed, so that the Bleve
// index can always be rebuilt from it (reindex) and an index that lost
// documents can be repaired at open.
var bucketText = []byte("text")

// storedText is what the record does not hold already.
type storedText struct {
	Authors []string `json:"a,omitempty"`
	Text    string   `json:"x"`
}

func packText(d *corpus.Document) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := flate.NewWriter(&buf, flate.BestSpeed)
	if err != nil {
		return nil, err
	}
	if err := json.NewEncoder(zw).Encode(storedText{Authors: d.Authors, Text: d.Text}); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func unpackText(v []byte) (storedText, error) {
	var st storedText
	zr := flate.NewReader(bytes.NewReader(v))
	defer zr.Close()
	b, err := io.ReadAll(zr)
	if err != nil {
		return st, err
	}
	return st, json.Unmarshal(b, &st)
}

// document rebuilds id's document from its record and stored text; ok is
// false when the store has no text for it (ingested before text was kept).
func (s *docStore) document(id string) (d corpus.Document, ok bool, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		rv := tx.Bucket(bucketDocs).Get([]byte(id))
		if rv == nil {
			return nil
		}
		var r docRecord
		if err := json.Unmarshal(rv, &r); err != nil {
			return fmt.Errorf("record %q: %w", id, err)
		}
		tb := tx.Bucket(bucketText)
		if tb == nil {
			return nil
		}
		v := tb.Get([]byte(id))
		if v == nil {
			return nil
		}
		st, err := unpackText(v)
		if err != nil {
			return fmt.Errorf("text of %q: %w", id, err)
		}
		d = corpus.Document{ID: id, Title: r.Title, Source: r.Source, URL: r.URL, Published: r.Published, Authors: st.Authors, Text: st.Text, FirstSeen: r.FirstSeen}
		ok = true
		return nil
	})
	return d, ok, err
}

// ids returns every document id in the store, in key order.
func (s *docStore) ids() ([]string, error) {
	var out []string
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketDocs).ForEach(func(k, _ []byte) error {
			out = append(out, string(k))
			return nil
		})
	})
	return out, err
}

// drop removes documents' records and texts, adjusting the statistics:
// what the store cannot rebuild must be ingested again, and a record
// without passages would make that ingest report "unchanged".
func (s *docStore) drop(ids []string) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		b, seen, tb := tx.Bucket(bucketDocs), tx.Bucket(bucketSeen), tx.Bucket(bucketText)
		var dTokens, dPassages int64
		for _, id := range ids {
			v := b.Get([]byte(id))
			if v == nil {
				continue
			}
			var r docRecord
			if err := json.Unmarshal(v, &r); err != nil {
				return fmt.Errorf("record %q: %w", id, err)
			}
			dTokens -= int64(r.Tokens)
			dPassages -= int64(r.Passages)
			if err := seen.Delete(seenKey(r.FirstSeen, id)); err != nil {
				return err
			}
			if err := b.Delete([]byte(id)); err != nil {
				return err
			}
			if tb != nil {
				if err := tb.Delete([]byte(id)); err != nil {
					return err
				}
			}
		}
		m := tx.Bucket(bucketMeta)
		if err := addCounter(m, keyTokens, dTokens); err != nil {
			return err
		}
		return addCounter(m, keyCount, dPassages)
	})
}

// keyTextComplete marks a store in which every document has its text.
var keyTextComplete = []byte("text_complete")

func (s *docStore) textComplete() (bool, error) {
	var ok bool
	err := s.db.View(func(tx *bolt.Tx) error {
		ok = tx.Bucket(bucketMeta).Get(keyTextComplete) != nil
		return nil
	})
	return ok, err
}

func (s *docStore) setTextComplete() error {
	return s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(keyTextComplete, []byte{1})
	})
}

// withoutText returns the ids of documents the store has no text for.
func (s *docStore) withoutText() ([]string, error) {
	var out []string
	err := s.db.View(func(tx *bolt.Tx) error {
		tb := tx.Bucket(bucketText)
		return tx.Bucket(bucketDocs).ForEach(func(k, _ []byte) error {
			if tb.Get(k) == nil {
				out = append(out, string(k))
			}
			return nil
		})
	})
	return out, err
}

func (s *docStore) putTexts(texts map[string][]byte) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		tb := tx.Bucket(bucketText)
		for id, t := range texts {
			if err := tb.Put([]byte(id), t); err != nil {
				return err
			}
		}
		return nil
	})
}
