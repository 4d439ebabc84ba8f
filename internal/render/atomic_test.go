package render

import (
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// listTree returns every path under dir (relative, slash-separated) with
// the contents of the files, directories marked by a trailing slash.
func listTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			out[rel+"/"] = ""
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			target, err := os.Readlink(p)
			out[rel] = "-> " + target
			return err
		}
		data, err := os.ReadFile(p)
		out[rel] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestWriteFileAtomic(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	name := filepath.Join(dir, "report.html")
	if err := WriteFileAtomic(name, []byte("first")); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(name, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(name, []byte("second")); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]string{"report.html": "second"}, listTree(t, dir)); diff != "" {
		t.Errorf("directory (-want +got):\n%s", diff)
	}
	if info, err := os.Stat(name); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("mode after replacing = %v, %v; want the old 0600 kept", info.Mode(), err)
	}
	fresh := filepath.Join(dir, "new.txt")
	if err := WriteFileAtomic(fresh, nil); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(fresh); err != nil || info.Mode().Perm() != 0o644 || info.Size() != 0 {
		t.Errorf("new empty file: %v, %v", info, err)
	}
}

func TestWriteFileAtomicFailure(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	// A directory where the file should go: the temporary file is written
	// in full and the rename fails, which must leave no temporary behind.
	target := filepath.Join(dir, "report.html")
	if err := os.Mkdir(target, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(target, "keep"), []byte("k"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := WriteFileAtomic(target, []byte("data"))
	if err == nil || !strings.Contains(err.Error(), "render: writing "+target) {
		t.Errorf("error = %v, want one naming %s", err, target)
	}
	// A parent that is a file: nothing can be created.
	file := filepath.Join(dir, "plain")
	if err := os.WriteFile(file, []byte("p"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(filepath.Join(file, "x.html"), []byte("data")); err == nil {
		t.Error("writing under a file succeeded")
	}
	want := map[string]string{"report.html/": "", "report.html/keep": "k", "plain": "p"}
	if diff := cmp.Diff(want, listTree(t, dir)); diff != "" {
		t.Errorf("directory after failures (-want +got):\n%s", diff)
	}
}

func TestWriteFileAtomicUnwritableDir(t *testing.T) {
	t.Parallel()
	if os.Geteuid() == 0 {
		t.Skip("root can write into a read-only directory; TestWriteReportDirFailureMidway covers failure")
	}
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(dir, 0o755) })
	if err := WriteFileAtomic(filepath.Join(dir, "x"), []byte("d")); err == nil {
		t.Error("wrote into a read-only directory")
	}
	if err := WriteReportDir(filepath.Join(dir, "out"), map[string][]byte{"a": []byte("a")}); err == nil {
		t.Error("wrote a report into a read-only directory")
	}
	if got := listTree(t, dir); len(got) != 0 {
		t.Errorf("left %v behind", got)
	}
}

var reportFiles = map[string][]byte{
	"report.html":          []byte("<html>"),
	"report.md":            []byte("# r"),
	"figures/figure-1.svg": []byte("<svg/>"),
	"data/tidy.csv":        []byte("lot\r\n"),
}

// manifest is the first line of reportFiles' manifest, from
// printf 'lot\r\n' | sha256sum.
const manifest = `c0baca00eb75eedf49fdd9684b8d7642e796ac88977c5983171b1f5251889f96  data/tidy.csv
`

func TestWriteReportDirNew(t *testing.T) {
	t.Parallel()
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	if err := WriteReportDir(dir, reportFiles); err != nil {
		t.Fatal(err)
	}
	got := listTree(t, parent)
	want := map[string]string{"out/": "", "out/data/": "", "out/figures/": ""}
	for n, d := range reportFiles {
		want["out/"+n] = string(d)
	}
	want["out/"+ManifestName] = got["out/"+ManifestName]
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("tree (-want +got):\n%s", diff)
	}
	// The manifest lists every file, sorted, with its SHA-256 (checked
	// independently against sha256sum's output for "lot\r\n").
	lines := strings.Split(strings.TrimSuffix(got["out/"+ManifestName], "\n"), "\n")
	var names []string
	for _, l := range lines {
		sum, n, ok := strings.Cut(l, "  ")
		if !ok || len(sum) != 64 {
			t.Errorf("manifest line %q", l)
		}
		names = append(names, n)
	}
	if diff := cmp.Diff([]string{"data/tidy.csv", "figures/figure-1.svg", "report.html", "report.md"}, names); diff != "" {
		t.Errorf("manifest names (-want +got):\n%s", diff)
	}
	if lines[0]+"\n" != manifest {
		t.Errorf("manifest line %q, want %q", lines[0], manifest)
	}
	if info, err := os.Stat(dir); err != nil || info.Mode().Perm() != 0o755 {
		t.Errorf("report dir mode: %v %v", info, err)
	}
}

func TestWriteReportDirReplace(t *testing.T) {
	t.Parallel()
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	if err := WriteReportDir(dir, reportFiles); err != nil {
		t.Fatal(err)
	}
	// The second report lacks the figure and the data: they must go.
	second := map[string][]byte{"report.html": []byte("<html>2"), "report.md": []byte("# r2")}
	if err := WriteReportDir(dir, second); err != nil {
		t.Fatal(err)
	}
	got := listTree(t, parent)
	delete(got, "out/"+ManifestName)
	want := map[string]string{"out/": "", "out/report.html": "<html>2", "out/report.md": "# r2"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("tree after replacing (-want +got):\n%s", diff)
	}
}

func TestWriteReportDirEmptyExisting(t *testing.T) {
	t.Parallel()
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := WriteReportDir(dir, map[string][]byte{"a.txt": []byte("a")}); err != nil {
		t.Fatal(err)
	}
	got := listTree(t, parent)
	if got["out/a.txt"] != "a" || len(got) != 3 {
		t.Errorf("tree = %v", got)
	}
	if info, err := os.Stat(dir); err != nil || info.Mode().Perm() != 0o700 {
		t.Errorf("mode = %v, %v; want the empty directory's 0700 kept", info.Mode(), err)
	}
}

func TestWriteReportDirRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		setup   func(t *testing.T, dir string)
		wantErr string
		notOurs bool
	}{
		{"foreign directory", func(t *testing.T, dir string) {
			mkdir(t, dir)
			write(t, filepath.Join(dir, "notes.docx"), "mine")
		}, "holds notes.docx (no .lotsim-report manifest)", true},
		{"report with a foreign file", func(t *testing.T, dir string) {
			if err := WriteReportDir(dir, map[string][]byte{"report.html": []byte("r")}); err != nil {
				t.Fatal(err)
			}
			write(t, filepath.Join(dir, "comments.txt"), "mine")
		}, "holds comments.txt (not listed in its .lotsim-report manifest)", true},
		{"report with a foreign subdirectory", func(t *testing.T, dir string) {
			if err := WriteReportDir(dir, map[string][]byte{"figures/a.svg": []byte("r")}); err != nil {
				t.Fatal(err)
			}
			mkdir(t, filepath.Join(dir, "drafts"))
			write(t, filepath.Join(dir, "drafts", "a"), "a")
			write(t, filepath.Join(dir, "figures", "mine.svg"), "m")
		}, "holds drafts, figures/mine.svg", true},
		{"a file", func(t *testing.T, dir string) { write(t, dir, "x") }, "exists and is not a directory", false},
		{"a symbolic link", func(t *testing.T, dir string) {
			mkdir(t, dir+"-real")
			if err := os.Symlink(dir+"-real", dir); err != nil {
				t.Fatal(err)
			}
		}, "is a symbolic link", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			parent := t.TempDir()
			dir := filepath.Join(parent, "out")
			tc.setup(t, dir)
			before := listTree(t, parent)
			err := WriteReportDir(dir, map[string][]byte{"report.html": []byte("new")})
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("error = %v, want one containing %q", err, tc.wantErr)
			}
			if errors.Is(err, ErrNotReportDir) != tc.notOurs {
				t.Errorf("errors.Is(err, ErrNotReportDir) = %v, want %v", !tc.notOurs, tc.notOurs)
			}
			if diff := cmp.Diff(before, listTree(t, parent)); diff != "" {
				t.Errorf("the refusal changed the tree (-before +after):\n%s", diff)
			}
		})
	}
}

