package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// ask --json gives the figures the sources give differently, each claim
// pointing at a citation that states it, with who states it and for when.
func TestAskJSONDifferences(t *testing.T) {
	data := t.TempDir()
	code, out, errs := run(t, data, "", "ask", "--json", "-n", "1", "How many containers has North Korea sent to Russia?")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var a answerJSON
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatal(err)
	}
	if len(a.Differences) != 1 {
		t.Fatalf("differences %+v, want one", a.Differences)
	}
	d := a.Differences[0]
	if d.Kind != "differ" || d.About != "containers of munitions" || len(d.Claims) != 2 {
		t.Fatalf("difference %+v", d)
	}
	want := []differenceClaimJSON{
		{Value: "more than 16,500", Source: "briefbot default corpus", By: "the United States", Period: "since September 2023"},
		{Value: "13,000", Source: "briefbot default corpus", By: "South Korea", Period: "since mid-2022"},
	}
	for i, c := range d.Claims {
		if c.N < 1 || c.N > len(a.Citations) {
			t.Fatalf("claim %+v cites [%d] of %d citations (-n 1 must be extended)", c, c.N, len(a.Citations))
		}
		if !strings.Contains(a.Citations[c.N-1].Passage, c.Value) {
			t.Errorf("citation [%d] does not state %q", c.N, c.Value)
		}
		c.N = 0
		if c != want[i] {
			t.Errorf("claim %d: %+v, want %+v", i, c, want[i])
		}
	}
	// The raw JSON names the fields the contract gives.
	for _, key := range []string{`"differences":[{"about":"containers of munitions","kind":"differ","claims":[{"value":"more than 16,500","n":`, `"published":"","by":"the United States","period":"since September 2023"}`} {
		if !strings.Contains(out, key) {
			t.Errorf("JSON lacks %s:\n%s", key, out)
		}
	}
	// The terminal shows the same as one block under the answer, each
	// claim numbered as the citation that states it.
	_, out, _ = run(t, data, "", "ask", "--json", "How many containers has North Korea sent to Russia?")
	var full answerJSON
	if err := json.Unmarshal([]byte(out), &full); err != nil || len(full.Differences) != 1 || len(full.Differences[0].Claims) != 2 {
		t.Fatalf("ask --json: %v\n%s", err, out)
	}
	cs := full.Differences[0].Claims
	_, out, _ = run(t, data, "", "ask", "How many containers has North Korea sent to Russia?")
	block := fmt.Sprintf("Sources differ: more than 16,500 containers of munitions since September 2023 (briefbot default corpus, per the United States) [%d] · 13,000 since mid-2022 (briefbot default corpus, per South Korea) [%d]", cs[0].N, cs[1].N)
	if !strings.Contains(squash(out), block) {
		t.Errorf("terminal answer lacks the difference %q:\n%s", block, out)
	}
}
