package extract

import (
	"regexp"
	"strings"
)

// owners is what one owner statement names: lead and responsible units,
// and where the statement is in its paragraph (so that the target rules
// skip it).
type owners struct {
	lead, resp []string
	a, b       int
	// guessedLead: no unit was marked 牵头; the first one listed is taken as
	// the lead (the usual order of a 责任单位 list).
	guessedLead bool
}

const (
	// Provincial and municipal departments name their internal 处室 or
	// 科室 as owners (牵头处室：规划处；配合处室：财务处).
	leadWord = `(?:承办单位|承办部门|承办处室|牵头考核部门|牵头考核单位|考核牵头部门|考核部门|考核单位|牵头单位|牵头部门|牵头处室|牵头科室|牵头处（室）|牵头处\(室\)|主责单位|主责部门|主责处室|主办单位|主办部门|责任主体|牵头|主责)`
	respWord = `(?:责任单位|责任部门|责任处室|责任科室|责任处（室）|责任处\(室\)|配合单位|配合部门|配合处室|配合科室|参与单位|参与部门|参与处室|协办单位|协办部门|协办处室|协同单位|协同部门|实施单位|实施主体|配合|协同|协办|参与|责任)`
)

var (
	// 牵头单位：…；责任单位：… in or out of brackets.
	ownerLabelRe = regexp.MustCompile(`[（(【]?(` + leadWord + `|` + respWord + `)(?:】[:：]?|[:：])([^（）()]*(?:[（(](?:牵头|市|县|区|街道|乡镇|含[^（）()]*|[^（）()]{1,12})[）)][^（）()]*)*)[）)]?`)
	// （市教育局牵头，市财政局…按职责分工负责）
	ownerParenRe = regexp.MustCompile(`[（(]([^（）()]{2,120}?)牵头(?:负责|实施|落实|推进)?(?:[，,、；;]([^（）()]*))?[）)]`)
	// （市住建局负责，各区人民政府参与）
	ownerParenRespRe = regexp.MustCompile(`[（(]([^（）()]{2,60}?)负责[，,；;]([^（）()]{2,120}?)(?:参与|配合|协助|协同)[）)]`)
	// the label inside a captured list, for 牵头单位：X；责任单位：Y in one match
	innerLabelRe = regexp.MustCompile(`【?(?:` + leadWord + `|` + respWord + `)(?:】[:：]?|[:：])`)
	// 由市住建局负责; 由X牵头，会同Y负责
	ownerByRe = regexp.MustCompile(`由([^，,。；;：:（）()由]{2,40}?)(?:牵头)?(?:[，,]?会同([^，,。；;：:（）()]{2,60}?))?(?:共同)?负责`)
	// 市卫生健康委会同市民政局负责
	ownerWithRe = regexp.MustCompile(`(?:^|[。；;，,])([^，,。；;：:（）()]{2,40}?)(?:牵头)?会同([^，,。；;：:（）()]{2,60}?)(?:共同)?负责`)
	// Owner sentences after a task, outside brackets: 由X牵头，Y配合。
	// X牵头，Y、Z等部门按职责分工负责。 由X牵头落实。 The statement is a
	// clause of its own: it ends the sentence.
	ownerLeadSentRe = regexp.MustCompile(`(?:^|[。；;，,])(由)?([^，,。；;：:（）()由、]{2,60}?(?:、[^，,。；;：:（）()由、]{2,60}?)*)牵头(?:负责|落实|推进|实施|组织实施)?(?:[，,]([^。；;：:（）()]{2,160}?(?:按职责分工负责|按职责分工落实|按职责负责|按职责落实|分工负责|共同负责|配合|参与|协同|协助|负责|落实)))?\s*(?:[。；;]|$)`)
	// X负责。 ending a task, and （X负责）: the units listed; the first
	// leads, as in a 责任单位 list.
	ownerSelfRe      = regexp.MustCompile(`(?:^|[。；;])([^，,。；;：:（）()由]{2,80}?)(?:共同)?负责\s*(?:[。；;]|$)`)
	ownerParenSelfRe = regexp.MustCompile(`[（(](?:(?:以上|上述|此项|该项|本项)(?:任务|工作|事项)?)?由?([^（）()]{2,80}?)(?:共同)?负责[）)]`)
	siteFooterRe     = regexp.MustCompile(`网站标识码|ICP备|公网安备|版权所有|技术支持|网站地图|主办单位[:：][^。]{0,40}承办单位[:：][^。]{0,30}(?:中心|公司)`)
	ownerBareParenRe = regexp.MustCompile(`[（(]([^（）()，,。；;：:]{2,80}?(?:处|局|委|办|厅|中心|科|室|站|所|院|部))[）)]\s*[。.；;]?\s*$`)
	leadMarkRe       = regexp.MustCompile(`[（(]牵头[）)]|牵头$`)
	unitSplitRe      = regexp.MustCompile(`[、，,；;／/]|(?:及|和|与)(?:市|县|区|省|各|国家|中共)`)
	ownerTailRe      = regexp.MustCompile(`(?:按职责分工?负责|按职责分工|按职责|按职责分工落实|按职责负责|分工负责|共同负责|配合|参与|负责|落实|等部门|等单位|等)+$`)
	unitNameRe       = regexp.MustCompile(`(?:局|委|办|部|厅|院|会|处|署|府|室|科|中心|研究所|派出所|所|图书馆|文化馆|博物馆|站|集团|公司|单位|支队|大队|组|团|社|行|联|政府|地区|乡镇|街道|园区|管委会|监管局|海事局|法院|检察院|银行|协会|学校|各区|各县|区县|县区|（市、区）|\(市、区\))$`)
)

