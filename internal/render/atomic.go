package render

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// ErrNotReportDir is wrapped by WriteReportDir's error when the directory
// exists and holds files it did not write.
var ErrNotReportDir = errors.New("render: directory holds files lotsim did not write")

// ManifestName is the file WriteReportDir writes into every report
// directory: one line per file, "<sha256 hex>  <name>", the format
// sha256sum -c checks. It marks the directory as a report lotsim may
// replace.
const ManifestName = ".lotsim-report"

// testHookWrite, when set by a test, runs before each file WriteReportDir
// writes and may fail it.
var testHookWrite func(name string) error

// WriteFileAtomic writes data to the file name so that name holds either
// its old contents or all of data, never part of it, even if the program
// or machine stops midway: it writes a temporary file in the same
// directory, syncs it to disk, renames it over name and syncs the
// directory. A new file gets mode 0644; a replaced one keeps its mode. On
// failure the temporary file is removed and name is untouched.
func WriteFileAtomic(name string, data []byte) (err error) {
	dir, base := filepath.Split(name)
	if dir == "" {
		dir = "."
	}
	perm := fs.FileMode(0o644)
	if info, err := os.Stat(name); err == nil && info.Mode().IsRegular() {
		perm = info.Mode().Perm()
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("render: writing %s: %w", name, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = f.Close() // already failed; the first error matters
			_ = os.Remove(tmp)
			err = fmt.Errorf("render: writing %s: %w", name, err)
		}
	}()
	if _, err := f.Write(data); err != nil {
		return err
	}
	if err := f.Chmod(perm); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, name); err != nil {
		return err
	}
	syncDir(dir)
	return nil
}

// syncDir asks for a directory's entries (a rename) to reach the disk.
// It is best effort: some systems cannot sync a directory, and the data
// itself was synced before the rename.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}

// WriteReportDir writes a report's files (names are slash-separated paths
// relative to dir, such as "report.html" or "figures/figure-1.svg") into
// the directory dir so that dir never holds a half-written report.
//
// It writes the files and a manifest (ManifestName) into a new temporary
// directory beside dir, syncing each, and then renames it to dir. When dir
// already exists it must be empty or a report written by this function
// holding only the files its manifest lists: it is then replaced as a
// whole (renamed aside, the new report renamed into place, the old one
// removed), so files of the old report that the new one lacks do not
// linger. If dir holds anything else (a file the manifest does not list,
// or no manifest at all), WriteReportDir changes nothing and returns an
// error wrapping ErrNotReportDir that names what is in the way. A symbolic
// link or a file at dir is an error too.
//
// If the program stops between the two renames of a replacement, dir is
// briefly absent and the complete old and new reports are in hidden
// directories beside it (".NAME.tmp-PID-*"). On any error everything
// temporary is removed. A program that is killed (SIGKILL, a crash) while
// writing leaves its temporary directories behind; the next call for the
// same dir removes them (see RemoveStale). The function is not safe for
// concurrent writers to the same dir.
func WriteReportDir(dir string, files map[string][]byte) (err error) {
	names, err := reportNames(files)
	if err != nil {
		return err
	}
	dir = filepath.Clean(dir)
	parent, base := filepath.Split(dir)
	if parent == "" {
		parent = "."
	}
	if base == "" || base == "." || base == ".." {
		return fmt.Errorf("render: cannot write a report into %q: name a directory to create or replace", dir)
	}
	perm := fs.FileMode(0o755)
	existing := false
	switch info, err := os.Lstat(dir); {
	case err == nil && info.Mode()&fs.ModeSymlink != 0:
		return fmt.Errorf("render: %s is a symbolic link; name the directory it points to", dir)
	case err == nil && !info.IsDir():
		return fmt.Errorf("render: %s exists and is not a directory", dir)
	case err == nil:
		if err := checkOwned(dir); err != nil {
			return err
		}
		existing, perm = true, info.Mode().Perm()
	case !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("render: %w", err)
	}

	RemoveStale(dir)
	tmp, err := os.MkdirTemp(parent, tempPrefix(base)+strconv.Itoa(os.Getpid())+"-*")
	if err != nil {
		return fmt.Errorf("render: writing %s: %w", dir, err)
	}
	defer func() {
		if err != nil {
			_ = os.RemoveAll(tmp) // best effort: the write has already failed
		}
	}()
	if err := os.Chmod(tmp, perm); err != nil {
		return fmt.Errorf("render: writing %s: %w", dir, err)
	}
	var manifest bytes.Buffer
	subdirs := map[string]bool{}
	for _, n := range names {
		if testHookWrite != nil {
			if err := testHookWrite(n); err != nil {
				return fmt.Errorf("render: writing %s: %w", path.Join(dir, n), err)
			}
		}
		p := filepath.Join(tmp, filepath.FromSlash(n))
		if d := path.Dir(n); d != "." && !subdirs[d] {
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return fmt.Errorf("render: writing %s: %w", filepath.Join(dir, n), err)
			}
			for ; d != "."; d = path.Dir(d) {
				subdirs[d] = true
			}
		}
		if err := writeSynced(p, files[n]); err != nil {
			return fmt.Errorf("render: writing %s: %w", filepath.Join(dir, n), err)
		}
		sum := sha256.Sum256(files[n])
		fmt.Fprintf(&manifest, "%s  %s\n", hex.EncodeToString(sum[:]), n)
	}
	if err := writeSynced(filepath.Join(tmp, ManifestName), manifest.Bytes()); err != nil {
		return fmt.Errorf("render: writing %s: %w", filepath.Join(dir, ManifestName), err)
	}
	for d := range subdirs {
		syncDir(filepath.Join(tmp, filepath.FromSlash(d)))
	}
	syncDir(tmp)

	if !existing {
		if err := os.Rename(tmp, dir); err != nil {
			return fmt.Errorf("render: writing %s: %w", dir, err)
		}
		syncDir(parent)
		return nil
	}
	old := tmp + "-old"
	if err := os.Rename(dir, old); err != nil {
		return fmt.Errorf("render: replacing %s: %w", dir, err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		if back := os.Rename(old, dir); back != nil {
			return fmt.Errorf("render: replacing %s: %w; the previous report is in %s", dir, err, old)
		}
		return fmt.Errorf("render: replacing %s: %w", dir, err)
	}
	syncDir(parent)
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("render: the new report is in %s, but removing the previous one from %s failed: %w", dir, old, err)
	}
	return nil
}

