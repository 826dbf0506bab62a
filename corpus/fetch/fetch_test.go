package fetch

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func testClient(opts Options) *Client {
	opts.AllowPrivate = true
	return New(opts)
}

func TestGetOK(t *testing.T) {
	var ua atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ua.Store(r.Header.Get("User-Agent"))
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("ETag", `"v1"`)
		io.WriteString(w, "hello")
	}))
	defer srv.Close()
	resp, err := testClient(Options{}).Get(context.Background(), Request{URL: srv.URL + "/x"})
	if err != nil {
		t.Fatal(err)
	}
	if string(resp.Body) != "hello" || resp.ContentType != "text/plain" || resp.ETag != `"v1"` || resp.URL.Path != "/x" {
		t.Errorf("got %+v", resp)
	}
	if got := ua.Load(); got != DefaultUserAgent {
		t.Errorf("User-Agent %q", got)
	}
}

func TestNotHTTP(t *testing.T) {
	c := testClient(Options{})
	for _, u := range []string{"ftp://example.com/x", "file:///etc/passwd", "javascript:alert(1)", "/relative", "gopher://x"} {
		_, err := c.Get(context.Background(), Request{URL: u})
		if !errors.Is(err, ErrNotHTTP) {
			t.Errorf("%s: err %v, want not http(s)", u, err)
		}
	}
	_, err := c.Get(context.Background(), Request{URL: "ftp://example.com/x"})
	if got := Reason(err); got != "not http(s)" {
		t.Errorf("reason %q", got)
	}
}

func TestPrivateRefused(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	c := New(Options{}) // AllowPrivate false
	port := srv.Listener.Addr().(interface{ String() string }).String()
	port = port[strings.LastIndexByte(port, ':'):]
	// By IP, and by a name that resolves to loopback: refused at dial time.
	for _, u := range []string{srv.URL, "http://localhost" + port + "/"} {
		_, err := c.Get(context.Background(), Request{URL: u})
		if !errors.Is(err, ErrPrivate) {
			t.Fatalf("%s: err %v, want private address refused", u, err)
		}
		if !strings.HasPrefix(Reason(err), "private address refused") {
			t.Errorf("reason %q", Reason(err))
		}
	}
	if hits.Load() != 0 {
		t.Errorf("server was reached %d times", hits.Load())
	}
}

func TestPrivateReason(t *testing.T) {
	for addr, want := range map[string]string{
		"127.0.0.1":          "loopback",
		"::1":                "loopback",
		"10.1.2.3":           "private",
		"192.168.0.1":        "private",
		"172.16.5.4":         "private",
		"fd00::1":            "private",
		"169.254.169.254":    "link-local",
		"fe80::1":            "link-local",
		"0.0.0.0":            "unspecified",
		"::":                 "unspecified",
		"224.0.0.1":          "multicast",
		"ff02::1":            "multicast",
		"::ffff:127.0.0.1":   "loopback",
		"100.64.0.1":         "reserved",
		"255.255.255.255":    "reserved",
		"93.184.216.34":      "",
		"2606:4700::1111":    "",
		"64:ff9b::a9fe:a9fe": "link-local (via NAT64)",
		"64:ff9b::7f00:1":    "loopback (via NAT64)",
		"64:ff9b::5db8:d822": "",
	} {
		if got := PrivateReason(netip.MustParseAddr(addr)); got != want {
			t.Errorf("%s: %q, want %q", addr, got, want)
		}
	}
	if err := refusePrivate("tcp", "10.0.0.1:80", nil); !errors.Is(err, ErrPrivate) {
		t.Errorf("dial control let 10.0.0.1 through: %v", err)
	}
	if err := refusePrivate("tcp", "[2606:4700::1111]:443", nil); err != nil {
		t.Errorf("dial control refused a public address: %v", err)
	}
}

// zeros is an endless reader, so tests can serve huge bodies without
// allocating them.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	return len(p), nil
}

