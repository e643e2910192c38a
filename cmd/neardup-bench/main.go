// Command neardup-bench measures neardup on the real corpora: it builds large indexes from
// them and gates articles against those, reporting latency percentiles and throughput.
//
//	neardup-bench index -o big.db -passages 1000000   # build an index from the corpora
//	neardup-bench gate -index big.db -n 2000          # gate Reuters articles, dry run
//	neardup-bench pairs                               # minhash's test pairs, 0.1-0.9
//	neardup-bench corpus -o big.jsonl -mb 1000        # a 1 GB corpus: the corpora, perturbed
//	neardup-bench e2e -mb 250,500,1000                # time and peak RSS of report and add
//	neardup-bench e2e -mb 250,1000 -rounds 8          # the same, as many copies of each document
//	neardup-bench e2e -mb 250,1000 -rounds 8 -block 125   # the same, blocks that share no story
//
// The corpora are read from ../shared/corpora (see -corpora). Numbers go to stdout.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/dedup"
	"github.com/neardup/neardup/index"
	"github.com/neardup/neardup/internal/serve"
	"github.com/neardup/neardup/report"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: neardup-bench index|gate|pairs|corpus|e2e [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "index":
		err = buildIndex(os.Args[2:])
	case "gate":
		err = gate(os.Args[2:])
	case "pairs":
		err = pairs(os.Args[2:])
	case "corpus":
		err = writeCorpus(os.Args[2:])
	case "e2e":
		err = e2e(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "neardup-bench:", err)
		os.Exit(2)
	}
}

