package index

import (
	"slices"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/corpus"
)

func TestQuestionKind(t *testing.T) {
	for q, want := range map[string]answerKind{
		"How did Rep. Jerry Nadler characterize Netanyahu?":          kindQuote,
		"What did Harris say about tariffs?":                         kindQuote,
		"What did Trump call the deal?":                              kindQuote,
		"What is Washington's NFL team called?":                      kindAny, // naming, not quoting
		"What was the agreement between the two countries called?":   kindAny,
		"How many motors drive the floor?":                           kindNumber,
		"Who signed the treaty?":                                     kindName,
		"Which film won best picture at the 97th Academy Awards?":    kindName, // a title
		"Which track on the album deals with his uncle?":             kindName,
		"What show did the Blue Angels rehearse for?":                kindName,
		"What share of adults got a flu shot?":                       kindPercent,
		"What did Delaware pay for the 90-acre parcel?":              kindMoney,
		"What will new members pay per month for the Classic Card?":  kindMoney,
		"What did Harris say she would pay attention to?":            kindQuote,
		"What is the current inflation rate?":                        kindPercent,
		"What's the US unemployment rate right now?":                 kindPercent, // the time is not the noun
		"What is the death toll today?":                              kindNumber,
		"What does the author say the US should focus on?":           kindAny,
		"How does the piece describe the new pact?":                  kindAny,
		"What was New Jersey's crime rate per 1,000 residents?":      kindNumber,
		"What was the hourly rate for delivery workers?":             kindNumber,
		"How large was the penalty imposed on Southern Water?":       kindMoney,
		"What was the total cost of the war?":                        kindMoney,
		"What is the price of gold?":                                 kindMoney,
		"What's the death toll from the Turkey-Syria earthquake?":    kindNumber,
		"What's the death toll after the storm?":                     kindNumber,
		"What is Brian Niccol's annual base salary as CEO?":          kindMoney,
		"What is the minimum wage in Florida?":                       kindMoney,
		"What is the unemployment rate in Ohio?":                     kindPercent,
		"At what time did Trump turn himself in?":                    kindClock,
		"What time does the speech air?":                             kindClock,
		"What time frame does the Seven Years War cover?":            kindDate,
		"What time of year do the storms come?":                      kindDate,
		"How old was the man who infected his grandson?":             kindAge,
		"At what age did she retire?":                                kindAge,
		"Until what date are renters protected?":                     kindDay,
		"On what date did Musk say Tesla would reveal its robotaxi?": kindDay,
		"When did Musk say Tesla would reveal its robotaxi?":         kindDate,
		"At which arena did Harris hold the rally?":                  kindName,
		"What did the Farm Bureau say a feast for 10 would cost?":    kindMoney, // the price, not the words
		"What did Biden say about the cost of insulin?":              kindQuote,
		"What was the name of the firm that paid the fine?":          kindAny,
		"What was the first recorded settlement in Newcastle?":       kindAny,
		"What is the latest cost-of-living adjustment?":              kindAny,
		"How large was the crowd?":                                   kindNumber,
		"What does the Zip Code Wilmington bootcamp charge?":         kindMoney,
		"What would a steak burrito cost a year later?":              kindMoney,
		"What did the painting sell for at auction?":                 kindMoney,
		"What did the senator charge the agency with?":               kindAny,
		// An amount of money named by its noun after "how much".
		"How much severance did he receive when he stepped down?": kindMoney,
		"How much in damages did Niemann seek from Carlsen?":      kindMoney,
		"How much snow fell in Buffalo?":                          kindNumber,
	} {
		if got := questionKind(q); got != want {
			t.Errorf("questionKind(%q) = %v, want %v", q, got, want)
		}
		// As a phone types it: a curly apostrophe.
		if curly := strings.ReplaceAll(q, "'", "’"); questionKind(curly) != want {
			t.Errorf("questionKind(%q) = %v, want %v", curly, questionKind(curly), want)
		}
	}
}

