package static

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// marker marks a directory as written by the export, so that removing
// what the site no longer has never touches anyone else's files.
const marker = ".goalpost-static"

// compressible are the files worth a .gz beside them; images, workbooks
// and the like are compressed already.
var compressible = map[string]bool{".html": true, ".css": true, ".js": true, ".svg": true, ".atom": true,
	".json": true, ".csv": true, ".txt": true, ".xml": true, ".ico": true}

func gzipped(file string) bool { return compressible[strings.ToLower(path.Ext(file))] }

// put writes data to file (relative to dir) unless it holds data already,
// and its .gz beside it; it reports whether anything was written. Each
// write goes to a temporary file in the same directory, synced, then
// renamed over the old one: a reader sees the old file or the new one,
// never part of one.
func put(dir, file string, data []byte) (bool, error) {
	full := filepath.Join(dir, filepath.FromSlash(file))
	changed, err := putFile(full, data)
	if err != nil || !gzipped(file) {
		return changed, err
	}
	if !changed {
		if _, err := os.Stat(full + ".gz"); err == nil {
			return false, nil
		}
	}
	var z bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&z, gzip.BestCompression) // no name, no time: the same bytes give the same .gz
	_, _ = zw.Write(data)
	if err := zw.Close(); err != nil {
		return changed, err
	}
	zchanged, err := putFile(full+".gz", z.Bytes())
	return changed || zchanged, err
}

func putFile(full string, data []byte) (bool, error) {
	if old, err := os.ReadFile(full); err == nil && bytes.Equal(old, data) {
		return false, nil // unchanged: its time is kept, so rsync leaves it be
	}
	d := filepath.Dir(full)
	if err := os.MkdirAll(d, 0o755); err != nil {
		return false, err
	}
	tmp, err := os.CreateTemp(d, ".tmp-"+filepath.Base(full)+"-*")
	if err != nil {
		return false, err
	}
	defer os.Remove(tmp.Name()) // after a failure; gone after the rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return false, err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return false, err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return false, err
	}
	if err := tmp.Close(); err != nil {
		return false, err
	}
	if err := os.Rename(tmp.Name(), full); err != nil {
		return false, err
	}
	return true, nil
}

// drop removes file and its .gz; it reports whether anything was there.
func drop(dir, file string) (bool, error) {
	full := filepath.Join(dir, filepath.FromSlash(file))
	removed := false
	for _, f := range []string{full, full + ".gz"} {
		err := os.Remove(f)
		if err == nil {
			removed = true
		} else if !errors.Is(err, fs.ErrNotExist) {
			return removed, err
		}
	}
	// Directories left empty go too (a deleted target's).
	for d := filepath.Dir(full); d != filepath.Clean(dir); d = filepath.Dir(d) {
		if os.Remove(d) != nil {
			break
		}
	}
	return removed, nil
}

// claim makes sure dir is the export's: missing, empty, or marked.
func claim(dir string) error {
	if _, err := os.Stat(filepath.Join(dir, marker)); err == nil {
		return nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if len(entries) > 0 {
		return ErrNotOurs
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, marker), []byte("written by goalpost export-static: files here that the site does not have are removed\n"), 0o644)
}

// sweep removes every file under dir that the site l does not have
// (leftovers of a deleted plan or target, or of an interrupted write).
func sweep(dir string, l *layout) (int, error) {
	var stale []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		r, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		r = filepath.ToSlash(r)
		if r == marker {
			return nil
		}
		if _, ok := l.files[strings.TrimSuffix(r, ".gz")]; ok && (!strings.HasSuffix(r, ".gz") || gzipped(strings.TrimSuffix(r, ".gz"))) {
			return nil
		}
		stale = append(stale, r)
		return nil
	})
	if err != nil {
		return 0, err
	}
	for _, r := range stale {
		if err := os.Remove(filepath.Join(dir, filepath.FromSlash(r))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return 0, err
		}
		_, _ = drop(dir, r) // and directories left empty
	}
	return len(stale), nil
}
