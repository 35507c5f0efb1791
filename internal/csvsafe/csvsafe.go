// Package csvsafe writes CSV that spreadsheets open as data, never as
// formulas. Excel, LibreOffice and Google Sheets run a cell that starts with
// = + - @ (or a tab or carriage return before one) as a formula, so a title
// or a name typed by someone, =HYPERLINK("http://evil.example",…) or a DDE
// payload, would act in the spreadsheet of whoever opens the download. Such
// a cell is written with a leading apostrophe, which spreadsheets show as
// text. Plain decimal numbers (-3.5, as the code writes numbers) cannot be
// formulas and stay numbers.
package csvsafe

import (
	"encoding/csv"
	"io"
	"regexp"
)

var plainNumber = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// needsPrefix reports whether s would be read as a formula, or would be
// mistaken on reading for a prefixed cell.
func needsPrefix(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return !plainNumber.MatchString(s)
	case '\'':
		// Already starts with an apostrophe before a formula character:
		// prefix again, so that Uncell gives back exactly s.
		return needsPrefix(s[1:])
	}
	return false
}

// Cell returns s as a cell a spreadsheet shows as text.
func Cell(s string) string {
	if needsPrefix(s) {
		return "'" + s
	}
	return s
}

// Uncell undoes Cell, for a CSV read back (the ledger's upload): a cell we
// wrote reads back to the value it was written from.
func Uncell(s string) string {
	if len(s) > 1 && s[0] == '\'' && needsPrefix(s[1:]) {
		return s[1:]
	}
	return s
}

// Writer is a csv.Writer whose every cell goes through Cell.
type Writer struct{ w *csv.Writer }

// NewWriter writes safe CSV to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: csv.NewWriter(w)} }

// ForExcel writes a byte-order mark to w, so that Excel reads the Chinese
// as UTF-8, and returns a Writer for the CSV after it, and the error of
// writing the mark, if any.
func ForExcel(w io.Writer) (*Writer, error) {
	_, err := w.Write([]byte("\uFEFF"))
	return NewWriter(w), err
}

// Write writes one record, each cell made safe.
func (w *Writer) Write(record []string) error {
	safe := make([]string, len(record))
	for i, c := range record {
		safe[i] = Cell(c)
	}
	return w.w.Write(safe)
}

// Flush writes any buffered data to the underlying writer.
func (w *Writer) Flush() { w.w.Flush() }

// Error reports any error from a previous Write or Flush.
func (w *Writer) Error() error { return w.w.Error() }
