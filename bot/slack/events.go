package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/state"
	"github.com/briefbot/briefbot/internal/replay"
)

// Events: an app_mention is a question, answered in the mention's thread;
// a message in a thread the bot answered in is a follow-up, answered with
// the thread's earlier questions as context (bot/thread). Each event and
// each message is answered at most once: both are claimed in the state
// store before the acknowledgement, so Slack's retries (the same event_id,
// X-Slack-Retry-Num) and a mention that also arrives as a thread message
// find them taken, before a restart or after it.
const (
	// eventKeep is how long a handled event is remembered; Slack retries
	// for about five minutes.
	eventKeep = 24 * time.Hour
	// MaxEventText bounds the text of a message answered: Slack cuts
	// messages at 40,000 characters, so a longer one is not a person's.
	MaxEventText = 40000
	jsonType     = "application/json"
)

// serveEvents is POST /slack/events: the checks of endpoint, for a JSON
// body, then url_verification's challenge, or an event acknowledged at
// once (answered in the background). Events briefbot does not answer get a
// 200 and a log line, so that Slack does not send them again.
func (a *App) serveEvents(w http.ResponseWriter, r *http.Request) {
	id := requestID()
	defer func() {
		if p := recover(); p != nil {
			a.log.ErrorContext(r.Context(), "slack events handler panicked", "request_id", id, "panic", p, "stack", string(debug.Stack()))
		}
	}()
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "use POST", http.StatusMethodNotAllowed)
		return
	}
	if r.ContentLength > MaxBody {
		a.reject(w, r, id, http.StatusRequestEntityTooLarge, "request body too large", nil)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			a.reject(w, r, id, http.StatusRequestEntityTooLarge, "request body too large", err)
			return
		}
		a.reject(w, r, id, http.StatusBadRequest, "could not read request", err)
		return
	}
	if err := a.verify.Verify(r.Header, body); err != nil {
		a.reject(w, r, id, http.StatusUnauthorized, "invalid request signature", err)
		return
	}
	ct := r.Header.Get("Content-Type")
	if mt, _, _ := mime.ParseMediaType(ct); mt != jsonType {
		a.reject(w, r, id, http.StatusUnsupportedMediaType, "Content-Type must be "+jsonType, fmt.Errorf("slack: content type %q", ct))
		return
	}
	if !json.Valid(body) {
		a.reject(w, r, id, http.StatusBadRequest, "malformed JSON body", errors.New("slack: event body is not JSON"))
		return
	}
	switch err := a.accept(r.Header, body); {
	case errors.Is(err, replay.ErrFull):
		a.reject(w, r, id, http.StatusTooManyRequests, "too many requests; try again in a moment", err)
		return
	case errors.Is(err, replay.ErrReplayed):
		a.reject(w, r, id, http.StatusUnauthorized, "request already received", err)
		return
	case err != nil:
		a.reject(w, r, id, http.StatusUnauthorized, "invalid request signature", err)
		return
	}
	retry := r.Header.Get("X-Slack-Retry-Num")
	ev, err := slackevents.ParseEvent(body, slackevents.OptionNoVerifyToken())
	if err != nil {
		// Signed by Slack, so a type briefbot does not know or fields it
		// cannot read: refusing it would only bring it back.
		a.ignore(id, "", retry, "unreadable or unknown event", err)
		w.WriteHeader(http.StatusOK)
		return
	}
	if ev.Type == slackevents.URLVerification {
		uv, _ := ev.Data.(*slackevents.EventsAPIURLVerificationEvent)
		if uv == nil || uv.Challenge == "" {
			a.reject(w, r, id, http.StatusBadRequest, "url_verification without a challenge", nil)
			return
		}
		a.log.Info("slack events url verified", "request_id", id)
		writeJSON(w, map[string]string{"challenge": uv.Challenge})
		return
	}
	if !a.event(r.Context(), id, ev, retry) {
		// Not recorded (the state store failed, or the app is closing):
		// Slack's retry will find it unhandled.
		http.Error(w, "try again", http.StatusServiceUnavailable)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// ignore logs an event that gets no answer.
func (a *App) ignore(id, eventID, retry, why string, err error) {
	a.log.Info("slack event ignored", "request_id", id, "event_id", eventID, "retry", retry, "why", why, "err", err)
	a.cfg.Metrics.Delivery("slack", "event", "ignored")
}

// pass logs, for debugging, a message not addressed to the bot: with
// message.channels every message of the bot's channels comes here.
func (a *App) pass(id, eventID, why string) {
	a.log.Debug("slack event ignored", "request_id", id, "event_id", eventID, "why", why)
}

// incoming is a message addressed to the bot, as read from an event.
type incoming struct {
	team, channel, user string
	ts, thread          string // the message, and its thread (its own ts at top level)
	text                string // without the bot's mention
	mention             bool   // an app_mention, answered in any thread
}

// event handles an Events API event over HTTP or Socket Mode: a message
// for the bot is claimed and its answer started; anything else is logged
// and left. It reports false when the event could not be claimed and
// should come again.
func (a *App) event(ctx context.Context, id string, ev slackevents.EventsAPIEvent, retry string) bool {
	cb, _ := ev.Data.(*slackevents.EventsAPICallbackEvent)
	if ev.Type != slackevents.CallbackEvent || cb == nil {
		a.ignore(id, "", retry, "not an event_callback: "+ev.Type, nil)
		return true
	}
	if cb.EventID == "" {
		a.ignore(id, "", retry, "event_callback without event_id", nil)
		return true
	}
	m, why := readIncoming(ev, cb)
	switch why {
	case "":
	case notInThread:
		a.pass(id, cb.EventID, why)
		return true
	default:
		a.ignore(id, cb.EventID, retry, why, nil)
		return true
	}
	if a.cfg.Threads == nil || a.cfg.BotToken == "" {
		a.ignore(id, cb.EventID, retry, "cannot answer: no state store or no bot token (SLACK_BOT_TOKEN)", nil)
		return true
	}
	key := state.ThreadKey{Platform: "slack", Channel: m.channel, Thread: m.thread}
	if !m.mention {
		known, err := a.cfg.Threads.Known(ctx, key)
		if err != nil {
			a.log.Error("slack event: thread lookup failed", "request_id", id, "event_id", cb.EventID, "err", err)
			return false
		}
		if !known {
			a.pass(id, cb.EventID, "a thread the bot is not part of")
			return true
		}
	}
	if a.isClosing() {
		return false
	}
	claimed, err := a.cfg.Threads.Claim(ctx, eventKeep, "slack:event:"+cb.EventID, "slack:message:"+m.channel+":"+m.ts)
	if err != nil {
		a.log.Error("slack event: could not record it as handled", "request_id", id, "event_id", cb.EventID, "err", err)
		return false
	}
	if !claimed {
		a.ignore(id, cb.EventID, retry, "already handled (a redelivery, or the same message as another event)", nil)
		return true
	}
	req := bot.Request{Platform: "slack", ID: id, TeamID: m.team, ChannelID: m.channel, UserID: m.user, Text: m.text}
	a.log.Debug("slack event accepted", "request_id", id, "event_id", cb.EventID, "mention", m.mention, "channel", m.channel, "thread", m.thread)
	if !a.spawn(func() { a.answerInThread(id, key, req) }) {
		a.log.Warn("slack event dropped: shutting down", "request_id", id, "event_id", cb.EventID)
	}
	return true
}

// isClosing reports whether Close has begun: events then go unclaimed, for
// Slack to send again to the restarted process.
func (a *App) isClosing() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.closed
}

