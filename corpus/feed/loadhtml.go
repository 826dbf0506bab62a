//go:build !feedstub

package feed

import (
	"io"
	"net/url"

	"github.com/briefbot/briefbot/corpus"
)

func loadHTML(r io.Reader, u *url.URL) (corpus.Document, error) { return corpus.LoadHTML(r, u) }
