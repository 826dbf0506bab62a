package index

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/briefbot/briefbot/claim"
)

// answerKind is what kind of thing a question asks for, read off its
// wording; a sentence that contains such a thing (not already in the
// question) is more likely to answer it, and more so when the thing stands
// next to the question's own words ("How many motors…" → "12 motors").
type answerKind int

const (
	kindAny     answerKind = iota
	kindNumber             // how many, how much, how long...
	kindName               // who, where, which city...
	kindDate               // when, what year, what date
	kindPercent            // what percentage, what share
	kindTitle              // which article, the official name of a law or agreement
	kindQuote              // what did X say about Y
	kindMoney              // how much did X pay, cost, raise
	kindDay                // what date, on which day: a day, not a season
	kindAge                // how old, at what age
	kindClock              // what time, at what time
)

var kindPrefixes = []struct {
	prefix string
	kind   answerKind
}{
	{"what percentage", kindPercent}, {"what percent", kindPercent}, {"what share", kindPercent}, {"what proportion", kindPercent},
	{"what fraction", kindPercent}, {"which percentage", kindPercent},
	{"by what percentage", kindPercent}, {"by what percent", kindPercent}, {"how much of", kindPercent},
	{"how many", kindNumber}, {"how much", kindNumber}, {"how long", kindNumber}, {"how old", kindAge},
	{"how far", kindNumber}, {"how big", kindNumber}, {"how large", kindNumber}, {"how high", kindNumber},
	{"how fast", kindNumber}, {"how close", kindNumber}, {"how tall", kindNumber}, {"how deep", kindNumber},
	{"how heavy", kindNumber}, {"how often", kindNumber}, {"by how much", kindNumber}, {"by how many", kindNumber},
	{"within how many", kindNumber}, {"for how long", kindNumber}, {"at what price", kindNumber}, {"what price", kindNumber},
	{"what age", kindAge}, {"at what age", kindAge}, {"what is the size", kindNumber}, {"what was the size", kindNumber},
	{"what amount", kindNumber}, {"what sum", kindNumber}, {"what number", kindNumber}, {"what was the total", kindNumber},
	{"what year", kindDate}, {"which year", kindDate}, {"in what year", kindDate}, {"in which year", kindDate},
	{"when", kindDate}, {"what date", kindDay}, {"at what time", kindClock}, {"what time", kindClock}, {"until what date", kindDay},
	{"until when", kindDate}, {"by what date", kindDay}, {"since when", kindDate}, {"on what date", kindDay}, {"what day", kindDay}, {"on which day", kindDay},
	{"which article", kindTitle}, {"what article", kindTitle}, {"under which article", kindTitle}, {"under what article", kindTitle},
	{"which law", kindTitle}, {"what law", kindTitle}, {"which act", kindTitle}, {"which bill", kindTitle},
	{"which treaty", kindTitle}, {"which agreement", kindTitle}, {"what is the official name", kindTitle},
	{"what was the official name", kindTitle}, {"what is the formal name", kindTitle}, {"what is the formal title", kindTitle},
	{"what is the full name", kindTitle}, {"what is the title", kindTitle}, {"what was the title", kindTitle},
	// A work is answered by its title: a name the question does not give.
	{"which song", kindName}, {"what song", kindName}, {"which track", kindName}, {"which album", kindName},
	{"what album", kindName}, {"which film", kindName}, {"what film", kindName}, {"which movie", kindName},
	{"what movie", kindName}, {"which book", kindName}, {"what book", kindName}, {"which novel", kindName},
	{"which show", kindName}, {"what show", kindName}, {"which series", kindName}, {"which play", kindName},
	{"which documentary", kindName}, {"which podcast", kindName}, {"which single", kindName},
	{"who", kindName}, {"whom", kindName}, {"whose", kindName}, {"where", kindName}, {"in which", kindName}, {"at which", kindName},
	{"what city", kindName}, {"which city", kindName}, {"what country", kindName}, {"which country", kindName},
	{"in what city", kindName}, {"in what country", kindName}, {"what company", kindName}, {"which company", kindName},
	{"which team", kindName}, {"what team", kindName}, {"which state", kindName}, {"what state", kindName},
	{"which firm", kindName}, {"what firm", kindName}, {"which group", kindName}, {"which organization", kindName},
}

