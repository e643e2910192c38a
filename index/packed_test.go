package index

import (
	"encoding/binary"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// smallChunks bounds packed chunks to n bytes until the test ends.
func smallChunks(t *testing.T, n int) {
	old := maxChunkBytes
	maxChunkBytes = n
	t.Cleanup(func() { maxChunkBytes = old })
}

// TestPackedCounts: counts written in many small transactions, with chunks of at most 4
// records (so that they split and empty out), read back as a map of the same deltas holds
// them, with the number of hashes held.
func TestPackedCounts(t *testing.T) {
	smallChunks(t, 4*countTable.recLen)
	ix, _ := newIndex(t, testConfig(t, 16))
	r := rand.New(rand.NewPCG(91, 92))
	model := map[uint64]int{}
	pool := []uint64{0, 1, math.MaxUint64, math.MaxUint64 - 1}
	for range 60 {
		pool = append(pool, r.Uint64())
	}
	for step := range 200 {
		deltas := map[uint64]int{}
		for range 1 + r.IntN(12) {
			h := pool[r.IntN(len(pool))]
			d := 1 + r.IntN(3)
			if model[h] > 0 && r.IntN(3) == 0 {
				d = -model[h] // a count that falls to 0 leaves its hash uncounted
			}
			deltas[h] = d
		}
		for h, d := range deltas {
			if model[h]+d <= 0 {
				delete(model, h)
			} else {
				model[h] += d
			}
		}
		if _, err := ix.Write(Batch{Stems: deltas}); err != nil {
			t.Fatalf("step %d: %v", step, err)
		}
		got, err := ix.StemCounts(pool)
		if err != nil {
			t.Fatal(err)
		}
		for i, h := range pool {
			if got[i] != model[h] {
				t.Fatalf("step %d: count of %x = %d, want %d", step, h, got[i], model[h])
			}
		}
		st, err := ix.Stats()
		if err != nil {
			t.Fatal(err)
		}
		if st.Stems != len(model) {
			t.Fatalf("step %d: Stats().Stems=%d, want %d", step, st.Stems, len(model))
		}
	}
	ix.db.View(func(tx *bolt.Tx) error {
		recs := packedRecords(t, tx, bucketStems, countTable) // checks order and chunk keys
		if len(recs) != len(model) {
			t.Errorf("%d records, want %d", len(recs), len(model))
		}
		chunks := tx.Bucket(bucketStems).Stats().KeyN
		if chunks < len(model)/4 {
			t.Errorf("%d chunks for %d records of at most 4 a chunk", chunks, len(model))
		}
		return nil
	})
}

// TestPackedExact: exact hashes shared by many passages (a run that spans chunks), added and
// removed with their documents, are found as a map of them says.
func TestPackedExact(t *testing.T) {
	smallChunks(t, 3*exactTable.recLen)
	ix, _ := newIndex(t, testConfig(t, 16))
	r := rand.New(rand.NewPCG(93, 94))
	hashes := []uint64{7, 8, 9, math.MaxUint64}
	model := map[uint64][]Key{}
	var live []DocID
	for step := range 80 {
		if len(live) > 0 && r.IntN(3) == 0 {
			id := live[r.IntN(len(live))]
			live = slices.DeleteFunc(live, func(x DocID) bool { return x == id })
			if err := ix.Delete(id); err != nil {
				t.Fatal(err)
			}
			for h, ks := range model {
				model[h] = slices.DeleteFunc(ks, func(k Key) bool { return k.Doc == id })
			}
		} else {
			d := Doc{Name: string(rune('a'+step%26)) + string(rune('0'+step/26)), Exact: hashes[r.IntN(len(hashes))]}
			for seq := range uint32(1 + r.IntN(5)) {
				d.Passages = append(d.Passages, Passage{Seq: seq + 1, Exact: hashes[r.IntN(len(hashes))]})
			}
			ids, err := ix.Add([]Doc{d})
			if err != nil {
				t.Fatal(err)
			}
			live = append(live, ids[0])
			model[d.Exact] = append(model[d.Exact], Key{Doc: ids[0]})
			for _, p := range d.Passages {
				model[p.Exact] = append(model[p.Exact], Key{Doc: ids[0], Seq: p.Seq})
			}
		}
		for _, h := range append(hashes, 10) {
			got, err := ix.Exact(h, nil)
			if err != nil {
				t.Fatal(err)
			}
			want := slices.Clone(model[h])
			slices.SortFunc(want, compareKeys)
			if !slices.Equal(got, want) {
				t.Fatalf("step %d: Exact(%d)=%v, want %v", step, h, got, want)
			}
		}
	}
	n := 0
	for _, ks := range maps.All(model) {
		n += len(ks)
	}
	ix.db.View(func(tx *bolt.Tx) error {
		if recs := packedRecords(t, tx, bucketExact, exactTable); len(recs) != n {
			t.Errorf("%d records, want %d", len(recs), n)
		}
		return nil
	})
}

// TestCountRecord pins a count record: the hash big-endian, then the count little-endian.
func TestCountRecord(t *testing.T) {
	got := countRecord(nil, 0x0102030405060708, 0x0a0b0c0d)
	want := []byte{1, 2, 3, 4, 5, 6, 7, 8, 0x0d, 0x0c, 0x0b, 0x0a}
	if !slices.Equal(got, want) {
		t.Errorf("countRecord=%x, want %x", got, want)
	}
	if binary.BigEndian.Uint64(got) != 0x0102030405060708 {
		t.Error("hash not big-endian")
	}
}
