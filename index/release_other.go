//go:build !linux

package index

import bolt "go.etcd.io/bbolt"

// releaseMapped does nothing here: see release_linux.go.
func releaseMapped(*bolt.DB) {}
