package discord

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/corpus"
)

// CommandName is the application command briefbot registers: /brief.
const CommandName = "brief"

// Subcommand describes one /brief subcommand for Discord. Its options are
// strings; their values are joined, in the order given here, after the
// subcommand name to form the bot.Request text ("ask <question>"). Adding a
// subcommand is appending a Subcommand to the list passed to Config and
// Command; the command itself is written once in bot/.
type Subcommand struct {
	Name        string // lowercase, 1–32 characters, as in bot.Command.Name
	Description string // 1–100 characters
	Options     []Option
}

// Option is a string option of a subcommand.
type Option struct {
	Name        string
	Description string
	Required    bool
	// MaxLength, when set, makes Discord's client refuse longer input; the
	// server checks anyway.
	MaxLength int
}

// DefaultSubcommands are the core commands: ask, help and sources.
func DefaultSubcommands() []Subcommand {
	return []Subcommand{
		{Name: "ask", Description: "Answer a question with cited passages from the sources.", Options: []Option{
			{Name: "question", Description: "What you want to know; filters: \"phrase\", -word, source:NAME, after:/before:YYYY-MM-DD", Required: true, MaxLength: corpus.MaxQuestionBytes},
		}},
		{Name: "help", Description: "Explain the commands, with examples.", Options: []Option{
			{Name: "command", Description: "A command to explain, e.g. ask"},
		}},
		{Name: "sources", Description: "List the documents briefbot can quote, newest first.", Options: []Option{
			{Name: "action", Description: "feeds: feed status; add URL / remove URL: manage feeds (admins)"},
		}},
	}
}

var namePattern = regexp.MustCompile(`^[-_\p{Ll}\p{N}]{1,32}$`)

// Command builds the /brief application command from subs. It fails on a
// definition Discord would reject, so a bad subcommand is caught in tests
// rather than at registration.
func Command(subs []Subcommand) (*discordgo.ApplicationCommand, error) {
	cmd := &discordgo.ApplicationCommand{
		Type:        discordgo.ChatApplicationCommand,
		Name:        CommandName,
		Description: "Ask briefbot about its sources; answers quote them.",
	}
	if len(subs) == 0 || len(subs) > 25 {
		return nil, fmt.Errorf("discord: /%s needs 1 to 25 subcommands, got %d", CommandName, len(subs))
	}
	seen := map[string]bool{}
	for _, s := range subs {
		if err := checkName(s.Name, s.Description); err != nil {
			return nil, fmt.Errorf("discord: subcommand: %w", err)
		}
		if seen[s.Name] {
			return nil, fmt.Errorf("discord: subcommand %q defined twice", s.Name)
		}
		seen[s.Name] = true
		opt := &discordgo.ApplicationCommandOption{
			Type:        discordgo.ApplicationCommandOptionSubCommand,
			Name:        s.Name,
			Description: s.Description,
		}
		optional := false
		for _, o := range s.Options {
			if err := checkName(o.Name, o.Description); err != nil {
				return nil, fmt.Errorf("discord: subcommand %s: option: %w", s.Name, err)
			}
			// Discord wants required options first.
			if o.Required && optional {
				return nil, fmt.Errorf("discord: subcommand %s: required option %q after an optional one", s.Name, o.Name)
			}
			optional = optional || !o.Required
			opt.Options = append(opt.Options, &discordgo.ApplicationCommandOption{
				Type:        discordgo.ApplicationCommandOptionString,
				Name:        o.Name,
				Description: o.Description,
				Required:    o.Required,
				MaxLength:   min(o.MaxLength, 6000),
			})
		}
		if len(opt.Options) > 25 {
			return nil, fmt.Errorf("discord: subcommand %s has more than 25 options", s.Name)
		}
		cmd.Options = append(cmd.Options, opt)
	}
	return cmd, nil
}

func checkName(name, desc string) error {
	if !namePattern.MatchString(name) {
		return fmt.Errorf("name %q must be 1–32 lowercase letters, digits, - or _", name)
	}
	if n := utf8.RuneCountInString(desc); n < 1 || n > 100 {
		return fmt.Errorf("%s: description must be 1–100 characters, is %d", name, n)
	}
	return nil
}

// Register overwrites the application's commands with /brief (bulk
// overwrite, so running it at every start-up is idempotent): in
// Config.GuildID when set, where it shows up at once, else globally.
func (a *Adapter) Register(ctx context.Context) error {
	appID, guildID, subs, s := a.cfg.AppID, a.cfg.GuildID, a.cfg.Subcommands, a.session
	if appID == "" || a.cfg.Token == "" {
		return fmt.Errorf("discord: register /%s: needs the bot token and the application id", CommandName)
	}
	cmd, err := Command(subs)
	if err != nil {
		return err
	}
	err = withRetry(ctx, func(opts ...discordgo.RequestOption) error {
		_, err := s.ApplicationCommandBulkOverwrite(appID, guildID, []*discordgo.ApplicationCommand{cmd}, opts...)
		return err
	})
	if err != nil {
		where := "globally"
		if guildID != "" {
			where = "in guild " + guildID
		}
		return fmt.Errorf("discord: register /%s %s: %w", CommandName, where, err)
	}
	return nil
}

// requestText turns an application command's data into bot.Request text:
// the subcommand name followed by its option values, in the order subs
// defines them. sub is the subcommand's name, "" when there is none; text
// is "" for a subcommand not in subs (a stale registration), which must not
// be taken for a question.
func requestText(data discordgo.ApplicationCommandInteractionData, subs []Subcommand) (text, sub string) {
	var opt *discordgo.ApplicationCommandInteractionDataOption
	for _, o := range data.Options {
		if o != nil && o.Type == discordgo.ApplicationCommandOptionSubCommand {
			opt = o
			break
		}
	}
	if opt == nil {
		return "", ""
	}
	values := map[string]string{}
	for _, o := range opt.Options {
		if o != nil {
			values[o.Name] = optionString(o)
		}
	}
	for _, s := range subs {
		if s.Name != opt.Name {
			continue
		}
		parts := []string{s.Name}
		for _, o := range s.Options {
			if v := strings.TrimSpace(values[o.Name]); v != "" {
				parts = append(parts, v)
			}
		}
		return strings.Join(parts, " "), s.Name
	}
	return "", opt.Name
}

// optionString is an option's value as text, whatever its type.
func optionString(o *discordgo.ApplicationCommandInteractionDataOption) string {
	switch v := o.Value.(type) {
	case string:
		return v
	case nil:
		return ""
	case float64:
		return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%f", v), "0"), ".")
	default:
		return fmt.Sprint(v)
	}
}
