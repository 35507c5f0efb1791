package ledger

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/goalpost-civic/goalpost/internal/csvsafe"
	"github.com/xuri/excelize/v2"
)

// MaxUpload bounds an uploaded ledger: a department's ledger is a few
// hundred rows, far below this; anything larger is not one.
const MaxUpload = 5 << 20

// Unzipped limits protect against spreadsheet bombs: a small .xlsx that
// inflates to gigabytes is refused while it is read.
const (
	maxUnzipped    = 50 << 20
	maxUnzippedXML = 20 << 20
	maxRows        = 5000
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
	if _, err := w.Write([]byte("\uFEFF")); err != nil {
		return err
	}
	cw := csvsafe.NewWriter(w)
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
		return nil, fmt.Errorf("文件超过 %d MB", MaxUpload>>20)
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
				return nil, fmt.Errorf("第 %d 行第 %d 列含有空字符或非 UTF-8 编码的文字：请上传从 Goalpost 下载的 .xlsx，或以 UTF-8 编码保存的 CSV", i+1, j+1)
			}
		}
	}
	return table, nil
}

func readXLSX(data []byte) ([][]string, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: maxUnzippedXML, RawCellValue: true,
	})
	if err != nil {
		return nil, fmt.Errorf("无法读取 Excel 文件（%v）：请上传 .xlsx 格式的台账", err)
	}
	defer f.Close()
	sheet := sheetName
	if idx, _ := f.GetSheetIndex(sheetName); idx < 0 {
		sheet = f.GetSheetName(0)
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, fmt.Errorf("无法读取工作表“%s”：%v", sheet, err)
	}
	defer rows.Close()
	var out [][]string
	for rows.Next() {
		if len(out) >= maxRows {
			return nil, fmt.Errorf("超过 %d 行：这不是一个单位的台账", maxRows)
		}
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, fmt.Errorf("第 %d 行无法读取：%v", len(out)+1, err)
		}
		out = append(out, cols)
	}
	return out, rows.Error()
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
			return nil, fmt.Errorf("无法读取 CSV（%v）：请上传从 Goalpost 下载的台账，UTF-8 编码", err)
		}
		if len(out) >= maxRows {
			return nil, fmt.Errorf("超过 %d 行：这不是一个单位的台账", maxRows)
		}
		for i, c := range rec {
			rec[i] = csvsafe.Uncell(c) // as WriteCSV wrote it
		}
		out = append(out, rec)
	}
}
