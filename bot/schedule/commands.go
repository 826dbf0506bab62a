package schedule

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/digest"
	"github.com/briefbot/briefbot/bot/state"
)

// OnDemandMax is how many stories /brief digest shows: more than a
// scheduled digest, since it is asked for.
const OnDemandMax = 25

// OnDemandDefault is how far back /brief digest looks in a channel that
// has never had a digest.
const OnDemandDefault = 24 * time.Hour

// maxTopic bounds a subscription's topic, in runes.
const maxTopic = 200

// Register adds the digest commands to b.
func (s *Service) Register(b *bot.Bot) {
	for _, c := range s.Commands() {
		b.Register(c)
	}
}

// Commands are subscribe, unsubscribe, subscriptions and digest.
func (s *Service) Commands() []bot.Command {
	return []bot.Command{
		{Name: "subscribe", Usage: "subscribe <schedule> [topic words]",
			Summary: "Post a digest of what is new to this channel on a schedule, optionally on a topic.",
			Examples: []string{"subscribe daily 08:00", "subscribe weekly mon 09:00 Europe/London north korea",
				"subscribe 0 8 * * 1-5 sanctions", "subscribe @every 6h"},
			Run: s.subscribe},
		{Name: "unsubscribe", Usage: "unsubscribe [id]", Summary: "Stop one of this channel's digests.",
			Examples: []string{"unsubscribe", "unsubscribe k3m9xq"}, Run: s.unsubscribe},
		{Name: "subscriptions", Usage: "subscriptions", Summary: "List this channel's digests, when they run next and any failure.",
			Examples: []string{"subscriptions"}, Run: s.subscriptions},
		{Name: "digest", Usage: "digest [topic]", Summary: "Show you what is new since this channel's last digest.",
			Examples: []string{"digest", "digest north korea"}, Run: s.digestNow},
	}
}

func userError(msg string) (bot.Reply, error) {
	return bot.Reply{Kind: bot.KindError, Text: msg, Ephemeral: true}, nil
}

func (s *Service) maxPerChannel() int {
	if s.MaxPerChannel > 0 {
		return s.MaxPerChannel
	}
	return DefaultMaxPerChannel
}

func (s *Service) allowed(req bot.Request) bool {
	return len(s.Admins) == 0 || slices.Contains(s.Admins, req.UserID)
}

func (s *Service) channelSubs(ctx context.Context, req bot.Request) ([]state.Subscription, error) {
	all, err := s.Store.Subscriptions(ctx)
	if err != nil {
		return nil, err
	}
	var out []state.Subscription
	for _, sub := range all {
		if sub.Platform == req.Platform && sub.Channel == req.ChannelID {
			out = append(out, sub)
		}
	}
	return out, nil
}

