//go:build !linux

package index

func fileResident() int64 { return 0 }

func dontNeed([]byte) {}

func dontNeedAt(uintptr, int64) {}
