// Package testdb gives each test its own real, migrated PostgreSQL database,
// cloned from a template by pgtestdb (about 20 ms a clone). The server is
// GOALPOST_TEST_DATABASE_URL's, or else a private cluster that the first test
// binary starts in the system temp directory and later ones reuse.
//
// As in production, tests use the database through the restricted serving
// role (ServingRole), which the template grants exactly what Goalpost grants
// (internal/postgres/roles.go), so a missing privilege fails the suite. The
// tables belong to pgtestdb's own role, the owner.
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
	"github.com/jackc/pgx/v5/pgxpool"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver pgtestdb uses
	"github.com/peterldowns/pgtestdb"
	"golang.org/x/crypto/bcrypt"
)

var (
	once      sync.Once
	config    pgtestdb.Config
	superuser pgtestdb.Config
	initErr   error
)

// ServingRole is the cluster-wide login role tests serve through; every
// test database grants it the serving privileges. Its password only matters
// on a GOALPOST_TEST_DATABASE_URL server that asks for one.
const (
	ServingRole     = "goalpost_test_app"
	servingPassword = "goalpost-test-app"
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
		superuser = config
		initErr = ensureServingRole(cfg)
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
	h.Write([]byte(postgres.ServingPrivileges()))
	return hex.EncodeToString(h.Sum(nil)), err
}

func (migrator) Migrate(ctx context.Context, db *sql.DB, _ pgtestdb.Config) error {
	_, err := postgres.MigrateDB(ctx, db, postgres.MigrateOptions{ServingRole: ServingRole})
	return err
}

// ensureServingRole creates ServingRole unless a test binary already did;
// binaries starting together may race, and the loser finds it created.
func ensureServingRole(cfg *pgx.ConnConfig) error {
	ctx := context.Background()
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, `DO $$ BEGIN
		CREATE ROLE `+ServingRole+` LOGIN PASSWORD '`+servingPassword+`' NOSUPERUSER NOCREATEDB NOCREATEROLE;
	EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
	END $$`)
	return err
}

// Database is a new migrated database, as each role connects to it.
type Database struct {
	// Serving is the restricted role's connection string: what Goalpost serves through.
	Serving string
	// Owner signs in as the role that owns the tables and migrated them.
	Owner string
	// Superuser signs in as the server's superuser (for what only a
	// superuser may do, such as creating roles).
	Superuser string
}

// New creates a new migrated database for t.
func New(t testing.TB) Database {
	t.Helper()
	return create(t, migrator{})
}

// Empty creates a new database for t with nothing in it, for tests of
// migrating itself.
func Empty(t testing.TB) Database {
	t.Helper()
	return create(t, pgtestdb.NoopMigrator{})
}

func create(t testing.TB, m pgtestdb.Migrator) Database {
	t.Helper()
	cfg, err := serverConfig()
	if err != nil {
		t.Fatalf("testdb: no PostgreSQL for tests: %v", err)
	}
	owner := *pgtestdb.Custom(t, cfg, m)
	serving, super := owner, superuser
	serving.User, serving.Password = ServingRole, servingPassword
	super.Database = owner.Database
	return Database{Serving: serving.URL(), Owner: owner.URL(), Superuser: super.URL()}
}

// URL returns the serving role's connection string of a new migrated database for t.
func URL(t testing.TB) string {
	t.Helper()
	return New(t).Serving
}

// Open returns a storage handle on a new migrated database for t,
// connected as the serving role.
func Open(t testing.TB) *postgres.DB {
	t.Helper()
	return OpenURL(t, URL(t))
}

// OpenURL returns a storage handle on url, closed when t ends.
func OpenURL(t testing.TB, url string) *postgres.DB {
	t.Helper()
	db, err := postgres.Open(context.Background(), url)
	if err != nil {
		t.Fatalf("testdb: open: %v", err)
	}
	t.Cleanup(db.Close)
	db.PasswordCost = bcrypt.MinCost
	return db
}

// AsOwner returns a handle on db's database signed in as the owner of its
// tables, for what a test's setup needs and the serving role may not do
// (ageing rows, ANALYZE). It is closed when t ends.
func AsOwner(t testing.TB, db *postgres.DB) *postgres.DB {
	t.Helper()
	cfg := db.Pool.Config().Copy()
	cfg.ConnConfig.User, cfg.ConnConfig.Password = pgtestdb.DefaultRoleUsername, pgtestdb.DefaultRolePassword
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatalf("testdb: open as owner: %v", err)
	}
	t.Cleanup(pool.Close)
	return &postgres.DB{Pool: pool, Now: db.Now, PasswordCost: db.PasswordCost}
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

// DropRole removes a role a test created on the shared test server, and
// what it owns there.
func DropRole(t testing.TB, superuserURL, role string) {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, superuserURL)
	if err != nil {
		t.Log(err)
		return
	}
	defer conn.Close(ctx)
	r := pgx.Identifier{role}.Sanitize()
	if _, err := conn.Exec(ctx, `DROP OWNED BY `+r+`; DROP ROLE `+r); err != nil {
		t.Logf("drop role %s: %v", role, err)
	}
}
