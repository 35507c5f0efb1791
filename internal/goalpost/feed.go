package goalpost

import "time"

// FeedItem is something newly made public, for the Atom feeds of a plan or
// a department: a published figure (Figure and Target set) or a bulletin
// (Bulletin set). Nothing waiting for review or returned is ever one.
type FeedItem struct {
	// Published is when the public could first see it: a figure's entry
	// in a plan without review, its approval otherwise; a bulletin's
	// publication.
	Published time.Time
	Figure    *Figure
	// Target holds the ID, title, kind and unit of the figure's target.
	Target   *Target
	Bulletin *Bulletin
}

// Bulletin is one published version of a plan's periodic bulletin (通报).
type Bulletin struct {
	ID        int64
	PlanSlug  string
	PlanTitle string
	Period    string
	Version   int
	Changes   string
}

// FeedFilter chooses whose news a feed carries: one plan's (PlanSlug), or
// a department's (DepartmentID: the figures of the targets it leads or
// shares, and the bulletins of their plans).
type FeedFilter struct {
	PlanSlug string
	// PlanID, when the caller has loaded the plan, is used instead of
	// PlanSlug (the plan's own size, not an average, is planned for).
	PlanID       int64
	DepartmentID int64
}

// MaxFeedItems is how many items a feed carries, newest first.
const MaxFeedItems = 50
