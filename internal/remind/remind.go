// Package remind sends each official a daily digest of what is overdue,
// due soon, returned or waiting for their review: by email (SMTP) and to a
// webhook (a JSON POST, as 钉钉 and 企业微信 group robots receive messages).
// One digest per person per day, never one message per item; every digest
// is claimed in the database before it is sent, so restarts and replicas
// never send one twice.
package remind

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/smtp"
	"strings"
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/postgres"
)

// Store is what the job needs of the storage; *postgres.DB provides it.
type Store interface {
	Users(ctx context.Context) ([]*goalpost.User, error)
	Targets(ctx context.Context, f postgres.TargetFilter) ([]*goalpost.Tracked, error)
	LatestFigures(ctx context.Context, targetIDs []int64) (map[int64]map[string]goalpost.Figure, error)
	ReviewQueue(ctx context.Context, u *goalpost.User) ([]postgres.QueueItem, error)
	ClaimReminder(ctx context.Context, recipient string, day time.Time, channel string, items int) (bool, error)
	FinishReminder(ctx context.Context, recipient string, day time.Time, channel string, sendErr error) error
}

// Config says where digests go. Empty SMTPAddr or WebhookURL turns that channel off.
type Config struct {
	SMTPAddr     string // host:port
	SMTPFrom     string
	SMTPUser     string
	SMTPPassword string
	WebhookURL   string
	// BaseURL is the dashboard's public address, for links in messages.
	BaseURL string
	// Hour is the hour of the day (in Goalpost's zone) from which digests go out.
	Hour int
}

// Enabled reports whether any channel is configured.
func (c Config) Enabled() bool { return c.SMTPAddr != "" || c.WebhookURL != "" }

// Job sends the digests.
type Job struct {
	Store  Store
	Config Config
	Log    *slog.Logger
	HTTP   *http.Client
}

