package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
			out, errOut, code := runIn(t, "run", "--quiet", "--max-memory", "2MiB", "--format", format, "--report", dir,
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
