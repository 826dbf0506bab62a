package corpus

import (
	"strings"
	"testing"
	"time"
)

const lead = "North Korea fired several short-range ballistic missiles into the sea on Wednesday, South Korea's military said."

func TestArticleMeta(t *testing.T) {
	mar5 := time.Date(2025, 3, 5, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name    string
		in      []string
		text    []string
		authors []string
		date    time.Time
	}{
		{name: "byline with a date", in: []string{"By Lena Ortiz · 5 March 2025", lead},
			text: []string{lead}, authors: []string{"Lena Ortiz"}, date: mar5},
		{name: "byline, names only", in: []string{"By JANE DOE and JOHN ROE", lead},
			text: []string{lead}, authors: []string{"JANE DOE", "JOHN ROE"}},
		{name: "byline with a place and a date after a comma", in: []string{"By Lena Ortiz in Seoul, March 5, 2025", lead},
			text: []string{lead}, authors: []string{"Lena Ortiz"}, date: mar5},
		{name: "byline lines in one paragraph", in: []string{"By Lena Ortiz\nUpdated 10:02 GMT, 5 March 2025", lead},
			text:    []string{lead},
			authors: []string{"Lena Ortiz"}, date: time.Date(2025, 3, 5, 10, 2, 0, 0, time.UTC)},
		{name: "names beside a date, no by", in: []string{"Lena Ortiz | March 5, 2025 | 4 min read", lead},
			text: []string{lead}, authors: []string{"Lena Ortiz"}, date: mar5},
		{name: "dateline", in: []string{"Published: Wednesday, 5 March 2025", lead}, text: []string{lead}, date: mar5},
		{name: "dateline at the end", in: []string{lead, "Updated March 5, 2025"}, text: []string{lead}, date: mar5},
		{name: "a bare date mid-article is kept", in: []string{lead, lead, "Timeline:", "5 March 2025", lead, lead, lead, lead},
			text: []string{lead, lead, "Timeline:", "5 March 2025", lead, lead, lead, lead}},
		{name: "wire credit repeated on two lines", in: []string{"Associated Press\nAssociated Press", lead},
			text: []string{lead}, authors: []string{"Associated Press"}},
		{name: "wire credit repeated in two paragraphs", in: []string{"AFP", "AFP", lead},
			text: []string{lead}, authors: []string{"AFP"}},
		{name: "a heading given twice is kept", in: []string{"Brandywine", "Brandywine", lead},
			text: []string{"Brandywine", "Brandywine", lead}},
		{name: "a wire alone", in: []string{lead, "Reuters"}, text: []string{lead}, authors: []string{"Reuters"}},
		{name: "a wire after a dash", in: []string{lead, "– Associated Press"}, text: []string{lead}, authors: []string{"Associated Press"}},
		{name: "a byline beats a wire credit", in: []string{"Associated Press", lead, "Reporting by Kim Tong-hyung in Seoul; Editing by Jane Roe"},
			text: []string{lead}, authors: []string{"Kim Tong-hyung"}},
		{name: "editors are not authors", in: []string{lead, "Editing by Jane Roe"}, text: []string{lead}},
		{name: "photo credits anywhere", in: []string{lead, "(AP Photo/Evan Vucci)", lead, "Photo: Jane Doe/Reuters", "Getty Images", lead},
			text: []string{lead, lead, lead}},
		{name: "a caption keeps its text, not its credit", in: []string{"Kim Jong Un visits the plant. (KCNA via AP)", lead},
			text: []string{"Kim Jong Un visits the plant.", lead}},
		{name: "a caption with a Guardian credit", in: []string{"A missile lifts off. Photograph: Kim Hong-Ji/Reuters", lead},
			text: []string{"A missile lifts off.", lead}},

		// Prose stays prose.
		{name: "by as a preposition", in: []string{"By the end of 2024, shipments had doubled.", "By Tuesday officials had left.", lead},
			text: []string{"By the end of 2024, shipments had doubled.", "By Tuesday officials had left.", lead}},
		{name: "a sentence starting with a date", in: []string{"5 March 2025 was the day the plant opened.", lead},
			text: []string{"5 March 2025 was the day the plant opened.", lead}},
		{name: "a heading of capitalised words", in: []string{"Key Findings", lead}, text: []string{"Key Findings", lead}},
		{name: "a name in a list", in: []string{"Kim Jong Un | Vladimir Putin", lead}, text: []string{"Kim Jong Un | Vladimir Putin", lead}},
		{name: "a quote about photos", in: []string{"\"Photo: that is all we have,\" he said, showing a picture of the site taken in May.", lead},
			text: []string{"\"Photo: that is all we have,\" he said, showing a picture of the site taken in May.", lead}},
		{name: "a heading that starts with by", in: []string{lead, "BY THE NUMBERS", lead}, text: []string{lead, "BY THE NUMBERS", lead}},
		{name: "titles by their authors", in: []string{lead, "\"Beloved\" by Toni Morrison", "‘Respect’ (1967) by Aretha Franklin", "Shot down by Ukraine"},
			text: []string{lead, "\"Beloved\" by Toni Morrison", "‘Respect’ (1967) by Aretha Franklin", "Shot down by Ukraine"}},
		{name: "a list of names and dates mid-article", in: []string{lead, lead, "Pat Tillman, Corporal, U.S. Army, April 22, 2004", "Jane Roe | March 5, 2025", lead, lead, lead, lead},
			text: []string{lead, lead, "Pat Tillman, Corporal, U.S. Army, April 22, 2004", "Jane Roe | March 5, 2025", lead, lead, lead, lead}},
		{name: "a table's names given twice mid-article", in: []string{lead, lead, "Brandywine", "Brandywine", lead, lead, lead, lead},
			text: []string{lead, lead, "Brandywine", "Brandywine", lead, lead, lead, lead}},
		{name: "a long line", in: []string{"By " + strings.Repeat("Lena Ortiz ", 30), lead},
			text: []string{"By " + strings.TrimSpace(strings.Repeat("Lena Ortiz ", 30)), lead}},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := make([]string, len(c.in))
			for i, p := range c.in {
				in[i] = strings.TrimSpace(p)
			}
			text, m := articleMeta(in)
			if show(text) != show(c.text) {
				t.Errorf("text\n got %q\nwant %q", text, c.text)
			}
			if show(m.Authors) != show(c.authors) || !m.Published.Equal(c.date) {
				t.Errorf("authors %q date %v; want %q %v", m.Authors, m.Published, c.authors, c.date)
			}
		})
	}
}

