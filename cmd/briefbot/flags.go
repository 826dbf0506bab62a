package main

import (
	"flag"
	"strings"
)

// parseLeading parses the flags fs defines at the start of args and returns
// the words after them. Unlike fs.Parse it stops at the first argument that
// is not one of fs's flags, so a question or topic may start with a
// documented `-word` filter ("-Kursk flamingo summit") rather than failing
// as an unknown flag. -h and --help still ask for help.
func parseLeading(fs *flag.FlagSet, args []string) ([]string, error) {
	i := 0
	for i < len(args) {
		a := args[i]
		if a == "--" {
			if err := fs.Parse(args[:i]); err != nil {
				return nil, err
			}
			return args[i+1:], nil
		}
		if len(a) < 2 || a[0] != '-' {
			break
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		f := fs.Lookup(name)
		if f == nil && name != "h" && name != "help" {
			break // a filter word, not a flag
		}
		i++
		if f != nil && !hasValue && !isBool(f) && i < len(args) {
			i++ // its value
		}
	}
	if err := fs.Parse(args[:i]); err != nil {
		return nil, err
	}
	return append(fs.Args(), args[i:]...), nil
}

func isBool(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}
