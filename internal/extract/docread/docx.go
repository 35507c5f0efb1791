package docread

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
)

// MaxDocxXML is the largest word/document.xml read once unpacked: a
// 50-page plan is about 2 MB of XML, so 50 MB refuses only zip bombs.
const MaxDocxXML = 50 << 20

// wordNS is the WordprocessingML namespace of w: elements.
const wordNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

// readDocx reads word/document.xml of a .docx: every paragraph (w:p) is a
// line, runs' text (w:t) joined, w:tab a tab, w:br a line break; a table
// (w:tbl) row is one line of tab-separated cells, a cell's paragraphs
// joined with a space. Tracked deletions (w:delText), field codes and the
// fallback copies of text boxes are left out.
func readDocx(data []byte, ext string) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", &Error{Code: CodeCorrupt, Detail: ".docx", Err: err}
	}
	var doc, numXML *zip.File
	for _, f := range zr.File {
		switch {
		case f.Name == "word/document.xml":
			doc = f
		case f.Name == "word/numbering.xml":
			numXML = f
		case strings.HasPrefix(f.Name, "xl/"):
			return "", &Error{Code: CodeFormat, Detail: ".xlsx"}
		case strings.HasPrefix(f.Name, "ppt/"):
			return "", &Error{Code: CodeFormat, Detail: ".pptx"}
		}
	}
	if doc == nil {
		if ext == ".docx" {
			return "", &Error{Code: CodeCorrupt, Detail: ".docx", Err: errors.New("no word/document.xml")}
		}
		if ext == "" || ext == ".zip" {
			ext = ".zip"
		}
		return "", &Error{Code: CodeFormat, Detail: ext}
	}
	xmlData, err := unzipPart(doc, MaxDocxXML)
	if err != nil {
		return "", err
	}
	var num *numbering
	if numXML != nil {
		numData, err := unzipPart(numXML, MaxDocxXML/10)
		if err != nil {
			return "", err
		}
		num = parseNumbering(numData)
	}
	text, err := docxText(xmlData, num)
	if err != nil {
		return "", &Error{Code: CodeCorrupt, Detail: ".docx", Err: err}
	}
	return tidy(text), nil
}

// unzipPart reads one part of the package, refusing it when it unpacks to
// more than limit bytes: first by the zip directory's word, then (as that
// may lie) while reading.
func unzipPart(f *zip.File, limit int) ([]byte, error) {
	if f.UncompressedSize64 > uint64(limit) {
		return nil, &Error{Code: CodeTooLarge, Detail: ".docx"}
	}
	rc, err := f.Open()
	if err != nil {
		return nil, &Error{Code: CodeCorrupt, Detail: ".docx", Err: err}
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, int64(limit)+1))
	if err != nil {
		return nil, &Error{Code: CodeCorrupt, Detail: ".docx", Err: err}
	}
	if len(data) > limit {
		return nil, &Error{Code: CodeTooLarge, Detail: ".docx"}
	}
	return data, nil
}

// docxTable is a table being read: its grid, the row's cells, the cell's
// paragraphs.
type docxTable struct {
	g       grid
	row     []gridCell
	cell    []string
	colspan int
}

func docxText(data []byte, num *numbering) (string, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	var out strings.Builder
	var tables []*docxTable
	var para []*strings.Builder // nested paragraphs (text boxes inside a paragraph)
	inText, skip := false, 0
	numID, ilvl := "", 0
	emit := func(line string) {
		if n := len(tables); n > 0 {
			tables[n-1].cell = append(tables[n-1].cell, line)
			return
		}
		out.WriteString(line)
		out.WriteByte('\n')
	}
	write := func(s string) {
		if n := len(para); n > 0 {
			para[n-1].WriteString(s)
		}
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if skip > 0 {
				skip++
				continue
			}
			// mc:Fallback repeats mc:Choice's text boxes; w:pPrChange and
			// the like hold the properties before a tracked change.
			if t.Name.Local == "Fallback" || t.Name.Space == wordNS && strings.HasSuffix(t.Name.Local, "Change") {
				skip = 1
				continue
			}
			if t.Name.Space != wordNS {
				continue
			}
			switch t.Name.Local {
			case "p":
				para = append(para, &strings.Builder{})
			case "t":
				inText = true
			case "numPr":
				numID, ilvl = "", 0
			case "ilvl":
				ilvl, _ = strconv.Atoi(xmlAttr(t, "val"))
			case "numId":
				numID = xmlAttr(t, "val")
			case "tab", "ptab":
				if len(para) > 0 && len(tables) > 0 {
					write(" ") // a tab inside a cell would split the cell
				} else {
					write("\t")
				}
			case "br", "cr":
				if typ := xmlAttr(t, "type"); typ == "" || typ == "textWrapping" {
					write("\n")
				}
			case "noBreakHyphen":
				write("-")
			case "tbl":
				tables = append(tables, &docxTable{})
			case "tr":
				if n := len(tables); n > 0 {
					tables[n-1].row = nil
				}
			case "tc":
				if n := len(tables); n > 0 {
					tables[n-1].cell, tables[n-1].colspan = nil, 1
				}
			case "gridSpan":
				if n := len(tables); n > 0 {
					if v, err := strconv.Atoi(xmlAttr(t, "val")); err == nil && v > 1 {
						tables[n-1].colspan = min(v, 100)
					}
				}
			case "delText", "instrText", "footnoteReference", "commentReference":
				// not the document's visible text
			}
		case xml.EndElement:
			if skip > 0 {
				skip--
				continue
			}
			if t.Name.Space != wordNS {
				continue
			}
			switch t.Name.Local {
			case "t":
				inText = false
			case "numPr":
				if len(para) > 0 {
					write(num.next(numID, ilvl))
				}
			case "p":
				if n := len(para); n > 0 {
					line := para[n-1].String()
					para = para[:n-1]
					if len(tables) > 0 {
						line = strings.ReplaceAll(line, "\n", " ")
						emit(line)
					} else {
						for l := range strings.SplitSeq(line, "\n") {
							emit(l)
						}
					}
				}
			case "tc":
				if n := len(tables); n > 0 {
					tb := tables[n-1]
					var parts []string
					for _, p := range tb.cell {
						if p = strings.TrimSpace(p); p != "" {
							parts = append(parts, p)
						}
					}
					tb.row = append(tb.row, gridCell{text: strings.Join(parts, " "), colspan: tb.colspan, rowspan: 1})
					tb.cell = nil
				}
			case "tr":
				if n := len(tables); n > 0 {
					tables[n-1].g.add(tables[n-1].row)
				}
			case "tbl":
				if n := len(tables); n > 0 {
					tb := tables[n-1]
					tables = tables[:n-1]
					if len(tables) > 0 {
						// A table inside a cell: its rows become the cell's text.
						for _, l := range tb.g.lines() {
							emit(strings.ReplaceAll(l, "\t", " "))
						}
					} else {
						for _, l := range tb.g.lines() {
							emit(l)
						}
					}
				}
			}
		case xml.CharData:
			if inText && skip == 0 {
				write(string(t))
			}
		}
	}
	return out.String(), nil
}

func xmlAttr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}
