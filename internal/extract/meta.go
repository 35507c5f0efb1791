package extract

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

var (
	// A title line: what policy documents call themselves.
	titleRe = regexp.MustCompile(`(关于.{2,80}的(?:实施意见|意见|通知|决定|方案|实施方案|行动方案|行动计划|工作方案)|(?:行动方案|行动计划|实施方案|工作方案|三年行动|专项规划|发展规划|规划纲要|规划|纲要|政府工作报告|工作要点|实施意见|若干措施|民生实事|目标责任书|责任书|任务书|考核细则|考核办法|评分标准|评分细则|任务清单|计划|方案)(?:[（(][^（）()]{4,20}[）)])?)$`)
	noiseRe = regexp.MustCompile(`设为首页|加入收藏|您现在的位置|当前位置|首页|网站|用户名|密码|登录|点击数|来源[:：]|浏览次数|打印|关闭窗口|上一篇|下一篇|\||>|»`)
	// （2024—2026年）, 2023—2025年
	periodRe   = regexp.MustCompile(`[（(]?(\d{4})\s*(?:—|－|-|–|~|～|至|到)+\s*(\d{4})\s*年?[）)]?`)
	fypTitleRe = regexp.MustCompile(`十[二三四五六七八九]五|第十[二三四五六七八九]个五年`)
	issuerRe   = regexp.MustCompile(`^((?:中共)?\S{1,20}?(?:委员会|市委|县委|区委|省委|州委))?\s*[、 ]?\s*(\S{1,20}?(?:人民政府办公室|人民政府办公厅|人民政府|政府办公室|办公厅|委员会|局|委))关于`)
	issuer2Re  = regexp.MustCompile(`^(中共\S{1,12}?委)\s*(\S{1,16}?人民政府)`)
	dateLabel  = regexp.MustCompile(`(?:发布日期|发布时间|成文日期|印发日期|更新时间|发文日期|日期|时间)[:：]\s*(\d{4})\s*[-/年.]\s*(\d{1,2})\s*[-/月.]\s*(\d{1,2})`)
	// 江岷日报　2026年2月24日　第3版: a newspaper's masthead line.
	mastheadRe = regexp.MustCompile(`(?:日报|晚报|时报|早报|报社|新闻网|融媒|第\s*\d+\s*版|版面)[^\n]{0,20}?(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日[^\n]{0,20}?(?:第\s*\d+\s*版|星期)`)
	dateEndRe  = regexp.MustCompile(`\p{Han}[\s　]*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$`)
	dateLine   = regexp.MustCompile(`^[（(—\-]*\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日`)
	signRe     = regexp.MustCompile(`(?:人民政府|委员会|办公室|办公厅|局|委|政府)$`)
	reportRe   = regexp.MustCompile(`政府工作报告`)
	// 2026年工作方案, 2025年度民生实事项目: a plan for one year.
	annualPlanRe = regexp.MustCompile(`(\d{4})\s*年度?[^0-9（()]{0,30}(?:目标责任书|责任书|任务书|任务清单|责任清单|工作方案|工作要点|工作计划|实施计划|行动计划|计划|方案|要点|民生实事|实事项目|政府工作报告|考核细则|考核办法|考核方案|评分标准|评分细则|考评细则|实施细则|任务清单|责任清单|任务分解|目标任务|项目清单|清单)(?:项目|清单|表)?(?:[（(][^（）()]{0,20}[）)])?(?:》?的通知|》)?$`)
	yearInRe     = regexp.MustCompile(`(\d{4})年`)
)

