package extract

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Heading levels, outermost first.
const (
	lvPart    = iota // 第一编
	lvChapter        // 第一章
	lvSection        // 第一节
	lvOne            // 一、
	lvParen          // （一）
	lvNum            // 1. 1、
	lvSub            // （1） ①
	lvBox            // 专栏1 (outside the nesting: a box inside a chapter)
)

const cn = `[一二三四五六七八九十百零〇两]+`

var headingRes = []struct {
	level int
	re    *regexp.Regexp
}{
	{lvPart, regexp.MustCompile(`^第(` + cn + `)[编篇](?:\s|$|[^，。,])`)},
	{lvChapter, regexp.MustCompile(`^第(` + cn + `)章`)},
	{lvSection, regexp.MustCompile(`^第(` + cn + `)节`)},
	{lvBox, regexp.MustCompile(`^专栏\s*(\d+|` + cn + `)`)},
	{lvOne, regexp.MustCompile(`^(` + cn + `)[、.]`)},
	{lvParen, regexp.MustCompile(`^[（(](` + cn + `)[）)][、.]?`)},
	// 第一阶段（2026年3月—6月）: a phase, dated for what it holds.
	{lvParen, regexp.MustCompile(`^第(` + cn + `)阶段`)},
	{lvNum, regexp.MustCompile(`^(\d{1,3})(?:[.、]|\s)`)},
	{lvSub, regexp.MustCompile(`^(?:[（(](\d{1,3})[）)]|([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]))`)},
}

// heading is a numbered heading found at the start of a paragraph.
type heading struct {
	level  int
	label  string // 一, 1, 专栏1
	number int
	title  string
	body   int // offset of the text after the number
}

var (
	yearAfterRe  = regexp.MustCompile(`^20\d\d年`)
	monthAfterRe = regexp.MustCompile(`^\d{1,2}月(?:底|末|\d)`)
)

var circled = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

func parseHeading(s string) (heading, bool) {
	for _, h := range headingRes {
		m := h.re.FindStringSubmatchIndex(s)
		if m == nil {
			continue
		}
		if h.level == lvNum {
			// 1.5万 or 2025年 are figures, not numbers of items.
			// 1.5万 is a figure; 8.2025年6月底前 (the blank was dropped) is item 8.
			if m[1] < len(s) && isDigit(s[m[1]]) && !yearAfterRe.MatchString(s[m[1]:]) && !monthAfterRe.MatchString(s[m[1]:]) {
				continue
			}
		}
		label := ""
		if m[2] >= 0 {
			label = s[m[2]:m[3]]
		} else if len(m) > 4 && m[4] >= 0 {
			label = s[m[4]:m[5]]
		}
		n := 0
		if v, err := strconv.Atoi(label); err == nil {
			n = v
		} else if v, ok := chineseNumber(label); ok {
			n = v
		} else if i := strings.Index(circled, label); i >= 0 {
			n = utf8.RuneCountInString(circled[:i]) + 1
		}
		if h.level == lvSub && m[2] < 0 {
			label = strconv.Itoa(n)
		}
		if h.level == lvBox {
			label = "专栏" + label
		}
		hd := heading{level: h.level, label: label, number: n, body: m[1]}
		hd.title = headingTitle(s[m[1]:])
		return hd, true
	}
	return heading{}, false
}

// headingTitle is the heading's own words: up to the first 。 or ：, or the
// whole line when it is short.
func headingTitle(s string) string {
	s = strings.TrimLeft(s, " 、.")
	cut := len(s)
	for _, sep := range []string{"。", "：", ":", "；", ";"} {
		if i := strings.Index(s, sep); i >= 0 && i < cut {
			cut = i
		}
	}
	t := s[:cut]
	if utf8.RuneCountInString(t) > 40 {
		rs := []rune(t)
		t = string(rs[:40])
	}
	return strings.TrimSpace(t)
}

// startsHeading tells whether a raw line starts with a heading's number.
func startsHeading(s string) bool {
	_, ok := parseHeading(s)
	return ok
}

// Section titles that hold achievements (baselines) and those that hold goals.
var (
	pastSectionRe = regexp.MustCompile(`现状|基本情况|发展基础|工作回顾|回顾|成效|成绩|过去|发展环境|面临形势|形势|基础和|基础与|取得的|进展情况|完成情况`)
	goalSectionRe = regexp.MustCompile(`目标|指标|任务|措施|举措|民生实事|实事|重点工作|工作安排|主要内容|建设内容`)
)

