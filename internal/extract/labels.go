package extract

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Items written as label lines (民生实事 lists, 票决 results, task sheets,
// 督办 lists): a heading or a project name, then 实施内容：… 完成时限：…
// 承办单位：… lines. The content labels hold the targets; the deadline
// label governs the item's targets wherever it stands; the owner labels
// name its owners; the rest (得票数, 投资估算, 联系人 …) are noise.

const (
	labelContent  = iota // 实施内容, 建设内容, 目标任务 …
	labelName            // 项目名称
	labelDeadline        // 完成时限
	labelNoise           // 得票数, 投资估算, 联系人 …
	labelOwner           // 承办单位, 牵头单位, 协办单位 …
)

var labelClasses = []struct {
	class int
	words string
}{
	{labelContent, `实施内容及目标|实施内容|建设内容及规模|建设内容|目标任务|任务目标|年度目标|具体目标|目标内容|主要内容|项目内容|工作内容|任务内容|具体内容|建设任务|主要任务|工作任务|工作目标|目标要求|绩效目标|建设规模`},
	{labelName, `项目名称|事项名称|任务名称|实事名称`},
	{labelDeadline, `完成时限|完成时间|完成时点|完成节点|时间节点|时限要求|办理时限|办结时限|办结时间|截止时间|实施期限|实施时间|完成期限|时间安排|进度安排`},
	// 责任领导, 责任人 … name persons, not units.
	{labelNoise, `得票数|得票|票数|投资估算|估算投资|计划投资|预计投资|总投资|投资规模|投资金额|资金来源|资金渠道|联系人|联系电话|联系方式|备注|序号|排名|督办事项编号|编号|责任领导|分管领导|督办领导|联系领导|包保领导|牵头领导|责任人`},
	{labelOwner, ownerLabelWords()},
}

// ownerLabelWords are the owner labels of owners.go (牵头单位, 承办单位,
// 协办单位, 牵头处室 …), as one alternation without brackets.
func ownerLabelWords() string {
	w := strings.TrimSuffix(strings.TrimPrefix(leadWord, "(?:"), ")") + "|" + strings.TrimSuffix(strings.TrimPrefix(respWord, "(?:"), ")")
	return w
}

var labelRe, otherLabelRe *regexp.Regexp
var labelClass = map[string]int{}

func init() {
	var all, other []string
	for _, c := range labelClasses {
		for _, w := range strings.Split(c.words, "|") {
			labelClass[strings.ReplaceAll(w, `\`, "")] = c.class
		}
		all = append(all, c.words)
		if c.class != labelOwner {
			other = append(other, c.words)
		}
	}
	labelRe = regexp.MustCompile(`(` + strings.Join(all, "|") + `)[:：]`)
	otherLabelRe = regexp.MustCompile(`[；;，,／/　 ]?(?:` + strings.Join(other, "|") + `)[:：]`)
}

// labelSeg is one label and its text in a paragraph.
type labelSeg struct {
	class int
	label string
	a, b  int // the whole segment, label included
	body  int // where the text after the label starts
	// cont: the paragraph is the text of a label written alone on the
	// line before it (项目内容：⏎新建…); label is that label's.
	cont bool
}

// labelSegs finds the label segments of a paragraph; nil when it does not
// start with a label.
func labelSegs(s string) []labelSeg {
	// A label opens the paragraph or follows an item's short title: its
	// colon is near the start (checked first, as the match is costly).
	if k := strings.IndexAny(s, "：:"); k < 0 || utf8.RuneCountInString(s[:k]) > 60 {
		return nil
	}
	ms := labelRe.FindAllStringSubmatchIndex(s, -1)
	if len(ms) == 0 || ms[0][2] != 0 && !afterItemTitle(s, ms[0][2]) {
		return nil
	}
	var out []labelSeg
	for i, m := range ms {
		end := len(s)
		if i+1 < len(ms) {
			end = ms[i+1][2]
		}
		w := s[m[2]:m[3]]
		out = append(out, labelSeg{class: labelClass[w], label: w, a: m[2], b: end, body: m[1]})
	}
	return out
}

// afterItemTitle tells whether a label at offset at follows a numbered
// heading's short title on the same line (1.长者助餐。实施内容：…；完成时限：…).
func afterItemTitle(s string, at int) bool {
	h, ok := parseHeading(s)
	if !ok || at < h.body {
		return false
	}
	title := strings.TrimRight(s[h.body:at], "。；;，,：: 　")
	return !strings.ContainsAny(title, "。；;：:") && utf8.RuneCountInString(title) <= 40
}

// notSelectedRe: a line that opens the items a vote did not select.
var notSelectedRe = regexp.MustCompile(`未入选|备选项目|候选项目[（(]未|未票决|落选`)

// labelBlock is one item written as label lines.
type labelBlock struct {
	deadline   time.Time
	lead, resp []string
	// guessed: the lead is the first unit of a list no label marks as
	// leading (责任单位：X、Y); a later 牵头单位 line replaces it.
	guessed bool
	// content: the item has a content label (实施内容, 目标任务 …): it
	// commits to what that label says.
	content bool
}

// labelMonthRe: a month without a year (10月底前, 6月30日前); the year is
// the document's.
var labelMonthRe = regexp.MustCompile(`(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?`)

var titleYearRe = regexp.MustCompile(`(20\d\d)\s*年`)

// maxCont is how many paragraphs the text of a label written alone on its
// line may run to (a content label's text may hold a short list).
const maxCont = 4

// labelItems reads the label lines: for each paragraph, its label
// segments, the block it belongs to (-1 for none) and whether it lies among
// the items not selected.
type labelItems struct {
	segs     [][]labelSeg
	block    []int
	blocks   []labelBlock
	excluded []bool
}

func readLabels(ps []*para, own [][]owners, dc docContext) *labelItems {
	li := &labelItems{segs: make([][]labelSeg, len(ps)), block: make([]int, len(ps)), excluded: make([]bool, len(ps))}
	for i, p := range ps {
		li.block[i] = -1
		if !p.table {
			li.segs[i] = labelSegs(p.text)
		}
	}
	// The items not selected: from the line that says so to a heading
	// above the level of the first heading after it.
	zone, zoneLevel := false, -1
	for i, p := range ps {
		h, isHead := parseHeading(p.text)
		if zone && isHead {
			if zoneLevel < 0 {
				zoneLevel = h.level
			} else if h.level < zoneLevel {
				zone = false
			}
		}
		if !p.table && len(li.segs[i]) == 0 && utf8.RuneCountInString(p.text) <= 30 && !strings.Contains(p.text, "。") && notSelectedRe.MatchString(p.text) {
			zone, zoneLevel = true, -1
			if isHead {
				zoneLevel = h.level + 1
			}
		}
		li.excluded[i] = zone
	}
	// A label alone on its line (项目内容：) labels the paragraphs after it
	// up to the next label or heading; only a content label's text runs
	// over more than one paragraph.
	for i := 0; i < len(ps); i++ {
		sg := li.segs[i]
		if len(sg) == 0 || ps[i].table {
			continue
		}
		last := sg[len(sg)-1]
		if strings.TrimSpace(ps[i].text[last.body:last.b]) != "" || last.cont {
			continue
		}
		for j, n := i+1, 0; j < len(ps) && n < maxCont; j, n = j+1, n+1 {
			if ps[j].table || len(li.segs[j]) > 0 || n > 0 && last.class != labelContent {
				break
			}
			// A content label's text may be a list (1. … 2. …, （1）…);
			// a heading above that level is the next part.
			if h, ok := parseHeading(ps[j].text); ok && (last.class != labelContent || h.level < lvNum || h.level == lvBox) {
				break
			}
			li.segs[j] = []labelSeg{{class: last.class, label: last.label, a: 0, b: len(ps[j].text), body: 0, cont: true}}
		}
	}
	// Blocks: a run of label paragraphs with the line before them (the
	// heading or the project's name); a label seen again starts a new one.
	cur := -1
	var seen map[string]bool
	for i := range ps {
		if len(li.segs[i]) == 0 {
			cur = -1
			continue
		}
		repeat := false
		for _, sg := range li.segs[i] {
			if cur >= 0 && seen[sg.label] && !sg.cont {
				repeat = true
			}
		}
		// Labels after a heading's title start a new item.
		inline := li.segs[i][0].a > 0
		if cur < 0 || repeat || inline {
			li.blocks = append(li.blocks, labelBlock{})
			cur = len(li.blocks) - 1
			seen = map[string]bool{}
			// (Labels after a heading's title on its own line name their
			// item already: the line before is another one.)
			if !repeat && i > 0 && len(li.segs[i-1]) == 0 && !ps[i-1].table && li.block[i-1] < 0 && !inline {
				li.block[i-1] = cur
			}
		}
		for _, sg := range li.segs[i] {
			seen[sg.label] = true
		}
		li.block[i] = cur
	}
	// A month without a year (完成时限：10月底前) is in the document's year:
	// the report's, else the one year its title names (关于2026年…票决结果的公告).
	ydc := dc
	if ydc.thisYear == 0 && len(ps) > 0 {
		if ys := titleYearRe.FindAllStringSubmatch(ps[0].text, -1); len(ys) == 1 {
			ydc.thisYear = atoi(ys[0][1])
		}
	}
	for i, p := range ps {
		k := li.block[i]
		if k < 0 {
			continue
		}
		b := &li.blocks[k]
		for _, sg := range li.segs[i] {
			switch sg.class {
			case labelContent:
				b.content = true
			case labelDeadline:
				// The item is due when its last stage is (6月底前开工，
				// 12月底前建成); the first deadline line counts.
				if d, ok := itemDeadline(p.text, span{sg.body, sg.b}, ydc); ok && b.deadline.IsZero() {
					b.deadline = d
				}
			case labelOwner:
				if sg.cont {
					// 责任单位：⏎X、Y: the units on the line after the label.
					units, marked := splitUnits(p.text)
					if len(units) > 0 && allUnits(units) {
						o := owners{resp: units}
						if isLeadLabel(sg.label, true) {
							o.lead, o.resp = units, nil
						} else if len(marked) > 0 {
							o.lead, o.resp = marked, without(units, marked)
						} else {
							o.lead, o.resp, o.guessedLead = units[:1], units[1:], true
						}
						b.addOwners(o)
					}
				}
			}
		}
		if len(li.segs[i]) > 0 {
			for _, o := range own[i] {
				b.addOwners(o)
			}
		}
	}
	return li
}

// addOwners adds an owner statement of the item: the first names the lead,
// unless it only guessed it and a later one marks a lead.
func (b *labelBlock) addOwners(o owners) {
	switch {
	case len(b.lead) == 0:
		b.lead, b.guessed = o.lead, o.guessedLead
	case b.guessed && !o.guessedLead:
		b.resp = append(append([]string{}, b.lead...), b.resp...)
		b.lead, b.guessed = o.lead, false
	default:
		b.resp = appendNew(b.resp, o.lead...)
	}
	b.resp = appendNew(b.resp, without(o.resp, b.lead)...)
}

// itemDeadline is the latest date a deadline label names: 2026年10月底,
// 6月底前开工，12月底前建成 (a month without a year is in the document's
// year), 年底前.
func itemDeadline(s string, sp span, dc docContext) (time.Time, bool) {
	var best time.Time
	for pos := sp.a; pos < sp.b; {
		d, at, ok := deadlineIn(s, span{pos, sp.b}, dc)
		if !ok || at.b <= pos {
			break
		}
		if d.After(best) {
			best = d
		}
		pos = at.b
	}
	if y := dc.thisYear; y > 0 {
		t := s[sp.a:sp.b]
		for _, m := range labelMonthRe.FindAllStringSubmatchIndex(t, -1) {
			// 2026年10月 is read above.
			if before := strings.TrimRight(t[:m[0]], " "); strings.HasSuffix(before, "年") {
				continue
			}
			mo := atoi(t[m[2]:m[3]])
			if mo < 1 || mo > 12 {
				continue
			}
			if d := endOf(y, mo); d.After(best) {
				best = d
			}
		}
	}
	return best, !best.IsZero()
}

// commits tells whether paragraph i is a line of an item with a content
// label: what it says is the plan itself, even in a document that reads
// like news (a 票决 notice without numbered sections).
func (li *labelItems) commits(i int) bool {
	k := li.block[i]
	return k >= 0 && li.blocks[k].content && len(li.segs[i]) > 0
}

// skip tells which parts of a paragraph hold no targets: the labels that are
// not content, and the labels' own words.
func (li *labelItems) skip(i int) []span {
	var out []span
	for _, sg := range li.segs[i] {
		if sg.class == labelContent {
			out = append(out, span{sg.a, sg.body})
		} else {
			out = append(out, span{sg.a, sg.b})
		}
	}
	return out
}

// startsLabel tells whether a raw line starts with a label (完成时限：…).
func startsLabel(s string) bool {
	m := labelRe.FindStringIndex(s)
	return m != nil && m[0] == 0
}
