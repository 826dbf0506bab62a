// Package redact removes secrets from text bound for logs: webhook and
// interaction tokens in Slack and Discord URLs, credential-like query
// values, and token-shaped strings. It provides a slog.Handler that applies
// this to every message and string attribute, so no call site has to
// remember to.
package redact
