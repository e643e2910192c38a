package index

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/neardup/neardup/lsh"
)

func TestOpenCreatesAndReopens(t *testing.T) {
	cfg := testConfig(t, 16)
	ix, path := newIndex(t, cfg)
	if got := ix.Config(); !reflect.DeepEqual(got, cfg) {
		t.Errorf("Config()=%+v, want %+v", got, cfg)
	}
	st, err := ix.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if st.Docs != 0 || st.Passages != 0 || st.BandKeys != [numFamilies]int{} || st.Lines != 0 {
		t.Errorf("Stats of a new index = %+v, want zero counts", st)
	}
	if st.Bytes <= 0 {
		t.Errorf("Stats().Bytes=%d, want > 0", st.Bytes)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("Open did not create %s: %v", path, err)
	}
	ix2 := openIndex(t, path, cfg, nil)
	if got := ix2.Config(); !reflect.DeepEqual(got, cfg) {
		t.Errorf("reopened Config()=%+v, want %+v", got, cfg)
	}
	// The same parameters written with other white space are the same JSON.
	cfg3 := cfg
	cfg3.Params = json.RawMessage(" {\"k\": 5, \"seed\": 42, \"hash\": \"xxh3\"}\n")
	ix2.Close()
	openIndex(t, path, cfg3, nil).Close()
}

func TestOpenParamsMismatch(t *testing.T) {
	base := testConfig(t, 16)
	tests := []struct {
		name   string
		change func(c *Config)
	}{
		{"params", func(c *Config) { c.Params = json.RawMessage(`{"k":4,"seed":42,"hash":"xxh3"}`) }},
		{"params key order", func(c *Config) { c.Params = json.RawMessage(`{"seed":42,"k":5,"hash":"xxh3"}`) }},
		{"no params", func(c *Config) { c.Params = nil }},
		{"sig size", func(c *Config) { c.SigSize = 32 }},
		{"doc bands", func(c *Config) { c.Bands[Docs] = lsh.Params{Threshold: 0.5, Bands: 8, Rows: 2} }},
		{"near threshold", func(c *Config) { c.Bands[Near].Threshold = 0.6 }},
		{"rewrite rows", func(c *Config) { c.Bands[Rewrite] = lsh.Params{Threshold: 0.15, Bands: 7, Rows: 2} }},
	}
	ix, path := newIndex(t, base)
	ix.Close() // else the opens below are refused as in use
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := base
			tt.change(&cfg)
			for _, ro := range []bool{false, true} {
				ix, err := Open(path, cfg, &Options{ReadOnly: ro, Timeout: 2 * time.Second})
				if err == nil {
					ix.Close()
					t.Fatalf("Open(ReadOnly=%v) with changed %s: no error, want ErrParamsMismatch", ro, tt.name)
				}
				if !errors.Is(err, ErrParamsMismatch) {
					t.Fatalf("Open(ReadOnly=%v) with changed %s: %v, want ErrParamsMismatch", ro, tt.name, err)
				}
				stored, _ := json.Marshal(base)
				given, _ := json.Marshal(cfg)
				if msg := err.Error(); !strings.Contains(msg, string(stored)) || !strings.Contains(msg, string(given)) {
					t.Errorf("Open error %q does not show both configs:\n  stored %s\n  given  %s", msg, stored, given)
				}
			}
		})
	}
}

func TestOpenBadBanding(t *testing.T) {
	cfg := testConfig(t, 16)
	tests := []struct {
		name string
		p    lsh.Params
	}{
		{"too many rows", lsh.Params{Threshold: 0.5, Bands: 9, Rows: 2}},
		{"no bands", lsh.Params{Threshold: 0.5, Bands: 0, Rows: 2}},
		{"no rows", lsh.Params{Threshold: 0.5, Bands: 4, Rows: 0}},
	}
	for _, tt := range tests {
		for f := range numFamilies {
			c := cfg
			c.Bands[f] = tt.p
			path := filepath.Join(t.TempDir(), "ix")
			ix, err := Open(path, c, nil)
			if err == nil {
				ix.Close()
				t.Errorf("Open with %s banding %s: no error, want lsh.ErrBadParams", f, tt.name)
				continue
			}
			if !errors.Is(err, lsh.ErrBadParams) {
				t.Errorf("Open with %s banding %s: %v, want lsh.ErrBadParams", f, tt.name, err)
			}
			if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("Open with bad banding created %s (stat: %v)", path, err)
			}
		}
	}
}

func TestOpenBadParamsJSON(t *testing.T) {
	cfg := testConfig(t, 16)
	cfg.Params = json.RawMessage(`{"k":`)
	path := filepath.Join(t.TempDir(), "ix")
	ix, err := Open(path, cfg, nil)
	if err == nil {
		ix.Close()
		t.Fatalf("Open with params %s: no error", cfg.Params)
	}
	t.Run("no file left", func(t *testing.T) {
		if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("failed Open left %s behind (stat: %v)", path, err)
		}
	})
}

func TestOpenInUse(t *testing.T) {
	cfg := testConfig(t, 16)
	_, path := newIndex(t, cfg)
	// bbolt locks the file with flock(2), whose locks belong to an open file description: a
	// second open in the same process conflicts with the first just as another process would.
	for _, ro := range []bool{false, true} {
		t0 := time.Now()
		ix, err := Open(path, cfg, &Options{Timeout: 100 * time.Millisecond, ReadOnly: ro})
		took := time.Since(t0)
		if err == nil {
			ix.Close()
			t.Fatalf("second Open(ReadOnly=%v) of a file in use: no error, want ErrInUse", ro)
		}
		if !errors.Is(err, ErrInUse) {
			t.Errorf("second Open(ReadOnly=%v): %v, want ErrInUse", ro, err)
		}
		if took > time.Second {
			t.Errorf("second Open(ReadOnly=%v) took %v, want about 100ms", ro, took)
		}
	}
}