func TestWriteReportDirBadNames(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"", "/etc/passwd", "../x", "a/../../x", "./a", "a//b", `a\b`, "a\nb", ManifestName, "."} {
		parent := t.TempDir()
		err := WriteReportDir(filepath.Join(parent, "out"), map[string][]byte{name: []byte("x")})
		if err == nil || !strings.Contains(err.Error(), "bad file name") {
			t.Errorf("name %q: error = %v, want a bad file name", name, err)
		}
		if got := listTree(t, parent); len(got) != 0 {
			t.Errorf("name %q: left %v", name, got)
		}
	}
	parent := t.TempDir()
	err := WriteReportDir(filepath.Join(parent, "out"), map[string][]byte{"a": nil, "a/b": nil})
	if err == nil || !strings.Contains(err.Error(), `"a" is a file, so it cannot also be a directory`) {
		t.Errorf("file and directory: error = %v", err)
	}
	if err := WriteReportDir(filepath.Join(parent, "out"), nil); err == nil {
		t.Error("no files: no error")
	}
	if err := WriteReportDir(parent+"/..", map[string][]byte{"a": nil}); err == nil {
		t.Error("writing to .. succeeded")
	}
}

// TestWriteReportDirFailureMidway fails the third file's write, for a new
// report and for a replacement, and checks that nothing temporary is left
// and an existing report is untouched. (It is not parallel: it sets the
// package's test hook.)
func TestWriteReportDirFailureMidway(t *testing.T) {
	boom := errors.New("no space left on device")
	calls := 0
	testHookWrite = func(string) error {
		calls++
		if calls == 3 {
			return boom
		}
		return nil
	}
	t.Cleanup(func() { testHookWrite = nil })

	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	err := WriteReportDir(dir, reportFiles)
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), "report.html") {
		t.Errorf("error = %v, want the failure naming the third file (report.html)", err)
	}
	if got := listTree(t, parent); len(got) != 0 {
		t.Errorf("a failed new report left %v", slices.Sorted(maps.Keys(got)))
	}

	testHookWrite = nil
	if err := WriteReportDir(dir, map[string][]byte{"old.txt": []byte("old")}); err != nil {
		t.Fatal(err)
	}
	before := listTree(t, parent)
	calls = 0
	testHookWrite = func(string) error {
		calls++
		if calls == 3 {
			return boom
		}
		return nil
	}
	if err := WriteReportDir(dir, reportFiles); !errors.Is(err, boom) {
		t.Errorf("error = %v, want %v", err, boom)
	}
	if diff := cmp.Diff(before, listTree(t, parent)); diff != "" {
		t.Errorf("a failed replacement changed the tree (-before +after):\n%s", diff)
	}
}

