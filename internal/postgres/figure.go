package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/jackc/pgx/v5"
)

// Figures lists every revision of every figure of a target, latest period
// first and, within a period, the current revision first.
func (db *DB) Figures(ctx context.Context, targetID int64) ([]goalpost.Figure, error) {
	rows, err := db.Pool.Query(ctx, `
		SELECT f.id, f.target_id, f.period, f.period_start, f.period_end, f.district, f.value::float8,
			f.reference_value::float8, f.revision, f.reason, f.note, f.source_url, f.sample,
			coalesce(u.name, ''), f.entered_at
		FROM figures f LEFT JOIN users u ON u.id = f.entered_by
		WHERE f.target_id = $1
		ORDER BY f.period_end DESC, f.period_start DESC, f.district, f.revision DESC`, targetID)
	if err != nil {
		return nil, fmt.Errorf("postgres: figures of target %d: %w", targetID, err)
	}
	figs, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (goalpost.Figure, error) {
		var f goalpost.Figure
		err := row.Scan(&f.ID, &f.TargetID, &f.Period.Label, &f.Period.Start, &f.Period.End, &f.District, &f.Value,
			&f.ReferenceValue, &f.Revision, &f.Reason, &f.Note, &f.SourceURL, &f.Sample, &f.EnteredBy, &f.EnteredAt)
		return f, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: figures of target %d: %w", targetID, err)
	}
	return figs, nil
}

// AddFigure records a figure entered by u. A figure for a period (and
// district) that already has one is a correction: it becomes the next
// revision and needs a reason; the earlier revisions stay. Returns the stored
// figure; EFORBIDDEN if u may not report on the target, EINVALID for bad input.
func (db *DB) AddFigure(ctx context.Context, u *goalpost.User, nf goalpost.NewFigure) (goalpost.Figure, error) {
	t, err := db.Target(ctx, nf.TargetID)
	if err != nil {
		return goalpost.Figure{}, err
	}
	if !u.CanEnterFigures(&t.Target) {
		return goalpost.Figure{}, goalpost.Errorf(goalpost.EFORBIDDEN, "您所在的单位不是该目标的牵头或责任单位，不能报送数据")
	}
	if err := validateFigure(&t.Target, &nf); err != nil {
		return goalpost.Figure{}, err
	}
	var fig goalpost.Figure
	err = db.inTx(ctx, func(tx pgx.Tx) error {
		// Serialise writers of one target, so revisions and overlap checks hold.
		if _, err := tx.Exec(ctx, `SELECT 1 FROM targets WHERE id = $1 FOR UPDATE`, nf.TargetID); err != nil {
			return fmt.Errorf("lock target: %w", err)
		}
		var revision int
		var previous *string
		err := tx.QueryRow(ctx, `
			SELECT coalesce(max(revision), 0) + 1,
				(SELECT value::text FROM figures WHERE target_id = $1 AND period = $2 AND district = $3 ORDER BY revision DESC LIMIT 1)
			FROM figures WHERE target_id = $1 AND period = $2 AND district = $3`,
			nf.TargetID, nf.Period.Label, nf.District).Scan(&revision, &previous)
		if err != nil {
			return fmt.Errorf("next revision: %w", err)
		}
		if revision > 1 && strings.TrimSpace(nf.Reason) == "" {
			return goalpost.Errorf(goalpost.EINVALID, "%s 已有数值 %s；更正须填写更正原因", nf.Period.Label, *previous)
		}
		if revision == 1 {
			nf.Reason = ""
			if t.Kind == goalpost.KindCumulative || t.Kind == goalpost.KindAnnual {
				// Amounts for overlapping periods would be counted twice.
				var clash string
				err := tx.QueryRow(ctx, `
					SELECT period FROM figures WHERE target_id = $1 AND district = $2 AND period <> $3
					  AND period_start <= $5 AND period_end >= $4 LIMIT 1`,
					nf.TargetID, nf.District, nf.Period.Label, nf.Period.Start, nf.Period.End).Scan(&clash)
				if err == nil {
					return goalpost.Errorf(goalpost.EINVALID, "时期 %s 与已报送的 %s 重叠：累计和年度目标的每个数值只能覆盖自己的时期，否则会重复计算", nf.Period.Label, clash)
				} else if err != pgx.ErrNoRows {
					return fmt.Errorf("overlap check: %w", err)
				}
			}
		}
		err = tx.QueryRow(ctx, `
			INSERT INTO figures (target_id, period, period_start, period_end, district, value, reference_value,
				revision, reason, note, source_url, sample, entered_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
			RETURNING id, entered_at`,
			nf.TargetID, nf.Period.Label, nf.Period.Start, nf.Period.End, nf.District, nf.Value, nf.ReferenceValue,
			revision, nf.Reason, nf.Note, nf.SourceURL, nf.Sample, u.ID).Scan(&fig.ID, &fig.EnteredAt)
		if err != nil {
			return fmt.Errorf("insert figure: %w", err)
		}
		fig.TargetID, fig.Period, fig.District, fig.Value, fig.ReferenceValue = nf.TargetID, nf.Period, nf.District, nf.Value, nf.ReferenceValue
		fig.Revision, fig.Reason, fig.Note, fig.SourceURL, fig.Sample, fig.EnteredBy = revision, nf.Reason, nf.Note, nf.SourceURL, nf.Sample, u.Name
		after, _ := json.Marshal(map[string]any{"period": nf.Period.Label, "district": nf.District, "value": nf.Value,
			"reference_value": nf.ReferenceValue, "revision": revision, "reason": nf.Reason})
		var before string
		if previous != nil {
			b, _ := json.Marshal(map[string]any{"period": nf.Period.Label, "district": nf.District, "value": *previous})
			before = string(b)
		}
		action := "create"
		if revision > 1 {
			action = "correct"
		}
		return audit(ctx, tx, &u.ID, u.Email, action, "figure", fig.ID, nf.TargetID, before, string(after))
	})
	if err != nil {
		if goalpost.ErrorCode(err) != goalpost.EINTERNAL {
			return goalpost.Figure{}, err
		}
		return goalpost.Figure{}, fmt.Errorf("postgres: add figure to target %d: %w", nf.TargetID, err)
	}
	return fig, nil
}

