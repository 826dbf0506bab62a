package feed

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"

	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/corpus/fetch"
)

// Interval bounds for a feed's polling.
const (
	DefaultInterval = 30 * time.Minute
	MinInterval     = time.Minute
)

// Source is one configured feed.
type Source struct {
	URL      string
	Interval time.Duration // 0: DefaultInterval
	// Name is the source name given to its documents; "" uses the feed's
	// title.
	Name string
}

// Sink takes new documents (index.Index through a small adapter).
type Sink interface {
	Add(ctx context.Context, docs []corpus.Document) error
}

// Validators stores each feed's conditional-GET validators across
// restarts.
type Validators interface {
	Get(ctx context.Context, url string) (etag, lastModified string)
	Put(ctx context.Context, url, etag, lastModified string) error
}

// MemValidators keeps validators in memory.
type MemValidators struct {
	mu sync.Mutex
	m  map[string][2]string
}

func (v *MemValidators) Get(_ context.Context, url string) (string, string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	x := v.m[url]
	return x[0], x[1]
}

func (v *MemValidators) Put(_ context.Context, url, etag, lastModified string) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.m == nil {
		v.m = map[string][2]string{}
	}
	v.m[url] = [2]string{etag, lastModified}
	return nil
}

// Status is what the poller knows of one feed, for /brief sources.
type Status struct {
	URL      string
	Name     string
	Interval time.Duration
	Title    string // the feed's own title, as last fetched
	LastPoll time.Time
	LastOK   time.Time
	// LastError is the reason the last poll failed; "" when it succeeded.
	LastError   string
	LastErrorAt time.Time
	NextPoll    time.Time
	// Items counts new items handed to the sink since start.
	Items int
}

// SeenStore keeps the keys of a feed's items already handled, so a restart
// neither hands them to the sink again nor fetches their pages again. When
// the Validators also implement it, the poller uses it.
type SeenStore interface {
	Seen(ctx context.Context, url string) []string
	PutSeen(ctx context.Context, url string, keys []string) error
}

// PollerConfig configures NewPoller.
type PollerConfig struct {
	Fetcher    *Fetcher
	Sink       Sink
	Validators Validators // nil: in memory
	Feeds      []Source
	Now        func() time.Time
	Logger     *slog.Logger
	// Tick is how often Run looks for due feeds; 0 means 15s.
	Tick time.Duration
	// After waits between looks (time.After when nil); tests drive it
	// with their clock.
	After func(time.Duration) <-chan time.Time
	// Workers bounds feeds polled at once; 0 means 4.
	Workers int
}

// Poller polls feeds on their intervals. PollOnce polls what is due now;
// Run calls it on a ticker until its context ends.
type Poller struct {
	cfg PollerConfig

	mu    sync.Mutex
	feeds map[string]*feedState
}

type feedState struct {
	src    Source
	status Status
	seen   map[string]bool
	// seenLoaded says seen was read from the SeenStore, at the first poll:
	// Add runs at start-up, without a context for the store's I/O.
	seenLoaded bool
	polling    bool
}

