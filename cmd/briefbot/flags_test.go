package main

import (
	"errors"
	"flag"
	"io"
	"slices"
	"testing"
)

func TestParseLeading(t *testing.T) {
	tests := []struct {
		args  []string
		words []string
		json  bool
		n     int
		err   error
	}{
		{[]string{"-Kursk flamingo summit"}, []string{"-Kursk flamingo summit"}, false, 3, nil},
		{[]string{"--json", "-n", "5", "shells", "-Kursk"}, []string{"shells", "-Kursk"}, true, 5, nil},
		{[]string{"-n=4", "-gymnastics", "medals"}, []string{"-gymnastics", "medals"}, false, 4, nil},
		{[]string{"--json", "--", "-json", "is a word here"}, []string{"-json", "is a word here"}, true, 3, nil},
		{[]string{"-", "--json"}, []string{"-", "--json"}, false, 3, nil},
		{[]string{"--help"}, nil, false, 3, flag.ErrHelp},
		{[]string{"-h", "question"}, nil, false, 3, flag.ErrHelp},
		{[]string{"-n"}, nil, false, 3, errors.New("flag needs an argument: -n")},
		{[]string{"-n", "x", "q"}, nil, false, 3, errors.New(`invalid value "x" for flag -n: parse error`)},
	}
	for _, tt := range tests {
		fs := flag.NewFlagSet("ask", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		asJSON := fs.Bool("json", false, "")
		n := fs.Int("n", 3, "")
		words, err := parseLeading(fs, tt.args)
		if (err == nil) != (tt.err == nil) || (err != nil && err.Error() != tt.err.Error()) {
			t.Errorf("%q: err %v, want %v", tt.args, err, tt.err)
			continue
		}
		if err != nil {
			continue
		}
		if !slices.Equal(words, tt.words) || *asJSON != tt.json || *n != tt.n {
			t.Errorf("%q: words %q json %v n %d; want %q %v %d", tt.args, words, *asJSON, *n, tt.words, tt.json, tt.n)
		}
	}
}
