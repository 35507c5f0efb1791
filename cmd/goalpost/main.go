// Command goalpost serves the Goalpost dashboard and administers its data.
//
//	goalpost serve [--addr :8080]     migrate, load the bundled plans if missing, serve
//	goalpost migrate                  apply database migrations
//	goalpost import FILE…             load or update plans from plan files
//	goalpost extract [--json] FILE    print the draft plan extracted from a document (.txt, .html, .docx, .pdf)
//	goalpost user create --email E --name N --role admin|editor [--department SLUG …] [--review SLUG …]
//	goalpost user disable --email E   end that account's sessions and tokens; it cannot sign in
//	goalpost user enable --email E    let a disabled account sign in again
//	goalpost user departments         list department slugs
//	goalpost token create --email E   print a new API token for that account
//	goalpost export-static DIR        write the public pages as files for a web server or portal
//	goalpost healthcheck              exit 0 if a running server's /healthz answers 200 (for containers)
//
// With DATABASE_URL unset, it starts (or reuses) a private PostgreSQL cluster
// in $GOALPOST_DATA_DIR/postgres (default ./.goalpost/postgres). Every
// command migrates as the owner (GOALPOST_MIGRATE_URL, an owner's
// DATABASE_URL, or the cluster's superuser) and then works through a role
// that owns nothing (openDatabase; README, Database roles).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	lang = langFromEnv(os.Getenv)
	if err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		var usage usageError
		if errors.As(err, &usage) {
			fmt.Fprintln(os.Stderr, usage.Error())
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "goalpost:", errorText(err, lang))
		os.Exit(1)
	}
}

type usageError string

func (u usageError) Error() string { return string(u) }

const usage = `usage:
  goalpost serve [--addr :8080] [--static-dir DIR]   (--static-dir: keep the static public site in DIR in step)
  goalpost export-static [--base-url URL] DIR   (every public page as files a web server or portal serves as they are)
  goalpost migrate
  goalpost import FILE...
  goalpost extract [--json] [--slug SLUG] [--db] FILE   (a plan file that import accepts; --json: the targets as JSON)
  goalpost user create --email E --name N --role admin|editor [--department SLUG ...] [--review SLUG ...]   (password on stdin: 10 characters to 72 bytes)
  goalpost user disable --email E   (ends its sessions and API tokens; it cannot sign in)
  goalpost user enable --email E
  goalpost user departments
  goalpost token create --email E [--name N]   (prints an API token once)
  goalpost healthcheck [--url http://localhost:8080/healthz]`

// run is main without the process: tests call it with their own arguments and streams.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError(usage)
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	if name := os.Getenv("GOALPOST_TIMEZONE"); name != "" {
		loc, err := goalpost.LoadZone(name)
		if err != nil {
			return fmt.Errorf("GOALPOST_TIMEZONE: %w", err)
		}
		goalpost.SetZone(loc)
	}
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:], stdout, logger)
	case "migrate":
		return withDatabase(ctx, stderr, func(db *database) error {
			fmt.Fprintln(stdout, lang.T("cli.migrated", db.applied))
			return nil
		})
	case "import":
		return importFiles(ctx, args[1:], stdout, stderr)
	case "extract":
		return extractCommand(ctx, args[1:], stdout, stderr)
	case "user":
		return userCommand(ctx, args[1:], stdin, stdout, stderr)
	case "token":
		return tokenCommand(ctx, args[1:], stdout, stderr)
	case "export-static":
		return exportStatic(ctx, args[1:], stdout, stderr, logger)
	case "healthcheck":
		return healthcheck(ctx, args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, usage)
		return nil
	}
	return usageError(fmt.Sprintf("unknown command %q\n%s", args[0], usage))
}

// stringList is a repeatable flag.
type stringList []string

func (s *stringList) String() string     { return fmt.Sprint(*s) }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}
