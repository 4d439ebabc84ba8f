package main

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestReportInChromium renders a run's HTML report and opens it in
// headless Chromium: the page must load without console errors (the
// Content-Security-Policy forbids scripts and fetches, so a violation
// would show there), its DOM must hold every chart as inline SVG, and a
// screenshot must show the charts, not a blank page.
func TestReportInChromium(t *testing.T) {
	t.Parallel()
	browser, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not installed (apt-get install -y chromium); the HTML report is not checked in a browser")
	}
	dir := filepath.Join(t.TempDir(), "report")
	mustRun(t, "run", "--replications", "3", "--quiet", "--report", dir, "scenarios/staffordshire-2023.yaml")
	page := filepath.Join(dir, "report.html")
	figures, err := filepath.Glob(filepath.Join(dir, "figures", "*.svg"))
	if err != nil || len(figures) < 5 {
		t.Fatalf("want at least 5 figures, found %d (%v)", len(figures), err)
	}

	chromium := func(args ...string) (stdout, stderr string) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
		defer cancel()
		base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
			"--disable-background-networking", "--disable-component-update", "--disable-sync",
			"--user-data-dir=" + t.TempDir(), "--enable-logging=stderr", "--v=0"}
		cmd := exec.CommandContext(ctx, browser, append(base, args...)...)
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		if err := cmd.Run(); err != nil {
			t.Fatalf("chromium %s: %v\nstderr:\n%s", strings.Join(args, " "), err, errOut.String())
		}
		return out.String(), errOut.String()
	}
	consoleErrors := func(log string) {
		t.Helper()
		for _, line := range strings.Split(log, "\n") {
			if strings.Contains(line, "Uncaught") || strings.Contains(line, "ERROR:CONSOLE") || strings.Contains(line, "Content Security Policy") {
				t.Errorf("console error: %s", line)
			}
		}
	}

	dom, log := chromium("--dump-dom", "file://"+page)
	consoleErrors(log)
	if got := strings.Count(dom, "<svg"); got < len(figures) {
		t.Errorf("the page's DOM holds %d SVG elements, want at least %d (one per figure)", got, len(figures))
	}
	if !strings.Contains(dom, "7c3efabc10068a090f58a510c557f83689aa9bd32d56d7df8961bdbfc4bf4fd6") {
		t.Error("the page does not show the scenario's SHA-256")
	}

	shot := filepath.Join(t.TempDir(), "shot.png")
	_, log = chromium("--screenshot="+shot, "--window-size=1200,4000", "--hide-scrollbars", "file://"+page)
	consoleErrors(log)
	f, err := os.Open(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot is not a PNG: %v", err)
	}
	// The charts come after the findings: count pixels that are not white
	// in the lower three quarters of the page, and coloured ones (the
	// charts' palette, not black text on white).
	b := img.Bounds()
	var dark, coloured, total int
	for y := b.Min.Y + b.Dy()/4; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			total++
			if r < 0xf000 || g < 0xf000 || bl < 0xf000 {
				dark++
			}
			mx, mn := max(r, g, bl), min(r, g, bl)
			if mx-mn > 0x3000 {
				coloured++
			}
		}
	}
	if dark < total/100 {
		t.Errorf("the screenshot is nearly blank: %d of %d pixels are not white", dark, total)
	}
	if coloured < total/1000 {
		t.Errorf("the screenshot shows no chart colours: %d of %d pixels coloured", coloured, total)
	}
}
