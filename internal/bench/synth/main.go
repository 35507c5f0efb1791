// Command synth fills a migrated Goalpost database with a synthetic city,
// beside whatever it already holds (the bundled Dalian plans stay): plans
// with sections, numbered tasks and their departments, targets of every
// kind, and years of monthly and annual figures, some corrected, some
// waiting for review, some returned. It writes with COPY in batches and
// prints how long each phase took, so that the benchmarks of issue 10 can
// measure pages at the size of a province (BENCHMARKS.md).
//
//	go run ./internal/bench/synth -db postgres://owner@host/goalpost
//	go run ./internal/bench/synth -db URL -plans 3 -targets 300 -figures 3000
//
// The URL must sign in as the role that owns the tables (the summaries are
// written by the figures' trigger, which the serving role may not do).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/jackc/pgx/v5/pgxpool"
)

func main() {
	var s Sizes
	url := flag.String("db", os.Getenv("DATABASE_URL"), "database URL (the tables' owner); default $DATABASE_URL")
	flag.IntVar(&s.Plans, "plans", 1000, "plans to add")
	flag.IntVar(&s.Targets, "targets", 100_000, "targets to add, across the plans")
	flag.IntVar(&s.Figures, "figures", 10_000_000, "figure rows to add, across the targets")
	flag.StringVar(&s.Prefix, "prefix", "synth", "slug prefix of the plans and departments added")
	flag.Parse()
	if *url == "" {
		fmt.Fprintln(os.Stderr, "synth: -db URL (or DATABASE_URL) is required")
		os.Exit(2)
	}
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, *url)
	if err != nil {
		fmt.Fprintln(os.Stderr, "synth:", err)
		os.Exit(1)
	}
	defer pool.Close()
	if _, err := Load(ctx, pool, s, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "synth:", err)
		os.Exit(1)
	}
}
