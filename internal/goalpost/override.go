package goalpost

import (
	"slices"
	"strings"

	"github.com/goalpost-civic/goalpost/internal/i18n"
)

// OverrideStatuses are the statuses a person may set by hand, with a
// reason: judgements of progress. 待最终数据, 待评估 and 无数据 say which
// figures are missing, which only the figures can say. 待最终数据 above all:
// the rule shows it by itself while the deadline's figure is awaited and
// judges that figure the moment it arrives, whereas an override stays until
// someone clears it, so set by hand it would hide the final result (and let
// a missed target wait for ever).
var OverrideStatuses = []Status{StatusAchieved, StatusOnTrack, StatusAtRisk, StatusOffTrack, StatusMissed}

// SetByHand reports whether a person may set s as an override.
func (s Status) SetByHand() bool { return slices.Contains(OverrideStatuses, s) }

// ValidateOverride checks a status a person sets, with its reason; the
// status "" clears the override (and still needs a reason, for the trail).
func ValidateOverride(s Status, reason string) error {
	switch {
	case strings.TrimSpace(reason) == "":
		return E(EINVALID, "err.override_reason")
	case s == "" || s.SetByHand():
		return nil
	case s == StatusAwaitingFinal:
		return E(EINVALID, "err.override_awaiting", i18n.M("status."+string(s)))
	case s.Valid():
		return E(EINVALID, "err.override_by_data", i18n.M("status."+string(s)))
	}
	return E(EINVALID, "err.override_status", s)
}
