package main

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/briefbot/briefbot/index"
)

// runReindex rebuilds the search index from the document store: the way
// back from an index that cannot be read.
func (m *Main) runReindex(ctx context.Context, args []string) error {
	if len(args) > 0 {
		return usageError{fmt.Sprintf("reindex takes no arguments (got %q)", args[0])}
	}
	if err := m.lockDataDir(); err != nil {
		return err
	}
	opts, err := m.indexOptions()
	if err != nil {
		return err
	}
	last := -1
	opts.Progress = func(done, total int) {
		// A line per tenth: enough to see it move, little enough to read.
		if p := done * 10 / max(total, 1); p != last {
			last = p
			fmt.Fprintf(m.Stderr, "reindex: %d of %d documents\n", done, total)
		}
	}
	ix, err := index.Reindex(ctx, filepath.Join(m.DataDir, "index"), opts)
	if err != nil {
		return err
	}
	m.onClose(ix.Close)
	m.warnLost(ix)
	docs, passages, err := ix.Stats(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "Reindexed %d %s, %d %s.\n", docs, plural(int(docs), "document", "documents"), passages, plural(int(passages), "passage", "passages"))
	return nil
}
