package main

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"gopkg.in/yaml.v3"
)

// runProc runs the test binary as the runner in a process of its own, as
// a shard on another machine would be.
func runProc(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "LOTSIM_MAIN_ARGS="+strings.Join(args, "\x1f"))
	cmd.Dir = "examples/lotsim" // TestMain moves to the repository root
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	return out.String(), errOut.String(), code
}

// undated is output with the date it was made on left out: the top-level
// "date" of JSON, as "byte for byte" leaves it out, and in the other
// formats today's or yesterday's date (a process of its own writes the
// real date, which differs between a run and a merge either side of
// midnight).
func undated(t *testing.T, format, out string) string {
	t.Helper()
	if format != "json" {
		for _, d := range []time.Time{time.Now(), time.Now().AddDate(0, 0, -1)} {
			out = strings.ReplaceAll(out, d.Format("2006-01-02"), "DATE")
		}
		return out
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &top); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if _, ok := top["date"]; !ok {
		t.Fatalf("JSON output has no top-level date")
	}
	// Keep the bytes as written, less the one line.
	return topDate.ReplaceAllString(out, "")
}

// topDate is the line of the top-level "date" of indented JSON.
var topDate = regexp.MustCompile(`(?m)^  "date": "[^"]*",?\n`)

// TestShardMerge runs run, compare and sweep whole and in 1 to 4 shards,
// each shard a process of its own, merges the partial files in several
// orders, and compares the reports with the whole run's byte for byte
// (less the date).
func TestShardMerge(t *testing.T) {
	t.Parallel()
	s23, stretch := "scenarios/staffordshire-2023.yaml", "scenarios/staffordshire-2023-stretch.yaml"
	tests := []struct {
		name    string
		args    []string
		shards  []int
		formats []string
	}{
		{"run", []string{"run", s23, "--replications", "7", "--horizon", "1 year", "--seed", "11"}, []int{1, 2, 3, 4}, []string{"json", "csv"}},
		{"run sensitivity", []string{"run", "scenarios/rotherham-2021.yaml", "--replications", "2", "--horizon", "2 months", "--sensitivity"}, []int{2}, []string{"json"}},
		{"compare", []string{"compare", s23, stretch, "--replications", "5", "--horizon", "1 year"}, []int{2, 3}, []string{"json", "markdown"}},
		{"sweep", []string{"sweep", s23, "--replications", "4", "--horizon", "1 year",
			"--vary", "demand.streams[*].growth=0%:4%:4%", "--tornado", "demand.streams[*].growth=-1%:+1%"}, []int{2, 4}, []string{"json", "text"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			want := map[string]string{}
			for _, format := range tt.formats {
				out, errOut, code := runProc(t, append(slices.Clone(tt.args), "--quiet", "--format", format)...)
				if code != exitOK {
					t.Fatalf("whole run: exit %d\n%s", code, errOut)
				}
				want[format] = undated(t, format, out)
			}
			for _, n := range tt.shards {
				dir := t.TempDir()
				var parts []string
				for k := 1; k <= n; k++ {
					part := filepath.Join(dir, fmt.Sprintf("part-%d.lsp", k))
					parts = append(parts, part)
					// --format is merge's: a shard ignores it, and prints nothing.
					args := append(slices.Clone(tt.args), "--shard", fmt.Sprintf("%d/%d", k, n), "--partial", part, "--workers", fmt.Sprint(1+k%2), "--format", "csv")
					out, errOut, code := runProc(t, args...)
					if code != exitOK || out != "" || !strings.Contains(errOut, fmt.Sprintf("shard %d of %d", k, n)) {
						t.Fatalf("shard %d/%d: exit %d, stdout %q, stderr:\n%s", k, n, code, out, errOut)
					}
				}
				for i, format := range tt.formats {
					order := slices.Clone(parts)
					if i%2 == 0 {
						slices.Reverse(order)
					}
					out, errOut, code := runProc(t, append([]string{"merge", "--quiet", "--format", format}, order...)...)
					if code != exitOK {
						t.Fatalf("merge of %d shards: exit %d\n%s", n, code, errOut)
					}
					if diff := cmp.Diff(want[format], undated(t, format, out)); diff != "" {
						t.Errorf("%d shards, %s: merged report differs from the whole run's (-whole +merged):\n%s", n, format, diff)
					}
				}
			}
		})
	}
}

