package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/index"
)

// removeRequest is what `remove` takes out of the corpus.
type removeRequest struct {
	Refs    []string `json:"refs,omitempty"`   // ids, URLs or file paths
	Source  string   `json:"source,omitempty"` // every document of a source
	Default bool     `json:"default,omitempty"`
}

// removeResult says what was removed.
type removeResult struct {
	Removed []string `json:"removed"`
}

// notFoundError is a reference that names no document: the user's error,
// so nothing at all is removed.
type notFoundError struct{ msg string }

func (e notFoundError) Error() string { return e.msg }

func (m *Main) runRemove(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("remove", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var req removeRequest
	fs.StringVar(&req.Source, "source", "", "remove every document of this source")
	fs.BoolVar(&req.Default, "default", false, "remove the embedded default corpus")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{"remove: " + err.Error()}
	}
	req.Refs = fs.Args()
	given := 0
	for _, b := range []bool{len(req.Refs) > 0, req.Source != "", req.Default} {
		if b {
			given++
		}
	}
	if given != 1 {
		return usageError{"remove: give document ids, URLs or paths, or --source NAME, or --default (one of them)"}
	}
	res, err := m.remove(ctx, req)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "Removed %d %s.\n", len(res.Removed), plural(len(res.Removed), "document", "documents"))
	return nil
}

// remove runs the removal here, or through serve's local socket when serve
// holds the data dir: one process writes the index.
func (m *Main) remove(ctx context.Context, req removeRequest) (removeResult, error) {
	ix, err := m.openIndex(ctx)
	var le *lockedError
	if errors.As(err, &le) && le.byServe() {
		c, derr := m.dialLocal(ctx)
		if derr != nil {
			le.noSocket = derr
			return removeResult{}, le
		}
		return call[removeRequest, removeResult](ctx, c, "remove", req)
	}
	if err != nil {
		return removeResult{}, err
	}
	return removeDocuments(ctx, ix, req)
}

// removeDocuments resolves every reference first and removes nothing when
// one of them names no document.
func removeDocuments(ctx context.Context, ix *index.Index, req removeRequest) (removeResult, error) {
	var ids []string
	switch {
	case req.Default:
		found, err := ix.FromSource(ctx, corpus.DefaultSource)
		if err != nil {
			return removeResult{}, err
		}
		if len(found) == 0 {
			return removeResult{}, notFoundError{"the default corpus is not in the index (removed already?)"}
		}
		ids = found
	case req.Source != "":
		found, err := ix.FromSource(ctx, req.Source)
		if err != nil {
			return removeResult{}, err
		}
		if len(found) == 0 {
			msg := fmt.Sprintf("no documents from source %q", req.Source)
			if near, _ := ix.NearestSources(ctx, req.Source, 3); len(near) > 0 {
				msg += "; did you mean " + quoteList(near) + "?"
			}
			return removeResult{}, notFoundError{msg + " (briefbot sources lists them)"}
		}
		ids = found
	default:
		var unknown, ambiguous []string
		for _, ref := range req.Refs {
			found, err := ix.Resolve(ctx, ref)
			if err != nil {
				return removeResult{}, err
			}
			switch {
			case len(found) == 0:
				unknown = append(unknown, ref)
			case len(found) > 1 && !strings.Contains(ref, "://"):
				ambiguous = append(ambiguous, fmt.Sprintf("%s (matches %s)", ref, strings.Join(found, ", ")))
			default:
				ids = append(ids, found...)
			}
		}
		if len(unknown) > 0 {
			return removeResult{}, notFoundError{fmt.Sprintf("no document %s in the index; nothing was removed", quoteList(unknown))}
		}
		if len(ambiguous) > 0 {
			return removeResult{}, notFoundError{"ambiguous: " + strings.Join(ambiguous, "; ") + "; give the id; nothing was removed"}
		}
	}
	removed, err := ix.Remove(ctx, ids)
	if err != nil {
		return removeResult{}, err
	}
	return removeResult{Removed: removed}, nil
}

func quoteList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}
