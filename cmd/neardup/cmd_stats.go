package main

import (
	"context"
	"fmt"
	"os"

	"github.com/spf13/pflag"
)

var statsCommand = command{
	summary: "print what an index holds and the parameters it was made with",
	usage:   "--index FILE",
	help: `
Examples:
  neardup stats --index news.db

EXIT STATUS
  0  printed
  2  an error (no such index, or it is in use by a writer)`,
	flags: func(fs *pflag.FlagSet) runner {
		o := &statsOptions{}
		fs.StringVar(&o.index, "index", "", "the bbolt index file")
		return o.run
	},
}

type statsOptions struct{ index string }

func (o *statsOptions) run(ctx context.Context, args []string, e *env) (int, error) {
	if len(args) > 0 {
		return exitError, usageError{"stats takes no arguments"}
	}
	var pf paramFlags
	ix, p, err := openIndex(o.index, &pf, false, true)
	if err != nil {
		return exitError, err
	}
	defer ix.Close()
	st, err := ix.Stats()
	if err != nil {
		return exitError, err
	}
	size := int64(0)
	if fi, err := os.Stat(o.index); err == nil {
		size = fi.Size()
	}
	cfg := ix.Config()
	fmt.Fprintf(e.stdout, "documents     %d\npassages      %d\n", st.Docs, st.Passages)
	fmt.Fprintf(e.stdout, "band keys     doc %d, near %d, rewrite %d\n", st.BandKeys[0], st.BandKeys[1], st.BandKeys[2])
	fmt.Fprintf(e.stdout, "counted       %d short lines, %d stems\n", st.Lines, st.Stems)
	fmt.Fprintf(e.stdout, "file          %d bytes (%d in pages)\n", size, st.Bytes)
	p = p.WithDefaults()
	fmt.Fprintf(e.stdout, "shingles      %s %d-grams\nminhash       %d values, seed %d\n", p.Shingle.Unit, p.Shingle.Size, p.MinHash.Size, p.MinHash.Seed)
	fmt.Fprintf(e.stdout, "near          Jaccard >= %v (%d bands x %d rows)\n", p.NearThreshold, cfg.Bands[1].Bands, cfg.Bands[1].Rows)
	if p.Rewrite() {
		fmt.Fprintf(e.stdout, "rewrite       weighted Jaccard >= %v (%d bands x %d rows)\n", p.RewriteThreshold, cfg.Bands[2].Bands, cfg.Bands[2].Rows)
	} else {
		fmt.Fprintf(e.stdout, "rewrite       off\n")
	}
	return exitOK, nil
}
