package docread

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// savedPageWant is what the saved government page must read as: its title,
// its paragraphs, its indicator table as tab-separated rows, its signature;
// none of the page's navigation.
var savedPageWant = []string{
	"示范县关于进一步做好稳就业工作的实施意见",
	"为深入贯彻落实党中央、国务院和省委、省政府关于稳就业的决策部署，全力促进高质量充分就业，结合我县实际，提出如下实施意见。",
	"一、总体目标",
	"到2025年，全县城镇新增就业1.2万人以上，城镇调查失业率控制在5.5%以内，零就业家庭动态清零。",
	"二、主要指标",
	"指标\t单位\t2023年 基期值\t2025年 目标值\t属性",
	"城镇新增就业\t万人\t[1.1]\t>1.2\t预期性",
	"城镇调查失业率\t%\t5.3\t<5.5\t约束性",
	"农村劳动力转移就业\t\t8.5\t≥9\t预期性",
	"三、重点任务",
	"（一）支持企业稳岗扩岗。落实失业保险稳岗返还政策，2024年底前惠及企业不少于3000户。（牵头单位：县人力资源社会保障局；责任单位：县财政局、县税务局）",
	"（二）加强职业技能培训。每年开展补贴性职业技能培训1万人次以上，培训后就业率达到80%以上。（县人力资源社会保障局牵头，县教育局、县财政局按职责分工负责）",
	"示范县人民政府",
	"2024年3月15日",
}

// savedPageNoise is the furniture of the page, modelled on the seeds.
var savedPageNoise = []string{"设为首页", "加入收藏", "欢迎光临", "网站首页", "政务公开", "您现在的位置",
	"用户名", "密", "忘记密码", "民生看台", "消费品零售", "点击数", "来源", "刷新页面", "打印此文", "关闭窗口",
	"上一篇", "下一篇", "友情链接", "中国政府网", "网站地图", "All Rights Reserved", "ICP", "技术支持", "function", "宋体"}

func checkSavedPage(t *testing.T, name string, got string) {
	t.Helper()
	if want := strings.Join(savedPageWant, "\n"); got != want {
		t.Errorf("%s:\n got %q\nwant %q", name, got, want)
	}
	for _, line := range strings.Split(got, "\n") {
		for _, noise := range savedPageNoise {
			if strings.Contains(line, noise) {
				t.Errorf("%s: noise %q kept in line %q", name, noise, line)
			}
		}
	}
}

func TestReadSavedPage(t *testing.T) {
	t.Parallel()
	page, err := os.ReadFile("testdata/saved-page.html")
	if err != nil {
		t.Fatal(err)
	}
	checkSavedPage(t, "saved-page.html", mustRead(t, "saved-page.html", page))

	// The same page as the site served it: GBK, declared gb2312.
	gbPage := strings.Replace(string(page), "charset=utf-8", "charset=gb2312", 1)
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(gbPage)
	if err != nil {
		t.Fatal(err)
	}
	checkSavedPage(t, "gbk.htm", mustRead(t, "gbk.htm", []byte(gbk)))
	// Without any declaration, detected.
	checkSavedPage(t, "gbk-undeclared.html", mustRead(t, "gbk-undeclared.html",
		[]byte(strings.Replace(gbk, "charset=gb2312", "", 1))))
	// Saved by a browser as UTF-8 but keeping the old declaration.
	checkSavedPage(t, "resaved.html", mustRead(t, "resaved.html", []byte(gbPage)))
	// Saved as .txt: the content says it is a page.
	checkSavedPage(t, "saved-page.txt", mustRead(t, "saved-page.txt", page))
}

