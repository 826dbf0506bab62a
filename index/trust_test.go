package index

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/briefbot/briefbot/corpus"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// trustIndex holds documents that tempt a wrong answer: an older report of
// the same office, a name the stemmer conflates, headings and questions
// beside the answer, and news that stops in 2024.
func trustIndex(t *testing.T, recency *float64) *Index {
	t.Helper()
	return datedIndex(t, recency, []corpus.Document{
		{ID: "pm-2022", Title: "France names a new prime minister", Source: "Paris Wire", URL: "https://paris.example/2022", Published: day("2022-05-16"),
			Text: "President Emmanuel Macron named Elisabeth Borne prime minister of France on Monday.\n\nBorne is the second woman to hold the post."},
		{ID: "pm-2024", Title: "France names a new prime minister", Source: "Paris Wire", URL: "https://paris.example/2024", Published: day("2024-01-09"),
			Text: "President Emmanuel Macron named Gabriel Attal prime minister of France on Tuesday.\n\nAttal, 34, is the youngest to hold the post."},
		{ID: "harry", Title: "Harry Styles on tour", Source: "Music Daily", Published: day("2023-03-02"),
			Text: "Harry Styles said the tour would resume in March, after a break for the holidays."},
		{ID: "harris", Title: "Harris on trade", Source: "Capitol Report", Published: day("2024-09-10"),
			Text: "Kamala Harris said the tariffs would raise prices for families, and promised to cut costs."},
		{ID: "tour", Title: "Pogacar wins the Tour de France", Source: "Cycling News", Published: day("2024-07-21"),
			Text: "Tadej Pogacar won the 2024 Tour de France on Sunday, his third title in the race."},
		{ID: "prices", Title: "Prices in October", Source: "Labor Wire", Published: day("2024-11-13"),
			Text: "Current inflation rate 2024\n\nDid prices rise again?\n\nInflation rose to 2.6% in October, the Labor Department said on Wednesday.\n\nBy Lena Ortiz"},
		{ID: "prices-old", Title: "Prices in 2023", Source: "Money Times", Published: day("2023-11-14"),
			Text: "Inflation eased to 3.2% in October, the Labor Department said on Tuesday."},
		{ID: "shells", Title: "Shells for Russia", Source: "Defense Review", Published: day("2024-09-02"),
			Text: "North Korea has shipped more than five million artillery shells to Russia, South Korean intelligence estimates."},
		{ID: "poll", Title: "South Koreans back nuclear weapons", Source: "Policy Quarterly", Published: day("2024-02-01"),
			Text: "A poll found that 71 per cent of South Koreans support developing nuclear weapons."},
	})
}

// datedIndex is an index of docs whose clock reads 29 November 2026.
func datedIndex(t *testing.T, recency *float64, docs []corpus.Document) *Index {
	t.Helper()
	c := &clock{time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)}
	ix, err := Open(context.Background(), t.TempDir(), Options{Now: c.Now, Recency: recency})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if _, err := ix.Add(context.Background(), docs); err != nil {
		t.Fatal(err)
	}
	return ix
}

func TestAnswersTheSourcesGive(t *testing.T) {
	ix := trustIndex(t, nil)
	for _, tt := range []struct {
		q       string
		first   string // doc of the first citation
		answer  string // in the answer
		without string // not in the answer
	}{
		// The present: the newest report among equal ones, and no older
		// sentence beside it.
		{"Who is the prime minister of France?", "pm-2024", "Gabriel Attal", "Borne"},
		{"Who is the current prime minister of France?", "pm-2024", "Gabriel Attal", "Borne"},
		// Names are matched as typed: Harris is not Harry.
		{"What did Harris say about tariffs?", "harris", "raise prices", "Styles"},
		{"What did Harry Styles say about the tour?", "harry", "resume in March", "Harris"},
		// A heading or a question is never the answer sentence.
		{"What is the latest inflation rate?", "prices", "2.6%", "Current inflation rate"},
		{"What share of South Koreans support nuclear weapons?", "poll", "71 per cent", ""},
	} {
		a := askText(t, ix, tt.q)
		if a.Declined() {
			t.Errorf("%s: declined (%s)", tt.q, a.Notice)
			continue
		}
		if a.Citations[0].DocID != tt.first {
			t.Errorf("%s: first citation %s, want %s", tt.q, a.Citations[0].DocID, tt.first)
		}
		if !strings.Contains(a.Answer, tt.answer) || (tt.without != "" && strings.Contains(a.Answer, tt.without)) {
			t.Errorf("%s: answer %q, want %q and not %q", tt.q, a.Answer, tt.answer, tt.without)
		}
		checkComposed(t, a)
	}
}

// checkComposed holds every answer to its promises: each sentence verbatim
// from the citation it names, numbered in the text, under 500 characters.
func checkComposed(t *testing.T, a corpus.Answer) {
	t.Helper()
	if len(a.Sentences) == 0 || a.Answer != corpus.JoinAnswer(a.Sentences) {
		t.Errorf("%s: answer %q is not its sentences %+v", a.Question, a.Answer, a.Sentences)
	}
	if len(a.Answer) >= 500 {
		t.Errorf("%s: answer is %d bytes", a.Question, len(a.Answer))
	}
	docs := map[string]bool{}
	for _, s := range a.Sentences {
		if s.N < 1 || s.N > len(a.Citations) || !strings.Contains(a.Citations[s.N-1].Passage, s.Text) {
			t.Errorf("%s: sentence %q is not verbatim text of citation %d", a.Question, s.Text, s.N)
			continue
		}
		if d := a.Citations[s.N-1].DocID; docs[d] {
			t.Errorf("%s: two answer sentences from %s", a.Question, d)
		} else {
			docs[d] = true
		}
	}
	seen := map[string]bool{}
	for _, c := range a.Citations {
		key := c.DocID + "\x00" + c.Passage
		if seen[key] {
			t.Errorf("%s: %s cited twice for the same passage", a.Question, c.DocID)
		}
		seen[key] = true
	}
}

