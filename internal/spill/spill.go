// Package spill gives memory for large arrays of plain values from a temporary file mapped
// into the process, so that a report over a corpus larger than memory keeps its sets,
// signatures and tables in the page cache, which the kernel can evict and read back, rather
// than in the Go heap, which it cannot.
//
// An Arena hands out slices (Make, Clone) that stay valid until it is closed. Release drops
// the pages the process has touched from its resident set; they stay in the page cache, and a
// later access maps them again. The file is unlinked as soon as it is created, so nothing is
// left behind however the process ends. A nil *Arena, and any Arena on a system without
// memory maps, allocates on the Go heap instead, and so does one whose file cannot grow (a
// full disk): Err tells why.
package spill

import (
	"fmt"
	"os"
	"sync"
	"time"
	"unsafe"
)

// chunkSize is the size of each mapping: big enough that mappings are few, small enough that
// a small corpus leaves a small file.
const chunkSize = 64 << 20

// pageSize is the unit Free gives back; a multiple of the system's page.
const pageSize = 64 << 10

// folioSize is the largest folio the page cache maps at once, aligned to it in the file: a
// PMD, as many pages as a page of page table entries (8 bytes each) maps. 2 MiB with 4 KiB
// pages, 32 MiB with 16 KiB pages.
var folioSize = int64(os.Getpagesize()) * int64(os.Getpagesize()/8)

// Arena is a bump allocator over a growing temporary file. It is safe for concurrent use.
type Arena struct {
	dir    string
	parent *Arena // told of a failure too (see Sibling)
	mu     sync.Mutex
	kids   []*Arena // its siblings, released with it as far as they are settled
	// settled chunks hold only slices that will not be written again (Settle, Seal), and so
	// do the first settledTo bytes of the next one, whole folios (see folioSize).
	settled, settledTo int
	m                  *mapping // nil: the heap
	chunks             [][]byte
	at                 []int64 // where each chunk starts in the file
	free               []byte  // the unused end of the last chunk
	used               int64
	err                error
	onErr              func(error)
}

// New returns an Arena backed by a new temporary file in dir (the system's temporary
// directory when empty). Its first chunk is reserved at once, so that a folder whose file
// system cannot hold it is an error here rather than a fallback later.
func New(dir string) (*Arena, error) {
	if dir != "" {
		if fi, err := os.Stat(dir); err != nil {
			return nil, fmt.Errorf("spill: %w", err)
		} else if !fi.IsDir() {
			return nil, fmt.Errorf("spill: %s is not a folder", dir)
		}
	}
	m, err := newMapping(dir)
	if err != nil {
		return nil, fmt.Errorf("spill: %w", err)
	}
	a := &Arena{dir: dir, m: m}
	if m != nil {
		c, err := m.grow(chunkSize)
		if err != nil {
			m.close(nil)
			return nil, err
		}
		a.chunks, a.at, a.free = [][]byte{c}, []int64{0}, c
	}
	return a, nil
}

// InMemory reports whether the arena's file is on a file system held in memory (tmpfs), where
// spilling spares no memory.
func (a *Arena) InMemory() bool { return a != nil && a.m != nil && inMemory(a.dir) }

// Sibling returns a new arena in a's folder, to be closed on its own: what is dropped all at
// once is best kept apart. It is nil (the heap) when a is nil or on the heap. A failure of
// the sibling is a failure of a too, for Err and OnFallback.
func (a *Arena) Sibling() (*Arena, error) {
	if a == nil {
		return nil, nil
	}
	a.mu.Lock()
	onHeap := a.m == nil
	a.mu.Unlock()
	if onHeap {
		return nil, nil
	}
	s, err := New(a.dir)
	if err != nil {
		return nil, err
	}
	s.parent = a
	a.mu.Lock()
	a.kids = append(a.kids, s)
	a.mu.Unlock()
	return s, nil
}

// Settle says that the slices a has handed out so far will not be written again: from then
// on, the Release of the arena a is a sibling of releases the pages that hold only those
// (all but the largest folio the next slice starts in, see folioSize). Pages are released
// only once they are final, so that no page is written after the kernel dropped it from the
// mapping; a page that is only read comes back from the page cache as it was left.
func (a *Arena) Settle() {
	if a == nil {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.chunks) == 0 || a.settled >= len(a.chunks) {
		return
	}
	last := len(a.chunks) - 1
	a.settled = last
	// Up to a boundary of the page cache's largest folios: the kernel unmaps a folio
	// mapped whole as soon as part of it is released, and the rest may still be written.
	end := a.at[last] + int64(len(a.chunks[last])-len(a.free))
	a.settledTo = max(0, int(end&^(folioSize-1)-a.at[last]))
}

