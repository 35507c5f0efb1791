package extract_test

// A port of ../shared/extract-eval/score.py's matching rule, so that the
// extraction-quality test runs in CI on a clean clone (no Python, no
// ../shared). Keep it in step with score.py: TestScorePortAgreesWithScorePy
// compares the two on generated candidates when GOALPOST_SCORE_PY names
// score.py.

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/goalpost-civic/goalpost/internal/extract"
)

// goldRow is one line of a gold TSV (columns: key, value, unit, comparator,
// deadline, kind, flags, lead, baseline, optional).
type goldRow struct {
	Key         string   // whitespace removed
	Value       *float64 // scaled by 万/亿 in Unit; nil for a target without a number
	Scale       float64
	Cmp         string
	Year        string
	Kind        string
	Approximate bool
	Lead        string
	Baseline    string
	Optional    bool
	Line        int    // line in the file, for messages
	RawValue    string // the value column as written
}

// scoreCand is a candidate as score.py sees it (the fields of
// `goalpost extract --json`).
type scoreCand struct {
	Title        string
	Value        *float64
	Unit         string
	Comparator   string
	Deadline     string // YYYY-MM-DD or ""
	Kind         string
	Approximate  bool
	Aspirational bool
	LeadUnits    []string
	Baseline     *float64
	SourceText   string
}

func fromCandidate(c extract.Candidate) scoreCand {
	s := scoreCand{
		Title: c.Title, Value: c.Value, Unit: c.Unit, Comparator: c.Comparator, Kind: c.Kind,
		Approximate: c.Approximate, Aspirational: c.Aspirational, LeadUnits: c.Lead, SourceText: c.SourceText,
	}
	if !c.Deadline.IsZero() {
		s.Deadline = c.Deadline.Format(time.DateOnly)
	}
	if c.Baseline != nil {
		v := c.Baseline.Value
		s.Baseline = &v
	}
	return s
}

// scoreCmp is score.py's CMP table.
var scoreCmp = map[string]string{">=": "ge", "≥": "ge", "ge": "ge", ">": "gt", "gt": "gt", "<=": "le", "≤": "le", "le": "le",
	"<": "lt", "lt": "lt", "=": "eq", "==": "eq", "eq": "eq", "up": "up", "down": "down"}

// isPySpace is Python's str.isspace, which re's \s follows for str patterns.
func isPySpace(r rune) bool { return unicode.IsSpace(r) || (r >= 0x1c && r <= 0x1f) }

func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if isPySpace(r) {
			return -1
		}
		return r
	}, s)
}

func unitScale(unit string) float64 {
	unit = strings.TrimFunc(unit, isPySpace)
	switch {
	case strings.HasPrefix(unit, "亿"):
		return 1e8
	case strings.HasPrefix(unit, "万"):
		return 1e4
	}
	return 1
}

func pyFloat(s string) (float64, bool) {
	v, err := strconv.ParseFloat(strings.TrimFunc(s, isPySpace), 64)
	return v, err == nil
}

func normValue(value string, unit string) *float64 {
	if value == "" {
		return nil
	}
	v, ok := pyFloat(value)
	if !ok {
		return nil
	}
	v *= unitScale(unit)
	return &v
}

func normFloat(value *float64, unit string) *float64 {
	if value == nil {
		return nil
	}
	v := *value * unitScale(unit)
	return &v
}

func parseGold(data string) []goldRow {
	var rows []goldRow
	sc := bufio.NewScanner(strings.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.TrimFunc(line, isPySpace) == "" {
			continue
		}
		f := append(strings.Split(line, "\t"), make([]string, 10)...)[:10]
		deadline := f[4]
		if len([]rune(deadline)) > 4 {
			deadline = string([]rune(deadline)[:4])
		}
		rows = append(rows, goldRow{
			Key: squash(f[0]), Value: normValue(f[1], f[2]), Scale: unitScale(f[2]), Cmp: f[3], Year: deadline,
			Kind: f[5], Approximate: strings.Contains(f[6], "approximate"), Lead: f[7], Baseline: f[8],
			Optional: f[9] == "optional", Line: n, RawValue: f[1],
		})
	}
	return rows
}

// scoreResult is what score.py's score() returns.
type scoreResult struct {
	Gold, Optional, Extracted, Matched, Hits int
	Comparator, Kind, Lead, Baseline         int // right, over Hits
	Missed                                   []goldRow
	Extra                                    []scoreCand
	Found                                    []foundPair // the non-optional rows found, with their targets
}

type foundPair struct {
	Gold goldRow
	Cand scoreCand
}

func (r scoreResult) Precision() float64 {
	if r.Extracted == 0 {
		return 0
	}
	return float64(r.Matched) / float64(r.Extracted)
}

func (r scoreResult) Recall() float64 {
	if r.Gold == 0 {
		return 1
	}
	return float64(r.Hits) / float64(r.Gold)
}

