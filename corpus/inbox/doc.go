// Package inbox watches a folder: files dropped there (any format
// corpus.Load reads) are ingested within seconds, then moved to done/, or
// to failed/ with a .err note saying why. It is also how `briefbot ingest`
// hands documents to a running `serve`, which holds the data directory's
// lock: Handoff writes them into the inbox as one JSONL file, atomically.
//
// Writers must write under a dotfile or *.tmp name and rename when done;
// such names are ignored, and a file is only read once it has been quiet
// for the debounce period.
package inbox
