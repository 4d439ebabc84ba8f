package main

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lotsim/lotsim/internal/render"
)

// TestReportInChromium renders the run, compare and sweep (tornado) HTML
// reports and opens each in headless Chromium, as a reader would see it
// on screen at 1280px and printed on A4:
//
//   - the page loads without console errors (the Content-Security-Policy
//     forbids scripts and fetches, so a violation would show there) and
//     its DOM holds every chart as inline SVG;
//   - a screenshot at 1280px is not blank and shows the charts' colours:
//     each risk level's colour where the report draws risk levels;
//   - laid out at the width between A4's margins (182mm) with the print
//     rules in force, and at 1280px on screen, no table or chart is wider
//     than the text column (a copy of the page, with a script allowed,
//     measures every table and chart and writes the result into the DOM);
//   - printed to PDF on A4, the file has pages.
func TestReportInChromium(t *testing.T) {
	t.Parallel()
	browser, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not installed (apt-get install -y chromium); the HTML reports are not checked in a browser")
	}
	tmp := t.TempDir()
	reports := []struct {
		name   string
		args   []string // the command and its flags; --report and the files follow
		files  []string
		height int      // of the screenshot: the whole page
		risks  []string // risk levels whose colour must show
		sha    string   // a scenario's SHA-256, shown in the provenance block
	}{
		{"run", []string{"run", "--replications", "3", "--quiet"}, []string{"scenarios/staffordshire-2023.yaml"}, 16000,
			[]string{"high", "medium", "standard"}, "a80c8166842c5b7abd73dbf444df6091c5338205a4e19ccbdc61a13321a51502"},
		{"compare", []string{"compare", "--replications", "3", "--quiet"}, []string{"scenarios/staffordshire-2018.yaml", "scenarios/staffordshire-2023.yaml"}, 8000,
			[]string{"standard"}, "a80c8166842c5b7abd73dbf444df6091c5338205a4e19ccbdc61a13321a51502"},
		{"tornado", []string{"sweep", "--replications", "2", "--quiet", "--outcome", "Victims:standard_risk_wait_p90",
			"--tornado", "demand.streams[*].growth=-1%:+1%",
			"--tornado", "lots[Victims].service.caseworkers.caseload_per_fte=x0.9:x1.1",
			"--tornado", "funders[Staffordshire County Council].annual.amount=x0.9:x1.1"},
			[]string{"scenarios/staffordshire-2023.yaml"}, 4000, nil, "a80c8166842c5b7abd73dbf444df6091c5338205a4e19ccbdc61a13321a51502"},
	}

	chromium := func(t *testing.T, args ...string) (stdout, stderr string) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
		defer cancel()
		base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
			"--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
			"--user-data-dir=" + t.TempDir(), "--enable-logging=stderr", "--v=0"}
		cmd := exec.CommandContext(ctx, browser, append(base, args...)...)
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		if err := cmd.Run(); err != nil {
			t.Fatalf("chromium %s: %v\nstderr:\n%s", strings.Join(args, " "), err, errOut.String())
		}
		return out.String(), errOut.String()
	}
	consoleErrors := func(t *testing.T, log string) {
		t.Helper()
		for _, line := range strings.Split(log, "\n") {
			if strings.Contains(line, "Uncaught") || strings.Contains(line, "ERROR:CONSOLE") || strings.Contains(line, "Content Security Policy") {
				t.Errorf("console error: %s", line)
			}
		}
	}

	for _, rep := range reports {
		t.Run(rep.name, func(t *testing.T) {
			dir := filepath.Join(tmp, rep.name)
			mustRun(t, append(append(slices.Clone(rep.args), "--report", dir), rep.files...)...)
			page := filepath.Join(dir, "report.html")
			figures, err := filepath.Glob(filepath.Join(dir, "figures", "*.svg"))
			if err != nil || len(figures) == 0 {
				t.Fatalf("no figures (%v)", err)
			}

			dom, log := chromium(t, "--dump-dom", "file://"+page)
			consoleErrors(t, log)
			if got := strings.Count(dom, "<svg"); got < len(figures) {
				t.Errorf("the page's DOM holds %d SVG elements, want at least %d (one per figure)", got, len(figures))
			}
			if !strings.Contains(dom, rep.sha) {
				t.Error("the page does not show the scenario's SHA-256")
			}

			shot := filepath.Join(t.TempDir(), "shot.png")
			_, log = chromium(t, "--screenshot="+shot, fmt.Sprintf("--window-size=1280,%d", rep.height), "file://"+page)
			consoleErrors(t, log)
			checkScreenshot(t, shot, rep.risks)

			for _, layout := range []struct {
				name   string
				print  bool
				window string
			}{{"A4 print", true, "--window-size=700,3000"}, {"screen at 1280px", false, "--window-size=1280,3000"}} {
				probe := fitProbe(t, page, layout.print)
				dom, _ := chromium(t, "--dump-dom", layout.window, "file://"+probe)
				m := regexp.MustCompile(`id="fit-result">([^<]*)<`).FindStringSubmatch(dom)
				switch {
				case m == nil:
					t.Errorf("%s: the measuring script wrote no result", layout.name)
				case m[1] != "fits":
					t.Errorf("%s: wider than the text column: %s", layout.name, m[1])
				}
			}

			pdf := filepath.Join(t.TempDir(), "report.pdf")
			chromium(t, "--print-to-pdf="+pdf, "--no-pdf-header-footer", "file://"+page)
			data, err := os.ReadFile(pdf)
			if err != nil || !bytes.HasPrefix(data, []byte("%PDF")) {
				t.Fatalf("no PDF printed (%v)", err)
			}
			if n := len(regexp.MustCompile(`/Type\s*/Page\b`).FindAll(data, -1)); n < 1 {
				t.Errorf("the PDF has %d pages", n)
			}
			checkFiguresWhole(t, pdf, figures)
		})
	}
}