// scoreLines formats r as score.py prints it without --verbose.
func (r scoreResult) scoreLines() string {
	return fmt.Sprintf("gold %d (+%d optional), extracted %d, matched %d\ncomparator %d/%d, kind %d/%d, lead %d/%d, baseline %d/%d\nprecision %.3f recall %.3f\n",
		r.Gold, r.Optional, r.Extracted, r.Matched, r.Comparator, r.Hits, r.Kind, r.Hits, r.Lead, r.Hits, r.Baseline, r.Hits,
		r.Precision(), r.Recall())
}

// score matches candidates against gold rows exactly as score.py does:
// a row is found by the first unused candidate whose title|source_text
// (whitespace removed) holds the key, with the same deadline year and, when
// the row has a value, the same number after scaling 万/亿; rows with a
// value are matched first.
func score(gold []goldRow, cands []scoreCand) scoreResult {
	type prepared struct {
		v    *float64
		text string
		year string
	}
	prep := make([]prepared, len(cands))
	for i, c := range cands {
		year := c.Deadline
		if len([]rune(year)) > 4 {
			year = string([]rune(year)[:4])
		}
		prep[i] = prepared{normFloat(c.Value, c.Unit), squash(c.Title + "|" + c.SourceText), year}
	}
	order := make([]int, len(gold))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return gold[order[a]].Value != nil && gold[order[b]].Value == nil })
	used := make([]bool, len(cands))
	foundBy := make([]int, len(gold))
	for i := range foundBy {
		foundBy[i] = -1
	}
	for _, gi := range order {
		g := gold[gi]
		for i := range cands {
			p := prep[i]
			if used[i] || !strings.Contains(p.text, g.Key) || p.year != g.Year {
				continue
			}
			if g.Value != nil && (p.v == nil || math.Abs(*p.v-*g.Value) > 1e-6*math.Max(1, math.Abs(*g.Value))) {
				continue
			}
			used[i] = true
			foundBy[gi] = i
			break
		}
	}
	var r scoreResult
	r.Extracted = len(cands)
	for gi, g := range gold {
		if g.Optional {
			r.Optional++
		} else {
			r.Gold++
		}
		ci := foundBy[gi]
		if ci < 0 {
			if !g.Optional {
				r.Missed = append(r.Missed, g)
			}
			continue
		}
		r.Matched++
		if g.Optional {
			continue
		}
		r.Hits++
		c := cands[ci]
		r.Found = append(r.Found, foundPair{g, c})
		if cmpOK(g, c) {
			r.Comparator++
		}
		if c.Kind == g.Kind {
			r.Kind++
		}
		if g.Lead == "" || strings.Contains(strings.Join(c.LeadUnits, "、"), g.Lead) {
			r.Lead++
		}
		if baseOK(g, c) {
			r.Baseline++
		}
	}
	for i, c := range cands {
		if !used[i] {
			r.Extra = append(r.Extra, c)
		}
	}
	return r
}

func cmpOK(g goldRow, c scoreCand) bool {
	cc, ok := scoreCmp[strings.TrimFunc(c.Comparator, isPySpace)]
	if !ok {
		cc = c.Comparator
	}
	if g.Approximate {
		return c.Approximate
	}
	return cc == g.Cmp || ((g.Cmp == "up" || g.Cmp == "down") && c.Kind == g.Kind)
}

func baseOK(g goldRow, c scoreCand) bool {
	if g.Baseline == "" {
		return c.Baseline == nil
	}
	gb, ok := pyFloat(g.Baseline)
	if !ok || c.Baseline == nil {
		return false
	}
	want := gb * g.Scale
	return math.Abs(*c.Baseline*unitScale(c.Unit)-want) < 1e-6*math.Max(1, want)
}

// scoreJSON writes candidates as `goalpost extract --json` prints them, the
// input score.py reads.
func scoreJSON(cands []scoreCand) ([]byte, error) {
	type base struct {
		Value float64 `json:"value"`
	}
	type target struct {
		Title        string   `json:"title"`
		Value        *float64 `json:"value"`
		Unit         string   `json:"unit"`
		Comparator   string   `json:"comparator"`
		Deadline     string   `json:"deadline"`
		Kind         string   `json:"kind"`
		Approximate  bool     `json:"approximate"`
		Aspirational bool     `json:"aspirational"`
		LeadUnits    []string `json:"lead_units"`
		Baseline     *base    `json:"baseline"`
		SourceText   string   `json:"source_text"`
	}
	out := struct {
		Targets []target `json:"targets"`
	}{Targets: []target{}}
	for _, c := range cands {
		t := target{c.Title, c.Value, c.Unit, c.Comparator, c.Deadline, c.Kind, c.Approximate, c.Aspirational, c.LeadUnits, nil, c.SourceText}
		if t.LeadUnits == nil {
			t.LeadUnits = []string{}
		}
		if c.Baseline != nil {
			t.Baseline = &base{*c.Baseline}
		}
		out.Targets = append(out.Targets, t)
	}
	return json.MarshalIndent(out, "", " ")
}

