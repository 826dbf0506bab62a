package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Defaults for Options left zero.
const (
	DefaultMaxBytes     = 10 << 20
	DefaultTimeout      = 20 * time.Second
	DefaultMaxRedirects = 10
	DefaultPerHost      = 2
	DefaultUserAgent    = "briefbot/1 (+https://github.com/briefbot/briefbot)"
)

// Options tune a Client. Zero values take the defaults above.
type Options struct {
	// AllowPrivate permits private, loopback and link-local addresses
	// (BRIEFBOT_ALLOW_PRIVATE_URLS=1; tests against httptest set it).
	AllowPrivate bool
	MaxBytes     int64         // response body cap
	Timeout      time.Duration // whole request, body included
	MaxRedirects int
	PerHost      int // concurrent requests per host
	UserAgent    string
	// Now is the clock used to read Retry-After dates.
	Now func() time.Time
}

// Client is a safe HTTP client. It is safe for concurrent use.
type Client struct {
	opts Options
	hc   *http.Client

	mu    sync.Mutex
	hosts map[string]*hostSlots
}

// New returns a Client with opts.
func New(opts Options) *Client {
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MaxRedirects <= 0 {
		opts.MaxRedirects = DefaultMaxRedirects
	}
	if opts.PerHost <= 0 {
		opts.PerHost = DefaultPerHost
	}
	if opts.UserAgent == "" {
		opts.UserAgent = DefaultUserAgent
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	c := &Client{opts: opts, hosts: map[string]*hostSlots{}}
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	if !opts.AllowPrivate {
		dialer.Control = refusePrivate
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	// A proxy would be dialled instead of the target, defeating the check.
	tr.Proxy = nil
	tr.DialContext = dialer.DialContext
	tr.ForceAttemptHTTP2 = true
	tr.MaxIdleConnsPerHost = opts.PerHost
	c.hc = &http.Client{Transport: tr, CheckRedirect: c.checkRedirect}
	return c
}

// Sentinel causes; match them with errors.Is.
var (
	ErrNotHTTP          = errors.New("not http(s)")
	ErrPrivate          = errors.New("private address refused")
	ErrTooLarge         = errors.New("too large")
	ErrRedirectLoop     = errors.New("redirect loop")
	ErrTooManyRedirects = errors.New("too many redirects")
	ErrTimeout          = errors.New("timed out")
)

// Error is a failed fetch. Reason is short and meant for users.
type Error struct {
	URL    string
	Reason string
	Err    error // one of the sentinels, or the underlying cause
}

func (e *Error) Error() string { return "fetch " + e.URL + ": " + e.Reason }
func (e *Error) Unwrap() error { return e.Err }

// StatusError is a response with a status other than 200 or 304.
type StatusError struct {
	URL  string
	Code int
	// RetryAfter is when the server asked to be tried again (429 and 503
	// with a Retry-After header); zero otherwise.
	RetryAfter time.Time
}

func (e *StatusError) Error() string { return "fetch " + e.URL + ": " + e.Reason() }

// Reason is the status in short: "HTTP 404".
func (e *StatusError) Reason() string {
	s := "HTTP " + strconv.Itoa(e.Code)
	if e.Code == http.StatusTooManyRequests || e.Code == http.StatusServiceUnavailable {
		if !e.RetryAfter.IsZero() {
			s += " (retry after " + e.RetryAfter.UTC().Format(time.RFC3339) + ")"
		}
	}
	return s
}

// Reason is the short, user-facing reason of err: the fetch reason when
// err comes from here, else err's text.
func Reason(err error) string {
	var fe *Error
	if errors.As(err, &fe) {
		return fe.Reason
	}
	var se *StatusError
	if errors.As(err, &se) {
		return se.Reason()
	}
	return err.Error()
}

// Request is one GET.
type Request struct {
	URL string
	// Accept is sent as the Accept header when set.
	Accept string
	// ETag and LastModified make the request conditional.
	ETag         string
	LastModified string
	// MaxBytes overrides the client's cap when > 0.
	MaxBytes int64
}

// Response is a complete response: the body has been read.
type Response struct {
	URL          *url.URL // after redirects
	Status       int
	ContentType  string
	Body         []byte
	NotModified  bool // 304: Body is empty
	ETag         string
	LastModified string
}

// Get fetches one URL, following redirects. A 304 is a success with
// NotModified set; any other status but 200 is a *StatusError.
func (c *Client) Get(ctx context.Context, req Request) (*Response, error) {
	u, err := CheckURL(req.URL)
	if err != nil {
		return nil, err
	}
	release, err := c.acquire(ctx, u.Host)
	if err != nil {
		return nil, err
	}
	// The slot moves with redirects to other hosts (checkRedirect).
	held := &heldSlot{host: u.Host, release: release}
	defer func() { held.release() }()
	ctx = context.WithValue(ctx, heldSlotKey{}, held)

	ctx, cancel := context.WithTimeoutCause(ctx, c.opts.Timeout, ErrTimeout)
	defer cancel()
	hreq, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, &Error{URL: req.URL, Reason: "bad URL", Err: err}
	}
	hreq.Header.Set("User-Agent", c.opts.UserAgent)
	if req.Accept != "" {
		hreq.Header.Set("Accept", req.Accept)
	}
	if req.ETag != "" {
		hreq.Header.Set("If-None-Match", req.ETag)
	}
	if req.LastModified != "" {
		hreq.Header.Set("If-Modified-Since", req.LastModified)
	}
	resp, err := c.hc.Do(hreq)
	if err != nil {
		return nil, c.wrap(ctx, req.URL, err)
	}
	defer resp.Body.Close()

	out := &Response{
		URL:          resp.Request.URL,
		Status:       resp.StatusCode,
		ContentType:  resp.Header.Get("Content-Type"),
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
	}
	switch resp.StatusCode {
	case http.StatusOK:
	case http.StatusNotModified:
		out.NotModified = true
		return out, nil
	default:
		se := &StatusError{URL: req.URL, Code: resp.StatusCode}
		if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
			se.RetryAfter = ParseRetryAfter(resp.Header.Get("Retry-After"), c.opts.Now())
		}
		return nil, se
	}

	max := c.opts.MaxBytes
	if req.MaxBytes > 0 {
		max = req.MaxBytes
	}
	tooLarge := &Error{URL: req.URL, Reason: "too large (over " + FormatBytes(max) + ")", Err: ErrTooLarge}
	if resp.ContentLength > max {
		return nil, tooLarge
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, max+1))
	if err != nil {
		return nil, c.wrap(ctx, req.URL, err)
	}
	if int64(len(body)) > max {
		return nil, tooLarge
	}
	out.Body = body
	return out, nil
}