// quoteQuestion matches "what did X say about Y", "how did X describe Y".
var quoteQuestion = regexp.MustCompile(`^(what|how) (did|does|do|has|have|had|was|is) .*\b(` + quoteVerbs + `)\b`)

// quoteVerbs are the verbs of a quote question; quoteVerb matches one.
const quoteVerbs = `say|said|says|describe|described|characterize|characterise|call|called|react|respond|reply|tell|think|argue|claim|warn|explain|write`

var quoteVerb = regexp.MustCompile(`^(` + quoteVerbs + `)$`)

// sourceSpeaks asks what the text itself says: "What does the author say
// the US should focus on?", "How does the piece describe…". The author's
// words are the text, not a quote in it.
var sourceSpeaks = regexp.MustCompile(`^(what|how) (did|does|do|has|have|had|was|is) the (author|authors|writer|article|piece|analysis|essay|column|columnist|report|paper|editorial)\b`)

// priceQuestion asks what a thing costs by its verb: "What does the
// bootcamp charge?", "What would a burrito cost a year later?".
var priceQuestion = regexp.MustCompile(`^what (does|do|did|will|would) .*\b(cost|costs|charge|charges|fetch|fetched|sell for|sold for|go for|went for|pay|pays|pay for|spend|spend on)\b(.*)$`)

// asksPrice reports whether l is a priceQuestion; "charge the agency
// with" accuses, and does not ask a price, nor does "pay tribute".
func asksPrice(l string) bool {
	m := priceQuestion.FindStringSubmatch(l)
	if m == nil {
		return false
	}
	rest := strings.FieldsFunc(m[3], func(r rune) bool { return !unicode.IsLetter(r) })
	// "pay attention", "pay tribute": no money.
	if strings.HasPrefix(m[2], "pay") && len(rest) > 0 && payIdioms[rest[0]] {
		return false
	}
	return !slices.Contains(rest, "with")
}

// payIdioms after "pay" pay no money.
var payIdioms = map[string]bool{"attention": true, "tribute": true, "respects": true, "homage": true, "heed": true, "off": true, "dearly": true}

// nameQuestion asks what a thing is named: "What is the name of the
// eldest child…", "What name does he use on TikTok?".
var nameQuestion = regexp.MustCompile(`^(what|which) (is|was|are|were)?\s*(the )?names?\b|^(under |by )?what name\b`)

// namingAsked reports whether q asks what a thing is named. Such a
// question is not of kindName: a passage without a capitalised name may
// still answer it (as a gate it cost XQuAD .003 R@1), but its answer
// sentence is chosen as for "who".
func namingAsked(q string) bool {
	return nameQuestion.MatchString(strings.ToLower(strings.TrimSpace(q)))
}

// namingQuestion asks what a thing is called, not what someone said:
// "What is Washington's NFL team called?"
var namingQuestion = regexp.MustCompile(`^what (is|was|are|were) .*\bcalled\b`)

// moneyWords in a "how much" question ask for an amount of money.
var moneyWords = map[string]bool{
	"pay": true, "paid": true, "pays": true, "cost": true, "costs": true, "spend": true, "spent": true, "worth": true,
	"price": true, "insured": true, "raise": true, "raised": true, "earn": true, "earned": true, "earns": true, "salary": true,
	"lose": true, "lost": true, "revenue": true, "fund": true, "funding": true, "budget": true, "fine": true, "fined": true,
	"charge": true, "charged": true, "sell": true, "sold": true, "invest": true, "invested": true, "owe": true, "owed": true,
	"money": true, "dollars": true, "deal": true, "contract": true, "settlement": true, "award": true, "awarded": true,
	"donate": true, "donated": true, "profit": true, "loss": true, "tax": true, "bill": true, "fee": true, "fees": true,
}

