package corpus

import "context"

// Warning is a problem with one file or line that was skipped; the rest of
// the input is still loaded.
type Warning struct {
	Path string
	Line int // 0 when the whole file is meant
	Msg  string
}

func (w Warning) String() string {
	if w.Line > 0 {
		return w.Path + ":" + itoa(w.Line) + ": " + w.Msg
	}
	return w.Path + ": " + w.Msg
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for n >= 10 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	i--
	b[i] = byte('0' + n)
	return string(b[i:])
}

// Load reads documents from files and folders (recursively): .txt, .md,
// .html/.htm, .jsonl, .jsonl.gz and SQuAD-format .json. It calls fn for each
// document in input order and warn for each skipped file or line. A path
// that does not exist fails the whole call before anything is loaded, naming
// the path. It stops early when ctx is done or fn returns an error.
func Load(ctx context.Context, paths []string, fn func(Document) error, warn func(Warning)) error {
	panic("corpus.Load: not built yet")
}
