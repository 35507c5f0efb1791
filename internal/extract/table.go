package extract

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Indicator tables (主要指标: 指标 / 单位 / 基期值 / 目标值 / 属性) and task
// tables (实事项目 / 目标任务 / 牵头单位 / 责任单位 / 完成时限): one target
// per indicator row; a task table's cells go through the clause rules.

type tableCols struct {
	name, unit, base, target, attr, growth int
	content, lead, resp, due               int
	baseYear, targetYear                   int
	n                                      int
	// midYears: year columns between the base and the target
	// (2025年（基数）/2026年/2027年/2028年): each is a target of its year.
	midYears [][2]int // column, year
	stretch  int      // a second, higher tier (争先目标, 奋斗目标): aspirational
}

var (
	stretchColRe = regexp.MustCompile(`争先|奋斗|挑战|力争|进位`)
	colYearRe    = regexp.MustCompile(`(\d{4})\s*年`)
	cellNumRe    = regexp.MustCompile(`^(累计)?\s*([\[［〔【(（]?)\s*(>=|<=|≥|≤|>|<|＞|＜|大于|小于|不低于|不高于|不超过|不少于)?\s*(\d+(?:\.\d+)?)\s*(%|‰)?\s*([\]］〕】)）]?)\s*(以上|以下|以内|左右|及以上)?`)
	nameUnitRe   = regexp.MustCompile(`[（(]([^（）()]{1,12})[）)]$`)
)

func readHeader(cells []cell) (tableCols, bool) {
	c := tableCols{name: -1, unit: -1, base: -1, target: -1, attr: -1, growth: -1, content: -1, lead: -1, resp: -1, due: -1, stretch: -1, n: len(cells)}
	var years []int
	for i, x := range cells {
		t := x.text
		switch {
		case strings.Contains(t, "牵头"):
			c.lead = i
		case strings.Contains(t, "责任单位") || strings.Contains(t, "责任部门") || strings.Contains(t, "配合单位") || strings.Contains(t, "考核部门") || strings.Contains(t, "考核单位") || strings.Contains(t, "主管部门") || strings.Contains(t, "主责部门") || strings.Contains(t, "责任主体"):
			c.resp = i
		case strings.Contains(t, "时限") || strings.Contains(t, "完成时间"):
			c.due = i
		case strings.Contains(t, "属性") || t == "类型" || strings.Contains(t, "指标类型"):
			c.attr = i
		case strings.Contains(t, "年均"):
			c.growth = i
		case t == "单位" || strings.Contains(t, "计量单位"):
			c.unit = i
		case strings.Contains(t, "权重") || strings.Contains(t, "分值") || strings.Contains(t, "评分") || strings.Contains(t, "计分") || t == "分数" || strings.Contains(t, "考核方式") || strings.Contains(t, "备注"):
			// An assessment's weights and scoring rules: no target.
		case strings.Contains(t, "基期") || strings.Contains(t, "现状") || strings.Contains(t, "基数") || strings.Contains(t, "基准") || strings.Contains(t, "完成值") || strings.Contains(t, "完成情况") || strings.Contains(t, "实际") || strings.Contains(t, "实绩") || strings.Contains(t, "上年") || strings.Contains(t, "现值"):
			c.base = i
			if m := colYearRe.FindStringSubmatch(t); m != nil {
				c.baseYear = atoi(m[1])
			}
		case strings.Contains(t, "目标任务") || strings.Contains(t, "建设内容") || strings.Contains(t, "工作目标") || strings.Contains(t, "主要内容") || strings.Contains(t, "任务内容") || strings.Contains(t, "具体内容"):
			c.content = i
		case (strings.Contains(t, "目标") || strings.Contains(t, "预期") || strings.Contains(t, "规划值") || strings.Contains(t, "指标值") || strings.Contains(t, "考核值") || strings.Contains(t, "任务值")) && c.target >= 0 && stretchColRe.MatchString(t):
			// 基本目标 / 争先目标: the second tier is an aspiration.
			c.stretch = i
		case strings.Contains(t, "目标") || strings.Contains(t, "预期") || strings.Contains(t, "规划值") || strings.Contains(t, "指标值") || strings.Contains(t, "考核值") || strings.Contains(t, "任务值"):
			c.target = i
			if m := colYearRe.FindStringSubmatch(t); m != nil {
				c.targetYear = atoi(m[1])
			}
		case strings.Contains(t, "指标") || strings.Contains(t, "项目") || strings.Contains(t, "名称") || strings.Contains(t, "任务") || strings.Contains(t, "事项"):
			if c.name < 0 {
				c.name = i
			}
		case colYearRe.MatchString(t):
			years = append(years, i)
		}
	}
	// Year columns: the earlier one is the base, the later one the target.
	if len(years) > 0 {
		last := years[len(years)-1]
		if c.target < 0 {
			c.target = last
			c.targetYear = atoi(colYearRe.FindStringSubmatch(cells[last].text)[1])
		}
		if c.base < 0 && len(years) > 1 {
			c.base = years[0]
			c.baseYear = atoi(colYearRe.FindStringSubmatch(cells[years[0]].text)[1])
		}
		for _, k := range years {
			if k != c.base && k != c.target {
				c.midYears = append(c.midYears, [2]int{k, atoi(colYearRe.FindStringSubmatch(cells[k].text)[1])})
			}
		}
	}
	// 目标 without a year or 值 beside owner and deadline columns holds a
	// task's target as a sentence: a task table.
	if c.content < 0 && c.target >= 0 && c.targetYear == 0 && (c.lead >= 0 || c.due >= 0) && !strings.Contains(cells[c.target].text, "值") && c.unit < 0 && c.stretch < 0 {
		c.content, c.target = c.target, -1
	}
	if c.name >= 0 && c.target >= 0 {
		return c, true
	}
	if c.content >= 0 && (c.lead >= 0 || c.resp >= 0 || c.due >= 0) {
		return c, true
	}
	return c, false
}

