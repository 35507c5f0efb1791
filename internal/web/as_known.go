package web

import (
	"net/http"
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/i18n"
)

// asKnown reads ?as_known=: a moment (2025-01-10T00:00:00+08:00) or a date
// (2025-01-10, read as the end of that day in Goalpost's zone). Pages and
// the API then show what the public saw at that moment, before later
// corrections; zero means now. A future moment is refused: there is
// nothing to show yet.
func (s *Server) asKnown(r *http.Request) (time.Time, error) {
	v := r.URL.Query().Get("as_known")
	if v == "" {
		return time.Time{}, nil
	}
	lang := i18n.FromRequest(r)
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		d, derr := time.ParseInLocation("2006-01-02", v, goalpost.Zone())
		if derr != nil {
			return time.Time{}, goalpost.Errorf(goalpost.EINVALID, "%s", lang.T("data.as_known_bad", v))
		}
		t = d.AddDate(0, 0, 1).Add(-time.Nanosecond)
	}
	if t.After(s.now()) {
		return time.Time{}, goalpost.Errorf(goalpost.EINVALID, "%s", lang.T("data.as_known_future", v))
	}
	return t, nil
}
