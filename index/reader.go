package index

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/bits"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/neardup/neardup/lsh"
)

// Reader reads the index inside one read transaction: every call sees the same state of the
// index, and a gate's many look-ups pay for one transaction instead of one each. What it
// returns is copied out of the transaction and stays valid; the Reader itself is valid only
// inside the function given to View.
type Reader struct {
	ix *Index
	tx *bolt.Tx
	// cursors holds a cursor on each segment of a family, opened on first use: a gate
	// queries the same segments for every passage of an article.
	cursors [numFamilies][]*bolt.Cursor
	filters [numFamilies][]bloom
	opened  [numFamilies]bool
	// Scratch space of candidate queries, reused across the transaction's queries.
	raw    []uint64
	ranked []rankedKey
	table  []rankedKey // count's hash table
}

// View calls fn with a Reader over one read transaction.
func (ix *Index) View(fn func(r *Reader) error) error {
	return ix.db.View(func(tx *bolt.Tx) error { return fn(&Reader{ix: ix, tx: tx}) })
}

// CandidatesShared is Candidates for keys that share at least minShared bands with sig: with
// a loose banding, one shared band happens by chance to many unrelated items (see
// lsh.Table.Pairs).
func (r *Reader) CandidatesShared(f Family, sig []uint32, minShared int, dst []Key) ([]Key, error) {
	return r.CandidatesRanked(f, sig, minShared, 0, nil, dst)
}

// CandidatesRanked is CandidatesShared that keeps at most limit keys (0: all), those that
// share the most bands with sig, ties going to the earlier key. The count of shared bands
// estimates similarity, so a bounded query verifies the likeliest candidates first instead of
// the oldest. Keys for which skip (when not nil) returns true are left out before the limit
// is applied, so that they take no place of the keys wanted. The keys are appended in key
// order.
func (r *Reader) CandidatesRanked(f Family, sig []uint32, minShared, limit int, skip func(Key) bool, dst []Key) ([]Key, error) {
	if sig == nil || f >= numFamilies {
		return dst, fmt.Errorf("index candidates: %w: no signature or unknown family %d", ErrBadSignature, f)
	}
	if err := r.ix.checkSig(sig); err != nil {
		return dst, fmt.Errorf("index candidates: %w", err)
	}
	cursors, err := r.segmentCursors(f)
	if err != nil {
		return dst, fmt.Errorf("index candidates: %w", err)
	}
	maxRun := 0
	if f == Rewrite {
		maxRun = MaxRun
	}
	var buf [64]uint64
	hs := lsh.AppendBandHashes(buf[:0], sig, r.ix.cfg.Bands[f])
	raw := r.raw[:0]
	for i, c := range cursors {
		bl := r.filters[f][i]
		for b, h := range hs {
			if !bl.mayHave(b, uint32(h>>32)) {
				continue
			}
			if raw, err = lookup(c, b, uint32(h>>32), maxRun, raw); err != nil {
				return dst, fmt.Errorf("index candidates: %w", err)
			}
		}
	}
	ranked := r.count(raw, minShared)
	r.raw = raw
	// Entries of deleted documents stay in their segments until a merge drops them.
	deleted := r.tx.Bucket(bucketDeleted)
	if k, _ := deleted.Cursor().First(); k != nil || skip != nil {
		live := ranked[:0]
		for _, k := range ranked {
			key := Key{Doc: DocID(k.packed >> 32), Seq: uint32(k.packed)}
			if skip != nil && skip(key) || deleted.Get(docKey(key.Doc)) != nil {
				continue
			}
			live = append(live, k)
		}
		ranked = live
	}
	if limit > 0 && len(ranked) > limit {
		slices.SortStableFunc(ranked, func(a, b rankedKey) int { return b.shared - a.shared })
		ranked = ranked[:limit]
		slices.SortFunc(ranked, func(a, b rankedKey) int { return cmpU64(a.packed, b.packed) })
	}
	r.ranked = ranked
	for _, k := range ranked {
		dst = append(dst, Key{Doc: DocID(k.packed >> 32), Seq: uint32(k.packed)})
	}
	return dst, nil
}

