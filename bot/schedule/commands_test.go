package schedule

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/bot"
)

func (h *harness) chat(user, channel, text string) bot.Reply {
	b := bot.New(bot.Config{})
	h.svc.Register(b)
	return b.Handle(context.Background(), bot.Request{Platform: "slack", ChannelID: channel, UserID: user, Text: text})
}

func TestSubscribeCommand(t *testing.T) {
	h := newHarness(t)
	r := h.chat("U1", "C1", "subscribe daily 08:00 Europe/London north korea")
	if r.Kind != bot.KindMessage || r.Ephemeral || !strings.Contains(r.Text, "“north korea”") || !strings.Contains(r.Text, "daily 08:00 Europe/London") {
		t.Fatalf("subscribe: %+v", r)
	}
	subs, _ := h.store.Subscriptions(t.Context())
	if len(subs) != 1 || subs[0].Topic != "north korea" || subs[0].Schedule != "daily 08:00 Europe/London" || subs[0].CreatedBy != "U1" || subs[0].Channel != "C1" || subs[0].Platform != "slack" {
		t.Fatalf("stored %+v", subs)
	}
	if !strings.Contains(r.Text, "/brief unsubscribe "+subs[0].ID) {
		t.Errorf("reply does not say how to stop it: %q", r.Text)
	}
	// The same again is not a second subscription.
	r = h.chat("U2", "C1", "subscribe daily 08:00 Europe/London  North Korea")
	if subs, _ := h.store.Subscriptions(t.Context()); len(subs) != 1 || !strings.Contains(r.Text, "already has") {
		t.Errorf("duplicate subscribe: %q, %d subscriptions", r.Text, len(subs))
	}
	for _, tt := range []struct{ text, want string }{
		{"subscribe", "Give a schedule"},
		{"subscribe daily 8am", "HH:MM"},
		{"subscribe daily 08:00 Mars/Olympus", "not a known time zone"},
		{"subscribe * * * * *", "too often"},
		{"subscribe 0 8 * * 1-5 " + strings.Repeat("word ", 60), "too long"},
	} {
		r := h.chat("U1", "C1", tt.text)
		if r.Kind != bot.KindError || !r.Ephemeral || !strings.Contains(r.Text, tt.want) {
			t.Errorf("%s: %+v, want an error saying %q", tt.text, r, tt.want)
		}
	}
	if subs, _ := h.store.Subscriptions(t.Context()); len(subs) != 1 {
		t.Errorf("bad input added subscriptions: %d", len(subs))
	}
}

func TestAdminsOnly(t *testing.T) {
	h := newHarness(t)
	h.svc.Admins = []string{"UADMIN"}
	if r := h.chat("U1", "C1", "subscribe @daily"); r.Kind != bot.KindError || !strings.Contains(r.Text, "admins") {
		t.Errorf("non-admin subscribe: %+v", r)
	}
	if r := h.chat("UADMIN", "C1", "subscribe @daily"); r.Kind != bot.KindMessage {
		t.Errorf("admin subscribe: %+v", r)
	}
	if r := h.chat("U1", "C1", "unsubscribe"); r.Kind != bot.KindError || !strings.Contains(r.Text, "admins") {
		t.Errorf("non-admin unsubscribe: %+v", r)
	}
	// Anyone may look.
	if r := h.chat("U1", "C1", "subscriptions"); !strings.Contains(r.Text, "1 digest") {
		t.Errorf("subscriptions: %+v", r)
	}
}