// CheckReportDir reports, before any work is done, why WriteReportDir
// could not write a report into dir: a name that is not a directory to
// create or replace, a parent directory that does not exist or cannot be
// written to, a symbolic link or a file at dir, or a directory holding
// files a report did not write (ErrNotReportDir). It probes the parent by
// creating and removing an empty hidden directory. A nil error does not
// promise the write will succeed (the disk may fill meanwhile), only that
// nothing already in place stops it.
func CheckReportDir(dir string) error {
	dir = filepath.Clean(dir)
	parent, base := filepath.Dir(dir), filepath.Base(dir)
	if base == "" || base == "." || base == ".." || base == string(filepath.Separator) {
		return fmt.Errorf("cannot write a report into %q: name a directory to create or replace", dir)
	}
	switch info, err := os.Stat(parent); {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("cannot write a report into %s: the directory %s does not exist", dir, parent)
	case err != nil:
		return fmt.Errorf("cannot write a report into %s: %w", dir, err)
	case !info.IsDir():
		return fmt.Errorf("cannot write a report into %s: %s is not a directory", dir, parent)
	}
	switch info, err := os.Lstat(dir); {
	case err == nil && info.Mode()&fs.ModeSymlink != 0:
		return fmt.Errorf("%s is a symbolic link; name the directory it points to", dir)
	case err == nil && !info.IsDir():
		return fmt.Errorf("%s exists and is not a directory; name a directory to create or replace", dir)
	case err == nil:
		if err := checkOwned(dir); err != nil {
			return err
		}
	case !errors.Is(err, fs.ErrNotExist):
		return err
	}
	probe, err := os.MkdirTemp(parent, "."+base+".check-*")
	if err != nil {
		return fmt.Errorf("cannot write a report into %s: the directory %s is not writable (%w)", dir, parent, errors.Unwrap(err))
	}
	return os.Remove(probe)
}

// StaleAge is how old a temporary directory of WriteReportDir must be
// before RemoveStale removes it whatever its owner: a day. No report takes
// that long to write, so an older one was left by a program that was
// killed, even if its process ID now belongs to another program.
const StaleAge = 24 * time.Hour

// tempPrefix is the start of the names of WriteReportDir's temporary
// directories for a report directory called base; the writer's process
// ID, a dash and a random number follow, and "-old" for a report moved
// aside.
func tempPrefix(base string) string { return "." + base + ".tmp-" }

