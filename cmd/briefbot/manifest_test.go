package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// slackManifest is the part of Slack's app manifest schema briefbot fills in
// (https://docs.slack.dev/reference/app-manifest).
type slackManifest struct {
	Metadata struct {
		MajorVersion int `yaml:"major_version"`
	} `yaml:"_metadata"`
	DisplayInformation struct {
		Name string `yaml:"name"`
	} `yaml:"display_information"`
	Features struct {
		BotUser *struct {
			DisplayName string `yaml:"display_name"`
		} `yaml:"bot_user"`
		SlashCommands []struct {
			Command     string `yaml:"command"`
			URL         string `yaml:"url"`
			Description string `yaml:"description"`
		} `yaml:"slash_commands"`
	} `yaml:"features"`
	OAuthConfig struct {
		Scopes struct {
			Bot []string `yaml:"bot"`
		} `yaml:"scopes"`
	} `yaml:"oauth_config"`
	Settings struct {
		EventSubscriptions struct {
			RequestURL string   `yaml:"request_url"`
			BotEvents  []string `yaml:"bot_events"`
		} `yaml:"event_subscriptions"`
		Interactivity struct {
			IsEnabled  bool   `yaml:"is_enabled"`
			RequestURL string `yaml:"request_url"`
		} `yaml:"interactivity"`
		SocketModeEnabled bool `yaml:"socket_mode_enabled"`
	} `yaml:"settings"`
}

// slackAPIScopes maps every Slack Web API call bot/slack makes to the bot
// scope it needs. A call missing here fails TestSlackManifest: add it with
// its scope, and the scope to both manifests.
var slackAPIScopes = map[string][]string{
	"PostMessageContext":            {"chat:write"},                         // answers, digests
	"GetConversationHistoryContext": {"channels:history", "groups:history"}, // digest already posted?
	"GetConversationRepliesContext": {"channels:history", "groups:history"},
	"AuthTestContext":               nil,
	"UpdateMessageContext":          {"chat:write"},
	"PostEphemeralContext":          {"chat:write"},
	"DeleteMessageContext":          {"chat:write"},
	"GetUserInfoContext":            {"users:read"},
	"GetConversationInfoContext":    {"channels:read", "groups:read"},
	"AddReactionContext":            {"reactions:write"},
	"OpenViewContext":               nil,
	"GetPermalinkContext":           nil,
}

// slackEventScopes are the events bot/slack handles (events.go readIncoming:
// AppMentionEvent, MessageEvent in threads) with the scope each needs.
var slackEventScopes = map[string]string{
	"app_mention":      "app_mentions:read",
	"message.channels": "channels:history",
	"message.groups":   "groups:history",
}

func readSlackManifest(t *testing.T, name string) (slackManifest, string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "deploy", name))
	if err != nil {
		t.Fatal(err)
	}
	var m slackManifest
	dec := yaml.NewDecoder(strings.NewReader(string(b)))
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("%s does not parse: %v", name, err)
	}
	return m, string(b)
}

// slackCodeRoutes are the paths bot/slack registers (app.go Register).
func slackCodeRoutes(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "bot", "slack", "app.go"))
	if err != nil {
		t.Fatal(err)
	}
	var routes []string
	for _, m := range regexp.MustCompile(`mux\.Handle(?:Func)?\("(?:[A-Z]+ )?(/slack/[a-z]+)"`).FindAllStringSubmatch(string(b), -1) {
		routes = append(routes, m[1])
	}
	sort.Strings(routes)
	if len(routes) < 3 {
		t.Fatalf("found routes %v in bot/slack/app.go; has Register changed shape?", routes)
	}
	return routes
}

