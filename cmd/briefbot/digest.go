package main

import "context"

// runDigest is filled in by the digest work (issue 5).
func (m *Main) runDigest(ctx context.Context, args []string) error {
	return usageError{"digest is not built yet"}
}
