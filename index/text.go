package index

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"github.com/briefbot/briefbot/corpus"
)

// The store keeps every document's text, compressed, so that the Bleve
// index can always be rebuilt from it (reindex) and an index that lost
// documents can be repaired at open.
var bucketText = []byte("text")

// storedText is what the record does not hold already.
type storedText struct {
	Authors []string
	Text    string
}

// rawLead is how much of a text is stored uncompressed: readers of leads
// (digests over thousands of documents) then decompress nothing.
const rawLead = 8 << 10

// packText stores a document's authors (a JSON line) and the first rawLead
// bytes of its text as they are, and the rest of the text compressed:
// uvarint(len(head)) head flate(tail).
func packText(d *corpus.Document) ([]byte, error) {
	return packTextWith(d, nil, rawLead)
}

// flaters keeps flate writers for reuse: a new one allocates and clears
// about a megabyte, which for long documents cost more than compressing.
type flaters struct{ pool sync.Pool }

func (f *flaters) get(w io.Writer) (*flate.Writer, error) {
	if f != nil {
		if zw, ok := f.pool.Get().(*flate.Writer); ok {
			zw.Reset(w)
			return zw, nil
		}
	}
	return flate.NewWriter(w, flate.BestSpeed)
}

func (f *flaters) put(zw *flate.Writer) {
	if f != nil {
		f.pool.Put(zw)
	}
}

// packTextWith is packText with flate writers taken from f, which may be
// nil, and the first lead bytes stored as they are (all of them when lead
// is below 0).
func packTextWith(d *corpus.Document, f *flaters, lead int) ([]byte, error) {
	authors := d.Authors
	if authors == nil {
		authors = []string{}
	}
	a, err := json.Marshal(authors)
	if err != nil {
		return nil, err
	}
	cut := len(d.Text)
	if lead >= 0 && cut > lead {
		cut = lead
		for cut > 0 && !utf8.RuneStart(d.Text[cut]) {
			cut--
		}
	}
	head := len(a) + 1 + cut
	buf := bytes.NewBuffer(make([]byte, 0, binary.MaxVarintLen64+head+(len(d.Text)-cut)/2))
	buf.Write(binary.AppendUvarint(nil, uint64(head)))
	buf.Write(a)
	buf.WriteByte('\n')
	buf.WriteString(d.Text[:cut])
	if cut < len(d.Text) {
		zw, err := f.get(buf)
		if err != nil {
			return nil, err
		}
		if _, err := io.WriteString(zw, d.Text[cut:]); err != nil {
			return nil, err
		}
		if err := zw.Close(); err != nil {
			return nil, err
		}
		f.put(zw)
	}
	return buf.Bytes(), nil
}

// unpackText reverses packText, reading at most limit bytes of the text
// (cut back to a rune boundary) when limit > 0.
func unpackText(v []byte, limit int) (storedText, error) {
	var u unpacker
	return u.unpack(v, limit)
}

// unpacker reuses one decompressor across texts: a new one allocates and
// clears a 32 KB window.
type unpacker struct {
	zr io.ReadCloser
}

func (u *unpacker) unpack(v []byte, limit int) (storedText, error) {
	var st storedText
	n, k := binary.Uvarint(v)
	if k <= 0 || uint64(len(v)-k) < n {
		return st, errors.New("bad length")
	}
	head, tail := v[k:k+int(n)], v[k+int(n):]
	line, text, ok := bytes.Cut(head, []byte{'\n'})
	if !ok {
		return st, errors.New("no authors line")
	}
	if err := json.Unmarshal(line, &st.Authors); err != nil {
		return st, fmt.Errorf("authors: %w", err)
	}
	if limit > 0 && len(text) >= limit || len(tail) == 0 {
		if limit > 0 && len(text) > limit {
			text = text[:limit]
			for len(text) > 0 && !utf8.Valid(text[max(0, len(text)-utf8.UTFMax):]) {
				text = text[:len(text)-1]
			}
		}
		st.Text = string(text)
		return st, nil
	}
	if u.zr == nil {
		u.zr = flate.NewReader(bytes.NewReader(tail))
	} else if err := u.zr.(flate.Resetter).Reset(bytes.NewReader(tail), nil); err != nil {
		return st, err
	}
	var r io.Reader = u.zr
	if limit > 0 {
		r = io.LimitReader(u.zr, int64(limit-len(text)))
	}
	rest, err := io.ReadAll(r)
	if err != nil {
		return st, err
	}
	b := append(text[:len(text):len(text)], rest...)
	if limit > 0 && len(b) == limit {
		for len(b) > 0 && !utf8.Valid(b[max(0, len(b)-utf8.UTFMax):]) {
			b = b[:len(b)-1]
		}
	}
	st.Text = string(b)
	return st, nil
}