// TestAmountOfMoney: the size of a penalty, a price or a cost is an
// amount of money, not the sentence with the most of the question's words
// and some other number.
func TestAmountOfMoney(t *testing.T) {
	docs := []corpus.Document{
		{ID: "sewage", Title: "Southern Water punished", Source: "River News", Published: day("2021-07-20"),
			Text: "Southern Water pleaded guilty to 51 offences of sewage pollution, spilling 16 billion litres into Kent's waters. " +
				"In July, a record £90m fine was given to Southern Water."},
		{ID: "ads", Title: "Super Bowl ads", Source: "Ad Desk", Published: day("2024-02-10"),
			Text: "The February Super Bowl halftime show is slotted for 12 to 15 minutes, with 30-second slots between plays. " +
				"Those commercials cost $7 million each."},
	}
	answersHold(t, datedIndex(t, nil, docs), []answerCase{
		{"How large was the penalty imposed on Southern Water in July for sewage pollution?", "£90m"},
		{"What was the price of a 30-second commercial slot during the February Super Bowl?", "$7 million"},
	})
}

// TestQuoteAnswerIsQuoted: how someone described a thing is answered by
// the sentence quoting them, not by the one naming them beside it; and a
// question of what a thing is called is not a quote question.
func TestQuoteAnswerIsQuoted(t *testing.T) {
	docs := []corpus.Document{
		{ID: "nadler", Title: "Nadler tears into Netanyahu", Source: "Capitol Desk", Published: day("2024-07-23"),
			Text: "Rep. Jerry Nadler of New York said he'll attend Netanyahu's address to Congress, unlike several lawmakers. " +
				"But Nadler did not hold back, calling him \"the worst leader in Jewish history\" in an interview."},
		{ID: "team", Title: "Washington picks a name", Source: "Sports Desk", Published: day("2022-02-02"),
			Text: "\"We celebrate the retirement of the team name,\" said Crystal Echo Hawk of IllumiNative. " +
				"Football fans in the nation's capital, say hello to your Washington Commanders, the NFL team's new name."},
	}
	answersHold(t, datedIndex(t, nil, docs), []answerCase{
		{"How did Rep. Jerry Nadler characterize Netanyahu before his address to Congress?", "worst leader"},
		{"What is Washington's NFL team called now?", "Washington Commanders"},
	})
}

// British copy quotes with single marks: ‘…’ answers a quote question as
// “…” does; the apostrophe alone does not.
func TestSingleQuotesQuote(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want bool
	}{
		{"Article 4 stipulates that both nations must ‘immediately provide military and other assistance’.", true},
		{"“We will not back down,” she said.", true},
		{"The treaty’s fourth article binds both nations.", false},
	} {
		if got := quoted(tc.s); got != tc.want {
			t.Errorf("quoted(%q) = %v, want %v", tc.s, got, tc.want)
		}
	}
	ix := datedIndex(t, nil, []corpus.Document{
		{ID: "treaty", Title: "The arms trade", Source: "Analysis", Published: day("2024-10-01"),
			Text: "The part of the Treaty that has received the most attention is Article 4, which stipulates that both nations must ‘immediately provide military and other assistance by all means available’ if either faces an armed attack."},
		{ID: "nato", Title: "Poland after the blast", Source: "World Desk", Published: day("2022-11-16"),
			Text: "Poland, which was not at the Bali conference, said it was considering activating Article 4 of the North Atlantic Treaty, and the treaty's members met."},
	})
	answersHold(t, ix, []answerCase{{"What does the treaty's Article 4 say?", "immediately provide"}})
}

// A figure asked for is answered by the passage's sentence with a figure,
// though it holds none of the question's words ("boot camp" for
// "bootcamp", "costs" for "charge") and another names the subject.
func TestFigureSentenceBeforeTheSubjects(t *testing.T) {
	ix := datedIndex(t, nil, []corpus.Document{{ID: "zip", Title: "Coding school opens", Source: "News Journal", Published: day("2015-09-30"),
		Text: "The boot camp costs $12,000, payable in cash or in instalments, for those who qualify.\n\n" +
			"Stewart said Zip Code Wilmington's goal is to graduate 100 students a year, and it is considering a summer camp."}})
	answersHold(t, ix, []answerCase{{"What does the Zip Code Wilmington coding bootcamp charge?", "$12,000"}})
}

