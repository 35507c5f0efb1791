// Package testdb gives each test its own real, migrated PostgreSQL database,
// cloned from a template by pgtestdb (about 20 ms a clone). The server is
// GOALPOST_TEST_DATABASE_URL's, or else a private cluster that the first test
// binary starts in the system temp directory and later ones reuse.
package testdb

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/goalpost-civic/goalpost/internal/pgcluster"
	"github.com/goalpost-civic/goalpost/internal/planfile"
	"github.com/goalpost-civic/goalpost/internal/postgres"
	"github.com/goalpost-civic/goalpost/migrations"
	"github.com/goalpost-civic/goalpost/plans"
	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver pgtestdb uses
	"github.com/peterldowns/pgtestdb"
	"golang.org/x/crypto/bcrypt"
)

var (
	once    sync.Once
	config  pgtestdb.Config
	initErr error
)

// serverConfig finds or starts the server that holds the test databases.
func serverConfig() (pgtestdb.Config, error) {
	once.Do(func() {
		raw := os.Getenv("GOALPOST_TEST_DATABASE_URL")
		if raw == "" {
			dir := filepath.Join(os.TempDir(), "goalpost-test-postgres")
			// Test data is disposable: skip the disk syncs that make PostgreSQL slow.
			var c *pgcluster.Cluster
			c, initErr = pgcluster.Start(context.Background(), dir, "postgres", io.Discard,
				"fsync=off", "synchronous_commit=off", "full_page_writes=off", "max_connections=300")
			if initErr != nil {
				return
			}
			raw = c.URL()
		}
		cfg, err := pgx.ParseConfig(raw)
		if err != nil {
			initErr = err
			return
		}
		opts := url.Values{"sslmode": {"disable"}}
		host := cfg.Host
		if strings.HasPrefix(host, "/") {
			// A unix socket: pgx takes its directory as the host parameter.
			opts.Set("host", host)
			host = "localhost"
		}
		config = pgtestdb.Config{DriverName: "pgx", User: cfg.User, Password: cfg.Password, Host: host,
			Port: strconv.Itoa(int(cfg.Port)), Database: cfg.Database, Options: opts.Encode()}
	})
	return config, initErr
}

// migrator applies Goalpost's own migrations to the template database.
type migrator struct{}

func (migrator) Hash() (string, error) {
	h := sha256.New()
	err := fs.WalkDir(migrations.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(migrations.FS, path)
		h.Write([]byte(path))
		h.Write(b)
		return err
	})
	return hex.EncodeToString(h.Sum(nil)), err
}

func (migrator) Migrate(ctx context.Context, db *sql.DB, _ pgtestdb.Config) error {
	return postgres.MigrateDB(ctx, db)
}

// URL returns the connection string of a new migrated database for t.
func URL(t testing.TB) string {
	t.Helper()
	cfg, err := serverConfig()
	if err != nil {
		t.Fatalf("testdb: no PostgreSQL for tests: %v", err)
	}
	return pgtestdb.Custom(t, cfg, migrator{}).URL()
}

// Open returns a storage handle on a new migrated database for t.
func Open(t testing.TB) *postgres.DB {
	t.Helper()
	db, err := postgres.Open(context.Background(), URL(t))
	if err != nil {
		t.Fatalf("testdb: open: %v", err)
	}
	t.Cleanup(db.Close)
	db.PasswordCost = bcrypt.MinCost
	return db
}

// LoadBundledPlans imports every bundled plan file into db.
func LoadBundledPlans(t testing.TB, db *postgres.DB) {
	t.Helper()
	names, err := fs.Glob(plans.FS, "*.yaml")
	if err != nil || len(names) == 0 {
		t.Fatalf("testdb: no bundled plans: %v", err)
	}
	for _, name := range names {
		f, err := plans.FS.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		pf, err := planfile.Read(name, f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ImportPlan(context.Background(), pf, "test"); err != nil {
			t.Fatalf("testdb: import %s: %v", name, err)
		}
	}
}

// PublishDirectly turns review off for every plan in db, for tests about
// entering figures rather than reviewing them.
func PublishDirectly(t testing.TB, db *postgres.DB) {
	t.Helper()
	if _, err := db.Pool.Exec(context.Background(), `UPDATE plans SET requires_review = false`); err != nil {
		t.Fatal(err)
	}
}
