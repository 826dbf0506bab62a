package corpus

// EditDistance is the Levenshtein distance between two short words,
// byte-wise: for "did you mean" suggestions and near spellings of names.
func EditDistance(a, b string) int {
	return boundedDistance(a, b, max(len(a), len(b)))
}

// WithinEdits reports whether a and b are at most k edits apart. The
// rerank asks it of every word of every candidate passage, so it stops as
// soon as every alignment costs more than k and allocates nothing for
// words under 64 bytes.
func WithinEdits(a, b string, k int) bool {
	if k < 0 || len(a)-len(b) > k || len(b)-len(a) > k {
		return false
	}
	return boundedDistance(a, b, k) <= k
}

// boundedDistance is the edit distance of a and b, or a number above k as
// soon as the distance must exceed k.
func boundedDistance(a, b string, k int) int {
	var rows [2][64]int
	prev, cur := rows[0][:], rows[1][:]
	if len(b) >= len(rows[0]) {
		prev, cur = make([]int, len(b)+1), make([]int, len(b)+1)
	}
	for j := 0; j <= len(b); j++ {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		least := i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			least = min(least, cur[j])
		}
		if least > k {
			return least
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
