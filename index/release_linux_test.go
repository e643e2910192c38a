package index

import (
	"bufio"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
)

// rssFile returns the process's resident file-backed memory, in bytes.
func rssFile(t *testing.T) int64 {
	t.Helper()
	f, err := os.Open("/proc/self/status")
	if err != nil {
		t.Skipf("no /proc: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "RssFile:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Skip("no RssFile in /proc/self/status")
	return 0
}

// TestReleaseMapped: pages read through the map leave the process's resident memory, and
// reads after that still find everything.
func TestReleaseMapped(t *testing.T) {
	ix, _ := newIndex(t, testConfig(t, 16))
	r := rand.New(rand.NewPCG(21, 22))
	var ids []DocID
	for range 4 {
		got, err := ix.Write(Batch{Docs: synthDocs(r, "d"+strconv.Itoa(len(ids)), 1000, 10, 16, false)})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, got...)
	}
	readAll := func() int {
		n := 0
		for _, id := range ids {
			_, text, err := ix.Text(id)
			if err != nil {
				t.Fatal(err)
			}
			n += len(text)
		}
		return n
	}
	size := readAll()
	before := rssFile(t)
	releaseMapped(ix.db)
	after := rssFile(t)
	if before-after < int64(size)/2 {
		t.Errorf("file-backed resident memory %d -> %d bytes after reading %d bytes of text; want it to fall by half of that at least", before, after, size)
	}
	if again := readAll(); again != size {
		t.Errorf("read %d bytes of text after release, %d before", again, size)
	}
}
