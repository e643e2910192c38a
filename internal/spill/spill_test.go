package spill

import (
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"unsafe"
)

// mapped returns a new arena in a test folder, skipping the test where there are no maps.
func mapped(t *testing.T) *Arena {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("arenas are on the heap on " + runtime.GOOS)
	}
	a, err := New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestNewRefusesBadFolders(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{filepath.Join(t.TempDir(), "missing"), file} {
		if a, err := New(dir); err == nil {
			a.Close()
			t.Errorf("New(%q) = nil error", dir)
		}
	}
}

func TestArenaKeepsValuesAcrossRelease(t *testing.T) {
	a := mapped(t)
	defer a.Close()
	// Sizes across a chunk boundary and one larger than a chunk.
	sizes := []int{1, 7, 1000, chunkSize/8 - 3, 5, chunkSize/4 + 1, 3}
	var all [][]uint64
	for k, n := range sizes {
		s := Make[uint64](a, n)
		if len(s) != n || cap(s) != n {
			t.Fatalf("Make(%d): len %d cap %d", n, len(s), cap(s))
		}
		if p := uintptr(unsafe.Pointer(&s[0])); p%8 != 0 {
			t.Fatalf("Make(%d) at %#x: not 8-aligned", n, p)
		}
		for i := range s {
			if s[i] != 0 {
				t.Fatalf("Make(%d)[%d] = %d, want zero", n, i, s[i])
			}
			s[i] = uint64(k)<<40 | uint64(i)
		}
		all = append(all, s)
	}
	if err := a.Err(); err != nil {
		t.Fatalf("fell back to the heap: %v", err)
	}
	a.Release()
	for k, s := range all {
		for i := range s {
			if s[i] != uint64(k)<<40|uint64(i) {
				t.Fatalf("slice %d [%d] = %#x after Release", k, i, s[i])
			}
		}
	}
	if a.Used() < int64(8*(chunkSize/8+chunkSize/4)) {
		t.Errorf("Used() = %d, less than was handed out", a.Used())
	}
}

func TestFreeKeepsNeighbours(t *testing.T) {
	a := mapped(t)
	defer a.Close()
	before := Make[byte](a, 3*pageSize+5)
	big := Make[byte](a, 10*pageSize+3)
	after := Make[byte](a, 3*pageSize)
	for _, s := range [][]byte{before, big, after} {
		for i := range s {
			s[i] = 0xa5
		}
	}
	Free(a, big)
	for _, s := range [][]byte{before, after} {
		for i, b := range s {
			if b != 0xa5 {
				t.Fatalf("a neighbour of a freed slice changed at %d: %#x", i, b)
			}
		}
	}
	// The freed pages read as zeros: they left the file.
	zeros := 0
	for _, b := range big {
		if b == 0 {
			zeros++
		}
	}
	if zeros < 8*pageSize {
		t.Errorf("after Free, %d of %d bytes are zero; want its whole pages", zeros, len(big))
	}
}

func TestConcurrentMakeAndRelease(t *testing.T) {
	a := mapped(t)
	defer a.Close()
	stop := a.ReleaseEvery(1)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var kept [][]uint32
			for n := range 2000 {
				s := Make[uint32](a, n%300+1)
				for i := range s {
					s[i] = uint32(g<<24 | n)
				}
				kept = append(kept, s)
				runtime.Gosched()
			}
			for n, s := range kept {
				for _, v := range s {
					if v != uint32(g<<24|n) {
						t.Errorf("goroutine %d slice %d holds %#x", g, n, v)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	stop()
}

func TestNilArenaUsesHeap(t *testing.T) {
	var a *Arena
	s := Make[int32](a, 10)
	if len(s) != 10 {
		t.Fatalf("len %d", len(s))
	}
	c := Clone(a, []int32{1, 2, 3})
	if len(c) != 3 || c[2] != 3 {
		t.Fatalf("Clone = %v", c)
	}
	if Clone[int32](a, nil) != nil {
		t.Fatal("Clone(nil) is not nil")
	}
	Free(a, s)
	a.Release()
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
}
