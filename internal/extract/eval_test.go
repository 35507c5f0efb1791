package extract_test

// The extraction-quality test: every text under testdata/dev and
// testdata/heldout is run through extract.FromText and scored against its
// gold list with score.py's rule (score_test.go). It prints a table and fails
// when a text's precision or recall falls below its floor in
// testdata/floors.tsv. See testdata/README.md.
//
//	go test ./internal/extract/ -run TestExtractionQuality -v
//	go test ./internal/extract/ -run TestExtractionQuality -v -eval.verbose   # misses and extras
//	go test ./internal/extract/ -run TestExtractionQuality -eval.json /tmp/x  # score.py's input
//	go test ./internal/extract/ -run TestDalianGold -update-dalian-gold       # regenerate from plans/

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/goalpost-civic/goalpost/internal/extract"
	"github.com/goalpost-civic/goalpost/internal/planfile"
	"github.com/goalpost-civic/goalpost/plans"
)

var (
	evalVerbose = flag.Bool("eval.verbose", false, "TestExtractionQuality: list each text's missed gold rows and extra candidates")
	evalJSON    = flag.String("eval.json", "", "TestExtractionQuality: write each text's candidates as score.py's JSON into this folder")
	updateGold  = flag.Bool("update-dalian-gold", false, "TestDalianGold: rewrite the Dalian gold lists from the bundled plan files")
	evalDir     = flag.String("eval.dir", "", "TestExtractionQuality: also score the texts of this folder (split \"extra\"), e.g. a blind batch kept outside the repository")
)

// evalText is one policy text of the corpus with its gold list.
type evalText struct {
	name  string // file name without .txt
	split string // dev or heldout
	text  string
	gold  string // the gold TSV
}

// corpus reads testdata/{dev,heldout}/*.txt with their .gold.tsv, and the
// folder named by -eval.dir as the split "extra".
func corpus(t *testing.T) []evalText {
	t.Helper()
	var out []evalText
	dirs := map[string]string{"dev": filepath.Join("testdata", "dev"), "heldout": filepath.Join("testdata", "heldout")}
	splits := []string{"dev", "heldout"}
	if *evalDir != "" {
		dirs["extra"] = *evalDir
		splits = append(splits, "extra")
	}
	for _, split := range splits {
		files, err := filepath.Glob(filepath.Join(dirs[split], "*.txt"))
		if err != nil {
			t.Fatal(err)
		}
		sort.Strings(files)
		for _, f := range files {
			text, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			gf := strings.TrimSuffix(f, ".txt") + ".gold.tsv"
			gold, err := os.ReadFile(gf)
			if err != nil {
				t.Fatalf("%s has no gold list: %v", f, err)
			}
			out = append(out, evalText{strings.TrimSuffix(filepath.Base(f), ".txt"), split, string(text), string(gold)})
		}
	}
	if len(out) == 0 {
		t.Fatal("no texts under testdata/dev or testdata/heldout")
	}
	return out
}

type floor struct{ precision, recall float64 }

func readFloors(t *testing.T) map[string]floor {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "floors.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	floors := map[string]floor{}
	for n, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			t.Fatalf("floors.tsv line %d: want 3 tab-separated columns (text, precision, recall), got %q", n+1, line)
		}
		p, err1 := strconv.ParseFloat(strings.TrimSpace(f[1]), 64)
		r, err2 := strconv.ParseFloat(strings.TrimSpace(f[2]), 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("floors.tsv line %d: precision and recall must be numbers: %q", n+1, line)
		}
		floors[strings.TrimSpace(f[0])] = floor{p, r}
	}
	return floors
}

var goldComparators = map[string]bool{"ge": true, "gt": true, "le": true, "lt": true, "eq": true, "up": true, "down": true}

