package index

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/briefbot/briefbot/claim"
	"github.com/briefbot/briefbot/corpus"
)

// maxAnswer is the length in bytes that a composed answer, citation
// numbers included, stays under.
const maxAnswer = 500

// answers reports whether a candidate answers the question rather than
// being about its topic: it covers enough of the question, its document
// holds every name and number the question gives, and, when the question
// asks for a kind of thing (a person, a number, a date, a place), a sentence
// of it holds one.
func (c *candidate) answers(rk Ranking, kind answerKind) bool {
	// A sentence naming the holder of the post asked about answers it,
	// however the question frames the post ("Who runs…").
	if c.holder {
		// The post and what it is of, named together, are the
		// question's key words however the source words them
		// ("Chicago Police Superintendent" for "the Chicago Police
		// Department").
		return !c.topicMissing
	}
	if c.relevant < rk.AnswerMin || c.keyFound < rk.KeyMin || c.topicMissing || c.nameMissing || c.roleUnnamed || c.sentence == [2]int{} {
		return false
	}
	return kind == kindAny || c.hasTyped
}

// covers reports whether a candidate covers the question: enough of it,
// and the names and numbers it gives.
func (c *candidate) covers(rk Ranking) bool {
	if c.holder {
		return c.answers(rk, kindName)
	}
	return c.relevant >= rk.MinCover && c.keyFound >= rk.KeyMin
}

// answerSentence is the best answering sentence of a candidate and its
// evidence (sentence.go).
func (c *candidate) answerSentence() ([2]int, float64) {
	return c.chooser.best(c)
}

// compose writes the answer from the cited candidates: the best answering
// sentence of the first two, then up to two sentences from other documents
// among the answering citations that cover the question about as well and
// say something else. Each sentence is verbatim text of its citation. For
// a question about the present, a sentence from older reporting than the
// first would offer a stale answer beside the current one, so none follows.
func compose(cited []*candidate, rk Ranking, kind answerKind, present bool) []corpus.AnswerSentence {
	var out []corpus.AnswerSentence
	bestI, bestR, bestScore := -1, [2]int{}, 0.0
	lead := leadsAlone(cited, rk, kind)
	if lead {
		// The first citation leads alone: its sentence is the answer.
		if r, v := cited[0].answerSentence(); r[1] > r[0] {
			bestI, bestR, bestScore = 0, r, v
		}
	}
	if bestI < 0 {
		bestI, bestR, bestScore = firstSentence(cited, rk, kind)
	}
	if bestI < 0 {
		return nil
	}
	first := unmarked(cited[bestI].text[bestR[0]:bestR[1]])
	if !fits(nil, first, bestI+1) {
		// A first sentence over the limit is cut at a word, still verbatim.
		first = cutWords(first, maxAnswer-1-len(corpus.JoinAnswer([]corpus.AnswerSentence{{N: bestI + 1}})))
	}
	out = append(out, corpus.AnswerSentence{Text: first, N: bestI + 1})
	docs := map[string]bool{cited[bestI].docID: true}
	said := [][]string{contentWords(first)}
	for i, c := range cited {
		if len(out) == 3 || i == bestI || docs[c.docID] || !c.answers(rk, kind) {
			continue
		}
		if first := cited[bestI].published; present && !first.IsZero() && (c.published.IsZero() || c.published.Before(first.AddDate(0, 0, -14))) {
			continue
		}
		if lead && c.score < cited[0].score-rk.RecentMargin {
			// Far below the citation that leads alone: about something
			// else.
			continue
		}
		r, v := c.answerSentence()
		if r[1] <= r[0] || v < 0.8*bestScore {
			continue
		}
		s := unmarked(c.text[r[0]:r[1]])
		if !fits(out, s, i+1) {
			continue
		}
		w := contentWords(s)
		dup := false
		for _, p := range said {
			if overlap(w, p) > 0.6 {
				dup = true
				break
			}
		}
		if dup {
			continue
		}
		out = append(out, corpus.AnswerSentence{Text: s, N: i + 1})
		docs[c.docID] = true
		said = append(said, w)
	}
	return out
}

