package main

import "context"

func (m *Main) runAsk(ctx context.Context, args []string) error    { return usageError{"todo"} }
func (m *Main) runIngest(ctx context.Context, args []string) error { return usageError{"todo"} }
func (m *Main) runEval(ctx context.Context, args []string) error   { return usageError{"todo"} }
