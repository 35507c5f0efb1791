package static

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"sync"
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/i18n"
	"github.com/goalpost-civic/goalpost/internal/web"
)

// ErrNotOurs: the directory holds files the export did not write, which it
// would otherwise remove.
var ErrNotOurs = errors.New("static: directory not written by export-static")

// Stats counts what an export did.
type Stats struct {
	Files     int // files of the site, .gz not counted
	Written   int // files (or their .gz) written because they changed
	Removed   int // files removed: no longer on the site
	Bytes     int64
	GzipBytes int64
	Took      time.Duration
}

func (s Stats) String() string {
	return fmt.Sprintf("%d files (%d written, %d removed), %d bytes, %d bytes gzipped, in %s",
		s.Files, s.Written, s.Removed, s.Bytes, s.GzipBytes, s.Took.Round(time.Millisecond))
}

func (s *Site) log() *slog.Logger {
	if s.Log == nil {
		return slog.Default()
	}
	return s.Log
}

// layoutNow is the site the database holds now.
func (s *Site) layoutNow(ctx context.Context) (*layout, error) {
	inv, err := s.Store.Inventory(ctx)
	if err != nil {
		return nil, err
	}
	return plan(inv)
}

// Export writes the whole site into Dir and removes what the site no
// longer has. Dir must be missing, empty, or written by Export before.
func (s *Site) Export(ctx context.Context) (Stats, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	start := time.Now()
	if err := claim(s.Dir); err != nil {
		if errors.Is(err, ErrNotOurs) {
			return Stats{}, goalpost.E(goalpost.EINVALID, "static.not_ours", s.Dir)
		}
		return Stats{}, err
	}
	l, err := s.layoutNow(ctx)
	if err != nil {
		return Stats{}, err
	}
	jobs := make([]*job, len(l.jobs))
	for i := range l.jobs {
		jobs[i] = &l.jobs[i]
	}
	st, err := s.run(ctx, l, jobs)
	if err != nil {
		return st, err
	}
	removed, err := sweep(s.Dir, l)
	st.Removed += removed
	st.Took = time.Since(start)
	s.current = l
	return st, err
}

// ExportPlans rewrites what a change of these plans touches: their pages,
// targets, bulletins, feeds and evidence, the API files that hold them,
// the home page and the departments that own their tasks (before the
// change and after); the files of what they no longer have are removed.
// Without an Export before, it is one.
func (s *Site) ExportPlans(ctx context.Context, ids []int64) (Stats, error) {
	s.mu.Lock()
	if s.current == nil {
		s.mu.Unlock()
		return s.Export(ctx)
	}
	defer s.mu.Unlock()
	start := time.Now()
	l, err := s.layoutNow(ctx)
	if err != nil {
		return Stats{}, err
	}
	old := s.current
	touched := func(j *job) bool {
		for _, id := range ids {
			if j.touches(id) {
				return true
			}
		}
		return false
	}
	var jobs []*job
	for i := range l.jobs {
		j := &l.jobs[i]
		// A department that owned a task of the plan before the change
		// lists its targets no more.
		if oj := old.files[j.file]; touched(j) || (oj != nil && touched(oj)) {
			jobs = append(jobs, j)
		}
	}
	st, err := s.run(ctx, l, jobs)
	if err != nil {
		return st, err
	}
	for i := range old.jobs {
		j := &old.jobs[i]
		if _, ok := l.files[j.file]; !ok && touched(j) {
			removed, err := drop(s.Dir, j.file)
			if err != nil {
				return st, err
			}
			if removed {
				st.Removed++
			}
		}
	}
	st.Took = time.Since(start)
	s.current = l
	return st, nil
}

// run renders and writes jobs, a few at once.
func (s *Site) run(ctx context.Context, l *layout, jobs []*job) (Stats, error) {
	workers := s.Workers
	if workers <= 0 {
		workers = 4
	}
	var (
		mu    sync.Mutex
		st    Stats
		first error
		wg    sync.WaitGroup
	)
	next := make(chan *job)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				written, removed, n, err := s.one(ctx, l, j)
				mu.Lock()
				if err != nil && first == nil {
					first = fmt.Errorf("static: %s: %w", j.file, err)
				}
				st.Files++
				if written {
					st.Written++
				}
				if removed {
					st.Removed++
				}
				st.Bytes += int64(n)
				mu.Unlock()
			}
		}()
	}
	for _, j := range jobs {
		if ctx.Err() != nil {
			break
		}
		next <- j
	}
	close(next)
	wg.Wait()
	if first == nil {
		first = ctx.Err()
	}
	if first == nil {
		// Sizes as a server sends them: the .gz where there is one.
		for _, j := range jobs {
			full := filepath.Join(s.Dir, filepath.FromSlash(j.file))
			name := full
			if gzipped(j.file) {
				name += ".gz"
			}
			if fi, err := os.Stat(name); err == nil {
				st.GzipBytes += fi.Size()
			}
		}
	}
	return st, first
}

// one renders j and writes it if it changed; a page that is no longer
// there (a target deleted since the inventory) is removed.
func (s *Site) one(ctx context.Context, l *layout, j *job) (written, removed bool, size int, err error) {
	if j.once {
		if _, err := os.Stat(filepath.Join(s.Dir, filepath.FromSlash(j.file))); err == nil {
			return false, false, 0, nil
		}
	}
	data, err := s.Page(ctx, l, j)
	if errors.Is(err, errGone) {
		removed, err = drop(s.Dir, j.file)
		return false, removed, 0, err
	}
	if err != nil {
		return false, false, 0, err
	}
	written, err = put(s.Dir, j.file, data)
	return written, false, len(data), err
}

var errGone = errors.New("gone")

// Page is j's file as written: the handler's answer, rewritten.
func (s *Site) Page(ctx context.Context, l *layout, j *job) ([]byte, error) {
	var data []byte
	if j.asset != "" {
		b, err := fs.ReadFile(web.StaticFiles(), j.asset)
		if err != nil {
			return nil, err
		}
		data = b
	} else {
		code, body := s.render(ctx, j)
		switch code {
		case http.StatusOK:
		case http.StatusNotFound:
			return nil, errGone
		default:
			return nil, fmt.Errorf("%s answered %d", j.url, code)
		}
		data = body
	}
	return s.transform(l, j.file, j.lang, data)
}

// transform rewrites a page or feed of the live site for the static one.
func (s *Site) transform(l *layout, file string, lang i18n.Lang, data []byte) ([]byte, error) {
	rw := &rewriter{l: l, file: file, lang: lang, base: s.BaseURL}
	switch path.Ext(file) {
	case ".html":
		return rw.html(data)
	case ".atom":
		return rw.feed(data), nil
	}
	return data, nil
}
