package discord

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// Discord's application command option types.
const (
	optSubCommand = 1
	optString     = 3
)

func TestRegisterOverwritesCommandsIdempotently(t *testing.T) {
	for _, tt := range []struct {
		guild, path string
	}{
		{"", "/api/v9/applications/app1/commands"},
		{"g7", "/api/v9/applications/app1/guilds/g7/commands"},
	} {
		t.Run("guild="+tt.guild, func(t *testing.T) {
			rec := record(t, nil)
			a := newTestAdapter(t, adapterOpts{token: "secret", guild: tt.guild})
			for range 2 {
				if err := a.Register(context.Background()); err != nil {
					t.Fatal(err)
				}
			}
			reqs := rec.all()
			if len(reqs) != 2 {
				t.Fatalf("%d requests, want 2", len(reqs))
			}
			for _, r := range reqs {
				if r.Method != http.MethodPut || r.Path != tt.path {
					t.Errorf("%s %s, want a bulk overwrite PUT %s", r.Method, r.Path, tt.path)
				}
				if auth := r.Header.Get("Authorization"); auth != "Bot secret" {
					t.Errorf("Authorization %q", auth)
				}
			}
			if string(reqs[0].Body) != string(reqs[1].Body) {
				t.Errorf("second registration differs:\n%s\n%s", reqs[0].Body, reqs[1].Body)
			}
			checkRegistration(t, reqs[0].Body)
		})
	}
}

// checkRegistration checks the payload against Discord's schema for what
// briefbot needs: one chat command /brief whose options are subcommands
// (type 1) with string options (type 3).
func checkRegistration(t *testing.T, body []byte) {
	t.Helper()
	var cmds []struct {
		Name        string `json:"name"`
		Type        int    `json:"type"`
		Description string `json:"description"`
		Options     []struct {
			Name        string `json:"name"`
			Type        int    `json:"type"`
			Description string `json:"description"`
			Options     []struct {
				Name        string `json:"name"`
				Type        int    `json:"type"`
				Description string `json:"description"`
				Required    bool   `json:"required"`
				MaxLength   int    `json:"max_length"`
			} `json:"options"`
		} `json:"options"`
	}
	if err := json.Unmarshal(body, &cmds); err != nil {
		t.Fatalf("payload is not a list of commands: %v: %s", err, body)
	}
	if len(cmds) != 1 || cmds[0].Name != "brief" || cmds[0].Type != 1 || cmds[0].Description == "" {
		t.Fatalf("payload %s, want the one chat-input command /brief", body)
	}
	got := map[string]string{}
	for _, o := range cmds[0].Options {
		if o.Type != optSubCommand {
			t.Errorf("option %s has type %d, want SUB_COMMAND (1)", o.Name, o.Type)
		}
		if o.Description == "" || len(o.Description) > 100 {
			t.Errorf("subcommand %s description %q", o.Name, o.Description)
		}
		var opts []string
		for _, so := range o.Options {
			if so.Type != optString {
				t.Errorf("%s option %s has type %d, want STRING (3)", o.Name, so.Name, so.Type)
			}
			s := so.Name
			if so.Required {
				s += "!"
			}
			opts = append(opts, s)
			if o.Name == "ask" && so.MaxLength != 4096 {
				t.Errorf("question max_length %d", so.MaxLength)
			}
		}
		got[o.Name] = strings.Join(opts, ",")
	}
	want := map[string]string{"ask": "question!", "help": "command", "sources": "action"}
	if len(got) != len(want) {
		t.Errorf("subcommands %v, want %v", got, want)
	}
	for k, v := range want {
		if g, ok := got[k]; !ok || g != v {
			t.Errorf("subcommand %s options %q, want %q", k, g, v)
		}
	}
}

func TestRegisterNeedsTokenAndApp(t *testing.T) {
	rec := record(t, nil)
	a := newTestAdapter(t, adapterOpts{})
	if err := a.Register(context.Background()); err == nil {
		t.Error("registered without a token")
	}
	if len(rec.all()) != 0 {
		t.Error("made a request without a token")
	}
}

func TestRegisterFailureIsReported(t *testing.T) {
	record(t, func(w http.ResponseWriter, r apiRequest, n int) bool {
		http.Error(w, `{"message":"401: Unauthorized","code":0}`, http.StatusUnauthorized)
		return true
	})
	a := newTestAdapter(t, adapterOpts{token: "wrong"})
	err := a.Register(context.Background())
	if err == nil || !strings.Contains(err.Error(), "register /brief globally") || !strings.Contains(err.Error(), "401") {
		t.Errorf("err = %v", err)
	}
}