func TestDeclinesWhatTheSourcesDoNotSay(t *testing.T) {
	ix := trustIndex(t, nil)
	for _, tt := range []struct {
		q      string
		notice string // in the notice; "" for none
	}{
		{"Who won the Tour de France in July 2025?", "The sources don't cover July 2025; the latest on this is from 2024-07-21."},
		{"Who won the 2026 Tour de France?", "The sources don't cover 2026"},
		{"Who won the Tour de France last year?", "The sources don't cover 2025"},
		{"Who won Super Bowl LX?", "The sources don't cover Super Bowl LX (2026)"},
		// A detail no source gives: the shells have no price.
		{"How much did Russia pay North Korea per artillery shell?", ""},
		// Half a name is another name.
		{"What share of North Koreans support nuclear weapons?", ""},
		{"Who won the Giro d'Italia?", ""},
		// The name that says what is asked about is not in the document,
		// though other names are: no answer from "Macron named Gabriel
		// Attal prime minister".
		{"Who did Emmanuel Macron name to run the Banque de France?", ""},
		{"How many shells has North Korea shipped to Russia via the Rajin Port Authority?", ""},
		// What was said about a name the document lacks.
		{"What did Kamala Harris say about the Inflation Reduction Act?", ""},
		// A time and nothing to look for in it.
		{"What happened in 2023?", "That names a time (2023) but nothing to look for in it"},
		{"what happened last year", "That names a time (2025) but nothing to look for in it"},
	} {
		a := askText(t, ix, tt.q)
		if !a.Declined() || a.Answer != "" {
			t.Errorf("%s: answered %q from %+v", tt.q, a.Answer, a.Citations)
		}
		if !strings.Contains(a.Notice, tt.notice) || tt.notice == "" && a.Notice != "" {
			t.Errorf("%s: notice %q, want %q", tt.q, a.Notice, tt.notice)
		}
		for _, r := range a.Related {
			if r.N == 0 || r.Passage == "" {
				t.Errorf("%s: related %+v", tt.q, r)
			}
		}
	}
	// The latest reporting is offered, apart from any answer.
	a := askText(t, ix, "Who won the Tour de France in July 2025?")
	if len(a.Related) == 0 || a.Related[0].DocID != "tour" {
		t.Errorf("related = %+v", a.Related)
	}
}

func TestNoRecencyForAnArchive(t *testing.T) {
	zero := 0.0
	ix := trustIndex(t, &zero)
	a := askText(t, ix, "Who is the prime minister of France?")
	if a.Declined() {
		t.Fatal("declined")
	}
	// Without a preference, both reports answer; neither is dropped.
	got := map[string]bool{}
	for _, c := range a.Citations {
		got[c.DocID] = true
	}
	if !got["pm-2022"] || !got["pm-2024"] {
		t.Errorf("citations %+v", a.Citations)
	}
}

func TestFilterThatEmptiedIsNamed(t *testing.T) {
	ix := trustIndex(t, nil)
	for _, tt := range []struct{ q, notice string }{
		{`inflation rate source:"Labour Wire"`, `No source is named like "Labour Wire". Nearest: Labor Wire`},
		{`inflation rate source:"Music"`, `Nothing from "Music" answers that, though other sources do`},
		{`Who won the Tour de France? before:2024-01-01`, "Nothing published on or before 2024-01-01 answers that"},
		// Said even when nothing would answer without the filter.
		{`zebra unicorn source:"Labour Wire"`, `No source is named like "Labour Wire". Nearest: Labor Wire`},
		// No name near: the sources with the most documents.
		{`inflation rate source:nytimes`, `No source is named like "nytimes". Sources with the most documents: Paris Wire, Capitol Report, Cycling News (8 in all).`},
		{`inflation after:2025-06-01`, "No source is published on or after 2025-06-01; the newest is from 2024-11-13."},
	} {
		a := askText(t, ix, tt.q)
		if !a.Declined() || !strings.Contains(a.Notice, tt.notice) {
			t.Errorf("%s: declined %v, notice %q, want %q", tt.q, a.Declined(), a.Notice, tt.notice)
		}
	}
}