// moneyNouns are amounts of money: "How large was the penalty?", "What
// was the total cost?" ask for one. Not "settlement" or "bid": "the first
// recorded settlement" is a town.
var moneyNouns = map[string]bool{
	"penalty": true, "penalties": true, "fine": true, "fines": true, "salary": true,
	"budget": true, "bail": true, "ransom": true, "bounty": true, "payout": true, "bonus": true,
	"compensation": true, "damages": true, "fee": true, "fees": true, "cost": true, "price": true,
	"revenue": true, "profit": true, "valuation": true, "jackpot": true, "grant": true, "loan": true,
	"deficit": true, "debt": true, "payment": true, "donation": true, "investment": true,
	"severance": true, "wages": true, "rent": true, "tuition": true, "alimony": true, "bailout": true,
}

// amountOpenings open a question about the size of a thing.
var amountOpenings = []string{"how large ", "how big ", "how high ", "what was the ", "what is the ", "what were the ", "what are the ", "what's the "}

// asksAmount reports whether a question asks how large an amount of
// money is: a size question whose subject, its first words, is a money
// noun ("What was the total cost of…", not "What was the name of the firm
// that paid the fine?").
func asksAmount(l string) bool {
	rest := ""
	for _, o := range amountOpenings {
		if strings.HasPrefix(l, o) {
			rest = l[len(o):]
		}
	}
	ws := strings.FieldsFunc(rest, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '-' })
	for i, w := range ws {
		if i == amountSubjectWords || focusStop[w] && !amountLead[w] || w == "of" {
			break
		}
		if moneyNouns[w] {
			return true
		}
	}
	return false
}

// amountSubjectWords bounds the subject of a size question.
const amountSubjectWords = 4

// amountLead may open the subject: "how large was the penalty".
var amountLead = map[string]bool{"was": true, "is": true, "were": true, "are": true}

var currencyWords = map[string]bool{
	"dollars": true, "dollar": true, "euros": true, "euro": true, "pounds": true, "yuan": true, "yen": true, "rubles": true,
	"roubles": true, "won": true, "rupees": true, "francs": true, "cents": true, "usd": true, "eur": true, "gbp": true,
}

// questionKind returns the kind of answer q asks for.
func questionKind(q string) answerKind {
	k, _ := readKind(q)
	return k
}

// readKind returns the kind of answer q asks for, and whether it asks
// what a figure is ("What's the death toll…"): the figure noun decides
// both, and is read once.
func readKind(q string) (answerKind, bool) {
	// "What’s" as typed on a phone is "What's".
	l := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(q)), "’", "'")
	fig := figureNoun(l)
	return kindOf(l, fig), fig != ""
}

// kindOf is questionKind of the lowercased question l whose figure noun
// is fig ("" for none).
func kindOf(l, fig string) answerKind {
	// "What did the Farm Bureau say a feast would cost?" asks the price;
	// "What did Biden say about the cost of insulin?" what he said.
	if quoteQuestion.MatchString(l) && !namingQuestion.MatchString(l) && !(asksPrice(l) && !strings.Contains(l, " about ")) && !sourceSpeaks.MatchString(l) {
		return kindQuote
	}
	if strings.HasPrefix(l, "how much ") || strings.HasPrefix(l, "by how much ") || strings.HasPrefix(l, "what price ") {
		for _, w := range strings.FieldsFunc(l, func(r rune) bool { return !unicode.IsLetter(r) }) {
			// "How much severance…", "How much in damages…": an amount
			// of money as much as "How much did it cost".
			if moneyWords[w] || moneyNouns[w] {
				return kindMoney
			}
		}
	}
	if asksAmount(l) || asksPrice(l) {
		return kindMoney
	}
	for _, p := range kindPrefixes {
		if strings.HasPrefix(l, p.prefix+" ") || strings.HasPrefix(l, p.prefix+"'") || strings.HasPrefix(l, p.prefix+"?") {
			if p.kind == kindClock && !clockAsked(l[len(p.prefix):]) {
				return kindDate // "What time frame…", "what time of year…"
			}
			return p.kind
		}
	}
	if strings.Contains(l, "official name") || strings.Contains(l, "formal name") || strings.Contains(l, "formal title") {
		return kindTitle
	}
	if fig != "" {
		if moneyNouns[fig] || fig == "wage" {
			return kindMoney // "What is Brian Niccol's annual base salary?"
		}
		if fig == "rate" && !strings.Contains(l, " per ") && !strings.Contains(l, "hourly") {
			// The inflation, jobless or mortgage rate is a percentage; a
			// rate "per 1,000 residents" is not.
			return kindPercent
		}
		return kindNumber
	}
	return kindAny
}

// figureNouns name a figure: "What is the latest inflation rate?" asks
// for a number as "How high is inflation?" does.
var figureNouns = map[string]bool{
	"rate": true, "toll": true, "price": true, "cost": true, "population": true, "tally": true, "salary": true,
	"wage": true, "temperature": true, "percentage": true, "margin": true, "turnout": true, "budget": true,
	"valuation": true, "revenue": true,
}

// figureNoun returns the figure noun a "what is …" question asks about
// (its head noun, before "of", "in", "from"… or the end), or "".
func figureNoun(l string) string {
	rest, ok := strings.CutPrefix(l, "what is ")
	if !ok {
		if rest, ok = strings.CutPrefix(l, "what's "); !ok {
			if rest, ok = strings.CutPrefix(l, "what was "); !ok {
				return ""
			}
		}
	}
	ws := strings.FieldsFunc(rest, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' })
	// "What is the inflation rate right now?": the time is not the noun.
	for len(ws) > 0 && trailingNow[ws[len(ws)-1]] {
		ws = ws[:len(ws)-1]
	}
	for i, w := range ws {
		if w == "of" || focusStop[w] || i == 6 {
			if i > 0 && figureNouns[ws[i-1]] {
				return ws[i-1]
			}
			return ""
		}
	}
	if len(ws) > 0 && figureNouns[ws[len(ws)-1]] {
		return ws[len(ws)-1]
	}
	return ""
}

// trailingNow are words of the present that may end a question.
var trailingNow = map[string]bool{"now": true, "right": true, "today": true, "currently": true, "nowadays": true, "presently": true}

// clockOrDay reports whether the number ws[i] is a time of day or the day
// of a date: "9:30 a.m.", "at 6 p.m.", "Oct. 1", "12/25".
func clockOrDay(ws []word, i int) bool {
	if i > 0 && months[strings.ToLower(ws[i-1].text)] {
		return true
	}
	if i+1 < len(ws) && clockMarks[strings.ToLower(ws[i+1].text)] {
		return true
	}
	// Two numbers one mark apart: "9:30", "12/25".
	oneMarkApart := func(a, b word) bool {
		return a.start+len(a.text)+1 == b.start && strings.IndexFunc(a.text, unicode.IsDigit) >= 0 && strings.IndexFunc(b.text, unicode.IsDigit) >= 0
	}
	return i > 0 && oneMarkApart(ws[i-1], ws[i]) || i+1 < len(ws) && oneMarkApart(ws[i], ws[i+1])
}

// notCountOne before "one" make it a pronoun: "no one", "the one who".
var notCountOne = map[string]bool{"no": true, "the": true, "every": true, "any": true, "each": true, "this": true, "that": true, "which": true}

// someTimeBefore before "one day" or "one point" make it "some day", "at
// some point": "humans could one day colonise Mars" counts nothing.
var someTimeBefore = map[string]bool{
	"could": true, "would": true, "might": true, "may": true, "will": true, "can": true, "should": true,
	"at": true, "must": true, "to": true,
}

// pronounOneBefore after "one" make it a pronoun: "one another", "an idea
// that is one no longer confined to fiction", "one who knows".
var pronounOneBefore = map[string]bool{"another": true, "no": true, "not": true, "who": true, "whose": true, "that": true, "which": true}

// countedOne reports whether "one", the i-th of ws, counts something:
// not "one of many", "no one", "one another", "one who", "could one day",
// "at one point".
func countedOne(ws []word, i int) bool {
	next := ""
	if i+1 < len(ws) {
		next = strings.ToLower(ws[i+1].text)
	}
	prev := ""
	if i > 0 {
		prev = strings.ToLower(ws[i-1].text)
	}
	switch {
	case next == "of" || notCountOne[prev] || pronounOneBefore[next]:
		return false
	case next == "day" || next == "point":
		return !someTimeBefore[prev] && i > 0 // "One day, …" opens a story
	}
	return true
}

var numberWords = map[string]bool{
	"one": true, "two": true, "three": true, "four": true, "five": true, "six": true, "seven": true, "eight": true,
	"nine": true, "ten": true, "eleven": true, "twelve": true, "dozen": true, "dozens": true, "hundred": true,
	"hundreds": true, "thousand": true, "thousands": true, "million": true, "millions": true, "billion": true, "billions": true,
	"half": true, "quarter": true, "third": true, "trillion": true,
}

var months = map[string]bool{
	"january": true, "february": true, "march": true, "april": true, "may": true, "june": true, "july": true,
	"august": true, "september": true, "october": true, "november": true, "december": true,
	"jan": true, "feb": true, "aug": true, "sept": true, "oct": true, "nov": true, "dec": true,
}

var dateWords = map[string]bool{
	"yesterday": true, "today": true, "tomorrow": true, "week": true, "month": true, "spring": true, "summer": true,
	"fall": true, "autumn": true, "winter": true, "decade": true, "century": true,
	"dawn": true, "dusk": true, "morning": true, "afternoon": true, "evening": true, "night": true, "midnight": true,
	"noon": true, "overnight": true, "weekend": true,
}

var speechWords = map[string]bool{
	"said": true, "says": true, "say": true, "told": true, "tells": true, "called": true, "calls": true, "described": true,
	"wrote": true, "writes": true, "added": true, "argued": true, "warned": true, "stated": true, "noted": true,
	"according": true, "explained": true, "insisted": true, "claimed": true, "posted": true, "tweeted": true,
}

// word is one word of a sentence with its byte offset in the passage.
type word struct {
	text  string
	start int
}

// sentenceWords splits text[r[0]:r[1]] into words (letters, digits and the
// marks numbers carry: "$1.2", "50%", "3-mile").
func sentenceWords(text string, r [2]int) []word {
	var out []word
	s := text[r[0]:r[1]]
	start := -1
	for i, c := range s {
		in := unicode.IsLetter(c) || unicode.IsDigit(c) || c == '$' || c == '%' || c == '£' || c == '€' ||
			((c == '.' || c == ',' || c == '-' || c == '\'' || c == '’') && start >= 0)
		if in && start < 0 {
			start = i
		}
		if !in && start >= 0 {
			out = append(out, word{strings.TrimRight(s[start:i], ".,-'’"), r[0] + start})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, word{strings.TrimRight(s[start:], ".,-'’"), r[0] + start})
	}
	return out
}

// designator reports whether a word with digits is a name: letters
// first, then a hyphen or the digits ("F-16", "MH17"), not a currency
// ("US$5", "HK$2").
func designator(w string) bool {
	i := strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
	if i <= 0 {
		return false
	}
	return w[i] == '-' || unicode.IsDigit(rune(w[i]))
}

// isKind reports whether a word (the i-th of ws) is a thing of kind k that
// the question (its lowercased words) does not already name.
func isKind(ws []word, i int, k answerKind, qwords map[string]bool) bool {
	w := ws[i].text
	if w == "" {
		return false
	}
	lw := strings.ToLower(w)
	if k == kindTitle && strings.HasPrefix(lw, "article") && i+1 < len(ws) && strings.IndexFunc(ws[i+1].text, unicode.IsDigit) >= 0 && !qwords[ws[i+1].text] {
		// "Article 4" names a title, even for "Which article…": the
		// number is new.
		return true
	}
	// The question's words are split at apostrophes: "Dover's" is there
	// as "dover".
	if qwords[lw] || qwords[claim.Unpossessive(lw)] {
		return false
	}
	// "B-52s", "G5", "COVID-19": a name with a number in it counts
	// nothing and dates nothing ("US$5" is money).
	digit := strings.IndexFunc(w, unicode.IsDigit) >= 0 && !designator(w)
	switch k {
	case kindAny:
		return true
	case kindNumber:
		if isYearWord(lw) {
			// A year dates what is counted; it is not the count, the age
			// or the size.
			return false
		}
		if lw == "one" && !countedOne(ws, i) {
			return false // "one of many", "no one", "could one day"
		}
		if digit && clockOrDay(ws, i) {
			return false
		}
		n, _, _ := strings.Cut(lw, "-") // "eight-time"
		return digit || numberWords[n]
	case kindDate:
		return digit || months[lw] || dateWord(lw)
	case kindAge:
		return age(ws, i) && !othersAge(ws, i, qwords)
	case kindClock:
		// "9:30 a.m.", "at 6 p.m.", "noon": a time of day.
		if lw == "noon" || lw == "midnight" {
			return true
		}
		return digit && i+1 < len(ws) && (clockMarks[strings.ToLower(ws[i+1].text)] || clockColon(ws, i))
	case kindDay:
		// "Aug. 8", "8 August", "Friday", "12/25": a day, not "this
		// summer" or "in 2024".
		return weekdays[lw] || lw == "today" || lw == "yesterday" || lw == "tomorrow" ||
			months[lw] && (i+1 < len(ws) && dayNumber(ws[i+1].text) || i > 0 && dayNumber(ws[i-1].text)) ||
			digit && clockOrDay(ws, i) && !isYearWord(lw)
	case kindPercent:
		if strings.HasSuffix(w, "%") || lw == "percent" || lw == "per" {
			return true
		}
		return digit && i+1 < len(ws) && (strings.EqualFold(ws[i+1].text, "percent") || strings.EqualFold(ws[i+1].text, "per"))
	case kindName, kindTitle:
		r, _ := utf8.DecodeRuneInString(w)
		if i == 0 || !unicode.IsUpper(r) || months[lw] || dateWord(lw) {
			return false
		}
		if capitalFunctionWords[lw] || spellsAcronym(ws, i, qwords) {
			return false
		}
		if qwords[lw+"s"] || strings.HasSuffix(lw, "s") && qwords[lw[:len(lw)-1]] {
			// "Olympic" for "…at the Winter Olympics?": the question's
			// own word, in another number, names nothing new.
			return false
		}
		if k == kindTitle {
			// A name of two or more capitalised words: "Treaty on the
			// Comprehensive Strategic Partnership", "Inflation Reduction Act".
			return i+1 < len(ws) && isCapitalised(ws[i+1].text) || i > 0 && isCapitalised(ws[i-1].text) && i > 1
		}
		return true
	case kindQuote:
		return speechWords[lw]
	case kindMoney:
		if strings.ContainsAny(w, "$£€") {
			return true
		}
		if scaleWords[lw] && i > 0 && strings.ContainsAny(ws[i-1].text, "$£€") {
			return true // "$160 billion" is money to its last word
		}
		return (digit || numberWords[lw]) && i+1 < len(ws) && (currencyWords[strings.ToLower(ws[i+1].text)] ||
			i+2 < len(ws) && numberWords[strings.ToLower(ws[i+1].text)] && currencyWords[strings.ToLower(ws[i+2].text)])
	}
	return false
}

// hasKind reports whether a sentence (its text and words) holds a thing
// of kind k that the question does not already name.
func hasKind(sentence string, ws []word, k answerKind, qwords map[string]bool) bool {
	if k == kindAny {
		return true
	}
	if k == kindQuote && quoted(sentence) {
		return true
	}
	for i := range ws {
		if isKind(ws, i, k, qwords) {
			return true
		}
	}
	return false
}

// nearWindow is how many words apart an answer and a question word may
// stand to count as said together.
const nearWindow = 4

// nearKind returns the idf mass of question terms standing within
// nearWindow words of a thing of the kind asked for in the sentence r:
// "12 motors" for "How many motors…", "led by Dana Remus" for "Who leads…".
// ws are the sentence's words; occ maps byte offsets of question-term
// occurrences to their terms.
func nearKind(ws []word, k answerKind, qwords map[string]bool, occ map[int]int, qts []*queryTerm) float64 {
	if k == kindAny || len(occ) == 0 {
		return 0
	}
	at := make([]int, len(ws)) // question term at each word, or -1
	any := false
	for i, w := range ws {
		at[i] = -1
		if q, ok := occ[w.start]; ok {
			at[i] = q
			any = true
		}
	}
	if !any {
		return 0
	}
	var best float64
	for i := range ws {
		if at[i] >= 0 || !isKind(ws, i, k, qwords) {
			continue
		}
		seen := map[int]bool{}
		var v float64
		for j := max(0, i-nearWindow); j <= min(len(ws)-1, i+nearWindow); j++ {
			if q := at[j]; q >= 0 && !seen[q] {
				seen[q] = true
				v += qts[q].idf
			}
		}
		best = max(best, v)
	}
	return best
}

func questionWords(q string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(q, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		out[strings.ToLower(w)] = true
	}
	return out
}

var weekdays = map[string]bool{
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true,
}

// dateWord reports whether a lowercased word names a time: a weekday,
// "yesterday", a season, a part of the day.
func dateWord(lw string) bool { return weekdays[lw] || dateWords[lw] }

// dayNumber reports whether w is the day of a month: 1 to 31, or "8th".
func dayNumber(w string) bool {
	w = strings.TrimRight(strings.ToLower(w), ".,")
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		w = strings.TrimSuffix(w, suf)
	}
	n, err := strconv.Atoi(w)
	return err == nil && n >= 1 && n <= 31
}

