package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// para is one paragraph of the document in a normalised form: lines that a
// hard-wrapped layout (newspaper columns, pdftotext) broke in the middle of a
// sentence are joined, blanks inside the text are dropped, full-width digits
// and letters become ASCII. pos maps every byte of text back to its offset in
// the original, so whatever the rules find can be quoted verbatim.
type para struct {
	text  string
	pos   []int // original offset of the character each byte belongs to; one extra entry at the end
	end   []int // original end offset of the character each byte belongs to
	table bool  // a row of tab-separated cells
	cells []cell
	// spaced: a row laid out with runs of blanks (pdftotext -layout); its
	// cells carry their display columns.
	spaced bool
	// frag: a line of a spaced table holding only wrapped parts of cells
	// (the rest of an indicator's name, （件）, [累计]); the table reader
	// joins it to the row above or below.
	frag bool
}

// cell is one tab-separated cell of a table row, with its original offsets.
type cell struct {
	text       string
	start, end int
	p          *para // the cell as a paragraph of its own
	c0, c1     int   // display columns of a spaced row's cell
}

// orig returns the original offsets of the normalised byte range [i, j).
func (p *para) orig(i, j int) (int, int) {
	if j <= i {
		return p.pos[i], p.pos[i]
	}
	return p.pos[i], p.end[j-1]
}

// rawLine is one line of the original text.
type rawLine struct {
	s          string
	start, end int
}

// splitParas cuts the text into paragraphs: one per line, lines of a
// hard-wrapped layout joined, tab-separated lines kept as table rows.
func splitParas(text string) []*para {
	var lines []rawLine
	start := 0
	for start <= len(text) {
		i := strings.IndexByte(text[start:], '\n')
		end := len(text)
		if i >= 0 {
			end = start + i
		}
		lines = append(lines, rawLine{text[start:end], start, end})
		if i < 0 {
			break
		}
		start = end + 1
	}
	wrapped := hardWrapped(lines)
	// Tables laid out with runs of blanks between cells (a PDF's text
	// layer, a plain-text export): rows of three or more cells, two such
	// lines in a row at least.
	spaced := make([][]span, len(lines))
	for i, l := range lines {
		if !strings.Contains(l.s, "\t") {
			t := strings.TrimRight(l.s, "\r")
			spaced[i] = blankCells(t)
			if spaced[i] == nil {
				// A header line with two cells (2025年   2030年): a
				// table's when a spaced row is near.
				spaced[i] = headerCells(t)
			}
		}
	}
	isSpaced := func(i int) bool { return i >= 0 && i < len(lines) && len(spaced[i]) >= 2 }
	isCont := func(i int) bool {
		return i >= 0 && i < len(lines) && !isSpaced(i) && continuation(strings.TrimRight(lines[i].s, "\r"))
	}
	// nearSpaced: a spaced line next to line i, over up to two lines of
	// wrapped cells.
	nearSpaced := func(i, dir int) bool {
		for k, j := 0, i+dir; k < 3; k, j = k+1, j+dir {
			if isSpaced(j) {
				return true
			}
			if !isCont(j) {
				return false
			}
		}
		return false
	}
	var out []*para
	var cur *para
	flush := func() {
		if cur != nil && len(cur.text) > 0 {
			cur.pos = append(cur.pos, cur.end[len(cur.end)-1])
			out = append(out, cur)
		}
		cur = nil
	}
	for li, l := range lines {
		s := strings.TrimRight(l.s, "\r")
		// Tables pasted from a web page or Markdown: | 指标 | 单位 | … |,
		// with or without a |---| line under the header.
		if pipeSep(s) {
			flush()
			continue
		}
		if cs := pipeCells(s); cs != nil {
			flush()
			out = append(out, tableRowCells(s, l.start, cs))
			continue
		}
		if isSpaced(li) && (nearSpaced(li, -1) || nearSpaced(li, 1)) {
			flush()
			out = append(out, spacedRow(s, l.start, spaced[li]))
			continue
		}
		// A line of a spaced table holding only the wrapped part of a
		// cell (the rest of a name, （件）, [累计]): the table reader
		// joins it to the row above or below.
		if cur == nil && len(out) > 0 && out[len(out)-1].spaced && isCont(li) {
			r := spacedRow(s, l.start, splitBlanks(s))
			r.frag = true
			out = append(out, r)
			continue
		}
		if strings.Contains(s, "\t") && strings.Count(strings.TrimSpace(s), "\t") >= 1 {
			flush()
			out = append(out, tableRow(s, l.start))
			continue
		}
		if strings.TrimSpace(s) == "" {
			if !wrapped {
				flush()
			}
			continue
		}
		if cur != nil && !wrapped {
			flush()
		}
		if cur != nil && wrapped && (startsHeading(strings.TrimSpace(s)) || startsLabel(strings.TrimSpace(s)) || endsSentence(cur.text)) {
			flush()
		}
		if cur == nil {
			cur = &para{}
		}
		appendNorm(cur, s, l.start)
		if wrapped && len([]rune(strings.TrimSpace(s))) < 8 && endsSentence(cur.text) {
			flush()
		}
	}
	flush()
	return out
}

