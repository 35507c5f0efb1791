package goalpost

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/goalpost-civic/goalpost/internal/i18n"
	"github.com/goalpost-civic/goalpost/internal/numparse"
)

// text is a sentence in every interface language, built from the message
// catalogue (internal/i18n, keys "reason.*"), so that a status's reason
// reads the same in Chinese and in English and names the same numbers.
type text struct{ zh, en string }

// say formats the catalogue's key in each language. An argument that is
// itself a text is put in each language's sentence in that language.
func say(key string, args ...any) text {
	zh, en := make([]any, len(args)), make([]any, len(args))
	for i, a := range args {
		if t, ok := a.(text); ok {
			zh[i], en[i] = t.zh, t.en
		} else {
			zh[i], en[i] = a, a
		}
	}
	return text{i18n.Chinese.T(key, zh...), i18n.English.T(key, en...)}
}

// plain is a text that is the same in every language: a number, a period label.
func plain(s string) text { return text{s, s} }

// then joins texts as they are, without a separator.
func (t text) then(more ...text) text {
	for _, m := range more {
		t.zh, t.en = t.zh+m.zh, t.en+m.en
	}
	return t
}

// join puts texts one after another with the separator key between them.
func join(sep string, parts ...text) text {
	var out text
	for i, p := range parts {
		if i > 0 {
			out = out.then(say(sep))
		}
		out = out.then(p)
	}
	return out
}

// list writes items as a list: 2023、2024 / 2023, 2024.
func list(items []string) text {
	return text{strings.Join(items, "、"), strings.Join(items, ", ")}
}

// dateText writes a date the way each language reads it.
func dateText(d time.Time) text {
	return text{d.Format("2006年1月2日"), d.Format("2 January 2006")}
}

// statusText is the word of a status.
func statusText(s Status) text { return say("status." + string(s)) }

// stageText is the word of a milestone stage.
func stageText(stage int) text { return say(fmt.Sprintf("stage.%d", stage)) }

// ReasonIn is the reason in the given interface language.
func (a Assessment) ReasonIn(l i18n.Lang) string {
	if l == i18n.English && a.ReasonEn != "" {
		return a.ReasonEn
	}
	return a.Reason
}

// say sets the reason; an English sentence begins with a capital.
func (a *Assessment) say(t text) {
	en := []rune(t.en)
	if len(en) > 0 {
		en[0] = unicode.ToUpper(en[0])
	}
	a.Reason, a.ReasonEn = t.zh, string(en)
}

func (a *Assessment) reason() text { return text{a.Reason, a.ReasonEn} }

// valueText writes a number in the target's unit: 90%, 38万人, 1.2:1.
func valueText(v float64, unit string) text {
	zh := FormatValue(v, unit, fmtNum)
	if en, ok := EnglishValue(v, unit, numparse.Format); ok {
		return text{zh, en}
	}
	return plain(zh)
}

// goalText names what the target requires, with its rule: "≥90%", and for
// an approximate (左右) target the tolerance it is judged with:
// "约90%（允许±5%，即≥85.5%）".
func goalText(t *Target) text {
	goal, cmp := t.goal()
	if !t.Approximate || goal == 0 {
		return plain(cmp.Symbol()).then(valueText(goal, t.Unit))
	}
	tol := ApproximateTolerance * abs(goal)
	var bound text
	switch cmp {
	case AtLeast, Above:
		bound = plain("≥").then(valueText(goal-tol, t.Unit))
	case AtMost, Below:
		bound = plain("≤").then(valueText(goal+tol, t.Unit))
	default:
		bound = say("reason.range", valueText(goal-tol, t.Unit), valueText(goal+tol, t.Unit))
	}
	return say("reason.approx", valueText(goal, t.Unit), bound)
}