// bodyRow is one row of a table body: its cells placed under the
// header's columns (a spaced row's by display position, others as
// written, aligned from the right when cells are missing on the left).
type bodyRow struct {
	i          int // paragraph index
	p          *para
	cells      []cell
	shift      int
	frag       bool
	start, end int // original offsets of the row with its wrapped parts
	ownName    bool
}

// readTables finds the tables among the paragraphs and reads their rows.
func readTables(ps []*para, dc docContext, l *layout, plan PlanMeta) ([]rawTarget, []baseFact) {
	var out []rawTarget
	var facts []baseFact
	var cols tableCols
	var hdr []cell // a spaced header's cells, to place a row's cells by column
	have := false
	var rows []*bodyRow
	flushRows := func() {
		if len(rows) > 0 {
			joinFragments(rows, cols)
			for _, r := range rows {
				if !r.frag {
					for _, my := range cols.midYears {
						mid := cols
						mid.target, mid.targetYear = my[0], my[1]
						out = append(out, readRow(r, mid, dc)...)
					}
					out = append(out, readRow(r, cols, dc)...)
					if cols.stretch >= 0 {
						st := cols
						st.target = cols.stretch
						for _, t := range readRow(r, st, dc) {
							t.c.Aspirational = true
							out = append(out, t)
						}
					}
				}
			}
		}
		rows = nil
	}
	for i := 0; i < len(ps); i++ {
		p := ps[i]
		if !p.table {
			flushRows()
			have = false
			continue
		}
		if h, hc, n, ok := findHeader(ps, i); ok {
			flushRows()
			cols, have = h, true
			hdr = nil
			if p.spaced {
				hdr = hc
			}
			i += n - 1
			continue
		}
		if p.frag {
			if have && hdr != nil {
				r := &bodyRow{i: i, p: p, frag: true, cells: alignCells(hdr, p.cells)}
				r.start, r.end = p.pos[0], p.pos[len(p.pos)-1]
				rows = append(rows, r)
			}
			continue
		}
		if yearRow(p.cells) || headerRow(p) {
			continue
		}
		if !have || nonEmpty(p.cells) < 2 {
			continue
		}
		r := &bodyRow{i: i, p: p, cells: p.cells}
		r.start, r.end = p.pos[0], p.pos[len(p.pos)-1]
		if p.spaced && hdr != nil {
			r.cells = alignCells(hdr, p.cells)
		}
		// Merged cells on the left (a category written once): align from the right.
		if r.shift = cols.n - len(r.cells); r.shift < 0 {
			r.shift = 0
		}
		if nc, ok := r.get(cols.name); ok && nc.text != "" {
			r.ownName = true
		}
		// A spaced line without a name that is no line of figures: the
		// wrapped ends of several cells at once (a task table's target,
		// owners and deadline).
		if p.spaced && hdr != nil && !r.ownName && (cols.content >= 0 || !strings.ContainsAny(p.text, "0123456789")) {
			r.frag = true
		}
		rows = append(rows, r)
	}
	flushRows()
	return out, facts
}