func TestOpenReadOnly(t *testing.T) {
	cfg := testConfig(t, 16)
	missing := filepath.Join(t.TempDir(), "missing.idx")
	if ix, err := Open(missing, cfg, &Options{ReadOnly: true}); err == nil {
		ix.Close()
		t.Fatalf("Open(ReadOnly) of a missing file: no error")
	} else if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Open(ReadOnly) of a missing file: %v, want os.ErrNotExist", err)
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Open(ReadOnly) created %s (stat: %v)", missing, err)
	}

	ix, path := newIndex(t, cfg)
	if _, err := ix.Add(synthDocs(rand.New(rand.NewPCG(1, 1)), "d", 2, 2, 16, true)); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	// Two readers share the file.
	r1 := openIndex(t, path, cfg, &Options{ReadOnly: true})
	r2 := openIndex(t, path, cfg, &Options{ReadOnly: true, Timeout: 100 * time.Millisecond})
	for i, r := range []*Index{r1, r2} {
		st, err := r.Stats()
		if err != nil || st.Docs != 2 || st.Passages != 4 {
			t.Errorf("reader %d: Stats()=%+v, %v, want 2 docs and 4 passages", i, st, err)
		}
	}
	if _, err := r1.Add(synthDocs(rand.New(rand.NewPCG(1, 2)), "e", 1, 1, 16, false)); err == nil {
		t.Errorf("Add on a read-only index: no error")
	}
	if err := r1.AddLineCounts(map[uint64]int{1: 1}); err == nil {
		t.Errorf("AddLineCounts on a read-only index: no error")
	}
}

func TestOpenFormat(t *testing.T) {
	cfg := testConfig(t, 16)
	tests := []struct {
		name  string
		spoil func(tx *bolt.Tx) error
	}{
		{"version 1 (before segments)", func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keyVersion, []byte{0, 0, 0, 1}) }},
		{"version 2 (before filters and counters)", func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keyVersion, []byte{0, 0, 0, 2}) }},
		{"version 3 (one MinHash round)", func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keyVersion, []byte{0, 0, 0, 3}) }},
		{"version 4 (XXH3 token hashes)", func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keyVersion, []byte{0, 0, 0, 4}) }},
		{"version 5 (a key per exact hash and count)", func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keyVersion, []byte{0, 0, 0, 5}) }},
		{"version 7", func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keyVersion, []byte{0, 0, 0, 7}) }},
		{"no blooms bucket", func(tx *bolt.Tx) error { return tx.DeleteBucket(bucketBlooms) }},
		{"short version", func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keyVersion, []byte{1}) }},
		{"no version", func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Delete(keyVersion) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "ix")
			ix, err := Open(path, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := ix.db.Update(tt.spoil); err != nil {
				t.Fatal(err)
			}
			ix.Close()
			t.Cleanup(func() { boltCheck(t, path) })
			for _, ro := range []bool{false, true} {
				ix, err := Open(path, cfg, &Options{ReadOnly: ro})
				if err == nil {
					ix.Close()
					t.Fatalf("Open(ReadOnly=%v) of a spoilt index: no error, want ErrFormat", ro)
				}
				if !errors.Is(err, ErrFormat) {
					t.Errorf("Open(ReadOnly=%v) of a spoilt index: %v, want ErrFormat", ro, err)
				}
			}
		})
	}
}

func TestOpenNotAnIndex(t *testing.T) {
	cfg := testConfig(t, 16)
	tests := []struct {
		name  string
		setup func(tx *bolt.Tx) error
	}{
		{"foreign bucket", func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("foo")); return err }},
		{"index without meta", func(tx *bolt.Tx) error {
			for _, n := range [][]byte{bucketDocs, bucketTexts, bucketNames} {
				if _, err := tx.CreateBucket(n); err != nil {
					return err
				}
			}
			return nil
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "other.db")
			db, err := bolt.Open(path, 0o644, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := db.Update(tt.setup); err != nil {
				t.Fatal(err)
			}
			db.Close()
			for _, ro := range []bool{true, false} {
				ix, err := Open(path, cfg, &Options{ReadOnly: ro})
				if err == nil {
					ix.Close()
					t.Errorf("Open(ReadOnly=%v) of a bbolt file that is not an index: no error, want ErrFormat", ro)
				} else if !errors.Is(err, ErrFormat) {
					t.Errorf("Open(ReadOnly=%v) of a bbolt file that is not an index: %v, want ErrFormat", ro, err)
				}
			}
		})
	}
}

// sampleDocs are hand-made documents covering nil and non-nil signatures of every kind.
func sampleDocs() []Doc {
	sig := func(seed uint32) []uint32 {
		s := make([]uint32, 16)
		for i := range s {
			s[i] = seed*1000 + uint32(i)
		}
		return s
	}
	return []Doc{
		{
			Name:  "seeds/000.txt",
			Text:  []byte("Belarus and Russia.\nA second paragraph here.\n- a list item\n| a | b |"),
			Exact: 0x1111,
			Sig:   sig(1),
			Passages: []Passage{
				{Seq: 1, Start: 0, End: 19, Kind: 0, Words: 3, Exact: 0x2222, Near: sig(2), Rewrite: sig(3)},
				{Seq: 2, Start: 20, End: 44, Kind: 0, Words: 4, Exact: 0x3333, Near: sig(4)},
				{Seq: 3, Start: 45, End: 58, Kind: 2, Words: 3, Near: sig(5)},
				{Seq: 4, Start: 59, End: 68, Kind: 3, Words: 2},
			},
		},
		{
			Name: "no signature, no passages: Лукашенко",
			Text: []byte("short"),
		},
		{
			Name:     "seeds/002.txt",
			Text:     []byte("x"),
			Exact:    0xffffffffffffffff,
			Sig:      sig(6),
			Passages: []Passage{{Seq: 1, Start: 0, End: 1, Words: 1, Exact: 1, Near: sig(7), Rewrite: sig(8)}},
		},
	}
}