// findOwners returns the owner statements of a paragraph's normalised text.
func findOwners(s string) []owners {
	var out []owners
	// A web page's footer (主办单位：…政府办公室　承办单位：…中心) credits
	// the site, not the work.
	if siteFooterRe.MatchString(s) {
		return nil
	}
	taken := func(a, b int) bool {
		for _, o := range out {
			if a < o.b && b > o.a {
				return true
			}
		}
		return false
	}
	for _, m := range ownerLabelRe.FindAllStringSubmatchIndex(s, -1) {
		if taken(m[0], m[1]) {
			continue
		}
		// Split at further labels inside the match.
		// A label that is not an owner's ends the list (…；完成时限：…).
		if k := otherLabelRe.FindStringIndex(s[m[4]:m[1]]); k != nil {
			m[1] = m[4] + k[0]
		}
		body := s[m[0]:m[1]]
		body = strings.TrimLeft(body, "（(【")
		// The closing bracket of a statement in brackets, not of its last
		// unit's （牵头）.
		for depth(body) < 0 && (strings.HasSuffix(body, "）") || strings.HasSuffix(body, ")")) {
			body = strings.TrimSuffix(strings.TrimSuffix(body, "）"), ")")
		}
		o := owners{a: m[0], b: m[1]}
		labels := innerLabelRe.FindAllStringIndex(body, -1)
		// 承办单位 leads unless a 牵头/主办 label names the lead
		// (承办单位：X　协办单位：Y, in either order).
		undertakerLeads := true
		for _, l := range labels {
			if isLeadLabel(body[l[0]:l[1]], false) {
				undertakerLeads = false
			}
		}
		for i, l := range labels {
			end := len(body)
			if i+1 < len(labels) {
				end = labels[i+1][0]
			}
			label := body[l[0]:l[1]]
			units, marked := splitUnits(body[l[1]:end])
			if isLeadLabel(label, undertakerLeads) {
				o.lead = append(o.lead, units...)
			} else if len(marked) > 0 {
				o.lead = append(o.lead, marked...)
				o.resp = append(o.resp, without(units, marked)...)
			} else {
				o.resp = append(o.resp, units...)
			}
		}
		if len(o.lead) == 0 && len(o.resp) > 0 {
			o.lead = []string{o.resp[0]}
			o.resp = o.resp[1:]
			o.guessedLead = true
		}
		if len(o.lead)+len(o.resp) > 0 {
			out = append(out, o)
		}
	}
	for _, re := range []*regexp.Regexp{ownerByRe, ownerWithRe} {
		for _, m := range re.FindAllStringSubmatchIndex(s, -1) {
			if taken(m[0], m[1]) {
				continue
			}
			lead, _ := splitUnits(s[m[2]:m[3]])
			if len(lead) == 0 || !allUnits(lead) {
				continue
			}
			a := m[0]
			if a < m[2] && !strings.HasPrefix(s[a:], "由") {
				a = m[2] // keep the clause mark before the statement
			}
			o := owners{a: a, b: m[1], lead: lead}
			if m[4] >= 0 {
				resp, _ := splitUnits(s[m[4]:m[5]])
				if !allUnits(resp) {
					continue
				}
				o.resp = resp
			}
			out = append(out, o)
		}
	}
	for _, m := range append(ownerParenRe.FindAllStringSubmatchIndex(s, -1), ownerParenRespRe.FindAllStringSubmatchIndex(s, -1)...) {
		if taken(m[0], m[1]) {
			continue
		}
		lead, _ := splitUnits(s[m[2]:m[3]])
		if len(lead) == 0 || !allUnits(lead) {
			continue
		}
		o := owners{a: m[0], b: m[1], lead: lead}
		if m[4] >= 0 {
			o.resp, _ = splitUnits(s[m[4]:m[5]])
		}
		out = append(out, o)
	}
	// Owner sentences: X牵头，Y配合 and X负责 as a clause of their own.
	for _, m := range ownerLeadSentRe.FindAllStringSubmatchIndex(s, -1) {
		if taken(m[0], m[1]) {
			continue
		}
		lead, _ := splitUnits(s[m[4]:m[5]])
		if len(lead) == 0 || !allUnits(lead) {
			continue
		}
		o := owners{a: m[4], b: m[1], lead: lead}
		if m[2] >= 0 {
			o.a = m[2]
		}
		if m[6] >= 0 {
			resp, _ := splitUnits(s[m[6]:m[7]])
			if len(resp) == 0 || !allUnits(resp) {
				continue
			}
			o.resp = resp
		}
		out = append(out, o)
	}
	// （种植业管理处） alone at the end of an item: its owners, the first leading.
	if m := ownerBareParenRe.FindStringSubmatchIndex(s); m != nil && !taken(m[0], m[1]) {
		if units, _ := splitUnits(s[m[2]:m[3]]); len(units) > 0 && allUnits(units) {
			out = append(out, owners{a: m[0], b: m[1], lead: units[:1], resp: units[1:], guessedLead: len(units) > 1})
		}
	}
	for _, re := range []*regexp.Regexp{ownerParenSelfRe, ownerSelfRe} {
		for _, m := range re.FindAllStringSubmatchIndex(s, -1) {
			if taken(m[0], m[1]) {
				continue
			}
			units, _ := splitUnits(s[m[2]:m[3]])
			if len(units) == 0 || !allUnits(units) {
				continue
			}
			a := m[0]
			if re == ownerSelfRe {
				a = m[2]
			}
			out = append(out, owners{a: a, b: m[1], lead: units[:1], resp: units[1:], guessedLead: len(units) > 1})
		}
	}
	return out
}

