package discord

import (
	"strings"

	"github.com/briefbot/briefbot/internal/redact"
)

// minTokenLen keeps hideToken from masking short, common substrings of an
// error message; Discord's interaction tokens are far longer.
const minTokenLen = 8

// hideToken returns err with an interaction's token masked wherever its
// message shows it: the token is part of the webhook and callback URLs an
// HTTP client's errors quote, and grants the right to answer the
// interaction for 15 minutes. redact.String finds it only after a numeric
// id in a known path, so the source masks it; the message then passes
// through redact.String as well. errors.Is and errors.As still see err.
func hideToken(err error, token string) error {
	if err == nil || len(token) < minTokenLen {
		return redact.Error(err)
	}
	return hidden{err: err, token: token}
}

type hidden struct {
	err   error
	token string
}

func (h hidden) Error() string {
	return redact.String(strings.ReplaceAll(h.err.Error(), h.token, redact.Mask))
}

func (h hidden) Unwrap() error { return h.err }
