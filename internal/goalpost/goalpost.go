// Package goalpost is the domain model: plans written by a government, the
// quantified targets in them, the departments that own them, the figures
// reported against them, and the rule that turns figures into a status.
// It depends on nothing but the standard library; storage and HTTP depend on it.
package goalpost

import "time"

// Plan is a policy document (实施意见, 行动计划) that sets targets.
type Plan struct {
	ID          int64
	Slug        string
	Title       string
	ShortTitle  string
	Issuer      string
	IssuedOn    *time.Time
	PeriodStart time.Time
	PeriodEnd   time.Time
	Source      string
	// RequiresReview holds figures back until a reviewer approves them.
	RequiresReview bool
}

// Section is a numbered part of a plan, keyed as the document numbers it ("二(一)").
type Section struct {
	ID       int64
	Key      string
	Title    string
	Position int
}

// Task is a numbered key task (重点任务 1.–32.) with its owning departments.
type Task struct {
	ID          int64
	SectionID   int64
	Number      int
	Title       string
	Lead        []Department
	Responsible []Department
}

// Department is a unit of government that leads (牵头) or shares (责任) tasks.
type Department struct {
	ID   int64
	Slug string
	Name string
}

// Role is how a department relates to a task.
type Role string

// The two roles a department can have in a task.
const (
	RoleLead        Role = "lead"
	RoleResponsible Role = "responsible"
)

// Target is one quantified (or explicitly unquantified) commitment in a plan.
type Target struct {
	ID           int64
	PlanID       int64
	PlanSlug     string
	PlanTitle    string
	PlanStart    time.Time
	Key          string
	SectionKey   string
	SectionTitle string
	// TaskNumber is the 重点任务 the target belongs to, 0 for 总体目标 and 保障措施.
	TaskNumber int
	TaskTitle  string
	// RelatedTask is the task whose owners answer for a target outside the tasks.
	RelatedTask int
	Title       string
	// TitleEN is the plan's English title for the target, "" when it has
	// none: English pages show it with the Chinese Title beside it.
	TitleEN      string
	Kind         Kind
	Comparator   Comparator
	Value        *float64
	Unit         string
	Deadline     time.Time
	Approximate  bool
	Aspirational bool
	Baseline     *Baseline
	SourceText   string
	Notes        string
	Lead         []Department
	Responsible  []Department
	// Schedule says when figures are due.
	Schedule Schedule
	// Retired is set once an administrator withdrew the target.
	Retired *Retirement
}

// Baseline is a starting figure stated by the document itself or, where it
// states none, set by an administrator with its source; never invented.
type Baseline struct {
	Value float64
	Date  time.Time
	Text  string
	// ByAdministrator is true for a baseline the document does not give.
	ByAdministrator bool
}

// Figure is one revision of an actual value reported for a period.
type Figure struct {
	ID       int64
	TargetID int64
	Period   Period
	// District is set only for per-district targets.
	District string
	Value    float64
	// ReferenceValue is what a relative target is compared with (全国水平).
	ReferenceValue *float64
	Revision       int
	Reason         string
	Note           string
	SourceURL      string
	// Sample marks demonstration data that no department reported.
	Sample      bool
	EnteredBy   string
	EnteredByID int64
	EnteredAt   time.Time
	// State says whether the public sees it; Review is the decision, if any.
	State  FigureState
	Review *Review
}

// Published reports whether the public sees f. A figure built without a
// state (in tests, or before review existed) counts as published.
func (f Figure) Published() bool { return f.State == "" || f.State == FigurePublished }

// FigureState is where a figure stands in 填报 → 审核 → 发布.
type FigureState string

// The states of a figure.
const (
	FigureSubmitted FigureState = "submitted" // 待审核: waiting for a reviewer, not public
	FigureReturned  FigureState = "returned"  // 已退回: sent back with a reason; a new revision follows
	FigurePublished FigureState = "published" // 已发布: approved, or entered in a plan without review
)

// Review is a reviewer's decision on a figure.
type Review struct {
	Approved bool
	Reason   string
	Reviewer string
	At       time.Time
}

// NewFigure is what an official submits; the storage assigns the revision.
type NewFigure struct {
	TargetID       int64
	Period         Period
	District       string
	Value          float64
	ReferenceValue *float64
	Reason         string
	Note           string
	SourceURL      string
	Sample         bool
	// Attachments are evidence files; never serialised (a ledger upload
	// waiting for confirmation carries none).
	Attachments []NewAttachment `json:"-"`
}

// User is an account of an official.
type User struct {
	ID    int64
	Email string
	Name  string
	Role  UserRole
	// Departments are the units the account works for, and what it may do in each.
	Departments []Membership
	// HasTOTP says the account signs in with a one-time code too.
	HasTOTP bool
	// SessionEpoch changes when the password is reset, ending older sessions.
	SessionEpoch int
	// Disabled accounts cannot sign in, and their tokens do not work.
	Disabled bool
}

// Membership is what an account may do for one department: enter figures
// (填报), review them (审核), or both.
type Membership struct {
	Department
	CanEdit   bool `json:"can_edit"`
	CanReview bool `json:"can_review"`
}

// UserRole is what an account may do.
type UserRole string

// Administrators may act on every target; editors (department members) act
// through their memberships.
const (
	UserAdmin  UserRole = "admin"
	UserEditor UserRole = "editor"
)

// ParseUserRole checks a role name given on the command line.
func ParseUserRole(s string) (UserRole, error) {
	switch r := UserRole(s); r {
	case UserAdmin, UserEditor:
		return r, nil
	}
	return "", Errorf(EINVALID, "role must be admin or editor, not %q", s)
}

// CanEnterFigures reports whether u may add figures to t: administrators
// always; members who may edit for a department that leads or shares it.
func (u *User) CanEnterFigures(t *Target) bool {
	return u.may(t.Owners(), func(m Membership) bool { return m.CanEdit })
}

// CanReview reports whether u may approve or return figures of t:
// administrators, and reviewers of a lead department (the unit that
// answers for the target consolidates its figures).
func (u *User) CanReview(t *Target) bool {
	return u.may(t.Lead, func(m Membership) bool { return m.CanReview })
}

// CanSeeUnpublished reports whether u may see t's figures before they are
// published (waiting for review, returned, superseded before publication),
// their evidence and their history: the target's own officials, its
// reviewers and administrators. Everyone else sees published figures only.
func (u *User) CanSeeUnpublished(t *Target) bool {
	return u.CanEnterFigures(t) || u.CanReview(t)
}

// ReviewsAnything reports whether u has a review queue at all.
func (u *User) ReviewsAnything() bool {
	if u == nil {
		return false
	}
	if u.Role == UserAdmin {
		return true
	}
	for _, m := range u.Departments {
		if m.CanReview {
			return true
		}
	}
	return false
}

func (u *User) may(depts []Department, capable func(Membership) bool) bool {
	if u == nil {
		return false
	}
	if u.Role == UserAdmin {
		return true
	}
	for _, m := range u.Departments {
		if !capable(m) {
			continue
		}
		for _, d := range depts {
			if d.ID == m.ID {
				return true
			}
		}
	}
	return false
}

// Owners lists the lead then the responsible departments.
func (t *Target) Owners() []Department {
	return append(append([]Department(nil), t.Lead...), t.Responsible...)
}
