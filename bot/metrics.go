package bot

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics counts what the bot does, for /metrics. It is shared by every
// platform adapter so one dashboard covers Slack and Discord. A nil *Metrics
// records nothing, so tests and the CLI need not build one.
type Metrics struct {
	commands   *prometheus.CounterVec
	latency    *prometheus.HistogramVec
	deliveries *prometheus.CounterVec
	votes      *prometheus.CounterVec
}

// NewMetrics registers the bot's metrics with reg (serve's own registry; no
// global state).
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		commands: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "briefbot_commands_total",
			Help: "/brief commands handled, by platform, command and outcome.",
		}, []string{"platform", "command", "outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "briefbot_answer_seconds",
			Help:    "Time to produce a reply to a /brief command, by platform and command.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2, 3, 5, 10},
		}, []string{"platform", "command"}),
		deliveries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "briefbot_deliveries_total",
			Help: "Replies and posts delivered to a platform, by platform, way (inline, deferred, post, share) and outcome (ok, error, rejected).",
		}, []string{"platform", "way", "outcome"}),
		votes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "briefbot_feedback_votes_total",
			Help: "Votes on answers recorded, by platform and vote (up: Helpful, down: Not helpful); a changed vote counts again.",
		}, []string{"platform", "vote"}),
	}
	reg.MustRegister(m.commands, m.latency, m.deliveries, m.votes)
	return m
}

// Command records one handled command. Handle calls it; adapters need not.
func (m *Metrics) Command(platform, command, outcome string, took time.Duration) {
	if m == nil {
		return
	}
	m.commands.WithLabelValues(label(platform), command, outcome).Inc()
	m.latency.WithLabelValues(label(platform), command).Observe(took.Seconds())
}

// Delivery records how a reply reached the platform: "inline" in the HTTP
// response, "deferred" through a follow-up, "post" by the Poster, "share"
// by a Post-to-channel button, "feedback" the thanks for a vote,
// "follow_up" the answer to a Discord follow-up; "rejected" counts
// requests refused before anything ran (bad signature, too large).
func (m *Metrics) Delivery(platform, way, outcome string) {
	if m == nil {
		return
	}
	m.deliveries.WithLabelValues(label(platform), way, outcome).Inc()
}

// Vote records a vote on an answer stored ("up" or "down").
func (m *Metrics) Vote(platform, vote string) {
	if m == nil {
		return
	}
	m.votes.WithLabelValues(label(platform), label(vote)).Inc()
}

func label(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}
