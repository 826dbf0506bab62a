package index

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
)

// segmentPassages bounds the segments merges write, Bleve's own
// (bleveConfig) and Compact's, in passages (Bleve bounds file sizes only
// for vector segments): about 300 MB. A merge maps its inputs, so this
// bounds what merging adds to an ingest's resident memory, whatever the
// corpus size. Bleve merges a segment no more once it holds half of it.
const segmentPassages = 200000

// Compact merges the index's segments into as few as segmentPassages
// allows. A large ingest leaves tens of segments (Bleve's tiered merging
// keeps up to ten per tier), and every question looks each of its terms
// up in every segment: after compaction the 4x corpus of issue #12 has a few
// instead of 31, and questions take a tenth less CPU. It returns how many
// segments are left.
func (ix *Index) Compact(ctx context.Context) (int, error) {
	s, err := ix.scorch()
	if err != nil || s == nil {
		return 0, err
	}
	opts := mergeplan.MergePlanOptions{
		MaxSegmentsPerTier:   1,
		MaxSegmentSize:       segmentPassages,
		MaxSegmentFileSize:   mergeplan.DefaultMergePlanOptions.MaxSegmentFileSize,
		TierGrowth:           1,
		SegmentsPerMergeTask: 10,
		FloorSegmentSize:     segmentPassages,
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
func segmentCount(s *scorch.Scorch) (n int, err error) {
	err = withSegments(s, func(segs []*scorch.SegmentSnapshot) { n = len(segs) })
	return n, err
}

// scorch returns the index's Scorch engine, or nil when Bleve runs
// another.
func (ix *Index) scorch() (*scorch.Scorch, error) {
	adv, err := ix.bleve.Advanced()
	if err != nil {
		return nil, fmt.Errorf("index: engine: %w", err)
	}
	s, _ := adv.(*scorch.Scorch)
	return s, nil
}

// withSegments calls fn with the segments of s's current snapshot, which
// is held while fn runs: no segment is closed or unmapped under it.
func withSegments(s *scorch.Scorch, fn func([]*scorch.SegmentSnapshot)) error {
	r, err := s.Reader()
	if err != nil {
		return fmt.Errorf("index: snapshot: %w", err)
	}
	defer r.Close()
	if snap, ok := r.(*scorch.IndexSnapshot); ok {
		fn(snap.Segments())
	}
	return nil
}
