// Command briefbot indexes a corpus of documents and answers questions
// about it with cited passages — on the command line (ask, ingest, eval,
// digest) and in Slack and Discord (serve), where it also posts scheduled
// digests of what is new.
//
// main.go is thin: Main (run.go) parses flags and runs one command, so
// tests start the whole program in-process with a temp data dir, their own
// streams, environment and clock.
package main
