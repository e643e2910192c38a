package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// e2e times whole runs of the neardup command, as a user runs it, and reads each run's peak
// resident memory from the kernel: report and add of the chronam file, then, with -mb, both
// on generated corpora of those sizes (see writeCorpus), to show how time and memory grow.
func e2e(args []string) error {
	fs := flag.NewFlagSet("e2e", flag.ContinueOnError)
	dir := fs.String("corpora", "../shared/corpora", "folder of the corpora")
	bin := fs.String("neardup", "", "the neardup binary (default: go build ./cmd/neardup)")
	runs := fs.Int("runs", 3, "runs of each chronam measurement (the median is printed)")
	sizes := fs.String("mb", "", "comma-separated corpus sizes in MB to generate and measure, e.g. 250,500,1000")
	tmp := fs.String("tmp", os.TempDir(), "folder for the generated corpora and indexes")
	report := fs.Bool("report", true, "with -mb, run report on the generated corpora too")
	rounds := fs.Int("rounds", 0, "with -mb, generate each size as this many rounds of a share of the corpora (see corpus -rounds)")
	block := fs.Float64("block", 0, "with -mb, generate each size as blocks of this many MB that share no story (see corpus -block)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	work, err := os.MkdirTemp(*tmp, "neardup-e2e-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	if *bin == "" {
		*bin = filepath.Join(work, "neardup")
		if out, err := exec.Command("go", "build", "-o", *bin, "./cmd/neardup").CombinedOutput(); err != nil {
			return fmt.Errorf("go build: %v\n%s", err, out)
		}
	}
	chronam := filepath.Join(*dir, "chronam-1916-jan-feb.jsonl.gz")
	fmt.Printf("| run | input | wall | peak RSS | of it anonymous |\n|---|---|---|---|---|\n")
	median := func(name, input string, cmd func(i int) []string) error {
		var walls []time.Duration
		var rss, anon []int64
		for i := range *runs {
			w, r, a, err := measure(*bin, cmd(i))
			if err != nil {
				return err
			}
			walls, rss, anon = append(walls, w), append(rss, r), append(anon, a)
		}
		slices.Sort(walls)
		slices.Sort(rss)
		slices.Sort(anon)
		fmt.Printf("| %s | %s | %.1f s (of %d: %.1f–%.1f) | %s | %s |\n", name, input, walls[len(walls)/2].Seconds(), len(walls),
			walls[0].Seconds(), walls[len(walls)-1].Seconds(), mib(rss[len(rss)/2]), mib(anon[len(anon)/2]))
		return nil
	}
	if err := median("report -f jsonl", "chronam (100 MB)", func(int) []string { return []string{"report", "-f", "jsonl", chronam} }); err != nil {
		return err
	}
	if err := median("add", "chronam (100 MB)", func(i int) []string {
		return []string{"add", "-q", "--index", filepath.Join(work, "chronam"+strconv.Itoa(i)+".db"), chronam}
	}); err != nil {
		return err
	}
	for _, s := range strings.Split(*sizes, ",") {
		if s == "" {
			continue
		}
		mb, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return fmt.Errorf("-mb %q: %v", s, err)
		}
		path := filepath.Join(work, s+"mb.jsonl")
		size, _, err := makeCorpus(*dir, path, mb, *rounds, *block)
		if err != nil {
			return err
		}
		mb = float64(size) / 1e6 // what was written: whole rounds may not make -mb exactly
		input := fmt.Sprintf("generated, %.0f MB", mb)
		if *rounds > 0 {
			input += fmt.Sprintf(" (%d rounds)", *rounds)
		}
		if *block > 0 {
			input += fmt.Sprintf(" (blocks of %g MB)", *block)
		}
		w, r, a, err := measure(*bin, []string{"add", "-q", "--index", filepath.Join(work, s+"mb.db"), path})
		if err != nil {
			return err
		}
		fmt.Printf("| add | %s | %.1f s (%.1f MB/s) | %s | %s |\n", input, w.Seconds(), mb/w.Seconds(), mib(r), mib(a))
		os.Remove(filepath.Join(work, s+"mb.db"))
		if *report {
			w, r, a, err := measure(*bin, []string{"report", "-f", "jsonl", path})
			if err != nil {
				return err
			}
			fmt.Printf("| report -f jsonl | %s | %.1f s (%.1f MB/s) | %s | %s |\n", input, w.Seconds(), mb/w.Seconds(), mib(r), mib(a))
		}
		os.Remove(path)
	}
	return nil
}

// measure runs neardup with args, its output discarded, and returns the wall time, the peak
// resident set size the kernel recorded for it, and the peak of its anonymous part, sampled
// from /proc every 100 ms (Linux): the rest are pages of mapped files, the page cache's,
// which the kernel can take back.
func measure(bin string, args []string) (wall time.Duration, rss, anon int64, err error) {
	cmd := exec.Command(bin, args...)
	cmd.Stderr = os.Stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, 0, 0, err
	}
	done := make(chan struct{})
	sampled := make(chan int64)
	go func() {
		var peak int64
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			peak = max(peak, rssAnon(cmd.Process.Pid))
			select {
			case <-done:
				sampled <- peak
				return
			case <-t.C:
			}
		}
	}()
	err = cmd.Wait()
	wall = time.Since(start)
	close(done)
	anon = <-sampled
	var ee *exec.ExitError
	if err != nil && !(errors.As(err, &ee) && ee.ExitCode() == 1) { // 1: duplicates found
		return 0, 0, 0, fmt.Errorf("neardup %s: %w", strings.Join(args, " "), err)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss << 10 // Linux reports KiB
	}
	return wall, rss, anon, nil
}

// rssAnon returns the anonymous resident memory of process pid, 0 when unknown.
func rssAnon(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(line, "RssAnon:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

func mib(b int64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }
