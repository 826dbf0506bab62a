package claim

// Word tables. Each is built once by a function and only read after.

var (
	numberWords   = numberWordTable()
	scaleWords    = scaleWordTable()
	currencyWords = currencyWordTable()
	durationWords = durationWordTable()
	measureWords  = set("km", "kms", "kilometres", "kilometers", "kilometre", "kilometer", "miles", "mile", "mph", "kph", "metres", "meters", "metre", "meter", "feet", "foot", "ft", "inches", "inch", "cm", "mm", "kg", "kgs", "kilograms", "kilogram", "grams", "gram", "lb", "lbs", "tonnes", "tons", "tonne", "ton", "degrees", "degree", "°", "acres", "acre", "hectares", "hectare", "square", "cubic", "litres", "liters", "litre", "liter", "gallons", "gallon", "magnitude", "mw", "gw", "kw", "kwh", "mwh", "gwh", "megawatts", "gigawatts", "calories", "mg", "ml", "knots", "storeys", "stories", "floors", "yards", "yard", "℃", "℉", "°c", "°f", "millibars", "mb", "inches")
	months        = set("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec")
	weekdays      = set("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
	timeWords     = set("a.m", "p.m", "a.m.", "p.m.", "am", "pm", "gmt", "utc", "bst", "cet", "cest", "est", "edt", "cst", "cdt", "pst", "pdt", "mst", "mdt", "et", "pt", "ct", "o'clock", "o’clock", "hrs", "kst", "jst", "ist", "msk")
	labelWords    = set("article", "articles", "section", "sections", "chapter", "paragraph", "para", "rule", "clause", "page", "pages", "p", "pp", "no", "nos", "route", "highway", "interstate", "flight", "room", "platform", "gate", "level", "category", "grade", "class", "stage", "phase", "season", "episode", "volume", "vol", "issue", "game", "week", "round", "model", "version", "ward", "district", "act", "bill", "item", "proposition", "prop", "amendment", "resolution", "title", "figure", "table", "step", "lot", "unit", "line", "channel", "track", "zone", "number", "term", "match", "race", "stage", "hole", "lap", "verse", "psalm", "exhibit", "appendix", "annex", "schedule", "part", "tier", "covid", "apollo", "channel", "pier", "terminal", "door", "box", "block", "building", "floor", "suite", "apartment", "apt", "street", "avenue", "road", "year", "day", "hour", "top", "rank", "ranked", "seed", "seeded", "pick", "jersey", "size", "no.", "nr")
	// partitives after a count make it a part of a group, not a total:
	// "three of the victims".
	partitives = set("the", "them", "those", "these", "its", "their", "his", "her", "our", "us", "whom", "which", "my", "your", "it")
	stopWords  = set("a", "an", "the", "this", "that", "these", "those", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "from", "by", "with", "without", "into", "onto", "over", "under", "about", "around", "than", "as", "since", "until", "till", "through", "during", "after", "before", "between", "among", "against", "per", "via", "within", "across", "toward", "towards", "upon", "up", "down", "out", "off", "is", "are", "was", "were", "be", "been", "being", "am", "has", "have", "had", "having", "do", "does", "did", "will", "would", "could", "should", "can", "may", "might", "must", "shall", "it", "its", "he", "she", "they", "we", "i", "you", "him", "her", "them", "us", "me", "his", "their", "our", "your", "my", "who", "whom", "whose", "which", "what", "where", "when", "while", "whereas", "if", "so", "not", "no", "also", "only", "just", "more", "most", "less", "least", "some", "all", "each", "every", "any", "both", "either", "neither", "such", "there", "here", "then", "now", "according", "including", "said", "says", "say", "told", "reported", "than", "very", "too", "already", "still", "yet", "ago", "later", "earlier", "last", "next", "this", "per", "a.m", "p.m", "whether", "because", "although", "though", "unless", "amid", "despite", "like", "unlike", "plus", "minus", "versus", "vs", "whereby", "thereby", "each", "other", "another", "same", "own")
	// genericPeople count people without saying what happened to them;
	// a state after them ("41 people were killed") says what is counted.
	genericPeople = set("people", "person", "persons", "individual", "individuals", "others", "other")
	// genericHeads name no thing of their own: "a lower figure of 13,000"
	// counts what the sentence already counted.
	genericHeads = set("figure", "number", "total", "tally", "count", "estimate", "sum", "amount", "level", "record", "high", "low", "mark", "milestone", "toll", "rate", "share", "portion", "proportion", "percentage", "majority", "minority", "times", "time", "way", "ways")
	// stateHeads are what a count of people can be: the canonical word
	// for each way of writing it.
	stateHeads = map[string]string{
		"dead": "dead", "died": "dead", "die": "dead", "dies": "dead", "dying": "dead", "killed": "dead", "kill": "dead", "kills": "dead", "killing": "dead",
		"death": "dead", "deaths": "dead", "fatality": "dead", "fatalities": "dead", "perished": "dead", "lives": "dead", "bodies": "dead",
		"injured": "injured", "injury": "injured", "injuries": "injured", "injuring": "injured", "wounded": "injured", "wounding": "injured", "hurt": "injured", "wounds": "injured",
		"missing": "missing", "unaccounted": "missing",
		"displaced": "displaced", "displacing": "displaced", "homeless": "displaced",
		"evacuated": "evacuated", "evacuating": "evacuated", "evacuees": "evacuated",
		"arrested": "arrested", "arrests": "arrested", "arrest": "arrested", "arresting": "arrested", "detained": "detained", "detaining": "detained", "detainees": "detained",
		"hospitalized": "hospitalised", "hospitalised": "hospitalised", "hospitalizations": "hospitalised", "hospitalisations": "hospitalised",
		"rescued": "rescued", "infected": "infected", "infections": "infected", "cases": "infected",
	}
	// verbThings name what a figure after the verb counts: "fined Acme
	// $2m" is a fine.
	verbThings = map[string]string{
		"fined": "fine", "fining": "fine", "fines": "fine", "fine": "fine",
		"sentenced": "sentence", "jailed": "sentence", "imprisoned": "sentence",
		"paid": "payment", "pay": "payment", "pays": "payment", "paying": "payment",
		"cost": "cost", "costs": "cost", "costing": "cost",
		"spent": "spending", "spend": "spending", "spending": "spending",
		"raised": "raised", "raising": "raised",
		"owes": "debt", "owed": "debt", "owe": "debt",
		"earned": "earnings", "earns": "earnings", "earning": "earnings",
		"sold": "sales", "selling": "sales",
		"donated": "donation", "donating": "donation",
		"awarded": "award", "awarding": "award",
		"borrowed": "loan", "lent": "loan",
		"invested": "investment", "investing": "investment",
		"bought": "purchase", "acquired": "purchase",
		"laid": "layoffs", "cut": "cuts", "cutting": "cuts",
		"deported": "deported", "expelled": "expelled", "released": "released", "freed": "released",
		"settled": "settlement", "charged": "charge",
	}
	// changeVerbs link a thing to its new figure: "the death toll rose to
	// 41", "inflation was 3.2%".
	changeVerbs = set("rose", "rises", "risen", "rise", "rising", "climbed", "climbs", "climbing", "increased", "increases", "jumped", "jumps", "soared", "soars", "reached", "reaches", "reaching", "hit", "hits", "stood", "stands", "totalled", "totaled", "totals", "totalling", "totaling", "topped", "tops", "exceeded", "exceeds", "fell", "falls", "dropped", "drops", "declined", "declines", "decreased", "decreases", "grew", "grows", "is", "was", "were", "are", "be", "been", "remains", "remained", "reach", "surpassed", "passed", "neared", "nears", "doubled", "swelled", "mounted", "held", "holds", "stayed", "stays", "remain", "settled")
	// valueVerbs set a figure on a thing named after them: "put the death
	// toll at 41", "valued the deal at $3m".
	valueVerbs   = set("put", "puts", "putting", "estimated", "estimates", "estimate", "pegged", "pegs", "placed", "places", "set", "sets", "valued", "values", "priced", "prices", "capped", "caps", "raised", "lowered", "revised", "increased", "cut", "kept", "counted", "updated", "updates", "raising", "lowering", "revising", "brought", "bringing")
	reportVerbs  = set("said", "says", "say", "told", "tells", "reported", "reports", "report", "estimated", "estimates", "estimate", "cited", "cites", "announced", "announces", "confirmed", "confirms", "claimed", "claims", "claim", "stated", "states", "counted", "counts", "recorded", "records", "showed", "shows", "show", "found", "finds", "suggest", "suggests", "suggested", "believes", "believe", "believed", "added", "adds", "noted", "notes", "wrote", "writes", "warned", "warns", "revealed", "reveals", "disclosed", "discloses", "indicated", "indicates", "indicate", "put", "puts", "tallied", "calculated", "calculates", "projected", "projects", "predicted", "predicts", "forecast", "forecasts", "acknowledged", "acknowledges", "admitted", "admits", "insisted", "insists", "argued", "argues", "testified", "alleged", "alleges", "pegged", "listed", "lists", "documented", "documents", "tracked", "tracks", "verified", "verifies", "assessed", "assesses")
	reportNouns  = set("estimates", "estimate", "data", "figures", "records", "reports", "report", "statement", "statements", "tally", "count", "survey", "study", "analysis", "research", "poll", "filing", "filings", "assessment", "assessments")
	pronouns     = set("he", "she", "they", "it", "we", "i", "you", "who", "which", "that", "this", "these", "those", "one", "both", "some", "others", "many", "several", "there")
	clauseBreaks = set("while", "whereas", "but", "although", "though", "however", "yet", "unlike")
	periodStarts = set("since", "by", "as", "between", "from", "through", "until", "till", "in", "during", "over", "for", "so", "this", "last", "before", "after", "throughout")
	periodWords  = set("year", "years", "month", "months", "week", "weeks", "quarter", "quarters", "half", "decade", "season", "day", "days", "fiscal", "financial", "spring", "summer", "autumn", "fall", "winter", "today", "yesterday", "date", "far", "end", "start", "beginning", "middle")
	// changeNouns name a change by its direction: a pay raise, hike or
	// increase is a pay rise.
	changeNouns = map[string]string{"rise": "rise", "increase": "rise", "hike": "rise", "raise": "rise", "jump": "rise", "gain": "rise", "boost": "rise", "growth": "rise", "surge": "rise",
		"cut": "fall", "drop": "fall", "fall": "fall", "decline": "fall", "reduction": "fall", "decrease": "fall", "slump": "fall", "plunge": "fall"}
	// motion verbs before a figure without "to" give the change: "wages
	// rose 9%".
	motion = map[string]string{"rose": "rise", "rises": "rise", "risen": "rise", "rise": "rise", "rising": "rise", "climbed": "rise", "climbs": "rise", "increased": "rise", "increases": "rise",
		"jumped": "rise", "jumps": "rise", "soared": "rise", "soars": "rise", "grew": "rise", "grows": "rise", "surged": "rise", "surges": "rise", "gained": "rise", "gains": "rise",
		"fell": "fall", "falls": "fall", "dropped": "fall", "drops": "fall", "declined": "fall", "declines": "fall", "decreased": "fall", "decreases": "fall", "plunged": "fall", "plunges": "fall", "slid": "fall", "slumped": "fall", "tumbled": "fall"}
	incrementWord = set("another", "further", "additional", "extra", "more", "new")
)

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

func numberWordTable() map[string]float64 {
	m := map[string]float64{}
	for i, w := range []string{"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"} {
		m[w] = float64(i + 1)
	}
	for i, w := range []string{"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"} {
		m[w] = float64(20 + 10*i)
	}
	m["dozen"] = 12
	return m
}

// scaleWordTable maps multipliers to their value. Abbreviations written
// apart ("1.2 bn") count; "m", "b" and "k" only when attached ("$3m").
func scaleWordTable() map[string]float64 {
	return map[string]float64{
		"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
		"millions": 1e6, "billions": 1e9,
		"mn": 1e6, "mln": 1e6, "m": 1e6, "bn": 1e9, "bln": 1e9, "b": 1e9, "k": 1e3, "tn": 1e12, "trn": 1e12,
	}
}

// attachedOnly are scale abbreviations that need the number attached.
func attachedOnly(w string) bool { return w == "m" || w == "b" || w == "k" }

// currencyWordTable maps currency names, codes and signs to ISO codes.
func currencyWordTable() map[string]string {
	return map[string]string{
		"$": "USD", "us$": "USD", "usd": "USD", "dollars": "USD", "dollar": "USD",
		"£": "GBP", "gbp": "GBP", "pounds": "GBP", "pound": "GBP", "sterling": "GBP",
		"€": "EUR", "eur": "EUR", "euros": "EUR", "euro": "EUR",
		"¥": "JPY", "jpy": "JPY", "yen": "JPY",
		"yuan": "CNY", "renminbi": "CNY", "cny": "CNY", "rmb": "CNY",
		"₩": "KRW", "krw": "KRW", "won": "KRW",
		"₹": "INR", "inr": "INR", "rupees": "INR", "rupee": "INR",
		"₽": "RUB", "rub": "RUB", "rubles": "RUB", "roubles": "RUB", "ruble": "RUB", "rouble": "RUB",
		"chf": "CHF", "francs": "CHF", "franc": "CHF",
		"a$": "AUD", "aud": "AUD", "c$": "CAD", "cad": "CAD", "hk$": "HKD", "hkd": "HKD", "nz$": "NZD", "s$": "SGD", "r$": "BRL",
		"pesos": "MXN", "peso": "MXN", "shekels": "ILS", "hryvnias": "UAH", "lira": "TRY", "rand": "ZAR",
	}
}

// durationWordTable maps units of time to days.
func durationWordTable() map[string]float64 {
	return map[string]float64{
		"year": 365.25, "years": 365.25, "month": 30.44, "months": 30.44, "week": 7, "weeks": 7,
		"day": 1, "days": 1, "hour": 1.0 / 24, "hours": 1.0 / 24, "minute": 1.0 / 1440, "minutes": 1.0 / 1440,
		"decade": 3652.5, "decades": 3652.5, "second": 1.0 / 86400, "seconds": 1.0 / 86400,
	}
}

// qualifiers, longest first so "more than" wins over "than". approx says
// the figure is rounded; bound says it is a limit.
var qualifierList = qualifierTable()

type qualifier struct {
	words []string
	text  string
}

func qualifierTable() []qualifier {
	var out []qualifier
	for _, q := range []string{
		"no fewer than", "no more than", "not more than", "as many as", "as much as", "as few as", "as little as", "in excess of", "upwards of", "just over", "just under", "just shy of", "close to", "more than", "fewer than", "less than", "at least", "at most", "up to", "an estimated", "a reported", "some", "about", "around", "approximately", "roughly", "nearly", "almost", "over", "under", "estimated", "only", "just", "barely", "below", "above", "circa", "c.", "approx.",
	} {
		out = append(out, qualifier{words: splitSpace(q), text: q})
	}
	return out
}

func splitSpace(s string) []string {
	var out []string
	start := -1
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ' ' {
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	return out
}
