package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/planfile"
)

// importFiles validates every file before touching the database, then
// imports each in its own transaction.
func importFiles(ctx context.Context, paths []string, stdout, stderr io.Writer) error {
	if len(paths) == 0 {
		return usageError("usage: goalpost import FILE...")
	}
	var files []*planfile.File
	for _, path := range paths {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		pf, err := planfile.Read(path, f)
		f.Close()
		if err != nil {
			return err
		}
		files = append(files, pf)
	}
	return withDatabase(ctx, stderr, func(db *database) error {
		for i, pf := range files {
			res, err := db.ImportPlan(ctx, pf, "goalpost import "+paths[i])
			if err != nil {
				return fmt.Errorf("%s: %w", paths[i], err)
			}
			fmt.Fprintln(stdout, res.In(lang))
		}
		return nil
	})
}

func userCommand(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError(usage)
	}
	switch args[0] {
	case "create":
		fs := newFlagSet("user create", stderr)
		email := fs.String("email", "", "sign-in email")
		name := fs.String("name", "", "the person's name")
		role := fs.String("role", "editor", "admin or editor")
		var depts, reviews stringList
		fs.Var(&depts, "department", "department slug whose figures the account enters (repeatable)")
		fs.Var(&reviews, "review", "department slug whose figures the account reviews (repeatable)")
		if err := fs.Parse(args[1:]); err != nil {
			return usageError(err.Error())
		}
		r, err := goalpost.ParseUserRole(*role)
		if err != nil {
			return err
		}
		fmt.Fprint(stderr, lang.T("cli.password", goalpost.MinPasswordChars, goalpost.MaxPasswordBytes))
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && err != io.EOF {
			return fmt.Errorf("read password: %w", err)
		}
		fmt.Fprintln(stderr)
		password := strings.TrimRight(line, "\r\n")
		return withDatabase(ctx, stderr, func(db *database) error {
			u, err := db.CreateUser(ctx, *email, *name, r, password, depts, reviews)
			if err != nil {
				return err
			}
			fmt.Fprintln(stdout, lang.T("cli.created", lang.T("role."+string(u.Role)), u.Email, u.Name, u.ID))
			return nil
		})
	case "disable", "enable":
		// For offboarding, and to let an administrator back in after another
		// disabled them: the operator of the server may act on any account.
		fs := newFlagSet("user "+args[0], stderr)
		email := fs.String("email", "", "the account's sign-in email")
		if err := fs.Parse(args[1:]); err != nil {
			return usageError(err.Error())
		}
		if *email == "" {
			return usageError(fmt.Sprintf("usage: goalpost user %s --email E", args[0]))
		}
		disable := args[0] == "disable"
		return withDatabase(ctx, stderr, func(db *database) error {
			u, err := db.SetDisabledByEmail(ctx, *email, disable)
			if err != nil {
				return err
			}
			if disable {
				fmt.Fprintln(stdout, lang.T("cli.disabled", u.Email, u.Name))
			} else {
				fmt.Fprintln(stdout, lang.T("cli.enabled", u.Email, u.Name))
			}
			return nil
		})
	case "departments":
		return withDatabase(ctx, stderr, func(db *database) error {
			ds, err := db.Departments(ctx)
			if err != nil {
				return err
			}
			for _, d := range ds {
				fmt.Fprintf(stdout, "%-28s %s\n", d.Slug, d.Name)
			}
			return nil
		})
	}
	return usageError(fmt.Sprintf("unknown user command %q\n%s", args[0], usage))
}

func tokenCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return usageError("usage: goalpost token create --email E [--name N]")
	}
	fs := newFlagSet("token create", stderr)
	email := fs.String("email", "", "the account the token acts as")
	name := fs.String("name", "", "what the token is for, e.g. the system that uses it")
	if err := fs.Parse(args[1:]); err != nil {
		return usageError(err.Error())
	}
	if *email == "" {
		return usageError("usage: goalpost token create --email E [--name N]")
	}
	return withDatabase(ctx, stderr, func(db *database) error {
		token, err := db.CreateToken(ctx, *email, *name)
		if err != nil {
			return err
		}
		fmt.Fprintln(stderr, lang.T("cli.token"))
		fmt.Fprintln(stdout, token)
		return nil
	})
}
