package goalpost

import (
	"bytes"
	"net/http"
	"path/filepath"
	"strings"
)

// Limits on evidence: enough for a scanned report, not for a video.
const (
	MaxAttachmentSize    = 10 << 20
	MaxAttachmentsPerFig = 5
)

// Attachment is evidence for a figure (佐证材料).
type Attachment struct {
	ID          int64
	FigureID    int64
	Filename    string
	ContentType string
	Size        int
}

// NewAttachment is an uploaded file, before it is stored.
type NewAttachment struct {
	Filename string
	Data     []byte
}

// evidenceTypes maps an allowed extension to the content type the file's
// first bytes must show, so a renamed executable is not accepted as a PDF.
var evidenceTypes = map[string]string{
	".pdf":  "application/pdf",
	".png":  "image/png",
	".jpg":  "image/jpeg",
	".jpeg": "image/jpeg",
	".gif":  "image/gif",
	".webp": "image/webp",
	".xlsx": "application/zip",
	".csv":  "text/plain",
}

// CheckEvidence validates an uploaded file and returns its content type as
// served. Only PDFs, images and spreadsheets are accepted, by what the
// bytes are, not only by the name.
func CheckEvidence(a NewAttachment) (string, error) {
	name := EvidenceName(a.Filename)
	if len(a.Data) == 0 {
		return "", E(EINVALID, "err.attachment_empty", name)
	}
	if len(a.Data) > MaxAttachmentSize {
		return "", E(EINVALID, "err.attachment_size", name, MaxAttachmentSize>>20)
	}
	ext := strings.ToLower(filepath.Ext(name))
	want, ok := evidenceTypes[ext]
	if !ok {
		return "", E(EINVALID, "err.attachment_type", name)
	}
	got := http.DetectContentType(a.Data)
	if !strings.HasPrefix(got, want) || (ext == ".xlsx" && !bytes.Contains(a.Data[:min(len(a.Data), 4096)], []byte("[Content_Types].xml"))) {
		return "", E(EINVALID, "err.attachment_content", name, ext)
	}
	served := map[string]string{".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".csv": "text/csv; charset=utf-8"}[ext]
	if served == "" {
		served = want
	}
	return served, nil
}

// EvidenceName is the file name to keep: the last element of whatever path
// a browser sent (some send a whole Windows path).
func EvidenceName(name string) string {
	return strings.TrimSpace(filepath.Base(strings.ReplaceAll(name, "\\", "/")))
}