// spacedRow makes a table row of a line laid out with runs of blanks, its
// cells carrying their display columns.
func spacedRow(s string, off int, cells []span) *para {
	r := tableRowCells(s, off, cells)
	r.spaced = true
	for k, c := range cells {
		r.cells[k].c0, r.cells[k].c1 = dispWidth(s[:c.a]), dispWidth(s[:c.b])
	}
	return r
}

// hardWrapped tells whether most lines stop in the middle of a sentence, as
// in a newspaper column or a PDF's text layer.
func hardWrapped(lines []rawLine) bool {
	n, broken := 0, 0
	for _, l := range lines {
		s := strings.TrimSpace(l.s)
		if s == "" || strings.Contains(s, "\t") {
			continue
		}
		n++
		r := utf8.RuneCountInString(s)
		if r >= 8 && r <= 40 && !endsSentence(s) && !startsHeading(s) && !startsLabel(s) {
			broken++
		}
	}
	return n >= 10 && broken*10 >= n*5
}

func endsSentence(s string) bool {
	s = strings.TrimRight(s, " \t\u3000")
	if s == "" {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune("。！？!?；;：:”」）)", r)
}

// appendNorm adds a line to a paragraph, normalising as it goes.
func appendNorm(p *para, s string, off int) {
	var b strings.Builder
	b.WriteString(p.text)
	for i, r := range s {
		o := off + i
		switch {
		case r == ' ' || r == '\u3000' || r == '\u00a0' || r == '\r' || r == '\t':
			continue
		case r >= '０' && r <= '９':
			r = r - '０' + '0'
		case r == '％':
			r = '%'
		case r == '．':
			r = '.'
		case r >= 'Ａ' && r <= 'Ｚ':
			r = r - 'Ａ' + 'A'
		case r >= 'ａ' && r <= 'ｚ':
			r = r - 'ａ' + 'a'
		}
		n := utf8.RuneLen(r)
		_, on := utf8.DecodeRuneInString(s[i:])
		for k := 0; k < n; k++ {
			p.pos = append(p.pos, o)
			p.end = append(p.end, o+on)
		}
		b.WriteRune(r)
	}
	p.text = b.String()
}

// blankCells cuts a line at runs of two or more blanks (or one
// ideographic blank between two others); nil when it has fewer than two
// such runs.
func blankCells(s string) []span {
	var out []span
	st, i := -1, 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == ' ' || r == '\u3000' || r == '\u00a0' {
			j, w := i, 0
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if r2 != ' ' && r2 != '\u3000' && r2 != '\u00a0' {
					break
				}
				j += n2
				if r2 == ' ' || r2 == '\u00a0' {
					w++
				} else {
					w += 2
				}
			}
			if w >= 2 && st >= 0 {
				out = append(out, span{st, i})
				st = -1
			}
			i = j
			continue
		}
		if st < 0 {
			st = i
		}
		i += n
	}
	if st >= 0 {
		out = append(out, span{st, len(s)})
	}
	out = splitTrailingFigures(s, out)
	if len(out) < 3 {
		return nil
	}
	return out
}

