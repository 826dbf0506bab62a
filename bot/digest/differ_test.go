package digest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/corpus"
)

// Two reports of one story that give different figures say "Reports
// differ", with both figures and their sources; equal figures written
// differently do not.
func TestReportsDiffer(t *testing.T) {
	doc := func(id, source, text string) corpus.Document {
		return corpus.Document{ID: id, Title: "Factory fined over river pollution", Source: source, URL: "https://" + id + ".example/fine",
			Published: t0.Add(2 * time.Hour), FirstSeen: t0.Add(2 * time.Hour), Text: text}
	}
	build := func(docs ...corpus.Document) corpus.Digest {
		t.Helper()
		d, err := Builder{Source: fakeRecents{docs}}.Build(context.Background(), Request{Since: t0, Until: t0.Add(24 * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Items) != 1 {
			t.Fatalf("%d stories, want the two reports as one", len(d.Items))
		}
		return d
	}
	d := build(
		doc("lantern", "Lantern Post", "A chemical factory was fined $2 million on Monday for polluting the river, the environment agency said. The agency found dye in the water for weeks."),
		doc("quill", "Quill Daily", "A chemical factory was fined $1.2 million on Monday for polluting the river, according to the environment agency. Dye had stained the water for weeks."),
	)
	note := d.Items[0].DifferNote()
	for _, want := range []string{"Reports differ:", "$2 million", "Lantern Post", "$1.2 million", "Quill Daily"} {
		if !strings.Contains(note, want) {
			t.Errorf("note %q lacks %q", note, want)
		}
	}
	var b strings.Builder
	Format(&b, d)
	if !strings.Contains(b.String(), "Reports differ:") {
		t.Errorf("terminal digest:\n%s", b.String())
	}
	d = build(
		doc("lantern", "Lantern Post", "A chemical factory was fined $2 million on Monday for polluting the river, the environment agency said. The agency found dye in the water for weeks."),
		doc("quill", "Quill Daily", "A chemical factory was fined $2m on Monday for polluting the river, according to the environment agency. Dye had stained the water for weeks."),
	)
	if note := d.Items[0].DifferNote(); note != "" {
		t.Errorf("equal figures shown as differing: %q", note)
	}
}
