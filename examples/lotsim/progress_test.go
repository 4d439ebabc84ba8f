package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// fakeClock is a clock the test moves by hand, so that no test depends on
// how fast the machine is.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

// step is one call of update after the clock moved on by after.
type step struct {
	after time.Duration
	done  int
}

// TestProgressLines checks the plain lines written when stderr is not a
// terminal: none in the first moments, one at each quarter of the way and
// at least every plainEvery, none at the end.
func TestProgressLines(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		total int
		steps []step
		want  []string
	}{
		{
			name:  "a quick run writes nothing",
			total: 200,
			steps: []step{{100 * time.Millisecond, 50}, {100 * time.Millisecond, 100}, {100 * time.Millisecond, 150}, {100 * time.Millisecond, 200}},
		},
		{
			name:  "quarters, once the run has taken a while",
			total: 200,
			steps: []step{{time.Second, 10}, {time.Second, 20}, {time.Second, 50}, {time.Second, 60}, {time.Second, 100}, {time.Second, 120}, {time.Second, 150}, {time.Second, 200}},
			want: []string{
				"run: 50 of 200 replications (25%), 3 s",
				"run: 100 of 200 replications (50%), 5 s",
				"run: 150 of 200 replications (75%), 7 s",
			},
		},
		{
			name:  "a slow run between quarters",
			total: 1000,
			steps: []step{{3 * time.Second, 1}, {3 * time.Second, 2}, {3 * time.Second, 3}, {3 * time.Second, 4}, {61 * time.Second, 5}},
			want: []string{
				"run: 2 of 1000 replications (0%), 6 s",
				"run: 4 of 1000 replications (0%), 12 s",
				"run: 5 of 1000 replications (0%), 1 min 13 s",
			},
		},
		{
			name:  "a quarter passed early is not repeated",
			total: 100,
			steps: []step{{100 * time.Millisecond, 30}, {2 * time.Second, 31}, {time.Second, 49}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			clock := &fakeClock{t: time.Date(2025, 3, 31, 12, 0, 0, 0, time.UTC)}
			var buf bytes.Buffer
			p := startProgress(&buf, progressLines, "run", "replications", clock.now)
			for _, s := range tt.steps {
				clock.t = clock.t.Add(s.after)
				p.update(s.done, tt.total)
			}
			p.finish()
			var got []string
			if buf.Len() > 0 {
				got = strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("progress lines (-want +got):\n%s", diff)
			}
		})
	}
}

// TestProgressModes checks that --quiet writes nothing, that a writer
// that is not a terminal gets plain lines, and that a terminal's bar is
// drawn in place and cleared.
func TestProgressModes(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if p := newProgress(&buf, true, "run", "replications"); p.mode != progressOff {
		t.Errorf("quiet: mode %v, want off", p.mode)
	}
	if p := newProgress(&buf, false, "run", "replications"); p.mode != progressLines {
		t.Errorf("a buffer: mode %v, want plain lines", p.mode)
	}
	clock := &fakeClock{t: time.Date(2025, 3, 31, 12, 0, 0, 0, time.UTC)}
	p := startProgress(&buf, progressBar, "run", "replications", clock.now)
	clock.t = clock.t.Add(time.Second)
	p.update(2, 4)
	p.finish()
	got := buf.String()
	if !strings.HasPrefix(got, "\rrun [###############...............] 2/4 replications\r") || strings.Contains(got, "\n") {
		t.Errorf("bar: %q", got)
	}
}

// TestProgressPiped runs a sweep with stderr not a terminal and a clock
// that moves a minute at every reading: the sweep reports its points.
func TestProgressPiped(t *testing.T) {
	// Not parallel: it replaces the package's clock.
	clock := &fakeClock{t: time.Date(2025, 3, 31, 12, 0, 0, 0, time.UTC)}
	progressClock = func() time.Time { clock.t = clock.t.Add(time.Minute); return clock.t }
	defer func() { progressClock = time.Now }()
	_, errOut, code := runIn(t, "sweep", "--replications", "2", "--workers", "1", "scenarios/staffordshire-2023.yaml",
		"--vary", "demand.streams[*].growth=0%:6%:2%")
	if code != exitOK {
		t.Fatalf("sweep: exit %d, stderr:\n%s", code, errOut)
	}
	for _, want := range []string{"Sweeping scenarios/staffordshire-2023.yaml: 1 of 4 points (25%)", "of 2 replications (50%)"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr does not say %q:\n%s", want, errOut)
		}
	}
	_, errOut, _ = runIn(t, "sweep", "--quiet", "--replications", "2", "--workers", "1", "scenarios/staffordshire-2023.yaml",
		"--vary", "demand.streams[*].growth=0%:6%:2%")
	if errOut != "" {
		t.Errorf("--quiet: stderr %q, want nothing", errOut)
	}
}
