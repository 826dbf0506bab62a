package corpus

import "testing"

// fullDistance is the textbook dynamic programme, for the tests to check
// the bounded one against.
func fullDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

func TestEditDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"kyiv", "kiev", 2}, {"zelensky", "zelenskyy", 1}, {"", "abc", 3}, {"abc", "", 3},
		{"ghandi", "gandhi", 2}, {"superbowl", "super bowl", 1}, {"same", "same", 0},
	} {
		if got := EditDistance(c.a, c.b); got != c.want {
			t.Errorf("EditDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

// FuzzWithinEdits: the bounded test agrees with the full distance, on
// short words and on words past its 64-byte rows.
func FuzzWithinEdits(f *testing.F) {
	for _, s := range [][2]string{{"zelensky", "zelenskyy"}, {"mcdonald", "mc donald"}, {"", "ab"}, {"kyiv", "kiev"}, {"abc", "cab"}} {
		f.Add(s[0], s[1], 2)
	}
	f.Fuzz(func(t *testing.T, a, b string, k int) {
		k &= 3
		full := fullDistance(a, b)
		if got, want := WithinEdits(a, b, k), full <= k; got != want {
			t.Fatalf("WithinEdits(%q, %q, %d) = %v, want %v", a, b, k, got, want)
		}
		if got := EditDistance(a, b); got != full {
			t.Fatalf("EditDistance(%q, %q) = %d, want %d", a, b, got, full)
		}
	})
}
