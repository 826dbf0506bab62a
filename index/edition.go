package index

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/briefbot/briefbot/corpus"
)

// An event named without a year ("Who won the men's downhill at the Milan
// Cortina Winter Olympics?") is dated by the sources that name it: when
// every year they give it is after the newest source, the sources were
// written before it happened, and the answer says so as it does for a
// year asked about.

// eventNamed returns the event a question names: its longest run of
// capitalised words (not the first word) ending in an event's head
// ("Olympics", "Cup", "Marathon"), and the words of the run that tell
// this event from others ("milan", "cortina"; not "winter").
func eventNamed(q string) (label string, distinct []string) {
	ts := tokens(q)
	bestFrom, bestTo := -1, -1
	for i := 1; i < len(ts); {
		j := i
		for j < len(ts) && isCapitalised(ts[j].raw) {
			j++
		}
		if j > i && eventHeads[ts[j-1].low] && j-i >= 2 && j-i > bestTo-bestFrom {
			bestFrom, bestTo = i, j
		}
		i = j + 1
	}
	if bestFrom < 0 {
		return "", nil
	}
	var words []string
	for _, t := range ts[bestFrom:bestTo] {
		words = append(words, t.raw)
		if !eventHeads[t.low] && !genericEventWords[t.low] {
			distinct = append(distinct, t.low)
		}
	}
	return strings.Join(words, " "), distinct
}

// genericEventWords name many events' editions alike.
var genericEventWords = map[string]bool{
	"winter": true, "summer": true, "world": true, "men's": true, "women's": true, "national": true,
	"international": true, "annual": true, "grand": true, "final": true, "finals": true, "super": true,
}

// editionYear returns the earliest year the passages that cover the
// question give the event, and whether two sentences give it one. A year
// is the event's when it stands near one of distinct, with no "and" or
// "or" between: "the Paris Summer Games in 2024 and Milan Cortina Winter
// Games in 2026" gives Milan 2026.
func editionYear(cands []*candidate, rk Ranking, distinct []string) (int, bool) {
	year, found := 0, 0
	read := 0
	for _, c := range cands {
		if read == editionReads {
			break
		}
		if !c.covers(rk) {
			continue
		}
		read++
		for _, sr := range corpus.Sentences(c.text) {
			ts := tokens(c.text[sr[0]:sr[1]])
			has := false
			for i, t := range ts {
				if !slices.Contains(distinct, t.low) {
					continue
				}
				for _, step := range []int{1, -1} {
					if y, ok := yearNear(ts, i, step); ok {
						if year == 0 || y < year {
							year = y
						}
						has = true
					}
				}
			}
			if has {
				found++
			}
		}
	}
	return year, found >= 2
}

// yearNear returns the first year within editionReach tokens of ts[i] in
// the direction step, before an "and" or "or".
func yearNear(ts []token, i, step int) (int, bool) {
	for k := i + step; k >= 0 && k < len(ts) && abs(k-i) <= editionReach; k += step {
		switch ts[k].low {
		case "and", "or":
			return 0, false
		}
		if anyYear(ts[k].low) {
			y, _ := strconv.Atoi(ts[k].low)
			return y, true
		}
	}
	return 0, false
}

// editionReach is how far from the event's name its year may stand.
const editionReach = 6

// editionReads is how many covering passages editionYear reads.
const editionReads = 5

// editionAfter returns the period of an event the question names without
// a year, when the sources give it only years after newest.
func editionAfter(q string, cands []*candidate, rk Ranking, newest time.Time) (corpus.When, bool) {
	if newest.IsZero() || !corpus.AsksPast(q) {
		return corpus.When{}, false
	}
	label, distinct := eventNamed(q)
	if len(distinct) == 0 {
		return corpus.When{}, false
	}
	y, ok := editionYear(cands, rk, distinct)
	if !ok || y <= newest.Year() {
		return corpus.When{}, false
	}
	from := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	return corpus.When{From: from, To: from.AddDate(1, 0, 0), Label: fmt.Sprintf("the %s (%d)", label, y)}, true
}
