// Package i18n is Goalpost's message catalogue. The interface is Chinese
// first; every user-visible string is looked up here so that English (and
// later languages) follow by adding a column, not by editing templates.
package i18n

import (
	"fmt"
	"net/http"
	"strconv"
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
	if l, ok := fromQuery(r); ok {
		return l
	}
	if c, err := r.Cookie("lang"); err == nil {
		if l, ok := parse(c.Value); ok {
			return l
		}
	}
	return Chinese
}

// fromQuery is the language ?lang= names; most requests have no query to
// parse (every read of a kept page asks).
func fromQuery(r *http.Request) (Lang, bool) {
	if r.URL.RawQuery == "" {
		return "", false
	}
	return parse(r.URL.Query().Get("lang"))
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

// FromAPIRequest picks the language of an API response: ?lang= first, then
// the Accept-Language header (programs and their users say which language
// they read there), then the lang cookie, then Chinese.
func FromAPIRequest(r *http.Request) Lang {
	if l, ok := fromQuery(r); ok {
		return l
	}
	if l, ok := fromAcceptLanguage(r.Header.Get("Accept-Language")); ok {
		return l
	}
	return FromRequest(r)
}

// fromAcceptLanguage returns the supported language the header prefers
// most ("en-GB;q=0.8, zh;q=0.5" is English); false when it names none.
func fromAcceptLanguage(h string) (Lang, bool) {
	best, bestQ := Lang(""), 0.0
	for _, part := range strings.Split(h, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				continue
			}
			q = f
		}
		primary, _, _ := strings.Cut(strings.ToLower(tag), "-")
		l, ok := parse(primary)
		if ok && q > bestQ {
			best, bestQ = l, q
		}
	}
	return best, best != ""
}

// Msg is a sentence not yet put into a language: a catalogue key and its
// arguments, so that code far from any request (the domain's rules, the
// number parser) can say something that each reader gets in their own
// language. An argument that is itself a Msg is translated too.
type Msg struct {
	Key  string
	Args []any
}

// M is the sentence key with args.
func M(key string, args ...any) Msg { return Msg{Key: key, Args: args} }

// String is the sentence in Chinese, the language of logs and defaults.
func (m Msg) String() string { return Chinese.Text(m) }

// Text is m in l.
func (l Lang) Text(m Msg) string {
	if len(m.Args) == 0 {
		return l.T(m.Key)
	}
	args := make([]any, len(m.Args))
	for i, a := range m.Args {
		if n, ok := a.(Msg); ok {
			a = l.Text(n)
		}
		args[i] = a
	}
	return l.T(m.Key, args...)
}

// Pattern is the unformatted sentence key in l, for callers that place
// each argument themselves (a page marking quoted Chinese in an English
// sentence).
func (l Lang) Pattern(key string) string {
	m, ok := catalogue[key]
	switch {
	case !ok:
		return key
	case l == English && m[1] != "":
		return m[1]
	}
	return m[0]
}

// Has reports whether key is in the catalogue (for tests).
func Has(key string) bool { _, ok := catalogue[key]; return ok }
