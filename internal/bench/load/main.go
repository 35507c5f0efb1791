// Command load measures a page under reads and writes together: readers
// fetch a page as fast as they can while a writer posts figures through
// the API at a steady rate, and it reports the readers' latency, how long
// each written figure took to show on the page, and optionally the memory
// of a process (the server's pid) sampled during the run.
//
//	go run ./internal/bench/load -page http://127.0.0.1:8095/plans/dalian-2023-livelihood \
//	    -target 17 -token "$(cat token)" -pid "$(cat serve.pid)"
//
// The writer corrects one period of one target (default: today) again and
// again with a new value each time (a revision with a reason), so the
// target's latest figure on the page changes with every write. The plan
// must publish figures directly (requires_review: false), or the writes
// wait for a reviewer and never show. A write counts as visible when a
// reader's page shows it or a later write in the target's row.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	page := flag.String("page", "", "the page the readers fetch (a plan page showing the target)")
	readers := flag.Int("readers", 64, "concurrent readers")
	rate := flag.Float64("writes", 10, "figures written per second (0: no writer)")
	target := flag.Int64("target", 0, "the target whose figure is written (on the page)")
	token := flag.String("token", os.Getenv("GOALPOST_TOKEN"), "an API token allowed to enter figures for the target (default $GOALPOST_TOKEN)")
	period := flag.String("period", time.Now().In(time.FixedZone("CST", 8*3600)).Format("2006-01-02"), "the period corrected by every write")
	duration := flag.Duration("d", 30*time.Second, "how long to run")
	pid := flag.Int("pid", 0, "a process whose memory (VmRSS, VmHWM) to sample, e.g. goalpost serve's")
	flag.Parse()
	if *page == "" || (*rate > 0 && (*target == 0 || *token == "")) {
		fmt.Fprintln(os.Stderr, "usage: load -page URL [-readers 64] [-writes 10 -target ID -token TOKEN] [-d 30s] [-pid PID]")
		os.Exit(2)
	}
	u, err := url.Parse(*page)
	if err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(2)
	}
	r := &run{page: *page, base: u.Scheme + "://" + u.Host, target: *target, token: *token, period: *period,
		client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *readers + 4, DisableCompression: true}, Timeout: 30 * time.Second}}
	r.row = fmt.Sprintf(`data-target-id="%d"`, *target)
	if err := r.main(*readers, *rate, *duration, *pid); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

type run struct {
	page, base, token, period, row string
	target                         int64
	client                         *http.Client

	mu      sync.Mutex
	writes  []*write          // as the API answered them
	byValue map[string]*write // the value as the page shows it → its write
	unseen  []*write          // not yet visible
}

type write struct {
	revision int // of the period: corrections are numbered in commit order
	value    string
	acked    time.Time // the API answered 201: committed
	visible  time.Time
}

// settle is how long the readers go on after the last write.
const settle = 2 * time.Second

func (r *run) main(readers int, rate float64, d time.Duration, pid int) error {
	r.byValue = map[string]*write{}
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var (
		wg        sync.WaitGroup
		latencies = make([][]time.Duration, readers)
		failures  atomic.Int64
		samples   memory
	)
	if pid > 0 {
		wg.Add(1)
		go func() { defer wg.Done(); samples.sample(ctx, pid) }()
	}
	var writeErr error
	var writeFailures int
	if rate > 0 {
		wg.Add(1)
		// The writer stops settle before the readers, so its last writes
		// are seen (or not) under the same load.
		wctx, wcancel := context.WithTimeout(ctx, max(d-settle, d/2))
		defer wcancel()
		go func() { defer wg.Done(); writeFailures, writeErr = r.writer(wctx, rate) }()
	}
	start := time.Now()
	for i := range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// One buffer per reader, reused: the readers share the cores
			// with the server, and should cost it as little as they can.
			var buf bytes.Buffer
			for ctx.Err() == nil {
				t0 := time.Now()
				body, err := r.get(ctx, &buf)
				if ctx.Err() != nil {
					return
				}
				took := time.Since(t0)
				if err != nil {
					failures.Add(1)
					continue
				}
				latencies[i] = append(latencies[i], took)
				r.saw(body, time.Now())
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if writeErr != nil {
		return writeErr
	}

	all := slices.Concat(latencies...)
	slices.Sort(all)
	fmt.Printf("page %s, %d readers, %s\n", r.page, readers, d)
	fmt.Printf("reads: %d (%.0f/s), %d failed; latency p50 %s, p90 %s, p99 %s, max %s\n", len(all),
		float64(len(all))/elapsed.Seconds(), failures.Load(), pct(all, 50), pct(all, 90), pct(all, 99), pct(all, 100))
	if rate > 0 {
		r.mu.Lock()
		var delays []time.Duration
		unseen := 0
		for _, w := range r.writes {
			if w.visible.IsZero() {
				unseen++
				continue
			}
			delays = append(delays, max(0, w.visible.Sub(w.acked)))
		}
		n := len(r.writes)
		r.mu.Unlock()
		slices.Sort(delays)
		fmt.Printf("writes: %d at %.1f/s asked (%.1f/s done), %d failed, target %d period %s\n", n, rate,
			float64(n)/max(d-settle, d/2).Seconds(), writeFailures, r.target, r.period)
		fmt.Printf("visible on the page after the API answered: p50 %s, p99 %s, max %s; not seen within %s of the last write: %d\n",
			pct(delays, 50), pct(delays, 99), pct(delays, 100), settle, unseen)
	}
	if pid > 0 {
		fmt.Printf("memory of pid %d: VmRSS max %d MB over %d samples, VmHWM at the end %d MB\n",
			pid, samples.maxRSS/1024, samples.n, samples.hwm/1024)
	}
	return nil
}

func (r *run) get(ctx context.Context, buf *bytes.Buffer) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.page, nil)
	if err != nil {
		return nil, err
	}
	resp, err := r.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	buf.Reset()
	_, err = buf.ReadFrom(resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("%s: %s", r.page, resp.Status)
	}
	return buf.Bytes(), err
}

