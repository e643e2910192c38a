package index

import "errors"

var (
	// ErrParamsMismatch is returned by Open when the index was created with another Config.
	ErrParamsMismatch = errors.New("index: parameters differ from the index's")
	// ErrInUse is returned by Open when another process holds the file.
	ErrInUse = errors.New("index: in use by another process")
	// ErrFormat is returned for a file or record this version cannot read.
	ErrFormat = errors.New("index: unknown format")
	// ErrCorrupt is returned for a record that does not decode.
	ErrCorrupt = errors.New("index: corrupt record")
	// ErrExists is returned by Add for a document name already in the index.
	ErrExists = errors.New("index: document already indexed")
	// ErrBadSignature is returned for a signature whose length is not the index's.
	ErrBadSignature = errors.New("index: bad signature")
	// ErrNotFound is returned for a document that is not in the index.
	ErrNotFound = errors.New("index: not found")
)
