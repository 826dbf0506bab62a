// Package bot is briefbot's platform-neutral chat layer: the /brief commands,
// their routing and their replies. A command is written once here and
// rendered for each platform by bot/slack and bot/discord.
//
// Commands are added with Bot.Register; unknown subcommands and empty text get
// help. Render helpers (Trim, Excerpt, Byline, Date, Truncate) do the
// platform-neutral part of drawing a reply: trimming passages around the best
// sentence on word boundaries and marking highlights, leaving escaping and
// markup to each adapter. Metrics counts commands and deliveries for
// /metrics, shared by all adapters.
//
// It reaches the index only through the small interfaces it declares
// (Asker, Library), so tests run it against an in-process index.
package bot
