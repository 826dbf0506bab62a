package index

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/corpus"
)

func TestReadOffice(t *testing.T) {
	for _, tc := range []struct {
		q    string
		ok   bool
		role string
	}{
		{"Who is the prime minister of the UK?", true, "prime minister"},
		{"Who is the current Speaker of the House?", true, "speaker"},
		{"Who is Australia's prime minister?", true, "prime minister"},
		{"Who runs Boeing?", true, "chief executive"},
		{"Who leads the United Auto Workers union?", true, "chief executive"},
		{"Who's running the Chicago Police Department these days?", true, "chief executive"},
		{"Who coaches Duke men's basketball now?", true, "head coach"},
		{"Who's coaching the 76ers these days?", true, "head coach"},
		{"Who is managing Arsenal?", true, "manager"},
		{"Who is running for mayor?", false, ""},
		{"Who are the reigning NBA champions?", true, "champion"},
		{"Who is the vice president of the United States?", true, "vice president"},
		{"Who is the newest Supreme Court justice?", false, ""},
		{"Who was the prime minister of the UK?", false, ""},
		{"Who is the 47th president?", false, ""},
		{"Who is the president?", false, ""},
		{"Who is the Costa Rican President that went to Harvard?", false, ""},
		{"Who is Taylor Swift dating?", false, ""},
		{"What is the latest US inflation rate?", false, ""},
		{"Who won the Tour de France?", false, ""},
		{"who", false, ""},
		// Posts named otherwise: a sport inside "head coach", a paraphrase,
		// a verb of what the holder does.
		{"Who's the head football coach at Delaware these days?", true, "head coach"},
		{"Who is Virginia's top lawyer right now?", true, "attorney general"},
		{"Who is the top lawyer?", false, ""},
		{"Who moderates Meet the Press now?", true, "moderator"},
		{"Who is hosting Jeopardy these days?", true, "host"},
		{"Who is the moderator of Meet the Press?", true, "moderator"},
		{"Who runs Sioux Falls as mayor?", true, "mayor"},
		{"Who's in charge of Amtrak?", true, "chief executive"},
		{"Who is the Ventura County sheriff these days?", true, "sheriff"},
		{"Who is the Manhattan district attorney?", true, "district attorney"},
	} {
		o, ok := readOffice(tc.q)
		if ok != tc.ok {
			t.Errorf("%q: ok %v, want %v", tc.q, ok, tc.ok)
			continue
		}
		if ok {
			got := ""
			for i, w := range o.roles[0] {
				if i > 0 {
					got += " "
				}
				got += w
			}
			if got != tc.role {
				t.Errorf("%q: role %q, want %q", tc.q, got, tc.role)
			}
		}
	}
}

