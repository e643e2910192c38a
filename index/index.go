package index

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/neardup/neardup/lsh"
)

// FormatVersion is the layout this package writes, stored in the meta bucket.
const FormatVersion = 6

// Family names one set of signatures with its own banding.
type Family uint8

const (
	Docs    Family = iota // whole-document signatures
	Near                  // passage word-shingle signatures
	Rewrite               // passage content-word signatures
	numFamilies
)

var familyNames = [numFamilies]string{"doc", "near", "rewrite"}

func (f Family) String() string { return familyNames[f] }

// Config is everything that must match for two signatures to be comparable: the caller's
// parameters (opaque JSON, compared as bytes) and the banding of each family.
type Config struct {
	Params  json.RawMessage         `json:"params"`
	SigSize int                     `json:"sig_size"`
	Bands   [numFamilies]lsh.Params `json:"bands"`
}

// Options are settings of one Open that are never persisted.
type Options struct {
	Timeout  time.Duration // wait for the file lock; default 1s
	ReadOnly bool
	// NoSync skips fsync on commit: only for a full rebuild that can be redone, followed by
	// Sync. A crash with NoSync can lose or corrupt the file.
	NoSync bool
}

// DocID numbers documents in ingestion order, from 1.
type DocID uint64

// Key names a passage: its document and its number there (from 1; 0 names the document).
type Key struct {
	Doc DocID
	Seq uint32
}

// Doc is one document's record.
type Doc struct {
	ID       DocID
	Name     string
	Text     []byte
	Exact    uint64
	Sig      []uint32
	Shingles []uint32 // the set the signature was made of, each hash cut to 32 bits, sorted
	Passages []Passage
}

// Passage is one passage's record.
type Passage struct {
	Seq        uint32
	Start, End uint32
	Kind       uint8
	Words      uint32
	Exact      uint64
	Near       []uint32 // nil when not signed
	Rewrite    []uint32 // nil when the passage takes no part in the rewrite tier
	// The sets the signatures were made of, each hash cut to 32 bits and sorted, so that a
	// gate verifies candidates without reading and tokenising their text again.
	Shingles, Stems, Numbers []uint32
}

// Index is an open index file.
type Index struct {
	db     *bolt.DB
	cfg    Config
	blooms blooms
	writes atomic.Uint64 // committed writes through this Index, for caches of what they change

	compactMu sync.Mutex // one Compact at a time
	busyMu    sync.Mutex
	busy      map[string]bool // segKey → being merged by Compact: Write's merges leave it
}

var (
	bucketMeta     = []byte("meta")
	bucketDocs     = []byte("docs")
	bucketTexts    = []byte("texts")
	bucketNames    = []byte("names")
	bucketPassages = []byte("passages")
	bucketExact    = []byte("exact")
	bucketLines    = []byte("lines")
	bucketStems    = []byte("stems")
	bucketClusters = []byte("clusters")
	keyVersion     = []byte("version")
	keyConfig      = []byte("config")
	keyDocs        = []byte("docs")
	keyPassages    = []byte("passages")
	keyLines       = []byte("lines")
	keyStems       = []byte("stems")
)

