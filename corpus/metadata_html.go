package corpus

import (
	"cmp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Web articles carry their metadata in the body as well as in <meta> tags:
// a byline ("By Lena Ortiz · 5 March 2025"), a dateline ("Updated 10:02
// GMT, 5 March 2025"), photo credits ("(AP Photo/Evan Vucci)") and wire
// credits, sometimes twice ("Associated Press\nAssociated Press").
// Readability drops one byline element, and only when the page's <meta>
// tags name no author. None of these is worth quoting, so articleMeta takes
// them out of the text, keeping the authors and date they name.

// articleMeta sorts an article's paragraphs, as htmlText renders them, into
// text and metadata. A paragraph goes only when all of it is metadata; a
// caption loses only its trailing credit. A wire's name (once or more) and
// a line that starts with "By" go wherever they are. Datelines (a date,
// names beside a date) go only near the start or the end: elsewhere they
// may be a timeline's dates or a table's rows. Other names given twice stay:
// they are as often a section's heading as a credit.
func articleMeta(paras []string) (text []string, m docMeta) {
	const tail = 3
	body := 0    // paragraphs of text kept so far
	credit := "" // a wire credit: the author when no byline names one
	for i, p := range paras {
		lines := strings.Split(p, "\n")
		if name, ok := wireCredit(lines); ok {
			credit = cmp.Or(credit, name)
			continue
		}
		if meta, ok := metaParagraph(lines, body < 2 || i >= len(paras)-tail); ok {
			if len(m.Authors) == 0 {
				m.Authors = meta.Authors
			}
			if m.Published.IsZero() {
				m.Published = meta.Published
			}
			continue
		}
		if p = dropTrailingCredit(p); p == "" {
			continue
		}
		text = append(text, p)
		body++
	}
	if len(m.Authors) == 0 && credit != "" {
		m.Authors = []string{credit}
	}
	return text, m
}

// wireCredit reports whether a paragraph is a wire service's name, once or
// on each of its lines ("Associated Press\nAssociated Press"), and returns
// the name.
func wireCredit(lines []string) (string, bool) {
	first := strings.TrimSpace(lines[0])
	for _, l := range lines[1:] {
		if !strings.EqualFold(strings.TrimSpace(l), first) {
			return "", false
		}
	}
	return wireName(first), isWire(first)
}

// metaParagraph reports whether every line of a paragraph is a byline, a
// credit or (at the edge of the article) a dateline, and returns the
// authors and date they name.
func metaParagraph(lines []string, edge bool) (m docMeta, ok bool) {
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if utf8.RuneCountInString(l) > maxMetaLine {
			return docMeta{}, false
		}
		if isCredit(l) || isWire(l) {
			continue
		}
		authors, date, kind := byline(l)
		if kind == notByline || kind == dateline && !edge {
			return docMeta{}, false
		}
		if len(m.Authors) == 0 {
			m.Authors = authors
		}
		if m.Published.IsZero() {
			m.Published = date
		}
	}
	return m, true
}

// maxMetaLine is the longest line taken for a byline or dateline: longer
// is prose.
const maxMetaLine = 200

type bylineKind int

const (
	notByline bylineKind = iota
	// dateline is a date, or names beside a date: "5 March 2025",
	// "Updated 10:02 GMT, 5 March 2025", "Lena Ortiz | 5 March 2025".
	dateline
	// byLine starts with "By" or a credit's "… by": "By Lena Ortiz ·
	// 5 March 2025", "Reporting by …; Editing by …".
	byLine
)

// byline reads one line of a byline or dateline: segments parted by ·, |,
// —, • or ;, each a date, a time, a reading time, "By NAMES" (or
// "Reporting by NAMES" and the other roles creditRole knows) or, in a
// segment of its own beside a date, names alone. Authors come only from the
// writers' roles, not from "Editing by" or "Photo by".
func byline(l string) (authors []string, date time.Time, kind bylineKind) {
	if utf8.RuneCountInString(l) > maxMetaLine {
		return nil, time.Time{}, notByline
	}
	segs := strings.FieldsFunc(l, func(r rune) bool { return strings.ContainsRune("·|—–•;", r) })
	var bare []string // names without a "by", accepted only beside a date
	byFound := false
	for _, seg := range segs {
		seg = strings.Trim(seg, " -\u200b")
		seg = strings.TrimSpace(seg)
		if seg == "" || isTimeOrFiller(seg) {
			continue
		}
		if t, ok := labelledDate(seg); ok {
			if date.IsZero() {
				date = t
			}
			continue
		}
		role, who, hasBy := cutBy(seg)
		if hasBy {
			if !creditRole(role) {
				return nil, time.Time{}, notByline // "Shot down by Ukraine"
			}
			// "By Lena Ortiz, 5 March 2025": a date after the names.
			var t time.Time
			if who, t = namesThenDate(who); date.IsZero() {
				date = t
			}
		} else if len(segs) == 1 {
			return nil, time.Time{}, notByline // names alone are no byline
		}
		ns := splitNames(who)
		if len(ns) == 0 {
			return nil, time.Time{}, notByline
		}
		if hasBy && strings.Contains(who, "@") {
			// "By Peter Harrimanpharrima@argusleader.com": a byline, but
			// the name and the address run together.
			byFound = true
			continue
		}
		for i, n := range ns {
			ns[i] = cutPlace(n)
			// "BY THE NUMBERS" is a heading; "By The Associated Press" a byline.
			if !nameLike(ns[i]) || strings.HasPrefix(strings.ToLower(ns[i]), "the ") && !isWire(ns[i]) {
				return nil, time.Time{}, notByline
			}
		}
		switch {
		case hasBy:
			byFound = true
			if writerRole(role) && len(authors) == 0 {
				authors = ns
			}
		default:
			bare = append(bare, ns...)
		}
	}
	switch {
	case byFound:
		return authors, date, byLine
	case !date.IsZero():
		return bare, date, dateline
	}
	return nil, time.Time{}, notByline
}

