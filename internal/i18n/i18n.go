// Package i18n is Goalpost's message catalogue. The interface is Chinese
// first; every user-visible string is looked up here so that English (and
// later languages) follow by adding a column, not by editing templates.
package i18n

import (
	"fmt"
	"net/http"
	"strings"
)

// Lang is a supported interface language.
type Lang string

// Supported languages; Chinese is the default.
const (
	Chinese Lang = "zh"
	English Lang = "en"
)

// FromRequest picks the language: ?lang= first, then the lang cookie, then
// Chinese. (Accept-Language is ignored on purpose: the audience is Chinese
// and the site must read the same for everyone sharing a link.)
func FromRequest(r *http.Request) Lang {
	if l, ok := parse(r.URL.Query().Get("lang")); ok {
		return l
	}
	if c, err := r.Cookie("lang"); err == nil {
		if l, ok := parse(c.Value); ok {
			return l
		}
	}
	return Chinese
}

func parse(s string) (Lang, bool) {
	switch strings.ToLower(s) {
	case "zh", "zh-cn":
		return Chinese, true
	case "en":
		return English, true
	}
	return "", false
}

// HTML is the value of the lang attribute of pages in l.
func (l Lang) HTML() string {
	if l == English {
		return "en"
	}
	return "zh-CN"
}

// T returns the message key in l, formatted with args. A missing key shows
// itself, so a gap is visible rather than silently blank.
func (l Lang) T(key string, args ...any) string {
	m, ok := catalogue[key]
	if !ok {
		return key
	}
	s := m[0]
	if l == English && m[1] != "" {
		s = m[1]
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Has reports whether key is in the catalogue (for tests).
func Has(key string) bool { _, ok := catalogue[key]; return ok }
