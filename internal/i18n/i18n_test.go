package i18n

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

func TestCatalogueHasBothLanguages(t *testing.T) {
	t.Parallel()
	for key, m := range catalogue {
		if m[0] == "" || m[1] == "" {
			t.Errorf("%s: zh %q en %q", key, m[0], m[1])
		}
	}
}

// TestEveryKeyUsedExists reads the templates and handlers for T("key") calls,
// so a typo shows up here rather than as a raw key on a page.
func TestEveryKeyUsedExists(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("../../templates/*.templ")
	more, _ := filepath.Glob("../../templates/*.go")
	web, _ := filepath.Glob("../web/*.go")
	files = append(append(files, more...), web...)
	call := regexp.MustCompile(`\bT\("([a-z_.0-9]+)"[,)]`) // whole keys only, not prefixes such as "status." + s
	used := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range call.FindAllStringSubmatch(string(src), -1) {
			used++
			if !Has(m[1]) {
				t.Errorf("%s uses unknown key %q", f, m[1])
			}
		}
	}
	if used < 50 {
		t.Errorf("found only %d T(...) calls: the scan is broken", used)
	}
}

func TestFromRequest(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		url, cookie string
		want        Lang
	}{
		{"/", "", Chinese},
		{"/?lang=en", "", English},
		{"/", "en", English},
		{"/?lang=zh", "en", Chinese},
		{"/?lang=fr", "", Chinese},
	} {
		r := httptest.NewRequest("GET", tc.url, nil)
		if tc.cookie != "" {
			r.Header.Set("Cookie", "lang="+tc.cookie)
		}
		if got := FromRequest(r); got != tc.want {
			t.Errorf("%s cookie %q: %s, want %s", tc.url, tc.cookie, got, tc.want)
		}
	}
	if got := English.T("home.coverage", 3, 1); got != "1 of 3 targets have figures" {
		t.Errorf("formatted message = %q", got)
	}
	if got := Chinese.T("no.such.key"); got != "no.such.key" {
		t.Errorf("missing key shows %q", got)
	}
}

func TestAPILanguage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		url, accept, cookie string
		want                Lang
	}{
		{"/api/v1/targets", "", "", Chinese},
		{"/api/v1/targets?lang=en", "", "", English},
		{"/api/v1/targets", "en", "", English},
		{"/api/v1/targets", "en-GB,en;q=0.9", "", English},
		{"/api/v1/targets", "zh-CN,zh;q=0.9,en;q=0.8", "", Chinese},
		{"/api/v1/targets", "fr, en;q=0.5, zh;q=0.3", "", English},
		{"/api/v1/targets?lang=zh", "en", "", Chinese},
		{"/api/v1/targets", "fr", "en", English},
		{"/api/v1/targets", "en;q=bad", "", Chinese},
	} {
		r := httptest.NewRequest("GET", tc.url, nil)
		if tc.accept != "" {
			r.Header.Set("Accept-Language", tc.accept)
		}
		if tc.cookie != "" {
			r.Header.Set("Cookie", "lang="+tc.cookie)
		}
		if got := FromAPIRequest(r); got != tc.want {
			t.Errorf("%s Accept-Language %q cookie %q: %s, want %s", tc.url, tc.accept, tc.cookie, got, tc.want)
		}
	}
	if got := English.Text(M("home.coverage", 3, 1)); got != "1 of 3 targets have figures" {
		t.Errorf("a message = %q", got)
	}
}