// cutBy splits "By Jane Doe" or "Reporting by Jane Doe" into the role
// ("", "reporting") and the names. The role is at most two words.
func cutBy(seg string) (role, who string, ok bool) {
	f := strings.Fields(seg)
	for i := 0; i < len(f) && i <= 2; i++ {
		if strings.EqualFold(strings.TrimSuffix(f[i], ":"), "by") && i+1 < len(f) {
			return strings.ToLower(strings.Join(f[:i], " ")), strings.Join(f[i+1:], " "), true
		}
	}
	return "", seg, false
}

// writerRole reports whether "ROLE by" names the writers.
func writerRole(role string) bool {
	switch role {
	case "", "written", "words", "story", "reporting", "reported", "writing", "text", "report":
		return true
	}
	return false
}

// creditRole reports whether "ROLE by NAMES" credits people for their part
// in the article, as opposed to a sentence or a title ("Shot down by
// Ukraine", "\"Beloved\" by Toni Morrison").
func creditRole(role string) bool {
	if writerRole(role) {
		return true
	}
	switch role {
	case "editing", "edited", "additional reporting", "reporting contributed", "contributing", "with reporting",
		"photo", "photos", "photograph", "photographs", "photography", "pictures", "video", "videos",
		"graphic", "graphics", "illustration", "illustrations", "design", "designed", "produced", "production",
		"compiled", "translated", "translation", "research", "story and photos", "text and photos", "interview":
		return true
	}
	return false
}

// namesThenDate splits "Lena Ortiz, March 5, 2025" into the names and the
// date that ends it, if one does.
func namesThenDate(s string) (string, time.Time) {
	parts := strings.Split(s, ",")
	for k := 1; k < len(parts); k++ {
		if t, ok := labelledDate(strings.Join(parts[k:], ",")); ok {
			return strings.Join(parts[:k], ","), t
		}
	}
	return s, time.Time{}
}

// cutPlace drops where a writer filed from: "Lena Ortiz in Seoul".
func cutPlace(name string) string {
	f := strings.Fields(name)
	for i, w := range f {
		if i > 0 && (w == "in" || w == "at" || w == "for" || w == "from") {
			if nameLike(strings.Join(f[i+1:], " ")) {
				return strings.Join(f[:i], " ")
			}
		}
	}
	return name
}

// labelledDate reads a date with an optional label: "Published: 5 March
// 2025", "Updated on March 5, 2025 10:02 AM EST".
func labelledDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for {
		low := strings.ToLower(s)
		cut := false
		for _, label := range []string{"first published", "last updated", "last modified", "published", "updated", "posted", "modified", "date", "on", ":"} {
			if strings.HasPrefix(low, label) && (label == ":" || len(low) == len(label) || !isLetter(low[len(label)])) {
				s = strings.TrimSpace(s[len(label):])
				cut = true
				break
			}
		}
		if !cut {
			break
		}
	}
	if s == "" || !strings.ContainsAny(s, "0123456789") {
		return time.Time{}, false
	}
	t, err := ParseDate(s)
	if err != nil {
		return time.Time{}, false
	}
	if y := t.Year(); y < minDocYear || y > maxDocYear {
		return time.Time{}, false
	}
	return t, true
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// isTimeOrFiller reports whether a byline segment carries nothing to
// keep: a time ("10:02 GMT", "Updated 3:04 p.m."), a reading time ("4 min
// read") or a bare label ("Updated").
func isTimeOrFiller(seg string) bool {
	low := strings.ToLower(strings.TrimSpace(seg))
	for _, label := range []string{"updated", "published", "posted", "last updated"} {
		low = strings.TrimSpace(strings.TrimPrefix(low, label))
	}
	low = strings.TrimSpace(strings.TrimPrefix(low, "at"))
	if low == "" {
		return true
	}
	f := strings.Fields(low)
	if len(f) == 3 && strings.ContainsAny(f[0], "0123456789") && (f[2] == "read" || f[2] == "ago") {
		return true // "4 min read", "3 hours ago"
	}
	_, _, ok := timeOfDay(dateTokens(low))
	return ok && len(f) > 0 && strings.ContainsAny(f[0], "0123456789")
}