// CheckURL parses s and refuses anything but an absolute http(s) URL.
func CheckURL(s string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return nil, &Error{URL: s, Reason: "not a URL", Err: err}
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, &Error{URL: s, Reason: "not http(s)", Err: ErrNotHTTP}
	}
	if u.Host == "" {
		return nil, &Error{URL: s, Reason: "no host in URL", Err: ErrNotHTTP}
	}
	return u, nil
}

// wrap turns a transport error into an *Error with a specific reason.
func (c *Client) wrap(ctx context.Context, rawURL string, err error) error {
	var fe *Error
	if errors.As(err, &fe) {
		// Refused at dial time or by the redirect policy; name the URL the
		// caller asked for.
		return &Error{URL: rawURL, Reason: fe.Reason, Err: fe.Err}
	}
	if errors.Is(context.Cause(ctx), ErrTimeout) {
		return &Error{URL: rawURL, Reason: "timed out after " + c.opts.Timeout.String(), Err: ErrTimeout}
	}
	if ctx.Err() != nil {
		return &Error{URL: rawURL, Reason: "canceled", Err: ctx.Err()}
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return &Error{URL: rawURL, Reason: "host not found: " + dnsErr.Name, Err: err}
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) && errors.Is(err, syscall.ECONNREFUSED) {
		return &Error{URL: rawURL, Reason: "connection refused", Err: err}
	}
	msg := err.Error()
	var ue *url.Error
	if errors.As(err, &ue) {
		msg = ue.Err.Error()
	}
	return &Error{URL: rawURL, Reason: msg, Err: err}
}

func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return &Error{URL: req.URL.String(), Reason: "redirect to a URL that is not http(s)", Err: ErrNotHTTP}
	}
	next := req.URL.String()
	for _, v := range via {
		if v.URL.String() == next {
			return &Error{URL: next, Reason: "redirect loop (back to " + next + ")", Err: ErrRedirectLoop}
		}
	}
	if len(via) > c.opts.MaxRedirects {
		return &Error{URL: next, Reason: "too many redirects (over " + strconv.Itoa(c.opts.MaxRedirects) + ")", Err: ErrTooManyRedirects}
	}
	// A redirect to another host counts against that host's limit. The old
	// slot goes first: holding one while waiting for another could
	// deadlock two fetches redirected towards each other's hosts.
	if held, ok := req.Context().Value(heldSlotKey{}).(*heldSlot); ok && !strings.EqualFold(held.host, req.URL.Host) {
		held.release()
		held.release = func() {}
		release, err := c.acquire(req.Context(), req.URL.Host)
		if err != nil {
			return err
		}
		held.host, held.release = req.URL.Host, release
	}
	return nil
}