// TestTypedPassageOfDocumentFirst: a document names its subject in one
// passage and gives the figure asked for in the next; the passage with the
// figure is cited first. (And "What does X charge?" asks for money.)
func TestTypedPassageOfDocumentFirst(t *testing.T) {
	docs := []corpus.Document{
		{ID: "bootcamp", Title: "Lessons lead to high-paying city jobs", Source: "News Journal", Published: day("2015-09-30"),
			Text: "For the 20 students in Zip Code Wilmington's first coding boot camp, the future looks like a job. " +
				"The coding boot camp costs $12,000, payable in cash or in instalments, for those who qualify."},
		{ID: "monument", Title: "A fourth national park for Arizona?", Source: "Desert Desk", Published: day("2023-07-07"),
			Text: "CHIRICAHUA NATIONAL MONUMENT — This crown of volcanic rock pinnacles rises above southeastern Arizona. " +
				"Arizona politicians want Chiricahua National Monument to become the state's fourth national park, and " +
				"supporters of Chiricahua National Monument say the change would bring visitors to the towns of southeastern " +
				"Arizona. Chiricahua National Monument was set aside by President Calvin Coolidge to protect its rock spires.\n\n" +
				"The park covers 12,025 acres of the range, which was once home to the Chiricahua Apaches."},
	}
	ix := datedIndex(t, nil, docs)
	for _, c := range []struct{ q, want string }{
		{"How many acres does Arizona's Chiricahua National Monument cover?", "12,025 acres"},
	} {
		a := askText(t, ix, c.q)
		if len(a.Citations) == 0 || !strings.Contains(a.Citations[0].Passage, c.want) {
			var first string
			if len(a.Citations) > 0 {
				first = a.Citations[0].Passage
			}
			t.Errorf("%q: citation 1 is %q, want the passage with %q (%s; related %d)", c.q, first, c.want, a.Notice, len(a.Related))
		}
	}
}

func TestWhichHead(t *testing.T) {
	for q, want := range map[string]string{
		"Which senator presided over Netanyahu's address?":            "senator",
		"Which Florida Republican said McCarthy was not his choice?":  "republican",
		"Which EA studio built Madden NFL 25?":                        "studio",
		"Which Oregon city's camping ban is before the court?":        "city",
		"At which Temple University arena did Harris hold the rally?": "arena",
		"Which Big Ten program did he leave?":                         "program",
		"Which Oklahoma City fill-in pharmacist said there was none?": "pharmacist",
		"Which campus newspaper employs the writer?":                  "newspaper",
		"Which track on Kendrick Lamar's album is about his uncle?":   "track",
		"Which coding bootcamp charges $12,000?":                      "bootcamp",
		"Which player was the favorite?":                              "player",
		"Which economist, the oldest surviving laureate, died?":       "economist",
		"Which firm first reported it?":                               "firm",
		"Which was first?":                                            "",
		"Who presided over the vote?":                                 "",
		"What did the senator say?":                                   "",
	} {
		if got := whichHead(q); got != want {
			t.Errorf("whichHead(%q) = %q, want %q", q, got, want)
		}
	}
}

// TestNamedBesideTheWordAsked: "Which senator…" is answered by the
// sentence that names a senator, not by the one with most of the
// question's words.
func TestNamedBesideTheWordAsked(t *testing.T) {
	docs := []corpus.Document{
		{ID: "address", Title: "Netanyahu to address Congress", Source: "Capitol Desk", Published: day("2024-07-22"),
			Text: "Netanyahu, who is scheduled to address Congress on Wednesday, will also meet with Biden and Vice President Kamala Harris on Thursday. " +
				"Sen. Ben Cardin of Maryland will preside over the address to Congress, Senate sources said."},
		{ID: "comedy", Title: "Golden Globes host", Source: "Screen Desk", Published: day("2024-01-05"),
			Text: "Jo Koy will host the Golden Globes this year, and his duties start on Sunday night in Beverly Hills. " +
				"He follows last year's host, comedian Jerrod Carmichael, who led the ceremony."},
	}
	answersHold(t, datedIndex(t, nil, docs), []answerCase{
		{"Which senator presided over Netanyahu's address to Congress in place of Kamala Harris?", "Ben Cardin"},
		{"Which comedian hosted the Golden Globes ceremony the year before Jo Koy?", "Jerrod Carmichael"},
	})
}