// saw marks as visible every write whose revision is at most that of
// the write whose value the page shows in the target's row: it is on the
// page or was corrected by what is.
func (r *run) saw(body []byte, at time.Time) {
	r.mu.Lock()
	pending := len(r.unseen) > 0
	r.mu.Unlock()
	if !pending {
		return
	}
	latest := latestCell(body, r.row)
	if latest == "" {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	w := r.byValue[latest]
	if w == nil {
		return // not one of this run's writes
	}
	kept := r.unseen[:0]
	for _, u := range r.unseen {
		if u.revision <= w.revision {
			u.visible = at
		} else {
			kept = append(kept, u)
		}
	}
	r.unseen = kept
}

// latestCell is the number at the start of the "latest" cell of the row
// marked row (data-target-id="N"), as the page writes it.
func latestCell(body []byte, row string) string {
	i := bytes.Index(body, []byte(row))
	if i < 0 {
		return ""
	}
	body = body[i:]
	const cell = `data-testid="latest">`
	j := bytes.Index(body, []byte(cell))
	if j < 0 {
		return ""
	}
	body = body[j+len(cell):]
	end := 0
	for end < len(body) && (body[end] >= '0' && body[end] <= '9' || body[end] == '.' || body[end] == ',' || body[end] == '-') {
		end++
	}
	return strings.ReplaceAll(string(body[:end]), ",", "")
}

// writer posts a correction of r.period every 1/rate seconds, each with a
// value no earlier write of this run had, without waiting for the last
// one's answer (at most 100 in flight).
func (r *run) writer(ctx context.Context, rate float64) (failures int, err error) {
	tick := time.NewTicker(time.Duration(float64(time.Second) / rate))
	defer tick.Stop()
	seed := time.Now().UnixNano() % 5000
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		inflight = make(chan struct{}, 100)
	)
	defer wg.Wait()
	fail := func(e error) {
		mu.Lock()
		defer mu.Unlock()
		failures++
		if err == nil {
			err = e
		}
	}
	for i := int64(0); ; i++ {
		select {
		case <-ctx.Done():
			wg.Wait()
			mu.Lock()
			defer mu.Unlock()
			if len(r.writes) > 0 { // the setup works: a failure now is a failed write, not an error
				err = nil
			}
			return failures, err
		case <-tick.C:
		}
		select {
		case inflight <- struct{}{}:
		default:
			fail(fmt.Errorf("100 writes waiting for an answer"))
			continue
		}
		// Two decimals, 10.00 to 59.99: shown on the page as written.
		n := (seed+i)%5000 + 1000
		value := strconv.FormatFloat(float64(n)/100, 'f', -1, 64)
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-inflight }()
			if e := r.post(ctx, value); e != nil && ctx.Err() == nil {
				fail(e)
			}
		}()
	}
}

func (r *run) post(ctx context.Context, value string) error {
	body, _ := json.Marshal(map[string]any{"period": r.period, "value": json.Number(value), "reason": "load test"})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, fmt.Sprintf("%s/api/v1/targets/%d/figures", r.base, r.target), bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+r.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := r.client.Do(req)
	if err != nil {
		return err
	}
	answer, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	acked := time.Now()
	if resp.StatusCode != http.StatusCreated {
		return fmt.Errorf("writing a figure: %s: %s", resp.Status, answer)
	}
	var got struct {
		State    string `json:"state"`
		Revision int    `json:"revision"`
	}
	if err := json.Unmarshal(answer, &got); err != nil {
		return fmt.Errorf("writing a figure: %w", err)
	}
	if got.State != "published" {
		return fmt.Errorf("the figure was stored as %q, not published: the plan requires review (import it with requires_review: false)", got.State)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	w := &write{revision: got.Revision, value: value, acked: acked}
	r.writes = append(r.writes, w)
	r.byValue[value] = w
	r.unseen = append(r.unseen, w)
	return nil
}

type memory struct {
	n           int
	maxRSS, hwm int64 // kB
}

func (m *memory) sample(ctx context.Context, pid int) {
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	for {
		if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid)); err == nil {
			m.n++
			for _, line := range strings.Split(string(b), "\n") {
				name, v, ok := strings.Cut(line, ":")
				if !ok {
					continue
				}
				kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
				switch name {
				case "VmRSS":
					m.maxRSS = max(m.maxRSS, kb)
				case "VmHWM":
					m.hwm = kb
				}
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

func pct(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := (len(sorted)*p + 99) / 100
	return sorted[min(max(i-1, 0), len(sorted)-1)].Round(10 * time.Microsecond)
}
