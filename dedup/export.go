package dedup

import (
	"context"
	"encoding/binary"
	"slices"

	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/index"
	"github.com/neardup/neardup/report"
)

// Export reports the clusters of everything the index holds, as Find would over its
// documents in ingestion order, with cluster ids that stay stable from one export to the
// next: a cluster keeps the id it had as long as it keeps a member it had (it grows, or
// loses some); clusters that became one keep the smallest of their ids and are listed in
// Report.Merges; a new cluster gets a new id. The ids are stored in the index.
func Export(ctx context.Context, ix *index.Index, p Params, opt Options) (*report.Report, error) {
	var docs []corpus.Doc
	err := IndexedDocs(ix, func(d corpus.Doc) error {
		docs = append(docs, d)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ExportDocs(ctx, ix, docs, p, opt)
}

// IndexedDocs calls fn with every document the index holds, in ingestion order, each text a
// copy of its own.
func IndexedDocs(ix *index.Index, fn func(corpus.Doc) error) error {
	return ix.View(func(r *index.Reader) error {
		return r.ForEachDoc(func(_ index.DocID, name string, text []byte) error {
			return fn(corpus.Doc{ID: name, Text: append([]byte(nil), text...)})
		})
	})
}

// ExportDocs is Export of docs, every document the index holds as IndexedDocs gives them:
// a caller that reads them itself can keep their texts where it likes (Options.Spill).
func ExportDocs(ctx context.Context, ix *index.Index, docs []corpus.Doc, p Params, opt Options) (*report.Report, error) {
	var err error
	rep := &report.Report{Summary: report.Summary{ByTier: map[report.Tier]int{}, ByLevel: map[report.Level]int{}}}
	if len(docs) > 0 {
		if rep, err = Find(ctx, docs, p, opt); err != nil {
			return nil, err
		}
	}
	var prev map[string]uint64
	var next uint64
	if err := ix.View(func(r *index.Reader) (err error) {
		prev, next, err = r.Clusters()
		return err
	}); err != nil {
		return nil, err
	}
	ids := map[string]uint64{}
	claimed := map[uint64]bool{}
	for i := range rep.Clusters {
		c := &rep.Clusters[i]
		var had []uint64
		for _, m := range c.Members {
			if id, ok := prev[memberKey(c.Level, m)]; ok && !claimed[id] && !slices.Contains(had, id) {
				had = append(had, id)
			}
		}
		slices.Sort(had)
		var id uint64
		if len(had) == 0 {
			id = next
			next++
		} else {
			id = had[0]
			if len(had) > 1 {
				from := make([]int, len(had)-1)
				for j, h := range had[1:] {
					from[j] = int(h)
				}
				rep.Merges = append(rep.Merges, report.Merge{Into: int(id), From: from})
			}
		}
		for _, h := range had {
			claimed[h] = true
		}
		c.ID = int(id)
		for _, m := range c.Members {
			ids[memberKey(c.Level, m)] = id
		}
	}
	slices.SortFunc(rep.Merges, func(a, b report.Merge) int { return a.Into - b.Into })
	if err := ix.SetClusters(ids, next); err != nil {
		return nil, err
	}
	return rep, nil
}

// memberKey names a cluster member across exports: its level, document id and passage.
func memberKey(level report.Level, m report.Member) string {
	k := append([]byte{level[0]}, m.Doc...)
	k = append(k, 0)
	return string(binary.BigEndian.AppendUint32(k, uint32(m.Passage)))
}
