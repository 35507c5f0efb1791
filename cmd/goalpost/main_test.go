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
)

// These tests run the real program, as an administrator would, against a
// fresh database named by DATABASE_URL (so they cannot run in parallel).

func TestServeLoadsBundledPlansIntoEmptyDatabase(t *testing.T) {
	t.Setenv("DATABASE_URL", testdb.URL(t))
	ctx, cancel := context.WithCancel(context.Background())
	out, w := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0"}, strings.NewReader(""), w, io.Discard)
	}()

	var base string
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		if _, url, ok := strings.Cut(lines.Text(), "serving on "); ok {
			base = url
			break
		}
	}
	go func() { _, _ = io.Copy(io.Discard, out) }()
	if base == "" {
		t.Fatalf("server did not start: %v", <-done)
	}
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
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v after shutdown", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not shut down")
	}
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
	if !strings.Contains(stdout.String(), "新增 111") {
		t.Errorf("first import said %q", stdout.String())
	}
	stdout.Reset()
	if err := run(ctx, []string{"import", "../../plans/dalian-2023-livelihood.yaml"}, nil, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout.String(), "新增 0，更新 0，未变 111，删除 0") {
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
	if !strings.Contains(stdout.String(), "created editor a@dalian.gov.cn") {
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
	if !strings.Contains(out.String(), "disabled a@dalian.gov.cn") {
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