func TestNamedBeside(t *testing.T) {
	for _, c := range []struct {
		sentence, head string
		asked          []string
		want           bool
	}{
		{"He follows last year's host, comedian Jerrod Carmichael.", "comedian", nil, true},
		{"The host was the comedian Jerrod Carmichael.", "comedians", nil, true}, // a plural asked
		{"Sen. Ben Cardin will preside.", "senator", nil, true},
		{"Comedian Jo Koy will host.", "comedian", []string{"jo", "koy"}, false}, // the question's own name
		{"The comedian said little on Sunday night.", "comedian", nil, false},
		{"“No Tamiflu,” said Renae Kraft, a relief pharmacist in Oklahoma City.", "pharmacist", []string{"oklahoma", "city"}, true},
		{"In Oklahoma City a pharmacist said so.", "pharmacist", []string{"oklahoma", "city"}, false},
	} {
		text := c.sentence
		asked := map[string]bool{}
		for _, a := range c.asked {
			asked[a] = true
		}
		if got := namedBeside(sentenceWords(text, [2]int{0, len(text)}), c.head, asked); got != c.want {
			t.Errorf("namedBeside(%q, %q) = %v, want %v", c.sentence, c.head, got, c.want)
		}
	}
}

// TestSentenceHoldsKind: whether a sentence holds the kind of thing asked
// for. A year, a time of day, the day of a date, "one of many" and "no
// one" are no count; "eight-time" is. "Which article of the treaty…" is
// answered by "Article 4", though the question says "article".
func TestSentenceHoldsKind(t *testing.T) {
	const article = "Which article of the 2024 treaty has drawn the most scrutiny?"
	for _, c := range []struct {
		question string
		kind     answerKind
		sentence string
		want     bool
	}{
		{"", kindNumber, "The Swedish Academy gave Lessing the prize in 2007.", false},
		{"", kindNumber, "Then 87, she was the oldest writer to win the prize.", true},
		{"", kindNumber, "She is one of many TikTok users in WitchTok.", false},
		{"", kindNumber, "No one knew what the hashtag meant.", false},
		{"", kindNumber, "The idea that humans could one day populate Mars is no longer fiction.", false},
		{"", kindNumber, "The idea is one no longer confined to science fiction.", false},
		{"", kindNumber, "At one point the rivals spoke to one another.", false},
		{"", kindNumber, "One day, she found the letter.", false},
		{"", kindNumber, "The strike lasted one day.", true},
		{"", kindNumber, "Only one senator voted against it.", true},
		{"", kindNumber, "The hashtag has one billion views.", true},
		{"", kindNumber, "Messi, the eight-time Ballon d'Or winner, may play.", true},
		{"", kindNumber, "The 2024 season was long.", false},
		{"", kindNumber, "A leadership vote is scheduled for 9:30 a.m. Wednesday.", false},
		{"", kindNumber, "The workers went on strike Oct. 1 over wages.", false},
		{"", kindNumber, "The meeting ends at 6 p.m. sharp.", false},
		{"", kindNumber, "The strike shut 36 ports on Oct. 1.", true},
		// A name with a number in it counts nothing.
		{"", kindNumber, "The Air Force is moving to a fleet of rebuilt B-52s and the new B-21.", false},
		{"", kindNumber, "Regulators grounded the MH17 successor and the F-16.", false},
		{"", kindNumber, "With the retirements, 45 others remain in the active inventory.", true},
		{"", kindNumber, "The firm paid US$5 million for the site.", true},
		{"", kindDate, "Extreme (G5) conditions reached Earth, the agency said.", false},
		{"", kindDate, "The last extreme event came in October 2003.", true},
		{article, kindTitle, "The part of the Treaty that has received the most attention is Article 4, which binds both.", true},
		{article, kindTitle, "The article drew scrutiny from both sides.", false},
		// A name the question gives in other letters is not new: "United
		// States" is its "US"; "The" of a title names nothing.
		{"Which company makes Opill, the first US birth control pill sold without a prescription?", kindName, "More than 50 years after the pill went on the market in the United States, one will be sold without a prescription.", false},
		{"Which company makes Opill, the first US birth control pill sold without a prescription?", kindName, "Opill will be in stores in March, the drug's maker, Perrigo, announced.", true},
		{"Which Indianapolis developer had a contract to buy Des Moines Register's old building?", kindName, "After nearly a century, The Des Moines Register building has a potential buyer.", false},
		{"Which developer had a contract to buy the building?", kindName, "The sale went to Indianapolis-based TWG Development on Friday.", true},
		// Nor is the question's own word in another number: "Olympic"
		// for "…Winter Olympics?".
		{"Who won the men's downhill at the Milan Cortina Winter Olympics?", kindName, "Here's a quick rundown of future Olympic hosts.", false},
		{"Who won the men's downhill at the Winter Olympics?", kindName, "Olympic champion Beat Feuz won the men's downhill.", true},
		// "On what date…" asks a day, not a season or a year.
		{"", kindDay, "The X owner unveiled the Aug. 8 release date on a post.", true},
		{"", kindDay, "On 13 October, Zelensky said so.", true},
		{"", kindDay, "The vote is set for Friday.", true},
		{"", kindDay, "Musk said Tesla will unveil its robotaxi this summer.", false},
		{"", kindDay, "The plant closed in 2019.", false},
		{"", kindDay, "The strike shut 36 ports.", false},
		// An age, of someone or of a thing; not any number.
		{"", kindAge, "In one case, a 67-year-old man infected a 6-month-old.", true},
		{"", kindAge, "Mahdi Wilson, 25, was arrested Friday afternoon.", true},
		{"", kindAge, "She retired at age 62.", true},
		{"", kindAge, "Fossils were found from about 515 million years ago.", true},
		{"", kindAge, "He felt ill again about eight hours later.", false},
		{"", kindAge, "He had taken a five-day course of Paxlovid.", false},
		// A time of day.
		{"", kindClock, "The speech airs at 8 p.m. ET.", true},
		{"", kindClock, "A leadership vote is scheduled for 9:30 Wednesday.", true},
		{"", kindClock, "The march starts at noon.", true},
		{"", kindClock, "The vote is on Friday, Oct. 1.", false},
	} {
		text := c.sentence
		if got := hasKind(text, sentenceWords(text, [2]int{0, len(text)}), c.kind, questionWords(c.question)); got != c.want {
			t.Errorf("hasKind(%q, %d) = %v, want %v", text, c.kind, got, c.want)
		}
	}
}

