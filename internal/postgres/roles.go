package postgres

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
)

// Goalpost serves through a role that owns nothing and is not a superuser,
// so that whoever takes over the application (or its connection) cannot
// rewrite the record: the owner migrates, the serving role reads and
// appends. What the serving role may do is decided here and nowhere else;
// Migrate grants it on every run, so tables added later are covered.
//
// The serving role may
//   - read every table of schema public (nothing in goalpost_private),
//   - insert into every table but readOnlyTables,
//   - update and delete rows only of mutableTables,
//   - use the sequences and execute the functions.
//
// Everything else, figures, their reviews, attachments, status overrides,
// bulletins and the audit trail above all, is append-only for it. Owning
// nothing, it can neither truncate, nor disable triggers, nor alter tables;
// not being a superuser, it cannot set session_replication_role.

// mutableTables are the tables whose rows the application updates or
// deletes: sessions and their throttle, drafts and uploads waiting for
// confirmation, accounts, settings, reminders' claims, and the plans'
// structure (imports and administrators' edits). Every UPDATE, DELETE,
// upsert and SELECT … FOR UPDATE the code issues is on one of these.
var mutableTables = []string{
	"sessions",         // scs pgxstore: upsert, delete, expiry sweep
	"login_attempts",   // attempts older than a day swept
	"figure_drafts",    // saved over, deleted on submit
	"ledger_uploads",   // marked applied, expired ones swept
	"users",            // password, TOTP secret, session epoch
	"user_departments", // an account's departments replaced
	"api_tokens",       // last use, revocation
	"settings",         // thresholds, required TOTP
	"reminders",        // a claimed digest marked sent or failed
	"departments",      // renamed (import, admin)
	"plans",            // import, review setting, locked while publishing
	"sections",         // import
	"tasks",            // import
	"task_departments", // import
	"targets",          // import, schedule, administrator's baseline
	"plan_drafts",      // edited while reviewed, marked published or discarded
}

// readOnlyTables the serving role only reads: goose's bookkeeping, and the
// summaries, which the summary triggers write as the owner (definitions.sql).
var readOnlyTables = []string{"goose_db_version", "target_summaries"}

// ServingPrivileges describes the grants, so that something built on them
// (the test suite's template database) can tell when they change.
func ServingPrivileges() string {
	return "update,delete:" + strings.Join(mutableTables, ",") + ";select:" + strings.Join(readOnlyTables, ",")
}

// grantServing gives role exactly the serving privileges on every table
// there is now, revoking anything else it had on them. It is idempotent.
func grantServing(ctx context.Context, tx pgx.Tx, role string) error {
	var exists, super, ownerish bool
	err := tx.QueryRow(ctx, `
		SELECT true, rolsuper, pg_has_role(rolname, current_user, 'MEMBER')
		FROM pg_roles WHERE rolname = $1`, role).Scan(&exists, &super, &ownerish)
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("postgres: the serving role %q does not exist: create it first (README, Database roles)", role)
	}
	if err != nil {
		return fmt.Errorf("postgres: serving role %q: %w", role, err)
	}
	if super || ownerish {
		return fmt.Errorf("postgres: DATABASE_URL's role %q is a superuser or the owner GOALPOST_MIGRATE_URL connects as: serve through a role that owns nothing (README, Database roles)", role)
	}
	rows, err := tx.Query(ctx, `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)
	if err != nil {
		return fmt.Errorf("postgres: list tables: %w", err)
	}
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return fmt.Errorf("postgres: list tables: %w", err)
	}
	for _, t := range mutableTables {
		if !slices.Contains(tables, t) {
			return fmt.Errorf("postgres: mutable table %q does not exist (internal/postgres/roles.go)", t)
		}
	}
	r := pgx.Identifier{role}.Sanitize()
	stmts := []string{
		"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM " + r,
		"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM " + r,
		"REVOKE ALL ON SCHEMA goalpost_private FROM " + r,
		"GRANT USAGE ON SCHEMA public TO " + r,
		"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO " + r,
		"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO " + r,
	}
	for _, t := range tables {
		privs := "SELECT"
		if !slices.Contains(readOnlyTables, t) {
			privs += ", INSERT"
		}
		if slices.Contains(mutableTables, t) {
			privs += ", UPDATE, DELETE"
		}
		stmts = append(stmts, "GRANT "+privs+" ON TABLE "+pgx.Identifier{"public", t}.Sanitize()+" TO "+r)
	}
	for _, s := range stmts {
		if _, err := tx.Exec(ctx, s); err != nil {
			return fmt.Errorf("postgres: grant the serving role: %s: %w", s, err)
		}
	}
	return nil
}

// AutoServingRole is the name of the role Goalpost creates for serving a
// database when it is given only the owner's connection: goalpost_app for
// the database goalpost. One role per database, so that several Goalpost
// databases on one server never share (and reset) each other's password.
func AutoServingRole(database string) string {
	name := database + "_app"
	if len(name) <= 63 { // PostgreSQL's NAMEDATALEN - 1
		return name
	}
	sum := sha256.Sum256([]byte(database))
	prefix := []rune(database)
	for len(string(prefix)) > 45 {
		prefix = prefix[:len(prefix)-1]
	}
	return string(prefix) + "_" + hex.EncodeToString(sum[:4]) + "_app"
}

// ensureServingRole makes sure the login role name exists and returns its
// password. The password is generated once and kept in goalpost_private,
// which only the owner can read, so that replicas starting together (under
// the migration lock) all find the same one. created reports whether the
// role was created, or given a new password, now.
func ensureServingRole(ctx context.Context, tx pgx.Tx, name string) (password string, created bool, err error) {
	err = tx.QueryRow(ctx, `SELECT password FROM goalpost_private.serving_role WHERE name = $1`, name).Scan(&password)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return "", false, fmt.Errorf("postgres: serving role password: %w", err)
	}
	var exists bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)`, name).Scan(&exists); err != nil {
		return "", false, fmt.Errorf("postgres: serving role: %w", err)
	}
	if exists && password != "" {
		return password, false, nil
	}
	if password == "" {
		b := make([]byte, 24)
		if _, err := rand.Read(b); err != nil {
			return "", false, err
		}
		password = hex.EncodeToString(b)
	}
	// CREATE ROLE takes no parameters; the password is hex, quoted all the same.
	stmt := "CREATE ROLE %s LOGIN PASSWORD '%s' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
	if exists {
		// A role of that name left from an earlier database of the same
		// name (dropped and created again): it is this database's now.
		stmt = "ALTER ROLE %s LOGIN PASSWORD '%s' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
	}
	if _, err := tx.Exec(ctx, fmt.Sprintf(stmt, pgx.Identifier{name}.Sanitize(), strings.ReplaceAll(password, "'", "''"))); err != nil {
		return "", false, fmt.Errorf("postgres: create the serving role %q (the owner's role needs CREATEROLE, or set GOALPOST_MIGRATE_URL and DATABASE_URL: README, Database roles): %w", name, err)
	}
	if _, err := tx.Exec(ctx, `
		INSERT INTO goalpost_private.serving_role (name, password) VALUES ($1, $2)
		ON CONFLICT (name) DO UPDATE SET password = EXCLUDED.password, created_at = now()`, name, password); err != nil {
		return "", false, fmt.Errorf("postgres: keep the serving role's password: %w", err)
	}
	return password, true, nil
}

