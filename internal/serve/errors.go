package serve

import (
	"errors"
	"fmt"
	"net/http"
)

// ErrClosed is returned by a request served after Handler.Close, as a 503 response.
var ErrClosed = errors.New("serve: shutting down")

// apiError is a request's failure as the client sees it: a status and a message for the
// {"error":…} body.
type apiError struct {
	code int
	msg  string
}

func (e *apiError) Error() string { return e.msg }

// fail returns an apiError with status code and a formatted message.
func fail(code int, format string, args ...any) error {
	return &apiError{code: code, msg: fmt.Sprintf(format, args...)}
}

// status returns the HTTP status and message err gives the client, and whether it is the
// server's fault (worth logging).
func status(err error) (code int, msg string, internal bool) {
	var ae *apiError
	switch {
	case errors.As(err, &ae):
		return ae.code, ae.msg, false
	case errors.Is(err, ErrClosed):
		return http.StatusServiceUnavailable, err.Error(), false
	}
	return http.StatusInternalServerError, err.Error(), true
}
