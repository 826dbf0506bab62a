package slack

import (
	"fmt"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/corpus"
)

// Slack's Block Kit limits, and the room we leave under them.
const (
	MaxBlocks       = 50
	MaxSectionText  = 3000
	MaxContextElems = 10
	maxButtonValue  = 2000
	maxFallbackText = 3000
	// excerptRunes is how much of a passage is quoted before trimming
	// further to fit a section.
	excerptRunes  = 700
	maxTitleRunes = 200
	// maxURLBytes: longer URLs are shown unlinked rather than cut.
	maxURLBytes = 1000
	// maxCitations leaves room for the answer, the button and the footer.
	maxCitations   = 20
	maxDigestItems = 20
)

// ShareActionID identifies the "Post to channel" button.
const ShareActionID = "brief_share"

// HelpfulActionID and NotHelpfulActionID identify the feedback buttons
// on answers (feedback.go).
const (
	HelpfulActionID    = "brief_helpful"
	NotHelpfulActionID = "brief_not_helpful"
)

// Response types.
const (
	Ephemeral = slack.ResponseTypeEphemeral
	InChannel = slack.ResponseTypeInChannel
)

// Message renders a reply as a Block Kit message with a plain-text fallback.
func Message(r bot.Reply) *slack.WebhookMessage { return render(r, "") }

// render is Message for a reply kept under the button value rate (see
// shareStore): an answer with citations also carries "Helpful" and "Not
// helpful" buttons with that value, which names the answer rated.
func render(r bot.Reply, rate string) *slack.WebhookMessage {
	var blocks []slack.Block
	var text string
	switch r.Kind {
	case bot.KindAnswer:
		blocks, text = answerBlocks(r, rate)
	case bot.KindHelp:
		blocks, text = helpBlocks(r)
	case bot.KindSources:
		blocks, text = sourcesBlocks(r)
	case bot.KindDigest:
		blocks, text = digestBlocks(r)
	case bot.KindTimeline:
		blocks, text = timelineBlocks(r)
	case bot.KindError:
		text = r.Text
		blocks = []slack.Block{section(":warning: " + escapeSpans(r.Text))}
	default:
		text = r.Text
		blocks = []slack.Block{section(escapeSpans(r.Text))}
	}
	if len(blocks) > MaxBlocks {
		blocks = blocks[:MaxBlocks]
	}
	rt := InChannel
	if r.Ephemeral {
		rt = Ephemeral
	}
	return &slack.WebhookMessage{
		Text:         escape(bot.Truncate(text, maxFallbackText)),
		Blocks:       &slack.Blocks{BlockSet: blocks},
		ResponseType: rt,
	}
}

func answerBlocks(r bot.Reply, rate string) ([]slack.Block, string) {
	a := r.Answer
	if a == nil || len(a.Citations) == 0 {
		msg := r.Text
		if msg == "" {
			msg = corpus.NotAnswered
		}
		blocks := []slack.Block{section(escape(msg))}
		if a != nil && a.Question != "" {
			blocks = append(blocks, contextBlock("You asked: "+escape(bot.Truncate(a.Question, 300))+" · Try other words, or /brief sources to see what is indexed."))
		}
		if a != nil && len(a.Related) > 0 {
			// Related passages stand under their own heading, never as
			// the answer.
			blocks = append(blocks, section("*"+escape(corpus.RelatedHeading)+"*"))
			blocks = append(blocks, citationBlocks(a.Related)...)
		}
		return blocks, msg
	}
	var blocks []slack.Block
	fallback := a.Answer
	if a.Answer != "" {
		blocks = append(blocks, section(fit(func(n int) string { return answerMrkdwn(a, n) }, 1000)))
		// Figures the sources give differently, right under the answer
		// they qualify.
		for _, d := range bot.DifferenceLines(a) {
			blocks = append(blocks, section(fit(func(n int) string { return differenceMrkdwn(a, d, n) }, 1000)))
			fallback += "\n" + d.Plain()
		}
	}
	if a.Question != "" {
		blocks = append(blocks, contextBlock("You asked: "+escape(bot.Truncate(a.Question, 300))))
	}
	cites := a.Citations
	if len(cites) > maxCitations {
		cites = cites[:maxCitations]
	}
	for i, c := range cites {
		n := c.N
		if n == 0 {
			n = i + 1
		}
		blocks = append(blocks, section(fit(func(limit int) string {
			return quote(bot.Trim(c, limit).Render(escape, bold))
		}, excerptRunes)))
		blocks = append(blocks, contextBlock(fmt.Sprintf("[%d] ", n)+byline(c.Title, citeLink(c), c.Source, bot.Date(c.Published))))
		if fallback == "" {
			fallback = bot.Trim(c, 300).Plain()
		}
		if i == 0 {
			fallback += " (" + bot.Byline(c.Title, c.Source, bot.Date(c.Published)) + ")"
		}
	}
	var buttons []slack.BlockElement
	if r.Shareable && r.ShareText != "" && len(r.ShareText) <= maxButtonValue {
		buttons = append(buttons, slack.NewButtonBlockElement(ShareActionID, r.ShareText, slack.NewTextBlockObject(slack.PlainTextType, "Post to channel", false, false)))
	}
	if rate != "" && len(rate) <= maxButtonValue {
		buttons = append(buttons,
			slack.NewButtonBlockElement(HelpfulActionID, rate, slack.NewTextBlockObject(slack.PlainTextType, "Helpful", false, false)),
			slack.NewButtonBlockElement(NotHelpfulActionID, rate, slack.NewTextBlockObject(slack.PlainTextType, "Not helpful", false, false)))
	}
	if len(buttons) > 0 {
		// The buttons stay when a long answer is cut to Slack's 50 blocks.
		blocks = append(blocks[:min(len(blocks), MaxBlocks-1)], slack.NewActionBlock("brief_actions", buttons...))
	}
	return blocks, fallback
}

