package main

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/briefbot/briefbot/corpus"
)

// Bounds of the limits: below them nothing useful is indexed, above them
// one file could take the process's memory.
const (
	minDocumentSize     = 4 << 10
	maxDocumentSize     = 256 << 20
	maxPassageSize      = 64 << 10
	maxLineSize         = 1 << 30
	minDecompressedSize = 1 << 20
	minFileTime         = time.Second
	minMappedIndex      = 16 << 20
)

// mappedIndex reads limits.mapped_index: a size of at least 16 MB, or off.
func (p *configParser) mappedIndex(v *yaml.Node) int64 {
	s, ok := p.str(v, "limits.mapped_index")
	if !ok {
		return 0
	}
	if strings.EqualFold(strings.TrimSpace(s), "off") {
		return -1
	}
	b, err := parseSize(s)
	switch {
	case err != nil:
		p.addf(v, "limits.mapped_index %q is not a size; write e.g. 256MB or 1GB, or off", s)
	case b < minMappedIndex:
		p.addf(v, "limits.mapped_index %s is below the minimum of %s; write off for no limit", s, corpus.FormatSize(minMappedIndex))
	default:
		return b
	}
	return 0
}

// limits reads the limits: mapping; sizes are written like 2MB, 512KB or
// 4GB (1 KB = 1024 bytes), or as a number of bytes.
func (p *configParser) limits(n *yaml.Node) corpus.Limits {
	var lim corpus.Limits
	fields := p.mapping(n, "limits", limitKeys)
	if fields == nil {
		return lim
	}
	size := func(key string, lo, hi int64) (int64, bool) {
		v := fields[key]
		if v == nil {
			return 0, false
		}
		s, ok := p.str(v, "limits."+key)
		if !ok {
			return 0, false
		}
		b, err := parseSize(s)
		switch {
		case err != nil:
			p.addf(v, "limits.%s %q is not a size; write e.g. 2MB, 512KB or 4GB", key, s)
		case b < lo:
			p.addf(v, "limits.%s %s is below the minimum of %s", key, s, corpus.FormatSize(lo))
		case hi > 0 && b > hi:
			p.addf(v, "limits.%s %s is above the maximum of %s", key, s, corpus.FormatSize(hi))
		default:
			return b, true
		}
		return 0, false
	}
	if b, ok := size("max_document_size", minDocumentSize, maxDocumentSize); ok {
		lim.MaxDocument = int(b)
	}
	if b, ok := size("max_passage_size", corpus.MinPassage, maxPassageSize); ok {
		lim.MaxPassage = int(b)
	}
	if b, ok := size("max_line_size", minDocumentSize, maxLineSize); ok {
		lim.MaxLine = int(b)
	}
	if b, ok := size("max_decompressed_size", minDecompressedSize, 0); ok {
		lim.MaxDecompressed = b
	}
	if v := fields["file_time_limit"]; v != nil {
		if s, ok := p.str(v, "limits.file_time_limit"); ok {
			switch d, err := parseConfigDuration(s); {
			case err != nil:
				p.addf(v, "limits.file_time_limit %q is not a duration; write e.g. 10m, 1h or 90s", s)
			case d < minFileTime:
				p.addf(v, "limits.file_time_limit %s is shorter than the minimum of 1s", s)
			default:
				lim.FileTime = d
			}
		}
	}
	// The limits must fit together, defaults included.
	eff := lim.OrDefaults()
	if lim.MaxPassage != 0 || lim.MaxDocument != 0 {
		if eff.MaxPassage > eff.MaxDocument {
			p.addf(n, "limits: max_passage_size (%s) is larger than max_document_size (%s)", corpus.FormatSize(int64(eff.MaxPassage)), corpus.FormatSize(int64(eff.MaxDocument)))
		}
	}
	if (lim.MaxLine != 0 || lim.MaxDocument != 0) && eff.MaxLine < eff.MaxDocument {
		p.addf(n, "limits: max_line_size (%s) is smaller than max_document_size (%s), so documents within the size limit would be skipped; a JSONL line holds a whole document", corpus.FormatSize(int64(eff.MaxLine)), corpus.FormatSize(int64(eff.MaxDocument)))
	}
	return lim
}

var sizeRE = regexp.MustCompile(`^(?i)\s*([0-9]+(?:\.[0-9]+)?)\s*(b|bytes?|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)?\s*$`)

// parseSize reads "2MB", "1.5 GB", "512KiB" or "2000" (bytes); K, M, G and
// T are powers of 1024.
func parseSize(s string) (int64, error) {
	m := sizeRE.FindStringSubmatch(s)
	if m == nil {
		return 0, fmt.Errorf("not a size: %q", s)
	}
	f, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		return 0, err
	}
	shift := 0
	if u := strings.ToLower(m[2]); u != "" {
		shift = map[byte]int{'b': 0, 'k': 10, 'm': 20, 'g': 30, 't': 40}[u[0]]
	}
	v := f * float64(int64(1)<<shift)
	if v >= 1<<62 {
		return 0, fmt.Errorf("too large: %q", s)
	}
	return int64(v), nil
}

// parseConfigDuration is time.ParseDuration that also takes a number of days: "7d".
func parseConfigDuration(s string) (time.Duration, error) {
	if d, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.ParseFloat(strings.TrimSpace(d), 64)
		if err != nil || n < 0 || n > 100*365 {
			return 0, fmt.Errorf("not a number of days: %q", s)
		}
		return time.Duration(n * float64(24*time.Hour)), nil
	}
	return time.ParseDuration(s)
}
