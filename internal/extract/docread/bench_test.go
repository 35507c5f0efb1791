package docread

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// fiftyPages builds a plan of about 100,000 characters (50 pages of about
// 2,000): numbered tasks with owners, and an indicator table every section.
func fiftyPages() (paras []string, tables [][][]string) {
	n := 0
	for sec := 1; n < 100_000; sec++ {
		head := fmt.Sprintf("%s、第%d部分重点任务", cnNum(sec), sec)
		paras = append(paras, head)
		n += len([]rune(head))
		rows := [][]string{{"指标", "单位", "基期值", "目标值", "属性"}}
		for i := 1; i <= 5; i++ {
			rows = append(rows, []string{fmt.Sprintf("第%d类服务设施覆盖率", i), "%", fmt.Sprintf("%d", 80+i), fmt.Sprintf("≥%d", 90+i), "约束性"})
		}
		tables = append(tables, rows)
		for task := 1; task <= 12; task++ {
			p := fmt.Sprintf("%d.完善第%d类城乡社区服务设施。到2027年，新建和改造提升社区综合服务设施%d个，城市社区养老服务设施覆盖率保持在%d%%以上，"+
				"特殊困难老年人月探访率达到100%%，实现城市社区“一刻钟便民生活圈”全覆盖，群众满意度稳步提升。（牵头单位：市民政局；责任单位：市财政局、市住房城乡建设局，各区县）",
				task, sec, 100+task, 90+task%5)
			paras = append(paras, p)
			n += len([]rune(p))
		}
	}
	return paras, tables
}

func cnNum(n int) string {
	d := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n < 10:
		return d[n]
	case n < 20:
		return "十" + d[n%10]
	}
	return d[n/10] + "十" + d[n%10]
}

func benchRead(b *testing.B, name string, data []byte) {
	b.Helper()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var chars int
	for b.Loop() {
		text, err := ReadBytes(context.Background(), name, data)
		if err != nil {
			b.Fatal(err)
		}
		chars = len([]rune(text))
	}
	b.ReportMetric(float64(chars), "chars")
}

func BenchmarkRead50PagesDocx(b *testing.B) {
	paras, tables := fiftyPages()
	var body strings.Builder
	for i, p := range paras {
		body.WriteString(para(p))
		if strings.Contains(p, "部分重点任务") {
			body.WriteString("<w:tbl>")
			for _, r := range tables[i%len(tables)] {
				var cells []string
				for _, c := range r {
					cells = append(cells, cell(strings.ReplaceAll(c, "<", "&lt;"), ""))
				}
				body.WriteString(row(cells...))
			}
			body.WriteString("</w:tbl>")
		}
	}
	benchRead(b, "plan.docx", docx(b, body.String()))
}

func fiftyPagesHTML() string {
	paras, tables := fiftyPages()
	var page strings.Builder
	page.WriteString(`<html><head><meta charset="gb2312"><title>示范市规划_示范市人民政府</title></head><body>` +
		`<div class="top"><a href="/">设为首页</a> | <a href="/">加入收藏</a></div><div class="nav"><a href="/">网站首页</a></div>` +
		`<table><tr><td><table><tr><td><a href="/1">民生动态</a></td></tr></table></td><td><div class="biaoti">示范市推进城乡社区服务体系建设行动计划</div><div id="zoom">`)
	t := 0
	for _, p := range paras {
		page.WriteString("<p>　　" + p + "</p>\n")
		if strings.Contains(p, "部分重点任务") {
			page.WriteString("<table border=1>")
			for _, r := range tables[t] {
				page.WriteString("<tr><td>" + strings.Join(r, "</td><td>") + "</td></tr>")
			}
			page.WriteString("</table>\n")
			t++
		}
	}
	page.WriteString(`</div></td></tr></table><div class="footer">版权所有 示范市人民政府</div></body></html>`)
	return page.String()
}

func BenchmarkRead50PagesHTML(b *testing.B) {
	benchRead(b, "plan.html", []byte(fiftyPagesHTML()))
}

func BenchmarkRead50PagesGBKHTML(b *testing.B) {
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(fiftyPagesHTML())
	if err != nil {
		b.Fatal(err)
	}
	benchRead(b, "plan.htm", []byte(gbk))
}

// BenchmarkRead50PagesPDF needs a real PDF: GOALPOST_BENCH_PDF=path (see
// BENCHMARKS.md for how to print one with Chromium).
func BenchmarkRead50PagesPDF(b *testing.B) {
	path := os.Getenv("GOALPOST_BENCH_PDF")
	if path == "" {
		b.Skip("set GOALPOST_BENCH_PDF to a PDF to time pdftotext")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	benchRead(b, "plan.pdf", data)
}

// TestFiftyPagesHTMLDump writes the benchmark's page for printing to PDF,
// when GOALPOST_BENCH_HTML names a file.
func TestFiftyPagesHTMLDump(t *testing.T) {
	path := os.Getenv("GOALPOST_BENCH_HTML")
	if path == "" {
		t.Skip("set GOALPOST_BENCH_HTML to write the benchmark's 50-page page")
	}
	if err := os.WriteFile(path, []byte(strings.Replace(fiftyPagesHTML(), "gb2312", "utf-8", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}