func (r *bodyRow) get(col int) (cell, bool) {
	if col < 0 {
		return cell{}, false
	}
	j := col - r.shift
	if j < 0 || j >= len(r.cells) {
		return cell{}, false
	}
	return r.cells[j], true
}

// findHeader tells whether a table's header starts at paragraph i: one
// row, or up to four rows whose cells are all header words, joined by
// column (2025年 above （基期值）, 指标 above 属性). It returns the columns,
// the joined cells and the number of rows taken.
func findHeader(ps []*para, i int) (tableCols, []cell, int, bool) {
	p := ps[i]
	one := p.cells
	if p.spaced {
		one = mergeLetterCells(p.cells)
	}
	h1, ok1 := readHeader(one)
	if !ok1 && !headerRow(p) {
		return tableCols{}, nil, 0, false
	}
	j := i + 1
	for j < len(ps) && j < i+4 && ps[j].table && ps[j].spaced == p.spaced && headerRow(ps[j]) {
		j++
	}
	if j > i+1 {
		merged := mergeHeaderRows(ps[i:j])
		if h, ok := readHeader(merged); ok {
			return h, merged, j - i, true
		}
	}
	if ok1 {
		// A second header row with the years under 基期值 / 目标值.
		if i+1 < len(ps) && ps[i+1].table && !ps[i+1].spaced && yearRow(ps[i+1].cells) {
			for k, c := range ps[i+1].cells {
				m := colYearRe.FindStringSubmatch(c.text)
				switch {
				case m == nil:
				case k == h1.base && h1.baseYear == 0:
					h1.baseYear = atoi(m[1])
				case k == h1.target && h1.targetYear == 0:
					h1.targetYear = atoi(m[1])
				}
			}
		}
		return h1, one, 1, true
	}
	return tableCols{}, nil, 0, false
}

// headerRow tells whether every cell of a row is made of header words.
func headerRow(p *para) bool {
	n := 0
	for _, c := range p.cells {
		if c.text == "" {
			continue
		}
		if !headerCell(c.text) {
			return false
		}
		n++
	}
	return n > 0
}

// mergeHeaderRows joins the lines of a header by column: a spaced
// header's cells by display position (a cell under no other starts a
// column of its own), other rows' by their place.
func mergeHeaderRows(rs []*para) []cell {
	var out []cell
	for _, r := range rs {
		cs := r.cells
		if r.spaced {
			cs = mergeLetterCells(r.cells)
		}
		for k, c := range cs {
			if c.text == "" {
				continue
			}
			if !r.spaced {
				for len(out) <= k {
					out = append(out, cell{})
				}
				out[k].text += c.text
				continue
			}
			best, bestOv := -1, 0
			for m, o := range out {
				lo, hi := max(c.c0, o.c0), min(c.c1, o.c1)
				if hi-lo > bestOv {
					best, bestOv = m, hi-lo
				}
			}
			if best < 0 {
				at := len(out)
				for m, o := range out {
					if c.c0 < o.c0 {
						at = m
						break
					}
				}
				out = append(out[:at], append([]cell{c}, out[at:]...)...)
				continue
			}
			o := &out[best]
			o.text += c.text
			o.c0, o.c1 = min(o.c0, c.c0), max(o.c1, c.c1)
		}
	}
	return out
}

