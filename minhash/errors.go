package minhash

import "errors"

// ErrBadParams is returned by New for a Size neardup cannot use.
var ErrBadParams = errors.New("minhash: bad parameters")
