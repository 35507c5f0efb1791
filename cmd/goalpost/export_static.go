package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/goalpost-civic/goalpost/internal/static"
	"github.com/goalpost-civic/goalpost/internal/web"
)

// exportStatic writes the public site into a directory (README, A static
// public site).
func exportStatic(ctx context.Context, args []string, stdout, stderr io.Writer, logger *slog.Logger) error {
	fs := newFlagSet("export-static", stderr)
	base := fs.String("base-url", envOr("GOALPOST_STATIC_BASE_URL", ""), "address where DIR is published, e.g. https://portal.example.gov.cn/goalpost/ (for link previews, feeds and the embed code)")
	if err := fs.Parse(args); err != nil {
		return usageError(err.Error())
	}
	if fs.NArg() != 1 {
		return usageError("usage: goalpost export-static [--base-url URL] DIR")
	}
	db, err := openDatabase(ctx, stderr)
	if err != nil {
		return err
	}
	defer db.close()
	if err := loadBundledPlans(ctx, db, logger); err != nil {
		return err
	}
	site := newStaticSite(db, fs.Arg(0), *base, logger)
	st, err := site.Export(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "exported %s: %s\n", fs.Arg(0), st)
	return nil
}

// newStaticSite is the static site of db's public pages in dir.
func newStaticSite(db *database, dir, base string, logger *slog.Logger) *static.Site {
	if base != "" && !strings.HasSuffix(base, "/") {
		base += "/"
	}
	srv := web.New(db.DB, db.Pool, web.Options{Logger: logger})
	return &static.Site{Handler: srv.Handler(), Store: db.DB, Dir: dir, BaseURL: base, Log: logger}
}