// count returns the distinct keys of raw that occur at least minShared times, in key order,
// with their counts. Counting in a hash table costs one pass where sorting raw would cost
// many: raw holds every entry of every matching band, mostly keys met once.
func (r *Reader) count(raw []uint64, minShared int) []rankedKey {
	ranked := r.ranked[:0]
	if len(raw) < 64 {
		slices.Sort(raw)
		for i := 0; i < len(raw); {
			j := i + 1
			for j < len(raw) && raw[j] == raw[i] {
				j++
			}
			if j-i >= minShared {
				ranked = append(ranked, rankedKey{packed: raw[i], shared: j - i})
			}
			i = j
		}
		return ranked
	}
	size := 1 << bits.Len(uint(2*len(raw)))
	if cap(r.table) < size {
		r.table = make([]rankedKey, size)
	}
	t := r.table[:size]
	clear(t)
	mask := uint64(size - 1)
	// Keys are doc‖seq, never 0 (document ids start at 1), so 0 marks an empty slot.
	for _, k := range raw {
		for i := (k * 0x9E3779B97F4A7C15) >> 32 & mask; ; i = (i + 1) & mask {
			if t[i].packed == k {
				t[i].shared++
				break
			}
			if t[i].packed == 0 {
				t[i] = rankedKey{packed: k, shared: 1}
				break
			}
		}
	}
	for _, e := range t {
		if e.shared >= minShared {
			ranked = append(ranked, e)
		}
	}
	slices.SortFunc(ranked, func(a, b rankedKey) int { return cmpU64(a.packed, b.packed) })
	return ranked
}

// rankedKey is a candidate packed as doc‖seq (segment entries hold 32-bit document ids) with
// the number of bands it shares with the query.
type rankedKey struct {
	packed uint64
	shared int
}

// segmentCursors returns a cursor on each segment of family f.
func (r *Reader) segmentCursors(f Family) ([]*bolt.Cursor, error) {
	if r.opened[f] {
		return r.cursors[f], nil
	}
	segs, err := segments(r.tx, f)
	if err != nil {
		return nil, err
	}
	root := r.tx.Bucket(segRoot(f))
	var cursors []*bolt.Cursor
	var filters []bloom
	for _, s := range segs {
		seg := root.Bucket(binary.BigEndian.AppendUint32(nil, s.id))
		if seg == nil {
			return nil, fmt.Errorf("%w: segment %d of %s missing", ErrCorrupt, s.id, f)
		}
		bl, err := r.ix.blooms.get(r.tx, f, s.id)
		if err != nil {
			return nil, err
		}
		cursors = append(cursors, seg.Cursor())
		filters = append(filters, bl)
	}
	r.cursors[f], r.filters[f], r.opened[f] = cursors, filters, true
	return r.cursors[f], nil
}

// Candidates is Index.Candidates inside the Reader's transaction.
func (r *Reader) Candidates(f Family, sig []uint32, dst []Key) ([]Key, error) {
	return r.CandidatesShared(f, sig, 1, dst)
}

// Passage returns the record of passage k.
func (r *Reader) Passage(k Key) (Passage, error) {
	v := r.tx.Bucket(bucketPassages).Get(passageKey(nil, k))
	if v == nil {
		return Passage{}, fmt.Errorf("%w: passage %d of document %d", ErrNotFound, k.Seq, k.Doc)
	}
	p, err := decodePassage(v)
	p.Seq = k.Seq
	return p, err
}

