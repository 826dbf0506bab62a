// Package corpus holds what briefbot knows about its sources and what it
// gives back: documents and their passages, parsed questions, answers with
// citations, and digests. It also loads documents from files, folders and
// feeds, splits them into passages, and embeds the default corpus.
//
// Nothing here knows about Bleve, Slack or Discord; those packages speak these
// types.
package corpus
