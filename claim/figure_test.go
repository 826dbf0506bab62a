package claim

import "testing"

// only is the one claim a sentence holds, or a test failure.
func only(t *testing.T, s string) Claim {
	t.Helper()
	cs := Extract(s)
	if len(cs) != 1 {
		t.Fatalf("%q: %d claims, want 1: %+v", s, len(cs), cs)
	}
	return cs[0]
}

func TestNormalise(t *testing.T) {
	for _, tt := range []struct {
		sentence string
		kind     Kind
		lo, hi   float64
		unit     string
		text     string
	}{
		{"Officials said three million shells were sent.", Count, 3e6, 3e6, "", "three million"},
		{"The firm reported revenue of 1.2bn euros last year.", Money, 1.2e9, 1.2e9, "EUR", "1.2bn euros"},
		{"The company was fined £300,000 on Monday.", Money, 300000, 300000, "GBP", "£300,000"},
		{"Police said 30 to 40 protesters were detained.", Count, 30, 40, "", "30 to 40"},
		{"Police said 30-40 protesters were detained.", Count, 30, 40, "", "30-40"},
		{"Police said between 30 and 40 protesters were detained.", Count, 30, 40, "", "30 and 40"},
		{"A dozen protesters were detained.", Count, 12, 12, "", "A dozen"},
		{"Two dozen protesters were detained.", Count, 24, 24, "", "Two dozen"},
		{"Half a million people marched.", Count, 5e5, 5e5, "", "Half a million"},
		{"Twenty-five protesters were detained.", Count, 25, 25, "", "Twenty-five"},
		{"The deal is worth between $2m and $3m.", Money, 2e6, 3e6, "USD", "$2m and $3m"},
		{"The museum drew 2 to 3 million visitors.", Count, 2e6, 3e6, "", "2 to 3 million"},
		{"Wages rose 30-40% in the sector.", Percent, 30, 40, "%", "30-40%"},
		{"Turnout was 8.5 per cent.", Percent, 8.5, 8.5, "%", "8.5 per cent"},
		{"Support fell by 3 percentage points.", Percent, 3, 3, "pp", "3 percentage points"},
		{"She was sentenced to five years in prison.", Duration, 5 * 365.25, 5 * 365.25, "days", "five years"},
		{"The tickets sold for US$45 each.", Money, 45, 45, "USD", "US$45"},
		{"He paid 3,000,000 dollars for the house.", Money, 3e6, 3e6, "USD", "3,000,000 dollars"},
		{"Subscriptions cost $15 a month.", Money, 15, 15, "USD/month", "$15 a month"},
		{"The toll rose to 1,024 on Tuesday.", Count, 1024, 1024, "", "1,024"},
	} {
		c := only(t, tt.sentence)
		if c.Kind != tt.kind || c.Value.Lo != tt.lo || c.Value.Hi != tt.hi || c.Value.Unit != tt.unit || c.Text != tt.text {
			t.Errorf("%q: %s %g–%g %q %q, want %s %g–%g %q %q", tt.sentence, c.Kind, c.Value.Lo, c.Value.Hi, c.Value.Unit, c.Text, tt.kind, tt.lo, tt.hi, tt.unit, tt.text)
		}
	}
}

// The same figure written differently is the same value.
func TestSameFigureWrittenDifferently(t *testing.T) {
	sentences := []string{
		"The regulator imposed a fine of $3 million.",
		"The regulator imposed a $3m fine.",
		"The regulator imposed a fine of 3,000,000 dollars.",
		"The regulator imposed a fine of three million dollars.",
		"The regulator imposed a fine of about $3 million.",
		"The regulator imposed a fine of more than $3m.",
		"The regulator imposed a fine of US$3 million.",
		"The regulator imposed a fine of USD 3 million.",
	}
	first := only(t, sentences[0])
	for _, s := range sentences[1:] {
		c := only(t, s)
		if !first.Value.Same(c.Value) || !c.Value.Same(first.Value) {
			t.Errorf("%q (%+v) differs from %q (%+v)", s, c.Value, sentences[0], first.Value)
		}
		if c.Thing.Head != "fine" {
			t.Errorf("%q counts %q, want fine", s, c.Thing.Head)
		}
	}
}

func TestQualifiers(t *testing.T) {
	for _, tt := range []struct{ sentence, qual string }{
		{"About 41 people died.", "about"},
		{"At least 41 people died.", "at least"},
		{"More than 41 people died.", "more than"},
		{"Up to 41 people died.", "up to"},
		{"Nearly 41 people died.", "nearly"},
		{"As many as 41 people died.", "as many as"},
		{"An estimated 41 people died.", "an estimated"},
		{"41 people died.", ""},
	} {
		c := only(t, tt.sentence)
		if c.Qualifier != tt.qual || c.Value.Lo != 41 || c.Thing.Head != "dead" {
			t.Errorf("%q: qualifier %q value %g thing %q, want %q 41 dead", tt.sentence, c.Qualifier, c.Value.Lo, c.Thing.Head, tt.qual)
		}
	}
}

