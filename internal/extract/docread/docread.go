// Package docread turns an uploaded policy document (.txt, .html, .docx,
// .pdf with a text layer) into plain text for the extractor: one paragraph
// per line, a table row as one line of tab-separated cells, the page's
// navigation and boilerplate left out.
//
// The output is UTF-8 with "\n" line ends and no blank lines; spaces
// (full-width ones included) are trimmed at both ends of a line, tabs are
// kept because they separate table cells. Characters are kept as the
// document writes them: full-width punctuation stays full-width.
//
// What the document is comes from its content first and its name second:
// a .txt that is really a PNG is refused as an image, and a PDF is read as a
// PDF whatever it is called. Every refusal is an *Error whose Code is
// stable and whose Message says in Chinese or English what was wrong.
package docread

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/goalpost-civic/goalpost/internal/i18n"
)

// MaxSize is the largest document read.
const MaxSize = 20 << 20

// MinHan is the fewest Chinese characters a policy document can have; a
// single target sentence (到2025年，普惠性幼儿园覆盖率达到90%) has about 15, a
// document with its title and one task far more.
const MinHan = 30

// Accepted lists the file name extensions Read understands, for messages
// and for the accept attribute of an upload field.
var Accepted = []string{".txt", ".html", ".htm", ".docx", ".pdf"}

// Error codes. They are stable: the web layer and tests branch on them; the
// wording of the messages (catalogue keys "docread.<code>") may change.
const (
	CodeEmpty      = "empty"        // nothing but whitespace
	CodeTooLarge   = "too_large"    // over MaxSize, or a .docx that unpacks too large
	CodeImage      = "image"        // PNG, JPEG, GIF, BMP, TIFF or WebP; Detail names it
	CodeBinary     = "binary"       // an executable, NUL bytes, an archive that is no document
	CodeEncoding   = "encoding"     // text in neither UTF-8, UTF-16 nor GB18030/GBK
	CodeFormat     = "format"       // an extension Read does not read; Detail is it
	CodeOldWord    = "old_word"     // .doc/.wps/.xls (OLE compound file): save as .docx
	CodeNoChinese  = "no_chinese"   // text, but no Chinese at all
	CodeTooLittle  = "too_little"   // fewer than MinHan Chinese characters; Count says how many
	CodeScanned    = "scanned"      // a PDF without a text layer
	CodeCorrupt    = "corrupt"      // a damaged .docx or .pdf; Detail is the format
	CodeEncrypted  = "encrypted"    // a password-protected PDF
	CodeNoPDFTool  = "no_pdftotext" // pdftotext (poppler-utils) is not installed
	CodePDFTimeout = "pdf_timeout"  // pdftotext took longer than PDFTimeout
)

// Error is a document Read refuses; Code is stable for tests and programs.
type Error struct {
	Code   string
	Detail string // the image format, the extension or the document format, when the code has one
	Count  int    // for CodeTooLittle: the Chinese characters found
	Err    error  // the underlying cause, for logs
}

// Error returns the English message (and the cause), so logs read like the UI.
func (e *Error) Error() string {
	if e.Err != nil {
		return "docread: " + e.Message("en") + " (" + e.Err.Error() + ")"
	}
	return "docread: " + e.Message("en")
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// Message returns the sentence shown to the person who uploaded the file.
// lang is "zh" (the default, also for unknown values) or "en"; region
// suffixes such as "en-GB" are accepted.
func (e *Error) Message(lang string) string {
	l := i18n.Chinese
	if strings.HasPrefix(strings.ToLower(strings.TrimSpace(lang)), "en") {
		l = i18n.English
	}
	key := "docread." + e.Code
	switch e.Code {
	case CodeTooLarge:
		return l.T(key, MaxSize>>20)
	case CodeImage, CodeCorrupt:
		return l.T(key, e.Detail)
	case CodeFormat:
		ext := e.Detail
		if ext == "" {
			ext = l.T("docread.no_extension")
		}
		return l.T(key, ext, strings.Join(Accepted, " "))
	case CodeTooLittle:
		return l.T(key, e.Count, MinHan)
	case CodePDFTimeout:
		return l.T(key, int(PDFTimeout.Seconds()))
	}
	return l.T(key)
}

// Codes lists every code, so tests can check each has a message.
var Codes = []string{CodeEmpty, CodeTooLarge, CodeImage, CodeBinary, CodeEncoding,
	CodeFormat, CodeOldWord, CodeNoChinese, CodeTooLittle, CodeScanned, CodeCorrupt,
	CodeEncrypted, CodeNoPDFTool, CodePDFTimeout}

// Read reads the document named name (its extension says the format when
// the content does not) from r, at most MaxSize bytes.
func Read(name string, r io.Reader) (string, error) {
	return ReadContext(context.Background(), name, r)
}

// ReadContext is Read with a context that bounds the PDF conversion.
func ReadContext(ctx context.Context, name string, r io.Reader) (string, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return "", fmt.Errorf("docread: read %s: %w", name, err)
	}
	return ReadBytes(ctx, name, data)
}

