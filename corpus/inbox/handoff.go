package inbox

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/briefbot/briefbot/corpus"
)

// record is one line of a handoff file, in the shape corpus.Load reads.
type record struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	URL       string    `json:"url,omitempty"`
	Source    string    `json:"source,omitempty"`
	Published time.Time `json:"published,omitzero"`
	Authors   []string  `json:"authors,omitempty"`
	Text      string    `json:"text"`
}

// Handoff writes docs into the inbox dir as one JSONL file, atomically
// (a dotfile renamed into place), and returns its path. A watcher picks it
// up within seconds.
func Handoff(dir string, docs []corpus.Document) (string, error) {
	if len(docs) == 0 {
		return "", errors.New("inbox: handoff: no documents")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("inbox: handoff: %w", err)
	}
	name := "ingest-" + time.Now().UTC().Format("20060102T150405.000Z") + "-" + randomHex() + ".jsonl"
	// The writer's pid in the name tells a hand-off in progress from one
	// whose process was killed (see sweep).
	tmp, err := os.CreateTemp(dir, handoffPrefix+strconv.Itoa(os.Getpid())+"-*"+handoffSuffix)
	if err != nil {
		return "", fmt.Errorf("inbox: handoff: %w", err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	enc := json.NewEncoder(tmp)
	enc.SetEscapeHTML(false)
	for _, d := range docs {
		if err := enc.Encode(record{ID: d.ID, Title: d.Title, URL: d.URL, Source: d.Source, Published: d.Published, Authors: d.Authors, Text: d.Text}); err != nil {
			tmp.Close()
			return "", fmt.Errorf("inbox: handoff: %w", err)
		}
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return "", fmt.Errorf("inbox: handoff: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return "", fmt.Errorf("inbox: handoff: %w", err)
	}
	path := filepath.Join(dir, name)
	if err := os.Rename(tmp.Name(), path); err != nil {
		return "", fmt.Errorf("inbox: handoff: %w", err)
	}
	return path, nil
}

// randomHex is eight random hex digits, for names no other writer picks.
func randomHex() string {
	var rnd [4]byte
	rand.Read(rnd[:])
	return hex.EncodeToString(rnd[:])
}
