package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/goalpost-civic/goalpost/internal/planfile"
	"github.com/goalpost-civic/goalpost/internal/remind"
	"github.com/goalpost-civic/goalpost/internal/static"
	"github.com/goalpost-civic/goalpost/internal/web"
	"github.com/goalpost-civic/goalpost/plans"
)

func serve(ctx context.Context, args []string, stdout io.Writer, logger *slog.Logger) error {
	fs := newFlagSet("serve", stdout)
	addr := fs.String("addr", envOr("GOALPOST_ADDR", ":8080"), "address to listen on")
	pageCache := fs.Bool("page-cache", envOr("GOALPOST_PAGE_CACHE", "on") != "off", "keep public pages in memory until what they show changes")
	staticDir := fs.String("static-dir", os.Getenv("GOALPOST_STATIC_DIR"), "keep the static public site in this directory in step (README, A static public site)")
	staticBase := fs.String("static-base-url", envOr("GOALPOST_STATIC_BASE_URL", ""), "address where --static-dir is published")
	if err := fs.Parse(args); err != nil {
		return usageError(err.Error())
	}
	idle, err := envDuration("GOALPOST_SESSION_IDLE", time.Hour)
	if err != nil {
		return err
	}
	lifetime, err := envDuration("GOALPOST_SESSION_LIFETIME", 12*time.Hour)
	if err != nil {
		return err
	}
	proxies, err := web.ParseTrustedProxies(os.Getenv("GOALPOST_TRUSTED_PROXIES"))
	if err != nil {
		return fmt.Errorf("GOALPOST_TRUSTED_PROXIES: %w", err)
	}
	db, err := openDatabase(ctx, stdout)
	if err != nil {
		return err
	}
	defer db.close()
	if db.cluster != nil {
		// The private PostgreSQL is ours to keep running: if it dies,
		// start it again (the pool reconnects by itself).
		go db.cluster.Supervise(ctx)
	}
	if err := loadBundledPlans(ctx, db, logger); err != nil {
		return err
	}
	srv := web.New(db.DB, db.Pool, web.Options{
		SecureCookies: os.Getenv("GOALPOST_SECURE_COOKIES") == "true",
		IdleTimeout:   idle, Lifetime: lifetime, Logger: logger,
		PageCache: *pageCache,
	})
	go srv.Listen(ctx)
	if *staticDir != "" {
		keeper := &static.Keeper{Site: newStaticSite(db, *staticDir, *staticBase, logger), Listen: db.ListenChanges}
		go keeper.Run(ctx)
	}
	reminders, err := reminderConfig()
	if err != nil {
		return err
	}
	if reminders.Enabled() {
		job := &remind.Job{Store: db.DB, Config: reminders, Log: logger}
		go job.Run(ctx)
		logger.Info("daily reminders on", "hour", reminders.Hour, "email", reminders.SMTPAddr != "", "webhook", reminders.WebhookURL != "")
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	hs := &http.Server{Handler: web.TrustProxies(srv.Handler(), proxies), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 1 << 20}
	fmt.Fprintf(stdout, "Goalpost is serving on http://%s\n", displayAddr(ln.Addr()))
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// loadBundledPlans imports each bundled plan that the database does not yet
// have, so an empty database starts with Dalian's plans; a plan already
// there is left as its administrators last imported it.
func loadBundledPlans(ctx context.Context, db *database, logger *slog.Logger) error {
	existing, err := db.Plans(ctx)
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for _, p := range existing {
		have[p.Slug] = true
	}
	names, err := fs.Glob(plans.FS, "*.yaml")
	if err != nil {
		return err
	}
	for _, name := range names {
		f, err := plans.FS.Open(name)
		if err != nil {
			return err
		}
		pf, err := planfile.Read(name, f)
		f.Close()
		if err != nil {
			return err
		}
		if have[pf.Slug] {
			continue
		}
		res, err := db.ImportPlan(ctx, pf, "bundled plan file "+name)
		if err != nil {
			return err
		}
		logger.Info("loaded bundled plan", "plan", res.Plan, "targets", res.Created)
	}
	return nil
}

// reminderConfig reads the reminder channels from the environment.
func reminderConfig() (remind.Config, error) {
	c := remind.Config{
		SMTPAddr: os.Getenv("GOALPOST_SMTP_ADDR"), SMTPFrom: envOr("GOALPOST_SMTP_FROM", "goalpost@localhost"),
		SMTPUser: os.Getenv("GOALPOST_SMTP_USER"), SMTPPassword: os.Getenv("GOALPOST_SMTP_PASSWORD"),
		WebhookURL: os.Getenv("GOALPOST_WEBHOOK_URL"), BaseURL: strings.TrimRight(envOr("GOALPOST_BASE_URL", "http://localhost:8080"), "/"),
		Hour: 8,
	}
	if v := os.Getenv("GOALPOST_REMINDER_HOUR"); v != "" {
		h, err := strconv.Atoi(v)
		if err != nil || h < 0 || h > 23 {
			return c, fmt.Errorf("GOALPOST_REMINDER_HOUR=%q: want an hour from 0 to 23 (in GOALPOST_TIMEZONE)", v)
		}
		c.Hour = h
	}
	if c.WebhookURL != "" && !strings.HasPrefix(c.WebhookURL, "https://") && !strings.HasPrefix(c.WebhookURL, "http://") {
		return c, fmt.Errorf("GOALPOST_WEBHOOK_URL=%q: want an http(s) URL", c.WebhookURL)
	}
	return c, nil
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func envDuration(name string, def time.Duration) (time.Duration, error) {
	v := os.Getenv(name)
	if v == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%s=%q: want a duration such as 30m or 12h", name, v)
	}
	return d, nil
}

func displayAddr(a net.Addr) string {
	if tcp, ok := a.(*net.TCPAddr); ok && tcp.IP.IsUnspecified() {
		return fmt.Sprintf("localhost:%d", tcp.Port)
	}
	return a.String()
}