// clockMarks follow the hour of a time of day.
var clockMarks = map[string]bool{"a.m": true, "p.m": true, "am": true, "pm": true, "a.m.": true, "p.m.": true}

// clockColon reports whether ws[i] and ws[i+1] are the hour and minutes
// of "9:30", which the word splitter keeps apart.
func clockColon(ws []word, i int) bool {
	m := ws[i+1].text
	return len(m) == 2 && strings.IndexFunc(m, func(r rune) bool { return !unicode.IsDigit(r) }) < 0 && ws[i].start+len(ws[i].text)+1 == ws[i+1].start
}

// othersAge reports whether the age at ws[i] is given for someone the
// question does not ask about: "The 63-year-old Thune will succeed…
// McConnell" for "How old is Mitch McConnell?", "Donald Trump's
// 17-year-old granddaughter".
func othersAge(ws []word, i int, qwords map[string]bool) bool {
	var of string // the word the age is given for
	switch {
	case strings.Contains(strings.ToLower(ws[i].text), "-year") && i+1 < len(ws):
		of = ws[i+1].text
	case i > 0 && i+1 < len(ws) && ws[i].start-(ws[i-1].start+len(ws[i-1].text)) == 2:
		of = ws[i-1].text // "Thune, 63,"
	default:
		return false
	}
	lo := strings.ToLower(of)
	if qwords[lo] {
		return false
	}
	if relatives[lo] {
		return true
	}
	if !isCapitalised(of) {
		return false
	}
	// Someone else beside the one asked about, named in the sentence.
	for k := 1; k < len(ws); k++ {
		if isCapitalised(ws[k].text) && qwords[strings.ToLower(ws[k].text)] {
			return true
		}
	}
	return false
}

