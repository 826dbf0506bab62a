package index

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"hash/crc32"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2/search"

	"github.com/briefbot/briefbot/corpus"
)

// A passage's Bleve id is its document's key and its position:
// passageID(passageKey(docID), n). Indexes made before spans use the
// document id itself; passageN reads both.
func passageID(key string, n int) string { return key + "#" + strconv.Itoa(n) }

// passageID names passage n of a document.
func (ix *Index) passageID(df *docFields, n int) string {
	if !ix.spans {
		return passageID(df.id, n)
	}
	return passageID(df.key, n)
}

// passageKey is a short fixed-length name for a document id (96 bits of
// its SHA-256). Bleve looks every id of a batch up in every older segment;
// a URL's long shared prefix made each lookup walk the whole URL, and the
// lookups were a twentieth of a large ingest's CPU.
func passageKey(docID string) string {
	h := sha256.Sum256([]byte(docID))
	return base64.RawURLEncoding.EncodeToString(h[:12])
}

// passageN reads n back from a passage id of docID, in either form.
func passageN(docID, pid string) (int, bool) {
	rest, ok := strings.CutPrefix(pid, passageKey(docID)+"#")
	if !ok {
		if rest, ok = strings.CutPrefix(pid, docID+"#"); !ok {
			return 0, false
		}
	}
	n, err := strconv.Atoi(rest)
	return n, err == nil
}

// keySpans, in Bleve's internal store, marks an index whose passages
// have spans and short keys.
const keySpans = "briefbot.spans"

// castagnoli is the CRC table spans check texts with.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// appendSpan writes where p stands in its document's text, and a checksum
// of its text: "start end crc", in decimal.
func appendSpan(b []byte, p *corpus.Passage) []byte {
	b = strconv.AppendInt(b, int64(p.Start), 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(p.End), 10)
	b = append(b, ' ')
	return strconv.AppendUint(b, uint64(crc32.Checksum([]byte(p.Text), castagnoli)), 10)
}

// span is a passage's place in its document's text.
type span struct {
	start, end int
	crc        uint32
}

func parseSpan(s string) (span, bool) {
	f := strings.Fields(s)
	if len(f) != 3 {
		return span{}, false
	}
	start, err1 := strconv.Atoi(f[0])
	end, err2 := strconv.Atoi(f[1])
	crc, err3 := strconv.ParseUint(f[2], 10, 32)
	if err1 != nil || err2 != nil || err3 != nil || start < 0 || end < start {
		return span{}, false
	}
	return span{start, end, uint32(crc)}, true
}

// appendPublished writes a publication time as Bleve's date field stores
// it (RFC3339, UTC).
func appendPublished(b []byte, t time.Time) []byte {
	return t.UTC().AppendFormat(b, time.RFC3339)
}

// withSpans adds what passageTexts needs to fields that ask for the text.
func withSpans(fields []string) []string {
	if !slices.Contains(fields, fText) {
		return fields
	}
	for _, f := range []string{fSpan, fDoc} {
		if !slices.Contains(fields, f) {
			fields = append(fields, f)
		}
	}
	return fields
}

// passageTexts gives each hit with a span (fields ask for fText) its
// passage's text, cut from its document's text in the store, and the
// title, source, URL and date fields asked for, from its document's
// record. A hit whose text cannot be found, or does not match its
// checksum, is dropped: its document is being replaced, and its record
// and passages are a moment apart.
func (ix *Index) passageTexts(hits search.DocumentMatchCollection, fields []string) (search.DocumentMatchCollection, error) {
	if !slices.Contains(fields, fText) {
		return hits, nil
	}
	// Each hit's document and span, read once; ok false for a hit that
	// has its text already.
	type cut struct {
		id string
		sp span
		ok bool
	}
	cutsOf := make([]cut, len(hits))
	want := map[string][]span{}
	for i, h := range hits {
		if _, ok := h.Fields[fText].(string); ok {
			continue
		}
		id, _ := h.Fields[fDoc].(string)
		if sp, ok := parseSpan(fieldString(h.Fields[fSpan])); ok && id != "" {
			cutsOf[i] = cut{id, sp, true}
			want[id] = append(want[id], sp)
		}
	}
	if len(want) == 0 {
		return hits, nil
	}
	docs, err := ix.store.cuts(want)
	if err != nil {
		return nil, fmt.Errorf("index: passage texts: %w", err)
	}
	next := map[string]int{} // the next of want[id]'s texts, in hit order
	kept := hits[:0]
	for i, h := range hits {
		if _, ok := h.Fields[fText].(string); ok {
			kept = append(kept, h)
			continue
		}
		c := cutsOf[i]
		if !c.ok {
			continue
		}
		d := docs[c.id]
		k := next[c.id]
		next[c.id]++
		if k >= len(d.texts) {
			continue
		}
		t := d.texts[k]
		if t == "" || crc32.Checksum([]byte(t), castagnoli) != c.sp.crc {
			continue
		}
		h.Fields[fText] = t
		r := d.rec
		for _, f := range []struct{ name, v string }{{fTitle, r.Title}, {fSourceRaw, r.Source}, {fURL, r.URL}} {
			if f.v != "" && slices.Contains(fields, f.name) {
				h.Fields[f.name] = f.v
			}
		}
		if !r.Published.IsZero() && slices.Contains(fields, fPublished) {
			h.Fields[fPublished] = string(appendPublished(nil, r.Published))
		}
		kept = append(kept, h)
	}
	return kept, nil
}

// fieldString reads a stored field Bleve returned as a string.
func fieldString(v any) string {
	s, _ := v.(string)
	return s
}
