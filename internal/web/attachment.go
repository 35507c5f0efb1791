package web

import (
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
)

// attachmentShow serves evidence: to everyone once its figure is published,
// before that only to the target's officials.
func (s *Server) attachmentShow(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	a, err := s.store.Attachment(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	if !a.Published {
		u := currentUser(r)
		t, err := s.store.Target(r.Context(), a.TargetID)
		if err != nil {
			s.renderError(w, r, err, 0)
			return
		}
		if !u.CanSeeUnpublished(&t.Target) {
			// Unpublished evidence does not exist for anyone else.
			s.renderError(w, r, goalpost.Errorf(goalpost.ENOTFOUND, "附件 %d", id), 0)
			return
		}
	}
	disposition := "attachment"
	if strings.HasPrefix(a.ContentType, "image/") || a.ContentType == "application/pdf" {
		disposition = "inline"
	}
	w.Header().Set("Content-Type", a.ContentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(a.Data)))
	w.Header().Set("Content-Disposition", mime.FormatMediaType(disposition, map[string]string{"filename": a.Filename}))
	// Evidence is served from the site's origin: forbid it everything a page could do.
	w.Header().Set("Content-Security-Policy", "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox")
	if a.Published {
		// Published evidence is public and never changes.
		w.Header().Set("Cache-Control", "public, max-age=3600")
	} else {
		// Only the target's officials may see it, and only until it is
		// decided: no cache, shared or the browser's, keeps a copy.
		w.Header().Set("Cache-Control", "no-store")
	}
	_, _ = w.Write(a.Data)
}
