package postgres

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// ErrReadOnly is Ping's answer when the database answers but would refuse
// writes: a hot standby, or default_transaction_read_only switched on.
var ErrReadOnly = errors.New("postgres: the database answers but refuses writes (transaction_read_only is on)")

// Unavailable reports whether err means the database cannot serve the request
// at the moment, for reasons that have nothing to do with the request: it is
// down, unreachable, starting or shutting down, out of connections or disk,
// or read-only. The HTTP layer answers such errors with 503 and Retry-After
// instead of 500. It is the one place that knows which failures these are.
func Unavailable(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrReadOnly) {
		return true
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		// The server answered: only its "I cannot serve you now" codes count.
		switch {
		case strings.HasPrefix(pgErr.Code, "08"): // connection exception
			return true
		case strings.HasPrefix(pgErr.Code, "53"): // insufficient resources: disk full, too many connections, …
			return true
		}
		switch pgErr.Code {
		case "57P01", // admin_shutdown
			"57P02", // crash_shutdown
			"57P03", // cannot_connect_now (starting up, shutting down, in recovery)
			"25006": // read_only_sql_transaction
			return true
		}
		return false
	}
	// Otherwise the server did not answer: a connection attempt failed
	// (refused, no socket, connect_timeout), the connection broke
	// mid-conversation, or no answer came in time.
	var connectErr *pgconn.ConnectError
	var netErr net.Error
	switch {
	case errors.As(err, &connectErr), errors.As(err, &netErr),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, pgconn.ErrConnClosed), errors.Is(err, context.DeadlineExceeded):
		return true
	}
	return false
}

// ReadOnly reports whether err is the database refusing a write because it is
// read-only, as opposed to not answering at all.
func ReadOnly(err error) bool {
	var pgErr *pgconn.PgError
	return errors.Is(err, ErrReadOnly) || (errors.As(err, &pgErr) && pgErr.Code == "25006")
}
