package dedup

import "errors"

// ErrBadParams is returned for thresholds or sizes that cannot be used.
var ErrBadParams = errors.New("dedup: bad parameters")