// Text returns the name and text of document id, without its passages.
func (r *Reader) Text(id DocID) (name string, text []byte, err error) {
	k := docKey(id)
	v := r.tx.Bucket(bucketDocs).Get(k)
	if v == nil {
		return "", nil, fmt.Errorf("%w: document %d", ErrNotFound, id)
	}
	d, err := decodeDoc(v)
	if err != nil {
		return "", nil, fmt.Errorf("document %d: %w", id, err)
	}
	return d.Name, bytes.Clone(r.tx.Bucket(bucketTexts).Get(k)), nil
}

// DocRecord returns document id's record: its name, exact hash, signature and shingle set,
// without its text and passages.
func (r *Reader) DocRecord(id DocID) (Doc, error) {
	v := r.tx.Bucket(bucketDocs).Get(docKey(id))
	if v == nil {
		return Doc{}, fmt.Errorf("%w: document %d", ErrNotFound, id)
	}
	d, err := decodeDoc(v)
	d.ID = id
	return d, err
}

// Exact appends to dst the documents (Seq 0) and passages whose exact hash is h.
func (r *Reader) Exact(h uint64, dst []Key) ([]Key, error) {
	err := exactTable.find(r.tx.Bucket(bucketExact), binary.BigEndian.AppendUint64(nil, h), func(rec []byte) error {
		dst = append(dst, Key{Doc: DocID(binary.BigEndian.Uint32(rec[8:])), Seq: binary.BigEndian.Uint32(rec[12:])})
		return nil
	})
	return dst, err
}

// DocCount returns the number of documents in the index.
func (r *Reader) DocCount() int {
	if v := r.tx.Bucket(bucketMeta).Get(keyDocs); len(v) == 8 {
		return int(binary.BigEndian.Uint64(v))
	}
	return 0
}

// Lookup returns the id of the document named name.
func (r *Reader) Lookup(name string) (DocID, error) {
	v := r.tx.Bucket(bucketNames).Get([]byte(name))
	if v == nil {
		return 0, fmt.Errorf("%w: %q", ErrNotFound, name)
	}
	return DocID(binary.BigEndian.Uint64(v)), nil
}

// StemCounts returns the document count of each stem hash (0 when unknown).
func (r *Reader) StemCounts(hashes []uint64) ([]int, error) { return r.counts(bucketStems, hashes) }

// LineCounts returns the document count of each line hash (0 when unknown).
func (r *Reader) LineCounts(hashes []uint64) ([]int, error) { return r.counts(bucketLines, hashes) }

func (r *Reader) counts(bucket []byte, hashes []uint64) ([]int, error) {
	out := make([]int, len(hashes))
	b := r.tx.Bucket(bucket)
	var k [8]byte
	for i, h := range hashes {
		binary.BigEndian.PutUint64(k[:], h)
		err := countTable.find(b, k[:], func(rec []byte) error {
			out[i] = int(binary.LittleEndian.Uint32(rec[8:]))
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ForEachDoc calls fn with every document's id, name and text, in id order (ingestion order).
// text is only valid during the call.
func (r *Reader) ForEachDoc(fn func(id DocID, name string, text []byte) error) error {
	texts := r.tx.Bucket(bucketTexts)
	c := r.tx.Bucket(bucketDocs).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		d, err := decodeDoc(v)
		if err != nil {
			return fmt.Errorf("document %x: %w", k, err)
		}
		if err := fn(DocID(binary.BigEndian.Uint64(k)), d.Name, texts.Get(k)); err != nil {
			return err
		}
	}
	return nil
}

// Clusters returns the cluster ids the last export stored, by member key, and the next id
// to give.
func (r *Reader) Clusters() (map[string]uint64, uint64, error) {
	b := r.tx.Bucket(bucketClusters)
	out := map[string]uint64{}
	err := b.ForEach(func(k, v []byte) error {
		if len(v) != 8 {
			return fmt.Errorf("%w: cluster id of %d bytes", ErrCorrupt, len(v))
		}
		out[string(k)] = binary.BigEndian.Uint64(v)
		return nil
	})
	return out, b.Sequence() + 1, err
}