func f64(v float64) *float64 { return &v }

// TestScorePort checks the port on hand-made cases whose outcome score.py's
// rule fixes.
func TestScorePort(t *testing.T) {
	gold := parseGold("# key\tvalue\tunit\tcomparator\tdeadline\tkind\tflags\tlead\tbaseline\toptional\n" +
		"托位\t1.35\t万张\tge\t2025-12-31\tcumulative\t\t市卫生健康委\t0.8\t\n" +
		"覆盖率\t90\t%\tge\t2026-12-31\tlevel\tapproximate\t\t84\t\n" +
		"大班额\t\t\teq\t2026-12-31\tzero\t\t\t\t\n" +
		"专项督导\t1\t次\tge\t2026-12-31\tannual\t\t\t\toptional\n" +
		"逐年下降\t\t\tdown\t2025-12-31\ttrend\t\t\t\t\n")
	if len(gold) != 5 || *gold[0].Value != 13500 || gold[2].Value != nil || !gold[3].Optional || !gold[1].Approximate {
		t.Fatalf("gold parsed wrongly: %+v", gold)
	}

	cases := []struct {
		name                      string
		cands                     []scoreCand
		matched, hits, extra      int
		cmp, kind, lead, baseline int
		precision, recall         float64
	}{
		{name: "nothing extracted", precision: 0, recall: 0},
		{
			name: "1.35万张 equals 13500张, key in the source text, whitespace ignored",
			cands: []scoreCand{{Title: "新增托位", Value: f64(13500), Unit: "张", Comparator: ">=", Deadline: "2025-12-31",
				Kind: "cumulative", LeadUnits: []string{"市卫生健康委"}, Baseline: f64(8000), SourceText: "新增 托 位1.35万张"}},
			matched: 1, hits: 1, cmp: 1, kind: 1, lead: 1, baseline: 1, precision: 1, recall: 0.25,
		},
		{
			name: "right key and value, wrong year: no match",
			cands: []scoreCand{{Title: "托位", Value: f64(1.35), Unit: "万张", Comparator: ">=", Deadline: "2026-12-31",
				Kind: "cumulative"}},
			extra: 1, precision: 0, recall: 0,
		},
		{
			name: "right key and year, wrong number: no match; no deadline: no match",
			cands: []scoreCand{
				{Title: "托位", Value: f64(1.35), Unit: "张", Deadline: "2025-12-31"},
				{Title: "托位", Value: f64(13500), Unit: "张"},
			},
			extra: 2, precision: 0, recall: 0,
		},
		{
			name: "a row without a value matches with or without one; approximate row wants the flag, not the comparator",
			cands: []scoreCand{
				{Title: "消除大班额", Comparator: "=", Deadline: "2026-12-31", Kind: "zero"},
				{Title: "普惠性幼儿园覆盖率", Value: f64(90), Unit: "%", Comparator: "=", Deadline: "2026-12-31", Kind: "level",
					Approximate: true, Baseline: f64(84)},
				{Title: "生产安全事故逐年下降", Value: f64(0), Comparator: "<", Deadline: "2025-12-31", Kind: "trend"},
			},
			matched: 3, hits: 3, cmp: 3, kind: 3, lead: 3, baseline: 3, precision: 1, recall: 0.75,
		},
		{
			name: "an optional row found is neither a miss nor a false positive",
			cands: []scoreCand{
				{Title: "专项督导", Value: f64(1), Unit: "次", Deadline: "2026-12-31"},
				{Title: "人口", Value: f64(58), Unit: "万人", Deadline: "2026-12-31"},
			},
			matched: 1, extra: 1, precision: 0.5, recall: 0,
		},
		{
			name: "each candidate is used once; numbered rows first, so a number-less row cannot take their target",
			cands: []scoreCand{
				{Title: "托位", Value: f64(1.35), Unit: "万张", Deadline: "2025-12-31", Kind: "level", Comparator: ">"},
				{Title: "托位", Value: f64(1.35), Unit: "万张", Deadline: "2025-12-31"},
			},
			matched: 1, hits: 1, extra: 1, cmp: 0, kind: 0, lead: 0, baseline: 0, precision: 0.5, recall: 0.25,
		},
		{
			name: "a number-less row is matched after the numbered ones",
			cands: []scoreCand{
				{Title: "大班额比例", Value: f64(90), Unit: "%", Deadline: "2026-12-31", Kind: "level", SourceText: "覆盖率达到90%"},
			},
			// the 覆盖率 row takes it (numbered rows first), the 大班额 row finds nothing
			matched: 1, hits: 1, cmp: 0, kind: 1, lead: 1, baseline: 0, precision: 1, recall: 0.25,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := score(gold, tc.cands)
			got := []int{r.Matched, r.Hits, len(r.Extra), r.Comparator, r.Kind, r.Lead, r.Baseline}
			want := []int{tc.matched, tc.hits, tc.extra, tc.cmp, tc.kind, tc.lead, tc.baseline}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("matched, hits, extra, comparator, kind, lead, baseline = %v, want %v", got, want)
			}
			if r.Gold != 4 || r.Optional != 1 {
				t.Errorf("gold %d optional %d, want 4 and 1", r.Gold, r.Optional)
			}
			if math.Abs(r.Precision()-tc.precision) > 1e-9 || math.Abs(r.Recall()-tc.recall) > 1e-9 {
				t.Errorf("precision %.3f recall %.3f, want %.3f %.3f", r.Precision(), r.Recall(), tc.precision, tc.recall)
			}
		})
	}
}

