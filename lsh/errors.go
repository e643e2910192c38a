package lsh

import "errors"

// ErrBadParams is returned for a threshold or banding that cannot be used.
var ErrBadParams = errors.New("lsh: bad parameters")
