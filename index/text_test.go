package index

import (
	"fmt"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/corpus"
)

// Long texts packed one after another with reused flate writers read back
// as they were.
func TestPackTextReusesWriters(t *testing.T) {
	var f flaters
	for i := range 4 {
		d := &corpus.Document{Authors: []string{fmt.Sprint("author ", i)}, Text: strings.Repeat(fmt.Sprintf("Paragraph %d of a long report. ", i), 200*(i+1))}
		v, err := packTextWith(d, &f, rawLead)
		if err != nil {
			t.Fatal(err)
		}
		st, err := unpackText(v, 0)
		if err != nil {
			t.Fatal(err)
		}
		if st.Text != d.Text || len(st.Authors) != 1 || st.Authors[0] != d.Authors[0] {
			t.Fatalf("document %d: read back %d bytes by %v, want %d by %v", i, len(st.Text), st.Authors, len(d.Text), d.Authors)
		}
	}
}
