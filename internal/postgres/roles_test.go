package postgres_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/goalpost-civic/goalpost/internal/postgres"
	"github.com/goalpost-civic/goalpost/internal/testdb"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// refused runs sql in a transaction it rolls back and returns the error.
func refused(t *testing.T, db *postgres.DB, sql string) error {
	t.Helper()
	ctx := context.Background()
	tx, err := db.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	_, err = tx.Exec(ctx, sql)
	return err
}

func count(t *testing.T, db *postgres.DB, table string) int {
	t.Helper()
	var n int
	if err := db.Pool.QueryRow(context.Background(), `SELECT count(*) FROM `+pgx.Identifier{table}.Sanitize()).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestServingRoleCannotRewriteTheRecord: whoever takes over the connection
// the application serves through can neither truncate, nor switch triggers
// off, nor update or delete figures, reviews, overrides, bulletins,
// attachments or the audit trail.
func TestServingRoleCannotRewriteTheRecord(t *testing.T) {
	t.Parallel()
	db, _, _ := pm25Reported(t)
	figures, audit := count(t, db, "figures"), count(t, db, "audit_log")
	for _, sql := range []string{
		`TRUNCATE audit_log`,
		`TRUNCATE figures CASCADE`,
		`SET session_replication_role = replica`,
		`ALTER TABLE figures DISABLE TRIGGER ALL`,
		`ALTER TABLE figures DISABLE TRIGGER figures_append_only`,
		`DROP TRIGGER figures_append_only ON figures`,
		`UPDATE figures SET value = 1`,
		`DELETE FROM figures`,
		`DELETE FROM audit_log`,
		`UPDATE audit_log SET actor = 'nobody'`,
		`DELETE FROM figure_reviews`,
		`DELETE FROM status_overrides`,
		`DELETE FROM reports`,
		`DELETE FROM attachments`,
		`UPDATE target_summaries SET total = 100`,
		`CREATE OR REPLACE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$`,
		`SELECT * FROM goalpost_private.serving_role`,
		`CREATE TABLE mine (x int)`,
		`SET ROLE postgres`,
	} {
		err := refused(t, db, sql)
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || pe.Code != "42501" { // insufficient_privilege
			t.Errorf("as the serving role, %s: %v, want permission denied", sql, err)
		}
	}
	if got := count(t, db, "figures"); got != figures {
		t.Errorf("figures: %d rows, had %d", got, figures)
	}
	if got := count(t, db, "audit_log"); got != audit {
		t.Errorf("audit_log: %d rows, had %d", got, audit)
	}
}

// TestOwnerCannotTruncateAppendOnlyTables: even the owner's TRUNCATE, which
// fires no row triggers, is refused by the database.
func TestOwnerCannotTruncateAppendOnlyTables(t *testing.T) {
	t.Parallel()
	owner := testdb.AsOwner(t, testdb.Open(t))
	for _, table := range []string{"figures", "figure_reviews", "attachments", "reports", "status_overrides", "audit_log"} {
		err := refused(t, owner, `TRUNCATE `+table+` CASCADE`)
		if err == nil || !strings.Contains(err.Error(), "is append-only: TRUNCATE refused") {
			t.Errorf("as the owner, TRUNCATE %s: %v, want refused by trigger", table, err)
		}
	}
}

// TestEveryAppendOnlyTableRefusesTruncate: a table whose rows refuse UPDATE
// and DELETE refuses TRUNCATE too, including tables added later.
func TestEveryAppendOnlyTableRefusesTruncate(t *testing.T) {
	t.Parallel()
	db := testdb.OpenURL(t, testdb.New(t).Owner)
	rows, err := db.Pool.Query(context.Background(), `
		SELECT c.relname FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
		WHERE g.tgfoid = 'refuse_change'::regproc AND g.tgtype & 1 = 1 -- row level
		AND NOT EXISTS (SELECT 1 FROM pg_trigger x WHERE x.tgrelid = g.tgrelid
			AND x.tgfoid = 'refuse_change'::regproc AND x.tgtype & 32 = 32) -- truncate`)
	if err != nil {
		t.Fatal(err)
	}
	missing, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	if len(missing) > 0 {
		t.Errorf("append-only tables without a BEFORE TRUNCATE trigger: %v", missing)
	}
}

// TestServingRoleIsChecked: Goalpost refuses to serve through a superuser
// or through the owner of the tables.
func TestServingRoleIsChecked(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := testdb.New(t)
	for _, c := range []struct {
		name, url, want string
	}{
		{"serving role", d.Serving, ""},
		{"owner", d.Owner, "owns the database"},
		{"superuser", d.Superuser, "is a superuser"},
	} {
		err := testdb.OpenURL(t, c.url).CheckServing(ctx)
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}

// TestMigrateCreatesTheServingRole: given a superuser's connection, Migrate
// creates a login role that owns nothing, once; a second run (another
// replica) finds the same password.
func TestMigrateCreatesTheServingRole(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := testdb.New(t)
	first, err := postgres.Migrate(ctx, d.Superuser, postgres.MigrateOptions{CreateServingRole: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { testdb.DropRole(t, d.Superuser, first.ServingRole) }) // after db.Close
	if !first.RoleCreated || first.Password == "" || !strings.HasSuffix(first.ServingRole, "_app") {
		t.Fatalf("first migrate: %+v", first)
	}
	again, err := postgres.Migrate(ctx, d.Superuser, postgres.MigrateOptions{CreateServingRole: true})
	if err != nil {
		t.Fatal(err)
	}
	if again.RoleCreated || again.Password != first.Password || again.ServingRole != first.ServingRole {
		t.Errorf("second migrate changed the role: %+v, first %+v", again, first)
	}
	db, err := postgres.OpenAs(ctx, d.Superuser, first.ServingRole, first.Password)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.CheckServing(ctx); err != nil {
		t.Error(err)
	}
	if err := refused(t, db, `TRUNCATE audit_log`); err == nil {
		t.Error("the created role truncated the audit trail")
	}
	if _, err := db.Pool.Exec(ctx, `INSERT INTO login_attempts (email, address, ok) VALUES ('a@b.c', '127.0.0.1', false)`); err != nil {
		t.Errorf("the created role cannot do its work: %v", err)
	}
}
