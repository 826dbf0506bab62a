package slack

import (
	"errors"
	"net/http"
	"strconv"
	"testing"
	"time"
)

// Slack's published example (docs.slack.dev, "Verifying requests from
// Slack").
const (
	docSecret = "8f742231b10e8888abcd99yyyzzz85a5"
	docTS     = "1531420618"
	docBody   = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
	docSig    = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
)

// TestSign pins the tests' signer to Slack's published example, so requests
// the tests sign are signed as Slack signs them.
func TestSign(t *testing.T) {
	if got := sign(docSecret, docTS, []byte(docBody)); got != docSig {
		t.Fatalf("sign = %s, want %s", got, docSig)
	}
}

func header(sig, ts string) http.Header {
	h := http.Header{}
	if sig != "" {
		h.Set("X-Slack-Signature", sig)
	}
	if ts != "" {
		h.Set("X-Slack-Request-Timestamp", ts)
	}
	return h
}

func TestVerify(t *testing.T) {
	now := time.Now()
	fresh := strconv.FormatInt(now.Unix(), 10)
	body := []byte(docBody)
	at := func(d time.Duration) string { return strconv.FormatInt(now.Add(d).Unix(), 10) }
	cases := []struct {
		name   string
		secret string
		h      http.Header
		body   []byte
		clock  time.Duration // injected clock offset from the wall clock
		want   error
	}{
		{"fresh and signed", docSecret, header(sign(docSecret, fresh, body), fresh), body, 0, nil},
		{"4 minutes old", docSecret, header(sign(docSecret, at(-4*time.Minute), body), at(-4*time.Minute)), body, 0, nil},
		{"Slack's example is from 2018: stale", docSecret, header(docSig, docTS), body, 0, ErrStale},
		{"6 minutes old", docSecret, header(sign(docSecret, at(-6*time.Minute), body), at(-6*time.Minute)), body, 0, ErrStale},
		{"6 minutes ahead", docSecret, header(sign(docSecret, at(6*time.Minute), body), at(6*time.Minute)), body, 0, ErrStale},
		{"fresh, but our clock is 10 minutes on", docSecret, header(sign(docSecret, fresh, body), fresh), body, 10 * time.Minute, ErrStale},
		{"wrong secret", docSecret, header(sign("other", fresh, body), fresh), body, 0, ErrForged},
		{"body changed", docSecret, header(sign(docSecret, fresh, body), fresh), append([]byte("x"), body...), 0, ErrForged},
		{"timestamp changed", docSecret, header(sign(docSecret, fresh, body), at(-time.Second)), body, 0, ErrForged},
		{"not hex", docSecret, header("v0=zzzz", fresh), body, 0, ErrForged},
		{"other version", docSecret, header("v1="+sign(docSecret, fresh, body)[3:], fresh), body, 0, ErrForged},
		{"short signature", docSecret, header("v0=abcd", fresh), body, 0, ErrForged},
		{"timestamp not a number", docSecret, header(sign(docSecret, "soon", body), "soon"), body, 0, ErrForged},
		{"no signature", docSecret, header("", fresh), body, 0, ErrNoSignature},
		{"no timestamp", docSecret, header(sign(docSecret, fresh, body), ""), body, 0, ErrNoSignature},
		{"no secret configured", "", header(sign("", fresh, body), fresh), body, 0, ErrForged},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := Verifier{Secret: c.secret, Now: func() time.Time { return time.Now().Add(c.clock) }}
			err := v.Verify(c.h, c.body)
			if c.want == nil && err != nil || c.want != nil && !errors.Is(err, c.want) {
				t.Fatalf("Verify = %v, want %v", err, c.want)
			}
		})
	}
}