// heldSlot is the host slot a Get holds, for checkRedirect to move.
type heldSlot struct {
	host    string
	release func()
}

type heldSlotKey struct{}

// hostSlots bounds requests to one host; users counts who holds or waits
// for a slot, so an idle host's entry can go and the map stays small in a
// long-running serve.
type hostSlots struct {
	sem   chan struct{}
	users int
}

// acquire takes one of the host's slots.
func (c *Client) acquire(ctx context.Context, host string) (func(), error) {
	host = strings.ToLower(host)
	c.mu.Lock()
	h, ok := c.hosts[host]
	if !ok {
		h = &hostSlots{sem: make(chan struct{}, c.opts.PerHost)}
		c.hosts[host] = h
	}
	h.users++
	c.mu.Unlock()
	leave := func() {
		c.mu.Lock()
		if h.users--; h.users == 0 {
			delete(c.hosts, host)
		}
		c.mu.Unlock()
	}
	select {
	case h.sem <- struct{}{}:
		return func() { <-h.sem; leave() }, nil
	case <-ctx.Done():
		leave()
		return nil, ctx.Err()
	}
}

// refusePrivate is a net.Dialer.Control: it sees the resolved address about
// to be connected to.
func refusePrivate(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return &Error{URL: address, Reason: "private address refused (unparsable address " + address + ")", Err: ErrPrivate}
	}
	if why := PrivateReason(ap.Addr()); why != "" {
		return &Error{URL: address, Reason: "private address refused (" + ap.Addr().String() + " is " + why + ")", Err: ErrPrivate}
	}
	return nil
}

var nat64 = netip.MustParsePrefix("64:ff9b::/96")

// Ranges that are not public unicast besides what netip classifies.
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),   // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, incl. broadcast
	netip.MustParsePrefix("64:ff9b:1::/48"),  // local-use NAT64
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
	netip.MustParsePrefix("fec0::/10"),       // deprecated site-local
	netip.MustParsePrefix("100::/64"),        // discard-only
	netip.MustParsePrefix("2001::/23"),       // IETF protocol assignments
	netip.MustParsePrefix("192.88.99.0/24"),  // 6to4 relay anycast
	netip.MustParsePrefix("192.0.2.0/24"),    // documentation
	netip.MustParsePrefix("198.51.100.0/24"), // documentation
	netip.MustParsePrefix("203.0.113.0/24"),  // documentation
}

// PrivateReason says why a is not a public address ("loopback",
// "private", ...), or "" when it is public.
func PrivateReason(a netip.Addr) string {
	a = a.Unmap()
	// The well-known NAT64 prefix carries an IPv4 address in its last 32
	// bits; judge that address.
	if nat64.Contains(a) {
		b := a.As16()
		if why := PrivateReason(netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})); why != "" {
			return why + " (via NAT64)"
		}
		return ""
	}
	switch {
	case !a.IsValid():
		return "invalid"
	case a.IsLoopback():
		return "loopback"
	case a.IsPrivate():
		return "private"
	case a.IsLinkLocalUnicast():
		return "link-local"
	case a.IsUnspecified():
		return "unspecified"
	case a.IsMulticast(), a.IsLinkLocalMulticast(), a.IsInterfaceLocalMulticast():
		return "multicast"
	}
	for _, p := range nonPublic {
		if p.Contains(a) {
			return "reserved"
		}
	}
	return ""
}

// ParseRetryAfter reads a Retry-After value (seconds or an HTTP date)
// relative to now; zero when absent or unreadable. Values are capped at a
// day so a bad header cannot silence a feed for good.
func ParseRetryAfter(v string, now time.Time) time.Time {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}
	}
	var t time.Time
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return time.Time{}
		}
		if secs > 86400 {
			secs = 86400
		}
		t = now.Add(time.Duration(secs) * time.Second)
	} else if d, err := http.ParseTime(v); err == nil {
		t = d
		if t.After(now.Add(24 * time.Hour)) {
			t = now.Add(24 * time.Hour)
		}
	} else {
		return time.Time{}
	}
	if !t.After(now) {
		return time.Time{}
	}
	return t
}

// FormatBytes writes n for people: "10 MB", "512 KB", "100 bytes".
func FormatBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + " MB"
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.FormatInt(n>>10, 10) + " KB"
	default:
		return strconv.FormatInt(n, 10) + " bytes"
	}
}