// A modern page: HTML5 landmarks, the title in the article's header, a
// sidebar of related documents and a footer.
func TestReadModernPage(t *testing.T) {
	t.Parallel()
	page := `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<title>关于印发示范市2024年民生实事项目的通知 - 示范市人民政府</title></head><body>
<header class="site"><div class="logo">示范市人民政府</div><nav><a href="/">首页</a><a href="/zwgk">政务公开</a></nav></header>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; 政府文件</div>
<main><article>
<header><h1>关于印发示范市2024年民生实事项目的通知</h1><p class="meta">发布时间：2024-02-01　浏览次数：512</p></header>
<div class="article-content">
<p>各区县人民政府，市政府各部门：</p>
<p>现将《示范市2024年民生实事项目》印发给你们，请认真
组织实施。</p>
<ol><li>新建改建城市公园10个，新增绿地面积50万平方米。</li>
<li>完成老旧小区改造200个，惠及居民3万户。</li></ol>
<p>示范市人民政府<br>2024年1月30日</p>
<p class="share">分享到：微信 微博</p>
</div></article>
<aside><h2>相关文件</h2><ul><li><a href="/1">关于印发示范市2023年民生实事项目的通知</a></li></ul></aside>
</main>
<footer><p>主办：示范市人民政府办公室　网站标识码：2102000001</p></footer>
<script>var title = "设为首页";</script>
</body></html>`
	got := mustRead(t, "notice.html", []byte(page))
	want := strings.Join([]string{
		"关于印发示范市2024年民生实事项目的通知",
		"各区县人民政府，市政府各部门：",
		"现将《示范市2024年民生实事项目》印发给你们，请认真组织实施。",
		"新建改建城市公园10个，新增绿地面积50万平方米。",
		"完成老旧小区改造200个，惠及居民3万户。",
		"示范市人民政府",
		"2024年1月30日",
	}, "\n")
	if got != want {
		t.Errorf("\n got %q\nwant %q", got, want)
	}
}

func docx(t testing.TB, body string) []byte {
	t.Helper()
	return zipOf(t, map[string]string{
		"[Content_Types].xml": contentTypes,
		"_rels/.rels":         `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
		"word/document.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="` + wordNS + `" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><w:body>` + body + `<w:sectPr/></w:body></w:document>`,
	})
}

func para(runs ...string) string {
	s := "<w:p><w:pPr><w:ind w:firstLineChars=\"200\"/></w:pPr>"
	for _, r := range runs {
		s += "<w:r><w:rPr><w:rFonts w:hint=\"eastAsia\"/></w:rPr><w:t xml:space=\"preserve\">" + r + "</w:t></w:r>"
	}
	return s + "</w:p>"
}

func cell(text string, props string) string {
	return "<w:tc><w:tcPr>" + props + "</w:tcPr>" + para(text) + "</w:tc>"
}

func row(cells ...string) string { return "<w:tr>" + strings.Join(cells, "") + "</w:tr>" }

func TestReadDocx(t *testing.T) {
	t.Parallel()
	body := para("示范市国民经济和社会发展第十五个五年规划纲要") +
		para("专栏1　“十五五”时期经济社会发展主要指标") +
		"<w:tbl><w:tblPr/><w:tblGrid/>" +
		row(cell("类别", ""), cell("指标", ""), cell("单位", ""), cell("2025年", ""), cell("2030年", ""), cell("属性", "")) +
		row(cell("经济发展", `<w:vMerge w:val="restart"/>`), cell("地区生产总值增长", ""), cell("%", ""), cell("5.5", ""), cell("5左右", ""), cell("预期性", "")) +
		row(cell("", `<w:vMerge/>`), cell("全员劳动生产率增长", ""), cell("%", ""), cell("6", ""), cell(">5", ""), cell("预期性", "")) +
		row(cell("民生福祉", ""), cell("城镇新增就业", ""), cell("万人", ""), cell("[38]", ""), cell("[40]", ""), cell("预期性", "")) +
		row(cell("", ""), cell("人均预期寿命", ""), cell("岁", ""), cell("80.2", ""), cell("≥81", ""), cell("预期性", "")) +
		row(cell("", ""), cell("城镇调查失业率", ""), cell("%", ""), cell("5.5", ""), cell("&lt;5.5", ""), cell("预期性", "")) +
		row(cell("注：[ ]内为五年累计数。", `<w:gridSpan w:val="6"/>`)) +
		"</w:tbl>" +
		// A paragraph split over runs, a tracked deletion, a tab and a line break.
		"<w:p><w:r><w:t>到2030年，全市</w:t></w:r><w:del><w:r><w:delText>常住</w:delText></w:r></w:del>" +
		"<w:ins><w:r><w:t>户籍</w:t></w:r></w:ins><w:r><w:t>人口城镇化率达到</w:t></w:r><w:r><w:t>70%</w:t></w:r>" +
		"<w:r><w:t>。</w:t><w:br/><w:t>（牵头单位：市发展改革委）</w:t></w:r></w:p>" +
		"<w:p><w:r><w:t>附件</w:t><w:tab/><w:t>重点项目表</w:t></w:r></w:p>" +
		// A text box, once as the drawing and once as its fallback copy.
		"<w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:txbx><w:txbxContent>" + para("文本框中的说明文字") +
		"</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>" + para("文本框中的说明文字") +
		"</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>" +
		"<w:p/>" + para("　　") + para("示范市人民政府　")
	got := mustRead(t, "纲要.docx", docx(t, body))
	want := strings.Join([]string{
		"示范市国民经济和社会发展第十五个五年规划纲要",
		"专栏1　“十五五”时期经济社会发展主要指标",
		"类别\t指标\t单位\t2025年\t2030年\t属性",
		"经济发展\t地区生产总值增长\t%\t5.5\t5左右\t预期性",
		"\t全员劳动生产率增长\t%\t6\t>5\t预期性",
		"民生福祉\t城镇新增就业\t万人\t[38]\t[40]\t预期性",
		"\t人均预期寿命\t岁\t80.2\t≥81\t预期性",
		"\t城镇调查失业率\t%\t5.5\t<5.5\t预期性",
		"注：[ ]内为五年累计数。",
		"到2030年，全市户籍人口城镇化率达到70%。",
		"（牵头单位：市发展改革委）",
		"附件\t重点项目表",
		"文本框中的说明文字",
		"示范市人民政府",
	}, "\n")
	if got != want {
		t.Errorf("\n got %q\nwant %q", got, want)
	}
}

