package ledger

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/goalpost-civic/goalpost/internal/csvsafe"
	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/xuri/excelize/v2"
)

// MaxUpload bounds an uploaded ledger: a department's ledger is a few
// hundred rows, far below this; anything larger is not one.
const MaxUpload = 5 << 20

// Limits on reading an .xlsx protect against spreadsheet bombs: a small
// file that inflates to tens of megabytes, or whose cells claim columns
// far to the right, is refused before it is parsed or at its first row.
// Parsing XML takes several times its size in memory (styles ~18×, shared
// strings ~7×), so the parts parsed whole are kept smallest. A ledger of
// 5,000 rows written by Goalpost is a 2 MB worksheet; one saved again by
// Excel adds shared strings and styles of a fraction of that.
const (
	maxUnzipped       = 8 << 20   // the whole workbook, unzipped
	maxWorksheet      = 4 << 20   // a worksheet, read row by row
	maxSharedStrings  = 2 << 20   // the shared strings, parsed whole when a row refers to them
	maxOtherXML       = 512 << 10 // styles, workbook, theme …: parsed whole when opened
	maxRows           = 5000
	maxColumns        = 100
	uploadInstruction = "请上传从 Goalpost 下载的台账"
)

const sheetName = "台账"

// WriteXLSX writes the ledger as an Excel workbook.
func (s Sheet) WriteXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheetName); err != nil {
		return err
	}
	set := func(row int, values []any) error {
		cell, _ := excelize.CoordinatesToCellName(1, row)
		return f.SetSheetRow(sheetName, cell, &values)
	}
	if err := set(1, []any{s.Title()}); err != nil {
		return err
	}
	if err := set(2, []any{s.Subtitle()}); err != nil {
		return err
	}
	header := make([]any, 0, len(s.Header()))
	for _, h := range s.Header() {
		header = append(header, h)
	}
	if err := set(3, header); err != nil {
		return err
	}
	for i, r := range s.Rows {
		if err := set(4+i, s.Cells(r)); err != nil {
			return err
		}
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Color: []string{"DDEBF7"}, Pattern: 1}})
	if err != nil {
		return err
	}
	last, _ := excelize.CoordinatesToCellName(len(s.Header()), 3)
	_ = f.SetCellStyle(sheetName, "A3", last, bold)
	_ = f.SetColWidth(sheetName, "B", "B", 24)
	_ = f.SetColWidth(sheetName, "E", "F", 30)
	// Keep the header and the identifying columns in view while scrolling.
	_ = f.SetPanes(sheetName, &excelize.Panes{Freeze: true, XSplit: 1, YSplit: 3, TopLeftCell: "B4", ActivePane: "bottomRight"})
	return f.Write(w)
}

// WriteCSV writes the ledger as CSV with a byte-order mark, so Excel reads
// the Chinese as UTF-8. Text that a spreadsheet would run as a formula is
// written with an apostrophe before it (csvsafe); ReadTable takes it off.
func (s Sheet) WriteCSV(w io.Writer) error {
	cw, err := csvsafe.ForExcel(w)
	if err != nil {
		return err
	}
	_ = cw.Write([]string{s.Title()})
	_ = cw.Write([]string{s.Subtitle()})
	_ = cw.Write(s.Header())
	for _, r := range s.Rows {
		cells := s.Cells(r)
		out := make([]string, len(cells))
		for i, c := range cells {
			if v, ok := c.(float64); ok {
				out[i] = strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.6f", v), "0"), ".")
			} else {
				out[i] = fmt.Sprint(c)
			}
		}
		_ = cw.Write(out)
	}
	cw.Flush()
	return cw.Error()
}

// ReadTable reads an uploaded .xlsx or CSV into rows of cell text. The
// format is told by the content (an .xlsx is a zip), not by the file name.
func ReadTable(data []byte) ([][]string, error) {
	if len(data) > MaxUpload {
		return nil, goalpost.E(goalpost.EINVALID, "ledger.file_too_big", MaxUpload>>20)
	}
	read := readCSV
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		read = readXLSX
	}
	table, err := read(data)
	if err != nil {
		return nil, err
	}
	// PostgreSQL stores no NUL byte and no invalid UTF-8 (a CSV saved as GBK).
	for i, row := range table {
		for j, cell := range row {
			if !utf8.ValidString(cell) || strings.IndexByte(cell, 0) >= 0 {
				return nil, goalpost.E(goalpost.EINVALID, "ledger.file_bad_text", i+1, j+1)
			}
		}
	}
	return table, nil
}

func readXLSX(data []byte) ([][]string, error) {
	if err := checkUnzipped(data); err != nil {
		return nil, err
	}
	// No part is larger than maxUnzipped, so excelize keeps every part in
	// memory and writes no temporary file.
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: maxUnzipped, RawCellValue: true,
	})
	if err != nil {
		return nil, goalpost.E(goalpost.EINVALID, "ledger.file_bad_xlsx", err.Error())
	}
	defer f.Close()
	sheet := sheetName
	if idx, _ := f.GetSheetIndex(sheetName); idx < 0 {
		sheet = f.GetSheetName(0)
	}
	// Rows streams the worksheet; GetRows would hold all of it parsed.
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, goalpost.E(goalpost.EINVALID, "ledger.file_bad_sheet", sheet, err.Error())
	}
	defer rows.Close()
	var out [][]string
	for rows.Next() {
		if len(out) >= maxRows {
			return nil, goalpost.E(goalpost.EINVALID, "ledger.file_too_many_rows", maxRows)
		}
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, goalpost.E(goalpost.EINVALID, "ledger.file_bad_row", len(out)+1, err.Error())
		}
		if len(cols) > maxColumns {
			// A cell far to the right makes every row that wide in memory.
			return nil, goalpost.E(goalpost.EINVALID, "ledger.file_too_many_columns", len(out)+1, maxColumns)
		}
		out = append(out, cols)
	}
	return out, rows.Error()
}

// checkUnzipped refuses a workbook whose parts, by the sizes its zip
// directory declares, would be too large once unzipped (archive/zip refuses
// to inflate a part beyond its declared size, so the declaration holds).
func checkUnzipped(data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return goalpost.E(goalpost.EINVALID, "ledger.file_bad_xlsx", err.Error())
	}
	var total uint64
	for _, zf := range zr.File {
		size := zf.UncompressedSize64
		total += size
		name := strings.ToLower(strings.ReplaceAll(zf.Name, "\\", "/"))
		limit := uint64(maxUnzipped)
		switch {
		case strings.HasPrefix(name, "xl/worksheets/"):
			limit = maxWorksheet
		case name == "xl/sharedstrings.xml":
			limit = maxSharedStrings
		case strings.HasSuffix(name, ".xml"), strings.HasSuffix(name, ".rels"):
			limit = maxOtherXML
		}
		if size > limit {
			return goalpost.E(goalpost.EINVALID, "ledger.file_part_too_big", zf.Name, limit>>10)
		}
		if total > maxUnzipped {
			return goalpost.E(goalpost.EINVALID, "ledger.file_unzipped_too_big", maxUnzipped>>20)
		}
	}
	return nil
}

func readCSV(data []byte) ([][]string, error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	var out [][]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, goalpost.E(goalpost.EINVALID, "ledger.file_bad_csv", err.Error())
		}
		if len(out) >= maxRows {
			return nil, goalpost.E(goalpost.EINVALID, "ledger.file_too_many_rows", maxRows)
		}
		for i, c := range rec {
			rec[i] = csvsafe.Uncell(c) // as WriteCSV wrote it
		}
		out = append(out, rec)
	}
}