// isLeadLabel tells whether an owner label names the lead: 牵头单位,
// 主责单位, 主办单位, 责任主体, and 承办单位 when undertaker is set.
func isLeadLabel(label string, undertaker bool) bool {
	for _, w := range []string{"牵头", "主责", "主办", "责任主体"} {
		if strings.Contains(label, w) {
			return true
		}
	}
	return undertaker && strings.Contains(label, "承办")
}

// splitUnits cuts a list of unit names; marked are those written with （牵头）.
func splitUnits(list string) (units, marked []string) {
	list = strings.TrimSpace(list)
	list = strings.TrimRight(list, "。；;，,／/ 　【")
	// Cut before a connector that starts a new unit name, keeping the name.
	idx := unitSplitRe.FindAllStringIndex(list, -1)
	var parts []string
	st := 0
	for _, ix := range idx {
		sep := list[ix[0]:ix[1]]
		cut := ix[1]
		if strings.HasPrefix(sep, "及") || strings.HasPrefix(sep, "和") || strings.HasPrefix(sep, "与") {
			cut = ix[0] + len("及")
		}
		// Do not cut inside brackets: 各县（市、区）.
		if depth(list[:ix[0]]) > 0 {
			continue
		}
		parts = append(parts, list[st:ix[0]])
		st = cut
	}
	parts = append(parts, list[st:])
	for _, p := range parts {
		p = strings.TrimSpace(p)
		isLead := leadMarkRe.MatchString(p)
		p = leadMarkRe.ReplaceAllString(p, "")
		p = ownerTailRe.ReplaceAllString(p, "")
		p = strings.Trim(p, " 　:：")
		if p == "" || len([]rune(p)) > 40 {
			continue
		}
		units = append(units, p)
		if isLead {
			marked = append(marked, p)
		}
	}
	return units, marked
}

func depth(s string) int {
	return strings.Count(s, "（") + strings.Count(s, "(") - strings.Count(s, "）") - strings.Count(s, ")")
}

func allUnits(us []string) bool {
	for _, u := range us {
		if !unitNameRe.MatchString(u) {
			return false
		}
	}
	return true
}

func without(all, drop []string) []string {
	var out []string
	for _, a := range all {
		keep := true
		for _, d := range drop {
			if a == d {
				keep = false
			}
		}
		if keep {
			out = append(out, a)
		}
	}
	return out
}
