package sinktest

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/briefbot/briefbot/corpus"
)

func TestSink(t *testing.T) {
	s := New()
	ctx := context.Background()
	if err := s.Add(ctx, []corpus.Document{{ID: "a"}, {ID: "b", Title: "old"}}); err != nil {
		t.Fatal(err)
	}
	<-s.Got()
	s.Fail(errors.New("closed"))
	if err := s.Add(ctx, []corpus.Document{{ID: "c"}}); err == nil {
		t.Error("Add after Fail succeeded")
	}
	s.Fail(nil)
	s.Add(ctx, []corpus.Document{{ID: "b", Title: "new"}})
	if got := s.IDs(); !slices.Equal(got, []string{"a", "b", "b"}) {
		t.Errorf("IDs = %v", got)
	}
	if m := s.ByID(); len(m) != 2 || m["b"].Title != "new" {
		t.Errorf("ByID = %v", m)
	}
}
