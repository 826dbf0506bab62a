// Command load measures how many /brief commands a running briefbot serve
// answers per second: it sends signed Slack slash commands, each a
// question from a QA file, from several workers at once for a while, and
// reports commands per second and latency percentiles.
//
//	SLACK_SIGNING_SECRET=s briefbot --data DIR serve &   # BRIEFBOT_ADDR=127.0.0.1:8080
//	SLACK_SIGNING_SECRET=s go run ./eval/load -url http://127.0.0.1:8080 -c 4 -d 20s ../shared/corpora/xquad-en.json
//
// Several -url flags spread the commands over replicas, as a load
// balancer would.
package main

import (
	"bufio"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

type urls []string

func (u *urls) String() string     { return strings.Join(*u, ",") }
func (u *urls) Set(s string) error { *u = append(*u, s); return nil }

func main() {
	var targets urls
	flag.Var(&targets, "url", "base URL of a serve (repeat for replicas)")
	workers := flag.Int("c", 4, "commands in flight at once")
	dur := flag.Duration("d", 20*time.Second, "how long to send")
	flag.Parse()
	secret := os.Getenv("SLACK_SIGNING_SECRET")
	if len(targets) == 0 || flag.NArg() != 1 || secret == "" {
		fmt.Fprintln(os.Stderr, "usage: SLACK_SIGNING_SECRET=s load -url URL [-url URL] [-c N] [-d DUR] QUESTIONS")
		os.Exit(2)
	}
	qs, err := questions(flag.Arg(0))
	if err != nil || len(qs) == 0 {
		fmt.Fprintln(os.Stderr, "load: no questions:", err)
		os.Exit(1)
	}
	ctx, cancel := context.WithTimeout(context.Background(), *dur)
	defer cancel()
	var next, failed atomic.Int64
	var mu sync.Mutex
	var lat []time.Duration
	var wg sync.WaitGroup
	client := &http.Client{Timeout: 10 * time.Second}
	start := time.Now()
	for w := 0; w < *workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := next.Add(1)
				q := qs[int(i)%len(qs)]
				target := targets[int(i)%len(targets)]
				t0 := time.Now()
				if err := command(ctx, client, target, secret, q, i); err != nil {
					if ctx.Err() == nil {
						failed.Add(1)
					}
					continue
				}
				mu.Lock()
				lat = append(lat, time.Since(t0))
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	took := time.Since(start)
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(p*float64(len(lat))))]
	}
	fmt.Printf("replicas %d  workers %d  commands %d  failed %d  %.1f commands/s  p50 %.1f ms  p99 %.1f ms\n",
		len(targets), *workers, len(lat), failed.Load(), float64(len(lat))/took.Seconds(),
		float64(pct(0.5).Microseconds())/1000, float64(pct(0.99).Microseconds())/1000)
}

// command sends one signed /brief command and reads the reply.
// Each carries its own trigger_id: the same body twice in a second is a
// replay, which serve refuses.
func command(ctx context.Context, c *http.Client, base, secret, q string, n int64) error {
	form := url.Values{"command": {"/brief"}, "text": {q}, "team_id": {"T1"}, "channel_id": {"C1"}, "user_id": {"U1"},
		"response_url": {"http://127.0.0.1:1/unused"}, "trigger_id": {strconv.FormatInt(n, 10)}}
	body := form.Encode()
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%s:%s", ts, body)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(base, "/")+"/slack/commands", strings.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return nil
}

// questions reads the questions of a JSONL or SQuAD JSON file.
func questions(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if strings.HasSuffix(path, ".json") {
		var sq struct {
			Data []struct {
				Paragraphs []struct {
					QAs []struct {
						Question string `json:"question"`
					} `json:"qas"`
				} `json:"paragraphs"`
			} `json:"data"`
		}
		if err := json.NewDecoder(f).Decode(&sq); err != nil {
			return nil, err
		}
		var out []string
		for _, d := range sq.Data {
			for _, p := range d.Paragraphs {
				for _, qa := range p.QAs {
					out = append(out, qa.Question)
				}
			}
		}
		return out, nil
	}
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var it struct {
			Question string `json:"question"`
		}
		if json.Unmarshal(sc.Bytes(), &it) == nil && it.Question != "" {
			out = append(out, it.Question)
		}
	}
	return out, sc.Err()
}
