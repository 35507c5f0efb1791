package ledger

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// bombs are small .xlsx files that inflate to tens of megabytes, each
// aiming at another part of reading a workbook.
func bombs(tb testing.TB) map[string][]byte {
	tb.Helper()
	const size = 40 << 20
	row := func(n int, cells string) string { return fmt.Sprintf(`<row r="%d">%s</row>`, n, cells) }
	sheet := func(rows string) string {
		return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
			rows + `</sheetData></worksheet>`
	}
	var many strings.Builder
	for i := 1; many.Len() < size; i++ {
		many.WriteString(row(i, fmt.Sprintf(`<c r="A%d"><v>1</v></c>`, i)))
	}
	var wide strings.Builder
	for i := 1; i <= maxRows; i++ {
		wide.WriteString(row(i, fmt.Sprintf(`<c r="XFD%d"><v>1</v></c>`, i)))
	}
	return map[string][]byte{
		"one huge cell": xlsxWith(tb, map[string]string{"xl/worksheets/sheet1.xml": sheet(row(1,
			`<c r="A1" t="inlineStr"><is><t>`+strings.Repeat("a", size)+`</t></is></c>`))}),
		"huge shared strings": xlsxWith(tb, map[string]string{
			"xl/worksheets/sheet1.xml": sheet(row(1, `<c r="A1" t="s"><v>0</v></c>`)),
			"xl/sharedStrings.xml": `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
				strings.Repeat(`<si><t>a</t></si>`, size/17) + `</sst>`,
		}),
		"huge styles": xlsxWith(tb, map[string]string{"xl/styles.xml": `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs>` +
			strings.Repeat(`<xf numFmtId="0" fontId="0"/>`, size/28) + `</cellXfs></styleSheet>`}),
		"many rows":       xlsxWith(tb, map[string]string{"xl/worksheets/sheet1.xml": sheet(many.String())}),
		"cells far right": xlsxWith(tb, map[string]string{"xl/worksheets/sheet1.xml": sheet(wide.String())}),
	}
}

// nearLimits is the heaviest workbook the limits let through: every part
// just under its limit, every string shared.
func nearLimits(tb testing.TB) []byte {
	tb.Helper()
	const si, xf = `<si><t>a</t></si>`, `<xf numFmtId="0" fontId="0"/>`
	row := `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>` + strings.Repeat("a", maxWorksheet-1<<10) + `</t></is></c></row>`
	return xlsxWith(tb, map[string]string{
		"xl/worksheets/sheet1.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
			row + `</sheetData></worksheet>`,
		"xl/sharedStrings.xml": `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
			strings.Repeat(si, (maxSharedStrings-1<<10)/len(si)) + `</sst>`,
		"xl/styles.xml": `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs>` +
			strings.Repeat(xf, (maxOtherXML-1<<10)/len(xf)) + `</cellXfs></styleSheet>`,
	})
}

// xlsxWith is a workbook written by excelize with some parts replaced.
func xlsxWith(tb testing.TB, parts map[string]string) []byte {
	tb.Helper()
	f := excelize.NewFile()
	_ = f.SetSheetName("Sheet1", sheetName)
	var base bytes.Buffer
	if err := f.Write(&base); err != nil {
		tb.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(base.Bytes()), int64(base.Len()))
	if err != nil {
		tb.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	write := func(name, content string) {
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
		_, _ = io.WriteString(w, content)
	}
	for _, zf := range zr.File {
		if content, ok := parts[zf.Name]; ok {
			write(zf.Name, content)
			delete(parts, zf.Name)
			continue
		}
		rc, _ := zf.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		write(zf.Name, string(b))
	}
	for name, content := range parts {
		write(name, content)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return out.Bytes()
}

// measure reads data and reports the bytes allocated and the peak heap in use.
func measure(data []byte) (allocated, peak uint64, err error) {
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapInuse-min(m.HeapInuse, before.HeapInuse))
			select {
			case <-done:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	_, err = ReadTable(data)
	close(done)
	wg.Wait()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc, peak, err
}

// TestSpreadsheetBombsAreRefused: each bomb is refused with a message that
// says why, and memory stays bounded (logged, not asserted: see
// BENCHMARKS.md for the numbers; the benchmark also reads the heaviest
// workbook the limits let through, too slow under -race for a test).
func TestSpreadsheetBombsAreRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 40 MB spreadsheets")
	}
	for name, data := range bombs(t) {
		allocated, peak, err := measure(data)
		t.Logf("%-20s %6d KB compressed: allocated %4d MB, peak heap %4d MB, %v", name, len(data)>>10, allocated>>20, peak>>20, err)
		if err == nil || !strings.Contains(err.Error(), "请上传") {
			t.Errorf("%s: %v, want a refusal that says what to upload", name, err)
		}
	}
}

// BenchmarkSpreadsheetBomb reads the bombs:
// go test ./internal/ledger -run '^$' -bench SpreadsheetBomb -benchmem
func BenchmarkSpreadsheetBomb(b *testing.B) {
	for name, data := range bombs(b) {
		b.Run(strings.ReplaceAll(name, " ", "-"), func(b *testing.B) {
			var peak uint64
			for b.Loop() {
				_, p, _ := measure(data)
				peak = max(peak, p)
			}
			b.ReportMetric(float64(peak>>20), "peak-MB")
		})
	}
	data := nearLimits(b)
	b.Run("just-under-the-limits", func(b *testing.B) {
		var peak uint64
		for b.Loop() {
			_, p, _ := measure(data)
			peak = max(peak, p)
		}
		b.ReportMetric(float64(peak>>20), "peak-MB")
	})
}