// NewPoller checks the sources and returns a poller; every feed is due at
// once.
func NewPoller(cfg PollerConfig) (*Poller, error) {
	if cfg.Fetcher == nil || cfg.Sink == nil {
		return nil, errors.New("feed: poller needs a Fetcher and a Sink")
	}
	if cfg.Validators == nil {
		cfg.Validators = &MemValidators{}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Tick <= 0 {
		cfg.Tick = 15 * time.Second
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 4
	}
	p := &Poller{cfg: cfg, feeds: map[string]*feedState{}}
	for _, src := range cfg.Feeds {
		if err := p.Add(src); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// CheckSource validates a source and fills in its default interval.
func CheckSource(src Source) (Source, error) {
	if _, err := fetch.CheckURL(src.URL); err != nil {
		return src, fmt.Errorf("feed %s: %s", src.URL, fetch.Reason(err))
	}
	if src.Interval == 0 {
		src.Interval = DefaultInterval
	}
	if src.Interval < MinInterval {
		return src, fmt.Errorf("feed %s: interval %s is shorter than the minimum %s", src.URL, src.Interval, MinInterval)
	}
	return src, nil
}

// Add starts polling a feed (at the next PollOnce). Adding a URL again
// replaces its settings and keeps its status.
func (p *Poller) Add(src Source) error {
	src, err := CheckSource(src)
	if err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if st, ok := p.feeds[src.URL]; ok {
		st.src = src
		st.status.Name, st.status.Interval = src.Name, src.Interval
		return nil
	}
	p.feeds[src.URL] = &feedState{src: src, status: Status{URL: src.URL, Name: src.Name, Interval: src.Interval}}
	return nil
}

// Remove stops polling a feed; false when it was not polled.
func (p *Poller) Remove(url string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	_, ok := p.feeds[url]
	delete(p.feeds, url)
	return ok
}

// Status lists every feed's status, by URL.
func (p *Poller) Status() []Status {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]Status, 0, len(p.feeds))
	for _, st := range p.feeds {
		out = append(out, st.status)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].URL < out[j].URL })
	return out
}

// Run polls due feeds now and then every Tick until ctx ends.
func (p *Poller) Run(ctx context.Context) error {
	after := p.cfg.After
	if after == nil {
		after = time.After
	}
	for {
		p.PollOnce(ctx)
		select {
		case <-ctx.Done():
			return nil
		case <-after(p.cfg.Tick):
		}
	}
}

// PollOnce polls every feed that is due by the clock, a few at a time,
// and returns when they are done. One feed failing does not stop the
// others; its reason lands in its status.
func (p *Poller) PollOnce(ctx context.Context) {
	now := p.cfg.Now()
	p.mu.Lock()
	var due []*feedState
	for _, st := range p.feeds {
		if !st.polling && !st.status.NextPoll.After(now) {
			st.polling = true
			due = append(due, st)
		}
	}
	p.mu.Unlock()
	sort.Slice(due, func(i, j int) bool { return due[i].src.URL < due[j].src.URL })

	sem := make(chan struct{}, p.cfg.Workers)
	var wg sync.WaitGroup
	for _, st := range due {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
				defer func() { <-sem }()
				p.poll(ctx, st)
			case <-ctx.Done():
				p.mu.Lock()
				st.polling = false
				p.mu.Unlock()
			}
		}()
	}
	wg.Wait()
}

// Poll polls one feed now, whatever its schedule, and returns why it
// failed; /brief sources add uses it to refuse a bad feed at once.
func (p *Poller) Poll(ctx context.Context, url string) error {
	p.mu.Lock()
	st, ok := p.feeds[url]
	if ok && st.polling {
		p.mu.Unlock()
		return fmt.Errorf("feed %s: already being polled", url)
	}
	if ok {
		st.polling = true
	}
	p.mu.Unlock()
	if !ok {
		return fmt.Errorf("feed %s: not configured", url)
	}
	return p.poll(ctx, st)
}