// joinFragments gives the lines holding only wrapped parts of cells to the
// row they belong to. A part under another column than the name's ends
// the cell above. A name's part goes to the row below when that row has
// no name on its line of figures (a word processor centres the figures
// between the lines of a wrapped name), or when the name above is
// complete with its unit (…比重（%）); else it ends the name above.
func joinFragments(rows []*bodyRow, cols tableCols) {
	for k := 0; k < len(rows); {
		if !rows[k].frag {
			k++
			continue
		}
		e := k
		for e < len(rows) && rows[e].frag {
			e++
		}
		var a, b *bodyRow
		if k > 0 {
			a = rows[k-1]
		}
		if e < len(rows) {
			b = rows[e]
		}
		run := rows[k:e]
		// How many of the parts the name above takes before it ends
		// with its unit (…比率（%）); -1 when it never does.
		complete := -1
		if a != nil {
			name := ""
			if nc, ok := a.get(cols.name); ok {
				name = nc.text
			}
			for n := 0; n <= len(run); n++ {
				if n > 0 {
					name += fragName(run[n-1], cols)
				}
				if name != "" && nameUnitRe.MatchString(name) {
					complete = n
					break
				}
			}
			if complete == 0 && startsBracket(fragName(run[0], cols)) {
				complete = -1
			}
		}
		up := len(run)
		switch {
		case a == nil:
			up = 0
		case b == nil:
		case complete >= 0:
			up = complete
		case !b.ownName:
			up = len(run) / 2
		}
		for n, f := range run {
			for c, piece := range f.cells {
				if piece.text == "" {
					continue
				}
				to := b
				if n < up || c != cols.name && a != nil || b == nil {
					to = a
				}
				if to == nil {
					continue
				}
				if to == a {
					to.cells[c] = concatCells(to.cells[c], piece)
				}
			}
		}
		// The parts going down join in their order, before the row's own.
		if b != nil && up < len(run) {
			for c := range b.cells {
				var head cell
				for _, f := range run[up:] {
					if c < len(f.cells) && f.cells[c].text != "" && (c == cols.name || a == nil) {
						head = concatCells(head, f.cells[c])
					}
				}
				if head.text != "" {
					b.cells[c] = concatCells(head, b.cells[c])
				}
			}
		}
		for n, f := range run {
			to := b
			if n < up || b == nil {
				to = a
			}
			if to != nil {
				to.start, to.end = min(to.start, f.start), max(to.end, f.end)
			}
		}
		k = e
	}
}

func fragName(f *bodyRow, cols tableCols) string {
	if cols.name >= 0 && cols.name < len(f.cells) {
		return f.cells[cols.name].text
	}
	return ""
}

func startsBracket(s string) bool {
	return strings.HasPrefix(s, "（") || strings.HasPrefix(s, "(") || strings.HasPrefix(s, "[") || strings.HasPrefix(s, "［")
}

// concatCells joins two parts of one cell, in their order.
func concatCells(a, b cell) cell {
	if a.text == "" || a.p == nil {
		return b
	}
	if b.text == "" || b.p == nil {
		return a
	}
	q := &para{text: a.p.text + b.p.text}
	q.pos = append(append([]int{}, a.p.pos[:len(a.p.pos)-1]...), b.p.pos...)
	q.end = append(append([]int{}, a.p.end...), b.p.end...)
	return cell{text: q.text, start: min(a.start, b.start), end: max(a.end, b.end), p: q, c0: min(a.c0, b.c0), c1: max(a.c1, b.c1)}
}

