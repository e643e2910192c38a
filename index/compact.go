package index

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// Write merges segments inside its own transaction, so it stops at maxMergeEntries: a large
// index is left with a few segments per level, and a query seeks in each. Compact merges the
// rest in transactions of its own, a few bands each, so that neither memory nor the time a
// writer waits grows with the index. The merged segment is built in a bucket that no segment
// record names, invisible to readers, and swapped in by one last transaction; a crash before
// that leaves an orphan bucket, which the next Compact deletes.

// compactTxEntries is the entries one compaction transaction writes at most (beyond one band's).
var compactTxEntries = 4 << 20

// CompactOptions say how much Compact merges.
type CompactOptions struct {
	// Full merges each family's segments into one and then drops the tombstones of deleted
	// documents, whose entries are gone. Otherwise segments are merged by size class, as
	// Write does, but with no limit on size.
	Full bool
	// Progress, when set, is called after each transaction with the entries merged so far
	// and the total to merge.
	Progress func(done, total uint64)
}

// CompactStats tells what Compact did.
type CompactStats struct {
	Merged     int    // segments merged away
	Entries    uint64 // band entries written
	Tombstones int    // tombstones dropped
	Orphans    int    // buckets of interrupted compactions deleted
}

// Compact merges segments; see CompactOptions. Gates and writes through this Index may run
// meanwhile: the segments being merged are left alone by Write's merges, and readers see
// either them or the merged one. It changes no document and no count, so caches keyed on
// Writes stay valid. A cancelled context stops it between transactions, with nothing lost.
// It must not be called inside View: bbolt cannot grow the file while the calling goroutine
// holds a read transaction.
func (ix *Index) Compact(ctx context.Context, opt CompactOptions) (CompactStats, error) {
	ix.compactMu.Lock()
	defer ix.compactMu.Unlock()
	var st CompactStats
	var tombs [][]byte
	var total, done uint64
	for round := 0; ; round++ {
		// Most calls find nothing to do: learn that from a read, since a write transaction
		// costs a sync even when it changes nothing.
		work := false
		err := ix.db.View(func(tx *bolt.Tx) error {
			var err error
			work, err = compactWork(tx, opt.Full, round == 0)
			return err
		})
		if err != nil {
			return st, fmt.Errorf("index compact: %w", err)
		}
		if !work {
			break
		}
		var plans [numFamilies][][]segInfo
		planned := false
		err = ix.db.Update(func(tx *bolt.Tx) error {
			if round == 0 {
				n, err := dropOrphans(tx)
				st.Orphans = n
				if err != nil {
					return err
				}
			}
			for f := range numFamilies {
				segs, err := segments(tx, f)
				if err != nil {
					return err
				}
				plans[f] = plan(tx, segs, opt.Full)
				for _, group := range plans[f] {
					planned = true
					// Marked inside the transaction that chose them, so that no Write
					// merges them in between.
					ix.setBusy(f, group, true)
					for _, s := range group {
						total += s.entries
					}
				}
			}
			if opt.Full {
				c := tx.Bucket(bucketDeleted).Cursor()
				for k, _ := c.First(); k != nil; k, _ = c.Next() {
					tombs = append(tombs, bytes.Clone(k))
				}
			}
			return nil
		})
		if err != nil {
			for f := range numFamilies {
				for _, group := range plans[f] {
					ix.setBusy(f, group, false)
				}
			}
			return st, fmt.Errorf("index compact: %w", err)
		}
		if !planned {
			break
		}
		err = func() error {
			defer func() {
				for f := range numFamilies {
					for _, group := range plans[f] {
						ix.setBusy(f, group, false)
					}
				}
			}()
			return ix.mergePlans(ctx, &plans, opt, &st, &done, total)
		}()
		if err != nil {
			return st, err
		}
		if opt.Full {
			break // a full merge leaves one segment a family
		}
	}
	if len(tombs) > 0 {
		// Every segment that existed when the tombstones were read is merged now, without
		// their documents; ids are never reused, so no later segment holds them either.
		err := ix.db.Update(func(tx *bolt.Tx) error {
			b := tx.Bucket(bucketDeleted)
			for _, k := range tombs {
				if err := b.Delete(k); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return st, fmt.Errorf("index compact: tombstones: %w", err)
		}
		st.Tombstones = len(tombs)
	}
	return st, nil
}

// mergePlans merges each planned group of segments.
func (ix *Index) mergePlans(ctx context.Context, plans *[numFamilies][][]segInfo, opt CompactOptions, st *CompactStats, done *uint64, total uint64) error {
	for f := range numFamilies {
		for _, group := range plans[f] {
			n, err := ix.mergeApart(ctx, f, group, opt.Full, func(k uint64) {
				if opt.Progress != nil {
					opt.Progress(*done+k, total)
				}
			})
			if err != nil {
				return fmt.Errorf("index compact %s: %w", f, err)
			}
			for _, s := range group {
				*done += s.entries
			}
			st.Merged += len(group)
			st.Entries += n
		}
	}
	return nil
}

// compactWork reports whether Compact has anything to merge, or orphans to delete.
func compactWork(tx *bolt.Tx, full, orphans bool) (bool, error) {
	for f := range numFamilies {
		segs, err := segments(tx, f)
		if err != nil {
			return false, err
		}
		if len(plan(tx, segs, full)) > 0 {
			return true, nil
		}
		if orphans {
			n := 0
			if err := tx.Bucket(segRoot(f)).ForEachBucket(func([]byte) error { n++; return nil }); err != nil {
				return false, err
			}
			if n != len(segs) {
				return true, nil
			}
		}
	}
	return false, nil
}

// plan returns the groups of segs that a compaction merges: all of them in a full one (one
// segment too, while tombstones may hide entries in it), else as tieredPlan groups them.
func plan(tx *bolt.Tx, segs []segInfo, full bool) [][]segInfo {
	if !full {
		return tieredPlan(segs)
	}
	if len(segs) > 1 || len(segs) == 1 && hasTombstones(tx) {
		return [][]segInfo{segs}
	}
	return nil
}

func hasTombstones(tx *bolt.Tx) bool {
	k, _ := tx.Bucket(bucketDeleted).Cursor().First()
	return k != nil
}

// tieredPlan groups segments by level and picks mergeFanIn of a level at a time, the
// smallest first, with no limit on size. A merge goes one level up, where the next round
// may merge it again.
func tieredPlan(segs []segInfo) [][]segInfo {
	byLevel := map[byte][]segInfo{}
	for _, s := range segs {
		if s.level < maxLevel {
			byLevel[s.level] = append(byLevel[s.level], s)
		}
	}
	var plan [][]segInfo
	for l := byte(0); l < maxLevel; l++ {
		group := byLevel[l]
		slices.SortStableFunc(group, func(a, b segInfo) int { return cmpU64(a.entries, b.entries) })
		for ; len(group) >= mergeFanIn; group = group[mergeFanIn:] {
			plan = append(plan, group[:mergeFanIn])
		}
	}
	return plan
}

// dropOrphans deletes segment buckets that no segment record names: compactions cut short.
func dropOrphans(tx *bolt.Tx) (int, error) {
	n := 0
	for f := range numFamilies {
		segs, err := segments(tx, f)
		if err != nil {
			return n, err
		}
		known := map[uint32]bool{}
		for _, s := range segs {
			known[s.id] = true
		}
		root := tx.Bucket(segRoot(f))
		var orphans [][]byte
		err = root.ForEachBucket(func(k []byte) error {
			if len(k) != 4 {
				return fmt.Errorf("%w: segment bucket %x", ErrCorrupt, k)
			}
			if !known[binary.BigEndian.Uint32(k)] {
				orphans = append(orphans, bytes.Clone(k))
			}
			return nil
		})
		if err != nil {
			return n, err
		}
		for _, k := range orphans {
			if err := root.DeleteBucket(k); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}

func (ix *Index) setBusy(f Family, segs []segInfo, busy bool) {
	ix.busyMu.Lock()
	defer ix.busyMu.Unlock()
	if ix.busy == nil {
		ix.busy = map[string]bool{}
	}
	for _, s := range segs {
		if busy {
			ix.busy[string(segKey(f, s.id))] = true
		} else {
			delete(ix.busy, string(segKey(f, s.id)))
		}
	}
}

func (ix *Index) isBusy(f Family, id uint32) bool {
	ix.busyMu.Lock()
	defer ix.busyMu.Unlock()
	return ix.busy[string(segKey(f, id))]
}

// mergeApart merges segs of family f into a new segment over several transactions, leaving
// out the entries of deleted documents, and returns the entries it holds. A full merge's
// segment is put at maxLevel, where Write's merges leave it alone.
func (ix *Index) mergeApart(ctx context.Context, f Family, segs []segInfo, full bool, progress func(uint64)) (uint64, error) {
	bands := ix.cfg.Bands[f].Bands
	var id uint32
	var upper uint64
	level := byte(0)
	for _, s := range segs {
		upper += s.entries
		level = max(level, s.level+1)
	}
	if full {
		level = maxLevel
	}
	level = min(level, maxLevel)
	w := segWriter{bl: newBloom(int(upper))}
	err := ix.db.Update(func(tx *bolt.Tx) error {
		seq, err := tx.Bucket(bucketSegments).NextSequence()
		if err != nil {
			return err
		}
		id = uint32(seq)
		_, err = tx.Bucket(segRoot(f)).CreateBucket(binary.BigEndian.AppendUint32(nil, id))
		return err
	})
	if err != nil {
		return 0, err
	}
	var read uint64
	for band := 0; band < bands; {
		if err := ctx.Err(); err != nil {
			return w.n, err
		}
		err := ix.db.Update(func(tx *bolt.Tx) error {
			w.seg = tx.Bucket(segRoot(f)).Bucket(binary.BigEndian.AppendUint32(nil, id))
			if w.seg == nil {
				return fmt.Errorf("%w: segment %d being merged is gone", ErrCorrupt, id)
			}
			w.seg.FillPercent = 1
			dead := deadDocs(tx)
			written := 0
			for band < bands && written < compactTxEntries {
				es, n, err := bandEntries(tx, f, segs, band, dead)
				if err != nil {
					return err
				}
				read += n
				if err := w.put(band, es); err != nil {
					return err
				}
				written += len(es)
				band++
			}
			return nil
		})
		if err != nil {
			return w.n, err
		}
		releaseMapped(ix.db)
		progress(read)
	}
	err = ix.db.Update(func(tx *bolt.Tx) error {
		if err := w.finish(tx, f, id, level); err != nil {
			return err
		}
		return dropSegments(tx, f, segs)
	})
	if err != nil {
		return w.n, err
	}
	ids := make([]uint32, len(segs))
	for i, s := range segs {
		ids[i] = s.id
	}
	ix.blooms.evict(f, ids)
	return w.n, nil
}

// deadDocs returns a check of whether a document is deleted, caching what it reads.
func deadDocs(tx *bolt.Tx) func(doc uint32) bool {
	deleted := tx.Bucket(bucketDeleted)
	if !hasTombstones(tx) {
		return func(uint32) bool { return false }
	}
	seen := map[uint32]bool{}
	return func(doc uint32) bool {
		gone, ok := seen[doc]
		if !ok {
			gone = deleted.Get(docKey(DocID(doc))) != nil
			seen[doc] = gone
		}
		return gone
	}
}

// bandEntries returns band's live entries of segs, sorted, and how many entries it read.
func bandEntries(tx *bolt.Tx, f Family, segs []segInfo, band int, dead func(uint32) bool) ([]entry, uint64, error) {
	root := tx.Bucket(segRoot(f))
	prefix := binary.BigEndian.AppendUint16(nil, uint16(band))
	var out []entry
	var read uint64
	bounds := []int{0}
	for _, s := range segs {
		seg := root.Bucket(binary.BigEndian.AppendUint32(nil, s.id))
		if seg == nil {
			return nil, read, fmt.Errorf("%w: segment %d of %s missing", ErrCorrupt, s.id, f)
		}
		c := seg.Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			if len(v)%entrySize != 0 {
				return nil, read, fmt.Errorf("%w: chunk of %d bytes", ErrCorrupt, len(v))
			}
			for i := range len(v) / entrySize {
				read++
				if e := decodeEntry(v, i); !dead(e.doc) {
					out = append(out, e)
				}
			}
		}
		bounds = append(bounds, len(out))
	}
	mergeRuns(out, bounds, nil)
	return out, read, nil
}

// dropSegments deletes segs of family f with their records and filters.
func dropSegments(tx *bolt.Tx, f Family, segs []segInfo) error {
	root := tx.Bucket(segRoot(f))
	for _, s := range segs {
		if err := root.DeleteBucket(binary.BigEndian.AppendUint32(nil, s.id)); err != nil {
			return fmt.Errorf("segment %d: %w", s.id, err)
		}
		if err := tx.Bucket(bucketSegments).Delete(segKey(f, s.id)); err != nil {
			return err
		}
		if err := tx.Bucket(bucketBlooms).Delete(segKey(f, s.id)); err != nil {
			return err
		}
	}
	return nil
}