func TestTooLarge(t *testing.T) {
	const fifty = 50 << 20
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("len") != "" {
			w.Header().Set("Content-Length", strconv.Itoa(fifty))
		}
		io.Copy(w, io.LimitReader(zeros{}, fifty))
	}))
	defer srv.Close()
	c := testClient(Options{})
	for _, q := range []string{"", "?len=1"} {
		_, err := c.Get(context.Background(), Request{URL: srv.URL + "/" + q})
		if !errors.Is(err, ErrTooLarge) {
			t.Fatalf("%q: err %v, want too large", q, err)
		}
		if got := Reason(err); got != "too large (over 10 MB)" {
			t.Errorf("reason %q", got)
		}
	}
	// A per-request cap overrides the client's.
	_, err := c.Get(context.Background(), Request{URL: srv.URL, MaxBytes: 1000})
	if got := Reason(err); got != "too large (over 1000 bytes)" {
		t.Errorf("reason %q", got)
	}
}

func TestRedirects(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/a", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/b", http.StatusFound) })
	mux.HandleFunc("/b", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/a", http.StatusMovedPermanently) })
	mux.HandleFunc("/n/{k}", func(w http.ResponseWriter, r *http.Request) {
		k, _ := strconv.Atoi(r.PathValue("k"))
		http.Redirect(w, r, "/n/"+strconv.Itoa(k+1), http.StatusFound)
	})
	mux.HandleFunc("/hop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/end", http.StatusFound) })
	mux.HandleFunc("/end", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "end") })
	mux.HandleFunc("/ftp", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "ftp://example.com/", http.StatusFound)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c := testClient(Options{})
	ctx := context.Background()

	_, err := c.Get(ctx, Request{URL: srv.URL + "/a"})
	if !errors.Is(err, ErrRedirectLoop) || !strings.HasPrefix(Reason(err), "redirect loop") {
		t.Errorf("loop: %v", err)
	}
	_, err = c.Get(ctx, Request{URL: srv.URL + "/n/0"})
	if !errors.Is(err, ErrTooManyRedirects) || Reason(err) != "too many redirects (over 10)" {
		t.Errorf("chain: %v", err)
	}
	_, err = c.Get(ctx, Request{URL: srv.URL + "/ftp"})
	if !errors.Is(err, ErrNotHTTP) {
		t.Errorf("redirect to ftp: %v", err)
	}
	resp, err := c.Get(ctx, Request{URL: srv.URL + "/hop"})
	if err != nil || string(resp.Body) != "end" || resp.URL.Path != "/end" {
		t.Errorf("one hop: %v %+v", err, resp)
	}
}

func TestTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(200)
		w.(http.Flusher).Flush()
		// Headers sent, body never finishes: the cap covers the body too.
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	c := testClient(Options{Timeout: 100 * time.Millisecond})
	start := time.Now()
	_, err := c.Get(context.Background(), Request{URL: srv.URL})
	if !errors.Is(err, ErrTimeout) || Reason(err) != "timed out after 100ms" {
		t.Fatalf("err %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %s", d)
	}
}

func TestStatusAndRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/missing":
			http.NotFound(w, r)
		case "/slow-down":
			w.Header().Set("Retry-After", "120")
			w.WriteHeader(http.StatusTooManyRequests)
		case "/down":
			w.Header().Set("Retry-After", now.Add(time.Hour).Format(http.TimeFormat))
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()
	c := testClient(Options{Now: func() time.Time { return now }})
	ctx := context.Background()
	_, err := c.Get(ctx, Request{URL: srv.URL + "/missing"})
	var se *StatusError
	if !errors.As(err, &se) || se.Code != 404 || Reason(err) != "HTTP 404" {
		t.Errorf("404: %v", err)
	}
	_, err = c.Get(ctx, Request{URL: srv.URL + "/slow-down"})
	if !errors.As(err, &se) || se.Code != 429 || !se.RetryAfter.Equal(now.Add(120*time.Second)) {
		t.Errorf("429: %v", err)
	}
	_, err = c.Get(ctx, Request{URL: srv.URL + "/down"})
	if !errors.As(err, &se) || se.Code != 503 || !se.RetryAfter.Equal(now.Add(time.Hour)) {
		t.Errorf("503: %v", err)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Time{
		"":                              {},
		"soon":                          {},
		"-5":                            {},
		"0":                             {},
		"30":                            now.Add(30 * time.Second),
		"999999999":                     now.Add(24 * time.Hour),
		"Sun, 01 Mar 2026 09:00:00 GMT": now.Add(time.Hour),
		"Sun, 01 Mar 2026 07:00:00 GMT": {},
	} {
		if got := ParseRetryAfter(v, now); !got.Equal(want) {
			t.Errorf("%q: %v, want %v", v, got, want)
		}
	}
}

