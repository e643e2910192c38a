package eval

import "errors"

// ErrNoCorpora means the corpora folder lacks a file the evaluation reads.
var ErrNoCorpora = errors.New("eval: corpora not found")