// slackCodeScopes are the scopes the code needs: /brief, the events it
// handles and the Web API methods it calls anywhere in bot/slack.
func slackCodeScopes(t *testing.T) []string {
	t.Helper()
	need := map[string]bool{"commands": true}
	for _, s := range slackEventScopes {
		need[s] = true
	}
	srcs, err := filepath.Glob(filepath.Join("..", "..", "bot", "slack", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	call := regexp.MustCompile(`\bapi\.([A-Z][A-Za-z]+)\(`)
	for _, src := range srcs {
		if strings.HasSuffix(src, "_test.go") {
			continue
		}
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range call.FindAllStringSubmatch(string(b), -1) {
			scopes, ok := slackAPIScopes[m[1]]
			if !ok {
				t.Errorf("%s calls Slack's %s, which manifest_test.go does not know: add it to slackAPIScopes with its scope", filepath.Base(src), m[1])
			}
			for _, s := range scopes {
				need[s] = true
			}
		}
	}
	out := make([]string, 0, len(need))
	for s := range need {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

func TestSlackManifest(t *testing.T) {
	routes := slackCodeRoutes(t)
	scopes := slackCodeScopes(t)
	events := make([]string, 0, len(slackEventScopes))
	for e := range slackEventScopes {
		events = append(events, e)
	}
	sort.Strings(events)

	for _, tt := range []struct {
		file   string
		socket bool
	}{
		{"slack-manifest.yaml", false},
		{"slack-manifest-socket.yaml", true},
	} {
		t.Run(tt.file, func(t *testing.T) {
			m, raw := readSlackManifest(t, tt.file)
			if m.DisplayInformation.Name == "" || m.Features.BotUser == nil || m.Features.BotUser.DisplayName == "" {
				t.Errorf("needs display_information.name and features.bot_user.display_name (a bot user to post as)")
			}
			if m.Metadata.MajorVersion != 1 {
				t.Errorf("_metadata.major_version %d, want 1", m.Metadata.MajorVersion)
			}
			if m.Settings.SocketModeEnabled != tt.socket {
				t.Errorf("socket_mode_enabled %v, want %v", m.Settings.SocketModeEnabled, tt.socket)
			}
			if !m.Settings.Interactivity.IsEnabled {
				t.Error("interactivity is not enabled: the feedback buttons would do nothing")
			}

			// Every route the code serves is named, and nothing else.
			if len(m.Features.SlashCommands) != 1 || m.Features.SlashCommands[0].Command != "/brief" || m.Features.SlashCommands[0].Description == "" {
				t.Fatalf("slash_commands %+v, want /brief with a description", m.Features.SlashCommands)
			}
			urls := map[string]string{
				"/slack/commands":     m.Features.SlashCommands[0].URL,
				"/slack/interactions": m.Settings.Interactivity.RequestURL,
				"/slack/events":       m.Settings.EventSubscriptions.RequestURL,
			}
			for _, r := range routes {
				u, ok := urls[r]
				switch {
				case !ok:
					t.Errorf("the code serves %s, which the manifest has no place for", r)
				case tt.socket && u != "":
					t.Errorf("%s: Socket Mode takes no request URL, got %q", r, u)
				case !tt.socket && u != "https://YOUR-HOST"+r:
					t.Errorf("%s: request URL %q, want https://YOUR-HOST%s", r, u, r)
				}
			}
			if tt.socket && strings.Contains(raw, "YOUR-HOST") {
				t.Error("the Socket Mode manifest mentions YOUR-HOST: it needs no public URL")
			}

			// Exactly the scopes the code needs.
			got := slices.Clone(m.OAuthConfig.Scopes.Bot)
			sort.Strings(got)
			if !slices.Equal(got, scopes) {
				t.Errorf("bot scopes %v, the code needs %v", got, scopes)
			}
			// Exactly the events the code handles.
			gotEvents := slices.Clone(m.Settings.EventSubscriptions.BotEvents)
			sort.Strings(gotEvents)
			if !slices.Equal(gotEvents, events) {
				t.Errorf("bot_events %v, the code handles %v", gotEvents, events)
			}
		})
	}
}

// The two manifests differ only in how Slack reaches briefbot.
func TestSlackManifestsAgree(t *testing.T) {
	a, _ := readSlackManifest(t, "slack-manifest.yaml")
	b, _ := readSlackManifest(t, "slack-manifest-socket.yaml")
	if !slices.Equal(a.OAuthConfig.Scopes.Bot, b.OAuthConfig.Scopes.Bot) || !slices.Equal(a.Settings.EventSubscriptions.BotEvents, b.Settings.EventSubscriptions.BotEvents) ||
		a.DisplayInformation != b.DisplayInformation || a.Features.SlashCommands[0].Description != b.Features.SlashCommands[0].Description {
		t.Errorf("the manifests differ beyond their URLs and socket_mode_enabled")
	}
}