// tableRowCells makes a table row of a line whose cells are the spans.
func tableRowCells(s string, off int, cells []span) *para {
	p := &para{table: true}
	appendNorm(p, s, off)
	p.pos = append(p.pos, off+len(s))
	if len(p.end) == 0 {
		p.end = append(p.end, off)
	}
	for _, c := range cells {
		t := strings.TrimSpace(s[c.a:c.b])
		lead := strings.Index(s[c.a:c.b], t)
		q := &para{}
		appendNorm(q, t, off+c.a+lead)
		q.pos = append(q.pos, off+c.a+lead+len(t))
		if len(q.end) == 0 {
			q.end = append(q.end, off+c.a+lead)
		}
		p.cells = append(p.cells, cell{text: q.text, start: off + c.a + lead, end: off + c.a + lead + len(t), p: q})
	}
	return p
}

func tableRow(s string, off int) *para {
	p := &para{table: true}
	appendNorm(p, s, off)
	p.pos = append(p.pos, off+len(s))
	if len(p.end) == 0 {
		p.end = append(p.end, off)
	}
	i := 0
	for _, c := range strings.Split(strings.TrimRight(s, "\r"), "\t") {
		t := strings.TrimSpace(c)
		// Empty cells keep their place: columns are positional.
		if t == "" {
			p.cells = append(p.cells, cell{start: off + i, end: off + i})
		} else {
			lead := strings.Index(c, t)
			q := &para{}
			appendNorm(q, t, off+i+lead)
			q.pos = append(q.pos, off+i+lead+len(t))
			if len(q.end) == 0 {
				q.end = append(q.end, off+i+lead)
			}
			p.cells = append(p.cells, cell{text: q.text, start: off + i + lead, end: off + i + lead + len(t), p: q})
		}
		i += len(c) + 1
	}
	return p
}

// span is a range of a paragraph's normalised text.
type span struct{ a, b int }

// sentences splits a range of a paragraph at 。！？ (and the ASCII marks).
func sentences(s string, a, b int) []span {
	var out []span
	st := a
	depth := 0
	for i := a; i < b; {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch r {
		case '（', '(', '“', '《', '「':
			depth++
		case '）', ')', '”', '》', '」':
			if depth > 0 {
				depth--
			}
		case '。', '！', '？', '!', '?':
			if depth == 0 || r == '。' {
				out = append(out, span{st, i + n})
				st = i + n
				depth = 0
			}
		}
		i += n
	}
	if st < b && strings.TrimSpace(s[st:b]) != "" {
		out = append(out, span{st, b})
	}
	return out
}

