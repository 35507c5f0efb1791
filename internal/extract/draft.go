package extract

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

func fromText(text string) *Draft {
	d := &Draft{Text: text}
	ps := splitParas(text)
	own := make([][]owners, len(ps))
	for i, p := range ps {
		if !p.table {
			own[i] = findOwners(p.text)
		}
	}
	l := readLayout(ps, own)
	meta, reportYear := readMeta(ps, text)
	d.Plan = meta
	dc := docContext{reportYear: reportYear, minYear: minYear(meta, reportYear, ps), thisYear: reportYear, assess: assessTitleRe.MatchString(meta.Title)}
	if dc.thisYear == 0 && meta.IssuedOn != nil {
		dc.thisYear = meta.IssuedOn.Year()
	}
	if meta.IssuedOn != nil {
		dc.issuedYear = meta.IssuedOn.Year()
	}
	if m := parenBaseRe.FindStringSubmatch(text); m != nil {
		dc.parenBaseYear = atoi(m[1])
	}
	if dc.thisYear == 0 && !meta.PeriodStart.IsZero() {
		// A news page without its year, about a plan (2026—2027年): 今年
		// is the plan's first year.
		dc.thisYear = meta.PeriodStart.Year()
	}

	// Sections and tasks.
	for _, it := range l.items {
		if it.isTask {
			it.taskIdx = len(d.Tasks)
			t := Task{Number: it.h.number, Title: it.h.title, Start: it.start}
			for _, o := range it.owners {
				if len(t.Lead) == 0 {
					t.Lead = o.lead
				} else {
					t.Responsible = appendNew(t.Responsible, o.lead...)
				}
				t.Responsible = appendNew(t.Responsible, o.resp...)
			}
			d.Tasks = append(d.Tasks, t)
		}
	}
	for i, it := range l.items {
		if it.isTask {
			// its section: the nearest enclosing section
			for k := it.parent; k >= 0; k = l.items[k].parent {
				pk := l.items[k]
				if !pk.isTask && (pk.h.level <= lvParen || pk.h.level == lvBox) {
					d.Tasks[it.taskIdx].Section = l.sectionKey(k)
					break
				}
			}
			continue
		}
		if it.h.level <= lvParen || it.h.level == lvBox {
			d.Sections = append(d.Sections, Section{Key: l.sectionKey(i), Title: it.h.title, Start: it.start})
		}
	}

	var raws []rawTarget
	var facts []baseFact
	// A document for one year (工作要点, 考核细则, 民生实事项目) is the plan
	// itself, not news about one.
	dc.loose = reportYear == 0
	if planTitleRe.MatchString(meta.Title) && !newsRe.MatchString(text) {
		// A plan's own text (a 纲要 chapter without a 目标 heading), not
		// news about one.
		dc.loose = false
	}
	for _, it := range l.items {
		if it.isTask || goalSectionRe.MatchString(it.h.title) {
			dc.loose = false
			break
		}
	}
	// Deadlines that headings state for what they contain.
	headDL := make([]time.Time, len(l.items))
	for k, it := range l.items {
		if it.past {
			continue
		}
		t := it.h.title
		if d, _, ok := deadlineIn(t, span{0, len(t)}, dc); ok {
			headDL[k] = d
		}
	}
	li := readLabels(ps, own, dc)
	// An introduction ending in ： with a deadline governs the paragraphs
	// after it inside its heading.
	var introDL time.Time
	introScope := -2
	for i, p := range ps {
		if p.table || li.excluded[i] {
			continue
		}
		dc.inherited = time.Time{}
		for k := l.paraIn[i]; k >= 0; k = l.items[k].parent {
			if !headDL[k].IsZero() {
				dc.inherited = headDL[k]
				break
			}
		}
		if introScope != -2 {
			h, isHead := parseHeading(p.text)
			if introScope == -1 && !(isHead && (h.level <= lvParen || h.level == lvBox)) || introScope >= 0 && l.within(i, introScope) {
				dc.inherited = introDL
			} else {
				introScope = -2
			}
		}
		if introEndRe.MatchString(p.text) {
			_, _, past := l.context(i)
			if d, _, ok := deadlineIn(p.text, span{0, len(p.text)}, dc); ok && !past {
				introDL, introScope = d, l.paraIn[i]
			}
		}
		dc.planPara = dc.loose && (planRefRe.MatchString(p.text) || li.commits(i))
		inGoalLoose := dc.planPara
		if i < 3 && (p.text == meta.Title || strings.Contains(meta.Title, p.text) && strings.Contains(meta.Title, "关于")) {
			continue
		}
		section, task, past := l.context(i)
		inGoal := l.inGoal(i) || inGoalLoose
		if _, isItem := parseHeading(p.text); isItem && dc.reportYear > 0 && !dc.loose && !past {
			// An item of a one-year list (民生实事, 工作要点) commits to
			// what it says, with or without a figure.
			inGoal = true
		}
		var blk *labelBlock
		if k := li.block[i]; k >= 0 {
			blk = &li.blocks[k]
			if !blk.deadline.IsZero() {
				dc.inherited = blk.deadline
			}
		}
		body := 0
		if h, ok := parseHeading(p.text); ok {
			body = h.body
		}
		// Skip the owner statements and the labels without targets.
		segs := []span{{body, len(p.text)}}
		skips := li.skip(i)
		for _, o := range own[i] {
			skips = append(skips, span{o.a, o.b})
		}
		for _, o := range skips {
			var next []span
			for _, sg := range segs {
				if o.b <= sg.a || o.a >= sg.b {
					next = append(next, sg)
					continue
				}
				if o.a > sg.a {
					next = append(next, span{sg.a, o.a})
				}
				if o.b < sg.b {
					next = append(next, span{o.b, sg.b})
				}
			}
			segs = next
		}
		// （主办单位：X；完成时限：2027年9月底）: a deadline label inside
		// the paragraph dates its targets.
		var paraDL time.Time
		if m := dueLabelRe.FindStringIndex(p.text); m != nil {
			if d, _, ok := deadlineIn(p.text, span{m[0], min(len(p.text), m[1]+40)}, dc); ok {
				paraDL = d
			}
		}
		for _, sg := range segs {
			ts, fs := parseRange(p, sg.a, sg.b, dc, inGoal, task >= 0, past)
			for k := range ts {
				if !paraDL.IsZero() && !ts[k].hasDL {
					ts[k].c.Deadline, ts[k].hasDL = paraDL, true
				}
			}
			for k := range ts {
				ts[k].para = i
				ts[k].c.Section = section
				if task >= 0 {
					ts[k].c.Task = d.Tasks[task].Number
					ts[k].c.Lead = d.Tasks[task].Lead
					ts[k].c.Responsible = d.Tasks[task].Responsible
				} else if len(own[i]) > 0 {
					ts[k].c.Lead = own[i][0].lead
					ts[k].c.Responsible = own[i][0].resp
				}
				if blk != nil && len(blk.lead) > 0 {
					ts[k].c.Lead, ts[k].c.Responsible = blk.lead, blk.resp
				}
			}
			raws = append(raws, ts...)
			facts = append(facts, fs...)
		}
	}
	tr, tf := readTables(ps, dc, l, meta)
	for k := range tr {
		section, task, _ := l.context(tr[k].para)
		tr[k].c.Section = section
		if task >= 0 && len(tr[k].c.Lead) == 0 {
			tr[k].c.Task = d.Tasks[task].Number
			tr[k].c.Lead = d.Tasks[task].Lead
			tr[k].c.Responsible = d.Tasks[task].Responsible
		}
	}
	for k := range tr {
		tr[k].table = true
	}
	raws = append(raws, tr...)
	facts = append(facts, tf...)

	// The period, when the title does not state it: from the deadlines.
	if d.Plan.PeriodEnd.IsZero() {
		maxY := 0
		for _, r := range raws {
			if r.hasDL && r.c.Deadline.Year() > maxY && r.c.Deadline.Year() < 2060 {
				maxY = r.c.Deadline.Year()
			}
		}
		if maxY > 0 {
			d.Plan.PeriodEnd = endOf(maxY, 0)
		}
	}
	if d.Plan.PeriodStart.IsZero() {
		y := 0
		if d.Plan.IssuedOn != nil {
			y = d.Plan.IssuedOn.Year()
		}
		for _, r := range raws {
			if r.hasDL && (y == 0 || r.c.Deadline.Year() < y) {
				y = r.c.Deadline.Year()
			}
		}
		if y > 0 {
			d.Plan.PeriodStart = time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		}
	}
	if d.Plan.PeriodEnd.IsZero() && !d.Plan.PeriodStart.IsZero() {
		d.Plan.PeriodEnd = endOf(d.Plan.PeriodStart.Year(), 0)
	}

	attachBaselines(raws, facts)
	seen := map[string]bool{}
	same := map[string]bool{}
	var rows []rawTarget
	for _, r := range raws {
		if r.table {
			rows = append(rows, r)
		}
	}
	for i, r := range raws {
		if !r.table && restatesRow(r, rows) {
			continue
		}
		if k := restatesEarlier(r, raws[:i]); dc.loose && k >= 0 {
			// Told again in other words (a news lead, then the body):
			// one target, with what the second telling adds.
			if len(raws[k].c.Lead) == 0 {
				raws[k].c.Lead, raws[k].c.Responsible = r.c.Lead, r.c.Responsible
			}
			continue
		}
		// A headline or a summary repeating a target is the same target.
		if r.c.Value != nil {
			k := fmt.Sprintf("%s|%s|%v|%s|%s", r.c.Title, r.c.Kind, *r.c.Value, r.c.Unit, r.c.Deadline.Format("2006-01-02"))
			if same[k] && !r.table {
				continue
			}
			same[k] = true
		}
		_ = i
		c := r.c
		if !r.hasDL {
			c.Deadline = d.Plan.PeriodEnd
			c.Doubts = append(c.Doubts, DoubtNoDeadline)
		}
		if c.Unit != "" && !unitKnown(c.Unit) && !hasDoubt(c.Doubts, DoubtUnit) {
			c.Doubts = append(c.Doubts, DoubtUnit)
		}
		if len(c.Lead) == 0 {
			c.Doubts = append(c.Doubts, DoubtOwner)
		}
		if r.guessed {
			c.Doubts = append(c.Doubts, DoubtKind)
		}
		c.SourceText = text[c.Start:c.End]
		c.Confidence = confidence(c, r)
		key := fmt.Sprintf("%d-%d-%s-%s", c.Start, c.End, c.Title, c.Kind)
		if c.Value != nil {
			key += fmt.Sprint(*c.Value)
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		d.Targets = append(d.Targets, c)
	}
	sort.SliceStable(d.Targets, func(i, j int) bool { return d.Targets[i].Start < d.Targets[j].Start })
	return d
}

var (
	parenBaseRe = regexp.MustCompile(`括号内(?:为|是|数字为|数据为)(\d{4})年(?:底|末)?(?:数值|数据|值|水平|基数)`)
	dueLabelRe  = regexp.MustCompile(`(?:完成时限|完成时间|办结时限|时限要求)[:：]`)
	planTitleRe = regexp.MustCompile(`规划|纲要|方案|计划|意见|要点|清单|决定|措施|责任书`)
	newsRe      = regexp.MustCompile(`记者|本报讯|新闻发布会|发布会|获悉|据介绍|通讯员|主持人`)
)

// minYear is the first year a deadline can have: the period's start, a work
// report's year, else the document's date; years before it in the text are
// scopes (2000年年底前建成的小区) or history.
func minYear(m PlanMeta, reportYear int, ps []*para) int {
	switch {
	case reportYear > 0:
		return reportYear
	case !m.PeriodStart.IsZero():
		if m.IssuedOn != nil && m.IssuedOn.Year() < m.PeriodStart.Year() {
			return m.IssuedOn.Year()
		}
		return m.PeriodStart.Year()
	case m.IssuedOn != nil:
		return m.IssuedOn.Year()
	}
	maxY := 0
	for _, p := range ps {
		for _, g := range dateRe.FindAllStringSubmatch(p.text, -1) {
			if len(g[0]) > 0 && (g[0][0] == 0xe5) { // 到 (UTF-8 starts with 0xe5)
				if y := atoi(g[1]); y > maxY && y < 2100 {
					maxY = y
				}
			}
		}
	}
	if maxY > 0 {
		return maxY - 5
	}
	return 2000
}

func confidence(c Candidate, r rawTarget) float64 {
	f := 0.95
	for _, d := range c.Doubts {
		switch d {
		case DoubtNoDeadline:
			f -= 0.1
		case DoubtKind:
			f -= 0.15
		case DoubtUnit:
			f -= 0.1
		case DoubtTwoNumbers:
			f -= 0.2
		case DoubtOwner:
			f -= 0.05
		}
	}
	if c.Value == nil {
		f -= 0.1
	}
	if f < 0.1 {
		f = 0.1
	}
	return f
}

func hasDoubt(ds []string, d string) bool {
	for _, x := range ds {
		if x == d {
			return true
		}
	}
	return false
}

func appendNew(list []string, add ...string) []string {
	for _, a := range add {
		dup := false
		for _, x := range list {
			if x == a {
				dup = true
			}
		}
		if !dup {
			list = append(list, a)
		}
	}
	return list
}

// inGoal tells whether a paragraph lies under a heading about goals or tasks.
func (l *layout) inGoal(pi int) bool {
	for k := l.paraIn[pi]; k >= 0; k = l.items[k].parent {
		if goalSectionRe.MatchString(l.items[k].h.title) {
			return true
		}
	}
	return false
}

// assessTitleRe: an assessment list (考核细则, 评分标准), whose weights and
// scores are its rules, not its targets.
var assessTitleRe = regexp.MustCompile(`考核|考评|评分|评价|绩效`)

// introEndRe: a paragraph that introduces a list (…实现以下目标：).
var introEndRe = regexp.MustCompile(`[：:]\s*$`)

// within tells whether paragraph pi lies inside item k.
func (l *layout) within(pi, k int) bool {
	for j := l.paraIn[pi]; j >= 0; j = l.items[j].parent {
		if j == k {
			return true
		}
	}
	return false
}

// restatesRow tells whether a target found in the text is an indicator
// table's row stated again: the same figure for the same indicator.
func restatesRow(r rawTarget, raws []rawTarget) bool {
	if r.c.Value == nil {
		return false
	}
	for _, t := range raws {
		if !t.table || t.c.Value == nil || *t.c.Value != *r.c.Value {
			continue
		}
		if r.c.Unit != "" && t.c.Unit != "" && strings.TrimLeft(r.c.Unit, "万亿千百") != strings.TrimLeft(t.c.Unit, "万亿千百") {
			continue
		}
		if r.hasDL && t.hasDL && r.c.Deadline.Year() != t.c.Deadline.Year() {
			continue
		}
		a, b := hanOnly(r.c.Title), hanOnly(t.c.Title)
		if a == "" || b == "" {
			continue
		}
		if strings.Contains(a, b) || strings.Contains(b, a) || commonPrefix(a, b) >= 4 {
			return true
		}
	}
	return false
}

func hanOnly(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 0x4e00 && r <= 0x9fff {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func commonPrefix(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	n := 0
	for n < len(ra) && n < len(rb) && ra[n] == rb[n] {
		n++
	}
	return n
}

// restatesEarlier finds an earlier target with the same figure, unit and
// deadline for the same thing (a shared run of three characters or more in
// their titles, two thirds of the shorter one); -1 when there is none.
func restatesEarlier(r rawTarget, prev []rawTarget) int {
	if r.c.Value == nil || r.table {
		return -1
	}
	a := hanOnly(cleanTitle(r.c.Title))
	for k, t := range prev {
		if t.c.Value == nil || *t.c.Value != *r.c.Value || t.c.Unit != r.c.Unit || t.hasDL != r.hasDL || !t.c.Deadline.Equal(r.c.Deadline) || t.para == r.para {
			continue
		}
		b := hanOnly(cleanTitle(t.c.Title))
		short := utf8.RuneCountInString(a)
		if n := utf8.RuneCountInString(b); n < short {
			short = n
		}
		if n := longestCommon(a, b); n >= 3 && n*3 >= short*2 {
			return k
		}
	}
	return -1
}

// longestCommon is the length in characters of the longest run two
// strings share.
func longestCommon(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	best := 0
	for i := range ra {
		for j := range rb {
			n := 0
			for i+n < len(ra) && j+n < len(rb) && ra[i+n] == rb[j+n] {
				n++
			}
			if n > best {
				best = n
			}
		}
	}
	return best
}