// Open opens the index at path, creating it with cfg if it does not exist.
func Open(path string, cfg Config, opt *Options) (*Index, error) {
	var o Options
	if opt != nil {
		o = *opt
	}
	if o.Timeout == 0 {
		o.Timeout = time.Second
	}
	for f, b := range cfg.Bands {
		if err := b.Validate(cfg.SigSize); err != nil {
			return nil, fmt.Errorf("index: %s banding: %w", Family(f), err)
		}
	}
	want, err := json.Marshal(cfg)
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w", path, err)
	}
	if o.ReadOnly {
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("open index %s: %w", path, err)
		}
	}
	// The hashmap freelist finds a run of free pages without scanning them all: with the
	// array one, allocating took a tenth of a gigabyte's add, the file being 11 GB.
	db, err := bolt.Open(path, 0o644, &bolt.Options{
		Timeout: o.Timeout, ReadOnly: o.ReadOnly, NoSync: o.NoSync, FreelistType: bolt.FreelistMapType,
	})
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, fmt.Errorf("open index %s: %w", path, ErrInUse)
	}
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w", path, err)
	}
	ix := &Index{db: db, cfg: cfg}
	check := func(tx *bolt.Tx) error {
		m, err := checkFormat(tx)
		if err != nil {
			return err
		}
		if got := m.Get(keyConfig); !bytes.Equal(got, want) {
			return fmt.Errorf("%w:\n  index: %s\n  given: %s", ErrParamsMismatch, got, want)
		}
		return nil
	}
	fresh := false
	err = db.View(func(tx *bolt.Tx) error {
		if k, _ := tx.Cursor().First(); k == nil && !o.ReadOnly {
			fresh = true // an empty file: ours to lay out
			return nil
		}
		return check(tx)
	})
	if fresh {
		err = db.Update(func(tx *bolt.Tx) error {
			m, err := tx.CreateBucket(bucketMeta)
			if err != nil {
				return err
			}
			var v [4]byte
			binary.BigEndian.PutUint32(v[:], FormatVersion)
			if err := m.Put(keyVersion, v[:]); err != nil {
				return err
			}
			if err := m.Put(keyConfig, want); err != nil {
				return err
			}
			for _, n := range allBuckets() {
				if _, err := tx.CreateBucket(n); err != nil {
					return err
				}
			}
			return nil
		})
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open index %s: %w", path, err)
	}
	return ix, nil
}

// checkFormat returns the meta bucket of a file in this package's format: meta, the version,
// and every bucket present.
func checkFormat(tx *bolt.Tx) (*bolt.Bucket, error) {
	m := tx.Bucket(bucketMeta)
	if m == nil {
		return nil, fmt.Errorf("%w: a bbolt file without neardup's meta bucket", ErrFormat)
	}
	if v := m.Get(keyVersion); len(v) != 4 || binary.BigEndian.Uint32(v) != FormatVersion {
		return nil, fmt.Errorf("%w: version %x, want %d", ErrFormat, v, FormatVersion)
	}
	for _, b := range allBuckets() {
		if tx.Bucket(b) == nil {
			return nil, fmt.Errorf("%w: no %q bucket", ErrFormat, b)
		}
	}
	return m, nil
}

// allBuckets lists the top-level buckets of an index but meta.
func allBuckets() [][]byte {
	names := [][]byte{bucketDocs, bucketTexts, bucketNames, bucketPassages, bucketExact, bucketLines, bucketStems,
		bucketSegments, bucketDeleted, bucketClusters, bucketBlooms}
	for f := range numFamilies {
		names = append(names, segRoot(f))
	}
	return names
}

// Close closes the file.
func (ix *Index) Close() error { return ix.db.Close() }

// Sync flushes the file to disk, after writes made with Options.NoSync.
func (ix *Index) Sync() error { return ix.db.Sync() }

// Config returns the configuration the index was opened with.
func (ix *Index) Config() Config { return ix.cfg }

// Check runs bbolt's consistency check and returns the first problem.
func (ix *Index) Check() error {
	return ix.db.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			return err
		}
		return nil
	})
}

func docKey(id DocID) []byte { return binary.BigEndian.AppendUint64(nil, uint64(id)) }

func passageKey(dst []byte, k Key) []byte {
	dst = binary.BigEndian.AppendUint64(dst, uint64(k.Doc))
	return binary.BigEndian.AppendUint32(dst, k.Seq)
}

type kv struct{ k, v []byte }

var empty = []byte{}

// arena hands out key buffers from large chunks: a batch makes millions of small keys, and
// bbolt holds on to them until the transaction commits.
type arena struct{ chunk []byte }

