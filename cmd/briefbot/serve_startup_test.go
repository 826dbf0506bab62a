package main

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A bad configuration stops serve before it touches a platform: Discord's
// commands are not overwritten and nothing listens.
func TestServeRejectsBadConfigBeforePlatforms(t *testing.T) {
	for _, tt := range []struct {
		name, config, want string
	}{
		{"unparseable file", "digests:\n  - platform: irc\n    channel: C1\n    schedule: daily 08:00\n", "must be slack or discord"},
		{"bad schedule", "digests:\n  - platform: discord\n    channel: \"900000000000000001\"\n    schedule: fortnightly at noon\n", "digests[0]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			api, reqs := fakeDiscordAPI(t)
			pub, _, _ := ed25519.GenerateKey(nil)
			data := serveCorpus(t)
			cfgPath := filepath.Join(t.TempDir(), "briefbot.yaml")
			if err := os.WriteFile(cfgPath, []byte(tt.config), 0o644); err != nil {
				t.Fatal(err)
			}
			env := map[string]string{
				"BRIEFBOT_CONFIG":    cfgPath,
				"BRIEFBOT_ADDR":      "127.0.0.1:0",
				"DISCORD_PUBLIC_KEY": hex.EncodeToString(pub),
				"DISCORD_BOT_TOKEN":  "startup-token",
				"DISCORD_APP_ID":     "app-startup",
				"DISCORD_GUILD_ID":   "g-startup",
				"DISCORD_API_URL":    api,
			}
			logs := &serveBuffer{}
			m := NewMain(strings.NewReader(""), io.Discard, logs)
			m.Getenv = func(k string) string { return env[k] }
			m.Listening = func(a string) { t.Errorf("serve listened on %s with a bad config", a) }
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			code := m.Run(ctx, []string{"--data", data, "serve"})
			if err := m.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
			out := logs.String()
			if code == 0 || !strings.Contains(out, tt.want) || !strings.Contains(out, cfgPath) {
				t.Errorf("exit %d, want non-zero naming %s and %q:\n%s", code, cfgPath, tt.want, out)
			}
			select {
			case r := <-reqs:
				t.Errorf("Discord API called with a bad config: %s %s", r.Method, r.Path)
			case <-time.After(200 * time.Millisecond):
			}
		})
	}
}