func TestUnsubscribeCommand(t *testing.T) {
	h := newHarness(t)
	if r := h.chat("U1", "C1", "unsubscribe"); r.Kind != bot.KindError || !strings.Contains(r.Text, "no digests") {
		t.Errorf("unsubscribe with none: %+v", r)
	}
	a := h.subscribe("daily 08:00")
	b := h.subscribe("@every 6h sanctions")
	if r := h.chat("U1", "C1", "unsubscribe"); r.Kind != bot.KindError || !strings.Contains(r.Text, a.ID) || !strings.Contains(r.Text, b.ID) {
		t.Errorf("unsubscribe with two: %+v", r)
	}
	if r := h.chat("U1", "C1", "unsubscribe zzzzzz"); r.Kind != bot.KindError || !strings.Contains(r.Text, `no digest "zzzzzz"`) {
		t.Errorf("unknown id: %+v", r)
	}
	// Another channel's id is unknown here.
	if r := h.chat("U1", "C2", "unsubscribe "+a.ID); r.Kind != bot.KindError {
		t.Errorf("unsubscribed from another channel: %+v", r)
	}
	if r := h.chat("U1", "C1", "unsubscribe "+strings.ToUpper(b.ID)); r.Kind != bot.KindMessage || !strings.Contains(r.Text, "Stopped digest "+b.ID) {
		t.Errorf("unsubscribe %s: %+v", b.ID, r)
	}
	if r := h.chat("U1", "C1", "unsubscribe"); r.Kind != bot.KindMessage || !strings.Contains(r.Text, a.ID) {
		t.Errorf("unsubscribe the last one: %+v", r)
	}
	if subs, _ := h.store.Subscriptions(t.Context()); len(subs) != 0 {
		t.Errorf("left %+v", subs)
	}
	h.svc.Sync(t.Context(), []Declared{{Platform: "slack", Channel: "C1", Schedule: "@daily"}})
	if r := h.chat("U1", "C1", "unsubscribe"); r.Kind != bot.KindError || !strings.Contains(r.Text, "configuration file") {
		t.Errorf("unsubscribe a declared digest: %+v", r)
	}
}

func TestDigestCommandSinceLastDigest(t *testing.T) {
	h := newHarness(t)
	h.ingest(at(1, 6, 0), "old")
	h.subscribe("daily 08:00")
	h.ingest(at(1, 7, 30), "a")
	h.runAt(at(1, 8, 0))
	h.ingest(at(1, 9, 0), "b")
	h.clock.Set(at(1, 10, 0))
	r := h.chat("U1", "C1", "digest")
	if r.Kind != bot.KindDigest || !r.Ephemeral || strings.Join(docIDs(r), ",") != "b" {
		t.Fatalf("digest: kind %v ephemeral %v docs %v", r.Kind, r.Ephemeral, docIDs(r))
	}
	if !r.Digest.Since.Equal(at(1, 8, 0)) {
		t.Errorf("since %v, want the last digest", r.Digest.Since)
	}
	// It does not move the channel's watermark.
	subs, _ := h.store.Subscriptions(t.Context())
	if !subs[0].Watermark.Equal(at(1, 8, 0)) {
		t.Errorf("watermark moved to %v", subs[0].Watermark)
	}
	// A channel without digests gets the last day.
	r = h.chat("U1", "C9", "digest")
	if got := strings.Join(sortedIDs(docIDs(r)), ","); got != "a,b,old" {
		t.Errorf("digest in a new channel covers %q", got)
	}
	r = h.chat("U1", "C1", "digest volcano eruption")
	if r.Kind != bot.KindMessage || !strings.HasPrefix(r.Text, "Nothing new on “volcano eruption”") {
		t.Errorf("digest on an absent topic: %+v", r)
	}
}

