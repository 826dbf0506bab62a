package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// RunSocketMode serves commands and interactions over Socket Mode (no public
// URL needed) until ctx ends. It needs the app-level token.
func (a *App) RunSocketMode(ctx context.Context) error {
	if a.cfg.AppToken == "" {
		return errors.New("slack: socket mode needs an app-level token (xapp-)")
	}
	client := socketmode.New(a.api, socketmode.OptionLog(slog.NewLogLogger(a.log.Handler(), slog.LevelDebug)))
	errc := make(chan error, 1)
	go func() { errc <- client.RunContext(ctx) }()
	for {
		select {
		case err := <-errc:
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("slack: socket mode: %w", err)
		case evt := <-client.Events:
			a.socketEvent(ctx, client, evt)
		}
	}
}

func (a *App) socketEvent(ctx context.Context, client *socketmode.Client, evt socketmode.Event) {
	switch evt.Type {
	case socketmode.EventTypeConnecting:
		a.log.Debug("slack socket mode connecting")
	case socketmode.EventTypeConnected:
		a.log.Info("slack socket mode connected")
	case socketmode.EventTypeConnectionError, socketmode.EventTypeIncomingError, socketmode.EventTypeErrorWriteFailed:
		a.log.Warn("slack socket mode trouble", "type", evt.Type, "err", evt.Data)
	case socketmode.EventTypeInvalidAuth:
		a.log.Error("slack socket mode: invalid app token")
	case socketmode.EventTypeSlashCommand:
		cmd, ok := evt.Data.(slack.SlashCommand)
		if !ok || evt.Request == nil {
			return
		}
		req := *evt.Request
		id := requestID()
		if !a.spawn(func() {
			a.answer(ctx, id, cmd,
				func(msg *slack.WebhookMessage) error { return client.AckCtx(ctx, req.EnvelopeID, msg) },
				func() error { return client.AckCtx(ctx, req.EnvelopeID, nil) })
		}) {
			// Closing: still acknowledge, so the user sees why.
			if err := client.AckCtx(ctx, req.EnvelopeID, Message(shuttingDown)); err != nil {
				a.log.Warn("slack socket mode ack failed", "request_id", id, "err", err)
			}
		}
	case socketmode.EventTypeInteractive:
		if evt.Request != nil {
			if err := client.AckCtx(ctx, evt.Request.EnvelopeID, nil); err != nil {
				a.log.Warn("slack socket mode ack failed", "err", err)
			}
		}
		cb, ok := evt.Data.(slack.InteractionCallback)
		if !ok {
			a.log.Warn("slack socket mode: unexpected interaction data", "type", fmt.Sprintf("%T", evt.Data))
			return
		}
		a.interact(requestID(), cb)
	case socketmode.EventTypeEventsAPI:
		ev, ok := evt.Data.(slackevents.EventsAPIEvent)
		if evt.Request == nil {
			return
		}
		id := requestID()
		retry := ""
		if n := evt.Request.RetryAttempt; n > 0 {
			retry = strconv.Itoa(n)
		}
		envelope := evt.Request.EnvelopeID
		// Claiming writes the state file; envelopes are not kept waiting
		// on one another's writes. Closing, none is claimed or
		// acknowledged, and Slack sends them again.
		a.spawn(func() {
			switch {
			case !ok:
				a.ignore(id, "", retry, fmt.Sprintf("unexpected events_api data %T", evt.Data), nil)
			case !a.event(ctx, id, ev, retry):
				return // unclaimed: unacknowledged, Slack sends it again
			}
			if err := client.AckCtx(ctx, envelope, nil); err != nil {
				a.log.Warn("slack socket mode ack failed", "request_id", id, "err", err)
			}
		})
	case socketmode.EventTypeErrorBadMessage:
		a.badMessage(ctx, client, evt)
	}
}

// badMessage handles what the socket mode client could not parse: an
// event of a type slack-go does not know, or fields it cannot read. An
// envelope is acknowledged, so that Slack does not send it again, and the
// message is logged.
func (a *App) badMessage(ctx context.Context, client *socketmode.Client, evt socketmode.Event) {
	bad, _ := evt.Data.(*socketmode.ErrorBadMessage)
	if bad == nil {
		a.log.Warn("slack socket mode trouble", "type", evt.Type, "err", evt.Data)
		return
	}
	var req socketmode.Request
	if json.Unmarshal(bad.Message, &req) != nil || req.EnvelopeID == "" {
		a.log.Warn("slack socket mode: unreadable message", "err", bad.Cause)
		return
	}
	a.ignore(requestID(), "", strconv.Itoa(req.RetryAttempt), "unreadable or unknown "+req.Type+" envelope", bad.Cause)
	if err := client.AckCtx(ctx, req.EnvelopeID, nil); err != nil {
		a.log.Warn("slack socket mode ack failed", "err", err)
	}
}
