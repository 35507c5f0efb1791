package goalpost

import (
	"errors"
	"fmt"

	"github.com/goalpost-civic/goalpost/internal/i18n"
)

// Error codes shared by storage and HTTP, so each layer maps them once:
// the HTTP layer turns them into status codes and pages.
const (
	ECONFLICT     = "conflict"
	EFORBIDDEN    = "forbidden"
	EINTERNAL     = "internal"
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	ETOOMANY      = "too_many_requests"
	EUNAUTHORIZED = "unauthorized"
	// EUNAVAILABLE: the database is down, unreachable or read-only; the
	// request may succeed if retried later (HTTP 503).
	EUNAVAILABLE = "unavailable"
)

// Error is a domain error whose Message is safe to show to a user.
// Message is Chinese; an Error made by E also carries its sentence, so In
// gives it in any language of the catalogue.
type Error struct {
	Code    string
	Message string
	msg     *i18n.Msg
}

// E builds an Error saying the catalogue's sentence key with args.
func E(code, key string, args ...any) *Error {
	m := i18n.M(key, args...)
	return &Error{Code: code, Message: m.String(), msg: &m}
}

// In is the message in l (Message itself when the error has no sentence
// in the catalogue).
func (e *Error) In(l i18n.Lang) string {
	if e.msg != nil {
		return l.Text(*e.msg)
	}
	return e.Message
}

func (e *Error) Error() string { return fmt.Sprintf("goalpost: %s: %s", e.Code, e.Message) }

// Errorf builds an Error with a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first Error in err's chain, EINTERNAL for
// any other error and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-safe message of err, or a generic one.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}

// ErrorMessageIn is ErrorMessage in l.
func ErrorMessageIn(err error, l i18n.Lang) string {
	var e *Error
	if errors.As(err, &e) {
		return e.In(l)
	}
	return l.T("error.internal")
}
