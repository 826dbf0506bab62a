package index

import (
	"encoding/binary"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	bolt "go.etcd.io/bbolt"
)

// DefaultMappedLimit is how many bytes of mapped files a process keeps
// resident before it lets the index's go (Options.MappedLimit). Past it,
// the dictionaries and postings of the 4x corpus of issue #12 (about 300
// MB) would be let go after every question and read again by the next:
// 256 MB made its p50 a tenth slower than 384.
const DefaultMappedLimit = 384 << 20

// mappedPages bounds how much of the index's memory-mapped segment files
// stays mapped into the process.
//
// Bleve reads its segments through mmap, and the kernel maps the 64 KB
// around each page read (fault-around; MADV_RANDOM does not stop it). So
// questions over a large index come to map nearly all of it: 640 of the 4x
// index's 650 MB after XQuAD's 1,190 questions, while the process's own
// memory stayed at 20 MB (issue #12). Past the limit the mappings are
// dropped (MADV_DONTNEED): the pages stay in the kernel's page cache, and
// the next read of one maps it again without reading the disk. The stored
// passages go first: each question reads a few dozen of them, scattered,
// while the dictionaries and postings are read by every question.
type mappedPages struct {
	limit int64 // bytes; 0 for no limit
	trim  sync.Mutex
}

// trimMapped lets the index's mapped pages go if the process has more
// file pages resident than the limit. It runs after each question and each
// batch written (merges map the segments they read), and costs a read of
// /proc/self/statm; one ending while another trims skips the check.
func (ix *Index) trimMapped() {
	mp := &ix.mapped
	if mp.limit <= 0 || !mp.trim.TryLock() {
		return
	}
	defer mp.trim.Unlock()
	if fileResident() <= mp.limit {
		return
	}
	// Passage texts are read scattered: those of the store first, then
	// those of segments made before spans.
	ix.store.dropMapped()
	ix.dropMapped(true)
	if fileResident() > mp.limit {
		ix.dropMapped(false)
	}
}

// dropMapped lets go of the mapped pages of the segments in the index's
// current snapshot: of their stored passages only, or of all. Holding the
// snapshot keeps every segment mapped meanwhile, so the advice cannot
// reach memory that a merge unmapped and the process reused.
func (ix *Index) dropMapped(storedOnly bool) {
	s, err := ix.scorch()
	if err != nil || s == nil {
		return
	}
	_ = withSegments(s, func(segs []*scorch.SegmentSnapshot) {
		for _, ss := range segs {
			// Persisted segments are read-only file mappings; segments
			// still in memory have no Data and are left alone.
			d, ok := ss.Segment().(mappedSegment)
			if !ok {
				continue
			}
			data := d.Data()
			if storedOnly {
				data = data[:storedEnd(data)]
			}
			dontNeed(data)
		}
	})
}

// dropMapped lets go of the store's mapped pages. The read transaction
// holds bbolt's mapping in place (it remaps only under a lock that waits
// for readers), so the advice cannot reach memory unmapped meanwhile.
func (s *docStore) dropMapped() {
	_ = s.db.View(func(tx *bolt.Tx) error {
		dontNeedAt(s.db.Info().Data, tx.Size())
		return nil
	})
}

// mappedSegment is a persisted zap segment: its Data is the file's
// mapping.
type mappedSegment interface{ Data() []byte }

// storedEnd returns where the stored passages of a zap segment file end:
// they open the file, and the footer gives the offset of the index that
// follows them. A footer of a version it does not know gives the whole
// file.
func storedEnd(data []byte) int {
	n := len(data)
	if n < 64 {
		return n
	}
	// The footer ends with the stored index offset (and more offsets), the
	// chunk mode, the version and a checksum, 4 bytes each but the offsets.
	var at int
	switch binary.BigEndian.Uint32(data[n-8 : n-4]) {
	case 16: // …, stored index, fields index, sections index, doc values, chunk mode, version, crc
		at = n - 44
	case 17: // …, stored index, sections index, chunk mode, version, crc
		at = n - 28
	default:
		return n
	}
	if off := binary.BigEndian.Uint64(data[at : at+8]); off <= uint64(n) {
		return int(off)
	}
	return n
}
