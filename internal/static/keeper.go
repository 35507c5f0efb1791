package static

import (
	"context"
	"time"

	"github.com/goalpost-civic/goalpost/internal/postgres"
)

// Listener delivers changes until ctx ends; (*postgres.DB).ListenChanges
// is one.
type Listener func(ctx context.Context, handle func(postgres.Change))

// Keeper keeps a Site in step with the database while Goalpost serves.
type Keeper struct {
	Site   *Site
	Listen Listener
	// Quiet is how long a burst of changes is let settle before the files
	// are rewritten (150 ms if zero): a change reaches the files well
	// within 2 s, and a burst is written once.
	Quiet time.Duration
	// Done, if set, is called after each rewrite (tests wait on it).
	Done func(Stats, error)
}

// pending is what changed since the last rewrite.
type pending struct {
	all   bool
	plans map[int64]bool
}

// Run exports the whole site once the listener is listening (so no change
// falls between the export and the listening), then rewrites what each
// change touches, everything after a Reset or a change of all plans,
// until ctx ends.
func (k *Keeper) Run(ctx context.Context) {
	quiet := k.Quiet
	if quiet == 0 {
		quiet = 150 * time.Millisecond
	}
	changes := make(chan postgres.Change, 256)
	go k.Listen(ctx, func(c postgres.Change) {
		select {
		case changes <- c:
		default: // the queue is full: rewrite everything
			select {
			case changes <- postgres.Change{All: true}:
			default:
			}
		}
	})
	var p pending
	add := func(c postgres.Change) {
		switch {
		case c.Reset, c.All:
			p.all = true
		case c.PlanID != 0:
			if p.plans == nil {
				p.plans = map[int64]bool{}
			}
			p.plans[c.PlanID] = true
		}
		if c.Lost {
			k.Site.log().Warn("static site: changes unannounced until the database is back", "dir", k.Site.Dir)
		}
	}
	for {
		select {
		case <-ctx.Done():
			return
		case c := <-changes:
			add(c)
		}
		// Let the burst settle, gathering what else changed.
		settle := time.NewTimer(quiet)
	gather:
		for {
			select {
			case <-ctx.Done():
				settle.Stop()
				return
			case c := <-changes:
				add(c)
			case <-settle.C:
				break gather
			}
		}
		if !p.all && len(p.plans) == 0 {
			continue // a Lost: nothing to write
		}
		var st Stats
		var err error
		if p.all {
			st, err = k.Site.Export(ctx)
		} else {
			ids := make([]int64, 0, len(p.plans))
			for id := range p.plans {
				ids = append(ids, id)
			}
			st, err = k.Site.ExportPlans(ctx, ids)
		}
		if err != nil && ctx.Err() == nil {
			k.Site.log().Error("static site: rewrite failed; retrying everything at the next change", "dir", k.Site.Dir, "err", err)
			p = pending{all: true}
			// Retry in a moment even if nothing else changes.
			go func() {
				select {
				case <-ctx.Done():
				case <-time.After(5 * time.Second):
					select {
					case changes <- postgres.Change{All: true}:
					default:
					}
				}
			}()
		} else {
			k.Site.log().Info("static site in step", "dir", k.Site.Dir, "plans", len(p.plans), "all", p.all, "stats", st.String())
			p = pending{}
		}
		if k.Done != nil {
			k.Done(st, err)
		}
	}
}
