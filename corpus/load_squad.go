package corpus

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// SQuADSource is the Source of documents loaded from SQuAD-format files.
const SQuADSource = "xquad"

// squad loads a SQuAD-format file ({"data": [{"title", "paragraphs":
// [{"context"}]}]}): each paragraph is one document, "TITLE#N", passed to
// emit.
func (l *loader) squad(ctx context.Context, path string, b []byte, emit func(int, Document) error) error {
	var sq struct {
		Data []struct {
			Title      string `json:"title"`
			Paragraphs []struct {
				Context string `json:"context"`
			} `json:"paragraphs"`
		} `json:"data"`
	}
	if err := json.Unmarshal(b, &sq); err != nil {
		if _, ok := err.(*json.UnmarshalTypeError); ok {
			l.warn(Warning{Path: path, Msg: notSQuAD})
			return nil
		}
		l.warn(Warning{Path: path, Msg: jsonErr(err).Error()})
		return nil
	}
	paragraphs := 0
	for _, a := range sq.Data {
		paragraphs += len(a.Paragraphs)
	}
	if paragraphs == 0 {
		l.warn(Warning{Path: path, Msg: notSQuAD})
		return nil
	}
	for ai, a := range sq.Data {
		name := strings.TrimSpace(a.Title)
		if name == "" {
			name = "article " + strconv.Itoa(ai+1)
		}
		title := strings.Join(strings.Fields(strings.ReplaceAll(name, "_", " ")), " ")
		for pi, p := range a.Paragraphs {
			if err := ctx.Err(); err != nil {
				return err
			}
			text := normalizeText(p.Context)
			if text == "" {
				l.warn(Warning{Path: path, Msg: fmt.Sprintf("article %q paragraph %d: empty context", name, pi)})
				continue
			}
			doc := Document{ID: name + "#" + strconv.Itoa(pi), Title: title, Source: SQuADSource, Text: text}
			if err := emit(0, doc); err != nil {
				return err
			}
		}
	}
	return nil
}

const notSQuAD = `not a SQuAD-format file ({"data": [{"title", "paragraphs": [{"context"}]}]}); of .json files only SQuAD is read — use .jsonl for documents`