func TestIsCredit(t *testing.T) {
	for s, want := range map[string]bool{
		"(AP Photo/Evan Vucci)":                                        true,
		"AP Photo/Evan Vucci":                                          true,
		"Photo: Jane Doe/Reuters":                                      true,
		"Photos: Jane Doe":                                             true,
		"Photograph by Jane Doe":                                       true,
		"Image credit: NASA":                                           true,
		"Credit: Getty Images":                                         true,
		"Jane Doe/AFP via Getty Images":                                true,
		"(KCNA via AP)":                                                true,
		"File photo: a launch in 2023":                                 false, // a caption
		"TING SHEN/AFP/POOL/Getty Images":                              true,
		"Photo: Trump appears in courtroom with legal team":            false,
		"Photos: Nike Air Jordans through the years":                   false,
		"Video: 2021 TCPalm Editorial Board interview":                 false,
		"Protect your credit: Best identity theft protection services": false,
		"Worst picture: \"Blonde\"":                                    false,
		"Illustration: The Guardian":                                   true,
		"The photo shows the plant.":                                   false,
		"A picture is worth a thousand":                                false,
		"Officials said the AP was wrong.":                             false,
		"":                                                             false,
		"Photo: " + strings.Repeat("x", 130):                           false,
	} {
		if got := isCredit(s); got != want {
			t.Errorf("isCredit(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestSplitNames(t *testing.T) {
	for in, want := range map[string][]string{
		"Jane Doe":                          {"Jane Doe"},
		"Jane Doe and John Roe":             {"Jane Doe", "John Roe"},
		"Jane Doe, John Roe and Ann Lee":    {"Jane Doe", "John Roe", "Ann Lee"},
		"Jane Doe; John Roe":                {"Jane Doe", "John Roe"},
		"Jane Doe & John Roe":               {"Jane Doe", "John Roe"},
		"Doe, Jane":                         {"Doe, Jane"},
		"Doe, Jane and Roe, John":           {"Doe, Jane", "Roe, John"},
		"  Jane   Doe ,  ":                  {"Jane Doe"},
		"":                                  nil,
		"JANE DOE AND JOHN ROE, Associated": {"JANE DOE", "JOHN ROE, Associated"},
	} {
		if got := splitNames(in); show(got) != show(want) {
			t.Errorf("splitNames(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSentenceTitle(t *testing.T) {
	for in, want := range map[string]string{
		"A short sentence. Another one.": "A short sentence.",
		"---\n\n* * *\n\nAfter rules.":   "After rules.",
		"No end to this one":             "No end to this one",
		strings.Repeat("word ", 40):      strings.TrimSpace(strings.Repeat("word ", 20)) + "…",
		strings.Repeat("x", 150):         strings.Repeat("x", 100) + "…",
		"Mr. Kim arrived. He left.":      "Mr. Kim arrived.",
		"!!! ???":                        "",
		"":                               "",
		"«Quoted» words, and then a very long clause that goes on past the limit of one hundred characters for titles.": "«Quoted» words, and then a very long clause that goes on past the limit of one hundred characters…",
	} {
		if got := sentenceTitle(in); got != want {
			t.Errorf("sentenceTitle(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzArticleMeta checks that articleMeta only takes paragraphs out, or
// the end off a caption: what it keeps is the input's, in order.
func FuzzArticleMeta(f *testing.F) {
	f.Add("By Lena Ortiz · 5 March 2025\x00" + lead + "\x00(AP Photo/Evan Vucci)\x00Kim visits. (KCNA via AP)")
	f.Add("Associated Press\nAssociated Press\x00Reporting by A B; Editing by C D\x00Updated 10:02 GMT, 5 March 2025")
	f.Fuzz(func(t *testing.T, s string) {
		in := strings.Split(s, "\x00")
		for i, p := range in {
			in[i] = strings.TrimSpace(p) // as htmlText gives them
		}
		text, m := articleMeta(in)
		j := 0
		for _, p := range text {
			for j < len(in) && !strings.HasPrefix(in[j], p) {
				j++
			}
			if j == len(in) || p == "" {
				t.Fatalf("kept %q, which is not the start of an input paragraph in order: %q", p, in)
			}
			j++
		}
		if y := m.Published.Year(); !m.Published.IsZero() && (y < minDocYear || y > maxDocYear) {
			t.Errorf("date %v", m.Published)
		}
	})
}
