package lsh

import (
	"encoding/binary"
	"math/bits"
	"runtime"
	"slices"
	"sync"

	"github.com/neardup/neardup/internal/spill"
	"github.com/neardup/neardup/internal/tally"
)

// Table is an in-memory banding index of signatures, for one-shot reports. It is not safe for
// concurrent use.
//
// Buckets are runs of a sorted array, not map entries: Add only appends band hashes, and the
// first Pairs sorts each band once (bands in parallel). On 213,000 chronam passages a map per
// band spent more time growing and probing than the rest of the report.
type Table struct {
	p      Params
	mem    *spill.Arena
	ids    []int32    // items in the order added
	hashes [][]uint64 // hashes[b][k]: item k's hash in band b; each dropped once sorted
	buf    []uint64   // one item's band hashes, on their way to hashes
	// Built by the first Pairs: members[b] holds the items sorted by their hash in band b
	// (then by id); runs[b][k] is pos<<32|end, item k's place in it and the end of its run;
	// starts[b] has bit i set where a run begins. Pairing item k starts at pos+1 with no
	// search, and finds where its run begins only when the run may be too big. Every array
	// is a band's: building reads and writes one band at a time, and pairing reads each
	// band's runs in order, so that only members are read at random.
	//
	// A member takes width bytes, little-endian: 3 while the ids fit, since the members
	// are what pairing maps at random, all of them between two releases (a gigabyte
	// corpus's rewrite tier: 289 MB of members in 3 bytes, where 4 took 385 MB).
	members [][]byte
	width   int
	runs    [][]uint64
	starts  [][]uint64
}

// NewTable returns an empty Table for p.
func NewTable(p Params) *Table {
	return &Table{p: p, hashes: make([][]uint64, p.Bands)}
}

// NewTableIn returns an empty Table for p whose arrays come from mem, sized by Grow: a
// table of millions of items takes a gigabyte.
func NewTableIn(p Params, mem *spill.Arena) *Table {
	return &Table{p: p, mem: mem, hashes: make([][]uint64, p.Bands)}
}

// Grow makes room for n more items, so that adding them does not copy what was added.
func (t *Table) Grow(n int) {
	for b, old := range t.hashes {
		hs := spill.Make[uint64](t.mem, len(old)+n)[:len(old)]
		copy(hs, old)
		spill.Free(t.mem, old)
		t.hashes[b] = hs
	}
	t.ids = slices.Grow(t.ids, n)
}

// Add indexes sig as item id. Ids must be non-negative and added in increasing order, and
// no item may be added after Pairs. Pairs keeps a slice as long as the largest id.
func (t *Table) Add(id int32, sig []uint32) {
	if n := len(t.ids); id < 0 || n > 0 && t.ids[n-1] >= id {
		panic("lsh: Table.Add ids must be non-negative and increasing")
	}
	if t.members != nil {
		panic("lsh: Table.Add after Pairs")
	}
	t.buf = AppendBandHashes(t.buf[:0], sig, t.p)
	for b, h := range t.buf {
		t.hashes[b] = append(t.hashes[b], h)
	}
	t.ids = append(t.ids, id)
}

// Build sorts every band's items by hash and records each item's run; Pairs does it when
// first called. Items cannot be added afterwards.
func (t *Table) Build() {
	if t.members != nil {
		return
	}
	bands, n := t.p.Bands, len(t.ids)
	t.members = make([][]byte, bands)
	t.width = 4
	if n == 0 || t.ids[n-1] < 1<<24 {
		t.width = 3
	}
	t.runs = make([][]uint64, bands)
	t.starts = make([][]uint64, bands)
	type entry struct {
		h uint64
		k int32
	}
	work := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), bands) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ent, tmp := spill.Make[entry](t.mem, n), spill.Make[entry](t.mem, n)
			defer spill.Free(t.mem, ent)
			defer spill.Free(t.mem, tmp)
			for b := range work {
				for k, h := range t.hashes[b] {
					ent[k] = entry{h, int32(k)}
				}
				spill.Free(t.mem, t.hashes[b])
				t.hashes[b] = nil
				// A radix sort on the hash, stable, so items of one hash stay in the
				// order they were added: ten times faster than comparing.
				for shift := 0; shift < 64 && n > 0; shift += 8 {
					var counts [257]int
					for _, e := range ent {
						counts[(e.h>>shift)&0xff+1]++
					}
					if counts[((ent[0].h>>shift)&0xff)+1] == n {
						continue // every entry has this byte: nothing moves
					}
					for i := 1; i < 257; i++ {
						counts[i] += counts[i-1]
					}
					for _, e := range ent {
						d := (e.h >> shift) & 0xff
						tmp[counts[d]] = e
						counts[d]++
					}
					ent, tmp = tmp, ent
				}
				// One byte more than the members, so that the last is read as 4 bytes too.
				ms := spill.Make[byte](t.mem, t.width*n+1)
				for i, e := range ent {
					binary.LittleEndian.PutUint32(ms[t.width*i:], uint32(t.ids[e.k]))
				}
				starts := spill.Make[uint64](t.mem, (n+63)/64)
				runs := spill.Make[uint64](t.mem, n)
				for s := 0; s < n; {
					e := s + 1
					for e < n && ent[e].h == ent[s].h {
						e++
					}
					starts[s>>6] |= 1 << (s & 63)
					for i := s; i < e; i++ {
						runs[ent[i].k] = uint64(i)<<32 | uint64(e)
					}
					s = e
				}
				t.members[b] = ms
				t.starts[b] = starts
				t.runs[b] = runs
			}
		}()
	}
	for b := range bands {
		work <- b
	}
	close(work)
	wg.Wait()
	t.hashes = nil
}

