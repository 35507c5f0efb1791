package docread

import "strings"

// gridCell is a table cell with its spans; HTML and .docx tables both
// render through grid.
type gridCell struct {
	text             string
	colspan, rowspan int
}

// grid lays cells out in columns, leaving empty cells where a cell of an
// earlier row spans down or a cell spans across, so every value stays
// under its header.
type grid struct {
	covered []int // per column: rows still covered by a rowspan from above
	out     []string
}

func (g *grid) add(cells []gridCell) {
	var row []string
	col := 0
	skipCovered := func() {
		for col < len(g.covered) && g.covered[col] > 0 {
			g.covered[col]--
			row = append(row, "")
			col++
		}
	}
	for _, c := range cells {
		skipCovered()
		row = append(row, strings.TrimSpace(strings.ReplaceAll(c.text, "\t", " ")))
		for range c.colspan - 1 {
			row = append(row, "")
		}
		for k := range c.colspan {
			for len(g.covered) <= col+k {
				g.covered = append(g.covered, 0)
			}
			g.covered[col+k] = c.rowspan - 1
		}
		col += c.colspan
	}
	for ; col < len(g.covered); col++ {
		if g.covered[col] > 0 {
			g.covered[col]--
		}
	}
	line := strings.TrimRight(strings.Join(row, "\t"), "\t")
	if strings.Trim(line, "\t ") != "" {
		g.out = append(g.out, line)
	}
}

func (g *grid) lines() []string { return g.out }