// TestDateAskedIsADay: "On what date…" is answered by the sentence giving
// a day, not by the one with more of the question's words and a season.
func TestDateAskedIsADay(t *testing.T) {
	docs := []corpus.Document{
		{ID: "robotaxi", Title: "Tesla robotaxi reveal", Source: "Auto Desk", Published: day("2024-04-06"),
			Text: "Elon Musk announced that Tesla will unveil its robotaxi this summer. " +
				"The X owner and Tesla CEO gave the Aug. 8 release date in a post on Friday."},
	}
	answersHold(t, datedIndex(t, nil, docs), []answerCase{
		{"On what date did Elon Musk say Tesla would unveil its robotaxi?", "Aug. 8"},
	})
}

// TestAgeAskedIsAnAge: "How old was…" is answered by the sentence giving
// an age, not by the one with more of the question's words and a number.
func TestAgeAskedIsAnAge(t *testing.T) {
	docs := []corpus.Document{
		{ID: "rebound", Title: "Paxlovid rebound can spread Covid", Source: "Health Desk", Published: day("2022-06-01"),
			Text: "In one case, a 67-year-old man passed Covid to a baby after a half-hour near the child. " +
				"He had taken a five-day course of Paxlovid and felt better when he saw his infant grandson, but about eight hours later he fell ill again."},
	}
	answersHold(t, datedIndex(t, nil, docs), []answerCase{
		{"How old was the man who passed Covid to his infant grandson after a Paxlovid course?", "67-year-old"},
	})
}

