package templates

import "github.com/a-h/templ"

// ZhAttrs marks an element whose value is text stored in Chinese (a form
// field holding a plan's title, an option naming a section) as
// lang="zh-CN" on an English page; nothing otherwise.
func (p Page) ZhAttrs(s string) templ.Attributes {
	if p.ZhLang(s) != "" {
		return templ.Attributes{"lang": "zh-CN"}
	}
	return nil
}
