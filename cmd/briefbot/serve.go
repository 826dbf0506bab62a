package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/schedule"
	"github.com/briefbot/briefbot/bot/state"
	"github.com/briefbot/briefbot/bot/state/pgstate"
	"github.com/briefbot/briefbot/docsync"
	"github.com/briefbot/briefbot/index"
)

// serveEnv is what serve hands each part it starts: the platform adapters
// (Slack in serve_slack.go, Discord in serve_discord.go) and the digest
// scheduler and live ingestion (serve_digest.go).
type serveEnv struct {
	Index  *index.Index
	Bot    *bot.Bot
	Mux    *http.ServeMux
	Logger *slog.Logger
	// Posters are filled in by the platform adapters that can post
	// ("slack", "discord"); the digest scheduler posts through them.
	Posters map[string]bot.Poster
	// Metrics are shared by all adapters (commands, latency, deliveries);
	// Registry is serve's own Prometheus registry for any further metrics.
	Metrics  *bot.Metrics
	Registry *prometheus.Registry
	// Requests is the context of work done for a user's request (answers,
	// deferred replies): unlike serve's run context, it ends only once the
	// HTTP server has drained, so a shutdown does not cut answers short.
	Requests context.Context
	// State is serve's state file: subscriptions, deliveries, feed
	// changes, conversations, unless a database keeps them (Shared).
	State *state.Store
	// Shared keeps what replicas share (subscriptions, deliveries, feed
	// validators and changes): DB when serve has a database, else State.
	Shared sharedState
	// DB is the PostgreSQL state replicas share; nil without a database.
	DB *pgstate.Store
	// Follower brings the other replicas' documents into Index; nil
	// without a database.
	Follower *docsync.Follower

	mu     sync.Mutex
	closed bool
	wg     sync.WaitGroup
}

// Go runs f in a goroutine that serve waits for before it closes the index.
// f must return once serve's context ends. Once serve is waiting, Go runs
// nothing.
func (e *serveEnv) Go(f func()) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return
	}
	e.wg.Add(1)
	go func() {
		defer e.wg.Done()
		// A bug in background work is logged, not a crash of the server.
		defer func() {
			if p := recover(); p != nil {
				e.Logger.Error("background work panicked", "panic", p, "stack", string(debug.Stack()))
			}
		}()
		f()
	}()
}

// wait stops Go from starting more and waits for what it started.
func (e *serveEnv) wait() {
	e.mu.Lock()
	e.closed = true
	e.mu.Unlock()
	e.wg.Wait()
}

// shutdownGrace bounds how long serve waits for in-flight requests and
// background work after it is told to stop.
const shutdownGrace = 10 * time.Second

