package web

import "io/fs"

// StaticFiles is the stylesheet, script and images served under /static/,
// for the static site (internal/static) to copy as they are.
func StaticFiles() fs.FS {
	sub, err := fs.Sub(static, "static")
	if err != nil {
		panic(err) // "static" is embedded above: cannot happen
	}
	return sub
}
