package docread

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Word's automatic numbering: headings such as 一、 and （一） and items
// such as 1. are often not in the text but drawn from word/numbering.xml.
// The extractor needs them (they are the document's structure), so the
// reader counts the lists as Word does and writes the numbers in.

type numLevel struct {
	start int
	fmt   string // w:numFmt: decimal, chineseCounting, …
	text  string // w:lvlText: "%1、", "（%2）", "%1.%2"
}

type numbering struct {
	levels   map[string]map[int]numLevel // abstractNumId → ilvl → level
	abstract map[string]string           // numId → abstractNumId
	starts   map[string]map[int]int      // numId → ilvl → w:startOverride
	counters map[string][]int            // numId → current count per level
}

func newNumbering() *numbering {
	return &numbering{levels: map[string]map[int]numLevel{}, abstract: map[string]string{},
		starts: map[string]map[int]int{}, counters: map[string][]int{}}
}

// parseNumbering reads word/numbering.xml; a broken part means no
// automatic numbers, not a broken document.
func parseNumbering(data []byte) *numbering {
	n := newNumbering()
	dec := xml.NewDecoder(bytes.NewReader(data))
	var absID, numID string
	ilvl := -1
	var lvl numLevel
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return n
		}
		if err != nil {
			return newNumbering()
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Space != wordNS {
				continue
			}
			switch t.Name.Local {
			case "abstractNum":
				absID, numID = xmlAttr(t, "abstractNumId"), ""
				n.levels[absID] = map[int]numLevel{}
			case "num":
				numID, absID = xmlAttr(t, "numId"), ""
			case "abstractNumId":
				if numID != "" {
					n.abstract[numID] = xmlAttr(t, "val")
				}
			case "lvl", "lvlOverride":
				ilvl, _ = strconv.Atoi(xmlAttr(t, "ilvl"))
				lvl = numLevel{start: 1, fmt: "decimal"}
			case "start":
				lvl.start, _ = strconv.Atoi(xmlAttr(t, "val"))
			case "startOverride":
				if numID != "" {
					if n.starts[numID] == nil {
						n.starts[numID] = map[int]int{}
					}
					n.starts[numID][ilvl], _ = strconv.Atoi(xmlAttr(t, "val"))
				}
			case "numFmt":
				lvl.fmt = xmlAttr(t, "val")
			case "lvlText":
				lvl.text = xmlAttr(t, "val")
			}
		case xml.EndElement:
			if t.Name.Space == wordNS && t.Name.Local == "lvl" && absID != "" && ilvl >= 0 && ilvl < 9 {
				n.levels[absID][ilvl] = lvl
			}
		}
	}
}

// next counts one more paragraph of list numID at level ilvl and returns
// its number as Word draws it ("" for bullets and unknown lists).
func (n *numbering) next(numID string, ilvl int) string {
	if n == nil || numID == "" || numID == "0" || ilvl < 0 || ilvl > 8 {
		return ""
	}
	levels := n.levels[n.abstract[numID]]
	if levels == nil {
		return ""
	}
	c := n.counters[numID]
	if c == nil {
		c = make([]int, 9)
		for i := range c {
			c[i] = n.startOf(numID, levels, i) - 1
		}
		n.counters[numID] = c
	}
	c[ilvl]++
	for deeper := ilvl + 1; deeper < 9; deeper++ {
		c[deeper] = n.startOf(numID, levels, deeper) - 1
	}
	lvl := levels[ilvl]
	if lvl.fmt == "bullet" || lvl.fmt == "none" {
		return ""
	}
	text := lvl.text
	for i := 0; i <= ilvl; i++ {
		text = strings.ReplaceAll(text, "%"+strconv.Itoa(i+1), formatNumber(levels[i].fmt, max(c[i], levels[i].start)))
	}
	return text
}

func (n *numbering) startOf(numID string, levels map[int]numLevel, i int) int {
	if s, ok := n.starts[numID][i]; ok {
		return s
	}
	return levels[i].start
}

var cnDigits = []string{"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

// formatNumber writes v in one of Word's number formats; an unknown format
// or a value out of its range falls back to digits.
func formatNumber(format string, v int) string {
	switch format {
	case "chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "taiwaneseCounting",
		"taiwaneseCountingThousand", "japaneseCounting", "ideographDigital":
		if v <= 0 || v >= 100 {
			return strconv.Itoa(v)
		}
		if format == "ideographDigital" {
			return cnDigits[v%10]
		}
		switch {
		case v < 10:
			return cnDigits[v]
		case v == 10:
			return "十"
		case v < 20:
			return "十" + cnDigits[v%10]
		case v%10 == 0:
			return cnDigits[v/10] + "十"
		}
		return cnDigits[v/10] + "十" + cnDigits[v%10]
	case "ideographTraditional":
		if v >= 1 && v <= 10 {
			return string([]rune("甲乙丙丁戊己庚辛壬癸")[v-1])
		}
	case "decimalFullWidth", "decimalFullWidth2":
		return strings.Map(func(r rune) rune { return r - '0' + '０' }, strconv.Itoa(v))
	case "decimalEnclosedCircle", "decimalEnclosedCircleChinese":
		if v >= 1 && v <= 20 {
			return string(rune('①' + v - 1))
		}
	case "decimalEnclosedParen":
		if v >= 1 && v <= 20 {
			return string(rune('⑴' + v - 1))
		}
	case "lowerLetter", "upperLetter":
		if v >= 1 && v <= 26 {
			s := string(rune('a' + v - 1))
			if format == "upperLetter" {
				s = strings.ToUpper(s)
			}
			return s
		}
	case "lowerRoman", "upperRoman":
		if v >= 1 && v < 40 {
			s := strings.Repeat("x", v/10) + []string{"", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"}[v%10]
			if format == "upperRoman" {
				s = strings.ToUpper(s)
			}
			return s
		}
	}
	return fmt.Sprint(v)
}
