package main

import (
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/briefbot/briefbot/bot/state"
	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/index"
	"github.com/briefbot/briefbot/timeline"
)

// The CLI next to a running serve. serve holds the data dir and its index
// (bbolt and scorch lock their files, so a second process cannot open them,
// not even read-only), and answers the CLI's read-only commands over a Unix
// socket in the data dir. What crosses the socket is the index's read API
// (library), not commands: ask, digest and eval run their own code on
// either side of it, so their output is the same whoever holds the index.

// localSocket is the name of serve's socket in the data dir.
const localSocket = "briefbot.sock"

// gobType marks the socket's bodies. gob, unlike JSON, carries every
// exported field, json:"-" ones included (highlights, dates, the query),
// so what a command gets through serve is what the index returned.
const gobType = "application/x-gob"

// maxSocketPath is the longest path a Unix socket can bind or connect to
// (sun_path less its terminating NUL: 107 bytes on Linux, 103 on macOS).
var maxSocketPath = len(syscall.RawSockaddrUnix{}.Path) - 1

// maxLocalRequest bounds a request body; questions are at most 4 KB.
const maxLocalRequest = 1 << 20

// library is what the read-only commands need from a data dir's index:
// the index itself when this process holds the data dir, else serve's
// through its local socket. A command that needs more adds a method here,
// to localClient (a call) and to localRoutes (a handler).
type library interface {
	Ask(ctx context.Context, q corpus.Query) (corpus.Answer, error)
	Recent(ctx context.Context, q index.RecentQuery) ([]index.Recent, error)
	Sources(ctx context.Context) ([]index.SourceInfo, error)
	// Passages and Document are what timelines read (timeline.Source).
	Passages(ctx context.Context, q timeline.PassageQuery) ([]timeline.Passage, error)
	Document(ctx context.Context, id string) (corpus.Document, bool, error)
}

// none is the request of a method without arguments: gob sends no struct
// without exported fields.
type none bool

var _ library = (*index.Index)(nil)

// openLibrary opens the data dir's index, or, when serve holds the data
// dir, reaches its index through serve's local socket.
func (m *Main) openLibrary(ctx context.Context) (library, error) {
	ix, err := m.openIndex(ctx)
	var le *lockedError
	if errors.As(err, &le) && le.byServe() {
		c, err := m.dialLocal(ctx)
		if err != nil {
			le.noSocket = err
			return nil, le
		}
		m.Logger.Debug("serve holds the data dir; asking it through its local socket", "holder", le.holder)
		return c, nil
	}
	if err != nil {
		return nil, err
	}
	return ix, nil
}

// askRequest is a question with what this process would answer it with
// that serve's index cannot be told: the recency preference and the day
// ("last year" is read against it).
type askRequest struct {
	Query   corpus.Query
	Recency float64
	Day     string // YYYY-MM-DD, UTC
}

// reply is every answer on the socket: a value, or an error as the user
// would have seen it.
type reply[T any] struct {
	Value T
	Err   *wireError
}

type wireError struct {
	Query bool   // a *corpus.QueryError: input for the user to fix
	Msg   string // userMessage of the error
}

func toWire(err error) *wireError {
	var qe *corpus.QueryError
	if errors.As(err, &qe) {
		return &wireError{Query: true, Msg: qe.Msg}
	}
	return &wireError{Msg: userMessage(err)}
}

func (e *wireError) err() error {
	switch {
	case e == nil:
		return nil
	case e.Query:
		return &corpus.QueryError{Msg: e.Msg}
	}
	return errors.New(e.Msg)
}

// utcDay is the day relative times in questions are read against.
func utcDay(t time.Time) string { return t.UTC().Format("2006-01-02") }

// recencyOf is the recency an index opened with p uses (see index.Open).
func recencyOf(p *float64) float64 {
	if p == nil || *p < 0 {
		return 1
	}
	return *p
}

// localClient is a library served by serve over its local socket.
type localClient struct {
	hc      *http.Client
	dir     string
	recency float64
	now     func() time.Time
}

// dialLocal connects to serve's local socket and checks that serve
// answers on it.
func (m *Main) dialLocal(ctx context.Context) (*localClient, error) {
	path := filepath.Join(m.DataDir, localSocket)
	if len(path) > maxSocketPath {
		return nil, fmt.Errorf("its path is %d bytes, more than the %d a Unix socket allows", len(path), maxSocketPath)
	}
	tr := &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", path)
		},
		DisableCompression: true,
	}
	m.onClose(func() error { tr.CloseIdleConnections(); return nil })
	c := &localClient{hc: &http.Client{Transport: tr}, dir: m.DataDir, recency: recencyOf(m.Recency), now: m.Now}
	// A serve that does not answer within this is wedged; a command asked
	// at a terminal says so rather than hang.
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(pctx, http.MethodGet, "http://briefbot/local/ping", nil)
	if err != nil {
		return nil, fmt.Errorf("ping: %w", err)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%s does not exist (serve may be starting)", path)
		}
		return nil, err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("ping: %s", resp.Status)
	}
	return c, nil
}