// Numbers that are not claims give no figure.
func TestNotFigures(t *testing.T) {
	for _, s := range []string{
		"The summit was held in 2024.",              // a year
		"The election is set for 2028.",             // a year
		"The war has gone on since 2022–24.",        // a range of years
		"They met on 13 October in Seoul.",          // a date
		"They met on October 13, 2024, in Seoul.",   // a date
		"They met on Oct. 13 in Seoul.",             // a date
		"The talks began at 10:30 in the morning.",  // a time
		"The talks began at 3 p.m. on Friday.",      // a time
		"The shop is open from 9 to 5 pm daily.",    // hours
		"Call the office on 555-0142 for details.",  // a phone number
		"Call 020 7946 0958 for details.",           // a phone number
		"Call +44 20 7946 0958 for details.",        // a phone number
		"Article 4 obliges both to help.",           // an article number
		"The clause is in Section 12 of the act.",   // a section number
		"See page 12 of the report.",                // a page number
		"The No. 1 seed lost in the final.",         // a rank
		"He was the 21st president.",                // an ordinal
		"It is one of the biggest ports.",           // "one of the"
		"No one was hurt in the blast.",             // "no one"
		"A 45-year-old man was arrested.",           // an age
		"John Smith, 45, was arrested.",             // an age
		"The victim was aged 45.",                   // an age
		"Residents 70 and older can vote by mail.",  // an age
		"The team won 3-1 on Sunday.",               // a score
		"The court ruled 5-4 against the state.",    // a vote tally as a score
		"Leaders met at the G7 summit.",             // a name
		"COVID-19 spread quickly.",                  // a name
		"The Boeing 737 was grounded.",              // a model
		"Temperatures fell to -13 overnight.",       // a signed number
		"The quake struck 40 km off the coast.",     // a measure
		"The storm brought 5 inches of rain.",       // a measure
		"Roughly 1 in 5 adults smoke.",              // a ratio
		"Two-thirds of voters agreed.",              // a fraction
		"Three of the victims were children.",       // a part of a group
		"Music of the 1990s is back.",               // a decade
		"The network is rolling out 5G.",            // a name
		"The two countries signed a pact.",          // a group already named
		"It was the strongest quake in 25 years.",   // a time span, not a claim
		"Jobs were lost over the past three years.", // a time span
		"The toll rose to 41, up from 37.",          // 37 is the earlier value; 41 is the claim
	} {
		cs := Extract(s)
		if s == "The toll rose to 41, up from 37." {
			if len(cs) != 1 || cs[0].Value.Lo != 41 {
				t.Errorf("%q: %+v, want only 41", s, cs)
			}
			continue
		}
		if len(cs) != 0 {
			t.Errorf("%q: found %d figures, want none: %q", s, len(cs), cs[0].Text)
		}
	}
}

func TestSame(t *testing.T) {
	val := func(s string) Value { return only(t, s).Value }
	for _, tt := range []struct {
		a, b string
		same bool
	}{
		{"13,000 containers arrived.", "About 13,000 containers arrived.", true},
		{"12,950 containers arrived.", "13,000 containers arrived.", true},
		{"16,500 containers arrived.", "13,000 containers arrived.", false},
		{"The firm paid a $2m fine.", "The firm paid a $1.2m fine.", false},
		{"The firm paid a $2m fine.", "The firm paid a $2 million fine.", true},
		{"Nurses won a 9% pay rise.", "Nurses won an 8.5% pay rise.", false},
		{"20 people died.", "24 people died.", false},
		{"About 20 people died.", "24 people died.", true},
		{"41 people died.", "At least 37 people died.", false},
		{"Police detained 30 to 40 protesters.", "Police detained 35 protesters.", true},
		{"Police detained 30 to 40 protesters.", "Police detained 45 protesters.", false},
		{"The firm paid a $2m fine.", "The firm paid a £2m fine.", false},
		{"The ban lasts five years.", "The ban lasts 60 months.", true},
	} {
		a, b := val(tt.a), val(tt.b)
		if got := a.Same(b); got != tt.same || b.Same(a) != got {
			t.Errorf("Same(%q, %q) = %v, want %v (%+v, %+v)", tt.a, tt.b, got, tt.same, a, b)
		}
	}
}

func TestFormatValue(t *testing.T) {
	for _, tt := range []struct {
		v    Value
		want string
	}{
		{Value{Lo: 16500, Hi: 16500}, "16,500"},
		{Value{Lo: 3e6, Hi: 3e6, Unit: "USD"}, "$3 million"},
		{Value{Lo: 1.2e9, Hi: 1.2e9, Unit: "EUR"}, "EUR 1.2 billion"},
		{Value{Lo: 30, Hi: 40}, "30–40"},
		{Value{Lo: 8.5, Hi: 8.5, Unit: "%"}, "8.5%"},
		{Value{Lo: 15, Hi: 15, Unit: "USD/month"}, "$15 a month"},
	} {
		if got := FormatValue(tt.v); got != tt.want {
			t.Errorf("FormatValue(%+v) = %q, want %q", tt.v, got, tt.want)
		}
	}
}
