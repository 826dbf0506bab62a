package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/briefbot/briefbot/corpus"
)

// citationJSON and answerJSON are the `ask --json` contract.
type citationJSON struct {
	N         int     `json:"n"`
	DocID     string  `json:"doc_id"`
	Title     string  `json:"title"`
	Source    string  `json:"source"`
	URL       string  `json:"url"`
	Published string  `json:"published"`
	Passage   string  `json:"passage"`
	Score     float64 `json:"score"`
	Link      string  `json:"link,omitempty"`
}

type answerJSON struct {
	Question  string         `json:"question"`
	Answer    string         `json:"answer"`
	Citations []citationJSON `json:"citations"`
	// Related are passages near a question the sources do not answer;
	// Notice says why it is not answered when there is more to say.
	Related []citationJSON `json:"related,omitempty"`
	Notice  string         `json:"notice,omitempty"`
	Filters *corpus.Query  `json:"filters,omitempty"`
	Error   string         `json:"error,omitempty"`
	// Differences are figures the cited sources give differently ("kind":
	// "differ") or one source revised ("update", claims oldest first);
	// each claim's n is a citation above.
	Differences []differenceJSON `json:"differences,omitempty"`
}

type differenceJSON struct {
	About  string                `json:"about"`
	Kind   string                `json:"kind"`
	Claims []differenceClaimJSON `json:"claims"`
}

type differenceClaimJSON struct {
	Value     string `json:"value"`
	N         int    `json:"n"`
	Source    string `json:"source"`
	Published string `json:"published"`
	By        string `json:"by"`
	Period    string `json:"period,omitempty"`
}

func differencesJSON(ds []corpus.Difference) []differenceJSON {
	var out []differenceJSON
	for _, d := range ds {
		dj := differenceJSON{About: d.About, Kind: "differ", Claims: []differenceClaimJSON{}}
		if d.Update {
			dj.Kind = "update"
		}
		for _, c := range d.Claims {
			pub := ""
			if !c.Published.IsZero() {
				pub = c.Published.Format("2006-01-02")
			}
			dj.Claims = append(dj.Claims, differenceClaimJSON{Value: c.Value, N: c.N, Source: c.Source, Published: pub, By: c.By, Period: c.Period})
		}
		out = append(out, dj)
	}
	return out
}

func toJSON(a corpus.Answer) answerJSON {
	out := answerJSON{Question: a.Question, Answer: a.Answer, Citations: citationsJSON(a.Citations), Notice: a.Notice}
	if a.Query.HasFilters() {
		q := a.Query
		out.Filters = &q
	}
	if len(a.Related) > 0 {
		out.Related = citationsJSON(a.Related)
	}
	out.Differences = differencesJSON(a.Differences)
	return out
}

func citationsJSON(cs []corpus.Citation) []citationJSON {
	out := make([]citationJSON, 0, len(cs))
	for _, c := range cs {
		out = append(out, citationJSON{
			N: c.N, DocID: c.DocID, Title: c.Title, Source: c.Source, URL: c.URL,
			Published: c.PublishedString(), Passage: c.Passage, Score: c.Score, Link: c.Link,
		})
	}
	return out
}

// ask runs one question through the same path for `ask`, `ask --json -`
// and `eval`.
func ask(ctx context.Context, ix library, question string, n int) (corpus.Answer, error) {
	q, err := corpus.ParseQuery(question)
	if err != nil {
		return corpus.Answer{Question: question}, err
	}
	q.Limit = n
	a, err := ix.Ask(ctx, q)
	a.Question = strings.TrimSpace(question)
	return a, err
}

func (m *Main) runAsk(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("ask", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	asJSON := fs.Bool("json", false, "write JSON")
	n := fs.Int("n", corpus.DefaultLimit, "number of citations")
	words, err := parseLeading(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return err
	}
	if err != nil {
		return usageError{"ask: " + err.Error()}
	}
	// Answering allocates much and briefly, and adds nothing to the index.
	defer collectSeldom()()
	if *n < 1 || *n > 20 {
		return usageError{"ask: -n must be between 1 and 20"}
	}
	question := strings.Join(words, " ")
	stream := *asJSON && question == "-"
	if !stream && strings.TrimSpace(question) == "" {
		return usageError{`ask: no question given; try: briefbot ask "How many artillery shells has North Korea sent to Russia?"`}
	}
	ix, err := m.openLibrary(ctx)
	if err != nil {
		return err
	}
	if stream {
		return m.askStream(ctx, ix, *n)
	}
	a, err := ask(ctx, ix, question, *n)
	var qe *corpus.QueryError
	if errors.As(err, &qe) {
		return questionError{qe.Msg}
	}
	if err != nil {
		return err
	}
	if *asJSON {
		return json.NewEncoder(m.Stdout).Encode(toJSON(a))
	}
	m.printAnswer(a)
	return nil
}

// askStream answers one question per input line, one JSON object per
// output line, in one process.
func (m *Main) askStream(ctx context.Context, ix library, n int) error {
	r := bufio.NewReaderSize(m.Stdin, 64<<10)
	w := bufio.NewWriter(m.Stdout)
	defer w.Flush()
	enc := json.NewEncoder(w)
	for {
		line, err := r.ReadString('\n')
		if q := strings.TrimSpace(line); q != "" {
			a, aerr := ask(ctx, ix, q, n)
			out := toJSON(a)
			if aerr != nil {
				var qe *corpus.QueryError
				if !errors.As(aerr, &qe) {
					return aerr
				}
				out.Error = qe.Msg
			}
			if err := enc.Encode(out); err != nil {
				return err
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read questions: %w", err)
		}
	}
}

func (m *Main) isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// printAnswer writes an answer for people: the answer wrapped to the
// width, then each cited document once with its passages quoted, matched
// words marked (see layout.go).
func (m *Main) printAnswer(a corpus.Answer) {
	io.WriteString(m.Stdout, m.layoutFor(m.Stdout).answer(a))
}

// layoutFor is the layout for writing to w: its width, and escapes only
// on a terminal that wants them.
func (m *Main) layoutFor(w io.Writer) layout {
	isTerm := m.isTerminal(w)
	cols := 0
	if f, ok := w.(*os.File); ok && isTerm {
		cols, _, _ = term.GetSize(int(f.Fd()))
	}
	l := layout{width: layoutWidth(cols, isTerm, m.Getenv("COLUMNS")), pal: plainPalette()}
	if useANSI(isTerm, m.Getenv("NO_COLOR"), m.Getenv("TERM")) {
		l.pal = ansiPalette()
	}
	return l
}
