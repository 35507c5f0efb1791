package web

import (
	"net/http"
)

// readingCookie remembers the large-text, high-contrast mode (适老化).
const readingCookie = "reading"

// readingSet switches the large-text, high-contrast mode on or off and goes
// back to the page the visitor came from. It is a plain link, so it works
// without JavaScript; the choice is a preference kept in a cookie, like the
// language, and changes nothing on the server.
func (s *Server) readingSet(w http.ResponseWriter, r *http.Request) {
	c := &http.Cookie{Name: readingCookie, Value: "large", Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure}
	if r.URL.Query().Get("size") != "large" {
		c.Value, c.MaxAge = "", -1
	}
	http.SetCookie(w, c)
	http.Redirect(w, r, safeNext(r.URL.Query().Get("back")), http.StatusSeeOther)
}

// largeText reports whether the visitor chose the large-text mode.
func largeText(r *http.Request) bool {
	c, err := r.Cookie(readingCookie)
	return err == nil && c.Value == "large"
}