// RoleFacts is what the database says about the role a connection signs in as.
type RoleFacts struct {
	Name string
	// Superuser, CreateRole: the role's attributes.
	Superuser, CreateRole bool
	// OwnsDatabase: the role owns the database (or is a member of its owner).
	OwnsDatabase bool
	// OwnsObjects: the role owns (or is a member of the owner of) a table,
	// function or schema of Goalpost's.
	OwnsObjects bool
	// SetReplicationRole: the role may SET session_replication_role.
	SetReplicationRole bool
	// CreateInPublic: the role may create objects in schema public.
	CreateInPublic bool
}

// Owner reports whether the role can migrate the database as its owner.
func (f RoleFacts) Owner() bool { return f.Superuser || f.OwnsDatabase || f.OwnsObjects }

// ServingProblems lists why the role is unfit to serve through; none for a
// role that owns nothing and can rewrite nothing.
func (f RoleFacts) ServingProblems() []string {
	var p []string
	if f.Superuser {
		p = append(p, "is a superuser")
	}
	if f.CreateRole {
		p = append(p, "may create roles (CREATEROLE)")
	}
	if f.OwnsDatabase {
		p = append(p, "owns the database")
	}
	if f.OwnsObjects {
		p = append(p, "owns tables, functions or schemas (or is a member of their owner)")
	}
	if f.SetReplicationRole && !f.Superuser {
		p = append(p, "may SET session_replication_role")
	}
	if f.CreateInPublic && !f.Superuser && !f.OwnsDatabase {
		p = append(p, "may create objects in schema public (REVOKE CREATE ON SCHEMA public FROM PUBLIC)")
	}
	return p
}

// roleFacts asks the database about the current role.
func roleFacts(ctx context.Context, q interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}) (RoleFacts, error) {
	var f RoleFacts
	err := q.QueryRow(ctx, `
		SELECT current_user, r.rolsuper, r.rolcreaterole,
			pg_has_role(current_user, d.datdba, 'MEMBER'),
			EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
				WHERE n.nspname IN ('public', 'goalpost_private') AND pg_has_role(current_user, c.relowner, 'MEMBER'))
			OR EXISTS (SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
				WHERE n.nspname = 'public' AND pg_has_role(current_user, p.proowner, 'MEMBER'))
			OR EXISTS (SELECT 1 FROM pg_namespace n
				WHERE n.nspname IN ('public', 'goalpost_private') AND pg_has_role(current_user, n.nspowner, 'MEMBER')),
			has_parameter_privilege('session_replication_role', 'SET'),
			has_schema_privilege('public', 'CREATE')
		FROM pg_roles r, pg_database d
		WHERE r.rolname = current_user AND d.datname = current_database()`).Scan(
		&f.Name, &f.Superuser, &f.CreateRole, &f.OwnsDatabase, &f.OwnsObjects, &f.SetReplicationRole, &f.CreateInPublic)
	if err != nil {
		return f, fmt.Errorf("postgres: inspect the database role: %w", err)
	}
	return f, nil
}

// Role tells what the role db connects as may do.
func (db *DB) Role(ctx context.Context) (RoleFacts, error) { return roleFacts(ctx, db.Pool) }

// InspectRole connects to url and tells what its role may do.
func InspectRole(ctx context.Context, url string) (RoleFacts, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return RoleFacts{}, fmt.Errorf("postgres: parse database url: %w", err)
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return RoleFacts{}, fmt.Errorf("postgres: connect: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	return roleFacts(ctx, conn)
}

// CheckServing refuses a connection whose role could rewrite the record:
// Goalpost serves only through a role that owns nothing and is not a
// superuser.
func (db *DB) CheckServing(ctx context.Context) error {
	f, err := db.Role(ctx)
	if err != nil {
		return err
	}
	if p := f.ServingProblems(); len(p) > 0 {
		return fmt.Errorf("refusing to serve as the database role %q, which %s: Goalpost serves through a role that owns nothing and is not a superuser (README, Database roles)",
			f.Name, strings.Join(p, ", "))
	}
	return nil
}
