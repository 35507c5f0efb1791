package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/goalpost-civic/goalpost/internal/pgcluster"
	"github.com/goalpost-civic/goalpost/internal/postgres"
)

// database is an open, migrated database, and the private cluster behind it
// if this process started one.
type database struct {
	*postgres.DB
	url     string
	cluster *pgcluster.Cluster
	applied int
}

// dataDir is where a private cluster keeps its data.
func dataDir() string {
	if d := os.Getenv("GOALPOST_DATA_DIR"); d != "" {
		return d
	}
	return ".goalpost"
}

// openDatabase connects to DATABASE_URL or, without it, to a private
// cluster it starts (or finds running) in the data directory; then migrates.
func openDatabase(ctx context.Context, logw io.Writer) (*database, error) {
	db := &database{url: os.Getenv("DATABASE_URL")}
	if db.url == "" {
		c, err := pgcluster.Start(ctx, filepath.Join(dataDir(), "postgres"), "goalpost", logw)
		if err != nil {
			return nil, fmt.Errorf("start private PostgreSQL (set DATABASE_URL to use your own): %w", err)
		}
		db.cluster, db.url = c, c.URL()
	}
	applied, err := postgres.Migrate(ctx, db.url)
	if err != nil {
		db.close()
		return nil, err
	}
	db.applied = applied
	db.DB, err = postgres.Open(ctx, db.url)
	if err != nil {
		db.close()
		return nil, err
	}
	return db, nil
}

func (db *database) close() {
	if db.DB != nil {
		db.DB.Close()
	}
	if db.cluster != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = db.cluster.Stop(ctx)
	}
}

// withDatabase runs fn with an open database and closes it afterwards.
func withDatabase(ctx context.Context, logw io.Writer, fn func(*database) error) error {
	db, err := openDatabase(ctx, logw)
	if err != nil {
		return err
	}
	defer db.close()
	return fn(db)
}
