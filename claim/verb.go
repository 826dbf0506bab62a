package claim

import "strings"

// The verb a figure goes with tells events apart that count the same
// thing: the Houthis "sent" 37 drones, the Navy "destroyed" three; Tampa
// Bay "produced" 178 yards, Gibbs "gained" 114. Two figures whose verbs
// differ (and are not light verbs or synonyms) are not compared.

// verbOf finds the verb of the figure in clause c: the nearest verb before
// it in the clause ("sent 37 drones", "fined Acme $2m"), else the first
// after its thing ("1,000 troops will be moved"). Verbs of saying, of
// being and of harm (which name the thing: "killed") do not count. The
// result is a stem ("send", "cancel"), "" when there is none.
func verbOf(toks []token, f figure, thingEnd int, c clause) string {
	for k, n := f.start-1, 0; k >= c.s && n < 6; k, n = k-1, n+1 {
		t := toks[k]
		if t.kind != tWord {
			if t.text == "-" || t.text == "’" || t.text == "'" || t.text == "$" {
				continue
			}
			break
		}
		if v := verbStem(t); v != "" {
			return v
		}
		if t.low == "that" || t.low == "which" || t.low == "who" || t.low == "while" || t.low == "and" {
			break
		}
	}
	for k, n := max(thingEnd, f.end), 0; k < c.e && n < 5; k, n = k+1, n+1 {
		t := toks[k]
		if t.kind != tWord {
			break
		}
		if v := verbStem(t); v != "" {
			return v
		}
	}
	return ""
}

// verbStem is the stem of a word that reads as a verb of an event, or "".
func verbStem(t token) string {
	w := t.low
	if isCapitalised(t.text) || reportVerbs[w] || stateHeads[w] != "" || auxWords[w] || stopWords[w] || genericMods[w] {
		return ""
	}
	if base, ok := irregularVerbs[w]; ok {
		return base
	}
	var stem string
	switch {
	case len(w) > 5 && strings.HasSuffix(w, "ing"):
		stem = w[:len(w)-3]
	case len(w) > 4 && strings.HasSuffix(w, "ied"):
		stem = w[:len(w)-3] + "y"
	case len(w) > 4 && strings.HasSuffix(w, "ed"):
		stem = w[:len(w)-2]
	default:
		return ""
	}
	// "cancelled" → "cancel", "shipped" → "ship"; "moved" → "mov".
	if n := len(stem); n > 3 && stem[n-1] == stem[n-2] && !strings.ContainsRune("aeiousl", rune(stem[n-1])) {
		stem = stem[:n-1]
	}
	if n := len(stem); n > 3 && stem[n-1] == 'l' && stem[n-2] == 'l' {
		stem = stem[:n-1]
	}
	stem = strings.TrimSuffix(stem, "e")
	if g, ok := verbGroups[stem]; ok {
		return g
	}
	return stem
}

// sameEvent reports whether two verbs may tell of the same event: the
// same stem or group, or either unknown or light ("had", "got",
// "reached"), which says nothing of what happened.
func sameEvent(a, b string) bool {
	return a == "" || b == "" || a == b || lightVerbs[a] || lightVerbs[b]
}

// irregularVerbs maps past forms to a stem.
var irregularVerbs = map[string]string{
	"sent": "send", "had": "have", "won": "win", "made": "make", "took": "take", "gave": "give", "got": "get", "gotten": "get",
	"lost": "lose", "paid": "pay", "sold": "sell", "spent": "spend", "left": "leave", "held": "hold", "brought": "bring",
	"built": "build", "bought": "buy", "led": "lead", "met": "meet", "ran": "run", "saw": "see", "seen": "see", "shot": "shoot",
	"fell": "fall", "fallen": "fall", "rose": "rise", "risen": "rise", "grew": "grow", "grown": "grow", "drew": "draw", "drawn": "draw",
	"flew": "fly", "flown": "fly", "threw": "throw", "struck": "strike", "kept": "keep", "taken": "take", "given": "give",
	"sank": "sink", "sunk": "sink", "stole": "steal", "stolen": "steal", "wrote": "write", "written": "write", "bore": "bear",
	"drove": "drive", "driven": "drive", "ate": "eat", "beat": "beat", "beaten": "beat", "hit": "hit", "cut": "cut", "shut": "shut",
	"sends": "send", "ships": "send", "wins": "win", "gets": "get", "makes": "make", "takes": "take", "loses": "lose",
}

// verbGroups put verbs of one kind of event under one stem.
var verbGroups = map[string]string{
	"ship": "send", "deliver": "send", "transferr": "send", "transfer": "send", "suppli": "send", "supply": "send", "provid": "send", "export": "send", "dispatch": "send",
	"receiv": "get", "obtain": "get", "secur": "get", "acquir": "get", "import": "get",
	"scrapp": "cancel", "scrap": "cancel", "ground": "cancel", "cancel": "cancel",
	"eliminat": "cut", "slash": "cut", "shedd": "cut", "shed": "cut", "lay": "cut", "laid": "cut",
	"deploy": "deploy", "station": "deploy", "mass": "deploy", "amass": "deploy",
	"fin": "fine", "penaliz": "fine", "penalis": "fine",
}

// lightVerbs say too little to tell events apart.
var lightVerbs = set("have", "get", "give", "win", "make", "take", "reach", "includ", "total", "bring", "see", "show", "offer", "approv", "agre", "award", "grant", "impos", "hand", "pay", "fac", "hit", "top", "exceed", "record", "count", "put", "set", "estimat", "expect", "hold", "keep", "remain", "stand", "becom", "mark", "add", "leave", "cover", "affect", "involv", "number", "amount", "compris", "contain", "list", "rise", "fall", "climb", "increas", "jump", "grow", "drop", "declin", "climb", "soar", "surg", "updat", "revis", "rais", "lower", "reviv", "confirm", "announc", "identifi", "identify", "tally", "tall", "track", "log", "document", "register", "registr", "receiv")