// item is an open numbered heading while the document is read.
type item struct {
	h        heading
	key      string // section key when it is a section
	start    int    // original offset
	owners   []owners
	isTask   bool
	taskIdx  int
	parent   int // index into items, -1 for none
	past     bool
	children int
}

// layout is the structure read from the paragraphs.
type layout struct {
	items  []*item
	paraIn []int // innermost item of each paragraph, -1 for none
}

// readLayout finds the headings and owner statements, and decides which
// numbered items are tasks (those that carry owners) and which are sections.
func readLayout(ps []*para, own [][]owners) *layout {
	l := &layout{paraIn: make([]int, len(ps))}
	var stack []int
	for i, p := range ps {
		if p.table {
			if len(stack) > 0 {
				l.paraIn[i] = stack[len(stack)-1]
			} else {
				l.paraIn[i] = -1
			}
			continue
		}
		if h, ok := parseHeading(p.text); ok && !(h.level >= lvNum && isOwnerLine(p.text[h.body:])) {
			for len(stack) > 0 && l.items[stack[len(stack)-1]].h.level >= h.level && !(h.level == lvBox && l.items[stack[len(stack)-1]].h.level != lvBox) {
				stack = stack[:len(stack)-1]
			}
			parent := -1
			if len(stack) > 0 {
				parent = stack[len(stack)-1]
				l.items[parent].children++
			}
			it := &item{h: h, start: p.pos[0], parent: parent}
			if parent >= 0 && l.items[parent].past {
				it.past = true
			}
			if pastSectionRe.MatchString(h.title) && !goalSectionRe.MatchString(h.title) {
				it.past = true
			} else if goalSectionRe.MatchString(h.title) {
				it.past = false
			}
			l.items = append(l.items, it)
			stack = append(stack, len(l.items)-1)
		}
		if len(stack) > 0 {
			l.paraIn[i] = stack[len(stack)-1]
		} else {
			l.paraIn[i] = -1
		}
		// Owners go to the innermost item below the 一、 level.
		for _, o := range own[i] {
			if j := l.paraIn[i]; j >= 0 && l.items[j].h.level >= lvOne && l.items[j].h.level != lvBox {
				l.items[j].owners = append(l.items[j].owners, o)
			}
		}
	}
	for _, it := range l.items {
		if len(it.owners) > 0 {
			it.isTask = true
		}
	}
	return l
}

// isOwnerLine tells whether a paragraph is an owner statement only.
func isOwnerLine(s string) bool {
	s = strings.TrimLeft(s, "（(【")
	return strings.HasPrefix(s, "牵头单位") || strings.HasPrefix(s, "责任单位") || strings.HasPrefix(s, "牵头部门") || strings.HasPrefix(s, "责任部门") || strings.HasPrefix(s, "配合单位")
}

// sectionKey builds the key of an item that is a section: 一, 二(三),
// 第一章, 第一章第二节, 专栏1.
func (l *layout) sectionKey(i int) string {
	var parts []*item
	for j := i; j >= 0; j = l.items[j].parent {
		parts = append([]*item{l.items[j]}, parts...)
	}
	var b strings.Builder
	for _, it := range parts {
		switch it.h.level {
		case lvPart:
			b.WriteString("第" + it.h.label + "编")
		case lvChapter:
			b.WriteString("第" + it.h.label + "章")
		case lvSection:
			b.WriteString("第" + it.h.label + "节")
		case lvOne:
			b.WriteString(it.h.label)
		case lvParen:
			b.WriteString("(" + it.h.label + ")")
		case lvNum:
			b.WriteString("." + it.h.label)
		case lvSub:
			b.WriteString("(" + it.h.label + ")")
		case lvBox:
			b.Reset()
			b.WriteString(it.h.label)
		}
	}
	return b.String()
}

// context of a paragraph: its section key, its task (index into the tasks
// list, -1 when none) and whether it lies in a section of achievements.
func (l *layout) context(pi int) (section string, task int, past bool) {
	task = -1
	j := l.paraIn[pi]
	if j < 0 {
		return "", -1, false
	}
	past = l.items[j].past
	for k := j; k >= 0; k = l.items[k].parent {
		it := l.items[k]
		if it.isTask {
			if task < 0 {
				task = it.taskIdx
			}
			continue
		}
		if it.h.level <= lvParen || it.h.level == lvBox {
			return l.sectionKey(k), task, past
		}
	}
	return "", task, past
}
