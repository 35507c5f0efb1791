package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/goalpost-civic/goalpost/internal/postgres"
	"github.com/goalpost-civic/goalpost/internal/testdb"
	"github.com/jackc/pgx/v5"
)

// These tests run the real program, as an administrator would, against a
// fresh database named by DATABASE_URL (so they cannot run in parallel).

// startServe runs `goalpost serve` until the test ends and returns its
// address and what it printed before serving.
func startServe(t *testing.T) (base string, log []string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out, w := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := run(ctx, []string{"serve", "--addr", "127.0.0.1:0"}, strings.NewReader(""), w, io.Discard)
		w.Close()
		done <- err
	}()
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		log = append(log, lines.Text())
		if _, url, ok := strings.Cut(lines.Text(), "serving on "); ok {
			base = url
			break
		}
	}
	go func() { _, _ = io.Copy(io.Discard, out) }()
	if base == "" {
		cancel()
		t.Fatalf("server did not start: %v\n%s", <-done, strings.Join(log, "\n"))
	}
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve returned %v after shutdown", err)
			}
		case <-time.After(20 * time.Second):
			t.Fatal("serve did not shut down")
		}
	})
	return base, log
}

func TestServeLoadsBundledPlansIntoEmptyDatabase(t *testing.T) {
	t.Setenv("DATABASE_URL", testdb.URL(t))
	base, _ := startServe(t)
	for path, want := range map[string]int{"/healthz": 200, "/plans/dalian-2023-livelihood": 200, "/plans/dalian-2023-community": 200, "/targets/x": 404} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("%s: %d, want %d", path, resp.StatusCode, want)
		}
	}
}

// TestServeCreatesItsRoleFromASuperuserURL: given only a superuser's
// DATABASE_URL (a developer's own database, docker compose), serve migrates
// as it but serves through a restricted role it creates, and says so.
func TestServeCreatesItsRoleFromASuperuserURL(t *testing.T) {
	d := testdb.New(t)
	t.Setenv("DATABASE_URL", d.Superuser)
	var role string
	t.Cleanup(func() { testdb.DropRole(t, d.Superuser, role) }) // after serve stops
	base, log := startServe(t)
	role = servingRoleIn(t, log)
	if !strings.Contains(strings.Join(log, "\n"), "which Goalpost created") {
		t.Errorf("serve did not say it created %s: %q", role, log)
	}
	if resp, err := http.Get(base + "/plans/dalian-2023-livelihood"); err != nil || resp.StatusCode != 200 {
		t.Fatalf("plan page: %v %v", resp, err)
	}

	// The sessions the application holds sign in as that role, which cannot
	// rewrite the record.
	conn, err := pgx.Connect(context.Background(), d.Superuser)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var super, owns bool
	if err := conn.QueryRow(context.Background(), `
		SELECT rolsuper, EXISTS (SELECT 1 FROM pg_class WHERE relowner = r.oid)
		FROM pg_roles r WHERE rolname = $1`, role).Scan(&super, &owns); err != nil {
		t.Fatal(err)
	}
	var sessions int
	if err := conn.QueryRow(context.Background(), `
		SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND usename = $1`, role).Scan(&sessions); err != nil {
		t.Fatal(err)
	}
	if super || owns || sessions == 0 {
		t.Errorf("role %s: superuser %v, owns tables %v, %d sessions serving", role, super, owns, sessions)
	}

	// A second replica starting on the same database reuses the role.
	_, log2 := startServe(t)
	if got := servingRoleIn(t, log2); got != role || !strings.Contains(strings.Join(log2, "\n"), "which Goalpost found") {
		t.Errorf("second start: %q", log2)
	}
}

// TestServeWithTwoURLs: a city's own PostgreSQL, where the owner migrates
// (GOALPOST_MIGRATE_URL) and a role created by hand serves (DATABASE_URL).
func TestServeWithTwoURLs(t *testing.T) {
	d := testdb.New(t)
	t.Setenv("GOALPOST_MIGRATE_URL", d.Owner)
	t.Setenv("DATABASE_URL", d.Serving)
	base, _ := startServe(t)
	if resp, err := http.Get(base + "/healthz"); err != nil || resp.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", resp, err)
	}
}

// TestServeRefusesToServeAsTheOwner: an owner that cannot create the
// serving role, or named as both, is refused with what to do.
func TestServeRefusesToServeAsTheOwner(t *testing.T) {
	d := testdb.New(t)
	ctx := context.Background()
	t.Setenv("DATABASE_URL", d.Owner)
	err := run(ctx, []string{"serve", "--addr", "127.0.0.1:0"}, nil, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "GOALPOST_MIGRATE_URL and DATABASE_URL") {
		t.Errorf("owner without CREATEROLE: %v", err)
	}
	t.Setenv("GOALPOST_MIGRATE_URL", d.Owner)
	err = run(ctx, []string{"serve", "--addr", "127.0.0.1:0"}, nil, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "serve through a role that owns nothing") {
		t.Errorf("owner as both: %v", err)
	}
	t.Setenv("DATABASE_URL", "")
	err = run(ctx, []string{"migrate"}, nil, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "DATABASE_URL is not") {
		t.Errorf("GOALPOST_MIGRATE_URL alone: %v", err)
	}
}