// validateFigure checks what depends on the target's kind.
func validateFigure(t *goalpost.Target, nf *goalpost.NewFigure) error {
	nf.District = strings.TrimSpace(nf.District)
	switch {
	case t.Kind == goalpost.KindPerDistrict && nf.District == "":
		return goalpost.Errorf(goalpost.EINVALID, "这是分地区目标，请填写地区")
	case t.Kind != goalpost.KindPerDistrict && nf.District != "":
		return goalpost.Errorf(goalpost.EINVALID, "只有分地区目标才填写地区")
	case t.Kind == goalpost.KindMilestone && !goalpost.ValidStage(nf.Value):
		return goalpost.Errorf(goalpost.EINVALID, "请选择阶段：未启动、推进中、基本完成或已完成")
	case t.Kind == goalpost.KindRelative && nf.ReferenceValue == nil:
		return goalpost.Errorf(goalpost.EINVALID, "这是与比较对象对比的目标，请同时填写比较对象的数值")
	case (t.Kind == goalpost.KindCumulative || t.Kind == goalpost.KindAnnual) && nf.Value < 0:
		return goalpost.Errorf(goalpost.EINVALID, "累计和年度目标的数值是本期新增量，不能为负数")
	}
	if nf.Period.End.Year() < t.PlanStart.Year()-5 || nf.Period.Start.After(t.Deadline.AddDate(1, 0, 0)) {
		return goalpost.Errorf(goalpost.EINVALID, "时期 %s 不在规划期（%d—%d 年）附近", nf.Period.Label, t.PlanStart.Year(), t.Deadline.Year())
	}
	if u := strings.TrimSpace(nf.SourceURL); u != "" && !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
		return goalpost.Errorf(goalpost.EINVALID, "来源链接须以 http:// 或 https:// 开头")
	}
	if len([]rune(nf.Note)) > 2000 || len([]rune(nf.Reason)) > 2000 || len(nf.SourceURL) > 2000 {
		return goalpost.Errorf(goalpost.EINVALID, "说明、原因和链接每项不超过 2000 字")
	}
	return nil
}

// HistoryEntry is one line of a target's trail.
type HistoryEntry struct {
	At            string
	Actor, Action string
	Entity        string
	Before, After map[string]any
}

// History lists a target's audit trail, newest first.
func (db *DB) History(ctx context.Context, targetID int64) ([]HistoryEntry, error) {
	rows, err := db.Pool.Query(ctx, `
		SELECT to_char(at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'), coalesce(u.name, a.actor), a.action, a.entity,
			coalesce(a.before, 'null'), coalesce(a.after, 'null')
		FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
		WHERE a.target_id = $1 ORDER BY a.at DESC, a.id DESC LIMIT 200`, targetID)
	if err != nil {
		return nil, fmt.Errorf("postgres: history of target %d: %w", targetID, err)
	}
	entries, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (HistoryEntry, error) {
		var h HistoryEntry
		var before, after []byte
		if err := row.Scan(&h.At, &h.Actor, &h.Action, &h.Entity, &before, &after); err != nil {
			return h, err
		}
		_ = json.Unmarshal(before, &h.Before)
		_ = json.Unmarshal(after, &h.After)
		return h, nil
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: history of target %d: %w", targetID, err)
	}
	return entries, nil
}