// firstSentence chooses the answer's first sentence: the best answering
// sentence of the first two answering citations, the second's evidence
// discounted, or the holder's sentence of the first when it names one.
// It returns the citation's index (-1 for none), the sentence and its
// evidence.
func firstSentence(cited []*candidate, rk Ranking, kind answerKind) (int, [2]int, float64) {
	bestI, bestScore := -1, 0.0
	var bestR [2]int
	rank := 0 // among answering citations
	for i, c := range cited {
		// The first sentence comes from the first citations a reader is
		// shown (corpus.DefaultLimit): asking for more citations must
		// not change the answer.
		if rank == 2 || i >= corpus.DefaultLimit && bestI >= 0 {
			break
		}
		if !c.answers(rk, kind) {
			continue
		}
		if c.holder && rank == 0 {
			// The newest report naming the post's holder is the answer.
			return i, c.holderAt, bestScore
		}
		r, v := c.answerSentence()
		v *= 1 - 0.4*float64(rank)
		rank++
		if r[1] > r[0] && v > bestScore {
			bestI, bestScore, bestR = i, v, r
		}
	}
	return bestI, bestR, bestScore
}

// leadsAlone reports whether the first citation may give the answer's
// first sentence although it fails the strict answer test: it covers the
// question, and no citation a reader is shown that passes the test
// scores about as well (within rk.RecentMargin, the margin within which
// passages answer about equally well). A passage far below it that holds
// a thing of the kind asked for is then more likely about something else
// ("8,000 attendees" of a concert for "How much has a Lama agreed to be
// reborn?", whose first citation says "many times").
func leadsAlone(cited []*candidate, rk Ranking, kind answerKind) bool {
	if len(cited) == 0 || !cited[0].covers(rk) || cited[0].holder || cited[0].deathless {
		// A passage that says no one died cannot give a death toll.
		return false
	}
	for i, c := range cited {
		if i == corpus.DefaultLimit {
			break
		}
		if c.answers(rk, kind) && c.score >= cited[0].score-rk.RecentMargin {
			return false
		}
	}
	return true
}

// unmarked is a sentence without the spaces around it and the list mark
// before it ("∎ British Prime Minister…", "• Main Street…", ">> HSE duo…"):
// still verbatim text of its passage.
func unmarked(s string) string {
	s = strings.TrimSpace(s)
	for {
		t := strings.TrimLeft(s, "∎•■▪●◾◆*>·")
		t = strings.TrimSpace(t)
		if t == s || t == "" {
			return s
		}
		s = t
	}
}

// fits reports whether the answer stays under maxAnswer bytes, citation
// numbers and spaces included, when s, quoted from citation n, follows
// out.
func fits(out []corpus.AnswerSentence, s string, n int) bool {
	return len(corpus.JoinAnswer(append(slices.Clip(out), corpus.AnswerSentence{Text: s, N: n}))) < maxAnswer
}

func contentWords(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if len(w) > 2 {
			out = append(out, w)
		}
	}
	return out
}

// overlap is the share of the shorter word list found in the other.
func overlap(a, b []string) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	in := map[string]bool{}
	for _, w := range b {
		in[w] = true
	}
	n := 0
	for _, w := range a {
		if in[w] {
			n++
		}
	}
	return float64(n) / float64(len(a))
}

func cutWords(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	cut := strings.LastIndexFunc(s[:limit], unicode.IsSpace)
	if cut <= 0 {
		cut = limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
	}
	return strings.TrimSpace(s[:cut])
}

// boilerplate starts lines that are credits, prompts or page furniture.
var boilerplate = []string{
	"photo", "(photo", "image:", "video:", "watch:", "listen:", "click here", "sign up", "subscribe",
	"read more", "read next", "related:", "follow ", "contributing:", "copyright", "all rights reserved",
	"reporting by", "editing by", "writing by", "additional reporting", "advertisement", "getty images",
	"ap photo", "(ap photo", "file photo", "credit:", "source:", "more:", "see also", "download the",
	"this story", "this article", "have a news tip", "got a tip", "you can reach", "email ", "contact ",
	"can't view", "can’t view", "usa today network", "the associated press contributed", "hide caption",
	// A summary box a machine wrote, not the reporting: "AI-assisted
	// summary The strike of…".
	"ai-assisted summary",
	// Teasers that announce an article: "Here's what we know about…".
	"here's what", "here’s what", "here's everything", "here’s everything", "here's how to", "here’s how to",
}

