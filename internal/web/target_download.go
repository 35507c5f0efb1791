package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/templates"
)

// targetFigureColumns are the header of a target's CSV: one row per
// published revision of its figures, latest period first, each with the
// target it belongs to.
var targetFigureColumns = []string{"target_id", "plan", "key", "title", "unit", "period", "period_start", "period_end",
	"district", "value", "reference_value", "revision", "current", "reason", "note", "source_url", "sample", "entered_at"}

// apiTargetCSV is /api/v1/targets/{id}.csv: what the public sees of a
// target's figures, every published revision, as a spreadsheet.
func (s *Server) apiTargetCSV(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	t, err := s.store.Target(r.Context(), id)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	pageShows(r, t.PlanID)
	figures, err := s.store.Figures(r.Context(), id, false)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	v := templates.TargetView{Figures: figures}.WithCurrent()
	cw := startCSV(w, "goalpost-target-"+strconv.FormatInt(id, 10)+".csv", targetFigureColumns)
	for i, f := range figures {
		ref := ""
		if f.ReferenceValue != nil {
			ref = num(*f.ReferenceValue)
		}
		_ = cw.Write([]string{strconv.FormatInt(t.ID, 10), t.PlanSlug, t.Key, t.Title, t.Unit, f.Period.Label,
			f.Period.Start.Format("2006-01-02"), f.Period.End.Format("2006-01-02"), f.District, num(f.Value), ref,
			strconv.Itoa(f.Revision), strconv.FormatBool(v.IsCurrent(i)), f.Reason, f.Note, f.SourceURL,
			strconv.FormatBool(f.Sample), goalpost.InZone(f.EnteredAt).Format(time.RFC3339)})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		s.log.Error("write csv", "err", err)
	}
}
