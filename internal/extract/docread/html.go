package docread

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// A saved government web page is mostly navigation, login boxes, link
// lists and footers around one article. readHTML keeps the article: it
// drops the elements that are never content, then walks down from <body>
// into the child holding most of the page's sentence text for as long as
// one child holds most of it, and renders that block; the article's title,
// which usually sits in its own block above the text, is found separately
// and put first.

// skipped elements never hold the document's text.
var skipped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Nav: true, atom.Footer: true, atom.Form: true, atom.Aside: true,
	atom.Iframe: true, atom.Select: true, atom.Button: true, atom.Input: true,
	atom.Textarea: true, atom.Svg: true, atom.Object: true, atom.Embed: true,
	atom.Head: true, atom.Label: true, atom.Menu: true, atom.Audio: true, atom.Video: true,
	atom.Canvas: true, atom.Map: true,
}

// noiseTokens in a class or id mark navigation and boilerplate on sites
// that use <div> for everything (breadcrumb "您现在的位置" blocks are often
// class="position" or "location").
var noiseTokens = map[string]bool{
	"nav": true, "navbar": true, "navigation": true, "menu": true, "footer": true,
	"foot": true, "breadcrumb": true, "crumb": true, "crumbs": true, "sidebar": true,
	"share": true, "login": true, "search": true, "copyright": true, "friendlink": true,
	"position": true, "location": true, "topbar": true, "toolbar": true,
}

// block elements start and end a line.
var block = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Dt: true, atom.Dd: true,
	atom.Table: true, atom.Tr: true, atom.Td: true, atom.Th: true, atom.Tbody: true,
	atom.Thead: true, atom.Tfoot: true, atom.Caption: true, atom.Blockquote: true,
	atom.Pre: true, atom.Center: true, atom.Header: true, atom.Address: true,
	atom.Figure: true, atom.Figcaption: true, atom.Hr: true, atom.Body: true, atom.Html: true,
	atom.Fieldset: true, atom.Details: true, atom.Summary: true,
}

// noiseLine matches the page furniture that hides inside article blocks:
// hit counters, print/close buttons, previous/next links, font-size pickers.
var noiseLine = regexp.MustCompile(`点击数|点击量|点击率|浏览次数|阅读次数|阅读量|访问量|浏览量|字号[:：]|【\s*(打印|关闭|刷新|收藏|大|小)|^上一篇|下一篇[:：]|分享到|责任编辑[:：]|设为首页|加入收藏|您现在的位置|当前位置[:：]|扫一扫`)

