// Package fetch gets web pages and feeds over HTTP safely: only http and
// https, no private, loopback or link-local addresses (checked on the
// address actually dialled, so DNS rebinding cannot get round it), bounded
// size, time and redirects, a few connections per host, and a polite
// User-Agent. Its errors carry a short reason meant for users ("HTTP 404",
// "too large (over 10 MB)").
package fetch