// clauses splits a sentence at ；，：; , : outside brackets and quotes. A
// comma between digits (1,200) does not split.
func clauses(s string, sp span) []span {
	var out []span
	st := sp.a
	depth := 0
	for i := sp.a; i < sp.b; {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch r {
		case '“':
			// A quote around whole sentences (news: “按照方案，今年要…。”)
			// is speech, not a name: its commas still split.
			if !longQuote(s[i:sp.b]) {
				depth++
			}
		case '”':
			if depth > 0 && !longQuoteEnd(s[sp.a:i]) {
				depth--
			}
		case '（', '(', '《', '「':
			depth++
		case '）', ')', '》', '」':
			if depth > 0 {
				depth--
			}
		case '；', ';', '，', ',', '：', ':':
			if r == ',' || r == ':' {
				if i > 0 && i+1 < len(s) && isDigit(s[i-1]) && isDigit(s[i+1]) {
					break
				}
			}
			if depth == 0 {
				out = append(out, span{st, i + n})
				st = i + n
			}
		}
		i += n
	}
	if st < sp.b {
		out = append(out, span{st, sp.b})
	}
	return out
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// longQuote tells whether the quote opening s (at “) holds a clause break
// before it closes: speech, not a quoted name.
func longQuote(s string) bool {
	end := strings.Index(s, "”")
	if end < 0 {
		end = len(s)
	}
	return strings.ContainsAny(s[:end], "，,；;。")
}

// longQuoteEnd tells whether the quote closing at the end of s was speech.
func longQuoteEnd(s string) bool {
	start := strings.LastIndex(s, "“")
	if start < 0 {
		return true
	}
	return strings.ContainsAny(s[start:], "，,；;。")
}

// trimSpan drops punctuation and blanks at both ends of a span.
func trimSpan(s string, sp span) span {
	for sp.a < sp.b {
		r, n := utf8.DecodeRuneInString(s[sp.a:])
		if !unicode.IsPunct(r) && !unicode.IsSpace(r) || r == '“' || r == '（' || r == '(' || r == '《' || r == '%' || r == '‰' {
			break
		}
		sp.a += n
	}
	for sp.b > sp.a {
		r, n := utf8.DecodeLastRuneInString(s[:sp.b])
		if !unicode.IsPunct(r) && !unicode.IsSpace(r) || r == '”' || r == '）' || r == ')' || r == '》' || r == '%' || r == '‰' {
			break
		}
		sp.b -= n
	}
	return sp
}

// pipeCells cuts a line written as | a | b | c | into its cells' spans; nil
// when it is not such a line (three cells at least).
func pipeCells(s string) []span {
	t := strings.TrimSpace(s)
	if !strings.HasPrefix(t, "|") && !strings.HasPrefix(t, "｜") {
		return nil
	}
	var out []span
	st := -1
	for i, r := range s {
		if r == '|' || r == '｜' {
			if st >= 0 {
				out = append(out, span{st, i})
			}
			st = i + utf8.RuneLen(r)
		}
	}
	if st >= 0 && strings.TrimSpace(s[st:]) != "" {
		out = append(out, span{st, len(s)})
	}
	if len(out) < 3 {
		return nil
	}
	return out
}

// pipeSep tells whether a line is the |---|:---:| line under a pipe table's
// header.
func pipeSep(s string) bool {
	t := strings.TrimSpace(s)
	if !strings.HasPrefix(t, "|") || !strings.Contains(t, "-") {
		return false
	}
	return strings.Trim(t, "|-: ") == ""
}

// dispWidth is the display width of a line's text: CJK characters take two
// columns.
func dispWidth(s string) int {
	w := 0
	for _, r := range s {
		if r >= 0x2E80 {
			w += 2
		} else {
			w++
		}
	}
	return w
}

// continuation tells whether a line is indented and short, with no
// sentence in it: the wrapped end of a table cell.
func continuation(s string) bool {
	t := strings.TrimSpace(s)
	if t == "" || endsSentence(t) && !strings.HasSuffix(t, "）") && !strings.HasSuffix(t, ")") {
		return false
	}
	indent := dispWidth(s[:strings.Index(s, t)])
	return indent >= 4 && utf8.RuneCountInString(strings.Join(strings.Fields(t), "")) <= 16 && len(splitBlanks(s)) <= 2
}

// splitBlanks cuts a line at runs of two or more blanks.
func splitBlanks(s string) []span {
	var out []span
	st := -1
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == ' ' || r == '\u3000' {
			j := i
			for j < len(s) && (s[j] == ' ' || strings.HasPrefix(s[j:], "\u3000")) {
				if s[j] == ' ' {
					j++
				} else {
					j += len("\u3000")
				}
			}
			if (j-i >= 2 || r == '\u3000') && st >= 0 {
				out = append(out, span{st, i})
				st = -1
			}
			i = j
			continue
		}
		if st < 0 {
			st = i
		}
		i += n
	}
	if st >= 0 {
		out = append(out, span{st, len(s)})
	}
	return out
}

// joinCells appends the pieces of a continuation line to the cells of the
// row above whose columns they fall under.
func joinCells(row *para, s string, off int) {
	row.pos = row.pos[:len(row.pos)-1]
	appendNorm(row, s, off)
	row.pos = append(row.pos, off+len(s))
	for _, sp := range splitBlanks(s) {
		c0, c1 := dispWidth(s[:sp.a]), dispWidth(s[:sp.b])
		best, bestD := -1, 1<<30
		for k, c := range row.cells {
			d := 0
			switch {
			case c1 <= c.c0:
				d = c.c0 - c1
			case c0 >= c.c1:
				d = c0 - c.c1
			}
			if d < bestD {
				best, bestD = k, d
			}
		}
		if best < 0 {
			continue
		}
		c := &row.cells[best]
		t := s[sp.a:sp.b]
		if c.p == nil {
			c.p = &para{}
		} else {
			c.p.pos = c.p.pos[:len(c.p.pos)-1]
		}
		appendNorm(c.p, t, off+sp.a)
		c.p.pos = append(c.p.pos, off+sp.b)
		c.text = c.p.text
		if c.start == c.end {
			c.start = off + sp.a
		}
		c.end = off + sp.b
		if c0 < c.c0 {
			c.c0 = c0
		}
		if c1 > c.c1 {
			c.c1 = c1
		}
	}
}