func TestAddDocRoundTrip(t *testing.T) {
	ix, _ := newIndex(t, testConfig(t, 16))
	docs := sampleDocs()
	ids, err := ix.Add(docs)
	if err != nil {
		t.Fatal(err)
	}
	if want := []DocID{1, 2, 3}; !slices.Equal(ids, want) {
		t.Errorf("Add ids=%v, want %v", ids, want)
	}
	for i, want := range sampleDocs() {
		want.ID = ids[i]
		got, err := ix.Doc(ids[i])
		if err != nil {
			t.Fatalf("Doc(%d): %v", ids[i], err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Doc(%d)=\n  %+v\nwant\n  %+v", ids[i], got, want)
		}
		id, err := ix.Lookup(want.Name)
		if err != nil || id != ids[i] {
			t.Errorf("Lookup(%q)=%d, %v, want %d", want.Name, id, err, ids[i])
		}
	}
	// Nil signatures stay nil rather than becoming empty.
	d, _ := ix.Doc(1)
	if d.Passages[1].Rewrite != nil || d.Passages[3].Near != nil {
		t.Errorf("Doc(1): nil signatures came back non-nil: %+v", d.Passages)
	}
	if d2, _ := ix.Doc(2); d2.Sig != nil || d2.Passages != nil {
		t.Errorf("Doc(2): Sig=%v Passages=%v, want nil", d2.Sig, d2.Passages)
	}

	// Ids continue across batches.
	more, err := ix.Add(synthDocs(rand.New(rand.NewPCG(5, 5)), "more", 2, 1, 16, false))
	if err != nil {
		t.Fatal(err)
	}
	if want := []DocID{4, 5}; !slices.Equal(more, want) {
		t.Errorf("second Add ids=%v, want %v", more, want)
	}
	// Add keeps no reference to the caller's slices.
	docs[0].Sig[0]++
	docs[0].Text[0] = 'X'
	if got, _ := ix.Doc(1); got.Sig[0] != 1000 || got.Text[0] != 'B' {
		t.Errorf("Doc(1) changed with the caller's slices: Sig[0]=%d Text[0]=%q", got.Sig[0], got.Text[0])
	}
}

func TestAddEmpty(t *testing.T) {
	ix, _ := newIndex(t, testConfig(t, 16))
	ids, err := ix.Add(nil)
	if err != nil || len(ids) != 0 {
		t.Errorf("Add(nil)=%v, %v, want no ids and no error", ids, err)
	}
	if _, err := ix.Add([]Doc{{Name: ""}}); err == nil {
		t.Errorf("Add of a document with an empty name: no error")
	}
}

func TestLookupDocNotFound(t *testing.T) {
	ix, _ := newIndex(t, testConfig(t, 16))
	if _, err := ix.Add(sampleDocs()); err != nil {
		t.Fatal(err)
	}
	if id, err := ix.Lookup("nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Lookup(nope)=%d, %v, want ErrNotFound", id, err)
	}
	for _, id := range []DocID{0, 4, 1 << 40} {
		if _, err := ix.Doc(id); !errors.Is(err, ErrNotFound) {
			t.Errorf("Doc(%d): %v, want ErrNotFound", id, err)
		}
	}
}

func TestAddExistsRollsBack(t *testing.T) {
	ix, _ := newIndex(t, testConfig(t, 16))
	r := rand.New(rand.NewPCG(2, 2))
	if _, err := ix.Add(synthDocs(r, "a", 3, 2, 16, true)); err != nil {
		t.Fatal(err)
	}
	before, err := ix.Stats()
	if err != nil {
		t.Fatal(err)
	}
	fresh := synthDocs(r, "b", 2, 2, 16, true)
	tests := []struct {
		name  string
		batch []Doc
	}{
		{"indexed name last", append(slices.Clone(fresh), Doc{Name: "a-1", Sig: randSig(r, 16)})},
		{"indexed name first", append([]Doc{{Name: "a-0"}}, fresh...)},
		{"repeat within the batch", []Doc{fresh[0], fresh[1], fresh[0]}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ids, err := ix.Add(tt.batch)
			if !errors.Is(err, ErrExists) {
				t.Fatalf("Add: ids %v, err %v, want ErrExists", ids, err)
			}
			after, err := ix.Stats()
			if err != nil {
				t.Fatal(err)
			}
			before.Bytes, after.Bytes = 0, 0
			if after != before {
				t.Errorf("Stats after a failed Add = %+v, want %+v", after, before)
			}
			for _, d := range fresh {
				if _, err := ix.Lookup(d.Name); !errors.Is(err, ErrNotFound) {
					t.Errorf("Lookup(%q) after a failed Add: %v, want ErrNotFound", d.Name, err)
				}
			}
		})
	}
	// The failed batches took no ids.
	ids, err := ix.Add(fresh)
	if err != nil {
		t.Fatal(err)
	}
	if want := []DocID{4, 5}; !slices.Equal(ids, want) {
		t.Errorf("Add after failed batches: ids %v, want %v", ids, want)
	}
}

func TestStats(t *testing.T) {
	cfg := testConfig(t, 16)
	ix, _ := newIndex(t, cfg)
	docs := sampleDocs()
	if _, err := ix.Add(docs); err != nil {
		t.Fatal(err)
	}
	want := Stats{Segments: [numFamilies]int{1, 1, 1}} // one batch: one segment per family
	for _, d := range docs {
		want.Docs++
		if d.Sig != nil {
			want.BandKeys[Docs] += cfg.Bands[Docs].Bands
		}
		for _, p := range d.Passages {
			want.Passages++
			if p.Near != nil {
				want.BandKeys[Near] += cfg.Bands[Near].Bands
			}
			if p.Rewrite != nil {
				want.BandKeys[Rewrite] += cfg.Bands[Rewrite].Bands
			}
		}
	}
	got, err := ix.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if got.Bytes <= 0 {
		t.Errorf("Stats().Bytes=%d, want > 0", got.Bytes)
	}
	got.Bytes = 0
	if got != want {
		t.Errorf("Stats()=%+v, want %+v", got, want)
	}
	// 2 document sigs × 6 bands, 4 near × 6, 2 rewrite × 14, as a hand check of the loop.
	if want.BandKeys != [numFamilies]int{12, 24, 28} || want.Docs != 3 || want.Passages != 5 {
		t.Errorf("hand count %+v disagrees with the banding %v", want, cfg.Bands)
	}
}

