package slack

import (
	"cmp"
	"net/url"
	"slices"
	"strings"

	"github.com/briefbot/briefbot/internal/redact"
)

// minSecretLen keeps hideURL from masking short, common substrings of an
// error message; a real response_url path is far longer.
const minSecretLen = 8

// hideURL returns err with secretURL's path and query masked wherever its
// message shows them (an HTTP client's errors quote the URL), keeping the
// host for diagnosis. A response_url's path is a bearer credential on
// whatever host it points to, and redact.String knows only Slack's own
// hosts, so the source hides it; the message then passes through
// redact.String as well. errors.Is and errors.As still see err.
func hideURL(err error, secretURL string) error {
	if err == nil || secretURL == "" {
		return redact.Error(err)
	}
	r := []string{secretURL, redact.Mask}
	if u, perr := url.Parse(secretURL); perr == nil && u.Host != "" {
		// Whole URLs keep their host; a replacer tries its pairs in order,
		// so these come before the parts, longest first.
		masked := u.Scheme + "://" + u.Host + "/" + redact.Mask
		r = []string{secretURL, masked, u.String(), masked}
		var parts []string
		for _, s := range []string{u.EscapedPath(), u.RawPath, u.Path, u.RawQuery} {
			if s = strings.TrimPrefix(s, "/"); len(s) >= minSecretLen {
				parts = append(parts, s)
			}
		}
		slices.SortFunc(parts, func(a, b string) int { return cmp.Compare(len(b), len(a)) })
		for _, s := range parts {
			r = append(r, s, redact.Mask)
		}
	}
	return hidden{err: err, mask: strings.NewReplacer(r...)}
}

type hidden struct {
	err  error
	mask *strings.Replacer
}

func (h hidden) Error() string { return redact.String(h.mask.Replace(h.err.Error())) }

func (h hidden) Unwrap() error { return h.err }
