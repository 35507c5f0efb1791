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
	RelatedTask  int
	Title        string
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
}

// Baseline is a starting figure stated by the document itself, never invented.
type Baseline struct {
	Value float64
	Date  time.Time
	Text  string
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
	Sample    bool
	EnteredBy string
	EnteredAt time.Time
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
}

// User is an account of an official.
type User struct {
	ID          int64
	Email       string
	Name        string
	Role        UserRole
	Departments []Department
}

// UserRole is what an account may do.
type UserRole string

// Administrators may act on every target; editors on their departments' targets.
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
// always; editors when one of their departments leads or shares the target.
func (u *User) CanEnterFigures(t *Target) bool {
	if u == nil {
		return false
	}
	if u.Role == UserAdmin {
		return true
	}
	for _, mine := range u.Departments {
		for _, d := range t.Owners() {
			if d.ID == mine.ID {
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