// relatives are the people an age is often given for beside the one
// asked about.
var relatives = map[string]bool{
	"son": true, "daughter": true, "granddaughter": true, "grandson": true, "wife": true, "husband": true,
	"mother": true, "father": true, "brother": true, "sister": true, "grandchild": true, "child": true,
}

// age reports whether ws[i] gives someone's age: "a 67-year-old man",
// "67 years old", "aged 67", or a name's ", 25," ("Mahdi Wilson, 25, was
// arrested").
func age(ws []word, i int) bool {
	lw := strings.ToLower(ws[i].text)
	if n, rest, ok := strings.Cut(lw, "-"); ok && (strings.HasPrefix(rest, "year-old") || strings.HasPrefix(rest, "years-old")) {
		return numberWords[n] || strings.IndexFunc(n, unicode.IsDigit) >= 0
	}
	n, err := strconv.Atoi(strings.ReplaceAll(lw, ",", ""))
	if err != nil || n < 1 {
		return false
	}
	// "39 years old", "515 million years ago": how old a thing is, too.
	j := i + 1
	for j < len(ws) && scaleWords[strings.ToLower(ws[j].text)] {
		j++
	}
	// Not "married 77 years": a time, not an age.
	if j+1 < len(ws) && strings.EqualFold(ws[j].text, "years") {
		switch strings.ToLower(ws[j+1].text) {
		case "old", "ago", "of", "young":
			return true
		}
	}
	if n > 130 {
		return false
	}
	if i > 0 {
		if p := strings.ToLower(ws[i-1].text); p == "aged" || p == "age" {
			return true
		}
		// ", 25," after a name: one comma and a space either side.
		end := ws[i-1].start + len(ws[i-1].text)
		if isCapitalised(ws[i-1].text) && ws[i].start-end == 2 && (i+1 == len(ws) || ws[i+1].start-(ws[i].start+len(ws[i].text)) == 2) {
			return true
		}
	}
	return false
}

