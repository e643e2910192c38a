package shingle

import "errors"

// ErrBadParams is returned by Params.Validate for a unit or size neardup cannot use.
var ErrBadParams = errors.New("shingle: bad parameters")