func TestOfficeHolder(t *testing.T) {
	for _, tc := range []struct {
		q, text string
		want    bool
	}{
		{"Who is the prime minister of the UK?", "British Prime Minister Keir Starmer said on Monday the talks would go on.", true},
		{"Who is the prime minister of the UK?", "Keir Starmer, the British prime minister, said the talks would go on.", true},
		{"Who is the prime minister of the UK?", "Former British Prime Minister Boris Johnson said the talks would go on.", false},
		{"Who is the prime minister of the UK?", "The ex-Prime Minister of the UK Theresa May spoke.", false},
		{"Who is the prime minister of the UK?", "Israeli Prime Minister Benjamin Netanyahu spoke to reporters in Jerusalem.", false},
		{"Who is the prime minister of the UK?", "The prime minister spoke in the UK on Monday.", false},
		{"Who is South Africa's president?", "South African President Cyril Ramaphosa arrived in Kazan.", true},
		{"Who is Greece's prime minister?", "Greek Prime Minister Kyriakos Mitsotakis spoke.", true},
		{"Who is Virginia's top lawyer right now?", "Virginia Attorney General Jason Miyares filed the appeal.", true},
		{"Who's the head football coach at Delaware these days?", "Delaware coach Ryan Carty said the move was a step up.", true},
		{"Who's the head football coach at Delaware these days?", "Delaware State head coach Lee Hull said the flight was long.", false},
		{"Who's the head football coach at Delaware these days?", "Delaware defensive line coach Levern Belin can pinpoint the moments.", false},
		{"Who is the CEO of the USOPC these days?", "U.S. Olympic & Paralympic Committee CEO Sarah Hirshland praised the decision.", true},
		{"Who is the CEO of the USOPC these days?", "U.S. Soccer CEO JT Batson praised the decision.", false},
		{"Who runs Sioux Falls as mayor?", "Sioux Falls Mayor Paul TenHaken said the plan would go ahead.", true},
		{"Who runs Sioux Falls as mayor?", "Sioux Falls City Council chairman Marshall Selberg wrote a letter.", false},
		{"Who leads the Los Angeles County Sheriff's Department now?", "Los Angeles County Sheriff Robert Luna said the deputies were safe.", true},
		{"Who leads the Los Angeles County Sheriff's Department now?", "Los Angeles County Public Health Director Barbara Ferrer said the spread was immense.", false},
		{"Who is the president of Planned Parenthood?", "Jacqueline Ayers, a senior vice president at Planned Parenthood, spoke.", false},
		// The post of its body, then the name; two posts held together; a
		// party between the place and the post.
		{"Who is the president of Planned Parenthood?", "The president of Planned Parenthood, Alexis McGill Johnson, said the ruling was cruel.", true},
		{"Who is the president of Planned Parenthood?", "The president of the Red Cross, Gail McGovern, said the ruling was cruel.", false},
		{"Who is the president of Planned Parenthood?", "Alexis McGill Johnson, the president and CEO of Planned Parenthood, said it.", true},
		{"Who is the president of Planned Parenthood?", "Alexis McGill Johnson, the vice president and CEO of Planned Parenthood, said it.", false},
		{"Who is the governor of Nebraska?", "Jim Pillen, Nebraska's Republican governor, signed the bill.", true},
		{"Who is the governor of Nebraska?", "Jim Pillen, Iowa's Republican governor, signed the bill.", false},
		{"Who is Indianapolis's mayor now?", "After the announcement at Metro Hall, Mayor Craig Greenberg posted about linking the city to Indianapolis.", false},
		{"Who's Oregon's governor now?", "Wildfires blazed in Oregon on Monday. Gov. Tina Kotek declared an emergency.", true},
		{"Who moderates Meet the Press now?", "NBC's Meet the Press moderator Kristen Welker asked.", true},
		{"Who runs Boeing?", "Boeing CEO Kelly Ortberg told employees the strike had to end.", true},
		{"Who runs Boeing?", "Kelly Ortberg, Boeing's chief executive, told employees the strike had to end.", true},
		{"Who are the reigning NBA champions?", "LeBron James scored against the reigning NBA champion Denver Nuggets on Saturday night.", true},
		{"Who are the reigning NBA champions?", "The defending NBA champions Boston Celtics open the season at home.", true},
		{"Who is the chancellor of Germany?", "German Chancellor Olaf Scholz arrives at the summit.", true},
		{"Who heads the CDC?", "Deaths fell over the last two years, CDC Director Mandy Cohen said on Friday.", true},
		{"Who governs Pennsylvania?", "Pennsylvania Gov. Josh Shapiro signed the budget.", true},
		{"Who is the governor of Arizona?", "Arizona Gov. Katie Hobbs vetoed the bill.", true},
		// A post written short before a name (titleAbbrevs).
		{"Who is the senator from Vermont?", "Vermont Sen. Bernie Sanders voted no.", true},
		// Another place whose name holds the one asked about.
		{"Who's Virginia's governor these days?", "West Virginia Gov. Jim Justice won the Senate seat.", false},
		{"Who's Virginia's governor these days?", "Virginia Gov. Glenn Youngkin signed the bill.", true},
		{"Who is the president of Mexico?", "Michelle Lujan Grisham, the governor of New Mexico, spoke.", false},
		{"Who is the chancellor of Germany?", "Did German Chancellor Olaf Scholz arrive at the summit?", false},
		// A company's name without "Airlines", "Inc."…; not a region's.
		{"Who is the CEO of Southwest Airlines?", "Southwest CEO Bob Jordan told employees in a memo.", true},
		{"Who is the CEO of Southwest Airlines?", "Southwest Airlines CEO Bob Jordan told employees in a memo.", true},
		{"Who is the CEO of Southwest Airlines?", "Delta CEO Ed Bastian told employees in a memo.", false},
		// A country of two words by its people's adjective.
		{"Who is South Korea's president?", "South Korean President Yoon Suk Yeol lifted martial law.", true},
		{"Who is the president of South Korea?", "North Korean leader Kim Jong Un met the South Korean president.", false},
		{"Who is the president of South Korea?", "North Korean President Kim Il Sung died in 1994.", false},
		// The post, then its holder set off by commas.
		{"Who coaches Canada's men's national soccer team?", "Canada's coach, Jesse Marsch, will have much to praise.", true},
		{"Who coaches Canada's men's national soccer team?", "Canada's coach, Jesse Marsch and the players flew home.", false},
		{"Who runs NASA these days?", "NASA Administrator Bill Nelson hailed the launch as a success.", true},
		// "New York" is a name, and "Austin, Texas" two.
		{"Who is the governor of New York?", "New York Gov. Kathy Hochul declared a state of emergency.", true},
		{"Who is the governor of New York?", "Gov. Tom Wolf spoke outside his house in York.", false},
		{"Who is the mayor of Austin, Texas?", "Others included Travis County Judge Andy Brown, Austin Mayor Kirk Watson and others.", true},
		{"Who is the mayor of Austin, Texas?", "Mayor Steve Adler spoke at the airport.", false},
		// A holder who leaves the post.
		{"Who is Harvard's president?", "Harvard President Claudine Gay resigned after the hearing.", false},
		{"Who is Harvard's president?", "Harvard President Claudine Gay, who stepped down on Tuesday, spoke.", false},
		{"Who is Harvard's president?", "Harvard President Claudine Gay stepped up security on campus.", true},
		// The one who takes the post from its holder.
		{"Who is the CEO of Starbucks?", "Niccol will start in his new role Sept. 9, replacing Starbucks CEO Laxman Narasimhan, who stepped down.", true},
		{"Who is the CEO of Starbucks?", "The board thanked Starbucks CEO Laxman Narasimhan, who stepped down.", false},
		{"Who is Oregon's governor now?", "Kehoe emerged as the nominee to succeed his boss, Gov. Mike Parson.", false},
		{"Who is Harvard's president?", "Harvard President Claudine Gay announced her resignation on Tuesday.", false},
		{"Who's running the Chicago Police Department these days?", "Chicago Police Superintendent Larry Snelling declined to discuss it.", true},
		// A country's department without the country, not its others.
		{"Who is the U.S. labor secretary?", "Acting Labor Secretary Julie Su urged the sides to talk.", true},
		{"Who is the U.S. labor secretary?", "U.S. Defense Secretary Lloyd Austin spoke Saturday.", false},
		{"Who is the president of the U.S.?", "U.S. President Joe Biden spoke Saturday.", true},
		// A team by its city or nickname beside its coach.
		{"Who is the Milwaukee Bucks' coach?", "Milwaukee coach Doc Rivers told reporters.", true},
		{"Who is the Milwaukee Bucks' coach?", "Bucks coach Doc Rivers told reporters.", true},
		{"Who is the Milwaukee Bucks' coach?", "Cleveland coach Kenny Atkinson told reporters.", false},
		{"Who is the governor of North Carolina?", "Carolina Gov. Henry McMaster spoke.", false},
		{"Who is Harvard's president?", "The committee served notices to Alan Garber, Harvard's interim president, on Friday.", true},
		// A governor or mayor written bare in a story about the place.
		{"Who is Oregon's governor now?", "At least four wildfires blazed in Oregon on Tuesday. \"Stay safe,\" Gov. Tina Kotek wrote in a statement.", true},
		{"Who is Oregon's governor now?", "Oregon wildfires spread. Crews worked overnight. Winds rose. Rain fell in the north. Gov. Tina Kotek wrote in a statement.", false},
		{"Who is Oregon's governor now?", "At least four wildfires blazed in Oregon on Tuesday. New York Gov. Kathy Hochul wrote in a statement.", false},
		{"Who is Oregon's governor now?", "At least four wildfires blazed in Oregon on Tuesday. Former Gov. Kate Brown wrote in a statement.", false},
		{"Who's Iran's president right now?", "Iran fired missiles at Israel on Tuesday. President Joe Biden said the attack was defeated.", false},
		// Another state named after the place is the bare post's; a
		// party before it is no place.
		{"Who is Nebraska's governor right now?", "In West Virginia and Nebraska, primaries are Tuesday. West Virginia's Senate primary is close. McConnell is backing Gov. Jim Justice in the race.", false},
		{"Who is Nebraska's governor right now?", "In Nebraska, primaries are Tuesday. The Senate primary is close. McConnell is backing Gov. Jim Pillen in the race.", true},
		{"Who is Nebraska's governor right now?", "Nebraska's system drew attention when conservatives urged Republican Gov. Jim Pillen to usher a bill through.", true},
		{"Who is Virginia's governor now?", "Virginia storms spread. West Virginia's rivers rose. Gov. Jim Justice declared an emergency.", false},
		// A curly apostrophe is an apostrophe; a post's possessive names
		// something of the post's, not its holder.
		{"Who is Pakistan's prime minister?", "Pakistan’s Prime Minister Shehbaz Sharif said the floods were the worst.", true},
		{"Who leads the Los Angeles County Sheriff's Department now?", "Less than 30% of Los Angeles County Sheriff’s Department staff have received doses.", false},
		{"Who leads the Los Angeles County Sheriff's Department now?", "Los Angeles County Sheriff Robert Luna said Tuesday that 8,000 structures were threatened.", true},
		// A party's nominee, not its vice-presidential one.
		{"Who is the Democratic presidential nominee?", "Democratic presidential nominee Kamala Harris spoke in Atlanta.", true},
		{"Who is the Democratic presidential nominee?", "Tim Walz, the Democratic vice presidential nominee, was born in Nebraska.", false},
		{"Who is the Democratic presidential nominee?", "Republican presidential nominee Donald Trump spoke.", false},
		// "General Manager" is the post, not "Manager" of the "General".
		{"Who is the General Manager for the Broncos?", "Yankees general manager Brian Cashman said so at the Winter Meetings.", false},
		{"Who is the General Manager for the Broncos?", "Broncos general manager George Paton said so at the combine.", true},
	} {
		o, ok := readOffice(tc.q)
		if !ok {
			t.Fatalf("%q is an office question", tc.q)
		}
		_, got := o.holder(tc.text, "")
		if got != tc.want {
			t.Errorf("%q in %q: %v, want %v", tc.q, tc.text, got, tc.want)
		}
	}
}