// TestGoldLists checks every gold list against its text: ten columns at
// most, known comparators and kinds, a deadline, and a key that appears in
// the text (whitespace ignored), since a target's source sentence is quoted
// from it.
func TestGoldLists(t *testing.T) {
	kinds := map[string]bool{"level": true, "maintain": true, "cumulative": true, "annual": true, "rate": true, "ratio": true,
		"zero": true, "per_district": true, "relative": true, "trend": true, "milestone": true, "rank": true, "growth": true}
	for _, tx := range corpus(t) {
		text := squash(tx.text)
		rows := parseGold(tx.gold)
		if len(rows) == 0 {
			t.Errorf("%s: empty gold list", tx.name)
		}
		for _, line := range strings.Split(tx.gold, "\n") {
			if !strings.HasPrefix(line, "#") && strings.Count(line, "\t") > 9 {
				t.Errorf("%s: more than 10 columns: %q", tx.name, line)
			}
		}
		for _, g := range rows {
			where := fmt.Sprintf("%s.gold.tsv line %d (%s)", tx.name, g.Line, g.Key)
			if utf8.RuneCountInString(g.Key) < 2 || !strings.Contains(text, g.Key) {
				t.Errorf("%s: key not in the text", where)
			}
			if g.RawValue != "" && g.Value == nil {
				t.Errorf("%s: value %q is not a number", where, g.RawValue)
			}
			if _, ok := pyFloat(g.Baseline); g.Baseline != "" && !ok {
				t.Errorf("%s: baseline %q is not a number", where, g.Baseline)
			}
			if g.Optional != (strings.TrimSpace(lastColumn(tx.gold, g.Line)) != "") {
				t.Errorf("%s: the last column is \"optional\" or empty", where)
			}
			if !goldComparators[g.Cmp] {
				t.Errorf("%s: comparator %q is not ge, gt, le, lt, eq, up or down", where, g.Cmp)
			}
			if !kinds[g.Kind] {
				t.Errorf("%s: unknown kind %q", where, g.Kind)
			}
			if _, err := strconv.Atoi(g.Year); err != nil || len(g.Year) != 4 {
				t.Errorf("%s: no deadline year", where)
			}
			if g.Lead != "" && !strings.Contains(text, squash(g.Lead)) {
				t.Errorf("%s: lead %q not in the text", where, g.Lead)
			}
		}
	}
}

// lastColumn is the tenth column of line n (1-based) of a gold TSV.
func lastColumn(gold string, n int) string {
	lines := strings.Split(gold, "\n")
	if n < 1 || n > len(lines) {
		return ""
	}
	f := strings.Split(lines[n-1], "\t")
	if len(f) < 10 {
		return ""
	}
	return f[9]
}