// prompts, after a topic's name and a colon, make a line a prompt to the
// reader ("2024 Paris Olympics: Follow USA TODAY's coverage…") when a
// publication or coverage is what they point to.
var prompts = []string{"follow ", "sign up", "subscribe", "read more", "watch ", "listen "}

// boilerplateIf start lines that are credits only when their test, given
// the sentence and its lowercased head, says so.
var boilerplateIf = map[string]func(s, low string) bool{
	// "By Lena Ortiz" is a byline; "By the end of 2023, …" is prose.
	"by ":   func(s, _ string) bool { return countWords(s, 7) <= 6 },
	"cnn’s": func(_, low string) bool { return strings.Contains(low, "contributed") },
	"cnn's": func(_, low string) bool { return strings.Contains(low, "contributed") },
	// "Reach Joey Garrison on X, @joeygarrison." is a contact line;
	// "Reach agreement…" is not.
	"reach ": func(s, _ string) bool { return strings.Contains(s, "@") },
	// "For the latest news and results…, read USA TODAY's live updates"
	// points elsewhere; "For the latest quarter, sales rose 4%" is prose.
	"for the latest": func(s, _ string) bool {
		low := strings.ToLower(s)
		return strings.Contains(low, " read ") || strings.Contains(low, "check out") || strings.Contains(low, "follow ")
	},
}