// readCorpus calls fn with each document of a gzipped JSON Lines corpus.
func readCorpus(path string, fn func(id string, text []byte) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return err
	}
	br := bufio.NewReaderSize(zr, 1<<20)
	for {
		line, err := br.ReadBytes('\n')
		if len(line) > 0 {
			var o struct {
				ID   json.RawMessage `json:"id"`
				Text string          `json:"text"`
			}
			if err := json.Unmarshal(line, &o); err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
			if strings.TrimSpace(o.Text) != "" {
				if err := fn(strings.Trim(string(o.ID), `"`), []byte(o.Text)); err != nil {
					return err
				}
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// perturb replaces about share of the words of text, so that repeated rounds of a corpus are
// near-duplicates of each other rather than exact copies.
func perturb(r *rand.Rand, text []byte, share float64) []byte {
	if share == 0 {
		return text
	}
	// Words are replaced in place, so lines and paragraphs keep their shape.
	return word.ReplaceAllFunc(text, func(w []byte) []byte {
		if r.Float64() < share {
			return fmt.Appendf(nil, "x%x", r.Uint32())
		}
		return w
	})
}

var word = regexp.MustCompile(`[^\s]+`)

var errDone = errors.New("done")

// generate calls fn with the documents of the corpora in rounds, chronam, BBC and Reuters in
// each, without end: the first round as they are, each later one with 2 % of the words of
// every document changed, ids prefixed by the round. It returns nil when fn returns errDone.
func generate(dir string, fn func(corpus.Doc) error) error {
	return generateShare(dir, 0, 1, fn)
}

var corpusNames = []string{"chronam-1916-jan-feb.jsonl.gz", "bbc.jsonl.gz", "reuters21578.jsonl.gz"}

// generateShare is generate over share (0 to 1) of each corpus's documents, spread evenly
// through it, and for rounds rounds if rounds > 0.
func generateShare(dir string, rounds int, share float64, fn func(corpus.Doc) error) error {
	r := rand.New(rand.NewPCG(1, 2))
	for round := 0; rounds <= 0 || round < rounds; round++ {
		for _, name := range corpusNames {
			i := 0
			err := readCorpus(filepath.Join(dir, name), func(id string, text []byte) error {
				i++
				if math.Floor(float64(i)*share) == math.Floor(float64(i-1)*share) {
					return nil
				}
				change := 0.0
				if round > 0 {
					change = 0.02
				}
				return fn(corpus.Doc{ID: fmt.Sprintf("%d/%s/%s", round, name[:3], id), Text: perturb(r, text, change)})
			})
			if errors.Is(err, errDone) {
				return nil
			}
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// corporaBytes returns the bytes of text of one round of generate.
func corporaBytes(dir string) (int, error) {
	n := 0
	for _, name := range corpusNames {
		err := readCorpus(filepath.Join(dir, name), func(_ string, text []byte) error {
			n += len(text)
			return nil
		})
		if err != nil {
			return 0, err
		}
	}
	return n, nil
}

func buildIndex(args []string) error {
	fs := flag.NewFlagSet("index", flag.ExitOnError)
	out := fs.String("o", "bench.db", "index file to create")
	passages := fs.Int("passages", 1_000_000, "stop once the index holds this many passages")
	dir := fs.String("corpora", "../shared/corpora", "folder of the corpora")
	batch := fs.Int("batch", 20000, "documents per Add call")
	full := fs.Bool("compact", true, "end with a full compaction, as neardup compact")
	fs.Parse(args)
	if _, err := os.Stat(*out); err == nil {
		return fmt.Errorf("%s exists", *out)
	}
	cfg, err := dedup.IndexConfig(dedup.Params{})
	if err != nil {
		return err
	}
	ix, err := index.Open(*out, cfg, nil)
	if err != nil {
		return err
	}
	defer ix.Close()
	start := time.Now()
	var docs []corpus.Doc
	total, nd := 0, 0
	lastTotal, lastEl := 0, 0.0
	flush := func() error {
		if len(docs) == 0 {
			return nil
		}
		if _, err := dedup.Add(context.Background(), ix, docs, dedup.Params{}, dedup.Options{}); err != nil {
			return err
		}
		nd += len(docs)
		for _, d := range docs {
			id, err := ix.Lookup(d.ID)
			if err != nil {
				return err
			}
			rec, err := ix.Doc(id)
			if err != nil {
				return err
			}
			total += len(rec.Passages)
		}
		docs = docs[:0]
		el := time.Since(start).Seconds()
		size := int64(0)
		if fi, err := os.Stat(*out); err == nil {
			size = fi.Size()
		}
		fmt.Printf("%8d docs %9d passages %7.1f s %7.0f passages/s (%6.0f/s in this batch) %6.0f bytes/passage\n",
			nd, total, el, float64(total)/el, float64(total-lastTotal)/(el-lastEl), float64(size)/float64(total))
		lastTotal, lastEl = total, el
		return nil
	}
	err = generate(*dir, func(d corpus.Doc) error {
		docs = append(docs, d)
		if len(docs) >= *batch {
			if err := flush(); err != nil {
				return err
			}
			if total >= *passages {
				return errDone
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := flush(); err != nil {
		return err
	}
	if *full {
		t0 := time.Now()
		cs, err := ix.Compact(context.Background(), index.CompactOptions{Full: true})
		if err != nil {
			return err
		}
		fmt.Printf("compacted: %d segments merged, %d entries, %.1f s\n", cs.Merged, cs.Entries, time.Since(t0).Seconds())
	}
	fi, _ := os.Stat(*out)
	el := time.Since(start).Seconds()
	fmt.Printf("built %s: %d passages in %.1f s (%.0f passages/s), %d bytes (%.0f per passage)\n",
		*out, total, el, float64(total)/el, fi.Size(), float64(fi.Size())/float64(total))
	return ix.Close()
}

func gate(args []string) error {
	fs := flag.NewFlagSet("gate", flag.ExitOnError)
	path := fs.String("index", "bench.db", "index to gate against (opened read-only: a dry run)")
	n := fs.Int("n", 2000, "articles to gate")
	dir := fs.String("corpora", "../shared/corpora", "folder of the corpora")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the gating here")
	httpClients := fs.Int("http", 0, "gate through the HTTP server (POST /v1/check) with this many concurrent clients")
	change := fs.Float64("change", 0, "replace this share of each article's words first (0.3: mostly new articles, the gate's costliest path)")
	maxRun := fs.Int("maxrun", index.MaxRun, "index.MaxRun: the most items a rewrite band value may hold and still propose candidates")
	fs.Parse(args)
	index.MaxRun = *maxRun
	cfg, err := dedup.IndexConfig(dedup.Params{})
	if err != nil {
		return err
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	ix, err := index.Open(*path, cfg, &index.Options{ReadOnly: *httpClients == 0})
	if err != nil {
		return err
	}
	defer ix.Close()
	g, err := dedup.NewGate(ix, dedup.Params{}, dedup.GateOptions{DryRun: true})
	if err != nil {
		return err
	}
	var docs []corpus.Doc
	errDone := errors.New("done")
	r := rand.New(rand.NewPCG(3, 4))
	err = readCorpus(filepath.Join(*dir, "reuters21578.jsonl.gz"), func(id string, text []byte) error {
		docs = append(docs, corpus.Doc{ID: "gate/" + id, Text: perturb(r, text, *change)})
		if len(docs) >= *n {
			return errDone
		}
		return nil
	})
	if err != nil && !errors.Is(err, errDone) {
		return err
	}
	st, err := ix.Stats()
	if err != nil {
		return err
	}
	lat := make([]time.Duration, 0, len(docs))
	outcomes := map[report.Outcome]int{}
	size := 0
	for _, d := range docs {
		size += len(d.Text)
	}
	start := time.Now()
	mode := "in-process, as the CLI"
	if *httpClients > 0 {
		mode = fmt.Sprintf("HTTP POST /v1/check, %d concurrent clients", *httpClients)
		if lat, err = gateHTTP(ix, docs, *httpClients, outcomes); err != nil {
			return err
		}
	} else {
		type cost struct {
			t time.Duration
			c dedup.GateCounts
			n int
		}
		var costs []cost
		links := 0
		defer func() { fmt.Printf("links (document matches and passage pairs): %d\n", links) }()
		for _, d := range docs {
			before := g.Counts()
			t0 := time.Now()
			dec, err := g.Decide(context.Background(), d)
			if err != nil {
				return err
			}
			t := time.Since(t0)
			lat = append(lat, t)
			outcomes[dec.Outcome]++
			for _, m := range dec.Matches {
				links += max(1, len(m.Passages))
			}
			c := g.Counts()
			costs = append(costs, cost{t: t, n: len(d.Text), c: dedup.GateCounts{Candidates: c.Candidates - before.Candidates,
				Records: c.Records - before.Records, Weighed: c.Weighed - before.Weighed}})
		}
		// Where the slowest articles spend their time, against the typical one.
		slices.SortFunc(costs, func(a, b cost) int { return int(a.t - b.t) })
		show := func(what string, cs []cost) {
			var sum cost
			for _, c := range cs {
				sum.n += c.n
				sum.c.Candidates += c.c.Candidates
				sum.c.Records += c.c.Records
				sum.c.Weighed += c.c.Weighed
			}
			k := max(1, len(cs))
			fmt.Printf("%s: %d articles, mean %d bytes, %d candidates, %d records read, %d weighed\n",
				what, len(cs), sum.n/k, sum.c.Candidates/k, sum.c.Records/k, sum.c.Weighed/k)
		}
		show("all", costs)
		show("slowest 1%", costs[len(costs)*99/100:])
	}
	el := time.Since(start)
	slices.Sort(lat)
	pct := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	fmt.Printf("gate (%s): %d articles against %d documents, %d passages\n", mode, len(docs), st.Docs, st.Passages)
	fmt.Printf("latency p50 %v  p90 %v  p99 %v  max %v\n", pct(0.5).Round(time.Microsecond), pct(0.9).Round(time.Microsecond),
		pct(0.99).Round(time.Microsecond), lat[len(lat)-1].Round(time.Microsecond))
	fmt.Printf("throughput %.0f articles/s, %.2f MB/s; outcomes %v\n", float64(len(docs))/el.Seconds(), float64(size)/el.Seconds()/1e6, outcomes)
	return nil
}

// gateHTTP serves the index on a loopback port and checks docs through it from clients
// goroutines, returning each request's latency as a client sees it.
func gateHTTP(ix *index.Index, docs []corpus.Doc, clients int, outcomes map[report.Outcome]int) ([]time.Duration, error) {
	h, err := serve.NewHandler(ix, dedup.Params{}, serve.Options{})
	if err != nil {
		return nil, err
	}
	defer h.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: h}
	go srv.Serve(ln)
	defer srv.Close()
	url := "http://" + ln.Addr().String() + "/v1/check"
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}, Timeout: time.Minute}
	var (
		mu   sync.Mutex
		lat  []time.Duration
		next atomic.Int64
		eg   errgroup.Group
	)
	for range clients {
		eg.Go(func() error {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(docs) {
					return nil
				}
				body, _ := json.Marshal(map[string]string{"id": docs[i].ID, "text": string(docs[i].Text)})
				t0 := time.Now()
				resp, err := client.Post(url, "application/json", bytes.NewReader(body))
				if err != nil {
					return err
				}
				var dec struct {
					Outcome report.Outcome `json:"outcome"`
				}
				err = json.NewDecoder(resp.Body).Decode(&dec)
				resp.Body.Close()
				d := time.Since(t0)
				if err != nil || resp.StatusCode != http.StatusOK {
					return fmt.Errorf("POST %s: status %d, %v", url, resp.StatusCode, err)
				}
				mu.Lock()
				lat = append(lat, d)
				outcomes[dec.Outcome]++
				mu.Unlock()
			}
		})
	}
	return lat, eg.Wait()
}
