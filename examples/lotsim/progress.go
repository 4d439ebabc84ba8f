package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// progress shows on stderr how far a run has gone. On a terminal it draws
// a bar, redrawn in place, once the run has taken longer than a moment.
// When stderr is a file or a pipe (a CI log, "2>run.log", a sweep started
// from a script) it writes a plain line now and then instead, such as
//
//	Simulating scenarios/essex-2025.yaml: 120 of 200 replications (60%), 3 s
//
// at each quarter of the way and at least every plainEvery, but never in
// the first plainDelay, so that a quick run writes nothing. --quiet turns
// both off.
type progress struct {
	w     io.Writer
	label string
	unit  string           // what is counted: "replications", "points"
	clock func() time.Time // time.Now; tests pass a fake one
	mode  progressMode
	start time.Time
	last  time.Time // the last bar drawn or line written
	drawn bool      // a bar is on the screen
	quart int       // the quarters of the way already passed (plain lines)
	stage string    // the stage under way, for count
}

type progressMode int

const (
	progressOff   progressMode = iota // --quiet
	progressBar                       // stderr is a terminal
	progressLines                     // stderr is a file or pipe
)

// Timings of the progress display.
const (
	progressDelay = 500 * time.Millisecond // before a bar appears
	barEvery      = 100 * time.Millisecond // between redraws of a bar
	plainDelay    = 2 * time.Second        // before the first plain line
	plainEvery    = 5 * time.Second        // at most between plain lines
)

// progressClock is the clock progress reads.
var progressClock = time.Now

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// newProgress returns the progress display of one run on stderr: a bar on
// a terminal, plain lines otherwise, nothing under quiet.
func newProgress(stderr io.Writer, quiet bool, label, unit string) *progress {
	mode := progressLines
	switch {
	case quiet:
		mode = progressOff
	case isTerminal(stderr):
		mode = progressBar
	}
	return startProgress(stderr, mode, label, unit, progressClock)
}

// startProgress returns a progress display in the given mode that reads
// the time from clock.
func startProgress(w io.Writer, mode progressMode, label, unit string, clock func() time.Time) *progress {
	t := clock()
	return &progress{w: w, label: label, unit: unit, clock: clock, mode: mode, start: t, last: t}
}

// update reports that done of total are finished.
func (p *progress) update(done, total int) {
	switch p.mode {
	case progressBar:
		p.bar(done, total)
	case progressLines:
		p.line(done, total)
	}
}

func (p *progress) bar(done, total int) {
	t := p.clock()
	if t.Sub(p.start) < progressDelay || (p.drawn && t.Sub(p.last) < barEvery && done < total) {
		return
	}
	p.last, p.drawn = t, true
	const width = 30
	n := 0
	if total > 0 {
		n = width * min(done, total) / total
	}
	fmt.Fprintf(p.w, "\r%s [%s%s] %d/%d %s", p.label, strings.Repeat("#", n), strings.Repeat(".", width-n), done, total, p.unit)
}

func (p *progress) line(done, total int) {
	if total <= 0 || done >= total {
		return // the result itself says the run is over
	}
	t := p.clock()
	quart := 4 * done / total
	passed := quart > p.quart
	p.quart = max(p.quart, quart)
	elapsed := t.Sub(p.start)
	if elapsed < plainDelay || !(passed || t.Sub(p.last) >= plainEvery) {
		return
	}
	p.last = t
	fmt.Fprintf(p.w, "%s: %d of %d %s (%d%%), %s\n", p.label, done, total, p.unit, 100*done/total, seconds(elapsed))
}

// count reports done units with no total known, and the stage under way
// ("" keeps the last): a bar shows the count and stage, lines say them now
// and then.
func (p *progress) count(done int, stage string) {
	if stage != "" {
		p.stage = stage
	}
	t := p.clock()
	switch p.mode {
	case progressBar:
		if t.Sub(p.start) < progressDelay || (p.drawn && t.Sub(p.last) < barEvery) {
			return
		}
		p.last, p.drawn = t, true
		fmt.Fprintf(p.w, "\r%s: %d %s, %s%s", p.label, done, p.unit, p.stage, strings.Repeat(" ", 10))
	case progressLines:
		if t.Sub(p.start) < plainDelay || t.Sub(p.last) < plainEvery {
			return
		}
		p.last = t
		fmt.Fprintf(p.w, "%s: %d %s so far, %s, %s\n", p.label, done, p.unit, p.stage, seconds(t.Sub(p.start)))
	}
}

// seconds formats an elapsed time for a progress line: "3 s", "2 min 5 s".
func seconds(d time.Duration) string {
	s := int(d.Round(time.Second) / time.Second)
	if s < 60 {
		return fmt.Sprintf("%d s", s)
	}
	return fmt.Sprintf("%d min %d s", s/60, s%60)
}

// finish clears the bar, if one was drawn.
func (p *progress) finish() {
	if p.drawn {
		fmt.Fprintf(p.w, "\r%s\r", strings.Repeat(" ", len([]rune(p.label))+len(p.unit)+50))
	}
}