// answerMrkdwn is the composed answer in bold, each sentence followed by
// its citation number linked to the quote; n bounds the text.
func answerMrkdwn(a *corpus.Answer, n int) string {
	parts := bot.AnswerParts(a, n)
	if len(parts) == 0 {
		return "*" + escape(strings.TrimSpace(bot.Truncate(a.Answer, n))) + "*"
	}
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(bold(escape(p.Text)))
		b.WriteByte(' ')
		b.WriteString(link(fmt.Sprintf("[%d]", p.N), p.Link))
	}
	return b.String()
}

// differenceMrkdwn is one difference in figures, its lead in bold and
// each citation number linked to its quote; n bounds the text.
func differenceMrkdwn(a *corpus.Answer, d bot.DifferenceLine, n int) string {
	var b strings.Builder
	if d.Lead != "" {
		b.WriteString("*" + escape(d.Lead) + "* ")
	}
	each := n / max(len(d.Parts), 1)
	for i, p := range d.Parts {
		if i > 0 {
			b.WriteString(escape(d.Sep))
		}
		b.WriteString(escape(bot.Truncate(p.Text, each)))
		for _, cn := range p.Ns {
			u := ""
			if cn >= 1 && cn <= len(a.Citations) {
				u = citeLink(a.Citations[cn-1])
			}
			b.WriteString(" " + link(fmt.Sprintf("[%d]", cn), u))
		}
	}
	return b.String()
}

// citationBlocks quotes passages with their bylines, for related passages.
func citationBlocks(cs []corpus.Citation) []slack.Block {
	var blocks []slack.Block
	for i, c := range cs {
		if len(blocks) >= maxCitations*2 {
			break
		}
		blocks = append(blocks, section(fit(func(limit int) string {
			return quote(bot.Trim(c, limit).Render(escape, bold))
		}, excerptRunes)))
		blocks = append(blocks, contextBlock(fmt.Sprintf("[%d] ", i+1)+byline(c.Title, citeLink(c), c.Source, bot.Date(c.Published))))
	}
	return blocks
}

// citeLink opens the page at the quote when a text fragment fits.
func citeLink(c corpus.Citation) string {
	if c.Link != "" && len(c.Link) <= maxURLBytes {
		return c.Link
	}
	return c.URL
}

func helpBlocks(r bot.Reply) ([]slack.Block, string) {
	blocks := []slack.Block{section(escape(r.Text))}
	var plain []string
	plain = append(plain, r.Text)
	for _, c := range r.Help {
		if len(blocks) >= MaxBlocks-1 {
			break
		}
		usage := c.Usage
		if usage == "" {
			usage = c.Name
		}
		var b strings.Builder
		fmt.Fprintf(&b, "`/brief %s`  %s", escapeCode(bot.Truncate(usage, 200)), escape(bot.Truncate(c.Summary, 300)))
		for _, ex := range c.Examples {
			fmt.Fprintf(&b, "\n• `/brief %s`", escapeCode(bot.Truncate(ex, 200)))
		}
		blocks = append(blocks, section(truncateMrkdwn(b.String())))
		plain = append(plain, "/brief "+usage+": "+c.Summary)
	}
	return blocks, strings.Join(plain, "\n")
}

