// Package migrations holds Goalpost's SQL schema, embedded so that the
// binary can migrate a database on its own.
//
// The numbered goose migrations (NNNNN_name.sql) create tables, columns,
// indexes, data and the append-only triggers, and the function those
// triggers call (refuse_change, 00001). Every other function, with the
// triggers that call it, is in definitions.sql, applied after them: a
// function is defined in one place and changed there.
//
// A merged migration is never edited, with one exception: issue 7 moved the
// functions of 00002, 00005 and 00014 into definitions.sql and made every
// Down refuse (migrations are not reversed; a schema is rolled back by
// restoring a backup). A database migrated before and after that change
// ends with the same schema (internal/postgres TestUpgradedSchemaMatchesFresh).
package migrations

import "embed"

// FS holds the numbered goose migrations (NNNNN_name.sql); goose ignores
// definitions.sql, which has no number.
//
//go:embed *.sql
var FS embed.FS

// Definitions is every SQL function but refuse_change, and the triggers that
// call them, as statements safe to repeat (CREATE OR REPLACE).
//
//go:embed definitions.sql
var Definitions string
