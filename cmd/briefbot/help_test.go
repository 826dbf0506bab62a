package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
)

func TestVersionLine(t *testing.T) {
	vcs := func(kv ...string) []debug.BuildSetting {
		var s []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			s = append(s, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return s
	}
	tests := []struct {
		name string
		bi   *debug.BuildInfo
		want string
	}{
		{"release", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.4.0"},
			Settings: vcs("vcs.revision", "8b7a844c1d2e0f3a4b5c6d7e8f9a0b1c2d3e4f5a", "vcs.time", "2025-03-01T10:00:00Z", "vcs.modified", "false")},
			"briefbot v1.4.0 (revision 8b7a844c1d2e, 2025-03-01T10:00:00Z) go1.26.8 linux/amd64"},
		{"devel build of a modified tree", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"},
			Settings: vcs("vcs.revision", "8b7a844c1d2e0f3a", "vcs.time", "2025-03-01T10:00:00Z", "vcs.modified", "true")},
			"briefbot devel (revision 8b7a844c1d2e, 2025-03-01T10:00:00Z, modified) go1.26.8 linux/amd64"},
		{"go install of a tag", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.4.0"}},
			"briefbot v1.4.0 go1.26.8 linux/amd64"},
		{"no VCS stamp", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}},
			"briefbot devel go1.26.8 linux/amd64"},
		{"no build info", nil, "briefbot unknown " + runtime.Version() + " linux/amd64"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := versionLine(tt.bi, "linux/amd64"); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestVersionCommand(t *testing.T) {
	data := t.TempDir()
	for _, args := range [][]string{{"version"}, {"--version"}} {
		code, out, errs := run(t, data, "", args...)
		if code != 0 || !strings.HasPrefix(out, "briefbot ") || !strings.Contains(out, runtime.Version()) || strings.Count(out, "\n") != 1 {
			t.Errorf("%q: exit %d %q %q", args, code, out, errs)
		}
	}
	if code, _, errs := run(t, data, "", "version", "extra"); code != 2 || !strings.Contains(errs, "no arguments") {
		t.Errorf("version extra: exit %d %q", code, errs)
	}
}

func TestHelp(t *testing.T) {
	data := t.TempDir()
	_, askHelp, _ := run(t, data, "", "help", "ask")
	for _, args := range [][]string{{"ask", "--help"}, {"ask", "-h"}, {"ask", "--json", "--help"}, {"ask", "-n", "2", "-h"}} {
		code, out, errs := run(t, data, "", args...)
		if code != 0 || out != askHelp || errs != "" {
			t.Errorf("%q: exit %d, stderr %q, stdout differs from help ask:\n%s", args, code, errs, out)
		}
	}
	for _, want := range []string{"usage: briefbot", "ask [--json] [-n N]", "--json", "-n N", "NO_COLOR", "COLUMNS"} {
		if !strings.Contains(askHelp, want) {
			t.Errorf("help ask lacks %q:\n%s", want, askHelp)
		}
	}
	for _, c := range commands() {
		for _, args := range [][]string{{"help", c.name}, {c.name, "--help"}} {
			code, out, errs := run(t, data, "", args...)
			if code != 0 || !strings.HasPrefix(out, "usage: briefbot") || !strings.Contains(out, " "+c.name) || strings.Contains(out, "commands:") {
				t.Errorf("%q: exit %d %q\n%s", args, code, errs, out)
			}
		}
	}
	// A question may still hold the word.
	if code, out, _ := run(t, data, "", "ask", "what", "does", "--help", "do"); code != 0 || strings.HasPrefix(out, "usage:") {
		t.Errorf("a question with --help inside: exit %d\n%s", code, out)
	}
	if code, out, _ := run(t, data, "", "help"); code != 0 || !strings.Contains(out, "commands:") || !strings.Contains(out, "version") {
		t.Errorf("help: exit %d\n%s", code, out)
	}
	for _, args := range [][]string{{"help", "frobnicate"}, {"help", "ask", "ingest"}} {
		if code, _, errs := run(t, data, "", args...); code != 2 || errs == "" {
			t.Errorf("%q: exit %d %q", args, code, errs)
		}
	}
}

// Every flag a command defines is in its help: read from the source, so a
// flag added without a word in the help fails here.
func TestHelpListsEveryFlag(t *testing.T) {
	fset := token.NewFileSet()
	srcs, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	flags := map[string][]string{} // command → its flags
	for _, src := range srcs {
		if strings.HasSuffix(src, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, src, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			var cmd string
			var names []string
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				arg := 0
				switch sel.Sel.Name {
				case "NewFlagSet":
					if s, ok := stringLit(call.Args, 0); ok {
						cmd = s
					}
					return true
				case "Bool", "Int", "String", "Duration", "Float64", "Func":
				case "BoolVar", "IntVar", "StringVar", "DurationVar", "Float64Var", "Var":
					arg = 1
				default:
					return true
				}
				if s, ok := stringLit(call.Args, arg); ok {
					names = append(names, s)
				}
				return true
			})
			if cmd != "" && cmd != "briefbot" {
				flags[cmd] = append(flags[cmd], names...)
			}
		}
	}
	if len(flags["ask"]) == 0 {
		t.Fatalf("found no flags of ask: %v", flags)
	}
	for cmd, names := range flags {
		c, ok := findCommand(cmd)
		if !ok {
			t.Errorf("flag set %q is no command", cmd)
			continue
		}
		var help strings.Builder
		(&Main{}).commandUsage(&help, c)
		for _, name := range names {
			if !regexp.MustCompile(`(^|[\s\[|])--?` + regexp.QuoteMeta(name) + `\b`).MatchString(help.String()) {
				t.Errorf("%s --help does not mention -%s:\n%s", cmd, name, help.String())
			}
		}
	}
}

func stringLit(args []ast.Expr, i int) (string, bool) {
	if i >= len(args) {
		return "", false
	}
	lit, ok := args[i].(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}
