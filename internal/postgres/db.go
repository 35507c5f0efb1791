// Package postgres stores Goalpost's plans, targets, figures and accounts in
// PostgreSQL through pgx. pgx types stay inside this package: callers see
// only the domain types of package goalpost.
package postgres

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/i18n"
	"github.com/goalpost-civic/goalpost/migrations"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// DB is the storage. Its methods are safe for concurrent use.
type DB struct {
	Pool *pgxpool.Pool
	// Now is the clock, replaceable in tests so statuses are reproducible.
	Now func() time.Time
	// PasswordCost overrides bcrypt's work factor; tests lower it, since
	// the slowness that protects passwords only slows a test suite down.
	PasswordCost int
}

// defaultConnectTimeout bounds each connection attempt unless the URL sets
// connect_timeout: without it a database host that drops packets would hold
// every request for the operating system's TCP timeout, minutes.
const defaultConnectTimeout = 5 * time.Second

// Open connects to url and checks that the database answers.
func Open(ctx context.Context, url string) (*DB, error) { return OpenAs(ctx, url, "", "") }

// OpenAs is Open signing in as user with password instead of url's own
// (none if user is empty): the serving role on the owner's server.
func OpenAs(ctx context.Context, url, user, password string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres: parse database url: %w", err)
	}
	if user != "" {
		cfg.ConnConfig.User, cfg.ConnConfig.Password = user, password
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = defaultConnectTimeout
	}
	Configure(cfg)
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	// Pool creation does not connect; ping so a wrong URL fails at start-up.
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: ping: %w", err)
	}
	return &DB{Pool: pool, Now: time.Now}, nil
}

// plannerSettings are set on every connection Goalpost opens, unless its
// URL sets them. A page reads a few rows by key from tables that sit in
// memory; PostgreSQL's default cost of reading a page at random (4, a
// spinning disk's) makes such lookups look dearer than reading a small
// table whole, so beside a thousand plans it hashed every plan's tasks and
// every department for each target of the Dalian page (8.6 ms against 3.2
// on a database of the bundled plans); at 1.1, the usual value for data in
// memory or on SSD, it looks them up (2.6 ms). JIT compilation pays off
// for queries that run for seconds, not for pages of milliseconds: a
// misestimated join once made the 3,000-target plan's query spend 30 ms of
// 85 compiling. Issue 10, BENCHMARKS.md.
var plannerSettings = map[string]string{"random_page_cost": "1.1", "jit": "off"}

// Configure applies Goalpost's connection settings to cfg: Open does it,
// and tests that build their own pool should.
func Configure(cfg *pgxpool.Config) {
	for k, v := range plannerSettings {
		if _, set := cfg.ConnConfig.RuntimeParams[k]; !set {
			cfg.ConnConfig.RuntimeParams[k] = v
		}
	}
}

// Close releases every connection.
func (db *DB) Close() { db.Pool.Close() }

// Ping reports whether the database answers and accepts writes, for
// /healthz: ErrReadOnly if it answers but a transaction would be read-only
// (a standby, or default_transaction_read_only on), which is what a write
// would run into, without writing anything.
func (db *DB) Ping(ctx context.Context) error {
	var readOnly string
	if err := db.Pool.QueryRow(ctx, "SELECT current_setting('transaction_read_only')").Scan(&readOnly); err != nil {
		return fmt.Errorf("postgres: ping: %w", err)
	}
	if readOnly == "on" {
		return ErrReadOnly
	}
	return nil
}

// MigrateOptions says which role Migrate prepares for serving.
type MigrateOptions struct {
	// ServingRole is granted the serving privileges (roles.go); none if
	// empty and CreateServingRole is false.
	ServingRole string
	// CreateServingRole creates the serving role as a login role with a
	// generated password if it does not exist yet (the owner's role needs
	// CREATEROLE). With ServingRole empty, the role is AutoServingRole's.
	CreateServingRole bool
}

// Migration is what Migrate did.
type Migration struct {
	Applied int // numbered migrations applied now
	// ServingRole is the role granted the serving privileges, if any;
	// Password its password when Migrate manages it (CreateServingRole),
	// and RoleCreated whether it was created (or given a password) now.
	ServingRole, Password string
	RoleCreated           bool
}

// migrateLock is the advisory lock held while migrating, defining and
// granting, so that two replicas starting together take turns. ("goalpost"
// in ASCII; goose's own lock, taken inside it, has another key.)
const migrateLock int64 = 0x676f616c706f7374

// Migrate applies the embedded migrations, then the definitions
// (migrations/definitions.sql) when they changed, then grants the serving
// role its privileges, all under a PostgreSQL advisory lock. url must sign
// in as the owner of the tables (or a superuser).
func Migrate(ctx context.Context, url string, opt MigrateOptions) (Migration, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return Migration{}, fmt.Errorf("postgres: parse database url: %w", err)
	}
	sqldb := stdlib.OpenDB(*cfg)
	defer sqldb.Close()
	return MigrateDB(ctx, sqldb, opt)
}

