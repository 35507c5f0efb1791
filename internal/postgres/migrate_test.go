package postgres_test

import (
	"context"
	"embed"
	"io/fs"
	"strings"
	"testing"

	"github.com/goalpost-civic/goalpost/internal/postgres"
	"github.com/goalpost-civic/goalpost/internal/testdb"
	"github.com/goalpost-civic/goalpost/migrations"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
)

// The migrations as they were before issue 7 moved their functions into
// migrations/definitions.sql: what existing databases were migrated with.
//
//go:embed testdata/migrations-before-issue7/*.sql
var beforeIssue7 embed.FS

// TestUpgradedSchemaMatchesFresh: a database migrated by an earlier
// Goalpost, up to any version, and then by this one has exactly the schema
// (tables, functions, triggers, grants) of a database created by this one,
// and its summaries are recomputed with what the new columns need.
func TestUpgradedSchemaMatchesFresh(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	want := schema(t, testdb.New(t).Owner)
	old, err := fs.Sub(beforeIssue7, "testdata/migrations-before-issue7")
	if err != nil {
		t.Fatal(err)
	}
	for _, version := range []int64{13, 17} {
		d := testdb.Empty(t)
		cfg, err := pgx.ParseConfig(d.Owner)
		if err != nil {
			t.Fatal(err)
		}
		sqldb := stdlib.OpenDB(*cfg)
		p, err := goose.NewProvider(goose.DialectPostgres, sqldb, old)
		if err == nil {
			_, err = p.UpTo(ctx, version)
		}
		sqldb.Close()
		if err != nil {
			t.Fatalf("old migrations up to %d: %v", version, err)
		}
		conn, err := pgx.Connect(ctx, d.Owner)
		if err != nil {
			t.Fatal(err)
		}
		var target int64
		err = conn.QueryRow(ctx, `
			WITH p AS (INSERT INTO plans (slug, title, short_title, issuer, period_start, period_end)
				VALUES ('p', 'T', 'T', 'I', '2023-01-01', '2025-12-31') RETURNING id),
			s AS (INSERT INTO sections (plan_id, key, title, position) SELECT id, '一', 'S', 1 FROM p RETURNING id, plan_id)
			INSERT INTO targets (plan_id, key, section_id, title, kind, comparator, target_value, deadline, source_text, position)
			SELECT plan_id, 'pm', id, 'PM2.5', 'level', '<=', 32, '2025-12-31', 'PM2.5', 1 FROM s RETURNING id`).Scan(&target)
		if err == nil {
			_, err = conn.Exec(ctx, `INSERT INTO figures (target_id, period, period_start, period_end, value, revision)
				VALUES ($1, '2024', '2024-01-01', '2024-12-31', 35, 1)`, target)
		}
		conn.Close(ctx)
		if err != nil {
			t.Fatal(err)
		}

		if _, err := postgres.Migrate(ctx, d.Owner, postgres.MigrateOptions{ServingRole: testdb.ServingRole}); err != nil {
			t.Fatalf("from %d: %v", version, err)
		}
		got := schema(t, d.Owner)
		if diff := lineDiff(got, want); diff != "" {
			t.Errorf("migrated up to %d by the old migrations, then by these: schema differs from a fresh one:\n%s", version, diff)
		}
		db := testdb.OpenURL(t, d.Serving)
		var count, regN int
		var years string
		if err := db.Pool.QueryRow(ctx, `SELECT figure_count, reg_n, year_totals::text FROM target_summaries WHERE target_id = $1`, target).
			Scan(&count, &regN, &years); err != nil {
			t.Fatal(err)
		}
		if count != 1 || regN != 1 || years != `{"2024": 35}` {
			t.Errorf("from %d: summary %d figures, reg_n %d, years %s; want 1, 1, {\"2024\": 35}", version, count, regN, years)
		}
	}
}

// schema lists what makes up a database's schema, one line per thing.
func schema(t *testing.T, url string) []string {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `
		SELECT 'function ' || p.proname || ' ' || coalesce(p.proacl::text, '') || ': ' || pg_get_functiondef(p.oid)
		FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname IN ('public', 'goalpost_private')
		UNION ALL
		SELECT 'trigger ' || g.tgname || ': ' || pg_get_triggerdef(g.oid) || ' ' || g.tgenabled::text
		FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname IN ('public', 'goalpost_private') AND NOT g.tgisinternal
		UNION ALL
		SELECT format('column %s.%s.%s #%s %s %s %s', table_schema, table_name, column_name, ordinal_position,
			data_type, is_nullable, coalesce(column_default, ''))
		FROM information_schema.columns WHERE table_schema IN ('public', 'goalpost_private')
		UNION ALL
		SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ': ' || pg_get_constraintdef(oid)
		FROM pg_constraint WHERE connamespace IN ('public'::regnamespace, 'goalpost_private'::regnamespace)
		UNION ALL
		SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname IN ('public', 'goalpost_private')
		UNION ALL
		SELECT 'grants ' || c.oid::regclass || ' ' || coalesce(c.relacl::text, '')
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN ('public', 'goalpost_private')
		UNION ALL
		SELECT 'schema ' || nspname || ' ' || coalesce(nspacl::text, '') FROM pg_namespace WHERE nspname IN ('public', 'goalpost_private')
		ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return lines
}

// lineDiff names the lines only one side has.
func lineDiff(got, want []string) string {
	in := func(xs []string) map[string]bool {
		m := map[string]bool{}
		for _, x := range xs {
			m[x] = true
		}
		return m
	}
	g, w := in(got), in(want)
	var b strings.Builder
	for _, x := range got {
		if !w[x] {
			b.WriteString("+ " + x + "\n")
		}
	}
	for _, x := range want {
		if !g[x] {
			b.WriteString("- " + x + "\n")
		}
	}
	return b.String()
}

// TestMigrationsCannotBeReversed: goose's down refuses, and the database
// stays as it was; a schema is rolled back by restoring a backup.
func TestMigrationsCannotBeReversed(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := testdb.New(t)
	cfg, err := pgx.ParseConfig(d.Owner)
	if err != nil {
		t.Fatal(err)
	}
	sqldb := stdlib.OpenDB(*cfg)
	defer sqldb.Close()
	p, err := goose.NewProvider(goose.DialectPostgres, sqldb, migrations.FS)
	if err != nil {
		t.Fatal(err)
	}
	before, err := p.GetDBVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	latest, err := postgres.SchemaVersion()
	if err != nil || before != latest {
		t.Fatalf("database at %d, latest migration %d (%v)", before, latest, err)
	}
	if _, err := p.Down(ctx); err == nil || !strings.Contains(err.Error(), "cannot be reversed") {
		t.Errorf("down: %v, want refused", err)
	}
	if _, err := p.DownTo(ctx, 0); err == nil {
		t.Error("down to 0 succeeded")
	}
	if after, err := p.GetDBVersion(ctx); err != nil || after != before {
		t.Errorf("after refused downs the database is at %d (%v), was %d", after, err, before)
	}
	sources, err := fs.Glob(migrations.FS, "*.sql")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range sources {
		b, _ := fs.ReadFile(migrations.FS, name)
		if _, err := goose.NumericComponent(name); err == nil && !strings.Contains(string(b), "cannot be reversed") {
			t.Errorf("%s: its Down must refuse, like the others", name)
		}
	}
}
