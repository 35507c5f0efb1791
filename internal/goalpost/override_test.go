package goalpost_test

import (
	"strings"
	"testing"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/i18n"
)

// A person sets a judgement of progress; the statuses that say which
// figures are missing are the figures' to say, and the refusal says why.
func TestValidateOverride(t *testing.T) {
	t.Parallel()
	byHand := map[goalpost.Status]bool{}
	for _, s := range goalpost.OverrideStatuses {
		byHand[s] = true
	}
	for _, s := range goalpost.Statuses {
		err := goalpost.ValidateOverride(s, "监测点位调整")
		if (err == nil) != byHand[s] {
			t.Errorf("%s: error %v, set by hand: %v", s, err, byHand[s])
		}
	}
	if byHand[goalpost.StatusAwaitingFinal] || len(goalpost.OverrideStatuses) != 5 {
		t.Errorf("statuses set by hand: %v", goalpost.OverrideStatuses)
	}
	err := goalpost.ValidateOverride(goalpost.StatusAwaitingFinal, "等统计公报")
	if goalpost.ErrorCode(err) != goalpost.EINVALID ||
		!strings.Contains(goalpost.ErrorMessageIn(err, i18n.Chinese), "不能人工认定为“待最终数据”：期限已过而最终数据未到时") ||
		!strings.Contains(goalpost.ErrorMessageIn(err, i18n.English), "“Awaiting the final figure”") {
		t.Errorf("awaiting_final refused with %v / %q", err, goalpost.ErrorMessageIn(err, i18n.English))
	}
	if err := goalpost.ValidateOverride("", "数据已可比"); err != nil {
		t.Errorf("clearing: %v", err)
	}
	if err := goalpost.ValidateOverride(goalpost.StatusMissed, "  "); goalpost.ErrorMessageIn(err, i18n.Chinese) != "人工认定须写明理由" {
		t.Errorf("no reason: %v", err)
	}
	if err := goalpost.ValidateOverride("done", "x"); !strings.Contains(goalpost.ErrorMessageIn(err, i18n.Chinese), "“done”") {
		t.Errorf("unknown status: %v", err)
	}
}
