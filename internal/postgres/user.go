package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/jackc/pgx/v5"
	"golang.org/x/crypto/bcrypt"
)

// defaultPasswordCost is bcrypt's work factor: about a quarter of a second per
// sign-in on a 2-core server, slow enough to make offline guessing costly.
const defaultPasswordCost = 12

// passwordCost is PasswordCost unless a test lowered it.
func (db *DB) passwordCost() int {
	if db.PasswordCost != 0 {
		return db.PasswordCost
	}
	return defaultPasswordCost
}

// CreateUser adds an account with a bcrypt-hashed password. It enters
// figures for the departments in edit and reviews them for those in review.
func (db *DB) CreateUser(ctx context.Context, email, name string, role goalpost.UserRole, password string, edit, review []string) (*goalpost.User, error) {
	if err := checkEmail(email); err != nil {
		return nil, err
	}
	email = strings.ToLower(strings.TrimSpace(email))
	if !strings.Contains(email, "@") {
		return nil, goalpost.E(goalpost.EINVALID, "err.email_invalid", email)
	}
	if strings.TrimSpace(name) == "" {
		return nil, goalpost.E(goalpost.EINVALID, "err.name_empty")
	}
	if err := goalpost.CheckPassword(password); err != nil {
		return nil, err
	}
	if role == goalpost.UserEditor && len(edit)+len(review) == 0 {
		return nil, goalpost.E(goalpost.EINVALID, "err.user_needs_department")
	}
	memberships := map[string]*goalpost.Membership{}
	var order []string
	for _, list := range []struct {
		slugs  []string
		review bool
	}{{edit, false}, {review, true}} {
		for _, slug := range list.slugs {
			m := memberships[slug]
			if m == nil {
				m = &goalpost.Membership{Department: goalpost.Department{Slug: slug}}
				memberships[slug] = m
				order = append(order, slug)
			}
			if list.review {
				m.CanReview = true
			} else {
				m.CanEdit = true
			}
		}
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), db.passwordCost())
	if err != nil {
		return nil, fmt.Errorf("postgres: hash password: %w", err)
	}
	u := &goalpost.User{Email: email, Name: strings.TrimSpace(name), Role: role}
	err = db.inTx(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO users (email, name, role, password_hash) VALUES ($1, $2, $3, $4) RETURNING id`,
			u.Email, u.Name, u.Role, string(hash)).Scan(&u.ID)
		if isUniqueViolation(err) {
			return goalpost.Errorf(goalpost.ECONFLICT, "邮箱 %s 已有账号", u.Email)
		} else if err != nil {
			return fmt.Errorf("insert user: %w", err)
		}
		for _, slug := range order {
			m := memberships[slug]
			err := tx.QueryRow(ctx, `SELECT id, name FROM departments WHERE slug = $1`, slug).Scan(&m.ID, &m.Name)
			if err == pgx.ErrNoRows {
				return goalpost.E(goalpost.EINVALID, "err.user_unknown_department", slug)
			} else if err != nil {
				return fmt.Errorf("find department %s: %w", slug, err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO user_departments (user_id, department_id, can_edit, can_review) VALUES ($1, $2, $3, $4)`,
				u.ID, m.ID, m.CanEdit, m.CanReview); err != nil {
				return fmt.Errorf("assign department: %w", err)
			}
			u.Departments = append(u.Departments, *m)
		}
		after, _ := json.Marshal(map[string]any{"email": u.Email, "name": u.Name, "role": u.Role, "edit": edit, "review": review})
		return audit(ctx, tx, nil, actorFrom(ctx, "cli"), "create", "user", u.ID, 0, "", string(after))
	})
	if err != nil {
		if goalpost.ErrorCode(err) != goalpost.EINTERNAL {
			return nil, err
		}
		return nil, fmt.Errorf("postgres: create user %s: %w", email, err)
	}
	return u, nil
}

// dummyHash is compared against when an account does not exist, so a
// sign-in takes as long either way and does not reveal which emails exist.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("not a real password"), defaultPasswordCost)

// Authenticate returns the user with email and password, or EUNAUTHORIZED;
// EFORBIDDEN for a disabled account, said only to whoever knows its password.
func (db *DB) Authenticate(ctx context.Context, email, password string) (*goalpost.User, error) {
	if err := checkEmail(email); err != nil {
		return nil, err
	}
	if err := goalpost.CheckPasswordLength(password); err != nil {
		return nil, err
	}
	email = normaliseEmail(email)
	var id int64
	var hash string
	var disabled bool
	err := db.Pool.QueryRow(ctx, `SELECT id, password_hash, disabled_at IS NOT NULL FROM users WHERE email = $1`, email).Scan(&id, &hash, &disabled)
	if err == pgx.ErrNoRows {
		_ = bcrypt.CompareHashAndPassword(dummyHash, []byte(password))
		return nil, goalpost.E(goalpost.EUNAUTHORIZED, "err.login_failed")
	} else if err != nil {
		return nil, fmt.Errorf("postgres: authenticate: %w", err)
	}
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) != nil {
		return nil, goalpost.E(goalpost.EUNAUTHORIZED, "err.login_failed")
	}
	if disabled {
		return nil, errDisabled
	}
	return db.User(ctx, id)
}

// User returns the account with id and its departments, or ENOTFOUND.
func (db *DB) User(ctx context.Context, id int64) (*goalpost.User, error) {
	u := &goalpost.User{ID: id}
	var depts []byte
	err := db.Pool.QueryRow(ctx, `
		SELECT email, name, role, coalesce((SELECT json_agg(json_build_object('id', d.id, 'slug', d.slug, 'name', d.name,
				'can_edit', ud.can_edit, 'can_review', ud.can_review) ORDER BY d.name)
			FROM user_departments ud JOIN departments d ON d.id = ud.department_id WHERE ud.user_id = users.id), '[]'),
			totp_secret IS NOT NULL, session_epoch, disabled_at IS NOT NULL
		FROM users WHERE id = $1`, id).Scan(&u.Email, &u.Name, &u.Role, &depts, &u.HasTOTP, &u.SessionEpoch, &u.Disabled)
	if err == pgx.ErrNoRows {
		return nil, notFound("noun.user", id)
	} else if err != nil {
		return nil, fmt.Errorf("postgres: user %d: %w", id, err)
	}
	if err := json.Unmarshal(depts, &u.Departments); err != nil {
		return nil, fmt.Errorf("postgres: departments of user %d: %w", id, err)
	}
	return u, nil
}