// isProse reports whether a sentence can stand as an answer: a statement,
// not a heading, a question, a byline, a credit or page furniture.
func isProse(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	// Credits and furniture show in the first words; lowercasing those
	// is enough, and cheap.
	head := s
	if len(head) > 48 {
		head = head[:48]
	}
	low := strings.ToLower(head)
	for _, b := range boilerplate {
		if strings.HasPrefix(low, b) {
			return false
		}
	}
	for b, credit := range boilerplateIf {
		if strings.HasPrefix(low, b) && credit(s, low) {
			return false
		}
	}
	if photoCredit(s) || promptAfterTopic(s) {
		return false
	}
	for _, furniture := range []string{"Getty Images", "contributed to this report", "Click here", "click here", "schedule, roster, stats", "CENTRAL:", "pic.twitter.com"} {
		if strings.Contains(s, furniture) {
			return false
		}
	}
	words := countWords(s, 25)
	if words < 4 {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(strings.TrimRight(s, `"'”’)]»`))
	switch last {
	case '?':
		return false
	case '.', '!':
	default:
		// A line without a full stop is a heading, unless it runs long
		// (a passage cut mid-sentence).
		if words < 25 {
			return false
		}
	}
	letters, upper := 0, 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	return letters > 0 && float64(upper)/float64(letters) < 0.6
}

// promptAfterTopic reports whether a line is a topic's name, a colon and a
// prompt to follow, sign up for or read a publication's coverage. "Paris
// 2024: Follow the leader was the game…" is prose: it names no coverage.
func promptAfterTopic(s string) bool {
	topic, rest, ok := strings.Cut(s, ": ")
	if !ok || countWords(topic, 7) > 6 {
		return false
	}
	head := strings.ToLower(rest[:min(len(rest), 12)])
	for _, p := range prompts {
		if strings.HasPrefix(head, p) {
			low := strings.ToLower(rest)
			return strings.Contains(low, "coverage") || strings.Contains(low, "newsletter") || strings.Contains(low, "our ") || strings.Contains(low, "us on ")
		}
	}
	return false
}

// photoCredit reports whether a sentence opens with a photographer's
// credit, as captions do: "Dylan Martinez/Reuters French star Kylian
// Mbappé is tackled…", "Gregory Bull/AP A man looks on…". A name of one
// to three capitalised words is joined by a slash to an agency: one in
// capitals ("AP", "AFP") or one of photoAgencies. "The Israel/Gaza
// ceasefire" names no photographer.
func photoCredit(s string) bool {
	// The credit's slash is within the first four words.
	if !strings.Contains(s[:min(len(s), 120)], "/") {
		return false
	}
	words := strings.Fields(s[:min(len(s), 200)])
	for i, w := range words[:min(len(words), 4)] {
		left, right, ok := strings.Cut(w, "/")
		if !ok {
			if !startsUpper(w) || notKeys[strings.ToLower(w)] || strings.ContainsAny(w, ",;:") {
				return false
			}
			continue
		}
		agency := photoAgencies[right] || len(right) >= 2 && strings.ToUpper(right) == right && strings.IndexFunc(right, unicode.IsLetter) >= 0
		// A dateline is in capitals: "NEW YORK/WASHINGTON − A union…"
		// opens a report, not a caption.
		named := strings.IndexFunc(left, unicode.IsLower) >= 0
		return i > 0 && startsUpper(left) && named && agency
	}
	return false
}

// photoAgencies credit news photographs beside the all-capitals ones.
var photoAgencies = map[string]bool{
	"Reuters": true, "Getty": true, "Bloomberg": true, "Shutterstock": true, "Alamy": true, "Sipa": true,
	"Anadolu": true, "Zuma": true, "Imagn": true, "Invision": true, "Polaris": true, "Redux": true, "NurPhoto": true,
}

func startsUpper(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// Differences in figures: how many uncited passages that answer the
// question are read for figures, and how much is shown.
const (
	diffExtraPassages = 8
	maxDifferences    = 3
	maxDiffClaims     = 4
)

// differences compares the figures about what the question asks among the
// cited passages and the other answering ones (the best diffExtraPassages
// of them). It returns the differences, their claims numbered as
// citations, and the uncited passages they quote, to be cited after the
// others in that order.
func differences(question string, cited, cands []*candidate, rk Ranking, kind answerKind) ([]corpus.Difference, []*candidate) {
	topic := claim.ParseTopic(question)
	if !topic.AsksFigure() && !figureKind(kind) {
		return nil, nil
	}
	pool := slices.Clone(cited)
	seen := map[string]bool{}
	for _, c := range cited {
		seen[strings.Join(strings.Fields(c.text), " ")] = true
	}
	for _, c := range cands {
		if len(pool) == len(cited)+diffExtraPassages {
			break
		}
		key := strings.Join(strings.Fields(c.text), " ")
		if seen[key] || !c.answers(rk, kind) {
			continue
		}
		seen[key] = true
		pool = append(pool, c)
	}
	var claims []claim.Sourced
	for i, c := range pool {
		for _, cl := range topic.Claims(c.text) {
			src, _ := c.hit.Fields[fSourceRaw].(string)
			claims = append(claims, claim.Sourced{Claim: cl, Source: src, Published: c.published, Doc: c.docID, Ref: i, Passage: c.text})
		}
	}
	if len(claims) < 2 {
		return nil, nil
	}
	diffs := claim.Differences(claims)
	if len(diffs) > maxDifferences {
		diffs = diffs[:maxDifferences]
	}
	// Pool index → citation number; uncited passages are numbered after
	// the cited ones, in the order they are first quoted.
	number := map[int]int{}
	for i := range cited {
		number[i] = i + 1
	}
	var extra []*candidate
	var out []corpus.Difference
	for _, d := range diffs {
		cd := corpus.Difference{About: d.About, Update: d.Update}
		for _, cl := range d.Claims {
			if len(cd.Claims) == maxDiffClaims {
				break
			}
			n, ok := number[cl.Ref]
			if !ok {
				extra = append(extra, pool[cl.Ref])
				n = len(cited) + len(extra)
				number[cl.Ref] = n
			}
			cd.Claims = append(cd.Claims, corpus.DifferenceClaim{
				Value: cl.Text, N: n, Source: cl.Source, Published: cl.Published, By: cl.By, Period: cl.Period,
			})
		}
		out = append(out, cd)
	}
	return out, extra
}

// countWords counts the space-separated words of s, stopping at limit.
func countWords(s string, limit int) int {
	n, in := 0, false
	for _, r := range s {
		if unicode.IsSpace(r) {
			in = false
			continue
		}
		if !in {
			in = true
			if n++; n == limit {
				break
			}
		}
	}
	return n
}
