package web

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/i18n"
	"github.com/goalpost-civic/goalpost/templates"
)

// The Atom feeds (RFC 4287) of a plan and of a department: newly published
// figures and bulletins, nothing else. encoding/xml escapes every text.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  atomPerson  `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomEntry struct {
	ID        string   `xml:"id"`
	Title     string   `xml:"title"`
	Updated   string   `xml:"updated"`
	Published string   `xml:"published"`
	Link      atomLink `xml:"link"`
	Summary   string   `xml:"summary,omitempty"`
}

// baseURL is the address of this site as the request reached it, for the
// absolute links feeds and link previews need.
func (s *Server) baseURL(r *http.Request) string {
	scheme := "http"
	if s.secure || r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// planFeed is /plans/{slug}/feed.atom.
func (s *Server) planFeed(w http.ResponseWriter, r *http.Request) {
	plan, err := s.store.Plan(r.Context(), chi.URLParam(r, "slug"))
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	pageShows(r, plan.ID)
	lang := i18n.FromRequest(r)
	s.writeFeed(w, r, goalpost.FeedFilter{PlanSlug: plan.Slug, PlanID: plan.ID}, lang.T("feed.title", plan.ShortTitle), "/plans/"+plan.Slug)
}

// departmentFeed is /departments/{slug}/feed.atom.
func (s *Server) departmentFeed(w http.ResponseWriter, r *http.Request) {
	d, err := s.store.Department(r.Context(), chi.URLParam(r, "slug"))
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	lang := i18n.FromRequest(r)
	s.writeFeed(w, r, goalpost.FeedFilter{DepartmentID: d.ID}, lang.T("feed.title", d.Name), "/departments/"+d.Slug)
}

func (s *Server) writeFeed(w http.ResponseWriter, r *http.Request, f goalpost.FeedFilter, title, page string) {
	items, err := s.store.FeedItems(r.Context(), f)
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	p := templates.Page{Lang: i18n.FromRequest(r)}
	base := s.baseURL(r)
	stamp := func(t time.Time) string { return t.UTC().Format(time.RFC3339) }
	feed := atomFeed{
		Lang: p.Lang.HTML(), ID: base + r.URL.Path, Title: title + " · " + p.T("site.name"),
		Author: atomPerson{Name: p.T("site.name")},
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: base + selfPath(r.URL)},
			{Rel: "alternate", Type: "text/html", Href: base + page},
		},
		// With nothing published yet, a fixed time: the feed has not changed.
		Updated: stamp(time.Unix(0, 0)),
	}
	if len(items) > 0 {
		feed.Updated = stamp(items[0].Published)
	}
	for _, it := range items {
		e := atomEntry{Updated: stamp(it.Published), Published: stamp(it.Published)}
		switch {
		case it.Figure != nil:
			fig, t := it.Figure, it.Target
			href := base + "/targets/" + strconv.FormatInt(t.ID, 10)
			e.ID, e.Link = href+"#figure-"+strconv.FormatInt(fig.ID, 10), atomLink{Rel: "alternate", Type: "text/html", Href: href}
			period := fig.Period.Label
			if fig.District != "" {
				period += "（" + fig.District + "）"
			}
			e.Title = p.T("feed.figure", t.Title, period, p.FigureValue(t, *fig))
			var summary []string
			if fig.Revision > 1 {
				e.Title = p.T("feed.correction", e.Title)
				summary = append(summary, p.T("feed.reason", fig.Reason))
			}
			if fig.Note != "" {
				summary = append(summary, fig.Note)
			}
			if fig.Sample {
				summary = append(summary, p.T("data.sample_tag"))
			}
			summary = append(summary, t.PlanTitle)
			e.Summary = strings.Join(summary, " · ")
		case it.Bulletin != nil:
			b := it.Bulletin
			href := fmt.Sprintf("%s/reports/%s/%s?version=%d", base, b.PlanSlug, b.Period, b.Version)
			e.ID, e.Link = href, atomLink{Rel: "alternate", Type: "text/html", Href: href}
			e.Title = p.T("feed.bulletin", b.PlanTitle, b.Period, b.Version)
			e.Summary = b.Changes
		}
		feed.Entries = append(feed.Entries, e)
	}
	out, err := xml.MarshalIndent(feed, "", "  ")
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, _ = w.Write([]byte(xml.Header))
	_, _ = w.Write(out)
}
