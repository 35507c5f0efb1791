package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/i18n"
	"github.com/goalpost-civic/goalpost/internal/planfile"
)

// The command line speaks the catalogue's language the environment asks
// for, domain errors included, and keeps the context it added to them.
func TestCommandLineLanguage(t *testing.T) {
	t.Parallel()
	for env, want := range map[string]i18n.Lang{
		"":                                  i18n.Chinese,
		"LANG=C.UTF-8":                      i18n.Chinese,
		"LANG=en_GB.UTF-8":                  i18n.English,
		"LANG=zh_CN.UTF-8":                  i18n.Chinese,
		"LC_ALL=en_US.UTF-8 LANG=zh_CN":     i18n.English,
		"GOALPOST_LANG=zh LC_ALL=en_US":     i18n.Chinese,
		"GOALPOST_LANG=en LANG=zh_CN.UTF-8": i18n.English,
	} {
		vars := map[string]string{}
		for _, kv := range strings.Fields(env) {
			k, v, _ := strings.Cut(kv, "=")
			vars[k] = v
		}
		if got := langFromEnv(func(name string) string { return vars[name] }); got != want {
			t.Errorf("%q: %s, want %s", env, got, want)
		}
	}
	err := fmt.Errorf("plans/x.yaml: %w", goalpost.E(goalpost.EINVALID, "err.password_short", 10))
	if got := errorText(err, i18n.English); got != "plans/x.yaml: The password must have at least 10 characters" {
		t.Errorf("English: %q", got)
	}
	if got := errorText(err, i18n.Chinese); got != "plans/x.yaml: 密码至少 10 个字符" {
		t.Errorf("Chinese: %q", got)
	}
	if got := errorText(fmt.Errorf("listen: %w", fmt.Errorf("refused")), i18n.English); got != "listen: refused" {
		t.Errorf("other error: %q", got)
	}
}

// `goalpost import` names a plan file's problems, line by line, in the
// language the environment asks for.
func TestImportProblemsInTheCommandLineLanguage(t *testing.T) {
	t.Parallel()
	_, err := planfile.Read("bad.yaml", strings.NewReader("slug: x\ncolour: red\n"))
	if err == nil {
		t.Fatal("accepted")
	}
	if got := errorText(err, i18n.English); !strings.Contains(got, "bad.yaml: the file is invalid; nothing was imported:\n  Line 2: unknown field colour") {
		t.Errorf("English: %q", got)
	}
	if got := errorText(err, i18n.Chinese); !strings.Contains(got, "bad.yaml：文件无效，未导入任何内容：\n  第 2 行：未知的字段 colour") {
		t.Errorf("Chinese: %q", got)
	}
}

// goalpost extract refuses in the command line's language.
func TestExtractRefusesInTheCommandLineLanguage(t *testing.T) {
	empty := filepath.Join(t.TempDir(), "empty.txt")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	defer func(l i18n.Lang) { lang = l }(lang)
	for _, tc := range []struct {
		l    i18n.Lang
		want string
	}{{i18n.English, "The file is empty"}, {i18n.Chinese, "文件是空的"}} {
		lang = tc.l
		if _, err := extractFile(empty); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.l, err, tc.want)
		}
	}
}