// A cell of several paragraphs is one cell, and colspan keeps later cells
// under their headers.
func TestReadDocxCells(t *testing.T) {
	t.Parallel()
	body := para("示范县2024年政府工作报告主要预期目标如下，请各部门认真抓好落实。") + "<w:tbl>" +
		row(cell("指标", `<w:gridSpan w:val="2"/>`), cell("目标值", "")) +
		row("<w:tc>"+para("居民人均")+para("可支配收入增长")+"</w:tc>", cell("%", ""), cell("6左右", "")) +
		"</w:tbl>"
	got := mustRead(t, "report.docx", docx(t, body))
	want := "示范县2024年政府工作报告主要预期目标如下，请各部门认真抓好落实。\n指标\t\t目标值\n居民人均 可支配收入增长\t%\t6左右"
	if got != want {
		t.Errorf("\n got %q\nwant %q", got, want)
	}
}

// A zip bomb: word/document.xml unpacks to more than MaxDocxXML. It is
// refused from the zip directory, before anything is unpacked.
func TestReadDocxBomb(t *testing.T) {
	t.Parallel()
	huge := strings.Repeat(" ", MaxDocxXML+1)
	bomb := zipOf(t, map[string]string{"[Content_Types].xml": contentTypes, "word/document.xml": huge})
	if len(bomb) > 1<<20 {
		t.Fatalf("bomb is %d bytes: not a bomb", len(bomb))
	}
	_, err := read(t, "bomb.docx", bomb)
	checkError(t, "bomb.docx", err, CodeTooLarge, ".docx", "太大")
}

