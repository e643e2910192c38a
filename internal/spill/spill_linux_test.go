package spill

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

func TestSiblingFailureReachesParent(t *testing.T) {
	a := mapped(t)
	defer a.Close()
	var told []error
	a.OnFallback(func(err error) { told = append(told, err) })
	s, err := a.Sibling()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// A file that cannot grow: the next chunk falls back to the heap.
	s.mu.Lock()
	s.free = nil
	s.m.f.Close()
	s.mu.Unlock()
	if b := Make[byte](s, 10); len(b) != 10 {
		t.Fatalf("Make after the fallback gave %d bytes", len(b))
	}
	if s.Err() == nil || a.Err() == nil || len(told) != 1 {
		t.Errorf("sibling error %v, parent error %v, told %d times", s.Err(), a.Err(), len(told))
	}
}

func TestInMemory(t *testing.T) {
	mounts, err := os.ReadFile("/proc/mounts")
	if err != nil {
		t.Skip(err)
	}
	for line := range strings.Lines(string(mounts)) {
		f := strings.Fields(line)
		if len(f) < 3 || f[1] == "/" {
			continue
		}
		if want := f[2] == "tmpfs"; inMemory(f[1]) != want && (f[2] == "tmpfs" || f[2] == "ext4" || f[2] == "xfs") {
			t.Errorf("inMemory(%q), a %s mount, = %v", f[1], f[2], !want)
		}
	}
}

// TestReleaseReachesSealedSiblings: the parent's Release leaves a sibling's pages alone while
// it may still be written, and takes them out of the resident memory of its mapping, as the
// kernel counts it in /proc/self/smaps, once it is sealed; their contents stay.
func TestReleaseReachesSealedSiblings(t *testing.T) {
	a, s := sibling(t)
	b := Make[byte](s, 8<<20)
	for i := 0; i < len(b); i += 4096 {
		b[i] = byte(i>>12) | 1
	}
	addr := uintptr(unsafe.Pointer(&b[0]))
	// The kernel may reclaim a few pages on its own (seen after a run that filled the page
	// cache: 8,184 KiB of 8,192); a release drops them all.
	const most = 7 << 10
	if kb := mappingRSS(t, addr); kb < most {
		t.Fatalf("after touching 8 MiB the mapping holds %d KiB", kb)
	}
	a.Release()
	if kb := mappingRSS(t, addr); kb < most {
		t.Errorf("the parent's Release dropped %d KiB of an unsealed sibling's 8 MiB", 8<<10-kb)
	}
	s.Seal()
	a.Release()
	if kb := mappingRSS(t, addr); kb > 1<<10 {
		t.Errorf("after the parent's Release the sealed sibling's mapping holds %d KiB", kb)
	}
	for i := 0; i < len(b); i += 4096 {
		if b[i] != byte(i>>12)|1 {
			t.Fatalf("byte %d of a released page is %d, want %d", i, b[i], byte(i>>12)|1)
		}
	}
}

// mappingRSS returns the resident kilobytes of the mapping holding addr.
func mappingRSS(t *testing.T, addr uintptr) int {
	t.Helper()
	smaps, err := os.ReadFile("/proc/self/smaps")
	if err != nil {
		t.Skip(err)
	}
	in := false
	for line := range strings.Lines(string(smaps)) {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if lo, hi, ok := strings.Cut(f[0], "-"); ok && !strings.HasSuffix(f[0], ":") {
			l, err1 := strconv.ParseUint(lo, 16, 64)
			h, err2 := strconv.ParseUint(hi, 16, 64)
			in = err1 == nil && err2 == nil && uint64(addr) >= l && uint64(addr) < h
			continue
		}
		if in && f[0] == "Rss:" && len(f) >= 2 {
			kb, err := strconv.Atoi(f[1])
			if err != nil {
				t.Fatal(err)
			}
			return kb
		}
	}
	t.Fatalf("no mapping holds %#x", addr)
	return 0
}

// TestReleaseReachesSettledChunks: once a sibling is settled, the parent's Release drops the
// pages it has filled, and keeps the folio the next slice starts in.
func TestReleaseReachesSettledChunks(t *testing.T) {
	a, s := sibling(t)
	full := Make[byte](s, chunkSize) // the whole first chunk
	last := Make[byte](s, 3<<20)     // the start of a second
	for _, b := range [][]byte{full, last} {
		for i := 0; i < len(b); i += 4096 {
			b[i] = 7
		}
	}
	s.Settle()
	next := Make[byte](s, 1<<20) // written after Settle, so not released
	for i := 0; i < len(next); i += 4096 {
		next[i] = 9
	}
	a.Release()
	if kb := mappingRSS(t, uintptr(unsafe.Pointer(&full[0]))); kb > 1<<10 {
		t.Errorf("the settled chunk's mapping holds %d KiB after the parent's Release", kb)
	}
	// The last chunk's mapping holds next and the folio it shares with last: 2 MiB of the
	// 4 written to. The first 2 MiB of last are released.
	if kb := mappingRSS(t, uintptr(unsafe.Pointer(&last[0]))); kb < 2<<10 || kb > 3<<10 {
		t.Errorf("the last chunk's mapping holds %d KiB after the parent's Release, want 2 MiB", kb)
	}
	s.Seal()
	a.Release()
	if kb := mappingRSS(t, uintptr(unsafe.Pointer(&last[0]))); kb > 0 {
		t.Errorf("the last chunk's mapping holds %d KiB once sealed", kb)
	}
	if full[4096] != 7 || last[4096] != 7 || next[4096] != 9 {
		t.Errorf("released pages lost their contents")
	}
}

// sibling returns a mapped arena and a sibling of it, both closed when the test ends.
func sibling(t *testing.T) (a, s *Arena) {
	t.Helper()
	a = mapped(t)
	t.Cleanup(func() { a.Close() })
	s, err := a.Sibling()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return a, s
}
