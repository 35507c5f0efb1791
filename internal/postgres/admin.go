package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/jackc/pgx/v5"
	"golang.org/x/crypto/bcrypt"
)

func requireAdmin(u *goalpost.User) error {
	if u == nil || u.Role != goalpost.UserAdmin {
		return goalpost.E(goalpost.EFORBIDDEN, "err.admin_only")
	}
	return nil
}

func wrapAdmin(what string, err error) error {
	if err != nil && goalpost.ErrorCode(err) == goalpost.EINTERNAL {
		return fmt.Errorf("postgres: %s: %w", what, err)
	}
	return err
}

// SetMemberships replaces what an account may do for which departments.
func (db *DB) SetMemberships(ctx context.Context, admin *goalpost.User, userID int64, edit, review []string) error {
	if err := requireAdmin(admin); err != nil {
		return err
	}
	// nil would travel as NULL, and slug = ANY(NULL) is NULL, not false.
	edit, review = append([]string{}, edit...), append([]string{}, review...)
	return wrapAdmin("set memberships", db.inTx(ctx, func(tx pgx.Tx) error {
		var before []byte
		err := tx.QueryRow(ctx, `
			SELECT coalesce(json_agg(json_build_object('department', d.slug, 'edit', ud.can_edit, 'review', ud.can_review) ORDER BY d.slug), '[]')
			FROM users u LEFT JOIN user_departments ud ON ud.user_id = u.id LEFT JOIN departments d ON d.id = ud.department_id
			WHERE u.id = $1 GROUP BY u.id`, userID).Scan(&before)
		if err == pgx.ErrNoRows {
			return notFound("noun.user", userID)
		} else if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM user_departments WHERE user_id = $1`, userID); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `
			INSERT INTO user_departments (user_id, department_id, can_edit, can_review)
			SELECT $1, d.id, d.slug = ANY($2), d.slug = ANY($3) FROM departments d
			WHERE d.slug = ANY($2) OR d.slug = ANY($3)`, userID, edit, review)
		if err != nil {
			return err
		}
		after, _ := json.Marshal(map[string]any{"edit": edit, "review": review})
		return audit(ctx, tx, &admin.ID, admin.Email, "memberships", "user", userID, 0, string(before), string(after))
	}))
}

// SetPassword sets a new password for an account. Whoever knew the old one
// is out: the account's sessions end and its API tokens are revoked.
func (db *DB) SetPassword(ctx context.Context, admin *goalpost.User, userID int64, password string) error {
	if err := requireAdmin(admin); err != nil {
		return err
	}
	if err := goalpost.CheckPassword(password); err != nil {
		return err
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), db.passwordCost())
	if err != nil {
		return fmt.Errorf("postgres: hash password: %w", err)
	}
	return wrapAdmin("set password", db.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE users SET password_hash = $2, session_epoch = session_epoch + 1 WHERE id = $1`, userID, string(hash))
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return notFound("noun.user", userID)
		}
		if err := audit(ctx, tx, &admin.ID, admin.Email, "password", "user", userID, 0, "", ""); err != nil {
			return err
		}
		return revokeTokensOf(ctx, tx, admin, userID, "password reset")
	}))
}

var deptSlug = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// SaveDepartment creates a department, or renames the one with slug.
func (db *DB) SaveDepartment(ctx context.Context, admin *goalpost.User, slug, name string) error {
	if err := requireAdmin(admin); err != nil {
		return err
	}
	slug, name = strings.TrimSpace(slug), strings.TrimSpace(name)
	if !deptSlug.MatchString(slug) {
		return goalpost.Errorf(goalpost.EINVALID, "单位代码“%s”只能由小写字母、数字和连字符组成，例如 ecology-environment", slug)
	}
	if name == "" {
		return goalpost.Errorf(goalpost.EINVALID, "单位名称不能为空")
	}
	return wrapAdmin("save department", db.inTx(ctx, func(tx pgx.Tx) error {
		var id int64
		var old *string
		err := tx.QueryRow(ctx, `
			WITH old AS (SELECT name FROM departments WHERE slug = $1)
			INSERT INTO departments (slug, name) VALUES ($1, $2)
			ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name
			RETURNING id, (SELECT name FROM old)`, slug, name).Scan(&id, &old)
		if isUniqueViolation(err) {
			return goalpost.Errorf(goalpost.ECONFLICT, "名称“%s”已被另一个单位使用", name)
		} else if err != nil {
			return err
		}
		before := ""
		if old != nil {
			b, _ := json.Marshal(map[string]string{"slug": slug, "name": *old})
			before = string(b)
		}
		after, _ := json.Marshal(map[string]string{"slug": slug, "name": name})
		return audit(ctx, tx, &admin.ID, admin.Email, "save", "department", id, 0, before, string(after))
	}))
}

// SetPlanReview says whether a plan's figures wait for review.
func (db *DB) SetPlanReview(ctx context.Context, admin *goalpost.User, slug string, required bool) error {
	if err := requireAdmin(admin); err != nil {
		return err
	}
	return wrapAdmin("set plan review", db.inTx(ctx, func(tx pgx.Tx) error {
		var id int64
		var was bool
		err := tx.QueryRow(ctx, `
			UPDATE plans p SET requires_review = $2 FROM (SELECT id, requires_review FROM plans WHERE slug = $1 FOR UPDATE) old
			WHERE p.id = old.id RETURNING p.id, old.requires_review`, slug, required).Scan(&id, &was)
		if err == pgx.ErrNoRows {
			return notFound("noun.plan", slug)
		} else if err != nil {
			return err
		}
		return audit(ctx, tx, &admin.ID, admin.Email, "review_setting", "plan", id, 0,
			fmt.Sprintf(`{"requires_review": %t}`, was), fmt.Sprintf(`{"requires_review": %t}`, required))
	}))
}
