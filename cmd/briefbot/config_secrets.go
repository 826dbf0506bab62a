package main

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/briefbot/briefbot/internal/redact"
)

// checkSecrets refuses credentials anywhere in the file, before anything
// else is said about it. path names n for messages ("feeds[0].url"). The
// value is never repeated in the message: it is a secret.
func (p *configParser) checkSecrets(n *yaml.Node, path string) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if secretKey.MatchString(k.Value) {
				p.addf(k, "%q looks like a secret; secrets are read only from environment variables (e.g. SLACK_BOT_TOKEN), never from the config file", k.Value)
			}
			p.checkSecrets(n.Content[i+1], joinPath(path, k.Value))
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			p.checkSecrets(c, fmt.Sprintf("%s[%d]", path, i))
		}
	case yaml.DocumentNode:
		for _, c := range n.Content {
			p.checkSecrets(c, path)
		}
	case yaml.ScalarNode:
		what, env := tokenKind(n.Value)
		if what == "" {
			return
		}
		where := "this value"
		if path != "" {
			where = "the value of " + path
		}
		p.addf(n, "%s looks like %s; secrets are read only from environment variables, never from the config file: remove it and set %s", where, what, env)
	}
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// tokenKind says what credential s is shaped like, and the environment
// variable that takes its place; "" when s looks like none.
func tokenKind(s string) (what, env string) {
	s = strings.TrimSpace(s)
	if !redact.LooksLikeToken(s) && !secretValue.MatchString(s) {
		return "", ""
	}
	lower := strings.ToLower(s)
	switch {
	case strings.Contains(lower, "hooks.slack"):
		return "a Slack webhook URL (its path is a secret)", "SLACK_BOT_TOKEN: digests and replies post through the Slack API, no webhook needed"
	case strings.Contains(lower, "/webhooks/") || strings.Contains(lower, "/interactions/"):
		return "a Discord webhook URL (its path holds a token)", "DISCORD_BOT_TOKEN: digests and replies post through the Discord API, no webhook needed"
	case strings.Contains(lower, "xapp-"):
		return "a Slack app-level token", "SLACK_APP_TOKEN"
	case strings.Contains(lower, "xox"):
		return "a Slack token", "SLACK_BOT_TOKEN"
	case strings.HasPrefix(lower, "bearer "):
		return "a bearer credential", "the environment variable of the service it belongs to (SLACK_BOT_TOKEN, DISCORD_BOT_TOKEN)"
	}
	return "a Discord bot token", "DISCORD_BOT_TOKEN"
}
