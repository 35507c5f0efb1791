package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/goalpost-civic/goalpost/internal/pgcluster"
	"github.com/goalpost-civic/goalpost/internal/postgres"
	"github.com/jackc/pgx/v5"
)

// database is an open, migrated database, served through a role that owns
// nothing, and the private cluster behind it if this process started one.
type database struct {
	*postgres.DB
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

// openDatabase migrates the database as its owner and connects as the
// serving role (README, Database roles):
//
//   - GOALPOST_MIGRATE_URL and DATABASE_URL: migrate as the first, granting
//     the second's role the serving privileges, and serve as the second.
//   - DATABASE_URL alone, signing in as an owner or a superuser: migrate as
//     it, create the serving role (goalpost_app for the database goalpost)
//     once, and serve as that.
//   - DATABASE_URL alone, signing in as a role that owns nothing: serve as
//     it, once the owner has migrated the database.
//   - Neither: a private cluster, migrated as its superuser, served as
//     goalpost_app over the same socket.
//
// Whatever the case, it refuses to serve as a role that could rewrite the
// record.
func openDatabase(ctx context.Context, logw io.Writer) (*database, error) {
	migrateURL, serveURL := os.Getenv("GOALPOST_MIGRATE_URL"), os.Getenv("DATABASE_URL")
	db := &database{}
	auto := false // serve as a role Goalpost creates
	switch {
	case migrateURL != "" && serveURL == "":
		return nil, errors.New("GOALPOST_MIGRATE_URL is set but DATABASE_URL is not: set DATABASE_URL to the connection of the role Goalpost serves through (README, Database roles)")
	case serveURL == "":
		c, err := pgcluster.Start(ctx, filepath.Join(dataDir(), "postgres"), "goalpost", logw)
		if err != nil {
			return nil, fmt.Errorf("start private PostgreSQL (set DATABASE_URL to use your own): %w", err)
		}
		db.cluster, migrateURL, serveURL, auto = c, c.URL(), c.URL(), true
	case migrateURL == "":
		role, err := postgres.InspectRole(ctx, serveURL)
		if err != nil {
			return nil, err
		}
		if role.Owner() {
			migrateURL, auto = serveURL, true
		}
	}

	var user, password, note string
	if migrateURL != "" {
		opt := postgres.MigrateOptions{CreateServingRole: auto}
		if !auto {
			cfg, err := pgx.ParseConfig(serveURL)
			if err != nil {
				return nil, fmt.Errorf("DATABASE_URL: %w", err)
			}
			opt.ServingRole = cfg.User
		}
		m, err := postgres.Migrate(ctx, migrateURL, opt)
		if err != nil {
			db.close()
			return nil, err
		}
		db.applied = m.Applied
		if auto {
			user, password = m.ServingRole, m.Password
			what := "found"
			if m.RoleCreated {
				what = "created"
			}
			note = fmt.Sprintf("migrated the database as its owner; serving through the restricted role %s, which Goalpost %s (set GOALPOST_MIGRATE_URL and DATABASE_URL to choose your own: README, Database roles)", user, what)
		}
	}

	var err error
	db.DB, err = postgres.OpenAs(ctx, serveURL, user, password)
	if err != nil {
		db.close()
		if auto && db.cluster == nil {
			return nil, fmt.Errorf("cannot sign in as %s, the serving role Goalpost created, with its password (the server may allow only peer authentication for it): "+
				"set GOALPOST_MIGRATE_URL to the owner's connection and DATABASE_URL to a role that owns nothing and can sign in (README, Database roles): %w", user, err)
		}
		return nil, err
	}
	if err := db.CheckServing(ctx); err != nil {
		db.close()
		return nil, err
	}
	if err := db.CheckMigrated(ctx); err != nil {
		db.close()
		return nil, err
	}
	if note != "" {
		fmt.Fprintln(logw, note)
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
