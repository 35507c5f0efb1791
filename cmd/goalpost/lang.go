package main

import (
	"errors"
	"strings"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/i18n"
	"github.com/goalpost-civic/goalpost/internal/planfile"
)

// lang is the language the command line speaks, through the catalogue like
// every page. main sets it from the environment; Chinese, as everywhere in
// Goalpost, unless the environment asks for English.
var lang = i18n.Chinese

// langFromEnv reads GOALPOST_LANG, then the locale (LC_ALL, LC_MESSAGES,
// LANG): one beginning "en" is English, "zh" Chinese; the first that names
// either decides. Anything else (C, POSIX, unset) is Chinese.
func langFromEnv(getenv func(string) string) i18n.Lang {
	for _, name := range []string{"GOALPOST_LANG", "LC_ALL", "LC_MESSAGES", "LANG"} {
		v := strings.ToLower(getenv(name))
		switch {
		case strings.HasPrefix(v, "en"):
			return i18n.English
		case strings.HasPrefix(v, "zh"):
			return i18n.Chinese
		}
	}
	return i18n.Chinese
}

// errorText is what the command line says about err in l: a domain error
// in l's words, with the context the command added before it.
func errorText(err error, l i18n.Lang) string {
	var pe *planfile.Error
	if errors.As(err, &pe) {
		if prefix, ok := strings.CutSuffix(err.Error(), pe.Error()); ok {
			return prefix + pe.In(l)
		}
		return pe.In(l)
	}
	var e *goalpost.Error
	if !errors.As(err, &e) {
		return err.Error()
	}
	if prefix, ok := strings.CutSuffix(err.Error(), e.Error()); ok {
		return prefix + e.In(l)
	}
	return e.In(l)
}
