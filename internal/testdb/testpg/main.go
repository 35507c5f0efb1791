// Command testpg starts (or stops) the PostgreSQL cluster that the test
// suite shares, so that one process owns it rather than every test binary
// racing to start it. scripts/test runs it before and after `go test`.
//
//	testpg DIR         start, print the connection URL
//	testpg -stop DIR   stop it
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/goalpost-civic/goalpost/internal/pgcluster"
)

func main() {
	stop := flag.Bool("stop", false, "stop the cluster")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: testpg [-stop] DIR")
		os.Exit(2)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	// Test data is disposable: skip the disk syncs that make PostgreSQL slow.
	c, err := pgcluster.Start(ctx, flag.Arg(0), "postgres", os.Stderr,
		"fsync=off", "synchronous_commit=off", "full_page_writes=off", "max_connections=300")
	if err != nil {
		fmt.Fprintln(os.Stderr, "testpg:", err)
		os.Exit(1)
	}
	if *stop {
		if err := c.Stop(ctx); err != nil {
			fmt.Fprintln(os.Stderr, "testpg:", err)
			os.Exit(1)
		}
		return
	}
	fmt.Println(c.URL())
}
