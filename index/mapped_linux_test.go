package index

import (
	"bufio"
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/briefbot/briefbot/corpus"
)

// mappedIndexBytes sums the resident bytes of the process's mappings of
// segment files and the document store under dir, from /proc/self/smaps.
func mappedIndexBytes(t *testing.T, dir string) int64 {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skip("no /proc/self/smaps:", err)
	}
	defer f.Close()
	var sum int64
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			continue
		}
		if strings.Contains(fields[0], "-") && len(fields) >= 5 {
			in = len(fields) >= 6 && strings.HasPrefix(fields[5], dir) && (strings.HasSuffix(fields[5], ".zap") || strings.HasSuffix(fields[5], "docs.db"))
			continue
		}
		if in && fields[0] == "Rss:" && len(fields) >= 2 {
			kb, _ := strconv.ParseInt(fields[1], 10, 64)
			sum += kb << 10
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return sum
}

// TestMappedPagesLetGo checks that past the limit a question leaves none of
// the index's segment or store pages mapped, and that the answers are the same as
// with the pages kept.
func TestMappedPagesLetGo(t *testing.T) {
	ctx := context.Background()
	dir, _ := builtDir(t)
	questions := []string{"Where does Moscow build Shahed drones?", "Who signed the treaty?", "How many artillery shells?"}
	answers := func(limit int64, check func(after int64)) []string {
		ix, err := Open(ctx, dir, Options{MappedLimit: limit})
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		var out []string
		for _, q := range questions {
			a := askText(t, ix, q)
			out = append(out, a.Answer)
			for _, c := range a.Citations {
				out = append(out, c.DocID, c.Passage)
			}
			check(mappedIndexBytes(t, dir))
		}
		return out
	}
	kept := answers(-1, func(after int64) {
		if after == 0 {
			t.Fatal("no index pages mapped after a question without a limit: the check cannot see them")
		}
	})
	// A limit of one byte: every question is past it.
	dropped := answers(1, func(after int64) {
		if after != 0 {
			t.Fatalf("%d bytes of index pages still mapped past the limit", after)
		}
	})
	if !reflect.DeepEqual(kept, dropped) {
		t.Fatalf("answers differ once pages are let go:\n%q\n%q", kept, dropped)
	}
}

// TestStoredEnd checks the stored passages' end read from the footers of a
// real index's segments: the stored index that follows holds, for each
// passage, where its stored fields start, in order and before the end.
func TestStoredEnd(t *testing.T) {
	dir, _ := builtDir(t)
	ix, err := Open(context.Background(), dir, Options{MappedLimit: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	s, err := ix.scorch()
	if err != nil || s == nil {
		t.Fatalf("engine %v, %v", s, err)
	}
	segs := 0
	err = withSegments(s, func(snap []*scorch.SegmentSnapshot) {
		for _, ss := range snap {
			d, ok := ss.Segment().(mappedSegment)
			if !ok {
				continue
			}
			segs++
			data := d.Data()
			end := storedEnd(data)
			if end <= 0 || end >= len(data) {
				t.Fatalf("stored end %d of a %d-byte segment", end, len(data))
			}
			docs := int(ss.Count())
			if end+8*docs > len(data) {
				t.Fatalf("stored index of %d passages from %d overruns %d bytes", docs, end, len(data))
			}
			prev := uint64(0)
			for i := 0; i < docs; i++ {
				off := binary.BigEndian.Uint64(data[end+8*i:])
				if off < prev || off >= uint64(end) {
					t.Fatalf("passage %d stored at %d (previous %d, end %d)", i, off, prev, end)
				}
				prev = off
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if segs == 0 {
		t.Fatal("no persisted segment to read")
	}
	// A footer of another version: the whole file.
	other := make([]byte, 100)
	binary.BigEndian.PutUint32(other[92:], 99)
	if got := storedEnd(other); got != len(other) {
		t.Errorf("unknown version: %d, want %d", got, len(other))
	}
}

// TestMappedTrimsWhileMerging asks questions, each past the limit, while
// other documents are added (new segments, merges retiring old ones): every
// question is answered as before the adds began, and none fails.
func TestMappedTrimsWhileMerging(t *testing.T) {
	ctx := context.Background()
	dir, _ := builtDir(t)
	ix, err := Open(ctx, dir, Options{MappedLimit: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	const question = "Where does Moscow build Shahed drones?"
	want := askText(t, ix, question)
	if len(want.Citations) == 0 {
		t.Fatal("no citation before the adds")
	}
	done := make(chan error, 1)
	go func() {
		for i := range 30 {
			d := corpus.Document{ID: fmt.Sprintf("filler-%d", i), Title: "Filler", Text: fmt.Sprintf("Filler report %d on harvests and weather in the valley.", i)}
			if _, err := ix.Add(ctx, []corpus.Document{d}); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	for asked := 0; ; asked++ {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%d questions asked while adding", asked)
			return
		default:
		}
		got := askText(t, ix, question)
		if len(got.Citations) == 0 || got.Citations[0].DocID != want.Citations[0].DocID || got.Answer != want.Answer {
			t.Fatalf("question %d while adding: %q from %+v, want %q", asked, got.Answer, got.Citations, want.Answer)
		}
	}
}
