//go:build linux

package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// openTerminal opens a pseudo-terminal cols wide: the program writes to
// the returned file and the test reads what it wrote from the master.
func openTerminal(t *testing.T, cols int) (tty *os.File, output func() string) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	t.Cleanup(func() { master.Close() })
	fd := int(master.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	tty, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := unix.IoctlSetWinsize(int(tty.Fd()), unix.TIOCSWINSZ, &unix.Winsize{Row: 24, Col: uint16(cols)}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	done := make(chan struct{})
	go func() {
		defer close(done)
		io.Copy(&buf, master) // ends with EIO once the terminal side is closed
	}()
	return tty, func() string {
		tty.Close()
		<-done
		// The terminal turns each "\n" into "\r\n".
		return strings.ReplaceAll(buf.String(), "\r\n", "\n")
	}
}

// On a terminal: its width, not $COLUMNS; escapes unless NO_COLOR is set.
func TestAskOnATerminal(t *testing.T) {
	data := t.TempDir()
	if code, _, errs := run(t, data, "", "ask", "--json", "shells"); code != 0 {
		t.Fatal(errs) // index the default corpus first
	}
	const width = 70
	for _, noColor := range []string{"", "1"} {
		t.Run("NO_COLOR="+noColor, func(t *testing.T) {
			tty, output := openTerminal(t, width)
			var errb bytes.Buffer
			m := NewMain(strings.NewReader(""), tty, &errb)
			env := map[string]string{"NO_COLOR": noColor, "COLUMNS": "200", "TERM": "xterm-256color"}
			m.Getenv = func(k string) string { return env[k] }
			code := m.Run(context.Background(), []string{"--data", data, "ask", "How many artillery shells has North Korea sent to Russia?"})
			if err := m.Close(); err != nil {
				t.Error(err)
			}
			out := output()
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errb.String())
			}
			for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
				if w := displayWidth(visible(line)); w > width {
					t.Errorf("line %d wide on a %d-column terminal: %q", w, width, line)
				}
			}
			hasEscapes := strings.Contains(out, "\x1b[1;4martillery shells\x1b[0m")
			if noColor == "" && !hasEscapes {
				t.Errorf("no marked words on a terminal:\n%q", out)
			}
			if noColor != "" && (strings.Contains(out, "\x1b") || !strings.Contains(out, "**artillery shells**")) {
				t.Errorf("NO_COLOR=%s: escapes written, or matches unmarked:\n%q", noColor, out)
			}
		})
	}
}