func (c *localClient) Ask(ctx context.Context, q corpus.Query) (corpus.Answer, error) {
	a, err := call[askRequest, corpus.Answer](ctx, c, "ask", askRequest{Query: q, Recency: c.recency, Day: utcDay(c.now())})
	// index.Ask answers [] for no citations; gob does not tell [] from nil.
	if a.Citations == nil {
		a.Citations = []corpus.Citation{}
	}
	return a, err
}

func (c *localClient) Recent(ctx context.Context, q index.RecentQuery) ([]index.Recent, error) {
	return call[index.RecentQuery, []index.Recent](ctx, c, "recent", q)
}

func (c *localClient) Sources(ctx context.Context) ([]index.SourceInfo, error) {
	return call[none, []index.SourceInfo](ctx, c, "sources", false)
}

func (c *localClient) Passages(ctx context.Context, q timeline.PassageQuery) ([]timeline.Passage, error) {
	return call[timeline.PassageQuery, []timeline.Passage](ctx, c, "passages", q)
}

// documentReply is Document's two results in one value.
type documentReply struct {
	Doc   corpus.Document
	Found bool
}

func (c *localClient) Document(ctx context.Context, id string) (corpus.Document, bool, error) {
	r, err := call[string, documentReply](ctx, c, "document", id)
	return r.Doc, r.Found, err
}

