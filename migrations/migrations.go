// Package migrations holds Goalpost's SQL schema changes, embedded so that the
// binary can migrate a database on its own. A merged migration is never edited:
// each change is a new numbered file that says why it exists.
package migrations

import "embed"

// FS holds the numbered goose migrations (NNNNN_name.sql).
//
//go:embed *.sql
var FS embed.FS