// Pairs calls fn once for every candidate pair a < b sharing at least minShared bands,
// ordered by a then b. A bucket of more than maxBucket items (thousands of copies of one
// passage, or a template) is not expanded into all its pairs: its lowest item is paired with
// each of the others, which keeps the work linear and still reaches every copy; tooBig, when
// not nil, is told of each such bucket once, in a slice valid during the call only.
//
// Asking for two shared bands instead of one keeps a loose banding (many bands of few rows,
// for a low threshold) from proposing most pairs of a large corpus: with b bands of r rows,
// sets of similarity s share Binomial(b, s^r) bands, and two or more is rare by chance.
func (t *Table) Pairs(maxBucket, minShared int, tooBig func(ids []int32), fn func(a, b int32)) {
	t.PairsRange(0, t.Len(), nil, maxBucket, minShared, tooBig, fn)
}

// Scratch is PairsRange's working memory: one per goroutine, reused from call to call, so
// that many small ranges do not each allocate it.
type Scratch struct {
	shared *tally.Tally // bands each candidate shares with the item being paired
	kept   []int32
	big    []int32 // a bucket too big, for tooBig
}

// runWithin reports whether the run holding position pos of band b begins at position floor
// or later, looking back no further.
func (t *Table) runWithin(b, pos, floor int) bool {
	starts := t.starts[b]
	w := pos >> 6
	word := starts[w] & (^uint64(0) >> (63 - pos&63)) // bits up to pos
	for word == 0 {
		if w--; w < 0 || w*64+63 < floor {
			return false
		}
		word = starts[w]
	}
	return w*64+63-bits.LeadingZeros64(word) >= floor
}

// Free gives the table's memory back to its arena; the table cannot be used afterwards.
func (t *Table) Free() {
	for _, hs := range t.hashes {
		spill.Free(t.mem, hs)
	}
	for b := range t.members {
		spill.Free(t.mem, t.members[b])
		spill.Free(t.mem, t.starts[b])
		spill.Free(t.mem, t.runs[b])
	}
	*t = Table{p: t.p}
}

// Len returns the number of items added.
func (t *Table) Len() int { return len(t.ids) }

// PairsRange is Pairs for the items added from-th to to-th (0-based, to excluded) as the
// first of each pair, with sc as working memory (nil: its own). Calls on disjoint ranges,
// each with its own Scratch, may run in parallel once Build was called; together they make
// the pairs of Pairs, range by range. tooBig is told of a bucket by the call whose range holds
// its first item.
func (t *Table) PairsRange(from, to int, sc *Scratch, maxBucket, minShared int, tooBig func(ids []int32), fn func(a, b int32)) {
	t.Build()
	if sc == nil {
		sc = &Scratch{}
	}
	n := 0
	if len(t.ids) > 0 {
		n = int(t.ids[len(t.ids)-1]) + 1
	}
	if sc.shared == nil || sc.shared.Len() < n || sc.shared.UpTo() != max(minShared, 1) {
		sc.shared = tally.New(n, minShared)
	}
	shared, kept := sc.shared, sc.kept[:0]
	w := t.width
	mask := uint32(1)<<(8*w) - 1 // a member's bytes of the 4 read
	defer func() { sc.kept = kept }()
	for k := from; k < to; k++ {
		a := t.ids[k]
		kept = kept[:0]
		for b, runs := range t.runs {
			r := runs[k]
			pos, end := int(r>>32), int(uint32(r))
			if pos+1 == end && t.starts[b][pos>>6]&(1<<(pos&63)) != 0 {
				continue // alone in its bucket
			}
			members := t.members[b]
			if !t.runWithin(b, pos, end-maxBucket) {
				// Too big: only its first item pairs, with every other one.
				if t.starts[b][pos>>6]&(1<<(pos&63)) == 0 {
					continue
				}
				if tooBig != nil {
					sc.big = sc.big[:0]
					for i := pos; i < end; i++ {
						sc.big = append(sc.big, int32(binary.LittleEndian.Uint32(members[w*i:])&mask))
					}
					tooBig(sc.big)
				}
			}
			// The run's members and the byte after them (see members).
			// Most candidates of a loose banding share one band only: they are counted,
			// not kept. A loop for each width, whose constant step spares the bounds checks.
			run := members[w*(pos+1) : w*end+1]
			if w == 3 {
				for ; len(run) >= 4; run = run[3:] {
					if c := int32(binary.LittleEndian.Uint32(run) & (1<<24 - 1)); shared.Add(c) {
						kept = append(kept, c)
					}
				}
			} else {
				for ; len(run) >= 4; run = run[4:] {
					if c := int32(binary.LittleEndian.Uint32(run)); shared.Add(c) {
						kept = append(kept, c)
					}
				}
			}
		}
		shared.Reset()
		slices.Sort(kept)
		for _, c := range kept {
			fn(a, c)
		}
	}
}
