package redact

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

func TestString(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"post https://hooks.slack.com/commands/T0001/123456/abcDEF123secret: 500",
			"post https://hooks.slack.com/commands/REDACTED: 500"},
		{"https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXX",
			"https://hooks.slack.com/services/REDACTED"},
		{`Post "https://discord.com/api/v10/webhooks/1234567890/aW50ZXJhY3Rpb246MTIz.abc-def_ghi/messages/@original": EOF`,
			`Post "https://discord.com/api/v10/webhooks/1234567890/REDACTED/messages/@original": EOF`},
		{"https://discord.com/api/v10/interactions/99887766/tok_en.value/callback",
			"https://discord.com/api/v10/interactions/99887766/REDACTED/callback"},
		{"https://example.com/feed.xml?token=s3cr3t&page=2",
			"https://example.com/feed.xml?token=REDACTED&page=2"},
		{"https://example.com/rss?api_key=abc&X-Amz-Signature=def",
			"https://example.com/rss?api_key=REDACTED&X-Amz-Signature=REDACTED"},
		{"https://alice:hunter2@example.com/feed", "https://alice:REDACTED@example.com/feed"},
		{"token xoxb-1234567890-abcdefghijkl in config", "token REDACTED in config"},
		{"Authorization: Bearer abcdefghijklmnopqrstuvwxyz", "Authorization: Bearer REDACTED"},
		{"MTA1MjM0NTY3ODkwMTIzNDU2Nw.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789",
			"REDACTED"},
		// Ordinary text and URLs stay as they are.
		{"https://example.com/news/2024/kursk?page=2", "https://example.com/news/2024/kursk?page=2"},
		{"index: open /data/index: file exists", "index: open /data/index: file exists"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := String(tt.in); got != tt.want {
			t.Errorf("String(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

func TestError(t *testing.T) {
	base := errors.New("boom")
	err := Error(fmt.Errorf("post https://hooks.slack.com/commands/T1/2/secret: %w", base))
	if strings.Contains(err.Error(), "secret") {
		t.Errorf("secret survived: %v", err)
	}
	if !errors.Is(err, base) {
		t.Error("errors.Is lost the chain")
	}
	if Error(nil) != nil {
		t.Error("Error(nil) != nil")
	}
}

func TestLooksLikeToken(t *testing.T) {
	for _, s := range []string{
		"xoxb-1234567890-abcdefghijkl",
		"xapp-1-A0000-123-abcdef",
		"MTA1MjM0NTY3ODkwMTIzNDU2Nw.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789",
		"https://hooks.slack.com/services/T000/B000/XXXX",
		"https://discord.com/api/webhooks/123/abcdef",
	} {
		if !LooksLikeToken(s) {
			t.Errorf("LooksLikeToken(%q) = false", s)
		}
	}
	for _, s := range []string{"", "0123456789abcdef0123456789abcdef", "C0123ABC", "https://example.com/feed", "${SLACK_BOT_TOKEN}"} {
		if LooksLikeToken(s) {
			t.Errorf("LooksLikeToken(%q) = true", s)
		}
	}
}

func TestHandler(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(Handler(slog.NewTextHandler(&buf, nil))).With("hook", "https://hooks.slack.com/commands/T1/2/withsecret")
	log.Warn("reply failed https://discord.com/api/v10/webhooks/1/msgsecret",
		"err", errors.New("Post https://example.com/x?access_token=errsecret"),
		slog.Group("g", "url", "https://x.test/?sig=groupsecret"),
		"n", 3)
	out := buf.String()
	for _, s := range []string{"withsecret", "msgsecret", "errsecret", "groupsecret"} {
		if strings.Contains(out, s) {
			t.Errorf("log holds %q:\n%s", s, out)
		}
	}
	if !strings.Contains(out, "n=3") {
		t.Errorf("non-string attr lost:\n%s", out)
	}
}

func FuzzString(f *testing.F) {
	for _, s := range []string{"https://hooks.slack.com/commands/T/1/x", "?token=a&b=c", "a://b:c@d", "xoxb-aaaaaaaaaa"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once := String(s)
		if twice := String(once); twice != once {
			t.Errorf("not idempotent: %q -> %q -> %q", s, once, twice)
		}
	})
}
