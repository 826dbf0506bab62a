package index

import (
	"bytes"
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// fileResident returns the bytes of mapped files resident in the process
// (statm's shared pages: the binary's too), or 0 if it cannot tell.
func fileResident() int64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := bytes.Fields(b)
	if len(f) < 3 {
		return 0
	}
	n, err := strconv.ParseInt(string(f[2]), 10, 64)
	if err != nil {
		return 0
	}
	return n * int64(os.Getpagesize())
}

// dontNeed unmaps b's pages from the process. b is a read-only mapping of
// a file that does not change, so a later read maps the same bytes again.
func dontNeed(b []byte) {
	if len(b) > 0 {
		_ = unix.Madvise(b, unix.MADV_DONTNEED)
	}
}

// dontNeedAt is dontNeed for n bytes of a mapping at addr that the process
// holds by address only (the document store's).
func dontNeedAt(addr uintptr, n int64) {
	if addr != 0 && n > 0 {
		_, _, _ = unix.Syscall(unix.SYS_MADVISE, addr, uintptr(n), unix.MADV_DONTNEED)
	}
}