// fitProbe writes a copy of the report that, once laid out, measures every
// table and chart against the text column and writes "fits", or the ones
// that overflow, into an element with id fit-result. With print, the
// page's print rules apply on screen and the body is as wide as the space
// between an A4 page's margins (210mm less 2 × 14mm, as in the style
// sheet's @page rule). The copy's Content-Security-Policy allows its one
// inline script; the report itself runs none.
func fitProbe(t *testing.T, page string, print bool) string {
	t.Helper()
	data, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	policy := "default-src 'none'; style-src 'unsafe-inline'"
	if !strings.Contains(s, policy) || !strings.Contains(s, "@media print {") {
		t.Fatal("the report's policy or print rules have changed; update fitProbe")
	}
	s = strings.Replace(s, policy, policy+"; script-src 'unsafe-inline'", 1)
	if print {
		s = strings.Replace(s, "@media print {", "@media all {", 1)
		s = strings.Replace(s, "</head>", "<style>body { width: 182mm !important; box-sizing: border-box; }</style>\n</head>", 1)
	}
	const script = `<script>
const box = document.body.getBoundingClientRect();
const pad = getComputedStyle(document.body);
const col = {left: box.left + parseFloat(pad.paddingLeft), right: box.right - parseFloat(pad.paddingRight)};
col.width = col.right - col.left;
const wide = [];
document.querySelectorAll("table, figure svg, .provenance").forEach(e => {
  const r = e.getBoundingClientRect();
  if (r.width > 0 && (r.right > col.right + 0.5 || r.left < col.left - 0.5)) {
    const c = e.querySelector("caption, title");
    wide.push(e.tagName + " " + (c ? c.textContent : "") + " " + Math.round(r.width) + "px in " + Math.round(col.width) + "px");
  }
});
const out = document.createElement("p");
out.id = "fit-result";
out.textContent = wide.length ? wide.join("; ") : "fits";
document.body.appendChild(out);
</script>
</body>`
	s = strings.Replace(s, "</body>", script, 1)
	probe := filepath.Join(t.TempDir(), "probe.html")
	if err := os.WriteFile(probe, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return probe
}

// checkFiguresWhole fails t if a printed figure's title and its caption
// ("Figure N.") are on different pages, a sign that the figure was split.
// It reads the PDF's pages with pdftotext (poppler-utils) and says so if
// that is not installed.
func checkFiguresWhole(t *testing.T, pdf string, figures []string) {
	t.Helper()
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Log("pdftotext is not installed (apt-get install -y poppler-utils); figures are not checked for page breaks")
		return
	}
	out, err := exec.Command(pdftotext, "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	// pdftotext ends each page with a form feed; Chromium may write
	// ligatures.
	text := strings.NewReplacer("\ufb00", "ff", "\ufb01", "fi", "\ufb02", "fl").Replace(string(out))
	var pages []string
	for _, p := range strings.Split(text, "\f") {
		pages = append(pages, strings.Join(strings.Fields(p), " "))
	}
	pageOf := func(s string) int {
		for i, p := range pages {
			if strings.Contains(p, s) {
				return i + 1
			}
		}
		return 0
	}
	titleRE := regexp.MustCompile(`<title id="[^"]*">([^<]*)</title>`)
	for _, f := range figures {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		m := titleRE.FindSubmatch(data)
		n := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "figure-"), ".svg")
		if m == nil {
			t.Errorf("figure %s has no title", n)
			continue
		}
		// The title's first words, which are on its first line however
		// the chart wraps it.
		words := strings.Fields(html.UnescapeString(string(m[1])))
		title := strings.Join(words[:min(len(words), 5)], " ")
		tp, cp := pageOf(title), pageOf("Figure "+n+".")
		if tp == 0 || cp == 0 {
			t.Errorf("figure %s: title %q on page %d, caption on page %d (0: not found)", n, title, tp, cp)
		} else if tp != cp {
			t.Errorf("figure %s is split: its title %q is on page %d, its caption on page %d", n, title, tp, cp)
		}
	}
}