// alloc returns an empty slice with capacity n, for appending a key of n bytes.
func (a *arena) alloc(n int) []byte {
	if cap(a.chunk)-len(a.chunk) < n {
		a.chunk = make([]byte, 0, max(n, 1<<16))
	}
	b := a.chunk[len(a.chunk) : len(a.chunk) : len(a.chunk)+n]
	a.chunk = a.chunk[:len(a.chunk)+n]
	return b
}

// Batch is what one transaction writes.
type Batch struct {
	// Delete lists documents to remove first, with every key they own: a revision deletes
	// the old version and adds the new one in one transaction.
	Delete []DocID
	Docs   []Doc
	// Lines and Stems are changes to the document counts of line hashes (the short lines
	// that may be boilerplate) and of content-word stems (for IDF weights). A count that
	// reaches zero is removed.
	Lines, Stems map[uint64]int
}

// Add writes docs in one transaction and returns the ids given to them, in order. A name
// already indexed fails the whole batch with ErrExists.
func (ix *Index) Add(docs []Doc) ([]DocID, error) { return ix.Write(Batch{Docs: docs}) }

// AddLineCounts adds line counts in a transaction of their own.
func (ix *Index) AddLineCounts(df map[uint64]int) error {
	_, err := ix.Write(Batch{Lines: df})
	return err
}

