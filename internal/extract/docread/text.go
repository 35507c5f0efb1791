package docread

import (
	"bytes"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// decodeText turns a plain text file into a Go string. A BOM decides;
// otherwise valid UTF-8 wins, and else GB18030 (a superset of GBK and
// GB2312, the encodings of many government files) if it decodes cleanly.
// Valid UTF-8 is almost never GBK by accident: GBK's two-byte sequences
// rarely form UTF-8's lead and continuation patterns over a whole file.
func decodeText(b []byte) (string, error) {
	switch {
	case bytes.HasPrefix(b, []byte("\xef\xbb\xbf")):
		b = b[3:]
		if !utf8.Valid(b) {
			return "", &Error{Code: CodeEncoding}
		}
		return string(b), nil
	case bytes.HasPrefix(b, []byte("\xff\xfe")):
		return decodeWith(unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), b)
	case bytes.HasPrefix(b, []byte("\xfe\xff")):
		return decodeWith(unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), b)
	case utf8.Valid(b):
		return string(b), nil
	}
	return decodeWith(simplifiedchinese.GB18030, b)
}

// decodeWith decodes b and refuses it when the decoder had to replace
// bytes it could not map, or the result holds NULs: then the guess was wrong
// or the file is not text.
func decodeWith(enc encoding.Encoding, b []byte) (string, error) {
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil || bytes.ContainsRune(out, utf8.RuneError) || bytes.IndexByte(out, 0) >= 0 {
		return "", &Error{Code: CodeEncoding, Err: err}
	}
	return string(out), nil
}
