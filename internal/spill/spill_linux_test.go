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

// TestReleaseReachesSiblings: the parent's Release takes a sibling's touched pages out of the
// resident memory of its mapping, as the kernel counts it in /proc/self/smaps.
func TestReleaseReachesSiblings(t *testing.T) {
	a := mapped(t)
	defer a.Close()
	s, err := a.Sibling()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	b := Make[byte](s, 8<<20)
	for i := 0; i < len(b); i += 4096 {
		b[i] = 1
	}
	addr := uintptr(unsafe.Pointer(&b[0]))
	if kb := mappingRSS(t, addr); kb < 8<<10 {
		t.Fatalf("after touching 8 MiB the mapping holds %d KiB", kb)
	}
	a.Release()
	if kb := mappingRSS(t, addr); kb > 1<<10 {
		t.Errorf("after the parent's Release the sibling's mapping holds %d KiB", kb)
	}
	if b[4096] != 1 {
		t.Errorf("a released page lost its contents")
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