func (s *Service) subscribe(ctx context.Context, req bot.Request, args string) (bot.Reply, error) {
	if req.ChannelID == "" {
		return userError("Subscribe from a channel: digests are posted to the channel you subscribe in.")
	}
	if !s.allowed(req) {
		return userError("Only the bot's admins may subscribe channels to digests here; ask one of them.")
	}
	if strings.TrimSpace(args) == "" {
		return userError("Give a schedule, and topic words if you want a topic. Examples: `/brief subscribe daily 08:00`, `/brief subscribe weekly mon 09:00 Europe/London north korea`, `/brief subscribe 0 8 * * 1-5 sanctions`.")
	}
	zone, zoneKnown := UserZone(ctx)
	sch, topic, err := SplitIn(args, zone)
	if err != nil {
		var se *Error
		if errors.As(err, &se) {
			return userError(se.Msg)
		}
		return bot.Reply{}, err
	}
	topic = strings.Join(strings.Fields(topic), " ")
	if utf8.RuneCountInString(topic) > maxTopic {
		return userError(fmt.Sprintf("That topic is too long; keep it under %d characters.", maxTopic))
	}
	now := s.now()
	sub, added, err := s.Store.AddLimited(ctx, state.Subscription{
		Platform: req.Platform, Channel: req.ChannelID, Schedule: sch.Spec, Topic: topic,
		CreatedBy: req.UserID, CreatedAt: now, Watermark: now, LastRun: now,
	}, s.maxPerChannel())
	if le := (*state.LimitError)(nil); errors.As(err, &le) {
		return userError(fmt.Sprintf("This channel already has %d digests, the most one channel may have. "+
			"Stop one first with /brief unsubscribe <id>; /brief subscriptions lists them.", le.Limit))
	}
	if err != nil {
		return bot.Reply{}, err
	}
	if !added {
		return bot.Reply{Kind: bot.KindMessage, Ephemeral: true,
			Text: fmt.Sprintf("This channel already has that digest (%s). `/brief subscriptions` lists them.", describe(sub))}, nil
	}
	s.nudge()
	what := "everything new"
	if topic != "" {
		what = fmt.Sprintf("what is new on “%s”", topic)
	}
	text := fmt.Sprintf(
		"Subscribed: this channel gets a digest of %s, `%s`; the first at %s. Stop it with `/brief unsubscribe %s`.",
		what, sch.Spec, formatTime(sch.Next(now), sch.Loc), sub.ID)
	if !strings.HasPrefix(sch.Spec, "@every") {
		text += " Times are in " + sch.Loc.String()
		switch {
		case zoneGiven(args, sch):
			text += "."
		case zoneKnown && sch.Loc.String() == zone:
			text += ", your time zone."
		default:
			text += ", as no time zone is known for you; to use another, end the schedule with one, e.g. `/brief subscribe daily 08:00 Europe/London`."
		}
	}
	return bot.Reply{Kind: bot.KindMessage, Text: text}, nil
}

// zoneGiven reports whether the schedule in args named its own zone.
func zoneGiven(args string, sch Schedule) bool {
	alt, _, err := SplitIn(args, "")
	return err == nil && alt.Loc.String() == sch.Loc.String() && (sch.Loc.String() != "UTC" || strings.Contains(strings.ToUpper(args), "UTC"))
}

type userZoneKey struct{}

// WithUserZone tells subscribe the asking user's own time zone (an IANA
// name, as Slack's users.info gives it), used when a schedule names none.
func WithUserZone(ctx context.Context, zone string) context.Context {
	if zone == "" {
		return ctx
	}
	return context.WithValue(ctx, userZoneKey{}, zone)
}

// UserZone is the zone WithUserZone put in ctx.
func UserZone(ctx context.Context) (string, bool) {
	z, ok := ctx.Value(userZoneKey{}).(string)
	return z, ok && z != ""
}

func (s *Service) unsubscribe(ctx context.Context, req bot.Request, args string) (bot.Reply, error) {
	if !s.allowed(req) {
		return userError("Only the bot's admins may unsubscribe channels from digests here; ask one of them.")
	}
	subs, err := s.channelSubs(ctx, req)
	if err != nil {
		return bot.Reply{}, err
	}
	id := strings.ToLower(strings.TrimSpace(args))
	if len(subs) == 0 {
		return userError("This channel has no digests to stop.")
	}
	var target *state.Subscription
	switch {
	case id == "" && len(subs) == 1:
		target = &subs[0]
	case id == "":
		return userError("This channel has several digests; say which to stop: " + listIDs(subs) + ". For example: `/brief unsubscribe " + subs[0].ID + "`.")
	default:
		for i := range subs {
			if subs[i].ID == id {
				target = &subs[i]
			}
		}
		if target == nil {
			return userError(fmt.Sprintf("There is no digest %q in this channel. Its digests: %s.", id, listIDs(subs)))
		}
	}
	if target.Declared {
		return userError(fmt.Sprintf("Digest %s is declared in the bot's configuration file; remove it there.", target.ID))
	}
	if err := s.Store.Remove(ctx, target.ID); err != nil {
		if errors.Is(err, state.ErrNotFound) {
			return userError(fmt.Sprintf("Digest %s was already stopped.", target.ID))
		}
		return bot.Reply{}, err
	}
	s.nudge()
	return bot.Reply{Kind: bot.KindMessage, Text: fmt.Sprintf("Stopped digest %s.", describe(*target))}, nil
}

