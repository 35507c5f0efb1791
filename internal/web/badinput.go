package web

import (
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/i18n"
)

// validText reports whether PostgreSQL can store s as text: it refuses NUL
// bytes and bytes that are not UTF-8 (SQLSTATE 22021), which would
// otherwise surface as a 500 deep inside a query.
func validText(s string) bool {
	return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0
}

// badTextError is the answer to a request carrying such bytes.
func badTextError(r *http.Request) error {
	return goalpost.Errorf(goalpost.EINVALID, "%s", i18n.FromRequest(r).T("error.bad_text"))
}

// refuseBadText answers 400 to a request whose path, query or form values
// (file names included) hold a NUL byte or invalid UTF-8, before any
// handler passes them to the database. JSON bodies are checked where they
// are decoded (apiFigureCreate, apiDecide); uploaded files where they are read.
func (s *Server) refuseBadText(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if requestTextValid(r) {
			next.ServeHTTP(w, r)
			return
		}
		if strings.HasPrefix(r.URL.Path, "/api/") {
			s.apiError(w, r, badTextError(r))
			return
		}
		s.renderError(w, r, badTextError(r), http.StatusBadRequest)
	})
}

func requestTextValid(r *http.Request) bool {
	if !validText(r.URL.Path) || !valuesValid(r.URL.Query()) {
		return false
	}
	// The API's bodies are JSON; everything else is a form, already parsed by
	// the CSRF check (parsing again is a no-op).
	if strings.HasPrefix(r.URL.Path, "/api/") || (r.Method != http.MethodPost && r.Method != http.MethodPut && r.Method != http.MethodPatch) {
		return true
	}
	_ = r.ParseMultipartForm(32 << 20)
	if !valuesValid(r.PostForm) {
		return false
	}
	if m := r.MultipartForm; m != nil {
		if !valuesValid(m.Value) {
			return false
		}
		for _, files := range m.File {
			for _, f := range files {
				if !validText(f.Filename) {
					return false
				}
			}
		}
	}
	return true
}

func valuesValid(vs map[string][]string) bool {
	for k, list := range vs {
		if !validText(k) {
			return false
		}
		for _, v := range list {
			if !validText(v) {
				return false
			}
		}
	}
	return true
}

// queryID reads an optional id from the query: ids are bigint, so anything
// that is not a positive int64 matches nothing and reads as 0 (no filter).
func queryID(r *http.Request, name string) int64 {
	id, err := strconv.ParseInt(r.URL.Query().Get(name), 10, 64)
	if err != nil || id <= 0 {
		return 0
	}
	return id
}