// TestSubscriptionsCappedPerChannel: the default cap is 20 a channel, with
// a message saying how to make room; a duplicate is still recognised at the
// cap, other channels are not affected, declared digests count but are
// never refused, and stopping one makes room.
func TestSubscriptionsCappedPerChannel(t *testing.T) {
	h := newHarness(t)
	for i := range DefaultMaxPerChannel {
		if r := h.chat("U1", "C1", fmt.Sprintf("subscribe @every %dh", i+1)); !strings.HasPrefix(r.Text, "Subscribed") {
			t.Fatalf("subscription %d: %+v", i+1, r)
		}
	}
	r := h.chat("U1", "C1", "subscribe daily 08:00")
	if r.Kind != bot.KindError || !r.Ephemeral || r.Text != "This channel already has 20 digests, the most one channel may have. "+
		"Stop one first with /brief unsubscribe <id>; /brief subscriptions lists them." {
		t.Errorf("the 21st: %+v", r)
	}
	if r := h.chat("U1", "C1", "subscribe @every 3h"); !strings.Contains(r.Text, "already has that digest") {
		t.Errorf("a duplicate at the cap: %+v", r)
	}
	if r := h.chat("U1", "C2", "subscribe daily 08:00"); !strings.HasPrefix(r.Text, "Subscribed") {
		t.Errorf("another channel: %+v", r)
	}
	if err := h.svc.Sync(t.Context(), []Declared{{Platform: "slack", Channel: "C1", Schedule: "weekly mon 09:00"}}); err != nil {
		t.Errorf("a declared digest past the cap: %v", err)
	}
	subs, _ := h.store.Subscriptions(t.Context())
	if len(subs) != 22 {
		t.Fatalf("%d subscriptions, want 20 in C1, 1 declared past the cap, 1 in C2", len(subs))
	}
	var ids []string
	for _, sub := range subs {
		if sub.Channel == "C1" && !sub.Declared {
			ids = append(ids, sub.ID)
		}
	}
	h.chat("U1", "C1", "unsubscribe "+ids[0])
	h.chat("U1", "C1", "unsubscribe "+ids[1])
	if r := h.chat("U1", "C1", "subscribe daily 08:00"); !strings.HasPrefix(r.Text, "Subscribed") {
		t.Errorf("after stopping two of 21 (the declared one counts): %+v", r)
	}
	h.svc.MaxPerChannel = 2
	if r := h.chat("U1", "C2", "subscribe daily 09:00"); !strings.HasPrefix(r.Text, "Subscribed") {
		t.Errorf("second of 2 in C2: %+v", r)
	}
	if r := h.chat("U1", "C2", "subscribe daily 10:00"); r.Kind != bot.KindError || !strings.Contains(r.Text, "already has 2 digests") {
		t.Errorf("third of 2 in C2: %+v", r)
	}
}

// Without a zone, subscribe uses the user's own (from the platform, in
// ctx) and says so; with none known it says UTC and how to give one.
func TestSubscribeUserZone(t *testing.T) {
	h := newHarness(t)
	b := bot.New(bot.Config{})
	h.svc.Register(b)
	chat := func(ctx context.Context, channel, text string) bot.Reply {
		return b.Handle(ctx, bot.Request{Platform: "slack", ChannelID: channel, UserID: "U1", Text: text})
	}
	seoul := WithUserZone(context.Background(), "Asia/Seoul")
	r := chat(seoul, "C1", "subscribe daily 08:00 sanctions")
	if !strings.Contains(r.Text, "`daily 08:00 Asia/Seoul`") || !strings.Contains(r.Text, "Times are in Asia/Seoul, your time zone.") {
		t.Errorf("user zone: %s", r.Text)
	}
	subs, _ := h.store.Subscriptions(t.Context())
	if len(subs) != 1 || subs[0].Schedule != "daily 08:00 Asia/Seoul" || subs[0].Topic != "sanctions" {
		t.Errorf("stored %+v", subs)
	}
	r = chat(seoul, "C2", "subscribe daily 08:00 Europe/London")
	if !strings.Contains(r.Text, "Times are in Europe/London.") {
		t.Errorf("given zone: %s", r.Text)
	}
	r = chat(context.Background(), "C3", "subscribe weekly mon 09:00")
	if !strings.Contains(r.Text, "`weekly mon 09:00 UTC`") || !strings.Contains(r.Text, "Times are in UTC, as no time zone is known for you") ||
		!strings.Contains(r.Text, "`/brief subscribe daily 08:00 Europe/London`") {
		t.Errorf("no zone: %s", r.Text)
	}
	r = chat(WithUserZone(context.Background(), "Asia/Seoul"), "C4", "subscribe daily 08:00 UTC")
	if !strings.Contains(r.Text, "`daily 08:00 UTC`") || !strings.Contains(r.Text, "Times are in UTC.") {
		t.Errorf("explicit UTC: %s", r.Text)
	}
}