var (
	rowNumberRe = regexp.MustCompile(`^(?:\d{1,2}\s*[.、．]\s*|[（(]\d{1,2}[)）]\s*)?(?:其中[：:]?)?`)
	cellZeroRe  = regexp.MustCompile(`清零|消除|零发生|杜绝`)
	cellUpRe    = regexp.MustCompile(`(?:持续|稳步|逐步|不断|逐年|进一步)(?:提高|提升|增加|增长|上升|改善|扩大)`)
	// Indicators measured as a level even in a column of growth rates.
	levelNameRe = regexp.MustCompile(`(?:率|比重|比例|占比|浓度|强度|指数|系数|寿命|年限)$`)
)

// readRow reads one row of a table: a task row through the clause rules, an
// indicator row as its target cell says.
func readRow(r *bodyRow, cols tableCols, dc docContext) []rawTarget {
	p, i, get := r.p, r.i, r.get
	if cols.content >= 0 {
		ts := taskRow(p, cols, get, dc)
		for k := range ts {
			ts[k].para = i
		}
		return ts
	}
	var out []rawTarget
	nc, ok := get(cols.name)
	if !ok || nc.text == "" {
		return nil
	}
	name := nc.text
	unit := ""
	if uc, ok := get(cols.unit); ok {
		unit = uc.text
	}
	if m := nameUnitRe.FindStringSubmatch(name); m != nil && unit == "" {
		unit = m[1]
		name = strings.TrimSpace(name[:len(name)-len(m[0])])
	}
	tc, ok := get(cols.target)
	if !ok {
		return nil
	}
	title := strings.TrimSpace(rowNumberRe.ReplaceAllString(name, ""))
	if title == "" {
		return nil
	}
	growthUsed, fromGrowth := false, false
	if gc, ok := get(cols.growth); ok && cols.growth != cols.target && (tc.text == "" || tc.text == "—" || tc.text == "-" || tc.text == "/") {
		// Only a growth rate: 地区生产总值增长 — 5.5左右.
		tc, fromGrowth = gc, true
		if !strings.Contains(title, "增") && !strings.ContainsAny(gc.text, "[［〔【") && cellNumRe.MatchString(gc.text) && !levelNameRe.MatchString(title) {
			title += "年均增长"
		}
		growthUsed = !levelNameRe.MatchString(title)
		if growthUsed && !strings.ContainsAny(gc.text, "[［〔【") {
			unit = "%"
		}
	}
	c := Candidate{Title: title, Unit: unit, Comparator: ">="}
	c.Start, c.End = r.start, r.end
	if cols.targetYear > 0 {
		c.Deadline = endOf(cols.targetYear, 0)
	}
	rt := rawTarget{c: c, hasDL: cols.targetYear > 0, para: i}
	var base *baseFact
	if bc, ok := get(cols.base); ok {
		if bm := cellNumRe.FindStringSubmatch(bc.text); bm != nil {
			bd := time.Time{}
			if cols.baseYear > 0 {
				bd = endOf(cols.baseYear, 0)
			}
			base = &baseFact{name: title, value: parseFloat(bm[4]), unit: unit, date: bd, text: strings.Join(cellTexts(p.cells), " ")}
			if base.unit == "" {
				base.unit = bm[5]
			}
		}
	}
	m := cellNumRe.FindStringSubmatch(tc.text)
	if m == nil && tc.p != nil && strings.ContainsAny(tc.text, "0123456789") {
		// A cell written with its verb (下降2.5%, 提高到38%): read it
		// as a clause about the row's indicator.
		cdc := dc
		cdc.loose, cdc.planPara, cdc.inherited = false, false, rt.c.Deadline
		ts, _ := parseRange(tc.p, 0, len(tc.p.text), cdc, true, true, false)
		lead, resp := rowOwners(cols, get)
		for k := range ts {
			tt := ts[k]
			tt.para = i
			tt.c.Title = c.Title
			tt.c.Start, tt.c.End = c.Start, c.End
			tt.c.Lead, tt.c.Responsible = lead, resp
			if !tt.hasDL && rt.hasDL {
				tt.c.Deadline, tt.hasDL = rt.c.Deadline, true
			}
			if tt.c.Kind == "level" && (strings.Contains(tc.text, "下降") || strings.Contains(tc.text, "降低") || strings.Contains(tc.text, "增长")) && !strings.Contains(tc.text, "到") && !strings.Contains(tc.text, "至") {
				tt.c.Kind = "rate"
			}
			// An indicator's figure is its level unless the row says
			// it adds up (新增, 累计).
			if tt.c.Kind == "cumulative" && !strings.ContainsAny(title+tc.text, "新累") {
				tt.c.Kind = "level"
			}
			if base != nil && tt.c.Value != nil && k == 0 {
				b := *base
				if b.unit == "" {
					b.unit = tt.c.Unit
				}
				tt.base = &b
			}
			out = append(out, tt)
		}
		if len(ts) > 0 {
			return out
		}
	}
	if m == nil {
		t := tc.text
		if t == "" || t == "—" || t == "-" || t == "/" {
			return nil
		}
		rt.c.Kind, rt.c.Comparator, rt.c.Unit = "milestone", "=", ""
		switch {
		case relativeRe.MatchString(t):
			rt.c.Kind, rt.c.Comparator = "relative", ">="
		case trendRe.MatchString(t) || cellUpRe.MatchString(t):
			rt.c.Kind, rt.c.Comparator = "trend", "up"
			if downRe.MatchString(t) {
				rt.c.Comparator = "down"
			}
		case cellZeroRe.MatchString(t) && !strings.Contains(t, "下达"):
			rt.c.Kind = "zero"
			rt.base = base
		}
		rt.c.Title = c.Title + " " + t
	} else {
		v := parseFloat(m[4])
		rt.c.Value = &v
		if m[5] != "" && rt.c.Unit == "" {
			rt.c.Unit = m[5]
		}
		switch m[3] {
		case ">", "＞", "大于":
			rt.c.Comparator = ">"
		case "<", "＜", "小于":
			rt.c.Comparator = "<"
		case "<=", "≤", "不高于", "不超过":
			rt.c.Comparator = "<="
		}
		switch m[7] {
		case "以下", "以内":
			rt.c.Comparator = "<="
		case "左右":
			rt.c.Approximate, rt.c.Comparator = true, "="
		}
		bracket := m[2] != "" && m[6] != "" && m[2] != "(" && m[2] != "（"
		switch {
		case bracket || m[1] != "" || strings.Contains(name, "累计"):
			rt.c.Kind = "cumulative"
		case isCountUnit(rt.c.Unit) && doStartRe.MatchString(strings.TrimSpace(rowNumberRe.ReplaceAllString(name, ""))):
			// 新增家庭养老床位 800: a count of things done in the period.
			rt.c.Kind = "cumulative"
		case growthUsed || strings.Contains(name, "年均") || strings.Contains(name, "增长") || strings.Contains(name, "增速") || strings.Contains(name, "降低") || strings.Contains(name, "下降"):
			rt.c.Kind = "rate"
		default:
			rt.c.Kind = "level"
			if rt.c.Comparator == ">=" && m[3] == "" && m[7] == "" && (strings.Contains(name, "率") || strings.Contains(name, "浓度")) && (strings.Contains(name, "失业") || strings.Contains(name, "浓度") || strings.Contains(name, "死亡") || strings.Contains(name, "发生")) {
				rt.guessed = true
			}
		}
		if base != nil && rt.c.Kind != "cumulative" {
			b := *base
			b.name, b.unit = rt.c.Title, rt.c.Unit
			rt.base = &b
		}
	}
	if !unitKnown(rt.c.Unit) {
		rt.c.Doubts = append(rt.c.Doubts, DoubtUnit)
	}
	rt.c.Lead, rt.c.Responsible = rowOwners(cols, get)
	if gc, ok := get(cols.growth); ok && cols.target != cols.growth && !fromGrowth {
		// A five-year total beside the target ([3.5]) restates it.
		if gm := cellNumRe.FindStringSubmatch(gc.text); gm != nil && rt.c.Kind != "rate" && !(gm[2] != "" && gm[6] != "") {
			v := parseFloat(gm[4])
			g := rawTarget{c: rt.c, hasDL: rt.hasDL, para: i}
			g.c.Title = rt.c.Title + "年均增长"
			g.c.Value, g.c.Unit, g.c.Kind, g.c.Comparator, g.c.Approximate = &v, "%", "rate", ">=", false
			g.c.Doubts = nil
			if gm[7] == "左右" {
				g.c.Approximate, g.c.Comparator = true, "="
			}
			return append(out, rt, g)
		}
	}
	return append(out, rt)
}

