// Package discord is briefbot's Discord adapter: the /brief application
// command (its definition and registration), the signed interactions
// endpoint and the gateway handler that feed interactions to bot.Bot, the
// embeds replies are rendered as, and a bot.Poster for digests.
//
// It is the only package that imports discordgo. Commands themselves live
// in bot/; this package turns a subcommand and its options into a
// bot.Request and a bot.Reply into a Discord message.
package discord
