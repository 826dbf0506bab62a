package index

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
)

// compactFileSize bounds the segment files Compact writes: a merge maps
// its inputs, so this bounds what a compaction adds to a process's
// resident memory, whatever the corpus size.
const compactFileSize = 512 << 20

// Compact merges the index's segments into as few as compactFileSize
// allows. A large ingest leaves tens of segments (Bleve's tiered merging
// keeps up to ten per tier), and every question looks each of its terms
// up in every segment: after compaction the 4x corpus of issue #12 has 2
// instead of 31, and questions take a tenth less CPU. It returns how many
// segments are left.
func (ix *Index) Compact(ctx context.Context) (int, error) {
	adv, err := ix.bleve.Advanced()
	if err != nil {
		return 0, fmt.Errorf("index: compact: %w", err)
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return 0, nil
	}
	opts := mergeplan.MergePlanOptions{
		MaxSegmentsPerTier:   1,
		MaxSegmentSize:       1 << 30,
		MaxSegmentFileSize:   compactFileSize,
		TierGrowth:           1,
		SegmentsPerMergeTask: 10,
		FloorSegmentSize:     1 << 30,
		FloorSegmentFileSize: compactFileSize,
		ReclaimDeletesWeight: 2,
	}
	n, err := segmentCount(s)
	if err != nil {
		return 0, err
	}
	// One forced merge runs one plan, which merges at most ten segments
	// per task: repeat while it still makes fewer.
	for n > 1 {
		if err := s.ForceMerge(ctx, &opts); err != nil {
			return n, fmt.Errorf("index: compact: %w", err)
		}
		if err := ctx.Err(); err != nil {
			return n, err
		}
		m, err := segmentCount(s)
		if err != nil {
			return n, err
		}
		if m >= n {
			break
		}
		n = m
	}
	return n, nil
}

// segmentCount is how many segments the index's current snapshot has.
func segmentCount(s *scorch.Scorch) (int, error) {
	r, err := s.Reader()
	if err != nil {
		return 0, fmt.Errorf("index: snapshot: %w", err)
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return 0, nil
	}
	return len(snap.Segments()), nil
}