// Seal is Settle for an arena that will not be written to at all any more: all its pages are
// released with its parent's.
func (a *Arena) Seal() {
	if a == nil {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.settled, a.settledTo = len(a.chunks), 0
}

// OnFallback sets fn to be called, once, when the arena first falls back to the heap.
func (a *Arena) OnFallback(fn func(error)) {
	if a == nil {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.onErr = fn
}

// fail records err as why the arena falls back to the heap; a.mu is held.
func (a *Arena) fail(err error) {
	a.err = err
	if a.onErr != nil {
		a.onErr(err)
	}
	if p := a.parent; p != nil {
		p.mu.Lock()
		if p.err == nil {
			p.fail(err)
		}
		p.mu.Unlock()
	}
}

// bytes returns n bytes of zeroed memory aligned to 8 bytes.
func (a *Arena) bytes(n int) []byte {
	if n == 0 {
		return []byte{}
	}
	if a == nil {
		return heap(n)
	}
	n8 := (n + 7) &^ 7
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.m == nil || a.err != nil {
		return heap(n)
	}
	if len(a.free) < n8 {
		at := a.m.size
		// Whole pages, so that the next chunk's offset in the file is one too.
		c, err := a.m.grow(max(chunkSize, (n8+pageSize-1)&^(pageSize-1)))
		if err != nil {
			a.fail(err)
			return heap(n)
		}
		a.chunks = append(a.chunks, c)
		a.at = append(a.at, at)
		a.free = c
	}
	b := a.free[:n:n8]
	a.free = a.free[n8:]
	a.used += int64(n8)
	return b
}

// heap allocates n zeroed bytes aligned to 8.
func heap(n int) []byte {
	w := make([]uint64, (n+7)/8)
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(w))), n)
}

// Make returns a zeroed slice of n values of T from a, which must hold no pointers: the
// garbage collector does not look into an Arena.
func Make[T any](a *Arena, n int) []T {
	if a == nil {
		return make([]T, n)
	}
	var zero T
	size := int(unsafe.Sizeof(zero))
	if n == 0 || size == 0 {
		return make([]T, n)
	}
	b := a.bytes(n * size)
	return unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(b))), n)
}

// Clone returns a copy of s in a; nil stays nil.
func Clone[T any](a *Arena, s []T) []T {
	if s == nil {
		return nil
	}
	c := Make[T](a, len(s))
	copy(c, s)
	return c
}

// Free gives back the whole pages of s, which came from a and is not used again: they leave
// the page cache and the disk. A slice from the heap is left to the garbage collector.
func Free[T any](a *Arena, s []T) {
	if a == nil || cap(s) == 0 {
		return
	}
	var zero T
	lo := uintptr(unsafe.Pointer(unsafe.SliceData(s)))
	hi := lo + uintptr(cap(s))*unsafe.Sizeof(zero)
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.m == nil {
		return
	}
	for k, c := range a.chunks {
		base := uintptr(unsafe.Pointer(unsafe.SliceData(c)))
		if lo < base || hi > base+uintptr(len(c)) {
			continue
		}
		// Whole pages only: a page shared with a neighbour keeps its contents.
		from := (lo - base + pageSize - 1) &^ (pageSize - 1)
		to := (hi - base) &^ (pageSize - 1)
		if from < to {
			a.m.punch(c[from:to], a.at[k]+int64(from))
		}
		return
	}
}

// Release drops the pages of the arena, and the settled ones of its siblings (see Settle),
// from the process's resident memory; their contents stay. It may run while other goroutines read and
// write the arena.
func (a *Arena) Release() {
	if a == nil {
		return
	}
	a.release(false)
	a.mu.Lock()
	kids := a.kids
	a.mu.Unlock()
	// Not under a's lock: a sibling that fails locks itself, then a.
	for _, k := range kids {
		k.release(true)
	}
}

// release releases a's chunks, or if settledOnly those that Settle or Seal made final.
func (a *Arena) release(settledOnly bool) {
	// Under the lock, so that Close cannot unmap a chunk in between: what the kernel maps
	// there next could be zeroed by the advice.
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.m == nil {
		return
	}
	chunks := a.chunks
	if settledOnly {
		chunks = chunks[:a.settled]
		if a.settled < len(a.chunks) && a.settledTo > 0 {
			release(a.chunks[a.settled][:a.settledTo])
		}
	}
	for _, c := range chunks {
		release(c)
	}
}

// Used returns the bytes handed out from the file so far.
func (a *Arena) Used() int64 {
	if a == nil {
		return 0
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.used
}

// Err returns why the arena fell back to the heap, if it did.
func (a *Arena) Err() error {
	if a == nil {
		return nil
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.err
}

// Close unmaps the file and removes it. No slice from the arena may be used afterwards.
func (a *Arena) Close() error {
	if a == nil || a.m == nil {
		return nil
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	err := a.m.close(a.chunks)
	a.m, a.chunks, a.free = nil, nil, nil
	return err
}

// ReleaseEvery calls Release every d until stop is called, so that the pages a long
// computation touches do not pile up in its resident memory.
func (a *Arena) ReleaseEvery(d time.Duration) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(d)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				a.Release()
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}