// cutDoc is what cuts reads of one document: the texts of its spans, in
// the order asked ("" where its text is shorter), and its record.
type cutDoc struct {
	texts []string
	rec   docRecord
}

// cuts reads the texts of spans of stored documents, and their records; a
// document without both is left out. A span within the part stored as it
// is (all of a text, for an index with spans) is copied out of the store
// without decompressing anything.
func (s *docStore) cuts(want map[string][]span) (map[string]cutDoc, error) {
	out := make(map[string]cutDoc, len(want))
	err := s.db.View(func(tx *bolt.Tx) error {
		docs, tb := tx.Bucket(bucketDocs), tx.Bucket(bucketText)
		if tb == nil {
			return nil
		}
		var u unpacker
		for id, spans := range want {
			v, rv := tb.Get([]byte(id)), docs.Get([]byte(id))
			if v == nil || rv == nil {
				continue
			}
			var d cutDoc
			if err := json.Unmarshal(rv, &d.rec); err != nil {
				return fmt.Errorf("record %q: %w", id, err)
			}
			lead, err := leadOf(v)
			if err != nil {
				return fmt.Errorf("text of %q: %w", id, err)
			}
			d.texts = make([]string, len(spans))
			var whole string // the decompressed text, once a span needs it
			for i, sp := range spans {
				if sp.end <= len(lead) {
					d.texts[i] = string(lead[sp.start:sp.end])
					continue
				}
				if whole == "" {
					st, err := u.unpack(v, 0)
					if err != nil {
						return fmt.Errorf("text of %q: %w", id, err)
					}
					whole = st.Text
				}
				if sp.end <= len(whole) {
					d.texts[i] = whole[sp.start:sp.end]
				}
			}
			out[id] = d
		}
		return nil
	})
	return out, err
}

// leadOf returns the part of a packed text stored as it is, without its
// authors line, as a slice of v.
func leadOf(v []byte) ([]byte, error) {
	n, k := binary.Uvarint(v)
	if k <= 0 || uint64(len(v)-k) < n {
		return nil, errors.New("bad length")
	}
	_, lead, ok := bytes.Cut(v[k:k+int(n)], []byte{'\n'})
	if !ok {
		return nil, errors.New("no authors line")
	}
	return lead, nil
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
		st, err := unpackText(v, 0)
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
		if rb := tx.Bucket(bucketRemoving); rb != nil {
			for _, id := range ids {
				if err := rb.Delete([]byte(id)); err != nil {
					return err
				}
			}
		}
		m := tx.Bucket(bucketMeta)
		// The newest date may have been a dropped document's: found again
		// by the next reader.
		if err := m.Delete(keyNewest); err != nil {
			return err
		}
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

// texts returns the stored texts of the documents in limits that have
// one, at most limits[id] bytes of each (cut back to a rune boundary) when
// that is > 0. A limit within the first rawLead bytes costs no
// decompression.
func (s *docStore) texts(limits map[string]int) (map[string]storedText, error) {
	out := make(map[string]storedText, len(limits))
	err := s.db.View(func(tx *bolt.Tx) error {
		tb := tx.Bucket(bucketText)
		if tb == nil {
			return nil
		}
		var u unpacker
		for id, limit := range limits {
			v := tb.Get([]byte(id))
			if v == nil {
				continue
			}
			st, err := u.unpack(v, limit)
			if err != nil {
				return fmt.Errorf("text of %q: %w", id, err)
			}
			out[id] = st
		}
		return nil
	})
	return out, err
}