// MigrateDB is Migrate for an already open database/sql handle (pgtestdb uses it).
func MigrateDB(ctx context.Context, sqldb *sql.DB, opt MigrateOptions) (Migration, error) {
	var m Migration
	conn, err := sqldb.Conn(ctx)
	if err != nil {
		return m, fmt.Errorf("postgres: migrate: %w", err)
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		pc := dc.(*stdlib.Conn).Conn()
		if _, err := pc.Exec(ctx, `SELECT pg_advisory_lock($1)`, migrateLock); err != nil {
			return fmt.Errorf("postgres: migration lock: %w", err)
		}
		defer func() {
			if _, err := pc.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, migrateLock); err != nil {
				// A session lock must not go back to the pool: drop the connection.
				_ = pc.Close(context.WithoutCancel(ctx))
			}
		}()
		applied, err := gooseUp(ctx, sqldb)
		if err != nil {
			return err
		}
		m.Applied = applied
		if err := pgx.BeginFunc(ctx, pc, func(tx pgx.Tx) error { return define(ctx, tx, applied > 0) }); err != nil {
			return err
		}
		return pgx.BeginFunc(ctx, pc, func(tx pgx.Tx) error {
			m.ServingRole = opt.ServingRole
			if opt.CreateServingRole {
				if m.ServingRole == "" {
					var dbname string
					if err := tx.QueryRow(ctx, `SELECT current_database()`).Scan(&dbname); err != nil {
						return err
					}
					m.ServingRole = AutoServingRole(dbname)
				}
				password, created, err := ensureServingRole(ctx, tx, m.ServingRole)
				if err != nil {
					return err
				}
				m.Password, m.RoleCreated = password, created
			}
			if m.ServingRole == "" {
				return nil
			}
			return grantServing(ctx, tx, m.ServingRole)
		})
	})
	return m, err
}

func gooseUp(ctx context.Context, sqldb *sql.DB) (int, error) {
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		return 0, fmt.Errorf("postgres: migration lock: %w", err)
	}
	p, err := goose.NewProvider(goose.DialectPostgres, sqldb, migrations.FS, goose.WithSessionLocker(locker))
	if err != nil {
		return 0, fmt.Errorf("postgres: migrations: %w", err)
	}
	results, err := p.Up(ctx)
	if err != nil {
		return 0, fmt.Errorf("postgres: migrate: %w", err)
	}
	return len(results), nil
}

// define applies migrations/definitions.sql if its text changed since it
// was last applied, or if force (a migration was applied, which may have
// changed what the summaries are made of), and then recomputes every
// target's summary.
func define(ctx context.Context, tx pgx.Tx, force bool) error {
	sum := sha256.Sum256([]byte(migrations.Definitions))
	hash := hex.EncodeToString(sum[:])
	var have string
	err := tx.QueryRow(ctx, `SELECT hash FROM goalpost_private.definitions`).Scan(&have)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("postgres: definitions: %w", err)
	}
	if have == hash && !force {
		return nil
	}
	if _, err := tx.Exec(ctx, migrations.Definitions); err != nil {
		return fmt.Errorf("postgres: apply definitions.sql: %w", err)
	}
	if _, err := tx.Exec(ctx, `SELECT upsert_target_summaries(ARRAY(SELECT id FROM targets))`); err != nil {
		return fmt.Errorf("postgres: recompute summaries: %w", err)
	}
	if _, err := tx.Exec(ctx, `
		INSERT INTO goalpost_private.definitions (hash) VALUES ($1)
		ON CONFLICT (one) DO UPDATE SET hash = EXCLUDED.hash, applied_at = now()`, hash); err != nil {
		return fmt.Errorf("postgres: definitions: %w", err)
	}
	return nil
}

// SchemaVersion is the newest migration this binary has.
func SchemaVersion() (int64, error) {
	srcs, err := fs.Glob(migrations.FS, "*.sql")
	if err != nil {
		return 0, err
	}
	var v int64
	for _, s := range srcs {
		n, err := goose.NumericComponent(s)
		if err == nil && n > v {
			v = n
		}
	}
	return v, nil
}

// CheckMigrated refuses a database that lacks some of this binary's
// migrations, for a serving role that cannot migrate it.
func (db *DB) CheckMigrated(ctx context.Context) error {
	want, err := SchemaVersion()
	if err != nil {
		return err
	}
	var have int64
	err = db.Pool.QueryRow(ctx, `SELECT coalesce(max(version_id), 0) FROM goose_db_version`).Scan(&have)
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "42P01" { // undefined_table: never migrated
		err = nil
	}
	if err != nil {
		return fmt.Errorf("postgres: schema version: %w", err)
	}
	if have < want {
		return fmt.Errorf("the database is at migration %d, this Goalpost needs %d: run `goalpost migrate` with GOALPOST_MIGRATE_URL set to the owner's connection (README, Database roles)", have, want)
	}
	return nil
}

// inTx runs fn in a transaction, committing if it returns nil. Every write
// goes through it, so nothing is ever half-written.
func (db *DB) inTx(ctx context.Context, fn func(pgx.Tx) error) error {
	return pgx.BeginFunc(ctx, db.Pool, fn)
}

// today is the date in Goalpost's zone, as pages reckon it too.
func (db *DB) today() time.Time { return goalpost.Today(db.Now()) }

func isUniqueViolation(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

// notFound says that the thing named by the catalogue's noun key (e.g.
// "noun.target") with id does not exist.
func notFound(noun string, id any) error {
	return goalpost.E(goalpost.ENOTFOUND, "err.not_found", i18n.M(noun), fmt.Sprint(id))
}
