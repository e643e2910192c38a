package index

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestPackedDifferential: packed.update and find, straight on a bbolt bucket, against a map,
// with chunk bounds of one to eight records (not always a multiple of one), batches of one
// to 250 updates, shared 8-byte prefixes and the largest key, and one reused key buffer as
// addCounts has. After each transaction: order, chunk keys, the bound, and find by prefix.
func TestPackedDifferential(t *testing.T) {
	for seed := uint64(0); seed < 40; seed++ {
		r := rand.New(rand.NewPCG(seed, 99))
		pt := packed{keyLen: 8, recLen: 12}
		if seed%2 == 1 {
			pt = packed{keyLen: 16, recLen: 16}
		}
		smallChunks(t, pt.recLen*(1+r.IntN(8))+r.IntN(pt.recLen))
		path := filepath.Join(t.TempDir(), "p.db")
		db, err := bolt.Open(path, 0o644, &bolt.Options{NoSync: true})
		if err != nil {
			t.Fatal(err)
		}
		model := map[string][]byte{} // key -> record
		name := []byte("b")
		db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket(name); return err })
		// Keys drawn from a small space, with shared 8-byte prefixes for exact.
		mk := func() []byte {
			k := make([]byte, pt.keyLen)
			binary.BigEndian.PutUint64(k, uint64(r.IntN(40))*0x0101010101010101)
			if r.IntN(10) == 0 {
				binary.BigEndian.PutUint64(k, ^uint64(0))
			}
			if pt.keyLen == 16 {
				binary.BigEndian.PutUint64(k[8:], uint64(r.IntN(30)))
			}
			return k
		}
		for step := 0; step < 150; step++ {
			nups := 1 + r.IntN(5)
			if r.IntN(10) == 0 {
				nups = 50 + r.IntN(200)
			}
			ups := map[string]int{} // key -> +1 insert/incr, -1 delete/decr
			for range nups {
				k := mk()
				if r.IntN(2) == 0 {
					ups[string(k)] = 1
				} else {
					ups[string(k)] = -1
				}
			}
			keys := make([]string, 0, len(ups))
			for k := range ups {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			var buf [16]byte
			err := db.Update(func(tx *bolt.Tx) error {
				b := tx.Bucket(name)
				_, err := pt.update(b, len(keys), func(i int) []byte {
					copy(buf[:], keys[i]) // one buffer reused, as addCounts does
					return buf[:pt.keyLen]
				}, func(dst, old []byte, i int) []byte {
					k := keys[i]
					if pt.recLen == 16 {
						if ups[k] > 0 {
							return append(dst, k...)
						}
						return dst
					}
					n := int64(ups[k])
					if old != nil {
						n += int64(binary.LittleEndian.Uint32(old[8:]))
					}
					if n <= 0 {
						return dst
					}
					return binary.LittleEndian.AppendUint32(append(dst, k...), uint32(n))
				})
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range keys {
				if pt.recLen == 16 {
					if ups[k] > 0 {
						model[k] = []byte(k)
					} else {
						delete(model, k)
					}
					continue
				}
				n := int64(ups[k])
				if m, ok := model[k]; ok {
					n += int64(binary.LittleEndian.Uint32(m[8:]))
				}
				if n <= 0 {
					delete(model, k)
				} else {
					model[k] = binary.LittleEndian.AppendUint32([]byte(k), uint32(n))
				}
			}
			db.View(func(tx *bolt.Tx) error {
				var recs [][]byte
				tx.Bucket(name).ForEach(func(k, v []byte) error {
					if len(v) == 0 || len(v)%pt.recLen != 0 || !bytes.Equal(k, v[len(v)-pt.recLen:][:pt.keyLen]) {
						t.Fatalf("seed %d step %d: chunk %x=%x", seed, step, k, v)
					}
					if len(v) > maxChunkBytes && len(v) > pt.recLen {
						t.Errorf("seed %d step %d: chunk of %d bytes > %d", seed, step, len(v), maxChunkBytes)
					}
					for ; len(v) > 0; v = v[pt.recLen:] {
						recs = append(recs, bytes.Clone(v[:pt.recLen]))
					}
					return nil
				})
				want := make([][]byte, 0, len(model))
				for _, v := range model {
					want = append(want, v)
				}
				slices.SortFunc(want, bytes.Compare)
				if !slices.EqualFunc(recs, want, bytes.Equal) {
					t.Fatalf("seed %d step %d (max %d): %d records, want %d", seed, step, maxChunkBytes, len(recs), len(want))
				}
				for p := range 41 {
					prefix := binary.BigEndian.AppendUint64(nil, uint64(p)*0x0101010101010101)
					if p == 40 {
						prefix = binary.BigEndian.AppendUint64(nil, ^uint64(0))
					}
					var got [][]byte
					if err := pt.find(tx.Bucket(name), prefix, func(rec []byte) error { got = append(got, bytes.Clone(rec)); return nil }); err != nil {
						t.Fatal(err)
					}
					var w [][]byte
					for _, rec := range want {
						if bytes.HasPrefix(rec, prefix) {
							w = append(w, rec)
						}
					}
					if !slices.EqualFunc(got, w, bytes.Equal) {
						t.Fatalf("seed %d step %d: find %x = %d recs, want %d", seed, step, prefix, len(got), len(w))
					}
				}
				return nil
			})
		}
		db.Close()
	}
}
