package wordvec

import (
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
)

// Dims is the length of every vector.
const Dims = 100

const magic = "BBWV\x01"

//go:embed glove50k.bin
var glove []byte

// Table maps words to vectors.
type Table struct {
	index map[string]int32
	vecs  []byte    // Dims int8 values per word, in rank order
	norms []float32 // Euclidean length of each quantised vector
}

// Vector is one word's vector.
type Vector struct {
	v    []byte
	norm float32
	// Rank is the word's frequency rank in GloVe's corpus, 0 for "the":
	// a cheap stand-in for how little a word says.
	Rank int
}

// Default parses the embedded GloVe table. It costs about 10 ms and 5 MB;
// callers keep the result.
func Default() (*Table, error) {
	return Parse(glove)
}

// Parse reads a table written by Write.
func Parse(b []byte) (*Table, error) {
	bad := func(why string) (*Table, error) {
		return nil, fmt.Errorf("wordvec: %s", why)
	}
	if len(b) < len(magic)+6 || string(b[:len(magic)]) != magic {
		return bad("not a word vector table")
	}
	b = b[len(magic):]
	n := int(binary.LittleEndian.Uint32(b))
	if dims := int(binary.LittleEndian.Uint16(b[4:])); dims != Dims {
		return bad(fmt.Sprintf("%d dimensions, want %d", dims, Dims))
	}
	b = b[6:]
	if n > len(b) {
		return bad("truncated")
	}
	t := &Table{index: make(map[string]int32, n), norms: make([]float32, n)}
	for i := 0; i < n; i++ {
		if len(b) < 1 || len(b) < 1+int(b[0]) {
			return bad("truncated word list")
		}
		l := 1 + int(b[0])
		w := string(b[1:l])
		b = b[l:]
		if _, dup := t.index[w]; !dup {
			t.index[w] = int32(i)
		}
	}
	if len(b) != n*Dims {
		return bad(fmt.Sprintf("%d bytes of vectors for %d words", len(b), n))
	}
	t.vecs = b
	for i := range t.norms {
		var s int32
		for _, x := range b[i*Dims : (i+1)*Dims] {
			s += int32(int8(x)) * int32(int8(x))
		}
		t.norms[i] = float32(math.Sqrt(float64(s)))
	}
	return t, nil
}

// Len is the number of words in the table.
func (t *Table) Len() int { return len(t.norms) }

// Lookup returns the vector of a lower-case word.
func (t *Table) Lookup(word string) (Vector, bool) {
	i := t.Index(word)
	if i < 0 {
		return Vector{}, false
	}
	return t.At(i), true
}

// Index returns the position of a lower-case word in the table (its
// Rank), or -1 when the table has no vector for it: a small key for
// callers that remember words.
func (t *Table) Index(word string) int {
	i, ok := t.index[word]
	if !ok || t.norms[i] == 0 {
		return -1
	}
	return int(i)
}

// At returns the vector at position i, as Lookup would for its word.
func (t *Table) At(i int) Vector {
	return Vector{v: t.vecs[i*Dims : (i+1)*Dims], norm: t.norms[i], Rank: i}
}

// IsZero reports whether a is the zero Vector, which no word has.
func (a Vector) IsZero() bool { return a.norm == 0 }

// Cos is the cosine similarity of two vectors, in [-1, 1].
func (a Vector) Cos(b Vector) float64 {
	if a.norm == 0 || b.norm == 0 {
		return 0
	}
	av := a.v
	bv := b.v[:len(av)] // one bounds check, not one a component
	// Four sums at a time: the loop is the rerank's hottest.
	var s0, s1, s2, s3 int32
	i := 0
	for ; i+4 <= len(av); i += 4 {
		x, y := av[i:i+4:i+4], bv[i:i+4:i+4]
		s0 += int32(int8(x[0])) * int32(int8(y[0]))
		s1 += int32(int8(x[1])) * int32(int8(y[1]))
		s2 += int32(int8(x[2])) * int32(int8(y[2]))
		s3 += int32(int8(x[3])) * int32(int8(y[3]))
	}
	for ; i < len(av); i++ {
		s0 += int32(int8(av[i])) * int32(int8(bv[i]))
	}
	return float64(s0+s1+s2+s3) / float64(a.norm*b.norm)
}

// AddTo adds w times the unit-length vector to acc, which holds Dims
// values: the sum of such terms is a centroid for Cosine.
func (a Vector) AddTo(acc []float32, w float32) {
	if a.norm == 0 {
		return
	}
	w /= a.norm
	for i, x := range a.v {
		acc[i] += w * float32(int8(x))
	}
}

// Cosine is the cosine similarity of two centroids, 0 when either is zero.
func Cosine(a, b []float32) float64 {
	var ab, aa, bb float64
	for i := range a {
		ab += float64(a[i]) * float64(b[i])
		aa += float64(a[i]) * float64(a[i])
		bb += float64(b[i]) * float64(b[i])
	}
	if aa == 0 || bb == 0 {
		return 0
	}
	return ab / math.Sqrt(aa*bb)
}

// Write writes a table of words and their vectors (at least Dims values
// each), each vector scaled so that its largest component is ±127.
func Write(w io.Writer, words []string, vecs [][]float64) error {
	if len(words) != len(vecs) {
		return errors.New("wordvec: words and vectors differ in number")
	}
	head := make([]byte, 0, len(magic)+6)
	head = append(head, magic...)
	head = binary.LittleEndian.AppendUint32(head, uint32(len(words)))
	head = binary.LittleEndian.AppendUint16(head, Dims)
	if _, err := w.Write(head); err != nil {
		return fmt.Errorf("wordvec: write: %w", err)
	}
	for _, word := range words {
		if len(word) == 0 || len(word) > 255 {
			return fmt.Errorf("wordvec: word %q: length %d", word, len(word))
		}
		if _, err := w.Write(append([]byte{byte(len(word))}, word...)); err != nil {
			return fmt.Errorf("wordvec: write: %w", err)
		}
	}
	q := make([]byte, Dims)
	for i, v := range vecs {
		if len(v) < Dims {
			return fmt.Errorf("wordvec: %q has %d dimensions", words[i], len(v))
		}
		var m float64
		for _, x := range v[:Dims] {
			m = math.Max(m, math.Abs(x))
		}
		for j, x := range v[:Dims] {
			if m > 0 {
				q[j] = byte(int8(math.Round(x / m * 127)))
			} else {
				q[j] = 0
			}
		}
		if _, err := w.Write(q); err != nil {
			return fmt.Errorf("wordvec: write: %w", err)
		}
	}
	return nil
}
