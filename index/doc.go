// Package index persists documents, passages, their MinHash signatures and LSH band keys in a
// bbolt file, so that new articles can be checked against everything ingested before.
//
// The layout is in FORMAT.md. Keys are big-endian and built for prefix scans: a candidate
// query seeks to band‖hash and reads keys while the prefix holds, never a read-modify-write
// posting list.
//
// # Basics
//
// Open creates the file or opens it, and compares the Config stored at creation with the one
// given: any difference is ErrParamsMismatch, since signatures made with other parameters
// cannot be compared. Add writes a batch of documents in one transaction with its keys sorted;
// bulk ingestion calls it from one goroutine with batches of a few thousand documents.
//
// # Caveats
//
// A second process opening a file in use waits Options.Timeout (default one second) and gets
// ErrInUse. An Index is safe for concurrent use: bbolt serialises writers and lets readers run.
package index