// TestScorePortAgreesWithScorePy runs score.py (GOALPOST_SCORE_PY=path, with
// python3 on PATH; a development check, skipped otherwise) and the port on
// the same candidates, made from every gold list with deterministic
// perturbations (wrong year, wrong number, number scaled by 万, wrong
// comparator, kind, lead, baseline, extras), and wants the same output.
func TestScorePortAgreesWithScorePy(t *testing.T) {
	script := os.Getenv("GOALPOST_SCORE_PY")
	if script == "" {
		t.Skip("GOALPOST_SCORE_PY (path of ../shared/extract-eval/score.py) not set")
	}
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not found")
	}
	dir := t.TempDir()
	for _, tx := range corpus(t) {
		gold := parseGold(tx.gold)
		for seed := uint32(1); seed <= 4; seed++ {
			cands := perturb(gold, seed)
			data, err := scoreJSON(cands)
			if err != nil {
				t.Fatal(err)
			}
			js := filepath.Join(dir, fmt.Sprintf("%s-%d.json", tx.name, seed))
			gs := filepath.Join(dir, tx.name+".gold.tsv")
			if err := os.WriteFile(js, data, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(gs, []byte(tx.gold), 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command("python3", script, gs, js).CombinedOutput()
			if err != nil {
				t.Fatalf("%s: %v\n%s", js, err, out)
			}
			if want, got := string(out), score(gold, cands).scoreLines(); want != got {
				t.Errorf("%s seed %d:\nscore.py:\n%s\nport:\n%s", tx.name, seed, want, got)
			}
		}
	}
}

// perturb makes candidates from gold rows: some right, some subtly wrong.
func perturb(gold []goldRow, seed uint32) []scoreCand {
	x := seed*2654435761 + 1
	next := func(n uint32) uint32 {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		return x % n
	}
	cmps := []string{">=", ">", "<=", "<", "=", "≥", "eq", "", "up"}
	kinds := []string{"level", "cumulative", "annual", "zero", "milestone", "trend", "rate"}
	var out []scoreCand
	for _, g := range gold {
		if next(5) == 0 {
			continue // missed
		}
		c := scoreCand{Title: "指标" + g.Key, Deadline: g.Year + "-12-31", Kind: g.Kind, Comparator: cmps[next(uint32(len(cmps)))]}
		if next(2) == 0 {
			c.Title, c.SourceText = "某项", "到"+g.Year+"年，"+g.Key+"达到目标"
		}
		if g.Value != nil {
			v := *g.Value
			switch next(4) {
			case 0:
				c.Value, c.Unit = f64(v/1e4), "万"+"个"
			case 1:
				c.Value, c.Unit = f64(v+1), "个"
			default:
				c.Value, c.Unit = f64(v), "个"
			}
		} else if next(2) == 0 {
			c.Value = f64(100)
		}
		switch next(6) {
		case 0:
			c.Deadline = "2024-06-30"
		case 1:
			c.Deadline = ""
		}
		if next(3) == 0 {
			c.Kind = kinds[next(uint32(len(kinds)))]
		}
		c.Approximate = next(2) == 0
		if g.Lead != "" && next(3) > 0 {
			c.LeadUnits = []string{"县发展改革局", g.Lead}
		} else if next(2) == 0 {
			c.LeadUnits = []string{"市财政局"}
		}
		if b, ok := pyFloat(g.Baseline); ok && next(3) > 0 {
			c.Baseline = f64(b * g.Scale / unitScale(c.Unit))
		} else if next(4) == 0 {
			c.Baseline = f64(1)
		}
		out = append(out, c)
		if next(6) == 0 { // a duplicate, or an extra
			d := c
			if next(2) == 0 {
				d.Title, d.SourceText = "截至2023年底完成情况", "已完成"
			}
			out = append(out, d)
		}
	}
	return out
}