// runServe serves the chat platforms, digests, /healthz and /metrics until
// ctx ends.
func (m *Main) runServe(ctx context.Context, args []string) error {
	if len(args) > 0 {
		return usageError{fmt.Sprintf("serve takes no arguments (got %q); configure it with environment variables", args[0])}
	}
	// The whole configuration is checked before anything touches a
	// platform: a bad file must not leave Discord's commands overwritten.
	if err := m.checkServeConfig(); err != nil {
		return err
	}
	ix, err := m.openIndex(ctx)
	if err != nil {
		return err
	}
	reg := prometheus.NewRegistry()
	metrics := bot.NewMetrics(reg)
	reg.MustRegister(indexGauge(ix, "briefbot_index_documents", "Documents in the index.", false),
		indexGauge(ix, "briefbot_index_passages", "Passages in the index.", true))

	env := &serveEnv{
		Index:  ix,
		Mux:    http.NewServeMux(),
		Logger: m.Logger,
		Bot: bot.New(bot.Config{
			Asker: ix, Library: ix,
			InChannel: m.Getenv("BRIEFBOT_REPLY") == "in_channel",
			Logger:    m.Logger,
			Metrics:   metrics,
		}),
		Posters:  map[string]bot.Poster{},
		Metrics:  metrics,
		Registry: reg,
	}
	env.Mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		if msg := env.notReady(); msg != "" {
			http.Error(w, msg, http.StatusServiceUnavailable)
			return
		}
		hctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		docs, passages, err := ix.Stats(hctx)
		if err != nil {
			m.Logger.ErrorContext(hctx, "health check failed", "err", err)
			http.Error(w, "index unavailable", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintf(w, "ok: %d documents, %d passages\n", docs, passages)
	})
	env.Mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg}))

	// Background loops stop when runCtx ends: on ctx's end, or on a
	// failure to start. Request work has its own context, ended after the
	// server has drained.
	runCtx, stop := context.WithCancel(ctx)
	reqCtx, stopRequests := context.WithCancel(context.WithoutCancel(ctx))
	env.Requests = reqCtx
	defer func() {
		stop()
		stopRequests()
		env.wait()
	}()
	// The state file first: the platforms keep their conversations in it,
	// the digests their subscriptions. A damaged one stops serve, naming
	// the file, rather than forgetting every subscription.
	st, err := state.Open(m.statePath())
	if err != nil {
		return err
	}
	m.onClose(st.Close)
	env.State = st
	if err := m.openShared(runCtx, env); err != nil {
		return err
	}
	for _, start := range []func(context.Context, *serveEnv) error{m.startSlack, m.startDiscord, m.startDigests} {
		if err := start(runCtx, env); err != nil {
			return err
		}
	}
	// ask, digest and eval reach the index through serve while it runs;
	// stopped before the index closes.
	defer m.serveLocal(runCtx, env)()

	addr := m.Getenv("BRIEFBOT_ADDR")
	if addr == "" {
		addr = ":8080"
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(runCtx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("serve: listen on %s: %w", addr, err)
	}
	srv := &http.Server{
		Handler: env.Mux,
		// Slack and Discord send a few kilobytes and want an answer
		// within 3 s; handlers acknowledge within that and answer slower
		// questions in the background, so a connection that trickles its
		// request is not from them. WriteTimeout runs from the end of the
		// request headers, leaving /metrics and /healthz (bounded at 2 s)
		// ample time. IdleTimeout outlasts the 60 s of common proxies and
		// load balancers, which must close an idle connection first or may
		// send on one being closed.
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      15 * time.Second,
		IdleTimeout:       75 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(m.Logger.Handler(), slog.LevelWarn),
		// Handlers outlive the shutdown signal until the server drains.
		BaseContext: func(net.Listener) context.Context { return reqCtx },
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	m.Logger.Info("serving", "addr", ln.Addr().String())
	if m.Listening != nil {
		m.Listening(ln.Addr().String())
	}

	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	m.Logger.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
	defer cancel()
	err = srv.Shutdown(sctx)
	if errors.Is(err, context.DeadlineExceeded) {
		m.Logger.Warn("requests still running after the grace period; closing them", "grace", shutdownGrace)
		err = srv.Close()
	}
	if err != nil {
		return fmt.Errorf("serve: shutdown: %w", err)
	}
	return nil
}

// checkServeConfig loads the configuration file and checks what serve
// would otherwise find wrong only later: the declared digests' schedules.
func (m *Main) checkServeConfig() error {
	cfg, err := m.config()
	if err != nil {
		return err
	}
	var errs []error
	for i, d := range cfg.Digests {
		if _, err := schedule.Parse(d.Schedule); err != nil {
			errs = append(errs, fmt.Errorf("digests[%d] (%s %s): %w", i, d.Platform, d.Channel, err))
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("config %s: %w", cfg.Path, errors.Join(errs...))
	}
	return nil
}

// indexGauge reports the index size at scrape time.
func indexGauge(ix *index.Index, name, help string, passages bool) prometheus.GaugeFunc {
	return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, func() float64 {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		d, p, err := ix.Stats(ctx)
		if err != nil {
			return 0
		}
		if passages {
			return float64(p)
		}
		return float64(d)
	})
}
