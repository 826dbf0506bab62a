package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// discordPermissions are exactly the channel permissions briefbot uses:
//   - View Channel: to see the channels it answers and posts digests in;
//   - Send Messages: answers to mentions and scheduled digests
//     (bot/discord mentions.go, poster.go);
//   - Send Messages in Threads: a mention inside a thread is answered there;
//   - Embed Links: answers and digests are embeds;
//   - Read Message History: replies to a mention reference it, and a digest
//     interrupted mid-post is looked for among the channel's recent
//     messages before it is posted again (poster.go).
//
// Slash commands need no permission: the applications.commands scope
// covers them, and interactions are answered through the interaction.
const discordPermissions = discordgo.PermissionViewChannel |
	discordgo.PermissionSendMessages |
	discordgo.PermissionSendMessagesInThreads |
	discordgo.PermissionEmbedLinks |
	discordgo.PermissionReadMessageHistory

// discordScopes are the OAuth2 scopes of the invite: the bot user, and the
// /brief command.
var discordScopes = []string{"bot", "applications.commands"}

// runDiscord runs the discord subcommands; today only invite.
func (m *Main) runDiscord(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usageError{"discord: give a subcommand: invite"}
	}
	switch args[0] {
	case "invite":
		return m.runDiscordInvite(args[1:])
	default:
		return usageError{fmt.Sprintf("discord: unknown subcommand %q; the one there is: invite", args[0])}
	}
}

func (m *Main) runDiscordInvite(args []string) error {
	fs := flag.NewFlagSet("discord", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	appID := fs.String("app-id", "", "the Discord application id (default env DISCORD_APP_ID)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{"discord invite: " + err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("discord invite takes no arguments (got %q)", fs.Arg(0))}
	}
	id := strings.TrimSpace(*appID)
	if id == "" {
		id = strings.TrimSpace(m.Getenv("DISCORD_APP_ID"))
	}
	u, err := discordInviteURL(id)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(m.Stdout, u)
	return err
}

// discordInviteURL is the OAuth2 URL that adds the bot to a server with
// the scopes and permissions it uses.
func discordInviteURL(appID string) (string, error) {
	if appID == "" {
		return "", errors.New("discord invite: no application id: set DISCORD_APP_ID or give --app-id " +
			"(Discord Developer Portal → your application → General Information → Application ID)")
	}
	if _, err := strconv.ParseUint(appID, 10, 64); err != nil {
		return "", fmt.Errorf("discord invite: application id %q is not a number; it is the Application ID on the application's General Information page", appID)
	}
	return "https://discord.com/oauth2/authorize?client_id=" + url.QueryEscape(appID) +
		"&scope=" + strings.Join(discordScopes, "+") +
		"&permissions=" + strconv.FormatInt(discordPermissions, 10), nil
}
