package extract

import (
	"encoding/json"
	"os"
	"testing"
)

// scoreJSON is the shape score.py reads (the same fields as `goalpost
// extract --json`); used by the development scores below and by
// TestDumpJSON.
func scoreJSON(d *Draft) map[string]any {
	var ts []map[string]any
	for _, c := range d.Targets {
		var base any
		if c.Baseline != nil {
			base = map[string]any{"value": c.Baseline.Value, "date": c.Baseline.Date.Format("2006-01-02")}
		}
		var v any
		if c.Value != nil {
			v = *c.Value
		}
		ts = append(ts, map[string]any{
			"title": c.Title, "kind": c.Kind, "comparator": c.Comparator, "value": v, "unit": c.Unit,
			"deadline": c.Deadline.Format("2006-01-02"), "approximate": c.Approximate, "aspirational": c.Aspirational,
			"section": c.Section, "task": c.Task, "lead_units": c.Lead, "responsible_units": c.Responsible,
			"baseline": base, "source_text": c.SourceText, "confidence": c.Confidence, "doubts": c.Doubts,
		})
	}
	return map[string]any{"plan": d.Plan, "targets": ts, "sections": d.Sections, "tasks": d.Tasks}
}

// TestDumpJSON writes FromText's result for EXTRACT_IN to EXTRACT_OUT, for
// scoring by hand: EXTRACT_IN=x.txt EXTRACT_OUT=x.json go test -run TestDumpJSON.
func TestDumpJSON(t *testing.T) {
	in, out := os.Getenv("EXTRACT_IN"), os.Getenv("EXTRACT_OUT")
	if in == "" || out == "" {
		t.Skip("EXTRACT_IN and EXTRACT_OUT not set")
	}
	b, err := os.ReadFile(in)
	if err != nil {
		t.Fatal(err)
	}
	j, err := json.MarshalIndent(scoreJSON(FromText(string(b))), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(out, j, 0o644); err != nil {
		t.Fatal(err)
	}
}