// checkScreenshot fails t if the screenshot is nearly blank, shows no
// chart colours, or lacks the colour of one of risks.
func checkScreenshot(t *testing.T, shot string, risks []string) {
	t.Helper()
	f, err := os.Open(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot is not a PNG: %v", err)
	}
	want := map[[3]uint32]string{}
	for _, r := range risks {
		hex, ok := render.RiskColour(r)
		if !ok {
			t.Fatalf("no colour for risk %q", r)
		}
		want[rgb(t, hex)] = r
	}
	found := map[string]int{}
	b := img.Bounds()
	var dark, coloured, total int
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			total++
			if r < 0xf000 || g < 0xf000 || bl < 0xf000 {
				dark++
			}
			if mx, mn := max(r, g, bl), min(r, g, bl); mx-mn > 0x3000 {
				coloured++
			}
			if risk, ok := want[[3]uint32{r >> 8, g >> 8, bl >> 8}]; ok {
				found[risk]++
			}
		}
	}
	if dark < total/200 {
		t.Errorf("the screenshot is nearly blank: %d of %d pixels are not white", dark, total)
	}
	if coloured < total/2000 {
		t.Errorf("the screenshot shows no chart colours: %d of %d pixels coloured", coloured, total)
	}
	for _, r := range risks {
		// A bar or a dot's middle: at least a few dozen pixels of it.
		if found[r] < 30 {
			t.Errorf("%s risk's colour shows in %d pixels of the screenshot, want at least 30", r, found[r])
		}
	}
}

// rgb parses a colour written #RRGGBB.
func rgb(t *testing.T, hex string) [3]uint32 {
	t.Helper()
	v, err := strconv.ParseUint(strings.TrimPrefix(hex, "#"), 16, 32)
	if err != nil || len(hex) != 7 {
		t.Fatalf("colour %q: %v", hex, err)
	}
	return [3]uint32{uint32(v >> 16), uint32(v >> 8 & 0xff), uint32(v & 0xff)}
}
