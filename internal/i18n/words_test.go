package i18n_test

import (
	"testing"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/i18n"
)

// An external test: the domain speaks through the catalogue, so the
// catalogue's own tests cannot import it.

func TestEveryStatusAndKindHasAWord(t *testing.T) {
	t.Parallel()
	for _, s := range goalpost.Statuses {
		if !i18n.Has("status." + string(s)) {
			t.Errorf("status %s has no word", s)
		}
	}
	for _, k := range goalpost.Kinds {
		if !i18n.Has("kind." + string(k)) {
			t.Errorf("kind %s has no word", k)
		}
	}
}
