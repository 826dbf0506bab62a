package index

import (
	"testing"

	"github.com/briefbot/briefbot/corpus"
)

func TestReadNamedRole(t *testing.T) {
	for _, tt := range []struct{ q, role string }{
		{"What is the name of the McDonald's employee in Altoona who called police about Luigi Mangione?", "employee"},
		{"What were the names of the two harbor pilots aboard the Dali when it struck the Key Bridge?", "pilot"},
		{"What is the name of the Dali's captain, who was on the bridge when the ship hit the bridge?", "captain"},
		{`What is the last name of "Bob," the schoolteacher near Portland who found the door plug?`, "schoolteacher"},
		{"What’s the name of the Secret Service counter sniper who killed the gunman?", "sniper"},
		{"What are the names of the three generals sent to Russia?", "general"},
		{"What was the name of the house cat that gave an Oregon resident plague?", "cat"},
		{"What is the name of the zookeeper whose photos made the hippo famous?", "zookeeper"},
		{"What was the name of the woman killed in the shooting after the parade?", "woman"},
		// A word asked, not a person of one story.
		{"What is the name of the spiritual teacher in Hinduism?", ""},
		{"What is the name of a teacher in Tibetan Buddhism?", ""},
		// Not a person.
		{"What is the name of the ship that hit the bridge?", ""},
		{"What was the name of the E! dating series starring tight end Travis Kelce?", ""},
		{"Who is the captain of the team?", ""},
		{"What did the employee tell police?", ""},
		{"", ""},
	} {
		if got := readNamedRole(tt.q).noun; got != tt.role {
			t.Errorf("readNamedRole(%q) = %q, want %q", tt.q, got, tt.role)
		}
	}
}

// The words before the role noun may stand for it in a source.
func TestNamedRoleAlike(t *testing.T) {
	r := readNamedRole("What is the name of the eldest child, who came out as non-binary?")
	if r.noun != "child" || !r.at("eldest") || !r.at("children") || r.at("the") {
		t.Errorf("role %+v", r)
	}
	r = readNamedRole("What is the name of the zookeeper whose photos made the hippo famous?")
	if !r.at("handler") || !r.at("keepers") || !r.at("zookeeper’s") {
		t.Errorf("role %+v", r)
	}
	r = readNamedRole("What is the name of the Secret Service counter sniper who killed the gunman?")
	if r.at("Service") || r.at("secret") || !r.at("counter") {
		t.Errorf("role %+v", r)
	}
}

func TestRoleNamed(t *testing.T) {
	q := questionWords("What is the name of the McDonald's employee who called police about Mangione?")
	for _, tt := range []struct {
		s    string
		want bool
	}{
		{"Mangione was identified by a McDonald's employee who told police, Tisch said.", false},
		{"Mangione is seen in Altoona, Pennsylvania by a McDonald's employee who told police.", false},
		{"The employee, Jane Doe, told police she saw him.", true},
		{"Jane Doe, a McDonald's employee, called police.", true},
		{"McDonald's employee Jane Doe called police.", true},
		{"Mangione was seen by an employee, NYPD Commissioner Jessica Tisch said.", false},
		{"Six seconds later, the employee reported to the Coast Guard that the bridge was down.", false},
		{"The employee is licensed by the Association of Maryland Pilots.", false},
		{"The employee also sent a VHF radio call.", false},
		{"The Ukrainian Prosecutor General's Office told Reuters it was investigating.", false},
		{"Police thanked Jane Doe on Monday, and later the employee who called was praised by the mayor.", false},
	} {
		ws := sentenceWords(tt.s, [2]int{0, len(tt.s)})
		if got := roleNamed(tt.s, ws, namedRole{noun: "employee"}, q); got != tt.want {
			t.Errorf("roleNamed(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

// A question asking someone's name is answered by a name beside them, not
// by the story that tells of them.
func TestNameOfSomeoneNotGivenIsDeclined(t *testing.T) {
	ix := datedIndex(t, nil, []corpus.Document{
		{ID: "tip", Title: "Suspect arrested at a McDonald's", Source: "Metro Wire", Published: day("2024-12-09"),
			Text: "Mangione was identified by a McDonald's employee who told police they saw him around 9:15 a.m. on Monday in Altoona, Pennsylvania, Tisch said.\n\nPolice arrested him at the restaurant."},
		{ID: "pact", Title: "A pact in Pyongyang", Source: "Defense Review", Published: day("2024-06-20"),
			Text: "The countries reforged their ties with a new security pact signed by North Korean Chairman Kim Jong-un and Russian President Vladimir Putin at a summit in June 2024."},
		{ID: "plug", Title: "Door plug found", Source: "Harbor News", Published: day("2024-01-08"),
			Text: "The door plug was found in the backyard of a man identified only as Bob, a schoolteacher, NTSB Chair Jennifer Homendy said."},
		{ID: "ship", Title: "The ship that hit the bridge", Source: "Harbor News", Published: day("2024-03-27"),
			Text: "The cargo ship Dali lost power before it struck the Key Bridge in Baltimore.\n\nThe Dali's captain, Rajesh Kumar, was on the bridge when the ship lost power, the company said."},
	})
	for _, q := range []string{
		"What is the name of the McDonald's employee who called police about Mangione?",
		// A name the question gives in quotes names nobody new.
		`What is the last name of "Bob," the schoolteacher who found the door plug?`,
	} {
		if a := askText(t, ix, q); !a.Declined() {
			t.Errorf("%s: answered %q", q, a.Answer)
		}
	}
	answersHold(t, ix, []answerCase{
		{"What is the name of the Dali's captain, who was on the bridge when it struck the Key Bridge?", "Rajesh Kumar"},
		// The source calls the leader its chairman.
		{"What is the name of the North Korean leader who signed the security pact?", "Kim Jong-un"},
	})
}

// FuzzReadNamedRole: any question reads as a known role or none, and the
// answer test takes any sentence with it.
func FuzzReadNamedRole(f *testing.F) {
	for _, s := range []string{
		"What is the name of the McDonald's employee who called police?",
		`What is the last name of "Bob," the schoolteacher who found it?`,
		"What’s the name of the two pilots, who…",
		"what were the names of", "What is the name of ÄÖ's İstanbul captain who fled",
	} {
		f.Add(s, "Jane Doe, a McDonald's employee, called police.")
	}
	f.Fuzz(func(t *testing.T, q, s string) {
		r := readNamedRole(q)
		if r.noun != "" && !roleNouns[r.noun] {
			t.Fatalf("readNamedRole(%q) = %+v: not a role noun", q, r)
		}
		roleNamed(s, sentenceWords(s, [2]int{0, len(s)}), r, questionWords(q))
	})
}
