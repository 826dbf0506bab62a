package corpus

import (
	"strings"
	"testing"
)

func TestAlsoReportedNamesOnce(t *testing.T) {
	it := DigestItem{AlsoReportedBy: []DocumentInfo{
		{Source: "usatoday.com"}, {Source: "Quill Daily"}, {Source: "usatoday.com"}, {Title: "Untitled wire"}, {Source: "usatoday.com"},
	}}
	got := strings.Join(it.AlsoReportedNames(), ", ")
	if want := "usatoday.com (3), Quill Daily, Untitled wire"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
