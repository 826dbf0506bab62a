package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/briefbot/briefbot/internal/chattest"
	"github.com/briefbot/briefbot/internal/clocktest"
)

// child is a serve replica run as a child process of the test binary (see
// TestMain), so that it can be killed as a dying host is.
type child struct {
	name, data, logPath string
	cmd                 *exec.Cmd
	done                chan struct{}
}

func startChild(t *testing.T, name string, env []string) *child {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	c := &child{name: name, data: t.TempDir(), done: make(chan struct{})}
	c.logPath = filepath.Join(t.TempDir(), name+".log")
	logf, err := os.Create(c.logPath)
	if err != nil {
		t.Fatal(err)
	}
	c.cmd = exec.Command(exe, "-test.run=^$")
	c.cmd.Env = append(append(os.Environ(), env...), "BRIEFBOT_TEST_CHILD=serve", "BRIEFBOT_DATA="+c.data, "BRIEFBOT_ADDR=127.0.0.1:0", "BRIEFBOT_LOG=debug")
	c.cmd.Stdout, c.cmd.Stderr = logf, logf
	// Killed with the test binary, should it die first.
	c.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		c.cmd.Wait()
		logf.Close()
		close(c.done)
	}()
	t.Cleanup(func() {
		c.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-c.done:
		case <-time.After(15 * time.Second):
			c.cmd.Process.Kill()
			<-c.done
			t.Errorf("%s did not stop on SIGTERM:\n%s", name, c.logs())
		}
	})
	return c
}

func (c *child) logs() string {
	b, _ := os.ReadFile(c.logPath)
	return string(b)
}

// waitLog waits up to d for the child to log want.
func (c *child) waitLog(t *testing.T, want string, d time.Duration) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !strings.Contains(c.logs(), want) {
		select {
		case <-c.done:
			t.Fatalf("%s exited before logging %q:\n%s", c.name, want, c.logs())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never logged %q:\n%s", c.name, want, c.logs())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitMessages waits until channel holds n messages, up to the real time
// until, and fails if it then holds more.
func waitMessages(t *testing.T, sl *chattest.Slack, channel string, n int, until time.Time, logs func() string) {
	t.Helper()
	for len(sl.Messages(channel)) < n {
		if time.Now().After(until) {
			t.Fatalf("%d messages in %s, want %d:\n%s", len(sl.Messages(channel)), channel, n, logs())
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(time.Second) // room for a duplicate, if there were one
	if got := len(sl.Messages(channel)); got != n {
		t.Fatalf("%d messages in %s, want %d:\n%s", got, channel, n, logs())
	}
}

// The black-box check of issue #13: two serve processes, each with its own
// data dir, on one PostgreSQL. A document ingested through one is
// answered by the other within 10 s; a declared digest is posted once;
// after the leader is killed with SIGKILL the survivor posts the next
// declared digest, once. Serve runs on a clock 120 times faster than real
// time, so 08:00 and 08:30 come within seconds.
func TestReplicasSurviveKill(t *testing.T) {
	dbURL := pg.DB(t)
	day := time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC)
	// 08:00 comes 10 s after the start, room for both to start on a
	// loaded machine; 08:30 15 s later, room for the survivor to lead.
	clock := fastClock{base: day.Add(7*time.Hour + 40*time.Minute), start: time.Now(), speed: 120}
	sl := chattest.NewSlack(t, clock.Now)
	cfgPath := filepath.Join(t.TempDir(), "briefbot.yaml")
	cfg := "post_empty: true\ndigests:\n  - platform: slack\n    channel: C1\n    schedule: daily 08:00\n  - platform: slack\n    channel: C2\n    schedule: daily 08:30\n"
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	env := []string{"BRIEFBOT_CONFIG=" + cfgPath, "SLACK_BOT_TOKEN=xoxb-test", "SLACK_API_URL=" + sl.URL(),
		"BRIEFBOT_DATABASE_URL=" + dbURL, "BRIEFBOT_TEST_CLOCK=" + clock.String()}
	a, b := startChild(t, "a", env), startChild(t, "b", env)
	both := func() string { return "--- a:\n" + a.logs() + "\n--- b:\n" + b.logs() }
	a.waitLog(t, "msg=serving", 20*time.Second)
	b.waitLog(t, "msg=serving", 20*time.Second)

	// A document dropped in a's inbox is answered by b.
	if err := os.MkdirAll(filepath.Join(a.data, "inbox"), 0o755); err != nil {
		t.Fatal(err)
	}
	line := `{"id":"crane","title":"Harbour cranes to be replaced after storm","url":"https://news.example/crane","text":"The port authority said on Monday that two harbour cranes damaged by the storm will be replaced by the summer."}`
	dropped := time.Now()
	if err := os.WriteFile(filepath.Join(a.data, "inbox", "crane.jsonl"), []byte(line+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cl := clocktest.New(clock.Now())
	stopTicking := make(chan struct{})
	defer close(stopTicking)
	go func() { // the CLI's clock must read serve's date
		for {
			select {
			case <-stopTicking:
				return
			case <-time.After(100 * time.Millisecond):
				cl.Set(clock.Now())
			}
		}
	}()
	waitAnswer(t, cl, b.data, "harbour cranes storm", "crane")
	t.Logf("dropped in a's inbox, answered by b after %v", time.Since(dropped).Round(time.Millisecond))

	// 08:00: one digest in C1, from whichever leads.
	waitMessages(t, sl, "C1", 1, clock.At(day.Add(8*time.Hour)).Add(15*time.Second), both)
	leader, survivor := a, b
	if strings.Contains(b.logs(), "digest posted") {
		leader, survivor = b, a
	}
	if !strings.Contains(leader.logs(), "digest posted") || strings.Contains(survivor.logs(), "digest posted") {
		t.Fatalf("want one replica to log the post:\n%s", both())
	}

	// The leader dies as a host does; the survivor posts 08:30's digest.
	if err := leader.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-leader.done
	killed := time.Now()
	survivor.waitLog(t, "leading scheduled work on this replica\" work=digests", 30*time.Second)
	t.Logf("%s leads %v after %s was killed", survivor.name, time.Since(killed).Round(time.Millisecond), leader.name)
	waitMessages(t, sl, "C2", 1, clock.At(day.Add(8*time.Hour+30*time.Minute)).Add(15*time.Second), both)
	if got := len(sl.Messages("C1")); got != 1 {
		t.Errorf("%d digests in C1 by the end, want 1", got)
	}
	if !strings.Contains(survivor.logs(), "channel=C2") || strings.Count(survivor.logs(), "digest posted") != 1 {
		t.Errorf("the survivor did not post C2's digest, once:\n%s", survivor.logs())
	}
}
