package main

import (
	"bytes"
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

func runDiscordCmd(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	m := NewMain(strings.NewReader(""), &out, &errb)
	m.Getenv = func(k string) string { return env[k] }
	code := m.Run(context.Background(), append([]string{"--data", t.TempDir(), "discord"}, args...))
	if err := m.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	return code, out.String(), errb.String()
}

func TestDiscordInvite(t *testing.T) {
	// View Channel 1<<10, Send Messages 1<<11, Embed Links 1<<14, Read
	// Message History 1<<16, Send Messages in Threads 1<<38: written out
	// here rather than taken from the constant under test.
	const want = 1<<10 | 1<<11 | 1<<14 | 1<<16 | 1<<38
	for _, tt := range []struct {
		name string
		env  map[string]string
		args []string
	}{
		{"from the environment", map[string]string{"DISCORD_APP_ID": " 1234567890123 "}, []string{"invite"}},
		{"from the flag", nil, []string{"invite", "--app-id", "1234567890123"}},
		{"the flag wins", map[string]string{"DISCORD_APP_ID": "999"}, []string{"invite", "--app-id=1234567890123"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runDiscordCmd(t, tt.env, tt.args...)
			if code != 0 || errs != "" || strings.Count(out, "\n") != 1 {
				t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
			}
			u, err := url.Parse(strings.TrimSpace(out))
			if err != nil {
				t.Fatal(err)
			}
			if u.Scheme != "https" || u.Host != "discord.com" || u.Path != "/oauth2/authorize" {
				t.Errorf("URL %s, want https://discord.com/oauth2/authorize", u)
			}
			q := u.Query()
			if q.Get("client_id") != "1234567890123" {
				t.Errorf("client_id %q", q.Get("client_id"))
			}
			if q.Get("scope") != "bot applications.commands" {
				t.Errorf("scope %q, want bot applications.commands", q.Get("scope"))
			}
			if p, err := strconv.ParseInt(q.Get("permissions"), 10, 64); err != nil || p != want {
				t.Errorf("permissions %q, want %d", q.Get("permissions"), int64(want))
			}
		})
	}
	if !strings.Contains(mustInvite(t), "permissions=274877991936") {
		t.Errorf("permissions integer changed: %s", mustInvite(t))
	}
}

func mustInvite(t *testing.T) string {
	t.Helper()
	u, err := discordInviteURL("1")
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestDiscordInviteErrors(t *testing.T) {
	for _, tt := range []struct {
		name string
		env  map[string]string
		args []string
		code int
		want string
	}{
		{"no app id", nil, []string{"invite"}, 1, "set DISCORD_APP_ID or give --app-id"},
		{"blank app id", map[string]string{"DISCORD_APP_ID": "  "}, []string{"invite"}, 1, "no application id"},
		{"not a number", nil, []string{"invite", "--app-id", "my-bot"}, 1, "is not a number"},
		{"no subcommand", nil, nil, 2, "give a subcommand: invite"},
		{"unknown subcommand", nil, []string{"kick"}, 2, `unknown subcommand "kick"`},
		{"stray argument", map[string]string{"DISCORD_APP_ID": "1"}, []string{"invite", "extra"}, 2, "no arguments"},
		{"unknown flag", nil, []string{"invite", "--perms", "8"}, 2, "perms"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runDiscordCmd(t, tt.env, tt.args...)
			if code != tt.code || out != "" || !strings.Contains(errs, tt.want) {
				t.Errorf("exit %d (want %d), stdout %q, stderr %q (want %q)", code, tt.code, out, errs, tt.want)
			}
		})
	}
}
