package render

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"testing"
	"time"
)

// deadPID returns the process ID of a process that has exited.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatalf("running a short process: %v", err)
	}
	return cmd.Process.Pid
}

// TestRemoveStale leaves the temporary directories a killed writer would
// (a report half written, a complete one moved aside) beside a report
// directory, with others that must stay, and checks that the next
// WriteReportDir removes exactly the stale ones.
func TestRemoveStale(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("process IDs are not checked on Windows; only age counts")
	}
	parent := t.TempDir()
	dead, alive := strconv.Itoa(deadPID(t)), strconv.Itoa(os.Getppid())
	mk := func(name string, age time.Duration) {
		t.Helper()
		p := filepath.Join(parent, name)
		if err := os.MkdirAll(filepath.Join(p, "figures"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(p, "report.html"), []byte("half"), 0o644); err != nil {
			t.Fatal(err)
		}
		if age > 0 {
			old := time.Now().Add(-age)
			if err := os.Chtimes(p, old, old); err != nil {
				t.Fatal(err)
			}
		}
	}
	mk(".report.tmp-"+dead+"-123", 0)             // killed mid-write: stale
	mk(".report.tmp-"+dead+"-124-old", 0)         // killed between renames: stale
	mk(".report.tmp-"+alive+"-125", 0)            // another writer still at work: kept
	mk(".report.tmp-"+alive+"-126", 48*time.Hour) // older than StaleAge: stale
	mk(".other.tmp-"+dead+"-127", 0)              // another report's: kept
	mk(".report.tmp-notapid", 0)                  // not a name we make: kept
	if err := os.WriteFile(filepath.Join(parent, ".report.tmp-"+dead+"-128"), nil, 0o644); err != nil {
		t.Fatal(err) // a file, not a directory: kept
	}
	if err := WriteReportDir(filepath.Join(parent, "report"), map[string][]byte{"report.html": []byte("new")}); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	want := []string{".other.tmp-" + dead + "-127", ".report.tmp-" + alive + "-125", ".report.tmp-" + dead + "-128", ".report.tmp-notapid", "report"}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("after WriteReportDir the parent holds\n%q\nwant\n%q", got, want)
	}
}