func nonEmpty(cs []cell) int {
	n := 0
	for _, c := range cs {
		if c.text != "" {
			n++
		}
	}
	return n
}

func cellTexts(cs []cell) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.text
	}
	return out
}

// taskRow reads a row of a task table: the content cell through the clause
// rules, owners and deadline from their columns.
func taskRow(p *para, cols tableCols, get func(int) (cell, bool), dc docContext) []rawTarget {
	cc, ok := get(cols.content)
	if !ok || cc.p == nil || cc.text == "" {
		return nil
	}
	// A task table is the plan's own list, even in a document without
	// numbered goal sections.
	dc.loose, dc.planPara, dc.inherited = false, false, time.Time{}
	ts, _ := parseRange(cc.p, 0, len(cc.p.text), dc, true, true, false)
	lead, resp := rowOwners(cols, get)
	var due time.Time
	if dcell, ok := get(cols.due); ok {
		if d, _, found := deadlineIn(dcell.p.text, span{0, len(dcell.p.text)}, dc); found {
			due = d
		}
		// 2026年、2027年: every one of those years, to the last.
		if ys := colYearRe.FindAllStringSubmatch(dcell.p.text, -1); len(ys) > 1 && strings.Contains(dcell.p.text, "、") {
			if y := atoi(ys[len(ys)-1][1]); y > due.Year() {
				due = endOf(y, 0)
			}
		}
	}
	name := ""
	if nc, ok := get(cols.name); ok {
		name = nc.text
	}
	for k := range ts {
		ts[k].c.Lead, ts[k].c.Responsible = lead, resp
		if !ts[k].hasDL && !due.IsZero() {
			ts[k].c.Deadline, ts[k].hasDL = due, true
		}
		if ts[k].c.Title == "" {
			ts[k].c.Title = name
		}
	}
	return ts
}