func sourcesBlocks(r bot.Reply) ([]slack.Block, string) {
	head := r.Text
	if head == "" {
		head = fmt.Sprintf("%d documents in the corpus.", r.Total)
	}
	blocks := []slack.Block{section(escape(head))}
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			blocks = append(blocks, section(cur.String()))
			cur.Reset()
		}
	}
	for _, d := range r.Documents {
		line := "• " + byline(d.Title, d.URL, d.Source, bot.Date(d.Published))
		if d.Passages > 0 {
			line += fmt.Sprintf(" · %d passages", d.Passages)
		}
		if utf8.RuneCountInString(cur.String())+utf8.RuneCountInString(line)+1 > MaxSectionText {
			flush()
			if len(blocks) >= MaxBlocks-1 {
				break
			}
		}
		if cur.Len() > 0 {
			cur.WriteByte('\n')
		}
		cur.WriteString(line)
	}
	flush()
	return blocks, head
}

func digestBlocks(r bot.Reply) ([]slack.Block, string) {
	d := r.Digest
	head := r.Text
	if head == "" && d != nil {
		head = "What's new since " + d.Since.UTC().Format("2006-01-02 15:04 UTC")
		if d.Topic != "" {
			head += " on " + d.Topic
		}
	}
	blocks := []slack.Block{slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, bot.Truncate(head, 150), false, false))}
	if d == nil || len(d.Items) == 0 {
		blocks = append(blocks, section("Nothing new."))
		return blocks, head
	}
	items := d.Items
	if len(items) > maxDigestItems {
		items = items[:maxDigestItems]
	}
	for _, it := range items {
		body := fit(func(n int) string {
			var b strings.Builder
			b.WriteString("*" + link(it.Title, it.URL) + "*")
			for _, s := range it.Sentences {
				b.WriteString("\n" + quote(escape(bot.Truncate(s, n))))
			}
			return b.String()
		}, 600)
		blocks = append(blocks, section(body))
		meta := byline("", "", it.Source, bot.Date(it.Date()))
		if note := it.UpdateNote(); note != "" {
			meta = bot.Byline(escape(note), meta)
		}
		if len(it.AlsoReportedBy) > 0 {
			meta = alsoReported(meta, it.AlsoReportedBy)
		}
		meta = bot.Byline(meta, it.RereportNote())
		if meta != "" {
			blocks = append(blocks, contextBlock(meta))
		}
		if note := it.DifferNote(); note != "" {
			// Reports that disagree are never left to read as confirmation.
			blocks = append(blocks, contextBlock(":warning: "+escape(bot.Truncate(note, 2900))))
		}
	}
	if more := d.More + len(d.Items) - len(items); more > 0 {
		blocks = append(blocks, contextBlock(fmt.Sprintf("…and %d more (`/brief digest` for all).", more)))
	}
	if note := d.RereportNote(); note != "" {
		blocks = append(blocks, contextBlock(escape(note)))
	}
	return blocks, head
}

// alsoReported appends up to five other reports of a story to meta, as
// links, and counts the rest. Links stop early rather than let the context
// line pass Slack's limit, where a cut could land inside a link.
func alsoReported(meta string, others []corpus.DocumentInfo) string {
	var also []string
	line := func(more int) string {
		parts := also
		if more > 0 {
			parts = append(parts[:len(parts):len(parts)], fmt.Sprintf("%d more", more))
		}
		return bot.Byline(meta, "also reported by "+strings.Join(parts, ", "))
	}
	for i, o := range others {
		if i == 5 {
			break
		}
		also = append(also, link(bot.Byline(o.Source, o.Title), o.URL))
		if utf8.RuneCountInString(line(len(others)-i-1)) > MaxSectionText {
			also = also[:len(also)-1]
			break
		}
	}
	return line(len(others) - len(also))
}

// byline is "<url|title> · source · date" in mrkdwn, parts escaped.
func byline(title, u, source, date string) string {
	t := ""
	if title != "" {
		t = link(title, u)
	}
	return bot.Byline(t, escape(bot.Truncate(source, 100)), date)
}