// Write writes b in one transaction: all of it, or nothing.
func (ix *Index) Write(b Batch) ([]DocID, error) {
	docs := b.Docs
	for i := range docs {
		if err := ix.checkSig(docs[i].Sig); err != nil {
			return nil, fmt.Errorf("index add %q: %w", docs[i].Name, err)
		}
		for _, p := range docs[i].Passages {
			if err := errors.Join(ix.checkSig(p.Near), ix.checkSig(p.Rewrite)); err != nil {
				return nil, fmt.Errorf("index add %q passage %d: %w", docs[i].Name, p.Seq, err)
			}
		}
	}
	ids := make([]DocID, len(docs))
	var merged [numFamilies][]uint32 // segments merged away, forgotten once committed
	err := ix.db.Update(func(tx *bolt.Tx) error {
		removed := 0
		var exact []exactUpdate
		for _, id := range b.Delete {
			n, err := ix.deleteDoc(tx, id, &exact)
			if err != nil {
				return err
			}
			removed += n
		}
		docsB := tx.Bucket(bucketDocs)
		names := tx.Bucket(bucketNames)
		var puts []kv // passages
		var bands [numFamilies][][]entry
		for f := range numFamilies {
			bands[f] = make([][]entry, ix.cfg.Bands[f].Bands)
		}
		var hs []uint64
		var ar arena
		addBands := func(f Family, sig []uint32, k Key) {
			hs = lsh.AppendBandHashes(hs[:0], sig, ix.cfg.Bands[f])
			for b, h := range hs {
				bands[f][b] = append(bands[f][b], entry{h: uint32(h >> 32), doc: uint32(k.Doc), seq: k.Seq})
			}
		}
		for i := range docs {
			d := &docs[i]
			if names.Get([]byte(d.Name)) != nil {
				return fmt.Errorf("%w: %q", ErrExists, d.Name)
			}
			seq, err := docsB.NextSequence()
			if err != nil {
				return err
			}
			if seq > math.MaxUint32 {
				return fmt.Errorf("index full: document ids past %d", uint32(math.MaxUint32))
			}
			id := DocID(seq)
			ids[i] = id
			k := docKey(id)
			if err := docsB.Put(k, appendDoc(nil, d)); err != nil {
				return err
			}
			if err := tx.Bucket(bucketTexts).Put(k, d.Text); err != nil {
				return err
			}
			if err := names.Put([]byte(d.Name), k); err != nil {
				return err
			}
			dk := Key{Doc: id}
			if d.Exact != 0 {
				exact = append(exact, exactUpdate{key: exactKey(d.Exact, dk)})
			}
			if d.Sig != nil {
				addBands(Docs, d.Sig, dk)
			}
			for _, p := range d.Passages {
				pk := Key{Doc: id, Seq: p.Seq}
				puts = append(puts, kv{k: passageKey(ar.alloc(12), pk), v: appendPassage(nil, &p)})
				if p.Exact != 0 {
					exact = append(exact, exactUpdate{key: exactKey(p.Exact, pk)})
				}
				if p.Near != nil {
					addBands(Near, p.Near, pk)
				}
				if p.Rewrite != nil {
					addBands(Rewrite, p.Rewrite, pk)
				}
			}
		}
		var tmp []entry
		for f := range numFamilies {
			for _, es := range bands[f] {
				tmp = sortByHash(es, tmp)
			}
			if err := writeSegment(tx, f, bands[f], 0); err != nil {
				return err
			}
			var err error
			if merged[f], err = compact(tx, f, ix.cfg.Bands[f].Bands, ix.isBusy); err != nil {
				return err
			}
		}
		added := 0
		for _, d := range docs {
			added += len(d.Passages)
		}
		lines, err := addCounts(tx.Bucket(bucketLines), b.Lines)
		if err != nil {
			return fmt.Errorf("line counts: %w", err)
		}
		stems, err := addCounts(tx.Bucket(bucketStems), b.Stems)
		if err != nil {
			return fmt.Errorf("stem counts: %w", err)
		}
		if err := errors.Join(
			bumpMeta(tx, keyDocs, len(docs)-len(b.Delete)),
			bumpMeta(tx, keyPassages, added-removed),
			bumpMeta(tx, keyLines, lines),
			bumpMeta(tx, keyStems, stems),
		); err != nil {
			return err
		}
		// Sorted inserts fill bbolt pages in order instead of splitting them at random.
		slices.SortFunc(puts, func(x, y kv) int { return bytes.Compare(x.k, y.k) })
		pb := tx.Bucket(bucketPassages)
		for _, e := range puts {
			if err := pb.Put(e.k, e.v); err != nil {
				return err
			}
		}
		if err := updateExact(tx.Bucket(bucketExact), exact); err != nil {
			return fmt.Errorf("exact hashes: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("index add: %w", err)
	}
	for f, ids := range merged {
		ix.blooms.evict(Family(f), ids)
	}
	// Bulk writes release the pages they read (see releaseMapped); a gate's one-document
	// writes, every releaseEvery of them, since each release makes every reader fault the
	// pages it uses back in.
	if n := ix.writes.Add(1); len(b.Docs) >= releaseEvery || n%releaseEvery == 0 {
		releaseMapped(ix.db)
	}
	return ids, nil
}

const releaseEvery = 64

// Writes counts the writes committed through this Index: a cache of counts read from it is
// stale once the number changes.
func (ix *Index) Writes() uint64 { return ix.writes.Load() }

// Candidates appends to dst the keys whose signatures of family f share a band with sig,
// sorted and without repeats. Document candidates have Seq 0.
func (ix *Index) Candidates(f Family, sig []uint32, dst []Key) ([]Key, error) {
	return ix.CandidatesShared(f, sig, 1, dst)
}

// CandidatesShared is Candidates for keys that share at least minShared bands with sig: with
// a loose banding, one shared band happens by chance to many unrelated items (see
// lsh.Table.Pairs).
func (ix *Index) CandidatesShared(f Family, sig []uint32, minShared int, dst []Key) (out []Key, err error) {
	err = ix.View(func(r *Reader) error { out, err = r.CandidatesShared(f, sig, minShared, dst); return err })
	return out, err
}

// Passage returns the record of passage k.
func (ix *Index) Passage(k Key) (p Passage, err error) {
	err = ix.View(func(r *Reader) error { p, err = r.Passage(k); return err })
	return p, err
}

// Text returns the name and text of document id, without its passages.
func (ix *Index) Text(id DocID) (name string, text []byte, err error) {
	err = ix.View(func(r *Reader) error { name, text, err = r.Text(id); return err })
	return name, text, err
}

// DocRecord returns document id's record without its text and passages.
func (ix *Index) DocRecord(id DocID) (d Doc, err error) {
	err = ix.View(func(r *Reader) error { d, err = r.DocRecord(id); return err })
	return d, err
}

// checkSig accepts no signature or one of the configured length.
func (ix *Index) checkSig(sig []uint32) error {
	if sig != nil && len(sig) != ix.cfg.SigSize {
		return fmt.Errorf("%w: %d values, the index's are %d", ErrBadSignature, len(sig), ix.cfg.SigSize)
	}
	return nil
}

func compareKeys(a, b Key) int {
	if a.Doc != b.Doc {
		if a.Doc < b.Doc {
			return -1
		}
		return 1
	}
	return int(int64(a.Seq) - int64(b.Seq))
}

// Exact appends to dst the documents (Seq 0) and passages whose exact hash is h.
func (ix *Index) Exact(h uint64, dst []Key) (out []Key, err error) {
	err = ix.View(func(r *Reader) error { out, err = r.Exact(h, dst); return err })
	return out, err
}

// DocCount returns the number of documents in the index, read from a counter rather than
// by walking the documents.
func (ix *Index) DocCount() (n int, err error) {
	err = ix.View(func(r *Reader) error { n = r.DocCount(); return nil })
	return n, err
}

// Lookup returns the id of the document named name.
func (ix *Index) Lookup(name string) (id DocID, err error) {
	err = ix.View(func(r *Reader) error { id, err = r.Lookup(name); return err })
	return id, err
}

// Doc returns document id with its text and passages.
func (ix *Index) Doc(id DocID) (Doc, error) {
	var d Doc
	err := ix.db.View(func(tx *bolt.Tx) error {
		k := docKey(id)
		v := tx.Bucket(bucketDocs).Get(k)
		if v == nil {
			return fmt.Errorf("%w: document %d", ErrNotFound, id)
		}
		var (
			err            error
			textLen, npass uint64
		)
		if d, textLen, npass, err = decodeDocRecord(v); err != nil {
			return fmt.Errorf("document %d: %w", id, err)
		}
		d.ID = id
		d.Text = bytes.Clone(tx.Bucket(bucketTexts).Get(k))
		c := tx.Bucket(bucketPassages).Cursor()
		for pk, pv := c.Seek(k); pk != nil && bytes.HasPrefix(pk, k); pk, pv = c.Next() {
			p, err := decodePassage(pv)
			if err != nil {
				return fmt.Errorf("passage %x: %w", pk, err)
			}
			p.Seq = binary.BigEndian.Uint32(pk[8:])
			d.Passages = append(d.Passages, p)
		}
		if uint64(len(d.Text)) != textLen || uint64(len(d.Passages)) != npass {
			return fmt.Errorf("document %d: %w: %d bytes of text and %d passages, the record says %d and %d",
				id, ErrCorrupt, len(d.Text), len(d.Passages), textLen, npass)
		}
		return nil
	})
	return d, err
}

// Stats counts what an index holds.
type Stats struct {
	Docs, Passages int
	BandKeys       [numFamilies]int // band entries, those of deleted documents until merged away
	Segments       [numFamilies]int
	Lines, Stems   int   // distinct short lines and stems counted
	Bytes          int64 // size of the file
}

// Stats counts the records of the index.
func (ix *Index) Stats() (Stats, error) {
	var s Stats
	err := ix.db.View(func(tx *bolt.Tx) error {
		// Counters kept by every write: walking the buckets takes seconds on a large index.
		m := tx.Bucket(bucketMeta)
		s.Docs, s.Passages = metaCount(m, keyDocs), metaCount(m, keyPassages)
		s.Lines, s.Stems = metaCount(m, keyLines), metaCount(m, keyStems)
		for f := range numFamilies {
			segs, err := segments(tx, f)
			if err != nil {
				return err
			}
			for _, sg := range segs {
				s.BandKeys[f] += int(sg.entries)
			}
			s.Segments[f] = len(segs)
		}
		s.Bytes = tx.Size()
		return nil
	})
	return s, err
}

// addCounts adds deltas to the counts in b, a packed countTable: the one read-modify-write
// of the format, on small values. It returns how many hashes b gained.
func addCounts(b *bolt.Bucket, deltas map[uint64]int) (keys int, err error) {
	if len(deltas) == 0 {
		return 0, nil
	}
	hs := make([]uint64, 0, len(deltas))
	for h := range deltas {
		hs = append(hs, h)
	}
	slices.Sort(hs)
	var k [8]byte
	key := func(i int) []byte {
		binary.BigEndian.PutUint64(k[:], hs[i])
		return k[:]
	}
	return countTable.update(b, len(hs), key, func(dst, old []byte, i int) []byte {
		n := int64(deltas[hs[i]])
		if old != nil {
			n += int64(binary.LittleEndian.Uint32(old[8:]))
		}
		if n <= 0 {
			return dst
		}
		return countRecord(dst, hs[i], uint32(min(n, math.MaxUint32)))
	})
}

// exactUpdate adds or removes one record of the exact table.
type exactUpdate struct {
	key [16]byte
	del bool
}

func exactKey(h uint64, k Key) (key [16]byte) {
	binary.BigEndian.PutUint64(key[:], h)
	binary.BigEndian.PutUint32(key[8:], uint32(k.Doc))
	binary.BigEndian.PutUint32(key[12:], k.Seq)
	return key
}

// updateExact applies us to b, a packed exactTable.
func updateExact(b *bolt.Bucket, us []exactUpdate) error {
	slices.SortFunc(us, func(x, y exactUpdate) int { return bytes.Compare(x.key[:], y.key[:]) })
	for i := 1; i < len(us); i++ {
		if us[i].key == us[i-1].key {
			return fmt.Errorf("exact record %x twice in a write", us[i].key)
		}
	}
	_, err := exactTable.update(b, len(us), func(i int) []byte { return us[i].key[:] }, func(dst, _ []byte, i int) []byte {
		if us[i].del {
			return dst
		}
		return append(dst, us[i].key[:]...)
	})
	return err
}

// LineCounts returns the document count of each line hash (0 when unknown).
func (ix *Index) LineCounts(hashes []uint64) ([]int, error) { return ix.counts(bucketLines, hashes) }

// StemCounts returns the document count of each stem hash (0 when unknown).
func (ix *Index) StemCounts(hashes []uint64) ([]int, error) { return ix.counts(bucketStems, hashes) }

func (ix *Index) counts(bucket []byte, hashes []uint64) (out []int, err error) {
	err = ix.View(func(r *Reader) error { out, err = r.counts(bucket, hashes); return err })
	return out, err
}

// Delete removes documents and every key they own, in one transaction.
func (ix *Index) Delete(ids ...DocID) error {
	_, err := ix.Write(Batch{Delete: ids})
	return err
}

// deleteDoc removes document id: its record, text, name, passages, exact keys and band keys.
// The band keys are found again from the stored signatures, so nothing is scanned.
func (ix *Index) deleteDoc(tx *bolt.Tx, id DocID, exact *[]exactUpdate) (int, error) {
	k := docKey(id)
	v := tx.Bucket(bucketDocs).Get(k)
	if v == nil {
		return 0, fmt.Errorf("%w: document %d", ErrNotFound, id)
	}
	d, err := decodeDoc(v)
	if err != nil {
		return 0, fmt.Errorf("document %d: %w", id, err)
	}
	dropExact := func(h uint64, pk Key) error {
		if h != 0 {
			*exact = append(*exact, exactUpdate{key: exactKey(h, pk), del: true})
		}
		return nil
	}
	// Band entries are not found one by one: a tombstone hides them until a merge drops them.
	if err := errors.Join(tx.Bucket(bucketDeleted).Put(k, empty), dropExact(d.Exact, Key{Doc: id})); err != nil {
		return 0, err
	}
	n := 0
	c := tx.Bucket(bucketPassages).Cursor()
	for pk, pv := c.Seek(k); pk != nil && bytes.HasPrefix(pk, k); pk, pv = c.Seek(k) {
		p, err := decodePassage(pv)
		if err != nil {
			return 0, fmt.Errorf("passage %x: %w", pk, err)
		}
		at := Key{Doc: id, Seq: binary.BigEndian.Uint32(pk[8:])}
		if err := dropExact(p.Exact, at); err != nil {
			return 0, err
		}
		if err := c.Delete(); err != nil {
			return 0, err
		}
		n++
	}
	return n, errors.Join(
		tx.Bucket(bucketTexts).Delete(k),
		tx.Bucket(bucketNames).Delete([]byte(d.Name)),
		tx.Bucket(bucketDocs).Delete(k),
	)
}

// FirstIndexed returns the first of names that the index holds, or "" when it holds none.
func (ix *Index) FirstIndexed(names []string) (string, error) {
	var found string
	err := ix.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketNames)
		for _, n := range names {
			if b.Get([]byte(n)) != nil {
				found = n
				return nil
			}
		}
		return nil
	})
	return found, err
}

