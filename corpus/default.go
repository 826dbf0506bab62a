package corpus

import (
	"embed"
	"io/fs"
	"strings"
)

//go:embed defaultcorpus/*.txt
var defaultFS embed.FS

// DefaultSource names the embedded corpus as a source.
const DefaultSource = "briefbot default corpus"

// Default returns the embedded default corpus: an analysis of the North
// Korea–Russia arms trade and the US–South Korea alliance. Its author, date
// and URL are not known, so none is given.
func Default() ([]Document, error) {
	names, err := fs.Glob(defaultFS, "defaultcorpus/*.txt")
	if err != nil {
		return nil, err
	}
	var out []Document
	for _, n := range names {
		b, err := defaultFS.ReadFile(n)
		if err != nil {
			return nil, err
		}
		out = append(out, Document{
			ID:     "default:" + strings.TrimSuffix(strings.TrimPrefix(n, "defaultcorpus/"), ".txt"),
			Title:  "North Korea, Russia and the arms trade: what it means for the US–South Korea alliance",
			Source: DefaultSource,
			Text:   strings.TrimSpace(strings.ReplaceAll(string(b), "\r\n", "\n")),
		})
	}
	return out, nil
}