// A school's coach of another sport is not the one asked about, whether
// the passage or its document's title names the sport.
func TestOfficeHolderOfAnotherSport(t *testing.T) {
	o, _ := readOffice("Who's the head football coach at Delaware these days?")
	for _, tc := range []struct {
		title, text string
		want        bool
	}{
		{"Delaware opens CAA Men's Basketball Tournament", "\"Really proud,\" Delaware coach Martin Ingelsby said of Sunday's win.", false},
		{"Blue Hens notes", "Delaware basketball coach Martin Ingelsby said the team was ready.", false},
		{"Blue Hens notes", "Delaware coach Ryan Carty said the move to the FBS was a step up.", true},
		{"Blue Hens football and basketball", "Delaware coach Ryan Carty said the move was a step up.", true},
	} {
		if _, got := o.holder(tc.text, tc.title); got != tc.want {
			t.Errorf("%q (title %q): %v, want %v", tc.text, tc.title, got, tc.want)
		}
	}
}

func TestOfficeOrgIsNamedNextToThePost(t *testing.T) {
	for _, tc := range []struct {
		q, text string
		want    bool
	}{
		{"Who chairs the Republican National Committee?", "Republican National Committee Chairman Michael Whatley spoke first.", true},
		{"Who chairs the Republican National Committee?", "RNC Chairman Michael Whatley spoke first.", true},
		{"Who chairs the Republican National Committee?", "National Republican Senatorial Committee chair Steve Daines endorsed him.", false},
		{"Who is the CEO of X, formerly Twitter?", "Crowdstrike CEO George Kurtz posted on X.", false},
		{"Who is the CEO of X, formerly Twitter?", "X CEO Linda Yaccarino said advertisers were back.", true},
		{"Who is the prime minister of the UK?", "Prime Minister Keir Starmer of Britain met him.", true},
		{"Who's Australia's prime minister?", "Australian Prime Minister Anthony Albanese met him.", true},
		{"Who leads the United Auto Workers union?", "UAW President Shawn Fain called for a strike.", true},
		{"Who leads the United Auto Workers union?", "Su had spoken with union local head Jon Holden.", false},
		{"Who is the CEO of X, formerly Twitter?", "In a post on X, Crowdstrike CEO George Kurtz said so.", false},
		{"Who is the president of Mexico?", "Since 1824 with the arrival of the first Mexican president, Guadalupe Victoria, the country has only seen male leaders.", false},
		{"Who is the president of Mexico?", "Mexican President Claudia Sheinbaum said the tariffs would hurt both countries.", true},
		{"Who is the president of Mexico?", "Claudia Sheinbaum was sworn in as Mexico's first female president on Tuesday.", true},
		{"Who is the president of Mexico?", "Claudia Sheinbaum met Mexico's president on Tuesday.", false},
		{"Who is the president of Mexico?", "MEXICO CITY – Claudia Sheinbaum took office Tuesday as Mexico's president, the first woman to lead it.", true},
		{"Who is the reigning college football national champion?", "The team gets the two-time national champion Brody Malone back.", false},
		{"Who is the reigning college football national champion?", "The reigning college football national champion Michigan opens at home.", true},
	} {
		o, ok := readOffice(tc.q)
		if !ok {
			t.Fatalf("%q is an office question", tc.q)
		}
		if _, got := o.holder(tc.text, ""); got != tc.want {
			t.Errorf("%q in %q: %v, want %v (org %v)", tc.q, tc.text, got, tc.want, o.org)
		}
	}
}

