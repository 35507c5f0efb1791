package docread

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// PDFTimeout bounds one pdftotext run.
const PDFTimeout = 30 * time.Second

// pdftotext is the poppler tool's name, a variable so a test can take it away.
var pdftotext = "pdftotext"

// readPDF runs poppler's pdftotext on a temporary copy of the file. With
// -layout it keeps a table row on one line and a paragraph's first-line
// indent (首行缩进), which say where rows and paragraphs are; joinPDFLines
// then undoes the hard wraps inside paragraphs.
func readPDF(ctx context.Context, data []byte) (string, error) {
	path, err := exec.LookPath(pdftotext)
	if err != nil {
		return "", &Error{Code: CodeNoPDFTool, Err: err}
	}
	f, err := os.CreateTemp("", "goalpost-docread-*.pdf")
	if err != nil {
		return "", err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(data); err != nil {
		f.Close()
		return "", err
	}
	if err := f.Close(); err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(ctx, PDFTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, "-enc", "UTF-8", "-layout", "-q", f.Name(), "-")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	if ctx.Err() == context.DeadlineExceeded {
		return "", &Error{Code: CodePDFTimeout, Err: ctx.Err()}
	}
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) && exit.ExitCode() == 3 || strings.Contains(strings.ToLower(stderr.String()), "password") {
			return "", &Error{Code: CodeEncrypted, Err: err}
		}
		return "", &Error{Code: CodeCorrupt, Detail: ".pdf", Err: errors.Join(err, errors.New(strings.TrimSpace(stderr.String())))}
	}
	out := stdout.String()
	if !utf8.ValidString(out) {
		out = strings.ToValidUTF8(out, "")
	}
	pages := strings.Split(strings.TrimSuffix(out, "\f"), "\f")
	visible := 0
	for _, r := range out {
		if !unicode.IsSpace(r) {
			visible++
		}
	}
	// A scan has no text layer; a scan with a stamped page number or
	// header has a handful of characters a page.
	if visible < 20*len(pages) {
		return "", &Error{Code: CodeScanned}
	}
	return tidy(joinPDFLines(pages)), nil
}

var (
	pageNumber = regexp.MustCompile(`^[-—–－\s]*(第\s*)?\d{1,4}(\s*页)?[-—–－\s]*$|^\d{1,4}\s*/\s*\d{1,4}$`)
	// A new paragraph whatever the layout: a heading or numbered item.
	itemStart = regexp.MustCompile(`^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、]\D|第[一二三四五六七八九十百\d]+[章节条部分]|专栏|附件|附表)`)
	// The title's period on a line of its own belongs to the title.
	titlePeriod = regexp.MustCompile(`^[（(]\d{4}\s*[—–\-－~～至]+\s*\d{4}年?[）)]$`)
	cellGap     = regexp.MustCompile(`\s{2,}`)
	// A single space between two Chinese words inside a table row is a
	// cell boundary that -layout squeezed.
	hanGap = regexp.MustCompile(`(\p{Han}) (\p{Han})`)
)

type pdfLine struct {
	text   string // without the indent
	indent int
	width  int // display width: Chinese characters count two
	table  bool
}

// joinPDFLines turns -layout output into paragraphs: a line continues the
// previous one when that one ran to (nearly) the full width of the page's
// text and this one is not indented, not a heading or numbered item, and
// neither is a table row. Rows with two or more wide gaps are table rows;
// their gaps become tabs.
func joinPDFLines(pages []string) string {
	var out []string
	var prev *pdfState
	for _, page := range pages {
		var lines []pdfLine
		base, full := -1, 0
		for raw := range strings.SplitSeq(page, "\n") {
			raw = strings.TrimRightFunc(raw, unicode.IsSpace)
			text := strings.TrimLeftFunc(raw, unicode.IsSpace)
			if text == "" {
				lines = append(lines, pdfLine{})
				continue
			}
			if pageNumber.MatchString(text) {
				continue
			}
			l := pdfLine{text: text, indent: displayWidth(raw[:len(raw)-len(text)])}
			l.table = len(cellGap.FindAllStringIndex(text, -1)) >= 2
			l.width = l.indent + displayWidth(text)
			if !l.table {
				if base < 0 || l.indent < base {
					base = l.indent
				}
				full = max(full, l.width)
			}
			lines = append(lines, l)
		}
		// Blank lines at a page's top and bottom (around its page number)
		// are not paragraph breaks: a paragraph runs on across pages.
		for len(lines) > 0 && lines[len(lines)-1].text == "" {
			lines = lines[:len(lines)-1]
		}
		for len(lines) > 0 && lines[0].text == "" {
			lines = lines[1:]
		}
		// The continuation indent is the one most common after a full
		// line; the smallest indent may belong to a stray column.
		count := map[int]int{}
		for i := 1; i < len(lines); i++ {
			if p := lines[i-1]; p.text != "" && !p.table && !lines[i].table && lines[i].text != "" && p.width*100 >= full*85 {
				count[lines[i].indent]++
			}
		}
		for indent, n := range count {
			if n > count[base] || n == count[base] && indent < base {
				base = indent
			}
		}
		for i := range lines {
			l := &lines[i]
			if l.text == "" {
				prev = nil // a blank line ends a paragraph
				continue
			}
			if l.table {
				row := cellGap.ReplaceAllString(l.text, "\t")
				for hanGap.MatchString(row) {
					row = hanGap.ReplaceAllString(row, "$1\t$2")
				}
				out = append(out, row)
				prev = nil
				continue
			}
			if prev != nil && !prev.table && (titlePeriod.MatchString(l.text) ||
				prev.full && l.indent <= base && !itemStart.MatchString(l.text)) {
				last := &out[len(out)-1]
				if endsASCIIWord(*last) && startsASCIIWord(l.text) {
					*last += " "
				}
				*last += l.text
			} else {
				out = append(out, l.text)
			}
			prev = &pdfState{full: full > 0 && l.width*100 >= full*85}
		}
	}
	return strings.Join(out, "\n")
}

type pdfState struct{ table, full bool }

func displayWidth(s string) int {
	w := 0
	for _, r := range s {
		if r > 0x2e80 {
			w += 2
		} else {
			w++
		}
	}
	return w
}

func endsASCIIWord(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

func startsASCIIWord(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r))
}