// yearRow tells whether a table row holds only years (a second header row).
func yearRow(cs []cell) bool {
	n := 0
	for _, c := range cs {
		if c.text == "" {
			continue
		}
		if !yearCellRe.MatchString(c.text) {
			return false
		}
		n++
	}
	return n > 0
}

var yearCellRe = regexp.MustCompile(`^[（(]?\d{4}\s*年(?:底|末)?[）)]?$`)

// rowOwners reads a row's 牵头单位 and 责任单位 cells; without a lead
// column, the unit marked （牵头）, else the first, leads.
func rowOwners(cols tableCols, get func(int) (cell, bool)) (lead, resp []string) {
	if lc, ok := get(cols.lead); ok {
		lead, _ = splitUnits(lc.text)
	}
	if rc, ok := get(cols.resp); ok {
		units, marked := splitUnits(rc.text)
		if len(lead) == 0 {
			if len(marked) > 0 {
				lead = marked
				units = without(units, marked)
			} else if len(units) > 0 {
				lead, units = units[:1], units[1:]
			}
		}
		resp = units
	}
	return lead, resp
}

// mergeLetterCells joins a spaced header's cells that are single
// characters set apart to fill a wide column (指        标).
func mergeLetterCells(cs []cell) []cell {
	var out []cell
	for _, c := range cs {
		if n := len(out); n > 0 && utf8.RuneCountInString(c.text) == 1 && utf8.RuneCountInString(out[n-1].text) == 1 && c.text != "—" && out[n-1].text != "—" && !isDigit(c.text[0]) {
			prev := &out[n-1]
			if r, _ := utf8.DecodeRuneInString(prev.text); r >= 0x4e00 {
				prev.text += c.text
				prev.end, prev.c1 = c.end, c.c1
				continue
			}
		}
		out = append(out, c)
	}
	return out
}