var metaCharset = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_:.-]+)`)

// decodeHTML converts a page to UTF-8: valid UTF-8 wins (browsers save
// pages as UTF-8 but often keep the original <meta charset="gb2312">),
// then the declared charset, then GB18030.
func decodeHTML(b []byte) (string, error) {
	if bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) || bytes.HasPrefix(b, []byte("\xff\xfe")) ||
		bytes.HasPrefix(b, []byte("\xfe\xff")) || utf8.Valid(b) {
		return decodeText(b)
	}
	if m := metaCharset.FindSubmatch(b[:min(len(b), 16<<10)]); m != nil {
		if enc, err := htmlindex.Get(string(m[1])); err == nil {
			if enc == simplifiedchinese.GBK || enc == simplifiedchinese.HZGB2312 {
				enc = simplifiedchinese.GB18030 // a superset: GBK pages use its extra characters
			}
			return decodeWith(enc, b)
		}
	}
	return decodeText(b)
}

func readHTML(b []byte) (string, error) {
	s, err := decodeHTML(b)
	if err != nil {
		return "", err
	}
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return "", &Error{Code: CodeCorrupt, Detail: ".html", Err: err}
	}
	root := findElement(doc, atom.Body)
	if root == nil {
		root = doc
	}
	pageTitle := ""
	if t := findElement(doc, atom.Title); t != nil {
		pageTitle = collapse(textOf(t))
	}
	headings := titleCandidates(root)
	prune(root)
	score := map[*html.Node]int{}
	sentenceText(root, score)
	content := root
	for {
		next := dominantChild(content, score)
		if next == nil {
			break
		}
		content = next
	}
	r := &renderer{}
	r.render(content)
	r.flush()
	var lines []string
	for _, l := range r.lines {
		if l.text == "" || (l.link*2 >= l.runes && l.runes > 0) || (utf8.RuneCountInString(l.text) < 80 && noiseLine.MatchString(l.text)) {
			continue
		}
		lines = append(lines, l.text)
	}
	if title := chooseTitle(headings, content, pageTitle); title != "" {
		found := false
		for _, l := range lines[:min(len(lines), 5)] {
			if strings.Contains(l, title) || strings.Contains(title, l) && utf8.RuneCountInString(l) > 5 {
				found = true
			}
		}
		if !found {
			lines = append([]string{title}, lines...)
		}
	}
	return tidy(strings.Join(lines, "\n")), nil
}

func findElement(n *html.Node, a atom.Atom) *html.Node {
	if n.Type == html.ElementNode && n.DataAtom == a {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := findElement(c, a); f != nil {
			return f
		}
	}
	return nil
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		if n.Type == html.ElementNode && skipped[n.DataAtom] && n.DataAtom != atom.Head {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// classTokens splits class and id into lower-case words: "main-nav_2" →
// main, nav.
func classTokens(n *html.Node) []string {
	return strings.FieldsFunc(strings.ToLower(attr(n, "class")+" "+attr(n, "id")), func(r rune) bool {
		return !unicode.IsLetter(r)
	})
}

func isNoise(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	if skipped[n.DataAtom] {
		return true
	}
	// A page <header> outside the article; an <article>'s own header holds its title.
	if n.DataAtom == atom.Header {
		for p := n.Parent; p != nil; p = p.Parent {
			if p.DataAtom == atom.Article || p.DataAtom == atom.Main {
				return false
			}
		}
		return true
	}
	if strings.Contains(strings.ToLower(attr(n, "style")), "display:none") {
		return true
	}
	for _, t := range classTokens(n) {
		if noiseTokens[t] {
			return true
		}
	}
	return false
}

func prune(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if isNoise(c) || c.Type == html.CommentNode {
			n.RemoveChild(c)
		} else {
			prune(c)
		}
		c = next
	}
}

// sentenceText scores every element with the Chinese characters of the
// sentence text inside it: text outside links, in runs that read like
// sentences (with punctuation, or long). Labels such as 用户名 or 网站首页
// and link lists score nothing.
func sentenceText(n *html.Node, score map[*html.Node]int) int {
	total := 0
	var run strings.Builder
	endRun := func() {
		s := run.String()
		han := countHan(s)
		if han >= 20 || (han >= 4 && strings.ContainsAny(s, "，。；！？,;")) {
			total += han
		}
		run.Reset()
	}
	var inline func(*html.Node)
	inline = func(c *html.Node) {
		switch {
		case c.Type == html.TextNode:
			run.WriteString(c.Data)
		case c.Type != html.ElementNode:
		case c.DataAtom == atom.A:
			endRun() // link text is never the article's
		case block[c.DataAtom] || c.DataAtom == atom.Br:
			endRun()
			total += sentenceText(c, score)
		default:
			for g := c.FirstChild; g != nil; g = g.NextSibling {
				inline(g)
			}
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		inline(c)
	}
	endRun()
	score[n] = total
	return total
}

// dominantChild returns the child block holding at least 70% of n's
// sentence text, unless that child is a paragraph (no blocks inside): the
// article is the block around its paragraphs, not its longest paragraph.
func dominantChild(n *html.Node, score map[*html.Node]int) *html.Node {
	if score[n] == 0 {
		return nil
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || score[c]*10 < score[n]*7 {
			continue
		}
		if !hasBlockChild(c) {
			return nil
		}
		return c
	}
	// The text may sit under an inline wrapper (<font>, <span>) holding blocks.
	return nil
}

func hasBlockChild(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (block[c.DataAtom] || hasBlockChild(c)) {
			return true
		}
	}
	return false
}

type heading struct {
	node  *html.Node
	text  string
	level int // 1–6 for h1–h6, 7 for a block whose class says title
}

// titleCandidates lists the headings and title-classed blocks of the page,
// before pruning (an article's title may sit in a page <header>).
func titleCandidates(root *html.Node) []heading {
	var out []heading
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		if skipped[n.DataAtom] || n.DataAtom == atom.Nav || n.DataAtom == atom.A {
			return
		}
		level := 0
		switch n.DataAtom {
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			level, _ = strconv.Atoi(n.Data[1:])
		default:
			for _, t := range classTokens(n) {
				if t == "title" || t == "bt" || t == "biaoti" || t == "tit" || t == "headline" {
					level = 7
				}
			}
		}
		if level > 0 {
			if t := collapse(textOf(n)); countHan(t) >= 6 && utf8.RuneCountInString(t) <= 200 {
				out = append(out, heading{n, t, level})
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return out
}

// chooseTitle picks the article's title: a heading the <title> contains
// (pages title themselves "文件标题_网站名"), else the last heading before
// the content block, else the longest part of the <title>.
func chooseTitle(hs []heading, content *html.Node, pageTitle string) string {
	best := ""
	for _, h := range hs {
		if pageTitle != "" && (strings.Contains(pageTitle, h.text) || strings.Contains(h.text, pageTitle)) &&
			utf8.RuneCountInString(h.text) > utf8.RuneCountInString(best) {
			best = h.text
		}
	}
	if best != "" {
		return best
	}
	for _, h := range hs {
		if inside(h.node, content) {
			break // the content's own headings render with it
		}
		if precedes(h.node, content) && (h.level <= 3 || h.level == 7) {
			best = h.text
		}
	}
	if best != "" {
		return best
	}
	for _, part := range regexp.MustCompile(`\s*[_|｜]\s*|\s+[-–—]+\s+`).Split(pageTitle, -1) {
		if countHan(part) >= 6 && utf8.RuneCountInString(part) > utf8.RuneCountInString(best) {
			best = part
		}
	}
	return best
}

func inside(n, ancestor *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n == ancestor {
			return true
		}
	}
	return false
}

// precedes reports whether a comes before b in document order.
func precedes(a, b *html.Node) bool {
	found, after := false, false
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if found || after {
			return
		}
		if n == b {
			after = true
			return
		}
		if n == a {
			found = true
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	root := a
	for root.Parent != nil {
		root = root.Parent
	}
	walk(root)
	return found
}

// collapse folds HTML white space: a run with a line break between two
// Chinese characters is a source-code wrap and disappears; any other run
// becomes one space.
func collapse(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if !isHTMLSpace(r) {
			b.WriteRune(r)
			continue
		}
		j, newline := i, false
		for j < len(rs) && isHTMLSpace(rs[j]) {
			newline = newline || rs[j] == '\n' || rs[j] == '\r'
			j++
		}
		if !(newline && i > 0 && j < len(rs) && isWide(rs[i-1]) && isWide(rs[j])) {
			b.WriteByte(' ')
		}
		i = j - 1
	}
	return strings.TrimSpace(b.String())
}

func isHTMLSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\u00a0'
}

// isWide reports a Chinese character or full-width punctuation, between
// which a line break is not a space.
func isWide(r rune) bool {
	return unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef) ||
		r == '“' || r == '”' || r == '‘' || r == '’' || r == '—' || r == '…' || r == '·'
}

func countHan(s string) int {
	n := 0
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			n++
		}
	}
	return n
}

// renderer turns a block of the page into lines, counting how much of
// each line is link text.
type renderer struct {
	lines  []renderedLine
	cur    strings.Builder
	link   int // runes of link text in cur
	inLink int
	inPre  int
}

type renderedLine struct {
	text        string
	runes, link int
}

func (r *renderer) flush() {
	raw := r.cur.String()
	r.cur.Reset()
	link := r.link
	r.link = 0
	var text string
	if r.inPre > 0 {
		text = strings.TrimSpace(strings.ReplaceAll(raw, "\u00a0", " "))
	} else {
		text = collapse(raw)
	}
	if text == "" {
		return
	}
	runes := 0
	for _, c := range text {
		if !unicode.IsSpace(c) {
			runes++
		}
	}
	r.lines = append(r.lines, renderedLine{text, runes, link})
}

func (r *renderer) text(s string) {
	r.cur.WriteString(s)
	if r.inLink > 0 {
		for _, c := range s {
			if !unicode.IsSpace(c) {
				r.link++
			}
		}
	}
}

func (r *renderer) render(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		if r.inPre > 0 && strings.Contains(n.Data, "\n") {
			parts := strings.Split(n.Data, "\n")
			for i, p := range parts {
				if i > 0 {
					r.flush()
				}
				r.text(p)
			}
			return
		}
		r.text(n.Data)
		return
	case html.ElementNode:
	case html.DocumentNode:
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			r.render(c)
		}
		return
	default:
		return
	}
	switch {
	case isNoise(n):
		return
	case n.DataAtom == atom.Br:
		r.flush()
		return
	case n.DataAtom == atom.Table && !isLayoutTable(n):
		r.flush()
		for _, row := range tableRows(n) {
			r.lines = append(r.lines, renderedLine{text: row, runes: utf8.RuneCountInString(row)})
		}
		return
	case n.DataAtom == atom.Img:
		return
	}
	isBlock := block[n.DataAtom]
	if isBlock {
		r.flush()
	}
	if n.DataAtom == atom.A {
		r.inLink++
		defer func() { r.inLink-- }()
	}
	if n.DataAtom == atom.Pre {
		r.inPre++
		defer func() { r.inPre-- }()
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		r.render(c)
	}
	if isBlock {
		r.flush()
	}
}

// isLayoutTable tells a table used to lay out the page (old government
// sites nest them) from a table of data: layout tables hold tables.
func isLayoutTable(t *html.Node) bool {
	var has func(*html.Node) bool
	has = func(n *html.Node) bool {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && (c.DataAtom == atom.Table || has(c)) {
				return true
			}
		}
		return false
	}
	return has(t)
}

// tableRows renders a data table as one tab-separated line per row, with
// rowspan and colspan laid out on a grid so cells stay in their columns.
func tableRows(t *html.Node) []string {
	var rows [][]*html.Node
	var collect func(*html.Node)
	collect = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.DataAtom {
			case atom.Tr:
				var cells []*html.Node
				for d := c.FirstChild; d != nil; d = d.NextSibling {
					if d.Type == html.ElementNode && (d.DataAtom == atom.Td || d.DataAtom == atom.Th) {
						cells = append(cells, d)
					}
				}
				rows = append(rows, cells)
			case atom.Thead, atom.Tbody, atom.Tfoot:
				collect(c)
			}
		}
	}
	collect(t)
	g := &grid{}
	for _, row := range rows {
		var cells []gridCell
		for _, c := range row {
			sub := &renderer{}
			for d := c.FirstChild; d != nil; d = d.NextSibling {
				sub.render(d)
			}
			sub.flush()
			var parts []string
			for _, l := range sub.lines {
				parts = append(parts, l.text)
			}
			cells = append(cells, gridCell{
				text:    strings.Join(parts, " "),
				colspan: spanAttr(c, "colspan"),
				rowspan: spanAttr(c, "rowspan"),
			})
		}
		g.add(cells)
	}
	return g.lines()
}

func spanAttr(n *html.Node, key string) int {
	v, err := strconv.Atoi(strings.TrimSpace(attr(n, key)))
	if err != nil || v < 1 {
		return 1
	}
	return min(v, 100)
}
