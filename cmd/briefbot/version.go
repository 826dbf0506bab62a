package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

// runVersion prints what this binary is, from the build information Go
// records: the module version, the commit, and the Go version.
func (m *Main) runVersion(_ context.Context, args []string) error {
	if len(args) > 0 {
		return usageError{fmt.Sprintf("version takes no arguments (got %q)", args[0])}
	}
	bi, _ := debug.ReadBuildInfo()
	fmt.Fprintln(m.Stdout, versionLine(bi, runtime.GOOS+"/"+runtime.GOARCH))
	return nil
}

// versionLine is "briefbot VERSION (revision REV, TIME, modified) GO
// OS/ARCH", leaving out what the build did not record. A build from a
// work tree (`go run`, `go build` without VCS stamping) has version
// "(devel)", shown as "devel"; its revision says which commit it is.
func versionLine(bi *debug.BuildInfo, platform string) string {
	version, goVersion := "unknown", runtime.Version()
	var rev, at string
	modified := false
	if bi != nil {
		if v := bi.Main.Version; v != "" && v != "(devel)" {
			version = v
		} else {
			version = "devel"
		}
		if bi.GoVersion != "" {
			goVersion = bi.GoVersion
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.time":
				at = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	var vcs []string
	if rev != "" {
		vcs = append(vcs, "revision "+rev[:min(len(rev), 12)])
	}
	if at != "" {
		vcs = append(vcs, at)
	}
	if modified {
		vcs = append(vcs, "modified")
	}
	line := "briefbot " + version
	if len(vcs) > 0 {
		line += " (" + strings.Join(vcs, ", ") + ")"
	}
	return line + " " + goVersion + " " + platform
}