func TestIsProse(t *testing.T) {
	for _, tt := range []struct {
		s    string
		want bool
	}{
		{"Inflation rose to 2.6% in October, the Labor Department said.", true},
		{"“We will not back down,” she said.", true},
		{"By the end of 2023, prices had fallen by a third.", true},
		{"Current inflation rate 2024", false},
		{"Did Joe Biden drop out of the presidential race?", false},
		{"By Lena Ortiz", false},
		{"Photo: Getty Images", false},
		{"Can't view our graphics? Click here to see them.", false},
		{"DEMOCRATS", false},
		{"Here are the latest developments:", false},
		{"Yes.", false},
		// Links to a team's or an event's page, repeated under stories.
		{"All things Eagles: Latest Philadelphia Eagles news, schedule, roster, stats, injury updates and more.", false},
		{"NFL STATS CENTRAL: The latest NFL scores, schedules, odds, stats and more.", false},
		{"All things considered, the Eagles' schedule was kind to them.", true},
		// Captions open with the photographer's credit.
		{"Dylan Martinez/Reuters French star Kylian Mbappé is tackled by England's Declan Rice.", false},
		{"Christophe Ena/AP American star Christian Pulisic scores the only goal in the match against Iran on November 29.", false},
		{"Gregory Bull/AP A man looks on as lava erupts from Mauna Loa on November 30.", false},
		{"Kevin Dietsch/Getty Images Senate Majority Leader Chuck Schumer speaks to reporters.", false},
		{"The Israel/Gaza ceasefire held for a second week, officials said.", true},
		{"Sales rose 4% and/or held steady in most regions, the report said.", true},
		{"Rep. Jane Smith, R-Texas/Oklahoma border district, voted against the bill.", true},
		// Contact lines and embedded posts.
		{"Reach Joey Garrison on X, formerly Twitter, @joeygarrison.", false},
		{"Reach agreement on the budget by Friday, the speaker told members.", true},
		{"As @NASA_Orion begins the #Artemis I mission to the Moon, the spacecraft captured these views. pic.twitter.com/Pzk3PDt7sd — NASA Artemis (@NASA_Orion) November 16, 2022", false},
		{"NEW YORK/WASHINGTON/LOS ANGELES − A union representing U.S. dock workers and port operators have reached a tentative deal.", true},
		// Gallery furniture and prompts after a topic's name.
		{"Hide Caption 5 of 8 Photos: Zara Phillips eyes Olympic gold In the family – She was presented her medal by her mother.", false},
		{"2024 Paris Olympics: Follow USA TODAY’s coverage of the biggest names and stories of the Games.", false},
		{"Election 2024: Sign up for our politics newsletter to get the latest.", false},
		{"Paris 2024: Follow the leader was the game the French team played all week, its coach said.", true},
		{"The rule is simple: follow the money, investigators said.", true},
		// Teasers and pointers to other coverage.
		{"Here's what we know about reports of North Korean troops deployed to Ukraine.", false},
		{"Here’s what to know about the storm.", false},
		{"For the latest news and results from the presidential election, read USA TODAY's live updates on former President Donald Trump's victory.", false},
		{"For the latest quarter, sales rose 4% to $2.1 billion, the company said.", true},
		{"Here, the river floods every spring, residents said.", true},
		{"AI-assisted summary The strike of more than 30,000 Boeing workers stretched into its fourth day on Monday.", false},
	} {
		if got := isProse(tt.s); got != tt.want {
			t.Errorf("isProse(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

// The newest publication date is kept as documents arrive, and found once
// in a store from before it was kept.
func TestNewestPublishedKept(t *testing.T) {
	ix := trustIndex(t, nil)
	got, err := ix.newestPublished(context.Background())
	if err != nil || !got.Equal(day("2024-11-13")) {
		t.Fatalf("newest = %v, %v", got, err)
	}
	if _, err := ix.Add(context.Background(), []corpus.Document{{ID: "later", Title: "Later", Text: "Later news.", Published: day("2025-02-01")}}); err != nil {
		t.Fatal(err)
	}
	if got, _ := ix.newestPublished(context.Background()); !got.Equal(day("2025-02-01")) {
		t.Errorf("after Add: newest = %v", got)
	}
	// An older store has no such key: the records tell.
	if err := ix.store.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Delete(keyNewest) }); err != nil {
		t.Fatal(err)
	}
	if got, err := ix.store.newestPublished(); err != nil || !got.Equal(day("2025-02-01")) {
		t.Errorf("rebuilt: newest = %v, %v", got, err)
	}
}

// TestNameAskedTwice: a word asked twice ("rugby union's … Rugby
// Championship") is part of the name where it is capitalised, so a
// passage about another championship does not answer.
func TestNameAskedTwice(t *testing.T) {
	ix := datedIndex(t, nil, []corpus.Document{
		{ID: "nascar", Title: "Blaney is champion", Source: "Motor Desk", Published: day("2024-01-30"),
			Text: "Team Penske won the championship again: its driver Ryan Blaney won the NASCAR Championship Race, and the team won the owners' title."},
		{ID: "rugby", Title: "Rugby union's new season", Source: "Rugby Desk", Published: day("2024-06-01"),
			Text: "The rugby union season opens with new laws on the breakdown, and clubs expect fuller stadiums."},
		{ID: "rugby-2", Title: "Rugby union's money", Source: "Rugby Desk", Published: day("2024-06-02"),
			Text: "Rugby union clubs in England lost money again, and two rugby union clubs went into administration."},
		{ID: "rugby-3", Title: "Rugby union's laws", Source: "Rugby Desk", Published: day("2024-06-03"),
			Text: "Referees in rugby union will explain their decisions on microphones this season."},
	})
	a := askText(t, ix, "Which team won rugby union's 2024 Rugby Championship?")
	if a.Answer != "" || len(a.Citations) > 0 {
		t.Errorf("answered %q from %d citations; want a decline", a.Answer, len(a.Citations))
	}
}

// TestPeriodAskedPrefersItsReporting: of two passages that answer alike,
// a question naming a period takes the one published in or just after it.
// The story of a month is told in that month: a report weeks after it,
// with as many of the question's words, is about something else.
func TestMonthAskedPrefersReportingFromIt(t *testing.T) {
	ix := datedIndex(t, nil, []corpus.Document{
		{ID: "sag", Title: "Screen Actors Guild Awards", Source: "Film Desk", Published: day("2023-03-20"),
			Text: "The comedian Kate Berlant hosted the ceremony, which ran late."},
		{ID: "globes", Title: "Golden Globes 2023 winners", Source: "Film Desk", Published: day("2023-01-10"),
			Text: "Comedian Jerrod Carmichael hosted the ceremony at The Beverly Hilton."},
	})
	a := askText(t, ix, "Which comedian hosted the January 2023 ceremony?")
	if len(a.Citations) == 0 || a.Citations[0].DocID != "globes" {
		t.Errorf("answered %q from %+v; want the January report first", a.Answer, a.Citations)
	}
}

// The period's report joins the candidates however many later ones match
// the question better.
func TestPeriodReportFoundAmongLaterOnes(t *testing.T) {
	docs := []corpus.Document{{ID: "may-2021", Title: "Chipotle raises pay", Source: "Business Desk", Published: day("2021-05-10"),
		Text: "Chipotle said it would raise its restaurant workers' pay to an average of $15 per hour by the end of June."}}
	// The reporting found reaches back before the period.
	docs = append(docs, corpus.Document{ID: "2019", Title: "Wages", Source: "Business Desk", Published: day("2019-03-01"),
		Text: "Did Chipotle raise average hourly pay for its restaurant workers? Chipotle restaurant workers' average hourly pay rose in 2018."})
	for i := range 80 {
		docs = append(docs, corpus.Document{ID: fmt.Sprintf("later-%d", i), Title: "Wages", Source: "Business Desk", Published: day("2023-09-25").AddDate(0, 0, i),
			Text: fmt.Sprintf("Did Chipotle raise average hourly pay for its restaurant workers? Chipotle restaurant workers' average hourly pay, report %d says.", i)})
	}
	ix := datedIndex(t, nil, docs)
	a := askText(t, ix, "What average hourly pay did Chipotle raise its restaurant workers to in May 2021?")
	if len(a.Citations) == 0 || a.Citations[0].DocID != "may-2021" {
		t.Errorf("answered %q from %d citations, first %+v; want the May 2021 report", a.Answer, len(a.Citations), a.Citations)
	}
}

// A sum the question gives says which deal it asks about.
func TestSumGivenMustBeThere(t *testing.T) {
	ix := datedIndex(t, nil, []corpus.Document{
		{ID: "ea-2022", Title: "Electronic Arts explores a sale", Source: "Business Desk", Published: day("2022-05-20"),
			Text: "Electronic Arts held talks with investors including Comcast about a deal to take the company private, people familiar said."},
		{ID: "wiz", Title: "Google buys Wiz", Source: "Business Desk", Published: day("2024-07-14"),
			Text: "Google agreed to buy the cybersecurity firm Wiz in a $23 billion deal, its largest ever."},
	})
	if a := askText(t, ix, "Which investors agreed to take Electronic Arts private in a $55 billion deal?"); !a.Declined() {
		t.Errorf("answered %q", a.Answer)
	}
	answersHold(t, ix, []answerCase{{"Which company did Google agree to buy in a $23 billion deal?", "Wiz"}})
}

func TestPeriodAskedPrefersItsReporting(t *testing.T) {
	ix := datedIndex(t, nil, []corpus.Document{
		{ID: "storm-2024", Title: "Ice storm cuts power", Source: "State Desk", Published: day("2024-02-10"),
			Text: "About 90,000 households lost power in the ice storm."},
		{ID: "storm-2022", Title: "Ice storm cuts power", Source: "State Desk", Published: day("2022-01-20"),
			Text: "About 240,000 households lost power across the state in the ice storm, which also closed roads and schools, officials said on Thursday."},
		// Months and years are common words in news.
		{ID: "session", Title: "Legislature opens", Source: "State Desk", Published: day("2022-01-11"),
			Text: "The legislature opened its January 2022 session with a budget surplus."},
		{ID: "budget", Title: "Budget", Source: "State Desk", Published: day("2023-01-05"),
			Text: "The budget the governor signed in January 2022 runs out in June, and the 2022 surplus is spent."},
		{ID: "schools", Title: "School closures", Source: "State Desk", Published: day("2023-03-01"),
			Text: "Schools across the state closed for a day in January, as in 2022, as snow fell on the capital."},
	})
	for _, q := range []string{
		"How many households lost power in the January 2022 ice storm?",
		"How many households lost power in the 2022 ice storm?",
	} {
		a := askText(t, ix, q)
		if len(a.Citations) == 0 || !strings.Contains(a.Citations[0].Passage, "240,000") {
			t.Errorf("%q: answered %q (%s, %d related); want the January 2022 report first", q, a.Answer, a.Notice, len(a.Related))
		}
	}
}

func TestInPeriod(t *testing.T) {
	jan := corpus.When{From: day("2022-01-01"), To: day("2022-02-01"), Label: "January 2022"}
	jan12 := corpus.When{From: day("2024-01-12"), To: day("2024-01-13"), Label: "January 12, 2024"}
	y2021 := corpus.When{From: day("2021-01-01"), To: day("2022-01-01"), Label: "2021"}
	for _, c := range []struct {
		published string
		w         corpus.When
		min, max  float64
	}{
		{"2022-01-20", jan, 1, 1},
		{"2022-02-05", jan, 0.85, 0.95},   // reporting just after
		{"2022-03-03", jan, 0.45, 0.55},   // a month after the month
		{"2024-02-10", jan, 0, 0.01},      // two years on
		{"2024-01-12", jan12, 1, 1},       // the day asked about
		{"2024-01-15", jan12, 0.85, 0.95}, // three days on
		{"2024-02-15", jan12, 0.1, 0.25},  // a month on
		{"2022-02-15", y2021, 0.85, 0.95}, // a review of the year
		{"2021-12-30", jan, 0, 0},         // before it
		{"", jan, 1, 1},                   // undated reference text
		{"", corpus.When{}, 0, 0},         // no period asked
		{"2022-01-20", corpus.When{}, 0, 0},
	} {
		var p time.Time
		if c.published != "" {
			p = day(c.published)
		}
		if got := inPeriod(p, c.w); got < c.min || got > c.max {
			t.Errorf("inPeriod(%q, %q) = %.2f, want %.2f–%.2f", c.published, c.w.Label, got, c.min, c.max)
		}
	}
}

// TestTheSourceIsNotASubject: "the author" and "the piece" of a question
// about an analysis are the text itself; their words are not searched for.
// "The author of the study" is.
func TestTheSourceIsNotASubject(t *testing.T) {
	ix := datedIndex(t, nil, nil)
	for q, want := range map[string]bool{
		"Does the author believe the treaty creates new dangers?":    false,
		"Which tools have allies been limited to, per the piece?":    false,
		"According to the author, what let the relationship thrive?": false,
		"Who was the lead author of the study?":                      true,
		"Which newspaper employs the writer who argued it?":          true,
	} {
		q, err := corpus.ParseQuery(q)
		if err != nil {
			t.Fatal(err)
		}
		found := slices.ContainsFunc(ix.questionTerms(q), func(qt *queryTerm) bool {
			return sourceWords[qt.low]
		})
		if found != want {
			t.Errorf("%q: a term naming the text = %v, want %v", q.Text, found, want)
		}
	}
}

// TestCitationsTakeOneDocumentsBestPassages: the three best passages are
// cited though they come from one document (a document often names its
// subject in one passage and answers in the next); past three, others
// get their turn.
func TestCitationsTakeOneDocumentsBestPassages(t *testing.T) {
	rk := DefaultRanking()
	var cands []*candidate
	for i, d := range []string{"a", "a", "a", "a", "b"} {
		cands = append(cands, &candidate{docID: d, text: fmt.Sprintf("passage %d", i), score: float64(10 - i), relevant: 1, keyFound: 1})
	}
	docsOf := func(cs []*candidate) string {
		var s string
		for _, c := range cs {
			s += c.docID
		}
		return s
	}
	none := func(*candidate) bool { return false }
	for limit, want := range map[int]string{3: "aaa", 5: "aaaba"} {
		if got := docsOf(pickCitations(cands, limit, rk, none)); got != want {
			t.Errorf("limit %d: cited documents %s, want %s", limit, got, want)
		}
	}
}

// TestGenerationalSuffixNamesNoOne: "Jr." is part of a name but names no
// one, so a passage saying "Kennedy's" answers a question about "RFK
// Jr.'s" efforts instead of being declined for want of "Jr.".
func TestGenerationalSuffixNamesNoOne(t *testing.T) {
	ix := datedIndex(t, nil, []corpus.Document{
		{ID: "dnc", Title: "DNC lawyers up", Source: "Politics Desk", Published: day("2024-05-01"),
			Text: "The Democratic National Committee hired a team of attorneys, led by Dana Remus, to monitor Kennedy's efforts to get his name on ballots."},
		{ID: "utah", Title: "Utah ballot", Source: "Politics Desk", Published: day("2024-05-02"),
			Text: "Utah is the lone state where the independent has qualified for the ballot so far."},
		{ID: "ripken", Title: "Iron man", Source: "Sports Desk", Published: day("2024-05-03"),
			Text: "Cal Ripken Jr. threw out the first pitch at the Orioles' home opener."},
	})
	a := askText(t, ix, "Who leads the team of attorneys the DNC hired to monitor RFK Jr.'s efforts to get his name on ballots?")
	if len(a.Citations) == 0 || !strings.Contains(a.Answer, "Dana Remus") {
		t.Errorf("answer %q from %d citations; want the sentence naming Dana Remus", a.Answer, len(a.Citations))
	}
}

// TestLongTopicNeedsMostOfIt: what a question says was talked about must
// be in the document, but a long topic is there when most of it is: the
// source need not say "ability" to report what a teacher said about how
// trauma affects students' ability to learn. A topic the document lacks
// altogether still declines.
func TestLongTopicNeedsMostOfIt(t *testing.T) {
	ix := datedIndex(t, nil, []corpus.Document{
		{ID: "reed", Title: "After Parkland, a Columbine survivor on teaching", Source: "Schools Desk", Published: day("2018-03-01"),
			Text: "Paula Reed, a Columbine survivor who teaches English, said of how trauma affects students: \u201cTraumatized brains don\u2019t learn well.\u201d"},
		{ID: "budget", Title: "School budget", Source: "Schools Desk", Published: day("2018-03-02"),
			Text: "The district said teachers will get a raise next year, and students will get new laptops."},
	})
	for _, tt := range []struct {
		q      string
		answer bool
	}{
		{"What did Columbine survivor Paula Reed say about how trauma affects students' ability to learn?", true},
		{"What did Columbine survivor Paula Reed say about tariffs?", false},
	} {
		a := askText(t, ix, tt.q)
		if got := len(a.Citations) > 0 && strings.Contains(a.Answer, "Traumatized brains"); got != tt.answer {
			t.Errorf("%q: answer %q from %d citations; want answered %v", tt.q, a.Answer, len(a.Citations), tt.answer)
		}
	}
}

// TestNowReachesTheNewest: a question with a word of recency finds the
// newest report of a figure even when more than a first search's worth of
// older stories match more of its words: stories of years before (the last
// year is searched), and stories of the last year (its last quarter is).
func TestNowReachesTheNewest(t *testing.T) {
	for _, tc := range []struct {
		name        string
		first       string // the first older story's date
		every, base int    // days between older stories; their first figure
	}{
		{"years before", "2019-01-05", 7, 20},
		{"earlier in the last year", "2023-12-20", 5, 33},
	} {
		var docs []corpus.Document
		for i := range 40 {
			docs = append(docs, corpus.Document{
				ID: fmt.Sprintf("old-%d", i), Title: "The national debt", Source: "Fiscal Desk", Published: day(tc.first).AddDate(0, 0, i*tc.every),
				Text: fmt.Sprintf("The US national debt is big: the national debt clock in Atlanta showed the national debt at $%d trillion this week.", tc.base+i%3),
			})
		}
		docs = append(docs, corpus.Document{ID: "new", Title: "Senate race", Source: "Capitol Report", Published: day("2024-11-20"),
			Text: "In a speech on prices, housing and jobs, the senator said the US national debt was approaching $36 trillion."})
		a := askText(t, datedIndex(t, nil, docs), "How big is the US national debt now?")
		if !strings.Contains(a.Answer, "$36 trillion") {
			t.Errorf("%s: answered %q; want the newest figure, $36 trillion", tc.name, a.Answer)
		}
	}
}

// An answer stays under 500 bytes with its citation numbers and the
// spaces between its sentences.
func TestAnswerFitsUnder500Bytes(t *testing.T) {
	text := func(n int) string { return strings.Repeat("a", n) }
	one := []corpus.AnswerSentence{{Text: text(200), N: 1}} // "aaa… [1]", 204 bytes
	for _, tt := range []struct {
		out  []corpus.AnswerSentence
		s    string
		n    int
		want bool
	}{
		{nil, text(495), 1, true},  // 499 bytes
		{nil, text(496), 1, false}, // 500
		{nil, text(494), 12, true}, // " [12]": 499
		{nil, text(495), 12, false},
		{one, text(290), 2, true},  // 204 + " " + 290 + " [2]": 499
		{one, text(291), 2, false}, // 500
	} {
		if got := fits(tt.out, tt.s, tt.n); got != tt.want {
			t.Errorf("fits(%d sentences, %d bytes, [%d]) = %v, want %v (answer of %d bytes)", len(tt.out), len(tt.s), tt.n, got, tt.want,
				len(corpus.JoinAnswer(append(slices.Clip(tt.out), corpus.AnswerSentence{Text: tt.s, N: tt.n}))))
		}
	}
	// The caller's sentences, with room to grow, are left as they were.
	room := make([]corpus.AnswerSentence, 1, 4)
	room[0] = one[0]
	fits(room, "another sentence.", 2)
	if spare := room[:2][1]; spare.Text != "" {
		t.Errorf("fits wrote %q into the caller's slice", spare.Text)
	}
}

// The name of several words that holds the question's rarest key word
// (or acronym, or a name no source spells so) must be whole in the
// document, give or take one word of a long name.
func TestRarestRunMissing(t *testing.T) {
	term := func(word string, idf float64, run int) *queryTerm {
		return &queryTerm{word: word, idf: idf, key: true, name: true, run: run}
	}
	acronym := func(word string, idf float64, run int) *queryTerm {
		return &queryTerm{word: word, idf: idf, name: true, run: run}
	}
	respelled := func(word string, idf float64, run int) *queryTerm {
		qt := term(word, idf, run)
		qt.respelled = true
		return qt
	}
	equivalent := func(word string, idf float64) *queryTerm {
		qt := term(word, idf, 0)
		qt.extra = []string{"north", "korea"}
		return qt
	}
	for _, tt := range []struct {
		name string
		qts  []*queryTerm
		doc  []int // question terms in the document
		want bool
	}{
		{"whole", []*queryTerm{term("Crafoord", 9, 1), term("Prize", 4, 1), term("Astronomy", 6, 0)}, []int{0, 1, 2}, false},
		{"half", []*queryTerm{term("Crafoord", 9, 1), term("Prize", 4, 1), term("Astronomy", 6, 0)}, []int{1, 2}, true},
		// "How much did Google agree to pay to acquire Wiz?": a name of
		// one word, the rarest, must be in the document too.
		{"rarest name of one word", []*queryTerm{term("Wiz?", 9, 0), term("Google", 4, 0)}, []int{1}, true},
		{"rarest name of one word, there", []*queryTerm{term("Wiz?", 9, 0), term("Google", 4, 0)}, []int{0, 1}, false},
		{"rarest name of one word, possessive", []*queryTerm{term("Tehran's", 9, 0), term("Iraq", 4, 0)}, []int{1}, true},
		// A capital stands for its country ("Pyongyang" for North
		// Korea), an acronym for its name written out, a word run
		// together for its words apart: the document may say it
		// otherwise.
		{"rarest has equivalents", []*queryTerm{equivalent("Pyongyang", 9), term("Kim", 4, 0)}, []int{1}, false},
		{"rarest is an acronym", []*queryTerm{term("USC", 9, 0), term("Spain", 4, 0)}, []int{1}, false},
		{"rarest is run together", []*queryTerm{term("RealClearPolitics", 9, 0), term("Harris", 4, 0)}, []int{1}, false},
		{"rarest respelled", []*queryTerm{respelled("Zeria", 9, 0), term("Galor", 4, 0)}, []int{1}, false},
		{"another run is missing", []*queryTerm{term("Kamala", 7, 1), term("Harris", 6, 1), term("Rose", 3, 2), term("Garden", 3, 2)}, []int{0, 1}, false},
		{"long name, a word less", []*queryTerm{term("Palm", 5, 1), term("Coast", 6, 1), term("Republican", 3, 1)}, []int{0, 1}, false},
		{"long name, two words less", []*queryTerm{term("Palm", 5, 1), term("Coast", 6, 1), term("Republican", 3, 1)}, []int{0}, true},
		{"no key words", []*queryTerm{{word: "shells", idf: 5}}, nil, false},
		// "AFC Asian Cup … in Qatar": the acronym, not required alone,
		// still makes its name the rarest.
		{"acronym marks the rarest name", []*queryTerm{acronym("AFC", 7, 1), term("Asian", 6, 1), term("Cup", 5, 1), term("Qatar", 6.5, 0)}, []int{2, 3}, true},
		{"acronym's name whole", []*queryTerm{acronym("AFC", 7, 1), term("Asian", 6, 1), term("Cup", 5, 1), term("Qatar", 6.5, 0)}, []int{1, 2, 3}, false},
		{"acronym alone", []*queryTerm{acronym("NASA", 7, 0), term("Artemis", 6, 0)}, []int{1}, false},
		// "Crafoord", held by no source, is found as "Crawford": the
		// rarest, though its near spelling is common.
		{"respelled is the rarest", []*queryTerm{respelled("Crafoord", 4, 1), term("Prize", 4, 1), term("Astronomy", 8, 0)}, []int{1, 2}, true},
		{"respelled whole", []*queryTerm{respelled("Crafoord", 4, 1), term("Prize", 4, 1), term("Astronomy", 8, 0)}, []int{0, 1, 2}, false},
	} {
		doc := map[int]bool{}
		for _, i := range tt.doc {
			doc[i] = true
		}
		for i, qt := range tt.qts {
			qt.field = i // each a word of its own
		}
		runs := keyRunsOf(tt.qts)
		whole := map[int]bool{}
		for run, idx := range runs {
			whole[run] = runWhole(idx, func(i int) bool { return doc[i] }, nil, 1)
		}
		if got := rarestRunMissing(tt.qts, doc, runs, whole); got != tt.want {
			t.Errorf("%s: rarestRunMissing = %v, want %v", tt.name, got, tt.want)
		}
	}
	// "Tina Turner … won prizes" holds both words and no Turner Prize.
	qts := []*queryTerm{term("Turner", 8, 1), term("Prize", 4, 1), term("2022", 3, 0)}
	qts[0].low, qts[1].low = "turner", "prize"
	if !rarestRunMissing(qts, map[int]bool{0: true, 1: true, 2: true}, keyRunsOf(qts), map[int]bool{}) {
		t.Errorf("words apart: rarestRunMissing = false, want true")
	}
	// "USC-Spain study": a name inside a hyphenated word is another
	// name's part.
	qts = []*queryTerm{term("USC-Spain", 4, 0), term("Spain", 9, 0), term("fathers", 2, 0)}
	qts[1].word, qts[2].field = "USC-Spain", 1
	if rarestRunMissing(qts, map[int]bool{0: true, 2: true}, keyRunsOf(qts), map[int]bool{}) {
		t.Errorf("hyphenated: rarestRunMissing = true, want false")
	}
}

// The name of a prize or an event is found only with its words together:
// "Tina Turner … won prizes" does not say who won the Turner Prize.
func TestPrizeNameWhole(t *testing.T) {
	bassett := corpus.Document{ID: "bassett", Title: "Stars without an Oscar", Source: "Screen", Published: day("2023-03-11"),
		Text: "In 1994, Angela Bassett was nominated for playing Tina Turner. Three decades later she is up again, and she has already won prizes at the Golden Globes in 2022."}
	a := askText(t, datedIndex(t, nil, []corpus.Document{bassett}), "Who won the Turner Prize in 2022?")
	if len(a.Citations) > 0 {
		t.Errorf("answered %q; want a decline: no source names the Turner Prize", a.Answer)
	}
	tate := corpus.Document{ID: "tate", Title: "Art prize", Source: "Arts Desk", Published: day("2022-12-07"),
		Text: "Veronica Ryan won the Turner Prize in 2022, the Tate said on Wednesday."}
	a = askText(t, datedIndex(t, nil, []corpus.Document{bassett, tate}), "Who won the Turner Prize in 2022?")
	if !strings.Contains(a.Answer, "Veronica Ryan") {
		t.Errorf("answer %q; want the winner", a.Answer)
	}
}

// A name of one word that is the question's rarest must be in the
// document: what Google agreed to pay for Fitbit is not what it agreed
// to pay for Wiz. A capital is found as its
// country.
func TestRarestNameInDocument(t *testing.T) {
	rents := corpus.Document{ID: "fitbit", Title: "Google buys Fitbit", Source: "Tech Wire", Published: day("2019-11-01"),
		Text: "Google agreed to pay $2.1 billion to acquire Fitbit, the fitness-tracker company, the companies said on Friday."}
	concert := corpus.Document{ID: "concert", Title: "Summer concerts", Source: "Free Press", Published: day("2024-05-01"),
		Text: "Wiz Khalifa plays the riverfront on June 8, with tickets from $40."}
	a := askText(t, datedIndex(t, nil, []corpus.Document{rents, concert}), "How much did Google agree to pay to acquire the cybersecurity company Wiz?")
	if len(a.Citations) > 0 {
		t.Errorf("answered %q; want a decline: no source names Wiz", a.Answer)
	}
	wiz := corpus.Document{ID: "wiz", Title: "Google's biggest deal", Source: "Tech Wire", Published: day("2024-07-15"),
		Text: "Google is in advanced talks to acquire Wiz, the cybersecurity startup, for about $23 billion, people familiar with the matter said."}
	a = askText(t, datedIndex(t, nil, []corpus.Document{rents, wiz}), "How much did Google agree to pay to acquire the cybersecurity company Wiz?")
	if !strings.Contains(a.Answer, "$23 billion") {
		t.Errorf("answer %q; want the price of Wiz", a.Answer)
	}
	embassy := corpus.Document{ID: "iran", Title: "Missiles hit bases in Iraq", Source: "Wire", Published: day("2020-01-08"),
		Text: "Iran fired more than a dozen missiles at two bases in Iraq on Tuesday, the Pentagon said."}
	a = askText(t, datedIndex(t, nil, []corpus.Document{embassy}), "How many missiles did Tehran's forces fire at bases in Iraq?")
	if !strings.Contains(a.Answer, "more than a dozen missiles") {
		t.Errorf("answer %q; want Iran's missiles for Tehran's", a.Answer)
	}
}

func TestStandsFor(t *testing.T) {
	for _, tt := range []struct {
		q    string
		i    int
		want string
	}{
		{"What weapons did the North ship to Russia?", 4, "north korea"},
		{"Since the North's nukes are so mature, what talks should end?", 2, "north korea"},
		{"Which tools did Kim's regime use?", 3, "north korea"},
		{"Who won the North Atlantic title?", 3, ""},
		{"Which road runs north of the city?", 3, ""},
		{"What did Kim Kardashian say?", 2, ""},
	} {
		got, _ := standsFor(strings.Fields(tt.q), tt.i)
		if got != tt.want {
			t.Errorf("standsFor(%q, %d) = %q, want %q", tt.q, tt.i, got, tt.want)
		}
	}
	// "the North" searches for Korea too, as "Pyongyang" does.
	ix := datedIndex(t, nil, nil)
	q, _ := corpus.ParseQuery("What weapons did the North ship to Moscow?")
	for _, qt := range ix.questionTerms(q) {
		if qt.low == "north" && !slices.Contains(qt.extra, "korea") {
			t.Errorf("the North: extra %v, want korea", qt.extra)
		}
	}
}

// A name with an apostrophe is searched however a source writes it:
// "O'Mara" asked finds "O’Mara" written, and back.
func TestApostropheEitherWay(t *testing.T) {
	ix := datedIndex(t, nil, nil)
	for _, q := range []string{"What share did Collin O'Mara win?", "What share did Collin O’Mara win?"} {
		var found []string
		for _, qt := range ix.questionTerms(corpus.Query{Text: q}) {
			if strings.Contains(qt.terms[0], "mara") {
				found = qt.terms
			}
		}
		if !slices.Contains(found, "o'mara") || !slices.Contains(found, "o’mara") {
			t.Errorf("%q: terms %q; want both apostrophes", q, found)
		}
	}
}

// A question about what will happen then is answered from a report of the
// plan published before it, while the sources reach that time; past every
// source, the sources do not cover it.
func TestFutureQuestionsReadPlans(t *testing.T) {
	ix := datedIndex(t, nil, []corpus.Document{
		{ID: "breaking", Title: "Breaking joins the Olympics", Source: "Games Wire", Published: day("2023-12-01"),
			Text: "Breaking will make its Olympic debut at the Paris 2024 Games, organisers said on Friday."},
		{ID: "closing", Title: "Paris says goodbye to the Games", Source: "Games Wire", Published: day("2024-08-12"),
			Text: "The Paris Olympics closed on Sunday with a ceremony at the Stade de France."},
	})
	a := askText(t, ix, "Which new sport is set to debut at the Paris 2024 Olympics?")
	if !strings.Contains(a.Answer, "Breaking will make its Olympic debut") {
		t.Errorf("set to debut in 2024: answer %q, notice %q", a.Answer, a.Notice)
	} else {
		checkComposed(t, a)
	}
	a = askText(t, ix, "Which sport will debut at the 2032 Olympics?")
	if !a.Declined() || !strings.Contains(a.Notice, "The sources don't cover 2032") {
		t.Errorf("will debut in 2032: answer %q, notice %q", a.Answer, a.Notice)
	}
}

// The answer is the same however many citations are asked for: a passage
// cited eighth, with more of the question's words and the wrong song,
// does not displace the first citation's answer when -n 10 brings it in.
// "Which track…" asks for a title, so the reviews naming none do not
// answer.
func TestAnswerDoesNotDependOnLimit(t *testing.T) {
	docs := []corpus.Document{
		{ID: "kendrick", Title: "Kendrick Lamar raps about trans relatives", Source: "Wire", Published: day("2022-05-13"),
			Text: "Kendrick Lamar’s new album includes a personal track about his transgender uncle and cousin.\n\nIn the song “Auntie Diaries,” Lamar raps about his uncle and cousin, who are both trans."},
		{ID: "freedom", Title: "Campaign picks a song", Source: "Daily", Published: day("2024-07-30"),
			Text: "The 2016 track “Freedom” featuring rapper Kendrick Lamar, off the album “Lemonade,” is the campaign's official song."},
	}
	for i := range 6 {
		docs = append(docs, corpus.Document{ID: fmt.Sprintf("review%d", i), Title: "Kendrick Lamar album review", Source: "Review", Published: day(fmt.Sprintf("2022-05-2%d", i)),
			Text: fmt.Sprintf("One track on Kendrick Lamar’s album deals with his transgender relatives, review %d says.", i)})
	}
	ix := datedIndex(t, nil, docs)
	for _, n := range []int{1, 2, 3, 5, 8, 10, 20} {
		a := askLimit(t, ix, "Which track on Kendrick Lamar's album deals with his transgender uncle and cousin?", n)
		if len(a.Sentences) == 0 || !strings.Contains(a.Sentences[0].Text, "Auntie Diaries") || a.Citations[a.Sentences[0].N-1].DocID != "kendrick" {
			t.Errorf("-n %d: answer %q", n, a.Answer)
		}
	}
}
