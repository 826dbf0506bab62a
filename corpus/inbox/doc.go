// Package inbox watches a folder: files dropped there (any format
// corpus.Load reads) are ingested within seconds, then moved to done/, or
// to failed/ with a NAME.reason note saying why. It is also how `briefbot
// ingest` hands documents to a running `serve`, which holds the data
// directory's lock: Handoff writes them into the inbox as one JSONL file,
// atomically.
//
// Writers must write under a dotfile or *.tmp name and rename when done;
// such names are ignored, and a file is only read once it has been quiet
// for the debounce period.
//
// No file is tried in a loop. A file is marked while it is ingested; one
// still marked at start was being ingested when the process died, and goes
// to failed/ untried. A file the index refuses is tried again a few times,
// with growing pauses, then goes to failed/. Each file is read within
// corpus.Limits. Files in done/ are deleted after a retention period (7
// days by default), and hand-off files of killed writers are removed.
package inbox