// servingRoleIn finds the role serve said it serves through.
func servingRoleIn(t *testing.T, log []string) string {
	t.Helper()
	for _, l := range log {
		if _, rest, ok := strings.Cut(l, "restricted role "); ok {
			role, _, _ := strings.Cut(rest, ",")
			return role
		}
	}
	t.Fatalf("serve did not say which role it serves through: %q", log)
	return ""
}

func TestImportCommand(t *testing.T) {
	t.Setenv("DATABASE_URL", testdb.URL(t))
	ctx := context.Background()
	var stdout, stderr bytes.Buffer
	err := run(ctx, []string{"import", "../../internal/postgres/testdata/invalid.yaml"}, nil, &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "第 14 行") || !strings.Contains(err.Error(), "未导入任何内容") {
		t.Fatalf("invalid file: %v", err)
	}
	if err := run(ctx, []string{"import", "../../plans/dalian-2023-livelihood.yaml"}, nil, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout.String(), "新增 109") {
		t.Errorf("first import said %q", stdout.String())
	}
	stdout.Reset()
	if err := run(ctx, []string{"import", "../../plans/dalian-2023-livelihood.yaml"}, nil, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout.String(), "新增 0，更新 0，未变 109，删除 0") {
		t.Errorf("second import said %q", stdout.String())
	}
}

func TestUserCreateCommand(t *testing.T) {
	t.Setenv("DATABASE_URL", testdb.URL(t))
	ctx := context.Background()
	var stdout bytes.Buffer
	if err := run(ctx, []string{"import", "../../plans/dalian-2023-livelihood.yaml"}, nil, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	create := func(password string, args ...string) error {
		return run(ctx, append([]string{"user", "create"}, args...), strings.NewReader(password+"\n"), &stdout, io.Discard)
	}
	if err := create("short", "--email", "a@dalian.gov.cn", "--name", "张三", "--role", "editor", "--department", "hrss"); err == nil || !strings.Contains(err.Error(), "密码至少") {
		t.Errorf("short password: %v", err)
	}
	if err := create("correct horse battery", "--email", "a@dalian.gov.cn", "--name", "张三", "--role", "editor", "--department", "nope"); err == nil || !strings.Contains(err.Error(), "单位“nope”不存在") {
		t.Errorf("unknown department: %v", err)
	}
	if err := create("correct horse battery", "--email", "a@dalian.gov.cn", "--name", "张三", "--role", "chief"); err == nil {
		t.Error("unknown role accepted")
	}
	if err := create("correct horse battery", "--email", "A@Dalian.gov.cn", "--name", "张三", "--role", "editor", "--department", "hrss", "--department", "civil-affairs"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout.String(), "已创建单位成员 a@dalian.gov.cn") {
		t.Errorf("said %q", stdout.String())
	}
	if err := create("correct horse battery", "--email", "a@dalian.gov.cn", "--name", "李四", "--role", "admin"); err == nil || !strings.Contains(err.Error(), "已有账号") {
		t.Errorf("duplicate email: %v", err)
	}

	var token bytes.Buffer
	if err := run(ctx, []string{"token", "create", "--email", "a@dalian.gov.cn", "--name", "统计系统"}, nil, &token, io.Discard); err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(token.String()); !strings.HasPrefix(got, "gp_") || len(got) < 40 || strings.Contains(got, "\n") {
		t.Errorf("token printed as %q", got)
	}
	if err := run(ctx, []string{"token", "create", "--email", "nobody@dalian.gov.cn"}, nil, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "没有邮箱为") {
		t.Errorf("token for unknown account: %v", err)
	}
}

func TestUserDisableCommand(t *testing.T) {
	url := testdb.URL(t)
	t.Setenv("DATABASE_URL", url)
	ctx := context.Background()
	if err := run(ctx, []string{"user", "create", "--email", "a@dalian.gov.cn", "--name", "张三", "--role", "admin"},
		strings.NewReader("correct horse battery\n"), io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	// A password past bcrypt's 72 bytes is refused with the rule, not a crash.
	err := run(ctx, []string{"user", "create", "--email", "b@dalian.gov.cn", "--name", "李四", "--role", "admin"},
		strings.NewReader(strings.Repeat("密", 26)+"\n"), io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "最长 72 字节") {
		t.Errorf("78-byte password: %v", err)
	}
	var token bytes.Buffer
	if err := run(ctx, []string{"token", "create", "--email", "a@dalian.gov.cn"}, nil, &token, io.Discard); err != nil {
		t.Fatal(err)
	}
	db, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var out bytes.Buffer
	if err := run(ctx, []string{"user", "disable", "--email", "A@dalian.gov.cn"}, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "已停用 a@dalian.gov.cn") {
		t.Errorf("disable said %q", out.String())
	}
	if _, err := db.Authenticate(ctx, "a@dalian.gov.cn", "correct horse battery"); err == nil || !strings.Contains(err.Error(), "已停用") {
		t.Errorf("sign-in of a disabled account: %v", err)
	}
	if _, err := db.UserByToken(ctx, strings.TrimSpace(token.String())); err == nil {
		t.Error("the disabled account's token still works")
	}
	if err := run(ctx, []string{"user", "enable", "--email", "a@dalian.gov.cn"}, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Authenticate(ctx, "a@dalian.gov.cn", "correct horse battery"); err != nil {
		t.Errorf("sign-in after enabling: %v", err)
	}
	if err := run(ctx, []string{"user", "disable", "--email", "nobody@dalian.gov.cn"}, nil, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "没有邮箱为") {
		t.Errorf("unknown account: %v", err)
	}
}
