package goalpost

import (
	"errors"
	"fmt"
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
type Error struct {
	Code    string
	Message string
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