// TestLayout pins the key layout of FORMAT.md on one document.
func TestLayout(t *testing.T) {
	cfg := testConfig(t, 16)
	ix, _ := newIndex(t, cfg)
	docs := sampleDocs()[:1]
	if _, err := ix.Add(docs); err != nil {
		t.Fatal(err)
	}
	d := docs[0]
	be64 := func(v uint64) []byte { return binary.BigEndian.AppendUint64(nil, v) }
	pkey := func(doc uint64, seq uint32) []byte { return binary.BigEndian.AppendUint32(be64(doc), seq) }
	err := ix.db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if v := meta.Get([]byte("version")); !bytes.Equal(v, []byte{0, 0, 0, 6}) {
			t.Errorf("meta/version=%x, want 00000006", v)
		}
		wantCfg := `{"params":{"k":5,"seed":42,"hash":"xxh3"},"sig_size":16,"bands":[` +
			`{"Threshold":0.5,"Bands":6,"Rows":2},{"Threshold":0.5,"Bands":6,"Rows":2},{"Threshold":0.15,"Bands":14,"Rows":1}]}`
		if v := meta.Get([]byte("config")); string(v) != wantCfg {
			t.Errorf("meta/config=%s, want %s", v, wantCfg)
		}
		if v := tx.Bucket([]byte("names")).Get([]byte(d.Name)); !bytes.Equal(v, be64(1)) {
			t.Errorf("names/%s=%x, want %x", d.Name, v, be64(1))
		}
		if v := tx.Bucket([]byte("texts")).Get(be64(1)); !bytes.Equal(v, d.Text) {
			t.Errorf("texts/1=%q, want %q", v, d.Text)
		}
		if v := tx.Bucket([]byte("docs")).Get(be64(1)); !bytes.Equal(v, appendDoc(nil, &d)) {
			t.Errorf("docs/1=%x, want %x", v, appendDoc(nil, &d))
		}
		for _, p := range d.Passages {
			if v := tx.Bucket([]byte("passages")).Get(pkey(1, p.Seq)); !bytes.Equal(v, appendPassage(nil, &p)) {
				t.Errorf("passages/1/%d=%x, want %x", p.Seq, v, appendPassage(nil, &p))
			}
		}
		// exact: packed records of hash (uint64) ‖ doc (uint32) ‖ passage (uint32; 0 for the
		// document), big-endian, a chunk under its last record; a zero hash is not indexed.
		rec := func(h uint64, doc, seq uint32) []byte {
			return binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(be64(h), doc), seq)
		}
		wantExact := [][]byte{rec(d.Exact, 1, 0)}
		for _, p := range d.Passages {
			if p.Exact != 0 {
				wantExact = append(wantExact, rec(p.Exact, 1, p.Seq))
			}
		}
		slices.SortFunc(wantExact, bytes.Compare)
		if got := packedRecords(t, tx, bucketExact, exactTable); !reflect.DeepEqual(got, wantExact) {
			t.Errorf("exact records=%x, want %x", got, wantExact)
		}
		if got, want := bucketKeys(tx, "exact"), wantExact[len(wantExact)-1:]; !reflect.DeepEqual(got, want) {
			t.Errorf("exact keys=%x, want %x (one chunk, under its last record)", got, want)
		}
		// seg.<family>/<segment id>: band (uint16) ‖ last hash of the chunk (uint32) →
		// entries (hash top 32 bits, doc, passage; uint32 little-endian each), sorted.
		// One batch writes segment 1 (doc), 2 (near), 3 (rewrite), at level 0.
		fams := []struct {
			f    Family
			seg  uint32
			sigs map[uint32][]uint32
		}{
			{Docs, 1, map[uint32][]uint32{0: d.Sig}},
			{Near, 2, map[uint32][]uint32{1: d.Passages[0].Near, 2: d.Passages[1].Near, 3: d.Passages[2].Near}},
			{Rewrite, 3, map[uint32][]uint32{1: d.Passages[0].Rewrite}},
		}
		for _, fam := range fams {
			byBand := map[int][]entry{}
			total := 0
			for seq, sig := range fam.sigs {
				for b, h := range lsh.AppendBandHashes(nil, sig, cfg.Bands[fam.f]) {
					byBand[b] = append(byBand[b], entry{h: uint32(h >> 32), doc: 1, seq: seq})
					total++
				}
			}
			want := map[string]string{}
			for b, es := range byBand {
				slices.SortFunc(es, compareEntries)
				k := binary.BigEndian.AppendUint16(nil, uint16(b))
				k = binary.BigEndian.AppendUint32(k, es[len(es)-1].h)
				var v []byte
				for _, e := range es {
					v = binary.LittleEndian.AppendUint32(v, e.h)
					v = binary.LittleEndian.AppendUint32(v, e.doc)
					v = binary.LittleEndian.AppendUint32(v, e.seq)
				}
				want[string(k)] = string(v)
			}
			root := tx.Bucket([]byte("seg." + fam.f.String()))
			seg := root.Bucket(binary.BigEndian.AppendUint32(nil, fam.seg))
			if seg == nil {
				t.Fatalf("seg.%s/%d missing", fam.f, fam.seg)
			}
			got := map[string]string{}
			seg.ForEach(func(k, v []byte) error {
				got[string(k)] = string(v)
				return nil
			})
			if !reflect.DeepEqual(got, want) {
				t.Errorf("seg.%s/%d=%x, want %x", fam.f, fam.seg, got, want)
			}
			meta := tx.Bucket([]byte("segments")).Get(append([]byte{byte(fam.f)}, binary.BigEndian.AppendUint32(nil, fam.seg)...))
			if wantMeta := append(binary.AppendUvarint(nil, uint64(total)), 0); !bytes.Equal(meta, wantMeta) {
				t.Errorf("segments/%d/%d=%x, want %x", fam.f, fam.seg, meta, wantMeta)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// packedRecords returns the records of packed bucket name, in order, checking that each
// chunk is stored under its last record's key and that keys increase.
func packedRecords(t testing.TB, tx *bolt.Tx, name []byte, pt packed) [][]byte {
	t.Helper()
	var recs [][]byte
	tx.Bucket(name).ForEach(func(k, v []byte) error {
		if len(v) == 0 || len(v)%pt.recLen != 0 || !bytes.Equal(k, v[len(v)-pt.recLen:][:pt.keyLen]) {
			t.Errorf("%s: chunk %x=%x: not records under the last one's key", name, k, v)
		}
		for len(v) >= pt.recLen {
			rec := bytes.Clone(v[:pt.recLen])
			if n := len(recs); n > 0 && bytes.Compare(recs[n-1][:pt.keyLen], rec[:pt.keyLen]) >= 0 {
				t.Errorf("%s: key %x after %x", name, rec[:pt.keyLen], recs[n-1][:pt.keyLen])
			}
			recs = append(recs, rec)
			v = v[pt.recLen:]
		}
		return nil
	})
	return recs
}

func bucketKeys(tx *bolt.Tx, name string) [][]byte {
	var ks [][]byte
	tx.Bucket([]byte(name)).ForEach(func(k, _ []byte) error {
		ks = append(ks, bytes.Clone(k))
		return nil
	})
	return ks
}

func TestCandidates(t *testing.T) {
	cfg := testConfig(t, 16)
	ix, _ := newIndex(t, cfg)
	r := rand.New(rand.NewPCG(7, 7))
	docs := synthDocs(r, "c", 20, 3, 16, true)
	// Three passages of three documents share one near signature; each matches in every band.
	shared := randSig(r, 16)
	docs[4].Passages[2].Near = shared
	docs[9].Passages[0].Near = shared
	docs[9].Passages[1].Near = slices.Clone(shared)
	if _, err := ix.Add(docs); err != nil {
		t.Fatal(err)
	}
	target := docs[12].Passages[1].Near
	rows, bands := cfg.Bands[Near].Rows, cfg.Bands[Near].Bands
	oneBand := slices.Clone(target) // shares band 0 only
	for b := 1; b < bands; b++ {
		oneBand[b*rows] ^= 0x5a5a5a5a
	}
	lastBand := slices.Clone(target) // shares the last band only
	for b := 0; b < bands-1; b++ {
		lastBand[b*rows+1]++
	}
	outside := slices.Clone(target) // differs only past the banded values
	for i := bands * rows; i < len(outside); i++ {
		outside[i]++
	}
	disjoint := make([]uint32, 16)
	for i := range disjoint {
		disjoint[i] = target[i] + 1
	}
	tests := []struct {
		name string
		f    Family
		sig  []uint32
		want []Key
	}{
		{"identical near", Near, target, []Key{{13, 2}}},
		{"one band", Near, oneBand, []Key{{13, 2}}},
		{"last band", Near, lastBand, []Key{{13, 2}}},
		{"unbanded values differ", Near, outside, []Key{{13, 2}}},
		{"disjoint", Near, disjoint, nil},
		{"shared sorted unique", Near, shared, []Key{{5, 3}, {10, 1}, {10, 2}}},
		{"near sig is not a rewrite sig", Rewrite, target, nil},
		{"rewrite", Rewrite, docs[3].Passages[0].Rewrite, []Key{{4, 1}}},
		{"document", Docs, docs[17].Sig, []Key{{18, 0}}},
		{"document sig is not a near sig", Near, docs[17].Sig, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ix.Candidates(tt.f, tt.sig, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Candidates(%v, %s)=%v, want %v", tt.f, tt.name, got, tt.want)
			}
			// Appending to dst keeps what it held, in place.
			pre := []Key{{99, 9}, {1, 1}}
			got2, err := ix.Candidates(tt.f, tt.sig, slices.Clone(pre))
			if err != nil {
				t.Fatal(err)
			}
			if want := append(slices.Clone(pre), tt.want...); !slices.Equal(got2, want) {
				t.Errorf("Candidates(%v, %s, dst)=%v, want %v", tt.f, tt.name, got2, want)
			}
		})
	}
	// Every indexed near signature finds its own passage.
	for _, d := range docs {
		id, _ := ix.Lookup(d.Name)
		for _, p := range d.Passages {
			got, err := ix.Candidates(Near, p.Near, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Contains(got, Key{id, p.Seq}) {
				t.Errorf("Candidates(near sig of %d/%d)=%v, missing itself", id, p.Seq, got)
			}
			if !slices.IsSortedFunc(got, compareKeys) || len(slices.Compact(slices.Clone(got))) != len(got) {
				t.Errorf("Candidates=%v, not sorted and unique", got)
			}
		}
	}
}

func TestShortSignature(t *testing.T) {
	cfg := testConfig(t, 16)
	ix, _ := newIndex(t, cfg)
	short := make([]uint32, 4)
	call := func(name string, fn func() error) {
		t.Helper()
		defer func() {
			if r := recover(); r != nil {
				t.Errorf("%s with a signature of 4 values panicked: %v", name, r)
			}
		}()
		if err := fn(); err == nil {
			t.Errorf("%s with a signature of 4 values: no error", name)
		}
	}
	call("Add(doc sig)", func() error { _, err := ix.Add([]Doc{{Name: "a", Sig: short}}); return err })
	call("Add(near sig)", func() error {
		_, err := ix.Add([]Doc{{Name: "b", Passages: []Passage{{Seq: 1, Near: short}}}})
		return err
	})
	call("Candidates", func() error { _, err := ix.Candidates(Near, short, nil); return err })
}

func TestAddLineCounts(t *testing.T) {
	ix, path := newIndex(t, testConfig(t, 16))
	counts := func() map[uint64]uint64 {
		m := map[uint64]uint64{}
		err := ix.db.View(func(tx *bolt.Tx) error {
			for _, rec := range packedRecords(t, tx, bucketLines, countTable) {
				m[binary.BigEndian.Uint64(rec)] = uint64(binary.LittleEndian.Uint32(rec[8:]))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	steps := []struct {
		add       map[uint64]int
		wantN     int
		wantCount map[uint64]uint64
	}{
		{map[uint64]int{1: 2, 0xffffffffffffffff: 1, 300: 200}, 3, map[uint64]uint64{1: 2, 0xffffffffffffffff: 1, 300: 200}},
		{map[uint64]int{1: 3, 7: 1}, 4, map[uint64]uint64{1: 5, 0xffffffffffffffff: 1, 300: 200, 7: 1}},
		{nil, 4, map[uint64]uint64{1: 5, 0xffffffffffffffff: 1, 300: 200, 7: 1}},
		{map[uint64]int{300: 1}, 4, map[uint64]uint64{1: 5, 0xffffffffffffffff: 1, 300: 201, 7: 1}},
	}
	for i, s := range steps {
		if err := ix.AddLineCounts(s.add); err != nil {
			t.Fatalf("step %d: AddLineCounts: %v", i, err)
		}
		st, err := ix.Stats()
		if err != nil {
			t.Fatal(err)
		}
		if st.Lines != s.wantN {
			t.Errorf("step %d: Stats().Lines=%d, want %d", i, st.Lines, s.wantN)
		}
		if got := counts(); !reflect.DeepEqual(got, s.wantCount) {
			t.Errorf("step %d: counts=%v, want %v", i, got, s.wantCount)
		}
	}
	// Counts survive a reopen.
	cfg := ix.Config()
	ix.Close()
	ix = openIndex(t, path, cfg, nil)
	if got := counts(); got[1] != 5 || got[300] != 201 {
		t.Errorf("after reopen: counts=%v, want 1→5 and 300→201", got)
	}
}

func TestConcurrent(t *testing.T) {
	cfg := testConfig(t, 16)
	ix, _ := newIndex(t, cfg)
	const writers, batches, perBatch = 4, 5, 3
	var wg sync.WaitGroup
	errs := make(chan error, writers*batches*2)
	ids := make(chan DocID, writers*batches*perBatch)
	for w := range writers {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(w), 9))
			for b := range batches {
				got, err := ix.Add(synthDocs(r, fmt.Sprintf("w%d-b%d", w, b), perBatch, 2, 16, true))
				if err != nil {
					errs <- err
					return
				}
				for _, id := range got {
					ids <- id
				}
				if _, err := ix.Candidates(Near, randSig(r, 16), nil); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	close(ids)
	for err := range errs {
		t.Error(err)
	}
	var all []DocID
	for id := range ids {
		all = append(all, id)
	}
	slices.Sort(all)
	for i, id := range all {
		if id != DocID(i+1) {
			t.Fatalf("ids %v, want 1..%d each once", all, writers*batches*perBatch)
		}
	}
	st, _ := ix.Stats()
	if st.Docs != writers*batches*perBatch || st.Passages != 2*st.Docs {
		t.Errorf("Stats()=%+v, want %d docs, %d passages", st, writers*batches*perBatch, 2*writers*batches*perBatch)
	}
}

// TestDeleteRemovesEveryKey: after Delete, the index holds exactly what it held before the
// document was added, key for key, and the name can be added again.
func TestDeleteRemovesEveryKey(t *testing.T) {
	cfg := testConfig(t, 16)
	ix, _ := newIndex(t, cfg)
	r := rand.New(rand.NewPCG(11, 12))
	if _, err := ix.Add(synthDocs(r, "keep", 3, 4, 16, true)); err != nil {
		t.Fatal(err)
	}
	before := dumpIndex(t, ix)
	docs := synthDocs(r, "gone", 2, 5, 16, true)
	docs[0].Passages[0].Exact = 42
	docs[1].Passages[1].Exact = 42
	ids, err := ix.Add(docs)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := ix.Exact(42, nil); err != nil || len(got) != 2 {
		t.Fatalf("Exact(42)=%v, %v; want 2 keys", got, err)
	}
	if err := ix.Delete(ids...); err != nil {
		t.Fatal(err)
	}
	if after := dumpIndex(t, ix); !reflect.DeepEqual(before, after) {
		t.Errorf("after Delete the index differs from before Add:\nbefore %d keys\nafter  %d keys", len(before), len(after))
	}
	// No query finds the deleted documents any more.
	for _, d := range docs {
		for _, p := range d.Passages {
			keys, err := ix.Candidates(Near, p.Near, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range keys {
				if k.Doc == ids[0] || k.Doc == ids[1] {
					t.Errorf("Candidates after Delete finds deleted document %d", k.Doc)
				}
			}
		}
	}
	if err := ix.Delete(ids[0]); !errors.Is(err, ErrNotFound) {
		t.Errorf("second Delete=%v, want ErrNotFound", err)
	}
	if _, err := ix.Add(docs[:1]); err != nil {
		t.Errorf("re-adding a deleted name: %v", err)
	}
}

// TestCounts: line and stem counts add up, and a count that reaches zero disappears.
func TestCounts(t *testing.T) {
	ix, _ := newIndex(t, testConfig(t, 16))
	steps := []Batch{
		{Lines: map[uint64]int{1: 2, 2: 1}, Stems: map[uint64]int{7: 3}},
		{Lines: map[uint64]int{1: 1, 2: -1}, Stems: map[uint64]int{7: -1, 8: 1}},
	}
	for _, b := range steps {
		if _, err := ix.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := ix.LineCounts([]uint64{1, 2, 3}); err != nil || !reflect.DeepEqual(got, []int{3, 0, 0}) {
		t.Errorf("LineCounts=%v, %v; want [3 0 0]", got, err)
	}
	if got, err := ix.StemCounts([]uint64{7, 8}); err != nil || !reflect.DeepEqual(got, []int{2, 1}) {
		t.Errorf("StemCounts=%v, %v; want [2 1]", got, err)
	}
	st, err := ix.Stats()
	if err != nil || st.Lines != 1 || st.Stems != 2 {
		t.Errorf("Stats lines %d stems %d (%v), want 1 and 2", st.Lines, st.Stems, err)
	}
}

// dumpIndex returns every key and value of every bucket but meta.
func dumpIndex(t *testing.T, ix *Index) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := ix.db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			// meta counts documents; band entries are hidden by tombstones until merged.
			if n := string(name); n == "meta" || n == "segments" || n == "blooms" || n == "deleted" || strings.HasPrefix(n, "seg.") {
				return nil
			}
			return b.ForEach(func(k, v []byte) error {
				out[string(name)+"/"+string(k)] = string(v)
				return nil
			})
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestReadConfig(t *testing.T) {
	cfg := testConfig(t, 16)
	ix, path := newIndex(t, cfg)
	ix.Close()
	got, err := ReadConfig(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(cfg)
	if have, _ := json.Marshal(got); !bytes.Equal(have, want) {
		t.Errorf("ReadConfig=%s, want %s", have, want)
	}
	if _, err := ReadConfig(filepath.Join(t.TempDir(), "none.db"), nil); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ReadConfig of a missing file: %v, want fs.ErrNotExist", err)
	}
}

// TestCompaction: many small writes are merged level by level, a merge drops the entries of
// deleted documents, and every query answers as before.
func TestCompaction(t *testing.T) {
	cfg := testConfig(t, 16)
	ix, _ := newIndex(t, cfg)
	r := rand.New(rand.NewPCG(13, 14))
	var all []Doc
	for i := range 70 {
		docs := synthDocs(r, fmt.Sprintf("w%d", i), 1, 2, 16, true)
		if _, err := ix.Add(docs); err != nil {
			t.Fatal(err)
		}
		all = append(all, docs...)
	}
	st, err := ix.Stats()
	if err != nil {
		t.Fatal(err)
	}
	// 70 writes: 1 segment of level 2 (64), none of level 1, 6 of level 0.
	if st.Segments[Near] != 7 {
		t.Errorf("after 70 writes %d near segments, want 7", st.Segments[Near])
	}
	if want := 70 * 2 * cfg.Bands[Near].Bands; st.BandKeys[Near] != want {
		t.Errorf("near entries %d, want %d", st.BandKeys[Near], want)
	}
	for i, d := range all {
		for _, p := range d.Passages {
			keys, err := ix.Candidates(Near, p.Near, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Contains(keys, Key{Doc: DocID(i + 1), Seq: p.Seq}) {
				t.Fatalf("doc %d passage %d not found by its own signature after merges", i+1, p.Seq)
			}
		}
	}
	// Delete 10 documents, then write until a merge covers their segments.
	for id := DocID(1); id <= 10; id++ {
		if err := ix.Delete(id); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 2 {
		if _, err := ix.Add(synthDocs(r, fmt.Sprintf("x%d", i), 1, 2, 16, true)); err != nil {
			t.Fatal(err)
		}
	}
	// 72 writes: 8 level-0 segments merged into a second level-1 one: the first 64 writes'
	// entries are still in the level-2 segment, so the deleted ones are hidden, not dropped.
	for _, d := range all[:10] {
		keys, err := ix.Candidates(Near, d.Passages[0].Near, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range keys {
			if k.Doc <= 10 {
				t.Errorf("deleted document %d found", k.Doc)
			}
		}
	}
	if err := ix.Check(); err != nil {
		t.Error(err)
	}
}

// TestChunks: with chunks of four entries, runs of equal hashes longer than a chunk and
// lookups across chunk boundaries still find every item, and merges keep them.
func TestChunks(t *testing.T) {
	defer func(n int) { chunkEntries = n }(chunkEntries)
	chunkEntries = 4
	cfg := testConfig(t, 16)
	ix, _ := newIndex(t, cfg)
	r := rand.New(rand.NewPCG(41, 42))
	shared := synthDocs(r, "s", 1, 1, 16, false)[0].Passages[0].Near
	var want []Key
	for i := range 20 { // 20 writes: two merges of level 0
		docs := synthDocs(r, fmt.Sprintf("c%d", i), 3, 2, 16, false)
		docs[0].Passages[0].Near = shared // a run of 20 equal hashes in every band
		ids, err := ix.Add(docs)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, Key{Doc: ids[0], Seq: docs[0].Passages[0].Seq})
		for j, d := range docs {
			for _, p := range d.Passages {
				keys, err := ix.Candidates(Near, p.Near, nil)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Contains(keys, Key{Doc: ids[j], Seq: p.Seq}) {
					t.Fatalf("write %d: doc %d passage %d not found by its own signature", i, ids[j], p.Seq)
				}
			}
		}
	}
	keys, err := ix.Candidates(Near, shared, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range want {
		if !slices.Contains(keys, k) {
			t.Errorf("the shared signature misses %v; found %v", k, keys)
		}
	}
	// A merge drops the entries of documents deleted before it: the first two writes sit in
	// the first level-1 segment; 44 more writes make eight level-1 segments, which merge.
	if err := ix.Delete(want[0].Doc, want[1].Doc); err != nil {
		t.Fatal(err)
	}
	for i := range 44 {
		if _, err := ix.Add(synthDocs(r, fmt.Sprintf("e%d", i), 1, 1, 16, false)); err != nil {
			t.Fatal(err)
		}
	}
	st, err := ix.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if want := st.Passages * cfg.Bands[Near].Bands; st.BandKeys[Near] != want {
		t.Errorf("after the merge %d near entries for %d live passages, want %d: deleted entries kept", st.BandKeys[Near], st.Passages, want)
	}
}

// TestMaxRun: in the rewrite family, a band value shared by more items than MaxRun proposes
// none of them, while the other bands still find what they share; the near family, whose
// bands are whole runs of text, is not capped.
func TestMaxRun(t *testing.T) {
	defer func(n int) { MaxRun = n }(MaxRun)
	MaxRun = 2
	cfg := testConfig(t, 16)
	ix, _ := newIndex(t, cfg)
	r := rand.New(rand.NewPCG(51, 52))
	docs := synthDocs(r, "m", 3, 1, 16, true)
	for _, fam := range []Family{Near, Rewrite} {
		rows := cfg.Bands[fam].Rows
		sig := func(d Doc) []uint32 {
			if fam == Near {
				return d.Passages[0].Near
			}
			return d.Passages[0].Rewrite
		}
		common := slices.Clone(sig(docs[0]))
		for _, d := range docs[1:] { // all three share the first band
			copy(sig(d)[:rows], common)
		}
	}
	docs[2].Passages[0].Rewrite = slices.Clone(docs[1].Passages[0].Rewrite) // 1 and 2 share every band
	ids, err := ix.Add(docs)
	if err != nil {
		t.Fatal(err)
	}
	self := Key{Doc: ids[0], Seq: docs[0].Passages[0].Seq}
	keys, err := ix.Candidates(Rewrite, docs[0].Passages[0].Rewrite, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(keys, []Key{self}) {
		t.Errorf("rewrite candidates through an over-common band: %v, want only itself %v", keys, self)
	}
	keys, err = ix.Candidates(Rewrite, docs[1].Passages[0].Rewrite, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(keys, Key{Doc: ids[2], Seq: docs[2].Passages[0].Seq}) {
		t.Errorf("rewrite candidates %v lack the document sharing the other bands", keys)
	}
	keys, err = ix.Candidates(Near, docs[0].Passages[0].Near, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 3 {
		t.Errorf("near candidates through a band shared by three: %v, want all three", keys)
	}
}

// TestCounters: the counters Stats reads agree with the buckets after adds, count changes and
// deletes.
func TestCounters(t *testing.T) {
	ix, _ := newIndex(t, testConfig(t, 16))
	r := rand.New(rand.NewPCG(81, 82))
	ids, err := ix.Write(Batch{Docs: synthDocs(r, "k", 5, 3, 16, true), Lines: map[uint64]int{1: 2, 2: 1}, Stems: map[uint64]int{9: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Write(Batch{Delete: ids[:2], Lines: map[uint64]int{2: -1, 3: 1}, Stems: map[uint64]int{9: -1}}); err != nil {
		t.Fatal(err)
	}
	st, err := ix.Stats()
	if err != nil {
		t.Fatal(err)
	}
	ix.db.View(func(tx *bolt.Tx) error {
		walked := [4]int{
			tx.Bucket(bucketDocs).Stats().KeyN, tx.Bucket(bucketPassages).Stats().KeyN,
			len(packedRecords(t, tx, bucketLines, countTable)), len(packedRecords(t, tx, bucketStems, countTable)),
		}
		if got := [4]int{st.Docs, st.Passages, st.Lines, st.Stems}; got != walked {
			t.Errorf("counters docs, passages, lines, stems = %v; the buckets hold %v", got, walked)
		}
		return nil
	})
	if st.Docs != 3 || st.Passages != 9 || st.Lines != 2 || st.Stems != 0 {
		t.Errorf("Stats %+v, want 3 docs, 9 passages, 2 lines, 0 stems", st)
	}
}

// TestCandidatesRanked: a bounded query keeps the candidates sharing the most bands, ties
// going to the earlier key, and returns them in key order; deleted documents and those the
// caller skips are left out before the bound, so that they take no place.
func TestCandidatesRanked(t *testing.T) {
	cfg := testConfig(t, 16)
	ix, _ := newIndex(t, cfg)
	r := rand.New(rand.NewPCG(61, 62))
	rows, bands := cfg.Bands[Rewrite].Rows, cfg.Bands[Rewrite].Bands
	shared := []int{2, 4, 2, 3, 1, 5, 5} // bands each document shares with the query
	if bands < 5 {
		t.Fatalf("rewrite banding %+v has too few bands for the test", cfg.Bands[Rewrite])
	}
	query := randSig(r, 16)
	docs := synthDocs(r, "rk", len(shared), 1, 16, true)
	for i, n := range shared {
		copy(docs[i].Passages[0].Rewrite[:n*rows], query[:n*rows])
	}
	ids, err := ix.Add(docs)
	if err != nil {
		t.Fatal(err)
	}
	// The two sharing the most: one deleted, one skipped by the caller.
	if err := ix.Delete(ids[5]); err != nil {
		t.Fatal(err)
	}
	key := func(i int) Key { return Key{Doc: ids[i], Seq: 1} }
	skip := func(k Key) bool { return k == key(6) }
	for _, tt := range []struct {
		limit int
		want  []Key
	}{
		{0, []Key{key(0), key(1), key(2), key(3)}},
		{3, []Key{key(0), key(1), key(3)}},
		{2, []Key{key(1), key(3)}},
		{1, []Key{key(1)}},
	} {
		var got []Key
		err := ix.View(func(rd *Reader) error {
			got, err = rd.CandidatesRanked(Rewrite, query, 2, tt.limit, skip, nil)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("limit %d: %v, want %v", tt.limit, got, tt.want)
		}
	}
}

// TestBloomGone: a filter read after its segment was merged away, by a reader on an older
// transaction, is not cached again.
func TestBloomGone(t *testing.T) {
	cfg := testConfig(t, 16)
	ix, _ := newIndex(t, cfg)
	r := rand.New(rand.NewPCG(63, 64))
	if _, err := ix.Add(synthDocs(r, "bg", 3, 1, 16, true)); err != nil {
		t.Fatal(err)
	}
	var segs []segInfo
	ix.db.View(func(tx *bolt.Tx) error { segs, _ = segments(tx, Near); return nil })
	if len(segs) != 1 {
		t.Fatalf("%d near segments, want 1", len(segs))
	}
	// As a merge that committed after an older reader began would leave things.
	ix.blooms.evict(Near, []uint32{segs[0].id})
	if err := ix.View(func(rd *Reader) error { _, err := rd.segmentCursors(Near); return err }); err != nil {
		t.Fatal(err)
	}
	if _, ok := ix.blooms.m[string(segKey(Near, segs[0].id))]; ok {
		t.Error("the filter of a segment merged away was cached again")
	}
}

// TestCount: counting keys in the hash table agrees with sorting them, at sizes on both
// sides of the switch between the two.
func TestCount(t *testing.T) {
	r := rand.New(rand.NewPCG(91, 92))
	for _, n := range []int{0, 10, 63, 64, 500, 5000} {
		for _, minShared := range []int{1, 2, 3} {
			raw := make([]uint64, n)
			for i := range raw {
				raw[i] = uint64(1+r.IntN(50))<<32 | uint64(r.IntN(n/8+1))
			}
			want := map[uint64]int{}
			for _, k := range raw {
				want[k]++
			}
			var rd Reader
			got := rd.count(slices.Clone(raw), minShared)
			if !slices.IsSortedFunc(got, func(a, b rankedKey) int { return cmpU64(a.packed, b.packed) }) {
				t.Errorf("n %d: keys out of order", n)
			}
			seen := 0
			for _, k := range got {
				if want[k.packed] != k.shared || k.shared < minShared {
					t.Errorf("n %d min %d: key %x counted %d, want %d", n, minShared, k.packed, k.shared, want[k.packed])
				}
				seen++
			}
			kept := 0
			for _, c := range want {
				if c >= minShared {
					kept++
				}
			}
			if seen != kept {
				t.Errorf("n %d min %d: %d keys, want %d", n, minShared, seen, kept)
			}
		}
	}
}