// Not parallel, so no other test's temporary copy is about when it looks.
func TestReadPDF(t *testing.T) {
	needPdftotext(t)
	pdf, err := os.ReadFile("testdata/plan.pdf")
	if err != nil {
		t.Fatal(err)
	}
	got := mustRead(t, "plan.pdf", pdf)
	want := strings.Join([]string{
		"示范市推进城乡社区服务体系建设三年行动计划（2024—2026年）",
		"为进一步提升城乡社区服务水平，增进民生福祉，根据国家和省有关部署，结合我市实际，制定本行动计划。",
		"一、总体目标",
		"到2026年，全市党建引领社区服务体系更加完善，服务主体和服务业态更加丰富，社区为民、便民、安民功能更加健全，城乡社区综合服务设施覆盖率达到100%，每百户居民拥有社区综合服务设施面积不低于30平方米，城市社区养老服务设施覆盖率保持在95%以上，群众满意度稳步提升。",
		"二、主要指标",
		"指标\t单位\t基期值\t目标值\t属性",
		"城乡社区综合服务设施覆盖率\t%\t92\t100\t约束性",
		"新增城镇就业人数\t万人\t[11.5]\t[38]\t预期性",
		"城镇调查失业率\t%\t5.6\t<5.5\t预期性",
		"人均预期寿命\t岁\t80.2\t≥81\t预期性",
		"三、重点任务",
		"（一）完善社区服务设施。2025年底前，新建和改造提升社区综合服务设施120个，实现城市社区“一刻钟便民生活圈”全覆盖。（牵头单位：市民政局；责任单位：市住房城乡建设局、市自然资源局，各区县）",
		"（二）提升社区养老服务能力。到2026年，建成街道综合养老服务中心40个，社区老年食堂（助餐点）达到300个，特殊困难老年人月探访率达到100%。（牵头单位：市民政局）",
	}, "\n")
	if got != want {
		t.Errorf("\n got %q\nwant %q", got, want)
	}
	// The temporary copy is removed.
	left, _ := os.ReadDir(os.TempDir())
	for _, e := range left {
		if strings.HasPrefix(e.Name(), "goalpost-docread-") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

func TestReadPDFBad(t *testing.T) {
	t.Parallel()
	needPdftotext(t)
	scanned, err := os.ReadFile("testdata/scanned.pdf")
	if err != nil {
		t.Fatal(err)
	}
	_, err = read(t, "scan.pdf", scanned)
	checkError(t, "scan.pdf", err, CodeScanned, "", "扫描件")
	plan, _ := os.ReadFile("testdata/plan.pdf")
	_, err = read(t, "truncated.pdf", plan[:2000])
	checkError(t, "truncated.pdf", err, CodeCorrupt, ".pdf", "损坏")
	_, err = read(t, "garbage.pdf", []byte("%PDF-1.7\n"+strings.Repeat("垃圾", 100)))
	checkError(t, "garbage.pdf", err, CodeCorrupt, ".pdf", "损坏")
}

// Without pdftotext the message says what to install. Not parallel: it
// swaps the tool's name.
func TestReadPDFWithoutPdftotext(t *testing.T) {
	saved := pdftotext
	pdftotext = "pdftotext-not-installed-here"
	defer func() { pdftotext = saved }()
	_, err := read(t, "plan.pdf", []byte("%PDF-1.4\n"+policy))
	checkError(t, "plan.pdf", err, CodeNoPDFTool, "", "poppler-utils")
	var e *Error
	if errors.As(err, &e) && !strings.Contains(e.Message("en"), "apt-get install poppler-utils") {
		t.Errorf("English message %q does not say how to install", e.Message("en"))
	}
}

// The title sits in a title-classed block above the text, and the page's
// <title> names only the site.
func TestReadPageTitleBlock(t *testing.T) {
	t.Parallel()
	page := `<html><head><meta charset="utf-8"><title>示范市人民政府门户网站</title></head><body>
<div class="top"><a href="/">设为首页</a></div>
<table><tr><td><table><tr><td><a href="/1">民生动态</a></td></tr></table></td><td>
<div class="article_title">示范市推进城乡社区服务体系建设行动计划</div>
<div id="zoom"><p>　　` + policy + `</p><p>　　` + policy + `</p></div></td></tr></table>
<div class="footer">版权所有 示范市人民政府</div></body></html>`
	got := mustRead(t, "page.html", []byte(page))
	if want := "示范市推进城乡社区服务体系建设行动计划\n" + policy + "\n" + policy; got != want {
		t.Errorf("\n got %q\nwant %q", got, want)
	}
}

// joinPDFLines on pdftotext -layout output: hard wraps inside paragraphs
// go, across a page break too; page numbers go; indented first lines,
// headings and numbered items start paragraphs; table rows keep their
// cells.
func TestJoinPDFLines(t *testing.T) {
	t.Parallel()
	page1 := strings.Join([]string{
		"            示范市民生实事项目实施方案",
		"                 （2024—2026年）",
		"",
		"    为进一步保障和改善民生，结合我市实际，制定本方案。到2026年，",
		"全市普惠性幼儿园覆盖率达到90%，优质特色普通高中占比达到60%，城",
		"乡居民收入稳定增长。",
		"    一、主要指标",
		"      指标             单位 基期值 目标值      属性",
		"  城镇调查失业率         %     5.6    <5.5     预期性",
		"    1.新建改建城市公园10个，新增绿地面积50万平方米，城市建成区绿",
		"",
		"                              — 1 —",
		"",
	}, "\n")
	page2 := strings.Join([]string{
		"地率达到41%。",
		"    2.完成老旧小区改造200个。",
		"                                 - 2 -",
	}, "\n")
	got := tidy(joinPDFLines([]string{page1, page2}))
	want := strings.Join([]string{
		"示范市民生实事项目实施方案（2024—2026年）",
		"为进一步保障和改善民生，结合我市实际，制定本方案。到2026年，全市普惠性幼儿园覆盖率达到90%，优质特色普通高中占比达到60%，城乡居民收入稳定增长。",
		"一、主要指标",
		"指标\t单位\t基期值\t目标值\t属性",
		"城镇调查失业率\t%\t5.6\t<5.5\t预期性",
		"1.新建改建城市公园10个，新增绿地面积50万平方米，城市建成区绿地率达到41%。",
		"2.完成老旧小区改造200个。",
	}, "\n")
	if got != want {
		t.Errorf("\n got %q\nwant %q", got, want)
	}
}

// Headings numbered by Word (一、 （一） 1.) are not in the text: the reader
// counts the lists and writes the numbers in, as Word shows them.
func TestReadDocxNumbering(t *testing.T) {
	t.Parallel()
	numberingXML := `<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="` + wordNS + `">
<w:abstractNum w:abstractNumId="0">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
 <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="●"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>`
	numbered := func(ilvl, numID int, text string) string {
		return `<w:p><w:pPr><w:pStyle w:val="2"/><w:numPr><w:ilvl w:val="` + strconv.Itoa(ilvl) + `"/><w:numId w:val="` +
			strconv.Itoa(numID) + `"/></w:numPr><w:pPrChange><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr></w:pPrChange></w:pPr>` +
			`<w:r><w:t>` + text + `</w:t></w:r></w:p>`
	}
	body := para("示范市民生实事实施意见") +
		numbered(0, 1, "总体要求") + numbered(1, 1, "指导思想") + numbered(1, 1, "总体目标") +
		numbered(0, 1, "重点任务") + numbered(1, 1, "促进就业") +
		numbered(2, 1, "到2025年，城镇新增就业12万人。") + numbered(2, 1, "城镇调查失业率控制在5.5%以内。") +
		numbered(1, 1, "发展教育") + numbered(2, 1, "普惠性幼儿园覆盖率达到90%。") +
		numbered(0, 2, "各区县要加强组织领导，落实工作责任。")
	body = numbered(0, 1, "") + body // an empty numbered paragraph still counts
	files := map[string]string{
		"[Content_Types].xml": contentTypes,
		"word/numbering.xml":  numberingXML,
	}
	doc := docx(t, body)
	zr, err := zip.NewReader(bytes.NewReader(doc), int64(len(doc)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			files[f.Name] = string(b)
		}
	}
	got := mustRead(t, "意见.docx", zipOf(t, files))
	want := strings.Join([]string{
		"一、",
		"示范市民生实事实施意见",
		"二、总体要求",
		"（一）指导思想",
		"（二）总体目标",
		"三、重点任务",
		"（一）促进就业",
		"1.到2025年，城镇新增就业12万人。",
		"2.城镇调查失业率控制在5.5%以内。",
		"（二）发展教育",
		"1.普惠性幼儿园覆盖率达到90%。",
		"各区县要加强组织领导，落实工作责任。",
	}, "\n")
	if got != want {
		t.Errorf("\n got %q\nwant %q", got, want)
	}
}

func TestFormatNumber(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		format string
		v      int
		want   string
	}{
		{"chineseCounting", 1, "一"}, {"chineseCounting", 10, "十"}, {"chineseCounting", 12, "十二"},
		{"chineseCounting", 20, "二十"}, {"chineseCountingThousand", 35, "三十五"}, {"decimal", 7, "7"},
		{"decimalFullWidth", 12, "１２"}, {"decimalEnclosedCircle", 3, "③"}, {"ideographTraditional", 2, "乙"},
		{"upperRoman", 4, "IV"}, {"lowerLetter", 2, "b"},
	} {
		if got := formatNumber(tc.format, tc.v); got != tc.want {
			t.Errorf("formatNumber(%s, %d) = %q, want %q", tc.format, tc.v, got, tc.want)
		}
	}
}
