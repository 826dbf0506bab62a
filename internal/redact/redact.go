package redact

import (
	"context"
	"log/slog"
	"net/url"
	"regexp"
	"strings"
)

// Mask replaces a secret.
const Mask = "REDACTED"

var (
	// Slack response_url and incoming webhooks end in a bearer secret:
	// hooks.slack.com/commands/T…/123…/secret, /services/T…/B…/secret.
	slackHook = regexp.MustCompile(`(hooks\.slack(?:-gov)?\.com/(?:commands|services|actions|workflows|triggers)/)[^\s"'<>?#:]+`)
	// Discord webhooks and interaction callbacks carry the token after the id:
	// /webhooks/{application_id}/{token}, /interactions/{id}/{token}/callback.
	discordToken = regexp.MustCompile(`(/(?:webhooks|interactions)/[0-9]+/)[A-Za-z0-9._\-]+`)
	// Query values whose key names a credential.
	credQuery = regexp.MustCompile(`(?i)([?&;](?:[a-z0-9_\-]*(?:token|secret|key|sig|signature|password|passwd|pwd|auth|credential|session)[a-z0-9_\-]*)=)[^&#\s"'<>]+`)
	// userinfo in URLs: scheme://user:password@host.
	userinfo = regexp.MustCompile(`([a-zA-Z][a-zA-Z0-9+.\-]*://[^/\s:@"'<>]*:)[^@/\s"'<>]+@`)
	// Token-shaped words: Slack xox?-/xapp- tokens, Discord bot tokens
	// (three dot-separated base64url parts), Bearer values.
	slackToken   = regexp.MustCompile(`\bx(?:ox[abposr]|app)-[A-Za-z0-9\-]{8,}`)
	discordBot   = regexp.MustCompile(`\b[A-Za-z0-9_\-]{23,28}\.[A-Za-z0-9_\-]{6,7}\.[A-Za-z0-9_\-]{27,}`)
	bearer       = regexp.MustCompile(`(?i)(\b(?:bearer|bot)\s+)[A-Za-z0-9._\-]{16,}`)
	allPatterns  = []*regexp.Regexp{slackHook, discordToken, credQuery, userinfo}
	wordPatterns = []*regexp.Regexp{slackToken, discordBot}
)

// String returns s with every secret it recognises replaced by Mask.
func String(s string) string {
	if s == "" {
		return s
	}
	for _, re := range allPatterns {
		if re == userinfo {
			s = re.ReplaceAllString(s, "${1}"+Mask+"@")
			continue
		}
		s = re.ReplaceAllString(s, "${1}"+Mask)
	}
	s = bearer.ReplaceAllString(s, "${1}"+Mask)
	for _, re := range wordPatterns {
		s = re.ReplaceAllString(s, Mask)
	}
	return s
}

// Error wraps err so that its message is redacted; errors.Is and errors.As
// still see the original chain.
func Error(err error) error {
	if err == nil {
		return nil
	}
	return redacted{err}
}

type redacted struct{ err error }

func (r redacted) Error() string { return String(r.err.Error()) }
func (r redacted) Unwrap() error { return r.err }

// LooksLikeToken reports whether s is shaped like a credential that must not
// sit in a config file: a Slack token, a Discord bot token, or a Slack or
// Discord webhook URL.
func LooksLikeToken(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	if slackToken.MatchString(s) || discordBot.MatchString(s) {
		return true
	}
	if u, err := url.Parse(s); err == nil && u.Host != "" {
		return slackHook.MatchString(s) || discordToken.MatchString(u.Path)
	}
	return false
}

// Handler wraps a slog.Handler so that messages, string attributes and
// errors pass through String before they are written.
func Handler(h slog.Handler) slog.Handler { return handler{h} }

type handler struct{ next slog.Handler }

func (h handler) Enabled(ctx context.Context, l slog.Level) bool { return h.next.Enabled(ctx, l) }

func (h handler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, String(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(attr(a))
		return true
	})
	return h.next.Handle(ctx, out)
}

func (h handler) WithAttrs(as []slog.Attr) slog.Handler {
	clean := make([]slog.Attr, len(as))
	for i, a := range as {
		clean[i] = attr(a)
	}
	return handler{h.next.WithAttrs(clean)}
}

func (h handler) WithGroup(name string) slog.Handler { return handler{h.next.WithGroup(name)} }

func attr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, String(v.String()))
	case slog.KindGroup:
		g := v.Group()
		clean := make([]any, len(g))
		for i, x := range g {
			clean[i] = attr(x)
		}
		return slog.Group(a.Key, clean...)
	case slog.KindAny:
		switch x := v.Any().(type) {
		case error:
			return slog.String(a.Key, String(x.Error()))
		case interface{ String() string }:
			return slog.String(a.Key, String(x.String()))
		}
	}
	return slog.Attr{Key: a.Key, Value: v}
}