func (s *Service) subscriptions(ctx context.Context, req bot.Request, args string) (bot.Reply, error) {
	subs, err := s.channelSubs(ctx, req)
	if err != nil {
		return bot.Reply{}, err
	}
	if len(subs) == 0 {
		return bot.Reply{Kind: bot.KindMessage, Ephemeral: true,
			Text: "This channel has no digests. Start one with `/brief subscribe daily 08:00` (add topic words to narrow it)."}, nil
	}
	var b strings.Builder
	if len(subs) == 1 {
		b.WriteString("This channel has 1 digest:")
	} else {
		fmt.Fprintf(&b, "This channel has %d digests:", len(subs))
	}
	for _, sub := range subs {
		b.WriteString("\n• ")
		b.WriteString(describe(sub))
		sch, err := Parse(sub.Schedule)
		loc := time.UTC
		if err == nil {
			loc = sch.Loc
		}
		if due, err := Due(sub); err == nil {
			fmt.Fprintf(&b, "; next %s", formatTime(due, loc))
		}
		if ds, err := s.Store.Deliveries(ctx, sub.ID); err == nil && len(ds) > 0 {
			last := ds[len(ds)-1]
			fmt.Fprintf(&b, "; last digest %s (%d stories)", formatTime(last.PostedAt, loc), last.Items+last.More)
		}
		if sub.Declared {
			b.WriteString("; from the config file")
		}
		if sub.Failures > 0 {
			fmt.Fprintf(&b, "\n   last post failed %s (%d in a row): %s; retrying %s",
				formatTime(sub.LastErrorAt, loc), sub.Failures, sub.LastError, formatTime(sub.RetryAt, loc))
		}
	}
	return bot.Reply{Kind: bot.KindMessage, Ephemeral: true, Text: b.String()}, nil
}

func (s *Service) digestNow(ctx context.Context, req bot.Request, args string) (bot.Reply, error) {
	topic := strings.Join(strings.Fields(args), " ")
	if utf8.RuneCountInString(topic) > maxTopic {
		return userError(fmt.Sprintf("That topic is too long; keep it under %d characters.", maxTopic))
	}
	now := s.now()
	since := now.Add(-OnDemandDefault)
	subs, err := s.channelSubs(ctx, req)
	if err != nil {
		return bot.Reply{}, err
	}
	// Since this channel's last digest: the one on this topic if there is
	// one, else the latest.
	var last time.Time
	for _, sub := range subs {
		if topic != "" && strings.EqualFold(sub.Topic, topic) {
			last = sub.Watermark
			break
		}
		if sub.Watermark.After(last) {
			last = sub.Watermark
		}
	}
	if !last.IsZero() {
		since = last
	}
	d, err := s.Digests.Build(ctx, digest.Request{Since: since, Until: now, Topic: topic, Max: OnDemandMax})
	if err != nil {
		return bot.Reply{}, err
	}
	if d.Empty() {
		return bot.Reply{Kind: bot.KindMessage, Ephemeral: true, Text: d.Heading()}, nil
	}
	return bot.Reply{Kind: bot.KindDigest, Digest: &d, Text: d.Heading(), Ephemeral: true,
		Shareable: true, ShareText: strings.TrimSpace("digest " + topic)}, nil
}

// describe is a subscription in one line: id, schedule and topic.
func describe(sub state.Subscription) string {
	s := sub.ID + ": `" + sub.Schedule + "`"
	if sub.Topic != "" {
		s += ", on “" + sub.Topic + "”"
	}
	return s
}

func listIDs(subs []state.Subscription) string {
	var parts []string
	for _, sub := range subs {
		parts = append(parts, describe(sub))
	}
	return strings.Join(parts, "; ")
}

func formatTime(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return "never"
	}
	if loc == nil {
		loc = time.UTC
	}
	return t.In(loc).Format("Mon Jan 2 15:04 MST")
}
