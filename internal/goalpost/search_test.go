package goalpost

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestParseSearch(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in    string
		terms []string
		err   error
	}{
		{"", nil, nil},
		{"  　 ", nil, nil},
		{"幼儿", []string{"幼儿"}, nil},
		{" 幼儿园　覆盖率 ", []string{"幼儿园", "覆盖率"}, nil}, // a full-width space separates too
		{"PM2.5 pm2.5", []string{"PM2.5"}, nil},    // the same word twice counts once
		{strings.Repeat("幼", MaxSearchRunes), []string{strings.Repeat("幼", MaxSearchRunes)}, nil},
		{strings.Repeat("幼", MaxSearchRunes+1), nil, ErrSearchTooLong},
		{"a b c d e f g h", []string{"a", "b", "c", "d", "e", "f", "g", "h"}, nil},
		{"a b c d e f g h i", nil, ErrSearchTooMany},
	} {
		q, err := ParseSearch(c.in)
		if !errors.Is(err, c.err) {
			t.Errorf("ParseSearch(%q): error %v, want %v", c.in, err, c.err)
			continue
		}
		if err == nil && !slices.Equal(q.Terms, c.terms) {
			t.Errorf("ParseSearch(%q) = %q, want %q", c.in, q.Terms, c.terms)
		}
		if err == nil && q.Empty() != (len(c.terms) == 0) {
			t.Errorf("ParseSearch(%q).Empty() = %v", c.in, q.Empty())
		}
	}
}