func mkdir(t *testing.T, dir string) {
	t.Helper()
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
}

func write(t *testing.T, name, data string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestCheckReportDir checks the reasons a report directory is refused
// before any work is done, and that a good one is left untouched.
func TestCheckReportDir(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	file := filepath.Join(root, "notes.txt")
	if err := os.WriteFile(file, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	foreign := filepath.Join(root, "foreign")
	if err := os.MkdirAll(foreign, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(foreign, "mine.txt"), []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	written := filepath.Join(root, "written")
	if err := WriteReportDir(written, reportFiles); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		dir     string
		wantErr string // "" for none
	}{
		{"new directory", filepath.Join(root, "new"), ""},
		{"empty existing directory", t.TempDir(), ""},
		{"an earlier report", written, ""},
		{"missing parent", filepath.Join(root, "missing", "report"), "does not exist"},
		{"parent is a file", filepath.Join(file, "report"), "is not a directory"},
		{"a regular file", file, "exists and is not a directory"},
		{"foreign files", foreign, "mine.txt"},
		{"dot", ".", "name a directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := CheckReportDir(tt.dir)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("CheckReportDir(%q) = %v, want nil", tt.dir, err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("CheckReportDir(%q) = %v, want an error saying %q", tt.dir, err, tt.wantErr)
			}
		})
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.Contains(e.Name(), ".check-") || e.Name() == "new" {
			t.Errorf("CheckReportDir left %s behind", e.Name())
		}
	}
}
