package discord

import (
	"net/url"
	"regexp"
	"strings"
)

// oneLine folds the runs of white space in s, newlines included, into
// single spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// markdownEscaper escapes markdown wherever it occurs in quoted text; a
// backslash before ASCII punctuation shows it literally in Discord.
// Mentions need no escaping: replies allow none.
var markdownEscaper = strings.NewReplacer(
	`\`, `\\`, `*`, `\*`, `_`, `\_`, `~`, `\~`, "`", "\\`", `|`, `\|`,
	`>`, `\>`, `<`, `\<`, `#`, `\#`, `[`, `\[`, `]`, `\]`, `(`, `\(`, `)`, `\)`,
)

// lineStart matches list markers, which only mean something at the start
// of a line.
var lineStart = regexp.MustCompile(`(?m)^(\s*)([-+]|\d+\.)(\s)`)

// escape makes source text show literally in Discord: markdown, masked
// links, headers and list markers are neutralised.
func escape(s string) string {
	s = markdownEscaper.Replace(s)
	return lineStart.ReplaceAllStringFunc(s, func(m string) string {
		sub := lineStart.FindStringSubmatch(m)
		marker := sub[2]
		if strings.HasSuffix(marker, ".") {
			marker = strings.TrimSuffix(marker, ".") + `\.`
		} else {
			marker = `\` + marker
		}
		return sub[1] + marker + sub[3]
	})
}

// escapeSpans escapes our own messages, whose commands and schedules stand
// in `code spans`: those stay code, verbatim (a cron "0 8 * * 1-5" is
// copied as typed); the rest is escaped. An unpaired backquote is escaped.
func escapeSpans(s string) string {
	parts := strings.Split(s, "`")
	if len(parts)%2 == 0 {
		parts[len(parts)-2] += "`" + parts[len(parts)-1]
		parts = parts[:len(parts)-1]
	}
	var b strings.Builder
	for i, p := range parts {
		switch {
		case i%2 == 0:
			b.WriteString(escape(p))
		case strings.TrimSpace(p) == "":
			b.WriteString(escape("`" + p + "`"))
		default:
			b.WriteString("`" + p + "`")
		}
	}
	return b.String()
}

// markdownLink is text linked to rawURL, the URL in angle brackets so
// Discord shows no preview for it; plain escaped text when there is no
// usable http(s) URL.
func markdownLink(text, rawURL string) string {
	text = escape(text)
	u := safeURL(rawURL)
	if u == "" {
		return text
	}
	return "[" + text + "](<" + u + ">)"
}

// safeURL is rawURL if it is an absolute http(s) URL, with the characters
// that would end a markdown link percent-encoded; "" otherwise.
func safeURL(rawURL string) string {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E").Replace(u.String())
}