// writeParts runs a command in n shards, in this process, into dir.
func writeParts(t *testing.T, dir, prefix string, n int, args ...string) []string {
	t.Helper()
	var parts []string
	for k := 1; k <= n; k++ {
		part := filepath.Join(dir, fmt.Sprintf("%s-%d.lsp", prefix, k))
		_, errOut, code := runIn(t, append(slices.Clone(args), "--quiet", "--shard", fmt.Sprintf("%d/%d", k, n), "--partial", part)...)
		if code != exitOK {
			t.Fatalf("%s shard %d/%d: exit %d\n%s", prefix, k, n, code, errOut)
		}
		parts = append(parts, part)
	}
	return parts
}

// withHeader copies the partial file src to dst with its header changed
// by change.
func withHeader(t *testing.T, src, dst string, change func(h map[string]any)) {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	at := len(partialMagic)
	n := int(binary.LittleEndian.Uint64(data[at:]))
	var h map[string]any
	if err := json.Unmarshal(data[at+8:at+8+n], &h); err != nil {
		t.Fatal(err)
	}
	change(h)
	js, err := json.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	out := append([]byte(partialMagic), binary.LittleEndian.AppendUint64(nil, uint64(len(js)))...)
	out = append(append(out, js...), data[at+8+n:]...)
	if err := os.WriteFile(dst, out, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestMergeRefuses gives merge partial files that are not the shards of
// one run: each is refused, naming the files and what differs.
func TestMergeRefuses(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s23 := "scenarios/staffordshire-2023.yaml"
	base := []string{"run", s23, "--replications", "4", "--horizon", "3 months"}
	p := writeParts(t, dir, "base", 3, base...)
	seed := writeParts(t, dir, "seed", 3, append(slices.Clone(base), "--seed", "99")...)
	horizon := writeParts(t, dir, "horizon", 3, "run", s23, "--replications", "4", "--horizon", "4 months")
	other := writeParts(t, dir, "other", 3, "run", "scenarios/staffordshire-2023-stretch.yaml", "--replications", "4", "--horizon", "3 months")
	two := writeParts(t, dir, "two", 2, base...)
	reps := writeParts(t, dir, "reps", 3, "run", s23, "--replications", "5", "--horizon", "3 months")
	cmpParts := writeParts(t, dir, "compare", 3, "compare", s23, s23, "--replications", "4", "--horizon", "3 months")
	version := filepath.Join(dir, "version-1.lsp")
	withHeader(t, p[0], version, func(h map[string]any) { h["lotsim_version"] = "0.0.1" })
	arith := filepath.Join(dir, "arithmetic-1.lsp")
	withHeader(t, p[0], arith, func(h map[string]any) { h["arithmetic"] = "arm64 v8.0" })
	format := filepath.Join(dir, "format-1.lsp")
	withHeader(t, p[0], format, func(h map[string]any) { h["format"] = 99 })
	text := filepath.Join(dir, "text-1.lsp")
	withHeader(t, p[0], text, func(h map[string]any) {
		sc := h["scenarios"].([]any)[0].(map[string]any)
		sc["text"] = []byte("name: changed\n")
	})
	data, err := os.ReadFile(p[1])
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(dir, "cut-2.lsp")
	if err := os.WriteFile(cut, data[:len(data)-20], 0o644); err != nil {
		t.Fatal(err)
	}
	notPartial := filepath.Join(dir, "scenario.lsp")
	if err := os.WriteFile(notPartial, []byte("name: x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		parts []string
		want  []string // in the message
	}{
		{"missing", []string{p[0], p[2]}, []string{"shard 2 of 3 missing", p[0], p[2]}},
		{"duplicated", []string{p[0], p[1], p[1], p[2]}, []string{p[1] + " and " + p[1] + " are both shard 2 of 3"}},
		{"another N", []string{p[0], two[1], p[2]}, []string{p[0], two[1], "N = 3", "2 shards"}},
		{"another seed", []string{p[0], seed[1], p[2]}, []string{p[0], seed[1], "seed"}},
		{"other flags", []string{p[0], horizon[1], p[2]}, []string{p[0], horizon[1], "flags", "--horizon=3 months", "--horizon=4 months"}},
		{"another scenario", []string{p[0], other[1], p[2]}, []string{p[0], other[1], "SHA-256", "a different file"}},
		{"other replications", []string{p[0], reps[1], p[2]}, []string{p[0], reps[1], "4 replications", "5"}},
		{"another command", []string{p[0], cmpParts[1], p[2]}, []string{p[0], cmpParts[1], "lotsim run", "compare"}},
		{"another version", []string{version, p[1], p[2]}, []string{version, "lotsim 0.0.1", "merge with the version"}},
		{"another format", []string{format, p[1], p[2]}, []string{format, "format 99"}},
		{"another arithmetic", []string{arith, p[1], p[2]}, []string{arith, "a build of lotsim for arm64 v8.0", "this one is for " + arithmetic()}},
		{"another arithmetic, later", []string{p[0], arith, p[2]}, []string{p[0], arith, "a build for", "arm64 v8.0"}},
		{"changed scenario text", []string{text, p[1], p[2]}, []string{text, "does not match its SHA-256"}},
		{"cut short", []string{p[0], cut, p[2]}, []string{cut, "incomplete"}},
		{"not a partial file", []string{p[0], notPartial}, []string{notPartial, "is not a lotsim partial file"}},
		{"no file", []string{p[0], filepath.Join(dir, "absent.lsp")}, []string{"absent.lsp"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, errOut, code := runIn(t, append([]string{"merge", "--format", "json"}, tt.parts...)...)
			if code != exitInvalid || out != "" {
				t.Fatalf("exit %d, stdout %q; want exit %d and nothing on stdout", code, out, exitInvalid)
			}
			for _, w := range tt.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("message does not name %q:\n%s", w, errOut)
				}
			}
		})
	}
	// A file damaged inside its records is refused before any report is
	// written, whichever byte: here the gzip checksum of the last shard.
	last, err := os.ReadFile(p[2])
	if err != nil {
		t.Fatal(err)
	}
	last[len(last)-9-6] ^= 0x55 // before the 9-byte end, in the gzip trailer
	damaged := filepath.Join(dir, "damaged-3.lsp")
	if err := os.WriteFile(damaged, last, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, errOut, code := runIn(t, "merge", "--quiet", "--format", "json", p[0], p[1], damaged); code == exitOK || out != "" || !strings.Contains(errOut, damaged+" is damaged") {
		t.Errorf("damaged records: exit %d, stdout %d bytes, stderr:\n%s", code, len(out), errOut)
	}
	// The same files in order merge.
	if _, errOut, code := runIn(t, append([]string{"merge", "--quiet", "--format", "json"}, p...)...); code != exitOK {
		t.Errorf("the good shards: exit %d\n%s", code, errOut)
	}
}

// TestShardRefuses checks the flags of a shard: each misuse is refused
// before simulating, with a message saying what to do, and leaves no
// partial file.
func TestShardRefuses(t *testing.T) {
	t.Parallel()
	s23 := "scenarios/staffordshire-2023.yaml"
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no partial", []string{"run", s23, "--shard", "1/2"}, "--shard needs --partial FILE"},
		{"no shard", []string{"run", s23, "--partial", "PART"}, "add --shard K/N"},
		{"stop", []string{"run", s23, "--stop", "wait_p90", "--shard", "1/2", "--partial", "PART"}, "give --replications N"},
		{"report", []string{"run", s23, "--report", "REPORTDIR", "--shard", "1/2", "--partial", "PART"}, "--report is written by lotsim merge"},
		{"too many shards", []string{"run", s23, "--replications", "3", "--shard", "1/4", "--partial", "PART"}, "at most 3 shards"},
		{"K above N", []string{"run", s23, "--shard", "3/2", "--partial", "PART"}, "want K/N with 1 <= K <= N"},
		{"K zero", []string{"run", s23, "--shard", "0/2", "--partial", "PART"}, "want K/N"},
		{"not K/N", []string{"sweep", s23, "--shard", "2", "--partial", "PART"}, "want K/N"},
		{"optimise", []string{"optimise", "scenarios/essex-2025.yaml", "--shard", "1/2", "--partial", "PART"}, "lotsim optimise cannot be split into shards"},
		{"compare stop", []string{"compare", s23, s23, "--stop", "wait_p90", "--shard", "1/2", "--partial", "PART"}, "--stop"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			args := slices.Clone(tt.args)
			for i, a := range args {
				switch a {
				case "PART":
					args[i] = filepath.Join(dir, "part.lsp")
				case "REPORTDIR":
					args[i] = filepath.Join(dir, "report")
				}
			}
			out, errOut, code := runIn(t, args...)
			if code != exitInvalid || out != "" || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stdout %q, stderr:\n%s\nwant exit %d and a message with %q", code, out, errOut, exitInvalid, tt.want)
			}
			if left, _ := os.ReadDir(dir); len(left) > 0 {
				t.Errorf("left %d files behind", len(left))
			}
		})
	}
	// A shard that fails while simulating leaves neither its partial file
	// nor a temporary one.
	dir := t.TempDir()
	_, errOut, code := runIn(t, "run", "--quiet", "--max-memory", "16MiB", "--replications", "2", hostileDir+"/overload_long.yaml",
		"--shard", "1/2", "--partial", filepath.Join(dir, "part.lsp"))
	if code != exitFailure {
		t.Errorf("overloaded shard: exit %d, want %d\n%s", code, exitFailure, errOut)
	}
	if left, _ := os.ReadDir(dir); len(left) > 0 {
		t.Errorf("overloaded shard left %d files behind", len(left))
	}
}

