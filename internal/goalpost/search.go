package goalpost

import (
	"strings"
	"unicode/utf8"
)

// MaxSearchRunes and MaxSearchTerms bound what a search may ask, so that
// one request cannot make the database match a page of text.
const (
	MaxSearchRunes = 100
	MaxSearchTerms = 8
)

// SearchQuery is what a visitor typed into the search box, cut into terms
// at spaces (ASCII or full-width). Every term must appear in what is found.
type SearchQuery struct {
	Text  string
	Terms []string
}

// The errors of ParseSearch, EINVALID; the web layer says them in the
// reader's language.
var (
	ErrSearchTooLong = E(EINVALID, "err.search_too_long", MaxSearchRunes)
	ErrSearchTooMany = E(EINVALID, "err.search_too_many", MaxSearchTerms)
)

// ParseSearch reads a search box. An empty box is an empty query; one too
// long is ErrSearchTooLong, one with too many terms ErrSearchTooMany.
func ParseSearch(q string) (SearchQuery, error) {
	q = strings.TrimSpace(q)
	if utf8.RuneCountInString(q) > MaxSearchRunes {
		return SearchQuery{}, ErrSearchTooLong
	}
	var terms []string
	for _, f := range strings.Fields(q) {
		dup := false
		for _, t := range terms {
			dup = dup || strings.EqualFold(t, f)
		}
		if !dup {
			terms = append(terms, f)
		}
	}
	if len(terms) > MaxSearchTerms {
		return SearchQuery{}, ErrSearchTooMany
	}
	return SearchQuery{Text: strings.Join(terms, " "), Terms: terms}, nil
}

// Empty reports whether there is nothing to search for.
func (q SearchQuery) Empty() bool { return len(q.Terms) == 0 }

// SearchResults is what a search found: plans and departments, and the
// targets best first (titles that hold every term before texts that do).
type SearchResults struct {
	Plans       []Plan
	Departments []Department
	TargetIDs   []int64
	// TargetTotal counts every matching target; TargetIDs holds at most
	// MaxSearchTargets of them.
	TargetTotal int
}

// MaxSearchTargets is how many targets one search lists.
const MaxSearchTargets = 100