// call sends req to serve's route and returns its reply.
func call[Req, Resp any](ctx context.Context, c *localClient, route string, req Req) (Resp, error) {
	var zero Resp
	var body bytes.Buffer
	if err := gob.NewEncoder(&body).Encode(req); err != nil {
		return zero, fmt.Errorf("local %s: encode: %w", route, err)
	}
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://briefbot/local/"+route, &body)
	if err != nil {
		return zero, fmt.Errorf("local %s: %w", route, err)
	}
	hreq.Header.Set("Content-Type", gobType)
	resp, err := c.hc.Do(hreq)
	if err != nil {
		return zero, fmt.Errorf("briefbot serve on %s stopped answering: %w", c.dir, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return zero, fmt.Errorf("briefbot serve on %s refused %s: %s %s", c.dir, route, resp.Status, bytes.TrimSpace(msg))
	}
	var rep reply[Resp]
	if err := gob.NewDecoder(resp.Body).Decode(&rep); err != nil {
		return zero, fmt.Errorf("briefbot serve on %s: read its %s reply: %w", c.dir, route, err)
	}
	return rep.Value, rep.Err.err()
}

// localRoutes are the library's methods as serve answers them.
func (m *Main) localRoutes(env *serveEnv) map[string]http.Handler {
	ix := env.Index
	return map[string]http.Handler{
		"ask": handle(m.Logger, func(ctx context.Context, r askRequest) (corpus.Answer, error) {
			// The index answers with serve's recency and clock; a
			// command run with others would get other answers.
			if own := recencyOf(m.Recency); r.Recency != own {
				return corpus.Answer{}, fmt.Errorf("briefbot serve holds %s and answers with --recency %g; ask with --recency %g, or stop serve", m.DataDir, own, own)
			}
			if own := utcDay(m.Now()); r.Day != own {
				return corpus.Answer{}, fmt.Errorf("briefbot serve holds %s and its clock reads %s, not %s; ask again, or stop serve", m.DataDir, own, r.Day)
			}
			return ix.Ask(ctx, r.Query)
		}),
		"recent": handle(m.Logger, ix.Recent),
		"sources": handle(m.Logger, func(ctx context.Context, _ none) ([]index.SourceInfo, error) {
			return ix.Sources(ctx)
		}),
		"passages": handle(m.Logger, ix.Passages),
		"document": handle(m.Logger, func(ctx context.Context, id string) (documentReply, error) {
			d, ok, err := ix.Document(ctx, id)
			return documentReply{Doc: d, Found: ok}, err
		}),
		// The feeds admins changed in chat, kept in the state file serve
		// holds: for sources --opml.
		"feedchanges": handle(m.Logger, func(ctx context.Context, _ none) ([]state.FeedChange, error) {
			if env.Shared == nil {
				return nil, nil
			}
			return env.Shared.FeedChanges(ctx)
		}),
		// Votes on answers, for feedback.
		"feedback": handle(m.Logger, m.feedbackRoute(env)),
		// Removal writes: it runs in serve, the data dir's one writer.
		"remove": handle(m.Logger, func(ctx context.Context, r removeRequest) (removeResult, error) {
			return removeDocuments(ctx, ix, r)
		}),
	}
}

// handle serves one library method: a gob request in, a gob reply out.
func handle[Req, Resp any](log *slog.Logger, f func(context.Context, Req) (Resp, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req Req
		if err := gob.NewDecoder(http.MaxBytesReader(w, r.Body, maxLocalRequest)).Decode(&req); err != nil {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		v, err := f(r.Context(), req)
		rep := reply[Resp]{Value: v}
		if err != nil {
			rep.Err = toWire(err)
			log.DebugContext(r.Context(), "local request failed", "path", r.URL.Path, "err", err)
		}
		var out bytes.Buffer
		if err := gob.NewEncoder(&out).Encode(rep); err != nil {
			log.ErrorContext(r.Context(), "local reply not encoded", "path", r.URL.Path, "err", err)
			http.Error(w, "reply not encoded", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", gobType)
		w.Write(out.Bytes())
	})
}

// serveLocal answers the CLI on a socket in the data dir until the
// returned stop. Without one (a data dir path too long for a socket) serve
// runs on and the CLI says why it cannot run beside it.
func (m *Main) serveLocal(ctx context.Context, env *serveEnv) (stop func()) {
	ln, path, err := listenLocal(ctx, m.DataDir)
	if err != nil {
		m.Logger.Warn("no local socket: ask, digest and eval cannot run while serve does", "err", err)
		return func() {}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /local/ping", func(w http.ResponseWriter, r *http.Request) {})
	for route, h := range m.localRoutes(env) {
		mux.Handle("POST /local/"+route, h)
	}
	srv := &http.Server{
		Handler: mux,
		// Only this user can connect; the timeouts free connections a
		// CLI opened and left.
		ReadHeaderTimeout: 5 * time.Second,
		IdleTimeout:       time.Minute,
		ErrorLog:          slog.NewLogLogger(m.Logger.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return env.Requests },
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			m.Logger.Error("local socket failed", "err", err)
		}
	}()
	m.Logger.Debug("serving the CLI", "socket", path)
	return func() {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
		defer cancel()
		if err := srv.Shutdown(sctx); err != nil {
			srv.Close()
		}
		<-done
		if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
			m.Logger.Warn("local socket not removed", "err", err)
		}
	}
}

// listenLocal binds serve's socket in dir, for this user only. The caller
// holds the data dir, so a socket already there was left by a serve that
// crashed.
func listenLocal(ctx context.Context, dir string) (*net.UnixListener, string, error) {
	path := filepath.Join(dir, localSocket)
	if len(path) > maxSocketPath {
		return nil, "", fmt.Errorf("socket path %s is %d bytes, more than the %d a Unix socket allows", path, len(path), maxSocketPath)
	}
	if fi, err := os.Lstat(path); err == nil && fi.Mode().Type() != os.ModeSocket {
		return nil, "", fmt.Errorf("%s exists and is not a socket; not replacing it", path)
	}
	// The socket is bound in a private directory, made 0600 and then moved
	// into place: the data dir may be open to others, and a chmod after
	// binding in it would leave a moment when they could connect.
	tmp := filepath.Join(dir, ".briefbot.sock.d")
	if err := os.RemoveAll(tmp); err != nil {
		return nil, "", fmt.Errorf("remove %s: %w", tmp, err)
	}
	if err := os.Mkdir(tmp, 0o700); err != nil {
		return nil, "", fmt.Errorf("local socket: %w", err)
	}
	defer os.RemoveAll(tmp)
	bound := filepath.Join(tmp, "s")
	var lc net.ListenConfig
	l, err := lc.Listen(ctx, "unix", bound)
	if err != nil {
		return nil, "", fmt.Errorf("local socket: %w", err)
	}
	ln := l.(*net.UnixListener)
	// It is removed by name at stop, once moved.
	ln.SetUnlinkOnClose(false)
	if err := os.Chmod(bound, 0o600); err != nil {
		ln.Close()
		return nil, "", fmt.Errorf("local socket: %w", err)
	}
	if err := os.Rename(bound, path); err != nil {
		ln.Close()
		return nil, "", fmt.Errorf("local socket: %w", err)
	}
	return ln, path, nil
}
