package digest

import (
	"fmt"
	"io"
	"strings"

	"github.com/briefbot/briefbot/corpus"
)

// Format writes a digest as plain text, for the terminal: each story's
// title, source and date, its sentences quoted, its link and the other
// sources that reported it.
func Format(w io.Writer, d corpus.Digest) error {
	var b strings.Builder
	b.WriteString(d.Heading())
	if !d.Empty() {
		fmt.Fprintf(&b, " (until %s)\n", d.Until.UTC().Format("Jan 2, 2006 15:04 UTC"))
	} else {
		b.WriteString("\n")
	}
	for i, it := range d.Items {
		fmt.Fprintf(&b, "\n%d. %s\n", i+1, it.Title)
		if note := it.UpdateNote(); note != "" {
			fmt.Fprintf(&b, "   %s\n", note)
		}
		var meta []string
		if it.Source != "" {
			meta = append(meta, it.Source)
		}
		if t := it.Date(); !t.IsZero() {
			meta = append(meta, t.Format("2006-01-02"))
		}
		if len(meta) > 0 {
			fmt.Fprintf(&b, "   %s\n", strings.Join(meta, ", "))
		}
		for j, s := range it.Sentences {
			fmt.Fprintf(&b, "   “%s” [%d]\n", strings.Join(strings.Fields(s), " "), j+1)
		}
		if it.URL != "" {
			fmt.Fprintf(&b, "   %s\n", it.URL)
		}
		if note := it.DifferNote(); note != "" {
			fmt.Fprintf(&b, "   %s\n", note)
		}
		if len(it.AlsoReportedBy) > 0 {
			fmt.Fprintf(&b, "   Also reported by %s\n", strings.Join(it.AlsoReportedNames(), ", "))
		}
		if note := it.RereportNote(); note != "" {
			fmt.Fprintf(&b, "   %s\n", note)
		}
	}
	if d.More > 0 {
		// Not MoreNote: that one names the chat command.
		fmt.Fprintf(&b, "\nand %d more (-n 0 shows all)\n", d.More)
	}
	if note := d.RereportNote(); note != "" {
		fmt.Fprintf(&b, "\n%s\n", note)
	}
	if note := d.OlderNote(); note != "" {
		fmt.Fprintf(&b, "\n%s\n", note)
	}
	// Titles and sentences come from documents: nothing in them may drive
	// the terminal.
	_, err := io.WriteString(w, corpus.Printable(b.String()))
	return err
}
