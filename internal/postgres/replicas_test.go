package postgres_test

import (
	"context"
	"fmt"
	"io/fs"
	"sync"
	"testing"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/postgres"
	"github.com/goalpost-civic/goalpost/internal/testdb"
	"github.com/goalpost-civic/goalpost/migrations"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
)

// TestTwoReplicasMigrateOnce: two `serve` processes started together on
// one database both migrate it, and both succeed; every migration is
// applied exactly once (one of them applies what is missing, the other
// finds nothing to do), and the schema is the one a single migration
// makes. Both on a fresh database and on one an older Goalpost migrated
// (a rolling upgrade of every replica at once).
func TestTwoReplicasMigrateOnce(t *testing.T) {
	t.Parallel()
	want := schema(t, testdb.New(t).Owner)
	var numbered []int64
	names, err := fs.Glob(migrations.FS, "*.sql")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		if n, err := goose.NumericComponent(name); err == nil {
			numbered = append(numbered, n)
		}
	}
	for _, from := range []int64{0, numbered[len(numbered)/2]} {
		t.Run(fmt.Sprintf("from %d", from), func(t *testing.T) {
			t.Parallel()
			migrateTogether(t, from, numbered, want)
		})
	}
}

func migrateTogether(t *testing.T, from int64, numbered []int64, want []string) {
	ctx := context.Background()
	d := testdb.Empty(t)
	pending := 0
	for _, n := range numbered {
		if n > from {
			pending++
		}
	}
	if from > 0 {
		cfg, err := pgx.ParseConfig(d.Owner)
		if err != nil {
			t.Fatal(err)
		}
		sqldb := stdlib.OpenDB(*cfg)
		p, err := goose.NewProvider(goose.DialectPostgres, sqldb, migrations.FS)
		if err == nil {
			_, err = p.UpTo(ctx, from)
		}
		sqldb.Close()
		if err != nil {
			t.Fatalf("migrations up to %d: %v", from, err)
		}
	}

	const replicas = 2
	var (
		wg      sync.WaitGroup
		start   = make(chan struct{})
		results [replicas]postgres.Migration
		errs    [replicas]error
	)
	for i := range replicas {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			results[i], errs[i] = postgres.Migrate(ctx, d.Owner, postgres.MigrateOptions{ServingRole: testdb.ServingRole})
		}()
	}
	close(start)
	wg.Wait()

	applied := 0
	for i := range replicas {
		if errs[i] != nil {
			t.Errorf("replica %d: %v", i+1, errs[i])
		}
		applied += results[i].Applied
	}
	if applied != pending {
		t.Errorf("the two replicas applied %d and %d migrations; want %d in all, each once", results[0].Applied, results[1].Applied, pending)
	}

	conn, err := pgx.Connect(ctx, d.Owner)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `
		SELECT version_id, count(*) FROM goose_db_version WHERE version_id > 0
		GROUP BY version_id HAVING count(*) > 1 ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	twice, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		t.Fatal(err)
	}
	if len(twice) > 0 {
		t.Errorf("migrations recorded more than once: %v", twice)
	}
	var versions int
	if err := conn.QueryRow(ctx, `SELECT count(DISTINCT version_id) FROM goose_db_version WHERE version_id > 0`).Scan(&versions); err != nil {
		t.Fatal(err)
	}
	if versions != len(numbered) {
		t.Errorf("%d migrations recorded, want %d", versions, len(numbered))
	}
	if diff := lineDiff(schema(t, d.Owner), want); diff != "" {
		t.Errorf("after two replicas migrated at once the schema differs from a single migration's:\n%s", diff)
	}
}

// TestBulletinPublishedOnceFromTwoReplicas: the same bulletin published on
// two replicas at once (a double click that the load balancer sent to
// both) is one version, not two identical ones; publishing it again after
// a change is the next version.
func TestBulletinPublishedOnceFromTwoReplicas(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := testdb.New(t)
	first := testdb.OpenURL(t, d.Serving)
	testdb.LoadBundledPlans(t, first)
	admin, err := first.CreateUser(ctx, "admin@dalian.gov.cn", "管理员", goalpost.UserAdmin, "correct horse battery", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	replicas := []*postgres.DB{first, testdb.OpenURL(t, d.Serving)}
	publish := func(db *postgres.DB, content any) (int, error) {
		return db.PublishReport(ctx, admin, "dalian-2023-livelihood", "2024-12", content, func([]byte) string { return "changed" })
	}
	report := map[string]any{"period": "2024-12", "counts": map[string]int{"on_track": 3}}
	var (
		wg       sync.WaitGroup
		start    = make(chan struct{})
		versions [2]int
		errs     [2]error
	)
	for i, db := range replicas {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			versions[i], errs[i] = publish(db, report)
		}()
	}
	close(start)
	wg.Wait()
	if errs[0] != nil || errs[1] != nil || versions != [2]int{1, 1} {
		t.Errorf("published at once on two replicas: versions %v, errors %v; want version 1 for both", versions, errs)
	}
	if v, err := publish(first, map[string]any{"period": "2024-12", "counts": map[string]int{"on_track": 2}}); err != nil || v != 2 {
		t.Errorf("after a change: version %d, %v; want 2", v, err)
	}
	var rows, audited int
	if err := first.Pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM reports), (SELECT count(*) FROM audit_log WHERE entity = 'report')`).Scan(&rows, &audited); err != nil {
		t.Fatal(err)
	}
	if rows != 2 || audited != 2 {
		t.Errorf("%d versions stored, %d publications audited; want 2 and 2", rows, audited)
	}
}
