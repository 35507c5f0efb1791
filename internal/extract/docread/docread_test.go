package docread

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"github.com/goalpost-civic/goalpost/internal/i18n"
)

// policy is a realistic piece of a plan, long enough to pass CheckText.
const policy = "到2025年，全市普惠性幼儿园覆盖率达到90%，优质特色普通高中占比达到60%。（牵头单位：市教育局；责任单位：市财政局）"

func read(t *testing.T, name string, data []byte) (string, error) {
	t.Helper()
	return Read(name, bytes.NewReader(data))
}

func mustRead(t *testing.T, name string, data []byte) string {
	t.Helper()
	got, err := read(t, name, data)
	if err != nil {
		t.Fatalf("Read(%s): %v", name, err)
	}
	return got
}

func TestReadText(t *testing.T) {
	t.Parallel()
	body := "示范市民生实事项目\r\n\r\n\r\n　　" + policy + "　　\r\n二、主要指标\r\n指标\t单位\t目标值\t属性\r\n城镇调查失业率\t%\t<5.5\t预期性\t\r\n"
	want := "示范市民生实事项目\n" + policy + "\n二、主要指标\n指标\t单位\t目标值\t属性\n城镇调查失业率\t%\t<5.5\t预期性"
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(body)
	if err != nil {
		t.Fatal(err)
	}
	gb18030, _ := simplifiedchinese.GB18030.NewEncoder().String(body + "𠮷")
	u16le, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(body)
	u16be, _ := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().String(body)
	for _, tc := range []struct {
		name string
		data string
		want string
	}{
		{"utf8.txt", body, want},
		{"bom.txt", "\ufeff" + body, want},
		{"gbk.txt", gbk, want},
		{"gb18030.TXT", gb18030, want + "\n𠮷"},
		{"utf16le.txt", u16le, want},
		{"utf16be.txt", u16be, want},
		{"no-extension", body, want},
	} {
		if got := mustRead(t, tc.name, []byte(tc.data)); got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
	}
}

// A page dump saved as .txt, like the seeds, is kept as it is: the
// extractor copes with its noise.
func TestReadTextDumpKeptWhole(t *testing.T) {
	t.Parallel()
	dump := "设为首页 | 加入收藏 | 繁体中文\n您现在的位置:示范县 > 新闻中心\n" + policy + "\n"
	got := mustRead(t, "page.txt", []byte(dump))
	if !strings.HasPrefix(got, "设为首页") || !strings.Contains(got, policy) {
		t.Errorf("got %q", got)
	}
}

