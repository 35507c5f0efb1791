package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestSharedLinksPreview: every public page names its icon, and carries
// the Open Graph metadata a chat app or social site reads to preview a
// shared link: title, description, absolute address and image.
func TestSharedLinksPreview(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	c := h.client()
	k := h.target("overall-inclusive-kindergarten-coverage")
	pages := map[string][]string{
		"/":                                 {"Goalpost"},
		"/plans/dalian-2023-livelihood":     {"大连市进一步保障和改善民生实施意见", "109"},
		fmt.Sprintf("/targets/%d", k.ID):    {"普惠性幼儿园覆盖率", "≥ 90%", "无数据"},
		"/departments/education":            {"市教育局"},
		"/search?q=" + "%E5%B9%BC%E5%84%BF": {"搜索"},
	}
	for path, want := range pages {
		_, doc := c.get(path)
		meta := func(attr, name string) string {
			return doc.Find(`head meta[`+attr+`="`+name+`"]`).AttrOr("content", "")
		}
		if icon := doc.Find(`head link[rel="icon"]`).AttrOr("href", ""); icon != "/static/favicon.svg" {
			t.Errorf("%s: icon %q", path, icon)
		}
		title, desc := meta("property", "og:title"), meta("property", "og:description")
		all := title + " " + desc
		for _, w := range want {
			if !strings.Contains(all, w) {
				t.Errorf("%s: preview %q lacks %q", path, all, w)
			}
		}
		if desc == "" || meta("name", "description") != desc {
			t.Errorf("%s: description %q / %q", path, desc, meta("name", "description"))
		}
		if u := meta("property", "og:url"); u != h.srv.URL+path {
			t.Errorf("%s: og:url %q", path, u)
		}
		if meta("property", "og:site_name") == "" || meta("property", "og:type") == "" || meta("property", "og:locale") != "zh_CN" ||
			meta("name", "twitter:card") == "" {
			t.Errorf("%s: incomplete Open Graph metadata", path)
		}
		img := meta("property", "og:image")
		if !strings.HasPrefix(img, h.srv.URL+"/") {
			t.Errorf("%s: og:image %q is not absolute", path, img)
			continue
		}
		resp, err := http.Get(img)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/png" {
			t.Errorf("%s: og:image answers %d %s", path, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}
	_, doc := c.get("/?lang=en")
	if l := doc.Find(`head meta[property="og:locale"]`).AttrOr("content", ""); l != "en_US" {
		t.Errorf("English og:locale %q", l)
	}
	for _, path := range []string{"/static/favicon.svg", "/favicon.ico"} {
		resp, err := http.Get(h.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "image/") {
			t.Errorf("%s: %d %s", path, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}
}
