// Command differ lists the differences in figures (issue #10) that `ask
// --json` surfaced over a set of questions, and draws a fixed random
// sample of them to be read against their passages:
//
//	briefbot --data DIR ask --json - < eval/differ/questions.txt > /tmp/answers.jsonl
//	go run ./eval/differ -n 30 -seed 2024 -judged eval/differ/judged.tsv /tmp/answers.jsonl
//
// It prints how many questions were asked, how many got differences and
// how many differences there were; then the sample, each difference with
// the sentence around every figure it quotes. A judged file (one line a
// difference: its key, a tab, "real" or "false", a tab, a note) gives the
// verdicts of earlier readings: the sample's precision is counted over
// them, and differences not yet judged are marked so.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strings"
)

type citation struct {
	N         int    `json:"n"`
	Source    string `json:"source"`
	Published string `json:"published"`
	Passage   string `json:"passage"`
}

type claim struct {
	Value     string `json:"value"`
	N         int    `json:"n"`
	Source    string `json:"source"`
	Published string `json:"published"`
	By        string `json:"by"`
	Period    string `json:"period"`
}

type difference struct {
	About  string  `json:"about"`
	Kind   string  `json:"kind"`
	Claims []claim `json:"claims"`
}

type answer struct {
	Question    string       `json:"question"`
	Citations   []citation   `json:"citations"`
	Differences []difference `json:"differences"`
}

// surfaced is one difference with the answer it came with.
type surfaced struct {
	a *answer
	d difference
}

// key names a difference across runs: the question, what it counts and
// its figures with their sources and dates.
func (s surfaced) key() string {
	var cs []string
	for _, c := range s.d.Claims {
		cs = append(cs, c.Value+" ("+c.Source+" "+c.Published+")")
	}
	return s.a.Question + " | " + s.d.Kind + " " + s.d.About + ": " + strings.Join(cs, " · ")
}

func main() {
	n := flag.Int("n", 30, "differences to sample (0: list all)")
	seed := flag.Uint64("seed", 2024, "seed of the sample")
	judged := flag.String("judged", "", "file of verdicts: key<TAB>real|false<TAB>note")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: differ [-n 30] [-seed 2024] [-judged FILE] ANSWERS.jsonl")
		os.Exit(2)
	}
	if err := run(os.Stdout, flag.Arg(0), *judged, *n, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "differ:", err)
		os.Exit(1)
	}
}

func run(w io.Writer, path, judgedPath string, n int, seed uint64) error {
	answers, err := readAnswers(path)
	if err != nil {
		return err
	}
	verdicts := map[string]string{}
	if judgedPath != "" {
		if verdicts, err = readVerdicts(judgedPath); err != nil {
			return err
		}
	}
	var all []surfaced
	asked := 0
	for i := range answers {
		if len(answers[i].Differences) > 0 {
			asked++
		}
		for _, d := range answers[i].Differences {
			all = append(all, surfaced{&answers[i], d})
		}
	}
	fmt.Fprintf(w, "questions %d, with differences %d, differences %d\n", len(answers), asked, len(all))
	sample := all
	if n > 0 && n < len(all) {
		r := rand.New(rand.NewPCG(seed, seed))
		sample = nil
		for _, i := range r.Perm(len(all))[:n] {
			sample = append(sample, all[i])
		}
	}
	real, judged := 0, 0
	for i, s := range sample {
		v := verdicts[s.key()]
		switch v {
		case "real":
			real++
			judged++
		case "false":
			judged++
		default:
			v = "UNJUDGED"
		}
		fmt.Fprintf(w, "\n%d. [%s] %s\n", i+1, v, s.key())
		for _, c := range s.d.Claims {
			fmt.Fprintf(w, "   [%d] %s, per %q, %s: %s\n", c.N, c.Value, c.By, c.Period, around(s.a.Citations, c))
		}
	}
	if judged > 0 {
		fmt.Fprintf(w, "\nreal %d of %d judged (%.0f%%), %d of the sample unjudged\n", real, judged, 100*float64(real)/float64(judged), len(sample)-judged)
	}
	return nil
}

// around is the text about a claim's figure in its cited passage.
func around(cs []citation, c claim) string {
	for _, ci := range cs {
		if ci.N != c.N {
			continue
		}
		p := ci.Passage
		i := strings.Index(p, c.Value)
		if i < 0 {
			return "(figure not found in the passage)"
		}
		a, b := max(0, i-220), min(len(p), i+len(c.Value)+140)
		return strings.Join(strings.Fields(strings.ToValidUTF8(p[a:b], "")), " ")
	}
	return "(citation missing)"
}

func readAnswers(path string) ([]answer, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("answers: %w", err)
	}
	defer f.Close()
	var out []answer
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		var a answer
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			return nil, fmt.Errorf("answers %s line %d: %w", path, len(out)+1, err)
		}
		out = append(out, a)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("answers %s: %w", path, err)
	}
	return out, nil
}

func readVerdicts(path string) (map[string]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("verdicts: %w", err)
	}
	out := map[string]string{}
	for i, line := range strings.Split(string(b), "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 2 || f[1] != "real" && f[1] != "false" {
			return nil, fmt.Errorf("verdicts %s line %d: want key<TAB>real|false<TAB>note", path, i+1)
		}
		out[f[0]] = f[1]
	}
	return out, nil
}