// TestExtractionQuality scores extract.FromText on every text of the corpus
// and fails when a text falls below its floor.
func TestExtractionQuality(t *testing.T) {
	floors := readFloors(t)
	texts := corpus(t)
	var table bytes.Buffer
	w := tabwriter.NewWriter(&table, 0, 0, 1, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "text\tsplit\tgold\t+opt\textracted\tmatched\tprecision\trecall\tcomparator\tkind\tlead\tbaseline\tfloor P\tfloor R\t")
	totals := map[string]*scoreResult{"dev": {}, "heldout": {}, "extra": {}}
	var details strings.Builder
	for _, tx := range texts {
		d := extract.FromText(tx.text)
		var cands []scoreCand
		for _, c := range d.Targets {
			cands = append(cands, fromCandidate(c))
		}
		if *evalJSON != "" {
			data, err := scoreJSON(cands)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(*evalJSON, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(*evalJSON, tx.name+".json"), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		r := score(parseGold(tx.gold), cands)
		fl, ok := floors[tx.name]
		if !ok && tx.split == "dev" {
			t.Errorf("%s: no row in testdata/floors.tsv (every dev text has a floor, 0 at first)", tx.name)
		}
		fmt.Fprintf(w, "%s\t%s\t%d\t%d\t%d\t%d\t%.3f\t%.3f\t%s\t%s\t%s\t%s\t%s\t%s\t\n", tx.name, tx.split, r.Gold, r.Optional,
			r.Extracted, r.Matched, r.Precision(), r.Recall(), share(r.Comparator, r.Hits), share(r.Kind, r.Hits),
			share(r.Lead, r.Hits), share(r.Baseline, r.Hits), floorCell(ok, fl.precision), floorCell(ok, fl.recall))
		tot := totals[tx.split]
		tot.Gold += r.Gold
		tot.Optional += r.Optional
		tot.Extracted += r.Extracted
		tot.Matched += r.Matched
		tot.Hits += r.Hits
		tot.Comparator += r.Comparator
		tot.Kind += r.Kind
		tot.Lead += r.Lead
		tot.Baseline += r.Baseline
		if ok && (r.Precision() < fl.precision || r.Recall() < fl.recall) {
			t.Errorf("%s: precision %.3f recall %.3f, below the floor %.3f %.3f in testdata/floors.tsv",
				tx.name, r.Precision(), r.Recall(), fl.precision, fl.recall)
		}
		if *evalVerbose {
			fmt.Fprintf(&details, "\n%s:\n", tx.name)
			for _, g := range r.Missed {
				v := ""
				if g.Value != nil {
					v = strconv.FormatFloat(*g.Value, 'g', -1, 64)
				}
				fmt.Fprintf(&details, "  missed (gold line %d): %s %s %s %s\n", g.Line, g.Key, v, g.Year, g.Kind)
			}
			for _, p := range r.Found {
				g, c := p.Gold, p.Cand
				var wrong []string
				if !cmpOK(g, c) {
					wrong = append(wrong, fmt.Sprintf("comparator %q approximate %v, want %s approximate %v", c.Comparator, c.Approximate, g.Cmp, g.Approximate))
				}
				if c.Kind != g.Kind {
					wrong = append(wrong, fmt.Sprintf("kind %s, want %s", c.Kind, g.Kind))
				}
				if g.Lead != "" && !strings.Contains(strings.Join(c.LeadUnits, "、"), g.Lead) {
					wrong = append(wrong, fmt.Sprintf("lead %v, want %s", c.LeadUnits, g.Lead))
				}
				if !baseOK(g, c) {
					b := "none"
					if c.Baseline != nil {
						b = strconv.FormatFloat(*c.Baseline, 'g', -1, 64)
					}
					wrong = append(wrong, fmt.Sprintf("baseline %s, want %q", b, g.Baseline))
				}
				if len(wrong) > 0 {
					fmt.Fprintf(&details, "  found with wrong fields (gold line %d, %s): %s\n", g.Line, g.Key, strings.Join(wrong, "; "))
				}
			}
			for _, c := range r.Extra {
				v := "-"
				if c.Value != nil {
					v = strconv.FormatFloat(*c.Value, 'g', -1, 64)
				}
				fmt.Fprintf(&details, "  extra: %s %s%s %s %s | %s\n", c.Title, v, c.Unit, c.Deadline, c.Kind, c.SourceText)
			}
		}
	}
	for _, split := range []string{"dev", "heldout", "extra"} {
		r := totals[split]
		if split == "extra" && *evalDir == "" {
			continue
		}
		fmt.Fprintf(w, "TOTAL\t%s\t%d\t%d\t%d\t%d\t%.3f\t%.3f\t%s\t%s\t%s\t%s\t\t\t\n", split, r.Gold, r.Optional, r.Extracted,
			r.Matched, r.Precision(), r.Recall(), share(r.Comparator, r.Hits), share(r.Kind, r.Hits), share(r.Lead, r.Hits),
			share(r.Baseline, r.Hits))
	}
	w.Flush()
	t.Log("extraction quality (score.py's rule; field columns are shares of the gold targets found):\n" + table.String() + details.String())
}

func share(n, of int) string {
	if of == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", float64(n)/float64(of))
}

func floorCell(ok bool, v float64) string {
	if !ok {
		return "-"
	}
	return fmt.Sprintf("%.2f", v)
}

// dalianGold says how each Dalian text's gold list is made from a bundled
// plan file (see testdata/README.md).
var dalianGold = []struct {
	plan, text string
	// optional: targets the transcription notes call debatable
	// (plans/TRANSCRIPTION-NOTES.md, "Debatable inclusions"); relative
	// targets without a number are optional too.
	optional map[string]bool
	// keys overrides the derived key of a target.
	keys map[string]string
}{
	{
		plan: "dalian-2023-livelihood.yaml", text: "dalian-livelihood",
		optional: map[string]bool{
			"t01-employment-actions": true, "t13-standard-fever-clinics": true, "t24-rural-waste-system": true,
			"t26-zero-serious-waterlogging-points": true, "t28-zero-hazards": true,
			"overall-rural-environment-improvement": true, "overall-elderly-care-system-built": true,
		},
		keys: map[string]string{
			"overall-old-communities-renovated":        "老旧小区综合改造提升",
			"overall-waste-sorting-coverage":           "垃圾分类",
			"overall-zero-landfill":                    "零填埋",
			"t06-dibao-urban-rural-ratio":              "比值逐步缩小",
			"t07-county-minor-protection-centres":      "未成年人保护中心",
			"t07-county-ash-facilities-coverage":       "骨灰安放设施",
			"t12-four-level-specialty-clusters":        "四级临床重点专科集群",
			"t14-county-medical-communities":           "医共体",
			"t18-museum-education-events":              "社教活动",
			"t22-national-water-sections-good-quality": "国考断面",
			"t23-rural-four-sides-trees":               "植树",
			"t25-zero-landfill":                        "零填埋",
			"t28-report-reply-rate":                    "回复率",
		},
	},
	{
		plan: "dalian-2023-community.yaml", text: "dalian-community",
		keys: map[string]string{
			"community-generalist-social-workers": "全科社工",
		},
	},
}

// breaksKey is punctuation a derived key does not span.
func breaksKey(r rune) bool {
	return strings.ContainsRune("，,。；;：:、“”\"‘’'（）()《》〈〉！!？?%％—…·　 \t\n", r)
}

// deriveKey is the longest run of characters shared by a target's title and
// its source sentence that does not cross punctuation: usually the
// indicator's name (普惠性幼儿园覆盖率).
func deriveKey(title, source string) string {
	a, b := []rune(squash(title)), []rune(squash(source))
	best, bestEnd := 0, 0
	prev := make([]int, len(b)+1)
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		for j := 1; j <= len(b); j++ {
			if a[i-1] == b[j-1] && !breaksKey(a[i-1]) {
				cur[j] = prev[j-1] + 1
				if cur[j] > best {
					best, bestEnd = cur[j], i
				}
			}
		}
		prev = cur
	}
	return string(a[bestEnd-best : bestEnd])
}

var goldCmp = map[string]string{">=": "ge", ">": "gt", "<=": "le", "<": "lt", "=": "eq"}

// genDalianGold makes the gold list of dalianGold[i] from its bundled plan
// file, checking every key and source sentence against the text.
func genDalianGold(t *testing.T, i int) string {
	t.Helper()
	spec := dalianGold[i]
	f, err := plans.FS.Open(spec.plan)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	plan, err := planfile.Read(spec.plan, f)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join("testdata", "dev", spec.text+".txt"))
	if err != nil {
		t.Fatal(err)
	}
	text := squash(string(raw))
	names := map[string]string{}
	for _, d := range plan.Departments {
		names[d.Slug] = d.Name
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# generated from plans/%s by TestDalianGold (-update-dalian-gold); do not edit, see README.md\n", spec.plan)
	b.WriteString("# key\tvalue\tunit\tcomparator\tdeadline\tkind\tflags\tlead\tbaseline\toptional\n")
	seen := map[string]bool{}
	row := func(tg planfile.Target, lead string) {
		if seen[tg.Key] {
			t.Errorf("%s: target %s twice", spec.plan, tg.Key)
		}
		seen[tg.Key] = true
		src := squash(tg.SourceText)
		if !strings.Contains(text, src) {
			t.Errorf("%s: %s: source_text not in testdata/dev/%s.txt: %s", spec.plan, tg.Key, spec.text, tg.SourceText)
		}
		key, least := spec.keys[tg.Key], 2
		if key == "" {
			key, least = deriveKey(tg.Title, tg.SourceText), 3
		}
		if utf8.RuneCountInString(key) < least || !strings.Contains(src, squash(key)) {
			t.Errorf("%s: %s: key %q is not a distinctive part of its source text; add it to dalianGold's keys", spec.plan, tg.Key, key)
		}
		value := ""
		if tg.Value != nil && tg.Kind != "rank" { // a rank's value (前列 as the top 3) is a reading, not in the text

			value = strconv.FormatFloat(*tg.Value, 'f', -1, 64)
			// 全覆盖 / 全部 recorded as 100%: the text states no number, so the
			// row matches a candidate with 100 or without a value.
			if *tg.Value == 100 && tg.Unit == "%" && !strings.Contains(src, "100") {
				value = ""
			}
		}
		cmp := goldCmp[tg.Comparator]
		if tg.Kind == "trend" {
			cmp = map[string]string{"<": "down", "<=": "down", ">": "up", ">=": "up"}[tg.Comparator]
		}
		var flags []string
		if tg.Approximate {
			flags = append(flags, "approximate")
		}
		if tg.Aspirational {
			flags = append(flags, "aspirational")
		}
		base := ""
		if tg.Baseline != nil && tg.Baseline.Value != nil {
			base = strconv.FormatFloat(*tg.Baseline.Value, 'f', -1, 64)
		}
		opt := ""
		if spec.optional[tg.Key] || (tg.Kind == "relative" && tg.Value == nil) || tg.Kind == "rank" {
			opt = "optional"
		}
		fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", key, value, tg.Unit, cmp, tg.Deadline.Format("2006-01-02"),
			tg.Kind, strings.Join(flags, ","), lead, base, opt)
	}
	for _, s := range plan.Sections {
		for _, tg := range s.Targets {
			row(tg, "")
		}
		for _, task := range s.Tasks {
			lead := ""
			if len(task.Lead) > 0 {
				lead = names[task.Lead[0]]
			}
			for _, tg := range task.Targets {
				row(tg, lead)
			}
		}
	}
	for k := range spec.optional {
		if !seen[k] {
			t.Errorf("%s: optional target %s is not in the plan", spec.plan, k)
		}
	}
	return b.String()
}

// TestDalianGold regenerates the Dalian gold lists from the bundled plan
// files and wants them equal to the committed ones (so that score.py can be
// run on them too); -update-dalian-gold rewrites them.
func TestDalianGold(t *testing.T) {
	for i, spec := range dalianGold {
		want := genDalianGold(t, i)
		path := filepath.Join("testdata", "dev", spec.text+".gold.tsv")
		if *updateGold {
			if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if string(got) != want {
			t.Errorf("%s differs from what plans/%s gives; run go test ./internal/extract/ -run TestDalianGold -update-dalian-gold", path, spec.plan)
		}
	}
}