// answerInThread answers req, records the question in its thread and
// posts the reply there. Recorded first, so that a reply to the answer,
// however quick, finds the thread the bot's.
func (a *App) answerInThread(id string, key state.ThreadKey, req bot.Request) {
	ctx, cancel := context.WithTimeout(a.ctx, a.cfg.CommandTimeout)
	defer cancel()
	reply := a.cfg.Threads.Answer(ctx, key, req)
	if err := a.cfg.Threads.Record(ctx, key, req, reply); err != nil {
		a.log.Error("slack thread question not recorded; follow-ups there will be ignored", "request_id", id, "err", err)
	}
	err := a.postMessageWith(ctx, key.Channel, a.keep(reply).message(), nil, slack.MsgOptionTS(key.Thread))
	a.cfg.Metrics.Delivery("slack", "thread", outcomeOf(err))
	if err != nil {
		a.log.Error("slack thread reply failed", "request_id", id, "channel", key.Channel, "thread", key.Thread, "err", err)
	}
}

// readIncoming reads the message an event carries, or says why it is not
// one to answer.
func readIncoming(ev slackevents.EventsAPIEvent, cb *slackevents.EventsAPICallbackEvent) (incoming, string) {
	self := ""
	for _, au := range cb.Authorizations {
		if au.IsBot {
			self = au.UserID
		}
	}
	m := incoming{team: cb.TeamID}
	switch e := ev.InnerEvent.Data.(type) {
	case *slackevents.AppMentionEvent:
		if e.BotID != "" {
			return m, "written by a bot"
		}
		if e.Edited != nil {
			return m, "an edit"
		}
		m.mention = true
		m.channel, m.user, m.ts, m.thread, m.text = e.Channel, e.User, e.TimeStamp, e.ThreadTimeStamp, e.Text
	case *slackevents.MessageEvent:
		switch {
		case e.BotID != "" || e.SubType == "bot_message" || self != "" && e.User == self:
			return m, "written by a bot"
		case e.SubType == "message_changed" || e.SubType == "message_deleted":
			return m, "an edit"
		case e.SubType != "" && e.SubType != "thread_broadcast" && e.SubType != "file_share":
			return m, "message subtype " + e.SubType
		case e.ThreadTimeStamp == "" || e.ThreadTimeStamp == e.TimeStamp:
			return m, notInThread
		}
		m.channel, m.user, m.ts, m.thread, m.text = e.Channel, e.User, e.TimeStamp, e.ThreadTimeStamp, e.Text
	default:
		return m, "event type " + ev.InnerEvent.Type
	}
	switch {
	case m.channel == "" || m.user == "" || m.ts == "":
		return m, "missing channel, user or ts"
	case len(m.text) > MaxEventText:
		return m, "text of " + strconv.Itoa(len(m.text)) + " bytes, over " + strconv.Itoa(MaxEventText)
	}
	if m.thread == "" {
		m.thread = m.ts
	}
	m.text = plainText(m.text, self, m.mention)
	return m, ""
}

