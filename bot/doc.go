// Package bot is briefbot's platform-neutral chat layer: the /brief commands,
// their routing and their replies. A command is written once here and
// rendered for each platform by bot/slack and bot/discord.
//
// It reaches the index only through the small interfaces it declares
// (Asker, Library), so tests run it against an in-process index.
package bot