// poll fetches one feed and hands its new items to the sink. Validators
// and the seen set advance only once the sink has taken the items, so a
// failed store is retried in full.
func (p *Poller) poll(ctx context.Context, st *feedState) (err error) {
	p.loadSeen(ctx, st)
	p.mu.Lock()
	src := st.src
	seen := st.seen
	p.mu.Unlock()
	log := p.cfg.Logger.With("feed", src.URL)
	start := p.cfg.Now()
	next := start.Add(src.Interval)

	var (
		title    string
		newItems int
		keys     []string
	)
	defer func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		st.polling = false
		st.status.LastPoll = start
		st.status.NextPoll = next
		if err != nil {
			st.status.LastError = Reason(err)
			st.status.LastErrorAt = start
			log.Warn("feed poll failed", "err", err, "next", next)
			return
		}
		st.status.LastOK = start
		st.status.LastError = ""
		st.status.Items += newItems
		if title != "" {
			st.status.Title = title
		}
		if keys != nil {
			// Keep only the keys of items still in the feed: the set stays
			// as small as the feed.
			m := make(map[string]bool, len(keys))
			for _, k := range keys {
				m[k] = true
			}
			st.seen = m
		}
	}()

	etag, lastMod := p.cfg.Validators.Get(ctx, src.URL)
	resp, err := p.cfg.Fetcher.Client.Get(ctx, fetch.Request{URL: src.URL, Accept: accept, ETag: etag, LastModified: lastMod})
	if err != nil {
		var se *fetch.StatusError
		if errors.As(err, &se) && se.RetryAfter.After(next) {
			next = se.RetryAfter
		}
		return err
	}
	if resp.NotModified {
		log.Debug("feed not modified")
		return nil
	}
	format := Detect(resp.ContentType, resp.Body)
	switch {
	case format == FormatHTML:
		return notAFeed(src.URL, resp)
	case !format.IsFeed():
		return &Error{URL: src.URL, Reason: "not a feed (" + orNone(resp.ContentType) + ")"}
	}
	parsed, err := Parse(resp.Body)
	if err != nil {
		return &Error{URL: src.URL, Reason: "malformed feed", Err: err}
	}
	title = parsed.Title
	docs, taken := p.cfg.Fetcher.Items(ctx, resp.URL, parsed, src.Name, func(k string) bool { return seen[k] })
	if len(docs) > 0 {
		if err := p.cfg.Sink.Add(ctx, docs); err != nil {
			return &Error{URL: src.URL, Reason: "could not store new items", Err: err}
		}
	}
	newItems = len(docs)
	// Items already seen are still in the feed; keep them in the set.
	all := make([]string, 0, len(parsed.Items))
	for _, it := range parsed.Items {
		if it != nil && seen[ItemKey(resp.URL, it)] {
			all = append(all, ItemKey(resp.URL, it))
		}
	}
	keys = append(all, taken...)
	// The sink has the items: record that even if the poll's context ends
	// now, or a restart would fetch and hand them over again.
	rctx := context.WithoutCancel(ctx)
	if ss, ok := p.cfg.Validators.(SeenStore); ok {
		if err := ss.PutSeen(rctx, src.URL, keys); err != nil {
			log.Warn("feed seen items not saved", "err", err)
		}
	}
	skipped := 0
	for _, it := range parsed.Items {
		if it != nil {
			skipped++
		}
	}
	skipped -= len(keys)
	// With an item left for a retry, a 304 next time would hide it: store
	// the validators only when every item was dealt with.
	if skipped == 0 {
		if err := p.cfg.Validators.Put(rctx, src.URL, resp.ETag, resp.LastModified); err != nil {
			log.Warn("feed validators not saved", "err", err)
		}
	}
	log.Info("feed polled", "format", format, "new", newItems, "retry_later", skipped)
	return nil
}

// loadSeen reads st's seen items from the SeenStore, once: a restart
// neither hands them to the sink again nor fetches their pages again. Only
// the one poll of st under way (polling) writes st.seen.
func (p *Poller) loadSeen(ctx context.Context, st *feedState) {
	p.mu.Lock()
	url, loaded := st.src.URL, st.seenLoaded
	p.mu.Unlock()
	ss, ok := p.cfg.Validators.(SeenStore)
	if loaded || !ok {
		return
	}
	keys := ss.Seen(ctx, url)
	if ctx.Err() != nil {
		return // read again at the next poll, not taken for none
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	st.seenLoaded = true
	if len(keys) > 0 {
		st.seen = make(map[string]bool, len(keys))
		for _, k := range keys {
			st.seen[k] = true
		}
	}
}

// notAFeed refuses an HTML page given as a feed, naming the feed the page
// advertises when it has one.
func notAFeed(rawURL string, resp *fetch.Response) error {
	reason := "is an HTML page, not a feed"
	if feeds := Discover(resp.Body, resp.URL); len(feeds) > 0 {
		reason += "; the page links to the feed " + feeds[0]
	}
	return &Error{URL: rawURL, Reason: reason}
}