// An age is the one asked about's, not another's named beside: the
// person asked about, or a relative of theirs. A time is not an age.
func TestAgeIsTheirs(t *testing.T) {
	for _, tc := range []struct {
		q, s string
		want bool
	}{
		{"How old is Mitch McConnell?", "The 63-year-old Thune will succeed Senate Minority Leader Mitch McConnell.", false},
		{"How old is Mitch McConnell?", "McConnell, who is 82 years old, has not said whether he will run.", true},
		{"How old is Mitch McConnell?", "Mitch McConnell, 82, spoke on Tuesday.", true},
		{"How old is Donald Trump?", "Kai Trump, Donald Trump's 17-year-old granddaughter, spoke.", false},
		{"How old was the gunman?", "The 20-year-old Thomas Crooks fired eight shots.", true},
		{"How old is Jimmy Carter?", "Rosalynn and Jimmy Carter were married 77 years.", false},
		{"How old is the fossil?", "The fossil is 515 million years old.", true},
	} {
		ws := sentenceWords(tc.s, [2]int{0, len(tc.s)})
		if got := hasKind(tc.s, ws, kindAge, questionWords(tc.q)); got != tc.want {
			t.Errorf("%q in %q: age %v, want %v", tc.q, tc.s, got, tc.want)
		}
	}
}

// TestWhichRoleIsAName: "Which economist…" asks for a person's name, so
// the sentence naming one answers, not the one with more of the
// question's words and no name.
func TestWhichRoleIsAName(t *testing.T) {
	docs := []corpus.Document{
		{ID: "obituary", Title: "Nobel economist dies at 102", Source: "Wire", Published: day("2013-09-03"),
			Text: "The economist, the oldest surviving Nobel laureate, died in 2013 at age 102 at his home. " +
				"Ronald Coase, the oldest Nobel laureate, won the prize in 1991 for work on the costs of transactions."},
		{ID: "campus", Title: "Party videos", Source: "Wire", Published: day("2014-02-03"),
			Text: "A writer for a campus newspaper argued that the party videos make the university look bad. " +
				"The campus newspaper Central Florida Future ran the column on Monday."},
	}
	answersHold(t, datedIndex(t, nil, docs), []answerCase{
		{"Which economist, the oldest surviving Nobel laureate, died in 2013 at age 102?", "Ronald Coase"},
		{"Which campus newspaper ran the writer who argued the party videos make the university look bad?", "Central Florida Future"},
	})
}

// TestNameAskedIsAName: "What is the name of…" is answered by the
// sentence giving a name, not by the one with more of the question's
// words and none.
func TestNameAskedIsAName(t *testing.T) {
	docs := []corpus.Document{
		{ID: "column", Title: "My child is non-binary", Source: "Opinion Desk", Published: day("2022-03-01"),
			Text: "As a parent of a non-binary child, I want the eldest of my children to feel at home in the world. " +
				"We were parked in the driveway when our eldest, Miriam, came out to me."},
	}
	answersHold(t, datedIndex(t, nil, docs), []answerCase{
		{"What is the name of the eldest child, who came out as non-binary?", "Miriam"},
		{"What name did the columnist's non-binary eldest child use?", "Miriam"},
	})
}

func TestNamingAsked(t *testing.T) {
	for q, want := range map[string]bool{
		"What is the name of the eldest child?":        true,
		"What was the name of the ship?":               true,
		"What name does he use on TikTok?":             true,
		"Under what name did she publish?":             true,
		"What are the names of the two suspects?":      true,
		"What named storm hit Florida?":                false,
		"Who named the ship?":                          false,
		"What did the name change cost the company?":   false,
		"What is the nameplate capacity of the plant?": false,
	} {
		if got := namingAsked(q); got != want {
			t.Errorf("namingAsked(%q) = %v, want %v", q, got, want)
		}
	}
}

// An amount of money runs to its scale word ("$160 billion"), so that the
// question's words beside "billion" stand beside the amount.
func TestMoneyRunsToItsScale(t *testing.T) {
	for _, tc := range []struct {
		s, w string
		want bool
	}{
		{"Biden touted forgiving $160 billion in student loan debt.", "billion", true},
		{"Some 160 billion stars light the galaxy.", "billion", false},
		{"The bill costs $4 and a billion people pay it.", "billion", false},
	} {
		ws := sentenceWords(tc.s, [2]int{0, len(tc.s)})
		i := slices.IndexFunc(ws, func(w word) bool { return w.text == tc.w })
		if i < 0 {
			t.Fatalf("no %q in %q", tc.w, tc.s)
		}
		if got := isKind(ws, i, kindMoney, nil); got != tc.want {
			t.Errorf("isKind(%q at %q, money) = %v, want %v", tc.w, tc.s, got, tc.want)
		}
	}
}
