package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/index"
)

func (m *Main) runSources(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("sources", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	asJSON := fs.Bool("json", false, "write JSON")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{"sources: " + err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("sources takes no arguments (got %q)", fs.Arg(0))}
	}
	lib, err := m.openLibrary(ctx)
	if err != nil {
		return err
	}
	srcs, err := lib.Sources(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		if srcs == nil {
			srcs = []index.SourceInfo{}
		}
		return json.NewEncoder(m.Stdout).Encode(srcs)
	}
	return writeSources(m.Stdout, srcs)
}

// writeSources is the sources table for people: name, documents, newest
// publication date, web site.
func writeSources(w io.Writer, srcs []index.SourceInfo) error {
	if len(srcs) == 0 {
		_, err := fmt.Fprintln(w, "No documents.")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SOURCE\tDOCUMENTS\tNEWEST\tSITE")
	total := 0
	for _, s := range srcs {
		name := s.Name
		if name == "" {
			name = "(no source)"
		}
		newest := "-"
		if !s.Newest.IsZero() {
			newest = s.Newest.Format("2006-01-02")
		}
		site := s.Host
		if site == "" || site == s.Name {
			site = "-"
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", sanitizeCell(name), s.Documents, newest, sanitizeCell(site))
		total += s.Documents
	}
	fmt.Fprintf(tw, "%d sources\t%d\t\t\n", len(srcs), total)
	return tw.Flush()
}

// sanitizeCell keeps a name from a document on one table cell, and from
// driving the terminal.
func sanitizeCell(s string) string {
	return strings.Join(strings.Fields(corpus.Printable(s)), " ")
}
