package postgres_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/postgres"
	"github.com/goalpost-civic/goalpost/internal/testdb"
)

// The limit holds however many attempts arrive at once, for an account and
// for an address.
func TestLoginAttemptsAreCountedAtomically(t *testing.T) {
	t.Parallel()
	db := testdb.Open(t)
	ctx := context.Background()
	race := func(n int, email func(i int) string, address string) (allowed int) {
		var wg sync.WaitGroup
		var mu sync.Mutex
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := db.LoginAttempt(ctx, email(i), address)
				mu.Lock()
				defer mu.Unlock()
				switch goalpost.ErrorCode(err) {
				case "":
					allowed++
				case goalpost.ETOOMANY:
				default:
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		return allowed
	}
	if got := race(25, func(int) string { return "env@dalian.gov.cn" }, "10.0.0.1"); got != postgres.MaxFailuresPerEmail {
		t.Errorf("one account, 25 at once: %d allowed, want %d", got, postgres.MaxFailuresPerEmail)
	}
	if got := race(60, func(i int) string { return fmt.Sprintf("user%d@dalian.gov.cn", i) }, "10.0.0.2"); got != postgres.MaxFailuresPerAddress {
		t.Errorf("one address, 60 at once: %d allowed, want %d", got, postgres.MaxFailuresPerAddress)
	}
}

// A right password waiting for its code neither counts nor clears; a
// completed sign-in clears the account's failures.
func TestLoginOutcomes(t *testing.T) {
	t.Parallel()
	db := testdb.Open(t)
	ctx := context.Background()
	const email, address = "env@dalian.gov.cn", "10.0.0.3"
	attempt := func() error { return db.LoginAttempt(ctx, email, address) }
	for range 4 {
		if err := attempt(); err != nil {
			t.Fatal(err)
		}
	}
	for range 3 { // the password right three times, the code never given
		if err := attempt(); err != nil {
			t.Fatal(err)
		}
		if err := db.LoginPasswordOK(ctx, email, address); err != nil {
			t.Fatal(err)
		}
	}
	if err := attempt(); err != nil { // the 5th failure
		t.Fatalf("5th: %v", err)
	}
	if err := attempt(); goalpost.ErrorCode(err) != goalpost.ETOOMANY {
		t.Fatalf("6th: %v, want too many", err)
	}
	if err := db.LoginSucceeded(ctx, email, address); err != nil {
		t.Fatal(err)
	}
	if err := attempt(); err != nil {
		t.Errorf("after a completed sign-in: %v", err)
	}
	if err := db.LoginAttempt(ctx, "a\x00@x", address); goalpost.ErrorCode(err) != goalpost.EINVALID {
		t.Errorf("NUL in the email: %v, want invalid", err)
	}
}

// A one-time code's step is accepted once, and never an older one.
func TestTOTPStepIsUsedOnce(t *testing.T) {
	t.Parallel()
	db := testdb.Open(t)
	ctx := context.Background()
	u, err := db.CreateUser(ctx, "admin@dalian.gov.cn", "管理员", goalpost.UserAdmin, "correct horse battery", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetTOTPSecret(ctx, u, "JBSWY3DPEHPK3PXP"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		step int64
		want bool
	}{{100, true}, {100, false}, {99, false}, {101, true}} {
		if got, err := db.UseTOTPStep(ctx, u.ID, tc.step); err != nil || got != tc.want {
			t.Errorf("step %d: %v %v, want %v", tc.step, got, err, tc.want)
		}
	}
	// Concurrent uses of one step: exactly one wins.
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := 0
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, err := db.UseTOTPStep(ctx, u.ID, 200)
			if err != nil {
				t.Error(err)
			}
			if ok {
				mu.Lock()
				wins++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if wins != 1 {
		t.Errorf("one step used %d times at once", wins)
	}
}