// officeIndex holds reports of who runs a company over two years: an older
// one that matches the question's words best, the newest one naming a
// former holder, and the one naming the holder now.
func officeIndex(t *testing.T, recency *float64) *Index {
	t.Helper()
	return datedIndex(t, recency, []corpus.Document{
		{ID: "old", Title: "Who runs Boeing", Source: "Air Wire", Published: day("2023-03-01"),
			Text: "Boeing CEO Dave Calhoun runs Boeing from Arlington, and he says Boeing will run its factories harder this year."},
		{ID: "new", Title: "Strike talks", Source: "Labor Wire", Published: day("2024-09-20"),
			Text: "Boeing CEO Kelly Ortberg told employees on Friday that the strike had to end."},
		{ID: "former", Title: "Hearing", Source: "Capitol Report", Published: day("2024-11-02"),
			Text: "Former Boeing CEO Dave Calhoun testified before the Senate on Tuesday about the company."},
		{ID: "other", Title: "Airbus results", Source: "Air Wire", Published: day("2024-12-01"),
			Text: "Airbus CEO Guillaume Faury said deliveries would rise, as Boeing struggled."},
	})
}

func TestOfficeHolderNow(t *testing.T) {
	for _, q := range []string{"Who runs Boeing?", "Who is the CEO of Boeing?", "Who's Boeing's chief executive?"} {
		a := askText(t, officeIndex(t, nil), q)
		if len(a.Citations) == 0 || a.Citations[0].DocID != "new" || !strings.Contains(a.Answer, "Kelly Ortberg") {
			t.Errorf("%s: answer %q, citations %v; want Ortberg from the newest report naming the CEO", q, a.Answer, docIDs(a))
		}
	}
	// With the preference for recent reporting off (an archive), the
	// report matching the words best comes first.
	off := 0.0
	a := askText(t, officeIndex(t, &off), "Who runs Boeing?")
	if len(a.Citations) == 0 || a.Citations[0].DocID != "old" {
		t.Errorf("recency 0: citations %v, want the best match first", docIDs(a))
	}
	// A time asked about is not the present.
	a = askText(t, officeIndex(t, nil), "Who ran Boeing in 2023?")
	if strings.Contains(a.Answer, "Ortberg") {
		t.Errorf("2023: answer %q names the later CEO", a.Answer)
	}
}