// readMeta reads the document's title, issuer, date and period from its
// first and last lines. The period may still be empty: FromText then takes
// it from the deadlines found.
func readMeta(ps []*para, text string) (PlanMeta, int) {
	var m PlanMeta
	titleIdx := -1
	limit := len(ps)
	if limit > 60 {
		limit = 60
	}
	for i := 0; i < limit; i++ {
		p := ps[i]
		if p.table {
			continue
		}
		t := p.text
		if utf8.RuneCountInString(t) > 100 || noiseRe.MatchString(t) || strings.HasSuffix(t, "。") {
			continue
		}
		if titleRe.MatchString(t) && !strings.HasPrefix(t, "《") {
			m.Title = t
			titleIdx = i
			break
		}
		// A title broken across two lines (…关于印发\n…的通知).
		if i+1 < limit && !ps[i+1].table && strings.Contains(t, "关于") && !strings.HasSuffix(ps[i+1].text, "。") {
			if j := t + ps[i+1].text; utf8.RuneCountInString(j) <= 120 && titleRe.MatchString(j) {
				m.Title = j
				titleIdx = i + 1
				break
			}
		}
	}
	if titleIdx < 0 {
		for i := 0; i < limit; i++ {
			t := ps[i].text
			if !ps[i].table && utf8.RuneCountInString(t) >= 6 && utf8.RuneCountInString(t) <= 60 && !noiseRe.MatchString(t) && !strings.HasSuffix(t, "。") {
				m.Title = t
				titleIdx = i
				break
			}
		}
	}
	// A title can continue on the next line (…关于印发\n…的通知).
	m.ShortTitle = shortTitle(m.Title)
	if g := issuerRe.FindStringSubmatch(m.Title); g != nil {
		if g[1] != "" {
			m.Issuer = g[1] + "、" + g[2]
		} else {
			m.Issuer = g[2]
		}
	} else if g := issuer2Re.FindStringSubmatch(m.Title); g != nil {
		m.Issuer = g[1] + "、" + g[2]
	}
	// Dates: a labelled date near the top, else a dated signature.
	for i := 0; i < len(ps) && i < 80; i++ {
		if g := dateLabel.FindStringSubmatch(ps[i].text); g != nil {
			d := time.Date(atoi(g[1]), time.Month(atoi(g[2])), atoi(g[3]), 0, 0, 0, 0, time.UTC)
			m.IssuedOn = &d
			break
		}
	}
	for i := 0; m.IssuedOn == nil && i < len(ps) && i < 8; i++ {
		// 棠溪市人民政府督查室　　2027年10月26日: a short line ending in a date.
		if g := dateEndRe.FindStringSubmatch(ps[i].text); g != nil && utf8.RuneCountInString(ps[i].text) <= 60 {
			t := time.Date(atoi(g[1]), time.Month(atoi(g[2])), atoi(g[3]), 0, 0, 0, 0, time.UTC)
			m.IssuedOn = &t
			break
		}
		if g := mastheadRe.FindStringSubmatch(ps[i].text); g != nil {
			y, mo, d := g[1], g[2], g[3]
			if y == "" {
				y, mo, d = g[4], g[5], g[6]
			}
			t := time.Date(atoi(y), time.Month(atoi(mo)), atoi(d), 0, 0, 0, 0, time.UTC)
			m.IssuedOn = &t
		}
	}
	if m.IssuedOn == nil {
		// The signature: a unit's name then a date, near the end or under
		// the title (——2024年1月10日在…会议上).
		check := func(i int) bool {
			g := dateLine.FindStringSubmatch(ps[i].text)
			if g == nil || utf8.RuneCountInString(ps[i].text) > 40 && !strings.HasPrefix(ps[i].text, "—") && !strings.HasPrefix(ps[i].text, "（") {
				return false
			}
			d := time.Date(atoi(g[1]), time.Month(atoi(g[2])), atoi(g[3]), 0, 0, 0, 0, time.UTC)
			m.IssuedOn = &d
			if m.Issuer == "" && i > 0 && signRe.MatchString(ps[i-1].text) && utf8.RuneCountInString(ps[i-1].text) <= 30 {
				m.Issuer = ps[i-1].text
			}
			return true
		}
		found := false
		for i := titleIdx + 1; i >= 0 && i < len(ps) && i <= titleIdx+4; i++ {
			if check(i) {
				found = true
				break
			}
		}
		for i := len(ps) - 1; !found && i >= 0 && i >= len(ps)-40; i-- {
			if check(i) {
				break
			}
		}
	}
	// Period: the title's （2024—2026年）, its 十五五, or a range near the top.
	head := m.Title
	if pm := periodRe.FindStringSubmatch(head); pm != nil {
		m.PeriodStart = time.Date(atoi(pm[1]), 1, 1, 0, 0, 0, 0, time.UTC)
		m.PeriodEnd = endOf(atoi(pm[2]), 0)
	} else if f := fypTitleRe.FindString(head); f != "" {
		y := fypYear[f]
		if y == 0 {
			// 第十五个五年规划 is 十五五.
			y = fypYear[strings.TrimSuffix(strings.TrimPrefix(f, "第"), "个五年")+"五"]
		}
		m.PeriodStart = time.Date(y-4, 1, 1, 0, 0, 0, 0, time.UTC)
		m.PeriodEnd = endOf(y, 0)
	} else if am := annualPlanRe.FindStringSubmatch(head); am != nil {
		y := atoi(am[1])
		m.PeriodStart = time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		m.PeriodEnd = endOf(y, 0)
	} else if reportRe.MatchString(head) {
		y := 0
		if g := yearInRe.FindStringSubmatch(head); g != nil {
			y = atoi(g[1])
		} else if m.IssuedOn != nil {
			y = m.IssuedOn.Year()
		}
		if y > 0 {
			m.PeriodStart = time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
			m.PeriodEnd = endOf(y, 0)
		}
	} else {
		// A subtitle under the title, or the first paragraph naming the plan
		// (印发《…行动计划（2023—2025年）》).
		for i := titleIdx + 1; i >= 0 && i < len(ps) && i <= titleIdx+3; i++ {
			pm := periodRe.FindStringSubmatch(ps[i].text)
			if pm != nil && atoi(pm[2]) > atoi(pm[1]) && atoi(pm[2])-atoi(pm[1]) <= 15 && (strings.Contains(ps[i].text, "《") || len(ps[i].text) < 40) {
				m.PeriodStart = time.Date(atoi(pm[1]), 1, 1, 0, 0, 0, 0, time.UTC)
				m.PeriodEnd = endOf(atoi(pm[2]), 0)
				break
			}
		}
	}
	reportYear := 0
	if !m.PeriodEnd.IsZero() && m.PeriodStart.Year() == m.PeriodEnd.Year() {
		reportYear = m.PeriodEnd.Year()
	}
	return m, reportYear
}

// shortTitle drops the issuer and the 关于…的 frame of a title.
func shortTitle(t string) string {
	s := t
	if i := strings.Index(s, "关于"); i >= 0 {
		s = s[i+len("关于"):]
		if j := strings.LastIndex(s, "的"); j >= 0 {
			s = s[:j] + s[j+len("的"):]
		}
	}
	s = strings.TrimPrefix(s, "印发")
	return s
}