// scaleWords multiply the number before them.
var scaleWords = map[string]bool{"hundred": true, "thousand": true, "million": true, "billion": true}

// clockAsked reports whether the words after "what time" ask the time of
// day: a verb follows ("What time did…"), not a noun ("time frame").
func clockAsked(rest string) bool {
	w, _, _ := strings.Cut(strings.TrimSpace(rest), " ")
	w = strings.Trim(w, "?")
	return w == "" || headVerbs[w]
}

// capitalFunctionWords name nothing when capitalised inside a sentence:
// "The" of "The Des Moines Register" leaves the name to the words after,
// and "I" is no one the question could name.
var capitalFunctionWords = map[string]bool{"i": true, "the": true, "a": true, "an": true, "of": true, "and": true, "in": true, "on": true, "for": true, "at": true, "by": true, "to": true}

// spellsAcronym reports whether the run of capitalised words holding the
// i-th word spells an acronym the question gives: "United States" is the
// question's "US", "Electronic Arts" its "EA", and names nothing new.
func spellsAcronym(ws []word, i int, qwords map[string]bool) bool {
	from, to := i, i
	for from > 0 && isCapitalised(ws[from-1].text) {
		from--
	}
	for to+1 < len(ws) && isCapitalised(ws[to+1].text) {
		to++
	}
	if to == from {
		return false
	}
	var b strings.Builder
	for _, w := range ws[from : to+1] {
		r, _ := utf8.DecodeRuneInString(w.text)
		b.WriteRune(unicode.ToLower(r))
	}
	return qwords[b.String()]
}

// quoteMarks open or close a quotation. "‘" opens one in British copy
// (‘immediately provide military … assistance’); its closing "’" is left
// out, since it is also the apostrophe.
const quoteMarks = "“”\"‘"

// quoted reports whether a sentence quotes someone.
func quoted(s string) bool { return strings.ContainsAny(s, quoteMarks) }