// alignCells places a spaced row's cells under the header's columns by
// their display position; a column with nothing under it is empty.
func alignCells(hdr, row []cell) []cell {
	out := make([]cell, len(hdr))
	taken := make([]bool, len(hdr))
	for _, c := range row {
		best, bestScore := -1, -1<<30
		for k, h := range hdr {
			if taken[k] {
				continue
			}
			lo, hi := c.c0, c.c1
			if h.c0 > lo {
				lo = h.c0
			}
			if h.c1 < hi {
				hi = h.c1
			}
			score := hi - lo // overlap, or minus the gap
			if hi <= lo {
				cm, hm := c.c0+c.c1, h.c0+h.c1
				d := cm - hm
				if d < 0 {
					d = -d
				}
				score = -d
			}
			if score > bestScore {
				best, bestScore = k, score
			}
		}
		if best >= 0 {
			out[best], taken[best] = c, true
		}
	}
	return out
}

// headerWords are what a table's header cells are made of, alone or
// joined (基期值, 2025年（基期值）, 指标属性, 年均增长（%）, [累计]).
var headerWords = []string{"基期值", "基期", "基准值", "基准年", "基准", "现状值", "现状", "目标值", "目标", "规划值", "规划",
	"预期值", "预期", "指标值", "完成值", "实际值", "考核值", "任务值", "属性", "性质", "类型", "计量", "单位", "名称", "指标",
	"年均增长", "年均增速", "年均", "累计", "增长", "增速", "类别", "领域", "序号", "备注", "值", "年", "底", "末", "%", "‰"}

var headerYearRe = regexp.MustCompile(`\d{4}`)

// headerCell tells whether a cell's text is a header's (only header words,
// years and brackets).
func headerCell(t string) bool {
	t = headerYearRe.ReplaceAllString(t, "")
	t = strings.Map(func(r rune) rune {
		if strings.ContainsRune("（）()[]［］〔〕【】/、 　-—", r) {
			return -1
		}
		return r
	}, t)
	if t == "" {
		return false
	}
	for t != "" {
		found := false
		for _, w := range headerWords {
			if strings.HasPrefix(t, w) {
				t, found = t[len(w):], true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// headerCells cuts a line of a table's header set out with runs of blanks
// into its cells when it has two or more and all are header cells (a
// header's second line: （基期值）   （目标值）); nil otherwise.
func headerCells(s string) []span {
	cs := splitBlanks(s)
	if len(cs) < 2 {
		return nil
	}
	for _, c := range cs {
		if !headerCell(strings.TrimSpace(s[c.a:c.b])) {
			return nil
		}
	}
	return cs
}

var figureCellRe = regexp.MustCompile(`^[\[［〔]?(?:[<>≤≥＜＞]|>=|<=)?\d+(?:\.\d+)?[%‰]?[\]］〕]?(?:左右|以上|以下|以内)?$`)

// splitTrailingFigures cuts a figure set apart from the cell before it by a
// single blank (…（微克/立方米） 29.6): pdftotext leaves one blank when
// the columns are close.
func splitTrailingFigures(s string, cells []span) []span {
	var out []span
	for _, c := range cells {
		var tail []span
		b := c.b
		for {
			i := strings.LastIndexByte(s[c.a:b], ' ')
			if i <= 0 {
				break
			}
			piece := s[c.a+i+1 : b]
			if !figureCellRe.MatchString(piece) {
				break
			}
			tail = append([]span{{c.a + i + 1, b}}, tail...)
			b = c.a + i
			for b > c.a && s[b-1] == ' ' {
				b--
			}
		}
		if b > c.a {
			out = append(out, span{c.a, b})
		}
		out = append(out, tail...)
	}
	return out
}
