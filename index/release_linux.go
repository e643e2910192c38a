package index

import (
	"syscall"

	bolt "go.etcd.io/bbolt"
)

// releaseMapped tells the kernel this process no longer needs the pages of the index it has
// read through bbolt's memory map. They stay in the page cache, and a later read maps them
// again; what goes is their count in the process's resident memory, which otherwise grows
// to the size of the file as writes and compactions read it (4.5 GB adding a gigabyte of
// text). It runs in a read transaction, during which bbolt cannot remap the file.
func releaseMapped(db *bolt.DB) {
	_ = db.View(func(tx *bolt.Tx) error {
		if data := db.Info().Data; data != 0 && tx.Size() > 0 {
			// Advice only: an error leaves the pages mapped, which is harmless.
			syscall.Syscall(syscall.SYS_MADVISE, data, uintptr(tx.Size()), syscall.MADV_DONTNEED)
		}
		return nil
	})
}