// staleName matches the rest of a temporary directory's name after
// tempPrefix: PID-RANDOM, optionally -old.
var staleName = regexp.MustCompile(`^([0-9]+)-[0-9]+(-old)?$`)

// RemoveStale removes the temporary directories that WriteReportDir left
// beside dir when the program writing them was killed: those named
// ".NAME.tmp-PID-N" or ".NAME.tmp-PID-N-old" whose process PID no longer
// runs, or that are older than StaleAge. A directory of a writer that
// still runs (another lotsim writing the same report) is left alone. It
// returns the names removed; it is best effort, and a directory it cannot
// remove is left for the next time. WriteReportDir calls it first.
func RemoveStale(dir string) []string {
	dir = filepath.Clean(dir)
	parent, base := filepath.Split(dir)
	if parent == "" {
		parent = "."
	}
	entries, err := os.ReadDir(parent)
	if err != nil {
		return nil
	}
	prefix := tempPrefix(base)
	var removed []string
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), prefix)
		if !ok || !e.IsDir() {
			continue
		}
		m := staleName.FindStringSubmatch(rest)
		if m == nil {
			continue
		}
		pid, err := strconv.Atoi(m[1])
		if err != nil {
			continue
		}
		info, err := e.Info()
		old := err == nil && time.Since(info.ModTime()) > StaleAge
		if pid == os.Getpid() || (processRuns(pid) && !old) {
			continue
		}
		p := filepath.Join(parent, e.Name())
		if os.RemoveAll(p) == nil {
			removed = append(removed, p)
		}
	}
	return removed
}

// writeSynced creates the file name with data and syncs it.
func writeSynced(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// reportNames checks the file names and returns them sorted.
func reportNames(files map[string][]byte) ([]string, error) {
	if len(files) == 0 {
		return nil, errors.New("render: no files to write")
	}
	names := make([]string, 0, len(files))
	for n := range files {
		bad := ""
		switch {
		case n == "" || n == ".":
			bad = "it names no file"
		case strings.ContainsRune(n, '\\'):
			bad = "use / to separate directories"
		case strings.ContainsFunc(n, unicode.IsControl):
			bad = "it holds a control character"
		case !filepath.IsLocal(filepath.FromSlash(n)) || path.Clean(n) != n:
			bad = "it must be a clean relative path inside the report directory"
		case n == ManifestName:
			bad = "the name is reserved for the report's manifest"
		}
		if bad != "" {
			return nil, fmt.Errorf("render: bad file name %q: %s", n, bad)
		}
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		for d := path.Dir(n); d != "."; d = path.Dir(d) {
			if _, ok := files[d]; ok {
				return nil, fmt.Errorf("render: bad file name %q: %q is a file, so it cannot also be a directory", n, d)
			}
		}
	}
	return names, nil
}

// checkOwned returns nil if dir is empty or holds only a report written
// by WriteReportDir, and otherwise an error wrapping ErrNotReportDir.
func checkOwned(dir string) error {
	listed := map[string]bool{ManifestName: true}
	data, err := os.ReadFile(filepath.Join(dir, ManifestName))
	hasManifest := err == nil
	switch {
	case err == nil:
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			if _, n, ok := strings.Cut(sc.Text(), "  "); ok {
				listed[n] = true
				for d := path.Dir(n); d != "."; d = path.Dir(d) {
					listed[d] = true
				}
			}
		}
	case !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("render: reading %s: %w", filepath.Join(dir, ManifestName), err)
	}
	var foreign []string
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == dir {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if !listed[rel] || d.Type()&fs.ModeSymlink != 0 {
			foreign = append(foreign, rel)
			if d.IsDir() {
				return fs.SkipDir
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("render: checking %s: %w", dir, err)
	}
	if len(foreign) == 0 {
		return nil
	}
	shown := foreign
	if len(shown) > 3 {
		shown = append(slices.Clone(shown[:3]), fmt.Sprintf("and %d more", len(foreign)-3))
	}
	why := "no " + ManifestName + " manifest"
	if hasManifest {
		why = "not listed in its " + ManifestName + " manifest"
	}
	return fmt.Errorf("%w: %s holds %s (%s); name a new or empty directory, or move them away",
		ErrNotReportDir, dir, strings.Join(shown, ", "), why)
}
