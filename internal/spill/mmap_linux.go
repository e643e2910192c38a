package spill

import (
	"fmt"
	"os"
	"syscall"
)

// mapping is the arena's file; each chunk is a shared mapping of its next stretch.
type mapping struct {
	f    *os.File
	size int64
}

func newMapping(dir string) (*mapping, error) {
	f, err := os.CreateTemp(dir, "neardup-spill-*")
	if err != nil {
		return nil, err
	}
	// Unlinked at once: the pages live while the file is open, and no crash leaves it.
	if err := os.Remove(f.Name()); err != nil {
		f.Close()
		return nil, err
	}
	return &mapping{f: f}, nil
}

// grow extends the file by n bytes, reserving its blocks so that a full disk is an error
// here rather than a fault on first write, and maps them.
func (m *mapping) grow(n int) ([]byte, error) {
	fd := int(m.f.Fd())
	if err := syscall.Fallocate(fd, 0, m.size, int64(n)); err != nil {
		return nil, fmt.Errorf("spill: reserve %d bytes in %s: %w", n, m.f.Name(), err)
	}
	b, err := syscall.Mmap(fd, m.size, n, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_SHARED)
	if err != nil {
		return nil, fmt.Errorf("spill: map %d bytes of %s: %w", n, m.f.Name(), err)
	}
	m.size += int64(n)
	return b, nil
}

func (m *mapping) close(chunks [][]byte) error {
	var first error
	for _, c := range chunks {
		if err := syscall.Munmap(c); err != nil && first == nil {
			first = err
		}
	}
	if err := m.f.Close(); err != nil && first == nil {
		first = err
	}
	return first
}

// release is advice: on failure the pages just stay resident.
func release(b []byte) {
	_ = syscall.Madvise(b, syscall.MADV_DONTNEED)
}

// punch drops b, the mapping of the file from off, from memory and the file's blocks from
// the disk; reading it again gives zeros. Advice too: on failure the pages stay.
func (m *mapping) punch(b []byte, off int64) {
	_ = syscall.Madvise(b, syscall.MADV_DONTNEED)
	const punchHole, keepSize = 0x02, 0x01 // FALLOC_FL_*
	_ = syscall.Fallocate(int(m.f.Fd()), punchHole|keepSize, off, int64(len(b)))
}

// inMemory reports whether dir is on a file system held in memory (tmpfs, ramfs), where a
// spill file takes as much memory as the heap it spares.
func inMemory(dir string) bool {
	if dir == "" {
		dir = os.TempDir()
	}
	var st syscall.Statfs_t
	if syscall.Statfs(dir, &st) != nil {
		return false
	}
	const tmpfsMagic, ramfsMagic = 0x01021994, 0x858458f6
	return st.Type == tmpfsMagic || st.Type == ramfsMagic
}