// notInThread is a channel message outside threads: not the bot's
// business unless it mentions the bot, which comes as an app_mention.
const notInThread = "not a reply in a thread"

var (
	mentionRE = regexp.MustCompile(`<@([A-Z0-9]+)(?:\|[^>]*)?>`)
	linkRE    = regexp.MustCompile(`<([^<>|]+)(?:\|([^<>]*))?>`)
)

// plainText turns Slack's message markup into the text typed: the bot's
// mentions removed (and, when the bot's id is unknown, the leading mention
// of an app_mention), other mentions, channels and links as their labels,
// and &amp; &lt; &gt; unescaped.
func plainText(s, self string, mention bool) string {
	s = strings.TrimSpace(s)
	if mention && self == "" {
		if loc := mentionRE.FindStringIndex(s); loc != nil && loc[0] == 0 {
			s = s[loc[1]:]
		}
	}
	s = mentionRE.ReplaceAllStringFunc(s, func(m string) string {
		if self != "" && mentionRE.FindStringSubmatch(m)[1] == self {
			return ""
		}
		return m
	})
	s = linkRE.ReplaceAllStringFunc(s, func(m string) string {
		sub := linkRE.FindStringSubmatch(m)
		if sub[2] != "" {
			return sub[2]
		}
		return strings.TrimLeft(sub[1], "@#!")
	})
	s = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}
