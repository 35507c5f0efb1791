package static

import (
	"bytes"
	"net/url"
	"path"
	"strings"

	"github.com/goalpost-civic/goalpost/internal/i18n"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// rel is the relative link from the file from to the file to, both
// relative to the site's root: it works from file:// and under any path.
func rel(from, to string) string {
	fromDir := strings.Split(path.Dir(from), "/")
	if fromDir[0] == "." {
		fromDir = nil
	}
	parts := strings.Split(to, "/")
	common := 0
	for common < len(fromDir) && common < len(parts)-1 && fromDir[common] == parts[common] {
		common++
	}
	return strings.Repeat("../", len(fromDir)-common) + strings.Join(parts[common:], "/")
}

// dirURL is the address of file as a web server shows it: a page's
// directory rather than its index.html.
func dirURL(file string) string {
	if file == "index.html" {
		return ""
	}
	return strings.TrimSuffix(file, "index.html")
}

// siteAddress is the live site's address in v, if v is a link to the site.
func siteAddress(v string) (*url.URL, bool) {
	rest, abs := strings.CutPrefix(v, renderOrigin)
	if abs && rest == "" {
		rest = "/"
	}
	if !strings.HasPrefix(rest, "/") || strings.HasPrefix(rest, "//") {
		return nil, false
	}
	u, err := url.Parse(rest)
	if err != nil {
		return nil, false
	}
	return u, true
}

// rewriter rewrites one page.
type rewriter struct {
	l    *layout
	file string
	lang i18n.Lang
	base string // Site.BaseURL
}

// link is the static site's link for the live site's address v, or false.
func (rw *rewriter) link(v string, absolute bool) (string, bool) {
	u, ok := siteAddress(v)
	if !ok {
		return v, true // another site's, or within the page
	}
	f, ok := rw.l.lookup(rw.lang, u)
	if !ok {
		return "", false
	}
	out := rel(rw.file, f)
	if absolute {
		if rw.base == "" {
			return "", false
		}
		out = rw.base + dirURL(f)
	}
	if u.Fragment != "" {
		out += "#" + u.EscapedFragment()
	}
	return out, true
}

// html rewrites a page: links relative, what cannot be static dropped,
// and a note on what is missing.
func (rw *rewriter) html(body []byte) ([]byte, error) {
	doc, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	var remove, unwrap []*html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		switch n.Type {
		case html.TextNode:
			if strings.Contains(n.Data, renderOrigin) {
				if out, ok := rw.text(n.Data); ok {
					n.Data = out
				} else {
					remove = append(remove, holder(n))
				}
			}
			return
		case html.ElementNode:
		default:
			return
		}
		if n.DataAtom == atom.Form {
			// Every form needs the server: a search or a filter is a
			// query, the rest are posted.
			remove = append(remove, n)
			return
		}
		if n.DataAtom == atom.Footer && hasClass(n, "site") {
			note := &html.Node{Type: html.ElementNode, Data: "p", DataAtom: atom.P, Attr: []html.Attribute{
				{Key: "class", Val: "static-note"}, {Key: "data-testid", Val: "static-note"}}}
			note.AppendChild(&html.Node{Type: html.TextNode, Data: rw.lang.T("static.note")})
			n.AppendChild(note)
		}
		for i := range n.Attr {
			a := &n.Attr[i]
			if a.Namespace != "" {
				continue
			}
			var out string
			ok := true
			switch a.Key {
			case "href", "src", "action":
				out, ok = rw.link(a.Val, false)
			case "srcset":
				out, ok = rw.srcset(a.Val)
			case "content":
				if n.DataAtom == atom.Meta && strings.HasPrefix(a.Val, renderOrigin) {
					out, ok = rw.link(a.Val, true)
				} else {
					continue
				}
			default:
				continue
			}
			if ok {
				a.Val = out
				continue
			}
			if n.DataAtom == atom.A && !within(n, atom.Nav, atom.Header) {
				unwrap = append(unwrap, n) // keep what the link said
			} else {
				remove = append(remove, n)
			}
			break
		}
	}
	walk(doc)
	for _, n := range unwrap {
		if n.Parent == nil {
			continue
		}
		for c := n.FirstChild; c != nil; c = n.FirstChild {
			n.RemoveChild(c)
			n.Parent.InsertBefore(c, n)
		}
		n.Parent.RemoveChild(n)
	}
	for _, n := range remove {
		if n.Parent != nil && attached(n) {
			n.Parent.RemoveChild(n)
		}
	}
	var out bytes.Buffer
	if err := html.Render(&out, doc); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// srcset rewrites each address of a srcset.
func (rw *rewriter) srcset(v string) (string, bool) {
	items := strings.Split(v, ",")
	for i, item := range items {
		f := strings.Fields(item)
		if len(f) == 0 {
			continue
		}
		out, ok := rw.link(f[0], false)
		if !ok {
			return "", false
		}
		f[0] = out
		items[i] = strings.Join(f, " ")
	}
	return strings.Join(items, ", "), true
}

// text rewrites the live site's absolute addresses in text (the code that
// embeds a target's card), which need the published address.
func (rw *rewriter) text(s string) (string, bool) {
	var out strings.Builder
	for {
		i := strings.Index(s, renderOrigin)
		if i < 0 {
			out.WriteString(s)
			return out.String(), true
		}
		out.WriteString(s[:i])
		end := i + strings.IndexAny(s[i:]+`"`, `"' <>`)
		link, ok := rw.link(s[i:end], true)
		if !ok {
			return "", false
		}
		out.WriteString(link)
		s = s[end:]
	}
}

// holder is what to drop when a text cannot be rewritten: the disclosure
// it is in, or its element.
func holder(n *html.Node) *html.Node {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Details {
			return p
		}
	}
	return n.Parent
}

func within(n *html.Node, as ...atom.Atom) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		for _, a := range as {
			if p.DataAtom == a {
				return true
			}
		}
	}
	return false
}

// attached reports whether n is still in the document (an ancestor may
// have been removed first).
func attached(n *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n.Type == html.DocumentNode {
			return true
		}
	}
	return false
}

func hasClass(n *html.Node, class string) bool {
	for _, a := range n.Attr {
		if a.Key == "class" {
			for _, c := range strings.Fields(a.Val) {
				if c == class {
					return true
				}
			}
		}
	}
	return false
}

// feed rewrites an Atom feed: each link to the live site becomes the
// published address of its file (relative to the feed without BaseURL);
// ids, which must be absolute and must not change, keep their path.
func (rw *rewriter) feed(body []byte) []byte {
	s := string(body)
	var out strings.Builder
	for {
		i := strings.Index(s, renderOrigin)
		if i < 0 {
			out.WriteString(s)
			return []byte(out.String())
		}
		out.WriteString(s[:i])
		end := i + strings.IndexAny(s[i:]+`"`, `"<`)
		address := strings.ReplaceAll(s[i:end], "&amp;", "&")
		var link string
		if strings.HasSuffix(s[:i], `href="`) {
			if l, ok := rw.link(address, rw.base != ""); ok {
				link = l
			} else if l, ok := rw.link(address, false); ok {
				link = l
			}
		}
		if link == "" { // an id, or an address with no file
			link = strings.TrimPrefix(address, renderOrigin+"/")
			if rw.base != "" {
				link = rw.base + link
			} else {
				link = renderOrigin + "/" + link
			}
		}
		out.WriteString(strings.ReplaceAll(link, "&", "&amp;"))
		s = s[end:]
	}
}
