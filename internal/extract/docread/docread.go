// Package docread turns an uploaded policy document (.txt, .html, .docx,
// .pdf with a text layer) into plain text for the extractor: one paragraph
// per line, a table row as one line of tab-separated cells, the page's
// navigation and boilerplate left out.
package docread

import (
	"fmt"
	"io"
)

// MaxSize is the largest document read.
const MaxSize = 20 << 20

// Read reads the document named name (its extension says the format).
func Read(name string, r io.Reader) (string, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return "", fmt.Errorf("docread: %w", err)
	}
	return string(data), nil // the formats come with issue 8
}
