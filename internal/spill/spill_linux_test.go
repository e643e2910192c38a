package spill

import (
	"os"
	"strings"
	"testing"
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