// Run sends due digests every minute until ctx ends. Checking often and
// claiming in the database is what makes it survive restarts: a process
// that starts after the hour sends what nobody has sent yet today.
func (j *Job) Run(ctx context.Context) {
	tick := time.NewTicker(time.Minute)
	defer tick.Stop()
	for {
		now := goalpost.InZone(time.Now())
		if now.Hour() >= j.Config.Hour {
			if _, err := j.RunOnce(ctx, now); err != nil && ctx.Err() == nil {
				j.Log.Error("reminders", "err", err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// Digest is one person's reminder for a day.
type Digest struct {
	User     *goalpost.User
	Items    []goalpost.WorkItem
	ToReview int
}

// Count is how many things the digest mentions.
func (d Digest) Count() int { return len(d.Items) + d.ToReview }

// Digests works out, as of now, what each person has to do.
func (j *Job) Digests(ctx context.Context, now time.Time) ([]Digest, error) {
	users, err := j.Store.Users(ctx)
	if err != nil {
		return nil, err
	}
	all, err := j.Store.Targets(ctx, postgres.TargetFilter{})
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(all))
	for i, t := range all {
		ids[i] = t.ID
	}
	latest, err := j.Store.LatestFigures(ctx, ids)
	if err != nil {
		return nil, err
	}
	today := goalpost.Today(now)
	var digests []Digest
	for _, u := range users {
		if u.Disabled {
			continue // a disabled account has nothing to do
		}
		var mine []*goalpost.Tracked
		if u.Role != goalpost.UserAdmin { // administrators are reminded of reviews, not of every target
			for _, t := range all {
				if u.CanEnterFigures(&t.Target) {
					mine = append(mine, t)
				}
			}
		}
		d := Digest{User: u, Items: goalpost.Agenda(mine, latest, today)}
		if u.ReviewsAnything() {
			queue, err := j.Store.ReviewQueue(ctx, u)
			if err != nil {
				return nil, err
			}
			d.ToReview = len(queue)
		}
		if d.Count() > 0 {
			digests = append(digests, d)
		}
	}
	return digests, nil
}

// RunOnce sends today's digests that have not been sent, and returns how
// many messages it sent.
func (j *Job) RunOnce(ctx context.Context, now time.Time) (int, error) {
	if !j.Config.Enabled() {
		return 0, nil
	}
	digests, err := j.Digests(ctx, now)
	if err != nil {
		return 0, err
	}
	day := goalpost.Today(now)
	sent := 0
	send := func(recipient, channel string, items int, deliver func() error) error {
		claimed, err := j.Store.ClaimReminder(ctx, recipient, day, channel, items)
		if err != nil || !claimed {
			return err
		}
		sendErr := deliver()
		if sendErr != nil {
			j.Log.Warn("reminder not delivered", "recipient", recipient, "channel", channel, "err", sendErr)
		} else {
			sent++
		}
		return j.Store.FinishReminder(ctx, recipient, day, channel, sendErr)
	}
	if j.Config.SMTPAddr != "" {
		for _, d := range digests {
			if err := send(d.User.Email, "email", d.Count(), func() error { return j.mail(d) }); err != nil {
				return sent, err
			}
		}
	}
	if j.Config.WebhookURL != "" && len(digests) > 0 {
		total := 0
		for _, d := range digests {
			total += d.Count()
		}
		if err := send("webhook", "webhook", total, func() error { return j.post(ctx, digests, day) }); err != nil {
			return sent, err
		}
	}
	return sent, nil
}

// Text is a digest in Chinese, as a person reads it.
func (j *Job) Text(d Digest) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s，您好：\n\n", d.User.Name)
	section := func(kind goalpost.WorkKind, title string) {
		var lines []string
		for _, it := range d.Items {
			if it.Kind != kind {
				continue
			}
			line := fmt.Sprintf("- %s（%s）", it.Target.Title, it.Period.Label)
			if !it.Due.IsZero() {
				line += "，截止 " + it.Due.Format("2006-01-02")
			}
			if it.Reason != "" {
				line += "，退回原因：" + it.Reason
			}
			lines = append(lines, line)
		}
		if len(lines) > 0 {
			fmt.Fprintf(&b, "%s %d 项：\n%s\n\n", title, len(lines), strings.Join(lines, "\n"))
		}
	}
	section(goalpost.WorkReturned, "退回待改")
	section(goalpost.WorkOverdue, "逾期未报")
	section(goalpost.WorkDueSoon, "即将到期")
	if d.ToReview > 0 {
		fmt.Fprintf(&b, "待您审核 %d 条：%s/review\n\n", d.ToReview, j.Config.BaseURL)
	}
	fmt.Fprintf(&b, "查看和报送：%s/work\n", j.Config.BaseURL)
	return b.String()
}

func (j *Job) mail(d Digest) error {
	subject := mime.BEncoding.Encode("UTF-8", fmt.Sprintf("Goalpost 每日提醒：%d 项待办", d.Count()))
	var msg bytes.Buffer
	fmt.Fprintf(&msg, "From: %s\r\nTo: %s\r\nSubject: %s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\nDate: %s\r\n\r\n",
		j.Config.SMTPFrom, d.User.Email, subject, time.Now().Format(time.RFC1123Z))
	msg.WriteString(strings.ReplaceAll(j.Text(d), "\n", "\r\n"))
	var auth smtp.Auth
	if j.Config.SMTPUser != "" {
		host, _, _ := net.SplitHostPort(j.Config.SMTPAddr)
		auth = smtp.PlainAuth("", j.Config.SMTPUser, j.Config.SMTPPassword, host)
	}
	return smtp.SendMail(j.Config.SMTPAddr, auth, j.Config.SMTPFrom, []string{d.User.Email}, msg.Bytes())
}

// post sends one message for the day with everyone's digest, in the shape
// 钉钉 and 企业微信 robots accept ({"msgtype": "text", "text": {"content": …}}),
// plus the same content as structured fields for other receivers.
func (j *Job) post(ctx context.Context, digests []Digest, day time.Time) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Goalpost 每日提醒 %s\n", day.Format("2006-01-02"))
	type person struct {
		Name     string `json:"name"`
		Email    string `json:"email"`
		Returned int    `json:"returned"`
		Overdue  int    `json:"overdue"`
		DueSoon  int    `json:"due_soon"`
		ToReview int    `json:"to_review"`
	}
	var people []person
	for _, d := range digests {
		p := person{Name: d.User.Name, Email: d.User.Email, ToReview: d.ToReview}
		for _, it := range d.Items {
			switch it.Kind {
			case goalpost.WorkReturned:
				p.Returned++
			case goalpost.WorkOverdue:
				p.Overdue++
			case goalpost.WorkDueSoon:
				p.DueSoon++
			}
		}
		people = append(people, p)
		fmt.Fprintf(&b, "%s：退回 %d，逾期 %d，即将到期 %d，待审核 %d\n", p.Name, p.Returned, p.Overdue, p.DueSoon, p.ToReview)
	}
	fmt.Fprintf(&b, "%s/work", j.Config.BaseURL)
	body, _ := json.Marshal(map[string]any{"msgtype": "text", "text": map[string]string{"content": b.String()},
		"day": day.Format("2006-01-02"), "people": people})
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, j.Config.WebhookURL, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	client := j.HTTP
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("webhook answered %s", resp.Status)
	}
	return nil
}