// link is a mrkdwn link to u showing title, or just the title when u is not
// a web address.
func link(title, u string) string {
	title = bot.Truncate(strings.Join(strings.Fields(title), " "), maxTitleRunes)
	if title == "" {
		title = u
	}
	p, err := url.Parse(u)
	if u == "" || len(u) > maxURLBytes || err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return escape(title)
	}
	return "<" + linkURL.Replace(u) + "|" + escape(title) + ">"
}

// linkURL keeps a URL from closing or splitting a <url|text> link.
var linkURL = strings.NewReplacer("&", "&amp;", "<", "%3C", ">", "%3E", "|", "%7C", " ", "%20")

func section(mrkdwn string) *slack.SectionBlock {
	return slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, truncateMrkdwn(mrkdwn), false, false), nil, nil)
}

func contextBlock(mrkdwn string) *slack.ContextBlock {
	return slack.NewContextBlock("", slack.NewTextBlockObject(slack.MarkdownType, truncateMrkdwn(mrkdwn), false, false))
}

// fit builds text with a length budget, shrinking the budget until the text
// fits a section (escaping can multiply the length of source text).
func fit(build func(limit int) string, limit int) string {
	for {
		s := build(limit)
		if utf8.RuneCountInString(s) <= MaxSectionText || limit <= 20 {
			return s
		}
		limit = limit * 2 / 3
	}
}

// truncateMrkdwn is the last guard on a text object's length; it cuts only
// at whitespace so no entity or link is split.
func truncateMrkdwn(s string) string {
	if utf8.RuneCountInString(s) <= MaxSectionText {
		return s
	}
	return bot.Truncate(s, MaxSectionText)
}

// quote prefixes every line with ">" so multi-line excerpts stay quoted.
func quote(s string) string {
	return ">" + strings.ReplaceAll(s, "\n", "\n>")
}

func bold(s string) string {
	// Bold must hug the text, or Slack shows the asterisks.
	lead := s[:len(s)-len(strings.TrimLeft(s, " \t\n"))]
	trail := s[len(strings.TrimRight(s, " \t\n")):]
	core := strings.TrimSpace(s)
	if core == "" {
		return s
	}
	return lead + "*" + core + "*" + trail
}

// escape makes source text literal in mrkdwn: &, < and > become entities
// (so nothing is a link, mention or broken entity). mrkdwn has no escape
// for its formatting characters, so *, _ and ~ that could open or close
// formatting (at a word's edge) become look-alikes, and so does every `;
// inside a word (file_name, 3*4) they are left as they are, so quotes stay
// verbatim wherever Slack would not format them anyway.
func escape(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	prev := rune(' ')
	for i, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '`':
			b.WriteString("\u02CB") // ˋ modifier letter grave accent
		case '*', '_', '~':
			next, _ := utf8.DecodeRuneInString(s[i+len(string(r)):])
			if isWordRune(prev) && isWordRune(next) {
				b.WriteRune(r)
				break
			}
			b.WriteString(map[rune]string{'*': "\u2217", '_': "\u02CD", '~': "\u223C"}[r]) // ∗ ˍ ∼
		default:
			b.WriteRune(r)
		}
		prev = r
	}
	return b.String()
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// escapeSpans escapes our own messages, whose commands and schedules
// stand in `code spans`: those stay code, with their text verbatim (a cron
// "0 8 * * 1-5" is copied as typed, not with look-alike asterisks); the
// rest is escaped as source text. An unpaired backquote is escaped too.
func escapeSpans(s string) string {
	parts := strings.Split(s, "`")
	if len(parts)%2 == 0 { // an odd number of backquotes: the last is literal
		parts[len(parts)-2] += "`" + parts[len(parts)-1]
		parts = parts[:len(parts)-1]
	}
	var b strings.Builder
	for i, p := range parts {
		if i%2 == 0 {
			b.WriteString(escape(p))
		} else if strings.TrimSpace(p) == "" {
			b.WriteString(escape("`" + p + "`"))
		} else {
			b.WriteString("`" + escapeCode(p) + "`")
		}
	}
	return b.String()
}

// escapeCode is for our own text inside `code`: entities, and no backquote
// that would end the span.
func escapeCode(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "`", "'").Replace(s)
}