// ReadBytes converts a document already in memory.
func ReadBytes(ctx context.Context, name string, data []byte) (string, error) {
	if len(data) > MaxSize {
		return "", &Error{Code: CodeTooLarge}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return "", &Error{Code: CodeEmpty}
	}
	ext := strings.ToLower(filepath.Ext(name))
	var text string
	var err error
	switch kind := sniff(data); kind {
	case kindPDF:
		text, err = readPDF(ctx, data)
	case kindZip:
		text, err = readDocx(data, ext)
	case kindOLE:
		return "", &Error{Code: CodeOldWord}
	case kindBinary:
		return "", &Error{Code: CodeBinary}
	case kindText:
		var s string
		s, err = decodeText(data)
		if err != nil {
			return "", err
		}
		switch {
		case ext == ".html" || ext == ".htm" || ext == ".shtml" || ext == ".xhtml":
			text, err = readHTML(data)
		case ext == ".txt" || ext == ".text" || ext == "":
			if looksLikeHTML(s) {
				text, err = readHTML(data)
			} else {
				text = tidy(s)
			}
		case ext == ".docx" || ext == ".pdf":
			return "", &Error{Code: CodeCorrupt, Detail: ext}
		default:
			return "", &Error{Code: CodeFormat, Detail: ext}
		}
	default: // an image
		return "", &Error{Code: CodeImage, Detail: kind}
	}
	if err != nil {
		return "", err
	}
	if strings.TrimSpace(text) == "" {
		// The file had bytes, but no text survived: images only, or a
		// page of navigation.
		return "", &Error{Code: CodeNoChinese}
	}
	if err := CheckText(text); err != nil {
		return "", err
	}
	return text, nil
}

// CheckText refuses a text too short or too little Chinese to be a policy
// document; the web layer applies it to pasted text as well.
func CheckText(text string) error {
	han := 0
	for _, r := range text {
		if unicode.Is(unicode.Han, r) {
			han++
		}
	}
	switch {
	case strings.TrimSpace(text) == "":
		return &Error{Code: CodeEmpty}
	case han == 0:
		return &Error{Code: CodeNoChinese}
	case han < MinHan:
		return &Error{Code: CodeTooLittle, Count: han}
	}
	return nil
}

// Kinds of content sniff tells apart; image kinds are the format's name.
const (
	kindText   = "text"
	kindPDF    = "pdf"
	kindZip    = "zip"
	kindOLE    = "ole"
	kindBinary = "binary"
)

// sniff says what the bytes are, by their magic numbers and, for text, by
// the absence of control bytes.
func sniff(b []byte) string {
	has := func(prefix string) bool { return bytes.HasPrefix(b, []byte(prefix)) }
	switch {
	case has("\x89PNG\r\n\x1a\n"):
		return "PNG"
	case has("\xff\xd8\xff"):
		return "JPEG"
	case has("GIF87a"), has("GIF89a"):
		return "GIF"
	case has("II*\x00"), has("MM\x00*"):
		return "TIFF"
	case len(b) > 12 && has("RIFF") && string(b[8:12]) == "WEBP":
		return "WebP"
	case len(b) > 26 && has("BM") && b[6] == 0 && b[7] == 0 && b[8] == 0 && b[9] == 0:
		return "BMP"
	case has("PK\x03\x04"):
		return kindZip
	case has("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
		return kindOLE
	case has("MZ"), has("\x7fELF"), has("\xca\xfe\xba\xbe"), has("\xcf\xfa\xed\xfe"), has("\x1f\x8b"),
		has("Rar!"), has("7z\xbc\xaf"), has("PK\x05\x06"):
		return kindBinary
	}
	// PDF: the header may follow some junk within the first KiB.
	if i := bytes.Index(b[:min(len(b), 1024)], []byte("%PDF-")); i >= 0 {
		return kindPDF
	}
	if has("\xff\xfe") || has("\xfe\xff") { // UTF-16 with BOM: NULs are expected
		return kindText
	}
	if bytes.IndexByte(b, 0) >= 0 {
		return kindBinary
	}
	ctl := 0
	for _, c := range b[:min(len(b), 64<<10)] {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1b {
			ctl++
		}
	}
	if ctl > 8 {
		return kindBinary
	}
	return kindText
}

// looksLikeHTML reports whether a text is HTML source, so a saved page
// called .txt is read as a page.
func looksLikeHTML(s string) bool {
	head := strings.ToLower(strings.TrimLeft(s[:min(len(s), 1024)], " \t\r\n\ufeff"))
	return strings.HasPrefix(head, "<!doctype html") || strings.HasPrefix(head, "<html") ||
		(strings.HasPrefix(head, "<") && strings.Contains(head, "<head") && strings.Contains(head, "<meta"))
}

// tidy applies the output contract to converted text: "\n" line ends, no
// blank lines, spaces trimmed at line ends (tabs kept: they separate
// cells, but empty cells at a row's end are dropped), no control characters.
func tidy(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.TrimPrefix(s, "\ufeff")
	var out strings.Builder
	out.Grow(len(s))
	for line := range strings.SplitSeq(s, "\n") {
		line = strings.Map(func(r rune) rune {
			switch {
			case r == '\t':
				return r
			case r == '\f' || r == '\v' || r == '\u2028' || r == '\u2029':
				return ' '
			case r == '\ufeff' || r == '\u200b' || unicode.IsControl(r) || r == utf8.RuneError:
				return -1
			}
			return r
		}, line)
		line = strings.TrimLeftFunc(strings.TrimRightFunc(line, unicode.IsSpace),
			func(r rune) bool { return r != '\t' && unicode.IsSpace(r) })
		if strings.Trim(line, "\t") == "" {
			continue
		}
		out.WriteString(line)
		out.WriteByte('\n')
	}
	return strings.TrimSuffix(out.String(), "\n")
}
