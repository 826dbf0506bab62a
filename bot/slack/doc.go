// Package slack is briefbot's Slack adapter: it verifies and answers /brief
// slash commands and "Post to channel" button clicks over signed HTTP or
// Socket Mode, renders bot replies as Block Kit within Slack's limits, and
// posts digests with chat.postMessage.
//
// It is the only package that imports slack-go. Replies come from the
// platform-neutral bot package; this package only carries and draws them.
package slack