func TestCommandDefinitionIsChecked(t *testing.T) {
	ok := Subcommand{Name: "sources", Description: "List."}
	tests := []struct {
		name string
		subs []Subcommand
		want string
	}{
		{"none", nil, "1 to 25 subcommands"},
		{"uppercase", []Subcommand{{Name: "Ask", Description: "x"}}, "lowercase"},
		{"space in name", []Subcommand{{Name: "ask me", Description: "x"}}, "lowercase"},
		{"no description", []Subcommand{{Name: "ask"}}, "description must be 1–100"},
		{"long description", []Subcommand{{Name: "ask", Description: strings.Repeat("d", 101)}}, "description must be 1–100"},
		{"duplicate", []Subcommand{ok, ok}, "defined twice"},
		{"required after optional", []Subcommand{{Name: "x", Description: "x", Options: []Option{
			{Name: "a", Description: "a"}, {Name: "b", Description: "b", Required: true}}}}, "required option \"b\" after an optional one"},
		{"bad option name", []Subcommand{{Name: "x", Description: "x", Options: []Option{{Name: "Topic", Description: "t"}}}}, "option"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Command(tt.subs)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one saying %q", err, tt.want)
			}
		})
	}
	if _, err := Command(DefaultSubcommands()); err != nil {
		t.Errorf("default subcommands: %v", err)
	}
}

// Adding a subcommand is appending its spec: it is registered and routed
// with no other change.
func TestAppendedSubcommandIsRegisteredAndRouted(t *testing.T) {
	subscribe := Subcommand{Name: "subscribe", Description: "Get a daily digest here.", Options: []Option{
		{Name: "topic", Description: "Words the digest is about", Required: true},
		{Name: "time", Description: "When, e.g. 08:00"},
	}}
	cmd, err := Command(append(DefaultSubcommands(), subscribe))
	if err != nil {
		t.Fatal(err)
	}
	last := cmd.Options[len(cmd.Options)-1]
	if last.Name != "subscribe" || last.Type != discordgo.ApplicationCommandOptionSubCommand || len(last.Options) != 2 ||
		last.Options[0].Type != discordgo.ApplicationCommandOptionString || !last.Options[0].Required {
		t.Errorf("subscribe registered as %+v", last)
	}

	a := newTestAdapter(t, adapterOpts{subs: []Subcommand{subscribe}})
	// Options arrive in any order; the spec's order is the text's.
	body := mustJSON(map[string]any{"id": "s1", "application_id": "app1", "type": 2, "token": "t",
		"data": map[string]any{"name": "brief", "type": 1, "options": []map[string]any{{"name": "subscribe", "type": 1,
			"options": []map[string]any{{"name": "time", "type": 3, "value": "08:00"}, {"name": "topic", "type": 3, "value": "Kursk troops"}}}}}})
	_, resp := serve(t, a, body)
	if got := path(t, resp, "data", "content"); got != "subscribe got Kursk troops 08:00" {
		t.Errorf("subscribe reply %q", got)
	}
}

func TestRequestText(t *testing.T) {
	opt := func(name string, v any) *discordgo.ApplicationCommandInteractionDataOption {
		return &discordgo.ApplicationCommandInteractionDataOption{Name: name, Type: discordgo.ApplicationCommandOptionString, Value: v}
	}
	sub := func(name string, opts ...*discordgo.ApplicationCommandInteractionDataOption) discordgo.ApplicationCommandInteractionData {
		return discordgo.ApplicationCommandInteractionData{Name: "brief", Options: []*discordgo.ApplicationCommandInteractionDataOption{
			{Name: name, Type: discordgo.ApplicationCommandOptionSubCommand, Options: opts}}}
	}
	tests := []struct {
		name      string
		data      discordgo.ApplicationCommandInteractionData
		text, sub string
	}{
		{"ask", sub("ask", opt("question", "how many shells?")), "ask how many shells?", "ask"},
		{"ask trims", sub("ask", opt("question", "  shells  ")), "ask shells", "ask"},
		{"ask without question", sub("ask"), "ask", "ask"},
		{"help with topic", sub("help", opt("command", "ask")), "help ask", "help"},
		{"sources", sub("sources"), "sources", "sources"},
		{"unregistered option ignored", sub("sources", opt("extra", "x")), "sources", "sources"},
		{"sources action", sub("sources", opt("action", "add https://example.org/feed")), "sources add https://example.org/feed", "sources"},
		{"non-string value", sub("ask", opt("question", 3.5)), "ask 3.5", "ask"},
		{"null value", sub("ask", opt("question", nil)), "ask", "ask"},
		{"unknown subcommand", sub("frobnicate", opt("x", "y")), "", "frobnicate"},
		{"no subcommand", discordgo.ApplicationCommandInteractionData{Name: "brief"}, "", ""},
		{"nil option", discordgo.ApplicationCommandInteractionData{Name: "brief", Options: []*discordgo.ApplicationCommandInteractionDataOption{nil}}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, s := requestText(tt.data, DefaultSubcommands())
			if text != tt.text || s != tt.sub {
				t.Errorf("requestText = %q, %q; want %q, %q", text, s, tt.text, tt.sub)
			}
		})
	}
}