// ReadConfig returns the configuration stored in the index file at path, opening it read-only
// for as long as that takes. It returns an error wrapping fs.ErrNotExist when there is no file.
func ReadConfig(path string, opt *Options) (Config, error) {
	var cfg Config
	if _, err := os.Stat(path); err != nil {
		return cfg, fmt.Errorf("open index %s: %w", path, err)
	}
	timeout := time.Second
	if opt != nil && opt.Timeout != 0 {
		timeout = opt.Timeout
	}
	db, err := bolt.Open(path, 0o644, &bolt.Options{Timeout: timeout, ReadOnly: true})
	if errors.Is(err, berrors.ErrTimeout) {
		return cfg, fmt.Errorf("open index %s: %w", path, ErrInUse)
	}
	if err != nil {
		return cfg, fmt.Errorf("open index %s: %w", path, err)
	}
	defer db.Close()
	err = db.View(func(tx *bolt.Tx) error {
		m, err := checkFormat(tx)
		if err != nil {
			return err
		}
		if err := json.Unmarshal(m.Get(keyConfig), &cfg); err != nil {
			return fmt.Errorf("%w: config: %v", ErrCorrupt, err)
		}
		return nil
	})
	if err != nil {
		return cfg, fmt.Errorf("open index %s: %w", path, err)
	}
	return cfg, nil
}

// SetClusters replaces the stored cluster ids with ids (member key → id); next is the next
// id to give, kept as the bucket's sequence.
func (ix *Index) SetClusters(ids map[string]uint64, next uint64) error {
	keys := make([]string, 0, len(ids))
	for k := range ids {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return ix.db.Update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket(bucketClusters); err != nil {
			return err
		}
		b, err := tx.CreateBucket(bucketClusters)
		if err != nil {
			return err
		}
		b.FillPercent = 1 // written in key order
		for _, k := range keys {
			if err := b.Put([]byte(k), binary.BigEndian.AppendUint64(nil, ids[k])); err != nil {
				return err
			}
		}
		return b.SetSequence(next - 1)
	})
}

// bumpMeta adds delta to the counter at meta key k.
func bumpMeta(tx *bolt.Tx, k []byte, delta int) error {
	if delta == 0 {
		return nil
	}
	m := tx.Bucket(bucketMeta)
	return m.Put(k, binary.BigEndian.AppendUint64(nil, uint64(int64(metaCount(m, k))+int64(delta))))
}

func metaCount(m *bolt.Bucket, k []byte) int {
	if v := m.Get(k); len(v) == 8 {
		return int(binary.BigEndian.Uint64(v))
	}
	return 0
}
