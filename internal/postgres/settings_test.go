package postgres_test

import (
	"context"
	"testing"

	"github.com/goalpost-civic/goalpost/internal/postgres"
	"github.com/goalpost-civic/goalpost/internal/testdb"
)

// TestConnectionSettings: Goalpost's connections price a random page read
// as for data in memory and never JIT-compile (BENCHMARKS.md, issue 10),
// unless the database URL says otherwise.
func TestConnectionSettings(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := testdb.URL(t)
	show := func(db *postgres.DB) (string, string) {
		t.Helper()
		var cost, jit string
		if err := db.Pool.QueryRow(ctx, `SELECT current_setting('random_page_cost'), current_setting('jit')`).Scan(&cost, &jit); err != nil {
			t.Fatal(err)
		}
		return cost, jit
	}
	if cost, jit := show(testdb.OpenURL(t, url)); cost != "1.1" || jit != "off" {
		t.Errorf("random_page_cost %s, jit %s; want 1.1, off", cost, jit)
	}
	if cost, jit := show(testdb.OpenURL(t, url+"&random_page_cost=4")); cost != "4" || jit != "off" {
		t.Errorf("with the URL's own: random_page_cost %s, jit %s; want 4, off", cost, jit)
	}
}