// nameLike reports whether s reads as a name or an organisation's name:
// one to six words, each capitalised (or an initial, or a particle such as
// "de" or "van"), no digits and no sentence punctuation.
func nameLike(s string) bool {
	f := strings.Fields(s)
	if len(f) == 0 || len(f) > 6 || strings.ContainsAny(s, "0123456789!?:;\"“”()[]") {
		return false
	}
	capital := false
	for _, w := range f {
		w = strings.TrimRight(w, ",.")
		switch strings.ToLower(w) {
		case "de", "da", "di", "van", "von", "der", "den", "la", "le", "du", "del", "della", "al", "el", "bin", "ibn", "y", "dos", "das", "ten", "ter":
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			return false
		}
		capital = true
	}
	return capital
}

// wireName is a credit line without the dashes or brackets around it:
// "– Associated Press" is "Associated Press".
func wireName(s string) string { return strings.Trim(s, "()—–- \u200b") }

// isWire reports whether s is the name of a news agency alone: a wire
// credit.
func isWire(s string) bool {
	s = strings.ToLower(wireName(s))
	s = strings.TrimPrefix(s, "the ")
	switch s {
	case "associated press", "ap", "reuters", "thomson reuters", "afp", "agence france-presse", "agence france presse",
		"bloomberg", "bloomberg news", "xinhua", "yonhap", "yonhap news agency", "kyodo", "kyodo news", "upi",
		"united press international", "dpa", "efe", "ansa", "pa media", "press association", "tass", "interfax",
		"aap", "australian associated press", "anadolu", "cnn wire", "ap staff", "reuters staff":
		return true
	}
	return false
}

// isCredit reports whether s is a photo or image credit: "(AP Photo/Evan
// Vucci)", "Photo: Jane Doe/Reuters", "Photograph by …", "Credit: Getty
// Images", "Jane Doe/AFP via Getty Images".
func isCredit(s string) bool {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		s = s[1 : len(s)-1]
	}
	if s == "" || utf8.RuneCountInString(s) > 120 || len(Sentences(s)) > 1 {
		return false // a caption with a credit is not a credit
	}
	low := strings.ToLower(s)
	f := strings.FieldsFunc(low, func(r rune) bool { return r == ' ' || r == '/' || r == ':' })
	// An agency's or a medium's word, then a credit word, then a separator:
	// "ap photo/", "photo:", "file photo by", "image credit:".
	for i := 0; i < len(f) && i < 3; i++ {
		switch f[i] {
		case "photo", "photos", "photograph", "photographs", "picture", "pictures", "image", "images",
			"illustration", "graphic", "video", "credit", "credits", "photography":
			at := strings.Index(low, f[i]) + len(f[i])
			rest := strings.TrimLeft(s[at:], " ")
			rest = strings.TrimLeft(strings.TrimPrefix(strings.TrimPrefix(rest, "credit"), "s"), " ")
			for _, sep := range []string{":", "/", "by ", "By "} {
				if who, ok := strings.CutPrefix(rest, sep); ok {
					return whoCredited(who)
				}
			}
		}
	}
	for _, suf := range []string{"getty images", "shutterstock", "alamy", "/ap", "/reuters", "/afp", "/epa", "via ap", "via reuters", "/kcna", "via kcna", "/yonhap", "/xinhua", "/bloomberg", "/the guardian"} {
		if strings.HasSuffix(low, suf) && whoCredited(s) {
			return true
		}
	}
	return false
}

// whoCredited reports whether s reads as the people and agencies a credit
// names ("Jane Doe/Reuters", "Evan Vucci", "STR/AFP via Getty Images"), not
// a caption or a headline ("Trump appears in court", "Nike Air Jordans
// through the years").
func whoCredited(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == ',' || r == ';' }) {
		for _, p := range splitWord(part, "via") {
			if p = strings.TrimSpace(p); p != "" && !nameLike(p) && !isWire(p) {
				return false
			}
		}
	}
	return true
}

// dropTrailingCredit cuts a credit off the end of a caption: "Kim Jong Un
// visits the plant. (KCNA via AP)" keeps its first sentence.
func dropTrailingCredit(p string) string {
	ss := Sentences(p)
	if len(ss) < 2 {
		return p
	}
	last := ss[len(ss)-1]
	if !isCredit(p[last[0]:last[1]]) {
		return p
	}
	return strings.TrimSpace(p[:last[0]])
}
