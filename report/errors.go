package report

import "errors"

// ErrUnknownFormat is returned by [ParseFormat] and [Write] when a format name is not
// one of [Formats]. The wrapping error names the bad value and lists the valid ones.
var ErrUnknownFormat = errors.New("report: unknown format")

// ErrInvalidReport is returned by [Write], before anything is written, when the report
// breaks an invariant the output formats rely on: a nil report, a cluster without
// members, an unknown level or tier, a similarity that is NaN or infinite, or a span
// whose offsets are negative or reversed. [WriteDecisions] returns it likewise for a
// decision with an unknown outcome, level or tier; a similarity or reused share that
// is not a number from 0 to 1; a reversed or negative span; a document-level match
// with passages or a passage-level one without; or a duplicate, rewrite or unchanged
// article marked added. It means a bug in the code that built the report or
// decisions, not bad input.
var ErrInvalidReport = errors.New("report: invalid report")
