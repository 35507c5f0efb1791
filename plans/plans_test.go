package plans_test

import (
	"bytes"
	"io/fs"
	"strings"
	"testing"
	"unicode"

	"github.com/goalpost-civic/goalpost/internal/planfile"
	"github.com/goalpost-civic/goalpost/plans"
)

// Every target of every bundled plan has an English title for the English
// pages, in English (no Chinese characters), and no two targets of a plan
// share one, so an English reader can tell them apart.
func TestBundledTargetsHaveEnglishTitles(t *testing.T) {
	names, err := fs.Glob(plans.FS, "*.yaml")
	if err != nil || len(names) == 0 {
		t.Fatalf("bundled plans: %v %v", names, err)
	}
	for _, name := range names {
		data, err := fs.ReadFile(plans.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := planfile.Read(name, bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]string{}
		check := func(tg planfile.Target) {
			en := strings.TrimSpace(tg.TitleEN)
			switch {
			case en == "":
				t.Errorf("%s: target %s (%s) has no title_en", name, tg.Key, tg.Title)
			case strings.ContainsFunc(en, func(r rune) bool { return unicode.Is(unicode.Han, r) }):
				t.Errorf("%s: target %s: title_en %q has Chinese characters", name, tg.Key, en)
			case seen[en] != "":
				t.Errorf("%s: targets %s and %s share the title_en %q", name, seen[en], tg.Key, en)
			}
			if en != "" {
				seen[en] = tg.Key
			}
		}
		for _, s := range f.Sections {
			for _, tg := range s.Targets {
				check(tg)
			}
			for _, k := range s.Tasks {
				for _, tg := range k.Targets {
					check(tg)
				}
			}
		}
	}
}
