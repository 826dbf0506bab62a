package index

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"testing"

	"github.com/briefbot/briefbot/corpus"
)

// Benchmarks on ../shared read the real corpora when they are there:
//
//	go test ./index -run '^$' -bench . -benchtime 1x
//
// and skip otherwise, so `go test ./...` needs nothing outside the repo.
func sharedPath(b testing.TB, name string) string {
	b.Helper()
	dir := os.Getenv("BRIEFBOT_SHARED")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared")
	}
	p := filepath.Join(dir, "corpora", name)
	if _, err := os.Stat(p); err != nil {
		b.Skipf("%s not found (set BRIEFBOT_SHARED)", p)
	}
	return p
}

// ingestFiles loads paths and adds them in batches with two writers, as
// `briefbot ingest` does.
func ingestFiles(b *testing.B, ix *Index, paths ...string) (passages, paragraphs int) {
	ctx := context.Background()
	batches := make(chan []corpus.Document, 2)
	var wg sync.WaitGroup
	var mu sync.Mutex
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for batch := range batches {
				st, err := ix.Add(ctx, batch)
				if err != nil {
					b.Error(err)
					return
				}
				mu.Lock()
				passages += st.Passages
				mu.Unlock()
			}
		}()
	}
	var cur []corpus.Document
	size := 0
	err := corpus.Load(ctx, paths, func(d corpus.Document) error {
		cur = append(cur, d)
		paragraphs += strings.Count(d.Text, "\n\n") + 1
		if size += len(d.Text); size >= 4<<20 {
			batches <- cur
			cur, size = nil, 0
		}
		return nil
	}, func(corpus.Warning) {})
	if len(cur) > 0 {
		batches <- cur
	}
	close(batches)
	wg.Wait()
	if err != nil {
		b.Fatal(err)
	}
	return passages, paragraphs
}

// BenchmarkIngestNews2024 ingests all of news-2024.jsonl.gz (8,819
// articles, ~342k paragraphs) into an on-disk index.
func BenchmarkIngestNews2024(b *testing.B) {
	benchIngest(b, sharedPath(b, "news-2024.jsonl.gz"))
}

// BenchmarkIngestScaled ingests a larger corpus written by eval/scale:
//
//	go run ./eval/scale -copies 4 -o /tmp/news-4x.jsonl.gz
//	BRIEFBOT_BENCH_CORPUS=/tmp/news-4x.jsonl.gz go test ./index -run '^$' -bench IngestScaled -benchtime 1x
func BenchmarkIngestScaled(b *testing.B) {
	path := os.Getenv("BRIEFBOT_BENCH_CORPUS")
	if path == "" {
		b.Skip("BRIEFBOT_BENCH_CORPUS not set")
	}
	benchIngest(b, path)
}

// benchIngest ingests paths into a new on-disk index as `briefbot ingest`
// does, compaction included.
func benchIngest(b *testing.B, paths ...string) {
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(640 << 20))
	var paragraphs int
	for b.Loop() {
		ix, err := Open(context.Background(), filepath.Join(b.TempDir(), "index"), Options{})
		if err != nil {
			b.Fatal(err)
		}
		var passages int
		passages, paragraphs = ingestFiles(b, ix, paths...)
		segments, err := ix.Compact(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		ix.Close()
		b.ReportMetric(float64(passages), "passages")
		b.ReportMetric(float64(segments), "segments")
	}
	b.ReportMetric(float64(paragraphs)*float64(b.N)/b.Elapsed().Seconds(), "paragraphs/s")
}

var xquadOnce sync.Once

// xquadInNews opens (building once per machine) the XQuAD-in-news index.
func xquadInNews(b *testing.B) *Index {
	news := sharedPath(b, "news-2024.jsonl.gz")
	xq := sharedPath(b, "xquad-en.json")
	dir := filepath.Join(os.TempDir(), "briefbot-bench-xquad-in-news")
	if _, err := os.Stat(filepath.Join(dir, "docs.db")); err != nil {
		os.RemoveAll(dir)
		ix, err := Open(context.Background(), dir, Options{})
		if err != nil {
			b.Fatal(err)
		}
		ingestFiles(b, ix, xq, news)
		ix.Close()
	}
	ix, err := Open(context.Background(), dir, Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ix.Close() })
	return ix
}

