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
}

var (
	colYearRe  = regexp.MustCompile(`(\d{4})\s*年`)
	cellNumRe  = regexp.MustCompile(`^(累计)?\s*([\[［〔【(（]?)\s*(>=|<=|≥|≤|>|<|＞|＜|大于|小于|不低于|不高于|不超过|不少于)?\s*(\d+(?:\.\d+)?)\s*(%|‰)?\s*([\]］〕】)）]?)\s*(以上|以下|以内|左右|及以上)?`)
	nameUnitRe = regexp.MustCompile(`[（(]([^（）()]{1,12})[）)]$`)
)

func readHeader(cells []cell) (tableCols, bool) {
	c := tableCols{name: -1, unit: -1, base: -1, target: -1, attr: -1, growth: -1, content: -1, lead: -1, resp: -1, due: -1, n: len(cells)}
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
		case strings.Contains(t, "年均增"):
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
		case strings.Contains(t, "目标") || strings.Contains(t, "预期") || strings.Contains(t, "规划值") || strings.Contains(t, "指标值") || strings.Contains(t, "考核值") || strings.Contains(t, "任务值"):
			c.target = i
			if m := colYearRe.FindStringSubmatch(t); m != nil {
				c.targetYear = atoi(m[1])
			}
		case strings.Contains(t, "指标") || strings.Contains(t, "项目") || strings.Contains(t, "名称"):
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
	}
	if c.name >= 0 && c.target >= 0 {
		return c, true
	}
	if c.content >= 0 && (c.lead >= 0 || c.resp >= 0 || c.due >= 0) {
		return c, true
	}
	return c, false
}

// readTables finds the tables among the paragraphs and reads their rows.
func readTables(ps []*para, dc docContext, l *layout, plan PlanMeta) ([]rawTarget, []baseFact) {
	var out []rawTarget
	var facts []baseFact
	var cols tableCols
	var hdr []cell // a spaced header's cells, to place a row's cells by column
	have := false
	for i, p := range ps {
		if !p.table {
			have = false
			continue
		}
		hcells := p.cells
		if p.spaced {
			hcells = mergeLetterCells(p.cells)
		}
		if h, ok := readHeader(hcells); ok {
			cols, have = h, true
			hdr = nil
			if p.spaced {
				hdr = hcells
			}
			// A second header row with the years under 基期值 / 目标值.
			if i+1 < len(ps) && ps[i+1].table && yearRow(ps[i+1].cells) {
				for j, c := range ps[i+1].cells {
					m := colYearRe.FindStringSubmatch(c.text)
					switch {
					case m == nil:
					case j == cols.base && cols.baseYear == 0:
						cols.baseYear = atoi(m[1])
					case j == cols.target && cols.targetYear == 0:
						cols.targetYear = atoi(m[1])
					}
				}
			}
			continue
		}
		if yearRow(p.cells) {
			continue
		}
		if !have || nonEmpty(p.cells) < 2 {
			continue
		}
		// Merged cells on the left (a category written once): align from the right.
		cells := p.cells
		if p.spaced && hdr != nil {
			cells = alignCells(hdr, p.cells)
		}
		shift := cols.n - len(cells)
		if shift < 0 {
			shift = 0
		}
		get := func(col int) (cell, bool) {
			if col < 0 {
				return cell{}, false
			}
			j := col - shift
			if j < 0 || j >= len(cells) {
				return cell{}, false
			}
			return cells[j], true
		}
		if cols.content >= 0 {
			ts := taskRow(p, cols, get, dc)
			for k := range ts {
				ts[k].para = i
			}
			out = append(out, ts...)
			continue
		}
		nc, ok := get(cols.name)
		if !ok || nc.text == "" {
			continue
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
			continue
		}
		growthUsed := false
		if gc, ok := get(cols.growth); ok && cols.growth != cols.target && (tc.text == "" || tc.text == "—" || tc.text == "-" || tc.text == "/") {
			// Only a growth rate: 地区生产总值增长 — 5.5左右.
			tc = gc
			if !strings.Contains(name, "增") && !strings.ContainsAny(gc.text, "[［〔【") && cellNumRe.MatchString(gc.text) {
				name += "年均增长"
			}
			growthUsed = true
		}
		c := Candidate{Title: strings.TrimLeft(name, "0123456789.、 "), Unit: unit, Comparator: ">="}
		c.Start, c.End = p.pos[0], p.pos[len(p.pos)-1]
		if cols.targetYear > 0 {
			c.Deadline = endOf(cols.targetYear, 0)
		}
		rt := rawTarget{c: c, hasDL: cols.targetYear > 0, para: i}
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
				out = append(out, tt)
			}
			if len(ts) > 0 {
				continue
			}
		}
		if m == nil {
			t := tc.text
			if t == "" || t == "—" || t == "-" || t == "/" {
				continue
			}
			rt.c.Kind, rt.c.Comparator, rt.c.Unit = "milestone", "=", ""
			if relativeRe.MatchString(t) {
				rt.c.Kind, rt.c.Comparator = "relative", ">="
			}
			if trendRe.MatchString(t) {
				rt.c.Kind, rt.c.Comparator = "trend", "up"
				if downRe.MatchString(t) {
					rt.c.Comparator = "down"
				}
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
			case strings.Contains(name, "年均") || strings.Contains(name, "增长") || strings.Contains(name, "增速") || strings.Contains(name, "降低") || strings.Contains(name, "下降"):
				rt.c.Kind = "rate"
			default:
				rt.c.Kind = "level"
				if rt.c.Comparator == ">=" && m[3] == "" && m[7] == "" && (strings.Contains(name, "率") || strings.Contains(name, "浓度")) && (strings.Contains(name, "失业") || strings.Contains(name, "浓度") || strings.Contains(name, "死亡") || strings.Contains(name, "发生")) {
					rt.guessed = true
				}
			}
		}
		if !unitKnown(rt.c.Unit) {
			rt.c.Doubts = append(rt.c.Doubts, DoubtUnit)
		}
		if bc, ok := get(cols.base); ok {
			if bm := cellNumRe.FindStringSubmatch(bc.text); bm != nil {
				bd := time.Time{}
				if cols.baseYear > 0 {
					bd = endOf(cols.baseYear, 0)
				}
				rt.base = &baseFact{name: rt.c.Title, value: parseFloat(bm[4]), unit: rt.c.Unit, date: bd, text: strings.Join(cellTexts(p.cells), " ")}
			}
		}
		rt.c.Lead, rt.c.Responsible = rowOwners(cols, get)
		if gc, ok := get(cols.growth); ok && cols.target != cols.growth && !growthUsed {
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
				out = append(out, rt, g)
				continue
			}
		}
		_ = facts
		out = append(out, rt)
	}
	return out, facts
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
