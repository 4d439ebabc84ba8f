package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// hostileDir holds the extreme and hostile scenarios .ci/hostile runs.
const hostileDir = "examples/lotsim/testdata/hostile"

// TestMaxMemory runs a scenario whose waiting list grows far beyond its
// capacity under a small memory budget: every format must exit 1 with the
// reason and the flag to raise it on stderr, nothing on stdout and no
// report written.
func TestMaxMemory(t *testing.T) {
	t.Parallel()
	for _, format := range []string{"text", "markdown", "json", "csv"} {
		t.Run(format, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(t.TempDir(), "report")
			out, errOut, code := runIn(t, "run", "--quiet", "--max-memory", "16MiB", "--format", format, "--report", dir,
				filepath.Join(hostileDir, "overload_long.yaml"))
			if code != exitFailure || out != "" {
				t.Errorf("exit %d, stdout %q; want exit %d and nothing on stdout", code, out, exitFailure)
			}
			for _, want := range []string{"memory limit reached", `"Victims"`, "--max-memory"} {
				if !strings.Contains(errOut, want) {
					t.Errorf("stderr does not name %s:\n%s", want, errOut)
				}
			}
			if _, err := os.Stat(dir); !os.IsNotExist(err) {
				t.Errorf("a report directory was written (stat: %v)", err)
			}
		})
	}
}

// TestCommandsAgree checks that check, budget and run agree on which
// scenarios are valid: every broken, valid and hostile test scenario that
// check refuses (exit 2), budget and run refuse too, naming a position in
// the file when the loader found the problem; every one check accepts,
// budget reports without error. (Before, a scenario check accepted could
// panic in budget, and one it refused could be budgeted.) Runs of valid
// scenarios are left to .ci/hostile, which times them.
func TestCommandsAgree(t *testing.T) {
	t.Parallel()
	var files []string
	for _, pattern := range []string{"scenario/testdata/broken/*.yaml", "scenario/testdata/valid/*.yaml", hostileDir + "/*.yaml"} {
		m, err := filepath.Glob(pattern)
		if err != nil || len(m) == 0 {
			t.Fatalf("no files match %s", pattern)
		}
		files = append(files, m...)
	}
	for _, file := range files {
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			checkOut, _, checkCode := runIn(t, "check", file)
			if checkCode != exitOK && checkCode != exitInvalid {
				t.Fatalf("check: exit %d, want 0 or 2", checkCode)
			}
			out, errOut, code := runIn(t, "budget", file)
			if code != checkCode {
				t.Errorf("budget: exit %d, check: exit %d; stderr:\n%s", code, checkCode, errOut)
			}
			for _, bad := range []string{"NaN", "+Inf", "-Inf", "panic"} {
				if strings.Contains(out+errOut, bad) {
					t.Errorf("budget output contains %q", bad)
				}
			}
			if checkCode == exitOK {
				return
			}
			out, errOut, code = runIn(t, "run", "--quiet", file)
			if code != exitInvalid || out != "" {
				t.Errorf("run: exit %d, stdout %q; want exit %d as check, nothing on stdout", code, out, exitInvalid)
			}
			// check prints "FILE:LINE:COL: field: message" for what the
			// loader finds; run must print the same lines.
			for _, line := range strings.Split(checkOut, "\n") {
				line = strings.TrimSpace(line)
				if rest, ok := strings.CutPrefix(line, file+":"); ok && rest != "" && rest[0] >= '0' && rest[0] <= '9' && !strings.Contains(errOut, line) {
					t.Errorf("run does not report check's\n%s\nstderr:\n%s", line, errOut)
				}
			}
		})
	}
}

func TestParseBytes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    int64
		wantErr bool
		reason  string
	}{
		{in: "1.5GiB", want: 3 << 29},
		{in: "800MB", want: 800e6},
		{in: "2G", want: 2 << 30},
		{in: "1048576", want: 1 << 20},
		{in: "64 mib", want: 64 << 20},
		{in: "10", wantErr: true, reason: "below 1 MiB"},
		{in: "1.5 furlongs", wantErr: true},
		{in: "", wantErr: true},
		{in: "NaNGB", wantErr: true},
		{in: "1e400GB", wantErr: true},
		{in: "2PiB", wantErr: true, reason: "above 1 PiB"},
	}
	for _, tt := range tests {
		got, err := parseBytes(tt.in)
		if (err != nil) != tt.wantErr || (!tt.wantErr && got != tt.want) {
			t.Errorf("parseBytes(%q) = %d, %v; want %d, error %v %s", tt.in, got, err, tt.want, tt.wantErr, tt.reason)
		}
	}
}

// TestMainExitCodes runs the test binary as the runner, with no signal:
// its exit codes are those of run, not the 130 of an interrupted run.
func TestMainExitCodes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want int
	}{
		{[]string{"check", "scenarios/essex-2025.yaml"}, exitOK},
		{[]string{"budget", "scenario/testdata/broken/money_too_large.yaml"}, exitInvalid},
		{[]string{"run", "--quiet", "--max-memory", "16MiB", hostileDir + "/overload_long.yaml"}, exitFailure},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), "LOTSIM_MAIN_ARGS="+strings.Join(tc.args, "\x1f"))
			cmd.Dir = "examples/lotsim" // TestMain moves to the repository root
			err := cmd.Run()
			code := 0
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				code = exit.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tc.want {
				t.Errorf("exit %d, want %d", code, tc.want)
			}
		})
	}
}

// TestInterrupt sends SIGINT and SIGTERM to a runner writing a long run
// with a report: it must exit 130, print nothing on stdout, and leave no
// report and no temporary directory behind.
func TestInterrupt(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT to send on Windows")
	}
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			parent := t.TempDir()
			ready := filepath.Join(t.TempDir(), "ready")
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), "LOTSIM_READY_FILE="+ready, "LOTSIM_MAIN_ARGS="+strings.Join([]string{
				"run", "--quiet", "--workers", "1", "--replications", "100000", "--report", filepath.Join(parent, "report"), "scenarios/essex-2025.yaml"}, "\x1f"))
			cmd.Dir = "examples/lotsim" // TestMain moves to the repository root
			var out, errOut strings.Builder
			cmd.Stdout, cmd.Stderr = &out, &errOut
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// Wait until the runner catches signals (a signal sent before
			// kills it, as Go does by default, however loaded the machine),
			// then a little longer, into the simulation: 100,000
			// replications take minutes.
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			for {
				if _, err := os.Stat(ready); err == nil {
					break
				}
				select {
				case err := <-done:
					t.Fatalf("the runner ended before it listened for signals: %v, stderr %q", err, errOut.String())
				case <-time.After(10 * time.Millisecond):
				}
			}
			time.Sleep(200 * time.Millisecond)
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			err := <-done
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != exitInterrupted || out.Len() > 0 {
				t.Errorf("exit %v, stdout %q, stderr %q; want exit %d and nothing on stdout", err, out.String(), errOut.String(), exitInterrupted)
			}
			if entries, _ := os.ReadDir(parent); len(entries) > 0 {
				t.Errorf("%d entries left beside the report, want none: %v", len(entries), entries)
			}
		})
	}
}