func TestBadInput(t *testing.T) {
	t.Parallel()
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 64)...)
	exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00"), make([]byte, 100)...)
	ole := append([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), make([]byte, 504)...)
	big := bytes.Repeat([]byte(policy+"\n"), MaxSize/len(policy)+2)
	noDocXML := zipOf(t, map[string]string{"[Content_Types].xml": contentTypes, "word/styles.xml": "<w:styles/>"})
	xlsx := zipOf(t, map[string]string{"[Content_Types].xml": contentTypes, "xl/workbook.xml": "<workbook/>"})
	badXML := zipOf(t, map[string]string{"[Content_Types].xml": contentTypes, "word/document.xml": `<w:document xmlns:w="` + wordNS + `"><w:body><w:p><w:r><w:t>` + policy + `</w:body>`})
	for _, tc := range []struct {
		name   string
		data   []byte
		code   string
		detail string
		zh     string // a word the Chinese message must contain
	}{
		{"empty.txt", nil, CodeEmpty, "", "空"},
		{"blank.docx", []byte(" \r\n\t\n"), CodeEmpty, "", "空"},
		{"picture.png", png, CodeImage, "PNG", "图片"},
		{"notes.txt", png, CodeImage, "PNG", "PNG"}, // by content, not by name
		{"photo.jpg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), CodeImage, "JPEG", "图片"},
		{"anim.html", []byte("GIF89a\x01\x00\x01\x00"), CodeImage, "GIF", "图片"},
		{"setup.exe", exe, CodeBinary, "", "二进制"},
		{"plan.pdf.exe", exe, CodeBinary, "", "二进制"},
		{"data.txt", []byte("示范\x00\x01\x02文件" + policy), CodeBinary, "", "二进制"},
		{"garbage.txt", []byte("\x80\x80\xff\xfe\x80 abc \x80\xff"), CodeEncoding, "", "编码"},
		{"huge.txt", big, CodeTooLarge, "", "20 MB"},
		{"notes.md", []byte(policy), CodeFormat, ".md", ".docx"},
		{"old.doc", ole, CodeOldWord, "", ".docx"},
		{"old.wps", ole, CodeOldWord, "", "另存为"},
		{"english.txt", []byte("By 2025 the coverage of kindergartens reaches 90 percent."), CodeNoChinese, "", "中文"},
		{"short.txt", []byte("到2025年覆盖率达到90%"), CodeTooLittle, "", "7 个汉字"},
		{"nav.html", []byte("<html><body><div class=nav><a href=/>网站首页</a></div><p>设为首页</p></body></html>"), CodeNoChinese, "", "中文"},
		{"broken.docx", []byte("PK\x03\x04\x14\x00\x00\x00garbage"), CodeCorrupt, ".docx", ".docx"},
		{"nodoc.docx", noDocXML, CodeCorrupt, ".docx", "损坏"},
		{"badxml.docx", badXML, CodeCorrupt, ".docx", "损坏"},
		{"sheet.xlsx", xlsx, CodeFormat, ".xlsx", ".xlsx"},
		{"archive.zip", noDocXML, CodeFormat, ".zip", ".zip"},
		{"fake.pdf", []byte(policy), CodeCorrupt, ".pdf", ".pdf"},
		{"fake.docx", []byte(policy), CodeCorrupt, ".docx", ".docx"},
	} {
		_, err := read(t, tc.name, tc.data)
		checkError(t, tc.name, err, tc.code, tc.detail, tc.zh)
	}
}

func checkError(t *testing.T, name string, err error, code, detail, zh string) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Errorf("%s: err = %v, want *Error %s", name, err, code)
		return
	}
	if e.Code != code || (detail != "" && e.Detail != detail) {
		t.Errorf("%s: code %s detail %q, want %s %q (%v)", name, e.Code, e.Detail, code, detail, err)
	}
	zhMsg, en := e.Message("zh"), e.Message("en-GB")
	if !strings.Contains(zhMsg, zh) {
		t.Errorf("%s: Chinese message %q lacks %q", name, zhMsg, zh)
	}
	if en == zhMsg || strings.Contains(en, "docread.") || strings.Contains(zhMsg, "%!") || strings.Contains(en, "%!") {
		t.Errorf("%s: messages zh %q en %q", name, zhMsg, en)
	}
}

func TestEveryCodeHasAMessage(t *testing.T) {
	t.Parallel()
	for _, code := range append(Codes, "no_extension") {
		if !i18n.Has("docread." + code) {
			t.Errorf("catalogue lacks docread.%s", code)
		}
	}
	e := &Error{Code: CodeFormat}
	if m := e.Message("zh"); !strings.Contains(m, "没有扩展名") || !strings.Contains(m, ".pdf") {
		t.Errorf("format message without extension: %q", m)
	}
}

func TestCheckText(t *testing.T) {
	t.Parallel()
	if err := CheckText(policy); err != nil {
		t.Errorf("CheckText(policy) = %v", err)
	}
	checkError(t, "blank", CheckText(" \n　"), CodeEmpty, "", "空")
	checkError(t, "latin", CheckText("Plan 2025: 90%"), CodeNoChinese, "", "中文")
}

// requireTools reports whether CI demands the external tools (pdftotext),
// so a missing one fails the test instead of skipping it.
func requireTools() bool {
	return os.Getenv("GOALPOST_REQUIRE_TOOLS") == "1" || os.Getenv("GOALPOST_REQUIRE_BROWSER") == "1"
}

func needPdftotext(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if requireTools() {
			t.Fatal("pdftotext is required (GOALPOST_REQUIRE_TOOLS=1) but missing: apt-get install poppler-utils")
		}
		t.Skip("pdftotext missing (apt-get install poppler-utils): PDF test skipped")
	}
}

const contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`

func zipOf(t testing.TB, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
