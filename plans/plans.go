// Package plans bundles the plan files that ship with Goalpost, so that an
// empty database is loaded with Dalian's plans without any file on disk.
package plans

import "embed"

// FS holds the bundled plan files (*.yaml).
//
//go:embed *.yaml
var FS embed.FS
