package wordvec

import (
	"bytes"
	"strings"
	"testing"
)

func TestDefaultSimilarities(t *testing.T) {
	tab, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if tab.Len() != 50000 {
		t.Errorf("Len = %d, want 50000", tab.Len())
	}
	// Each pair: a word, one close in meaning, one that is not.
	for _, c := range []struct{ w, near, far string }{
		{"biggest", "largest", "banana"},
		{"died", "death", "keyboard"},
		{"sang", "singer", "tax"},
		{"artillery", "shells", "poetry"},
		{"missile", "rocket", "salad"},
	} {
		w, ok1 := tab.Lookup(c.w)
		near, ok2 := tab.Lookup(c.near)
		far, ok3 := tab.Lookup(c.far)
		if !ok1 || !ok2 || !ok3 {
			t.Fatalf("%v: missing word", c)
		}
		if got := w.Cos(w); got < 0.999 || got > 1.001 {
			t.Errorf("cos(%s, %s) = %.3f, want 1", c.w, c.w, got)
		}
		if a, b := w.Cos(near), w.Cos(far); a <= b+0.2 {
			t.Errorf("cos(%s, %s) = %.3f not well above cos(%s, %s) = %.3f", c.w, c.near, a, c.w, c.far, b)
		}
	}
	if _, ok := tab.Lookup("Biggest"); ok {
		t.Error("lookup is of lower-case words only")
	}
	if _, ok := tab.Lookup("zzqxj"); ok {
		t.Error("found a word that is not in the table")
	}
	if the, _ := tab.Lookup("the"); the.Rank != 0 {
		t.Errorf("rank of the = %d, want 0", the.Rank)
	}
}

func TestWriteParse(t *testing.T) {
	vec := func(x ...float64) []float64 { return append(x, make([]float64, Dims-len(x))...) }
	var buf bytes.Buffer
	if err := Write(&buf, []string{"north", "south", "east"}, [][]float64{vec(1, 0), vec(0.9, 0.1), vec(0, -2)}); err != nil {
		t.Fatal(err)
	}
	tab, err := Parse(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	n, _ := tab.Lookup("north")
	s, _ := tab.Lookup("south")
	e, _ := tab.Lookup("east")
	if got := n.Cos(s); got < 0.99 {
		t.Errorf("cos(north, south) = %.3f, want about 0.994", got)
	}
	if got := n.Cos(e); got != 0 {
		t.Errorf("cos(north, east) = %.3f, want 0", got)
	}
	acc := make([]float32, Dims)
	n.AddTo(acc, 2)
	e.AddTo(acc, 2)
	if got := Cosine(acc, acc); got < 0.999 {
		t.Errorf("Cosine of a centroid with itself = %.3f", got)
	}
	if e.Rank != 2 || e.IsZero() || !(Vector{}).IsZero() {
		t.Errorf("rank %d, zero %v", e.Rank, e.IsZero())
	}
}

func TestParseRejectsDamage(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, []string{"a", "b"}, [][]float64{make([]float64, Dims), make([]float64, Dims)}); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	for name, b := range map[string][]byte{
		"empty":           nil,
		"not a table":     []byte("hello, world"),
		"truncated":       good[:len(good)-1],
		"extra bytes":     append(append([]byte{}, good...), 0),
		"words cut short": good[:14],
	} {
		if _, err := Parse(b); err == nil || !strings.HasPrefix(err.Error(), "wordvec: ") {
			t.Errorf("%s: err = %v", name, err)
		}
	}
	if err := Write(&buf, []string{"a"}, nil); err == nil {
		t.Error("Write accepted words without vectors")
	}
	if err := Write(&buf, []string{"a"}, [][]float64{{1, 2}}); err == nil {
		t.Error("Write accepted a short vector")
	}
}

func FuzzParse(f *testing.F) {
	var buf bytes.Buffer
	Write(&buf, []string{"war", "peace"}, [][]float64{make([]float64, Dims), make([]float64, Dims)})
	f.Add(buf.Bytes())
	f.Add([]byte(magic + "\xff\xff\xff\xff\x64\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		tab, err := Parse(b)
		if err != nil {
			return
		}
		for w := range tab.index {
			v, ok := tab.Lookup(w)
			if ok {
				v.Cos(v)
			}
		}
	})
}

func BenchmarkDefault(b *testing.B) {
	for b.Loop() {
		if _, err := Default(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCos(b *testing.B) {
	t, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	x, _ := t.Lookup("troops")
	y, _ := t.Lookup("forces")
	var s float64
	for b.Loop() {
		s += x.Cos(y)
	}
	_ = s
}
