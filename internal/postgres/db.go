// Package postgres stores Goalpost's plans, targets, figures and accounts in
// PostgreSQL through pgx. pgx types stay inside this package: callers see
// only the domain types of package goalpost.
package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
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
func Open(ctx context.Context, url string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres: parse database url: %w", err)
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = defaultConnectTimeout
	}
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

// Migrate applies the embedded migrations under a PostgreSQL advisory lock,
// so two replicas starting together do not race.
func Migrate(ctx context.Context, url string) (applied int, err error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return 0, fmt.Errorf("postgres: parse database url: %w", err)
	}
	sqldb := stdlib.OpenDB(*cfg)
	defer sqldb.Close()
	return migrateSQL(ctx, sqldb)
}

func migrateSQL(ctx context.Context, sqldb *sql.DB) (int, error) {
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

// MigrateDB is Migrate for an already open database/sql handle (pgtestdb uses it).
func MigrateDB(ctx context.Context, sqldb *sql.DB) error {
	_, err := migrateSQL(ctx, sqldb)
	return err
}

// inTx runs fn in a transaction, committing if it returns nil. Every write
// goes through it, so nothing is ever half-written.
func (db *DB) inTx(ctx context.Context, fn func(pgx.Tx) error) error {
	return pgx.BeginFunc(ctx, db.Pool, fn)
}

// today is the date in the clock's time zone at midnight UTC, matching how
// dates are stored.
func (db *DB) today() time.Time {
	n := db.Now()
	return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)
}

func isUniqueViolation(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

func notFound(what string, id any) error {
	return goalpost.Errorf(goalpost.ENOTFOUND, "%s %v 不存在", what, id)
}