// A sentence about long before its report was published names a holder
// then, not now: an archive photo's caption is history.
func TestHolderOfLongAgoIsNotNow(t *testing.T) {
	o, ok := readOffice("Who is Pakistan's prime minister?")
	if !ok {
		t.Fatal("not read as an office question")
	}
	published := day("2022-08-14")
	for _, tc := range []struct {
		text, want string // want: the holder's sentence, "" for none
	}{
		{"Jawaharlal Nehru and Pakistan's Prime Minister Liaquat Ali Khan sign the agreement in New Delhi, 1947. On Friday, Pakistan's Prime Minister Shehbaz Sharif met diplomats.",
			"On Friday, Pakistan's Prime Minister Shehbaz Sharif met diplomats."},
		{"Pakistan's Prime Minister Liaquat Ali Khan in 1951.", ""},
		{"Pakistan's Prime Minister Shehbaz Sharif, in office since 2015, met diplomats.", "Pakistan's Prime Minister Shehbaz Sharif, in office since 2015, met diplomats."},
		{"Pakistan's Prime Minister Shehbaz Sharif said the 2020 floods were smaller.", "Pakistan's Prime Minister Shehbaz Sharif said the 2020 floods were smaller."},
		// A year in a quote dates what is quoted, not who says it.
		{"“The line was cut in 1970,” said Pakistan's Prime Minister Shehbaz Sharif.", "“The line was cut in 1970,” said Pakistan's Prime Minister Shehbaz Sharif."},
		{"only a year after 1971,” said Pakistan's Prime Minister Shehbaz Sharif.", "only a year after 1971,” said Pakistan's Prime Minister Shehbaz Sharif."},
		{"\"It was 1971,\" said Pakistan's Prime Minister Shehbaz Sharif.", "\"It was 1971,\" said Pakistan's Prime Minister Shehbaz Sharif."},
	} {
		r, ok := holderAsOf(o, tc.text, "", published)
		got := ""
		if ok {
			got = tc.text[r[0]:r[1]]
		}
		if got != tc.want {
			t.Errorf("holderAsOf(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
	// Undated text (reference material) is not dated history.
	if _, ok := holderAsOf(o, "Pakistan's Prime Minister Liaquat Ali Khan in 1951.", "", time.Time{}); !ok {
		t.Error("undated: no holder; want the sentence, since nothing dates it")
	}
}

func docIDs(a corpus.Answer) []string {
	var out []string
	for _, c := range a.Citations {
		out = append(out, c.DocID)
	}
	return out
}

// A reference text that matches best says how things are: a report's
// newer figure does not displace it for a question without a word of
// recency.
func TestFigureFromReference(t *testing.T) {
	docs := []corpus.Document{
		{ID: "ref", Title: "Los Angeles", Source: "xquad",
			Text: "The population of the Greater Los Angeles Area is 17,786,419, the second largest in the country."},
		{ID: "news", Title: "Zoo plan", Source: "City Desk", Published: day("2021-11-02"),
			Text: "The Greater Los Angeles Area population is 17,700,000, the state said."},
	}
	a := askText(t, datedIndex(t, nil, docs), "What is the population of the Greater Los Angeles Area?")
	if len(a.Citations) == 0 || a.Citations[0].DocID != "ref" {
		t.Errorf("citations %v, want the reference text first", docIDs(a))
	}
}

func TestLatestFigure(t *testing.T) {
	docs := []corpus.Document{
		{ID: "old", Title: "Inflation rate", Source: "Money Times", Published: day("2023-11-14"),
			Text: "The US inflation rate, the inflation rate figure watched most in the US, was 3.2% in October, the Labor Department said."},
		{ID: "new", Title: "Prices in October", Source: "Labor Wire", Published: day("2024-11-13"),
			Text: "The inflation rate rose to 2.6% in October, the Labor Department said on Wednesday."},
		{ID: "other", Title: "Rents", Source: "Labor Wire", Published: day("2024-12-01"),
			Text: "Rents rose in 40 cities, a report said, as buyers worried."},
		{ID: "films", Title: "Films", Source: "Screen", Published: day("2024-12-02"), Text: "Three films opened on Friday to 12 million viewers."},
		{ID: "bridge", Title: "Bridge", Source: "City Desk", Published: day("2024-12-03"), Text: "The bridge reopened after 14 weeks of repairs."},
	}
	a := askText(t, datedIndex(t, nil, docs), "What is the latest inflation rate?")
	if !strings.Contains(a.Answer, "2.6%") || strings.Contains(a.Answer, "3.2%") {
		t.Errorf("answer %q, citations %v; want the newest figure, 2.6%%, alone", a.Answer, docIDs(a))
	}
	// The present tense alone asks for the figure now, too.
	a = askText(t, datedIndex(t, nil, docs), "What's the US inflation rate?")
	if !strings.Contains(a.Answer, "2.6%") || strings.Contains(a.Answer, "3.2%") {
		t.Errorf("present tense: answer %q, citations %v; want the newest figure, 2.6%%, alone", a.Answer, docIDs(a))
	}
	off := 0.0
	a = askText(t, datedIndex(t, &off, docs), "What is the latest inflation rate?")
	if len(a.Citations) == 0 || a.Citations[0].DocID != "old" {
		t.Errorf("recency 0: citations %v, want the best match first", docIDs(a))
	}
}

// A figure now is not a target or a forecast of it, however new the
// report: "the Fed's 2% goal" is not the inflation rate.
func TestFigureNowIsNotItsTarget(t *testing.T) {
	docs := []corpus.Document{
		{ID: "rate", Title: "Prices in October", Source: "Labor Wire", Published: day("2024-11-13"),
			Text: "The inflation rate rose to 2.6% in October, the Labor Department said on Wednesday."},
		{ID: "goal", Title: "Fed holds", Source: "Money Times", Published: day("2024-12-18"),
			Text: "The Fed has set a target inflation rate of 2% a year, and officials said the inflation rate would reach it next year."},
		{ID: "forecast", Title: "Outlook", Source: "Money Times", Published: day("2024-12-20"),
			Text: "Economists expect the inflation rate will fall to 2.3% by March, a survey found."},
	}
	for _, q := range []string{"What is the current inflation rate?", "What's the inflation rate now?"} {
		a := askText(t, datedIndex(t, nil, docs), q)
		if !strings.Contains(a.Answer, "2.6%") || !strings.HasPrefix(a.Answer, "The inflation rate rose") {
			t.Errorf("%q: answer %q, citations %v; want the figure as it stands, 2.6%%, first", q, a.Answer, docIDs(a))
		}
	}
	// A question about a forecast is answered by one.
	a := askText(t, datedIndex(t, nil, docs), "What inflation rate do economists expect by March?")
	if !strings.Contains(a.Answer, "2.3%") {
		t.Errorf("forecast asked: answer %q; want the forecast, 2.3%%", a.Answer)
	}
}

// crowded adds 70 reports like d to docs, published over the 25 days from
// d's, that match a question better than the one answering it: more than
// one search for a holder reads. d.Text has a %d for the report's number.
func crowded(docs []corpus.Document, d corpus.Document) []corpus.Document {
	for i := range 70 {
		c := d
		c.ID = fmt.Sprintf("%s-%d", d.ID, i)
		c.Published = d.Published.AddDate(0, 0, i%25)
		c.Text = fmt.Sprintf(d.Text, i)
		docs = append(docs, c)
	}
	return docs
}

// A holder last named more than a year before the newest source is still
// found before older reports that match the question better: the years
// before are searched back, newest first (the year before, the four
// before…), before all the reporting.
func TestHolderOfYearsBefore(t *testing.T) {
	newest := corpus.Document{ID: "newest", Title: "Markets", Source: "Money Wire", Published: day("2024-12-01"),
		Text: "Stocks rose on Friday as traders looked ahead to the holidays."}
	for _, tc := range []struct {
		holder, older corpus.Document
		q, want       string
	}{
		{
			corpus.Document{ID: "green", Title: "Wildfire updates", Source: "Island Wire", Published: day("2023-08-11"),
				Text: "The town was leveled by the fire. Hawaii Gov. Josh Green said after walking the ruins that the state would rebuild."},
			corpus.Document{ID: "ige", Title: "Hawaii governor", Source: "Island Wire", Published: day("2020-03-01"),
				Text: "Hawaii Gov. David Ige, the governor of Hawaii, spoke about Hawaii's governor's order %d on Monday."},
			"Who's Hawaii's governor these days?", "Josh Green",
		},
		{
			corpus.Document{ID: "mclean", Title: "News from the states", Source: "Wire", Published: day("2021-06-22"),
				Text: "The Boise city council voted for clean electricity. \"Tonight is truly a historic moment,\" Boise Mayor Lauren McLean said after the vote."},
			corpus.Document{ID: "bieter", Title: "Boise mayor", Source: "Wire", Published: day("2017-03-01"),
				Text: "Boise Mayor David Bieter, the mayor of Boise, spoke about the Boise mayor's order %d on Monday."},
			"Who is currently mayor of Boise?", "Lauren McLean",
		},
	} {
		docs := crowded([]corpus.Document{tc.holder, newest}, tc.older)
		answersHold(t, datedIndex(t, nil, docs), []answerCase{{tc.q, tc.want}})
	}
}

// A report naming the post and what it is of answers however it words
// them: "Chicago Police Superintendent" for "the Chicago Police
// Department", without the word "Department".
func TestHolderWithoutTheQuestionsWords(t *testing.T) {
	docs := []corpus.Document{
		{ID: "old", Title: "Police dashboard", Source: "City Wire", Published: day("2019-08-27"),
			Text: "Chicago Police Department Superintendent Eddie Johnson unveiled a dashboard on gun offenders."},
		{ID: "new", Title: "Convention security", Source: "City Wire", Published: day("2024-08-22"),
			Text: "Speaking to reporters Thursday, Chicago Police Superintendent Larry Snelling declined to discuss the investigation."},
	}
	answersHold(t, datedIndex(t, nil, docs), []answerCase{{"Who's running the Chicago Police Department these days?", "Larry Snelling"}})
}

// The readers of holder questions and sentences take any text: a range
// they return lies within it.
func FuzzHolder(f *testing.F) {
	f.Add("Who is the mayor of Austin, Texas?", "Others included Austin Mayor Kirk Watson and others.")
	f.Add("Who's Oregon's governor now?", "Oregon burned. \"Stay safe,\" Gov. Tina Kotek wrote.")
	f.Add("Who coaches Canada's team?", "Canada's coach, Jesse Marsch, will")
	f.Add("Which club does Christian Pulisic play for now?", "Christian Pulisic (AC")
	f.Add("Where is Brian Kelly coaching these days?", "LSU head coach Brian Kelly")
	f.Add("How old is Mitch McConnell?", "At 82, McConnell")
	f.Add("How old is King Charles III?", "King Charles III, 75")
	f.Add("What team is Derrick Henry on?", "Derrick Henry ran. The Baltimore Ravens running")
	f.Add("What team is Derrick Henry on?", "Henry, now with the")
	f.Fuzz(func(t *testing.T, q, text string) {
		var nqs []nowQuestion
		if a, ok := readAgeNow(q); ok {
			nqs = append(nqs, a)
		}
		if o, ok := readOffice(q); ok {
			nqs = append(nqs, o)
		}
		if a, ok := readAffiliation(q); ok {
			nqs = append(nqs, a)
		}
		for _, nq := range nqs {
			if r, ok := nq.holder(text, text); ok && (r[0] < 0 || r[1] > len(text) || r[0] > r[1]) {
				t.Fatalf("holder(%q) for %q = %v, outside the text", text, q, r)
			}
		}
	})
}

// mayName is a cheaper first test than namesHolder: it must pass every
// sentence namesHolder does, whatever the case or plural of the post, and
// fail the sentences that name no post at all.
func TestMayNameBeforeNamesHolder(t *testing.T) {
	for _, tc := range []struct {
		q, s string
		may  bool
	}{
		{"Who runs Boeing?", "Boeing CEO Kelly Ortberg told employees the strike had to end.", true},
		{"Who runs Boeing?", "BOEING CEO KELLY ORTBERG TOLD EMPLOYEES.", true},
		{"Who are the reigning NBA champions?", "The defending NBA champions Boston Celtics open the season at home.", true},
		{"Who is the senator from Vermont?", "Vermont Sen. Bernie Sanders voted no.", true},
		{"Who is the governor of Arizona?", "Arizona Gov. Katie Hobbs vetoed the bill.", true},
		{"Who is the president of Mexico?", "Mexico's Présidente Claudia Sheinbaum spoke.", true}, // folded before comparing
		{"Who runs Boeing?", "Kelly Ortberg told employees the strike had to end.", false},
		{"Who is the governor of Arizona?", "Katie Hobbs vetoed the bill in Phoenix.", false},
	} {
		o, ok := readOffice(tc.q)
		if !ok {
			t.Fatalf("%q is an office question", tc.q)
		}
		if got := o.mayName(tc.s); got != tc.may {
			t.Errorf("%q: mayName(%q) = %v, want %v", tc.q, tc.s, got, tc.may)
		}
		if o.namesHolder(tc.s) && !o.mayName(tc.s) {
			t.Errorf("%q: namesHolder(%q) but not mayName", tc.q, tc.s)
		}
	}
}

// When the best match is undated reference text, a question about who
// holds a post is about how things are there, as for words of recency:
// no search for newer reports naming some holder brings in another
// team's manager.
func TestHolderNotSoughtOverReference(t *testing.T) {
	docs := []corpus.Document{
		{ID: "ref", Title: "Denver Broncos", Source: "Encyclopedia",
			Text: "John Elway is the general manager of the Broncos and their executive vice president of football operations."},
		{ID: "yankees", Title: "Hot stove", Source: "Sports Wire", Published: day("2024-12-01"),
			Text: "Yankees general manager Brian Cashman said the Broncos game was on in the clubhouse while the club weighed offers."},
	}
	docs = crowded(docs, corpus.Document{ID: "filler", Title: "Scores", Source: "Sports Wire", Published: day("2024-06-01"),
		Text: "The general manager of club %d spoke on Monday about the season."})
	answersHold(t, datedIndex(t, nil, docs), []answerCase{{"Who is the General Manager for the Broncos?", "John Elway"}})
}
