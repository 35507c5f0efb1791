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
	{labelContent, `实施内容|建设内容|目标任务|主要内容|项目内容|工作内容|任务内容|具体内容|建设任务|主要任务|工作任务|工作目标|目标要求|绩效目标|建设规模及内容|建设规模`},
	{labelName, `项目名称|事项名称|任务名称|实事名称`},
	{labelDeadline, `完成时限|完成时间|完成时点|时间节点|时限要求|办结时限|实施期限|实施时间|完成期限`},
	{labelNoise, `得票数|得票|票数|投资估算|估算投资|计划投资|预计投资|总投资|投资规模|投资金额|资金来源|资金渠道|联系人|联系电话|联系方式|备注|序号|排名|督办事项编号|编号`},
	{labelOwner, `承办单位|承办部门|牵头单位|牵头部门|主责单位|责任单位|责任部门|协办单位|协办部门|配合单位|配合部门|参与单位`},
}

var labelRe, otherLabelRe *regexp.Regexp
var labelClass = map[string]int{}

func init() {
	var all, other []string
	for _, c := range labelClasses {
		for _, w := range strings.Split(c.words, "|") {
			labelClass[w] = c.class
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
}

// labelSegs finds the label segments of a paragraph; nil when it does not
// start with a label.
func labelSegs(s string) []labelSeg {
	ms := labelRe.FindAllStringSubmatchIndex(s, -1)
	if len(ms) == 0 || ms[0][2] != 0 {
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

// notSelectedRe: a line that opens the items a vote did not select.
var notSelectedRe = regexp.MustCompile(`未入选|备选项目|候选项目[（(]未|未票决|落选`)

// labelBlock is one item written as label lines.
type labelBlock struct {
	deadline   time.Time
	lead, resp []string
}

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
			if cur >= 0 && seen[sg.label] {
				repeat = true
			}
		}
		if cur < 0 || repeat {
			li.blocks = append(li.blocks, labelBlock{})
			cur = len(li.blocks) - 1
			seen = map[string]bool{}
			if !repeat && i > 0 && len(li.segs[i-1]) == 0 && !ps[i-1].table && li.block[i-1] < 0 {
				li.block[i-1] = cur
			}
		}
		for _, sg := range li.segs[i] {
			seen[sg.label] = true
		}
		li.block[i] = cur
	}
	for i, p := range ps {
		k := li.block[i]
		if k < 0 {
			continue
		}
		b := &li.blocks[k]
		for _, sg := range li.segs[i] {
			if sg.class == labelDeadline && b.deadline.IsZero() {
				if d, _, ok := deadlineIn(p.text, span{sg.body, sg.b}, dc); ok {
					b.deadline = d
				}
			}
		}
		if len(li.segs[i]) > 0 {
			for _, o := range own[i] {
				if len(b.lead) == 0 {
					b.lead = o.lead
				} else {
					b.resp = appendNew(b.resp, o.lead...)
				}
				b.resp = appendNew(b.resp, o.resp...)
			}
		}
	}
	return li
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
