package web

import (
	"net/http"
	"regexp"

	"github.com/goalpost-civic/goalpost/templates"
)

// embedPath is the one route other sites may frame.
var embedPath = regexp.MustCompile(`^/targets/[0-9]+/embed$`)

// embeddable reports whether the page at path may be put in another
// site's iframe: only a target's card.
func embeddable(path string) bool { return embedPath.MatchString(path) }

// targetEmbed is /targets/{id}/embed: the target as a card for other sites.
func (s *Server) targetEmbed(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	t, err := s.store.Target(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	pageShows(r, t.PlanID)
	p := s.page(w, r, t.Title)
	s.render(w, r, http.StatusOK, templates.EmbedCard(p, t))
}

// favicon answers /favicon.ico, which browsers and feed readers ask for
// whatever the page names, with the PNG icon.
func favicon(w http.ResponseWriter, r *http.Request) {
	b, err := static.ReadFile("static/favicon.png")
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	_, _ = w.Write(b)
}