func xquadQuestions(b testing.TB) []string {
	raw, err := os.ReadFile(sharedPath(b, "xquad-en.json"))
	if err != nil {
		b.Fatal(err)
	}
	var sq struct {
		Data []struct {
			Paragraphs []struct {
				QAs []struct{ Question string } `json:"qas"`
			} `json:"paragraphs"`
		} `json:"data"`
	}
	if err := json.Unmarshal(raw, &sq); err != nil {
		b.Fatal(err)
	}
	var qs []string
	for _, a := range sq.Data {
		for _, p := range a.Paragraphs {
			for _, q := range p.QAs {
				qs = append(qs, q.Question)
			}
		}
	}
	return qs
}

// BenchmarkAskXQuADInNews times Ask (retrieval, rerank, answer sentence)
// over XQuAD's questions against the 342k-paragraph news index.
func BenchmarkAskXQuADInNews(b *testing.B) {
	ix := xquadInNews(b)
	benchAsk(b, ix, xquadQuestions(b))
}

// BenchmarkAdd and BenchmarkAsk run on the small test corpus, anywhere.
func BenchmarkAdd(b *testing.B) {
	ix := openTest(b, nil)
	docs := readDocs(b, "testdata/corpus.jsonl")
	n := 0
	for b.Loop() {
		batch := make([]corpus.Document, len(docs))
		for j, d := range docs {
			d.ID = fmt.Sprintf("%s-%d", d.ID, n)
			d.Text = strings.Repeat(d.Text+"\n\n", 3)
			batch[j] = d
		}
		n++
		if _, err := ix.Add(context.Background(), batch); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAsk(b *testing.B) {
	ix := testIndex(b)
	benchAsk(b, ix, []string{"How many artillery shells has North Korea shipped to Russia?", "Where does Moscow build Shahed drones?", "Who won Eurovision?"})
}

// benchAsk asks the questions in turn, one per iteration.
func benchAsk(b *testing.B, ix *Index, qs []string) {
	i := 0
	for b.Loop() {
		q, _ := corpus.ParseQuery(qs[i%len(qs)])
		i++
		if _, err := ix.Ask(context.Background(), q); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAskXQuADInIndex times Ask over XQuAD's questions against an
// index built elsewhere, such as the 4x corpus of eval/scale:
//
//	BRIEFBOT_BENCH_INDEX=/tmp/x4/index go test ./index -run '^$' -bench AskXQuADInIndex
func BenchmarkAskXQuADInIndex(b *testing.B) {
	dir := os.Getenv("BRIEFBOT_BENCH_INDEX")
	if dir == "" {
		b.Skip("BRIEFBOT_BENCH_INDEX not set")
	}
	ix, err := Open(context.Background(), dir, Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ix.Close() })
	benchAsk(b, ix, xquadQuestions(b))
}

// BenchmarkOpenAndAsk is one `briefbot ask`: open the test index, answer
// one question, close. With Answering the word vectors are read while
// the index opens.
func BenchmarkOpenAndAsk(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "index")
	ix, err := Open(context.Background(), dir, Options{})
	if err != nil {
		b.Fatal(err)
	}
	withCorpus(b, ix)
	ix.Close()
	for _, answering := range []bool{false, true} {
		b.Run(fmt.Sprintf("answering=%v", answering), func(b *testing.B) {
			for b.Loop() {
				ix, err := Open(context.Background(), dir, Options{Answering: answering})
				if err != nil {
					b.Fatal(err)
				}
				q, _ := corpus.ParseQuery("How many artillery shells has North Korea shipped to Russia?")
				if _, err := ix.Ask(context.Background(), q); err != nil {
					b.Fatal(err)
				}
				ix.Close()
			}
		})
	}
}