func TestSplitArgs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		args         []string
		flags, files []string
	}{
		{"run", []string{"a.yaml", "--replications", "10", "--quiet", "--shard", "1/2", "--partial=p", "--sensitivity"},
			[]string{"--replications=10", "--sensitivity"}, []string{"a.yaml"}},
		{"single dash and =", []string{"-seed=3", "-workers", "4", "--format", "json", "b.yaml", "--horizon", "1 year"},
			[]string{"--seed=3", "--horizon=1 year"}, []string{"b.yaml"}},
		{"after --", []string{"--max-memory", "2GiB", "--", "--odd.yaml"}, nil, []string{"--odd.yaml"}},
		{"bool with value", []string{"--parameter-uncertainty=true", "c.yaml", "--report", "dir"}, []string{"--parameter-uncertainty=true"}, []string{"c.yaml"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fs := flag.NewFlagSet("run", flag.ContinueOnError)
			var f simFlags
			f.register(fs)
			fs.Bool("sensitivity", false, "")
			fs.Bool("parameter-uncertainty", false, "")
			flags, files := splitArgs(fs, tt.args)
			if diff := cmp.Diff([][]string{tt.flags, tt.files}, [][]string{flags, files}); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestSlurmScripts runs examples/cluster/slurm's scripts as Slurm would,
// with the test binary as lotsim on the PATH: two array tasks, then the
// merge, whose JSON must be the whole run's.
func TestSlurmScripts(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	root, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	if err := os.Mkdir(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	// lotsim: the test binary as the runner (see TestMain), its
	// arguments joined by unit separators.
	wrapper := fmt.Sprintf("#!/bin/sh\nIFS=$(printf '\\037')\nLOTSIM_MAIN_ARGS=\"$*\"\nexport LOTSIM_MAIN_ARGS\ncd %q && exec %q -test.run='^$'\n",
		filepath.Join(root, "examples", "lotsim"), os.Args[0])
	if err := os.WriteFile(filepath.Join(bin, "lotsim"), []byte(wrapper), 0o755); err != nil {
		t.Fatal(err)
	}
	const scenario, reps = "scenarios/staffordshire-2023.yaml", "3"
	env := append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"SCENARIO="+scenario, "REPLICATIONS="+reps, "SHARDS=2",
		"PARTIALS="+filepath.Join(dir, "partials"), "OUT="+filepath.Join(dir, "out"))
	script := func(name string, extra ...string) {
		t.Helper()
		cmd := exec.Command("bash", filepath.Join(root, "examples", "cluster", "slurm", name))
		cmd.Dir = dir
		cmd.Env = append(slices.Clone(env), extra...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s %v: %v\n%s", name, extra, err, out)
		}
	}
	for _, k := range []string{"2", "1"} {
		script("shards.sbatch", "SLURM_ARRAY_TASK_ID="+k, "SLURM_CPUS_PER_TASK=1")
	}
	script("merge.sbatch")
	got, err := os.ReadFile(filepath.Join(dir, "out", "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	want, errOut, code := runProc(t, "run", scenario, "--replications", reps, "--quiet", "--format", "json")
	if code != exitOK {
		t.Fatalf("whole run: exit %d\n%s", code, errOut)
	}
	if diff := cmp.Diff(undated(t, "json", want), undated(t, "json", string(got))); diff != "" {
		t.Errorf("the Slurm scripts' report differs from the whole run's (-whole +merged):\n%s", diff)
	}
	if _, err := os.Stat(filepath.Join(dir, "out", "report", "report.html")); err != nil {
		t.Errorf("merge.sbatch wrote no HTML report: %v", err)
	}
}

// TestKubernetesJobs runs the shell of examples/cluster/kubernetes's two
// Jobs as Kubernetes would, each pod's with its JOB_COMPLETION_INDEX, on
// local directories in place of the volumes, with the replications
// lowered; the merged JSON must be the whole run's.
func TestKubernetesJobs(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	root, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	partials := filepath.Join(dir, "partials")
	for _, d := range []string{bin, partials} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	wrapper := fmt.Sprintf("#!/bin/sh\nIFS=$(printf '\\037')\nLOTSIM_MAIN_ARGS=\"$*\"\nexport LOTSIM_MAIN_ARGS\ncd %q && exec %q -test.run='^$'\n",
		filepath.Join(root, "examples", "lotsim"), os.Args[0])
	if err := os.WriteFile(filepath.Join(bin, "lotsim"), []byte(wrapper), 0o755); err != nil {
		t.Fatal(err)
	}
	// job reads a manifest: its completions (1 without) and its
	// container's shell script, with the volumes' paths made local.
	job := func(name string) (int, string) {
		t.Helper()
		data, err := os.ReadFile(filepath.Join("examples", "cluster", "kubernetes", name))
		if err != nil {
			t.Fatal(err)
		}
		var m struct {
			Spec struct {
				Completions int
				Template    struct {
					Spec struct {
						Containers []struct{ Args []string }
					}
				}
			}
		}
		if err := yaml.Unmarshal(data, &m); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		cs := m.Spec.Template.Spec.Containers
		if len(cs) != 1 || len(cs[0].Args) != 1 {
			t.Fatalf("%s: want one container with its script in args", name)
		}
		r := strings.NewReplacer("/scenarios/", filepath.Join(root, "scenarios")+"/", "/partials/", partials+"/", "--replications 1000", "--replications 4")
		return max(m.Spec.Completions, 1), r.Replace(cs[0].Args[0])
	}
	pod := func(script string, env ...string) {
		t.Helper()
		cmd := exec.Command("sh", "-c", script)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), append(env, "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("pod %v: %v\n%s\n%s", env, err, out, script)
		}
	}
	n, shard := job("shards-job.yaml")
	if n != 4 {
		t.Errorf("shards-job.yaml has %d completions; the test expects 4, as its --shard says", n)
	}
	for i := n - 1; i >= 0; i-- {
		pod(shard, fmt.Sprintf("JOB_COMPLETION_INDEX=%d", i))
	}
	_, merge := job("merge-job.yaml")
	pod(merge)
	got, err := os.ReadFile(filepath.Join(partials, "essex-2025.json"))
	if err != nil {
		t.Fatal(err)
	}
	// The same path as the pods', so that the scenario's file is the same.
	want, errOut, code := runProc(t, "run", filepath.Join(root, "scenarios", "essex-2025.yaml"), "--replications", "4", "--quiet", "--format", "json")
	if code != exitOK {
		t.Fatalf("whole run: exit %d\n%s", code, errOut)
	}
	if diff := cmp.Diff(undated(t, "json", want), undated(t, "json", string(got))); diff != "" {
		t.Errorf("the Jobs' report differs from the whole run's (-whole +merged):\n%s", diff)
	}
}