func TestConditionalGet(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` || r.Header.Get("If-Modified-Since") == "Sun, 01 Mar 2026 08:00:00 GMT" {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		io.WriteString(w, "body")
	}))
	defer srv.Close()
	c := testClient(Options{})
	ctx := context.Background()
	resp, err := c.Get(ctx, Request{URL: srv.URL})
	if err != nil || resp.NotModified {
		t.Fatalf("first: %v %+v", err, resp)
	}
	resp, err = c.Get(ctx, Request{URL: srv.URL, ETag: resp.ETag})
	if err != nil || !resp.NotModified || len(resp.Body) != 0 {
		t.Errorf("etag: %v %+v", err, resp)
	}
	resp, err = c.Get(ctx, Request{URL: srv.URL, LastModified: "Sun, 01 Mar 2026 08:00:00 GMT"})
	if err != nil || !resp.NotModified {
		t.Errorf("last-modified: %v %+v", err, resp)
	}
}

func TestPerHostLimit(t *testing.T) {
	arrived := make(chan struct{}, 10)
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		<-release
	}))
	defer srv.Close()
	c := testClient(Options{PerHost: 2})
	done := make(chan error, 5)
	for range 5 {
		go func() {
			_, err := c.Get(context.Background(), Request{URL: srv.URL})
			done <- err
		}()
	}
	for range 2 {
		select {
		case <-arrived:
		case <-time.After(5 * time.Second):
			t.Fatal("first two requests never arrived")
		}
	}
	select {
	case <-arrived:
		t.Fatal("a third request ran while two were in flight")
	case <-time.After(100 * time.Millisecond):
	}
	close(release)
	for range 5 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.hosts) != 0 {
		t.Errorf("%d idle hosts still tracked", len(c.hosts))
	}
}

func TestFormatBytes(t *testing.T) {
	for n, want := range map[int64]string{10 << 20: "10 MB", 512 << 10: "512 KB", 100: "100 bytes", 1<<20 + 1<<19: "1.5 MB"} {
		if got := FormatBytes(n); got != want {
			t.Errorf("%d: %q, want %q", n, got, want)
		}
	}
}

func TestPerHostLimitFollowsRedirects(t *testing.T) {
	var mu sync.Mutex
	inB, maxInB := 0, 0
	release := make(chan struct{})
	b := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		inB++
		maxInB = max(maxInB, inB)
		mu.Unlock()
		<-release
		mu.Lock()
		inB--
		mu.Unlock()
	}))
	defer b.Close()
	a := httptest.NewServer(http.RedirectHandler(b.URL+"/moved", http.StatusFound))
	defer a.Close()
	c := testClient(Options{PerHost: 1})
	done := make(chan error, 3)
	for _, u := range []string{b.URL, a.URL, a.URL} {
		go func() {
			_, err := c.Get(context.Background(), Request{URL: u})
			done <- err
		}()
	}
	time.Sleep(200 * time.Millisecond) // let the redirected requests reach b's limit
	close(release)
	for range 3 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
	if maxInB != 1 {
		t.Errorf("%d requests at once reached b, limit 1", maxInB)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.hosts) != 0 {
		t.Errorf("%d idle hosts still tracked", len(c.hosts))
	}
}
