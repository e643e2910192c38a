// Package index persists documents, passages, their MinHash signatures and LSH band keys in a
// bbolt file, so that new articles can be checked against everything ingested before.
//
// The layout is in FORMAT.md. Band entries live in immutable, packed segments that are merged
// size-tiered, as in log-structured stores: a write appends a few large values instead of
// scattering random keys over a B+tree, and a query seeks band‖hash once per segment.
//
// # Basics
//
// Open creates the file or opens it, and compares the Config stored at creation with the one
// given: any difference is ErrParamsMismatch, since signatures made with other parameters
// cannot be compared. Write applies a batch (deletions, documents, count changes) in one
// transaction; bulk ingestion calls it from one goroutine. Reads that belong together go
// through one Reader (View).
//
// # Caveats
//
// A second process opening a file in use waits Options.Timeout (default one second) and gets
// ErrInUse. An Index is safe for concurrent use: bbolt serialises writers and lets readers run.
package index
