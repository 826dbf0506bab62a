//go:build feedstub

package feed

// TEMPORARY: stands in for corpus.LoadHTML while it is being written;
// built only with -tags feedstub. Delete once corpus.LoadHTML exists.

import (
	"io"
	"net/url"
	"strings"

	readability "codeberg.org/readeck/go-readability/v2"

	"github.com/briefbot/briefbot/corpus"
)

func loadHTML(r io.Reader, u *url.URL) (corpus.Document, error) {
	a, err := readability.FromReader(r, u)
	if err != nil {
		return corpus.Document{}, err
	}
	var b strings.Builder
	if err := a.RenderText(&b); err != nil {
		return corpus.Document{}, err
	}
	return corpus.Document{Title: a.Title(), Text: b.String()}, nil
}
