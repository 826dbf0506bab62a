package feed

import (
	"bytes"
	"encoding/json"
	"mime"
	"net/http"
	"strings"

	"github.com/mmcdole/gofeed"
)

// Format is what a fetched body is.
type Format int

const (
	FormatUnknown Format = iota
	FormatHTML
	FormatRSS
	FormatAtom
	FormatJSON
)

func (f Format) String() string {
	switch f {
	case FormatHTML:
		return "HTML"
	case FormatRSS:
		return "RSS"
	case FormatAtom:
		return "Atom"
	case FormatJSON:
		return "JSON Feed"
	}
	return "unknown"
}

// IsFeed reports whether f is one of the feed formats.
func (f Format) IsFeed() bool { return f == FormatRSS || f == FormatAtom || f == FormatJSON }

// sniffLen matches gofeed's own detection window, so a body Detect calls a
// feed is one gofeed.Parser will parse as that feed.
const sniffLen = 4096

// Detect decides what body is. The bytes decide first, because feeds are
// often served as text/html, text/plain or application/octet-stream; the
// Content-Type decides only what the bytes leave open.
func Detect(contentType string, body []byte) Format {
	head := body
	if len(head) > sniffLen {
		head = head[:sniffLen]
	}
	trimmed := bytes.TrimLeft(head, " \t\r\n\ufeff\xfe\xff\x00\xef\xbb\xbf")
	switch {
	case len(trimmed) > 0 && trimmed[0] == '<':
		switch gofeed.DetectFeedType(bytes.NewReader(head)) {
		case gofeed.FeedTypeRSS:
			return FormatRSS
		case gofeed.FeedTypeAtom:
			return FormatAtom
		}
	case len(trimmed) > 0 && trimmed[0] == '{':
		if isJSONFeed(body) {
			return FormatJSON
		}
		return FormatUnknown
	}
	mt, _, _ := mime.ParseMediaType(contentType)
	switch mt {
	case "text/html", "application/xhtml+xml":
		return FormatHTML
	}
	if strings.HasPrefix(http.DetectContentType(head), "text/html") {
		return FormatHTML
	}
	return FormatUnknown
}

// isJSONFeed reports whether body is a JSON object declaring a JSON Feed
// version; any other JSON object is not a feed.
func isJSONFeed(body []byte) bool {
	var v struct {
		Version string `json:"version"`
	}
	if json.Unmarshal(body, &v) != nil {
		return false
	}
	return strings.Contains(v.Version, "jsonfeed.org/version")
}
