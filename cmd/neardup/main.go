// Command neardup finds duplicate and near-duplicate news articles and passages.
//
// See the README, or run `neardup help`.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"

	"github.com/spf13/pflag"
	"golang.org/x/term"
)

// Exit codes; see the README. Scripts must treat any other code as failure.
const (
	exitOK          = 0
	exitFound       = 1 // duplicates found (report --fail-on-dups); an article rejected (gate)
	exitError       = 2
	exitInterrupted = 130
)

// command is one subcommand: its flags, its help, and what it does.
type command struct {
	summary string
	usage   string // after "neardup <name> "
	help    string // examples and details, shown by --help
	flags   func(fs *pflag.FlagSet) runner
	// daemon marks a command that runs until it is told to stop: a signal is its normal end,
	// so its own exit code stands instead of 130.
	daemon bool
}

// runner runs a command whose flags have been parsed.
type runner func(ctx context.Context, args []string, env *env) (int, error)

// env is what a command may touch: its streams, and whether they are terminals.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	stdoutTTY      bool
	stderrTTY      bool
	width          int // columns of the terminal on stdout; 0 when it is not one
}

var commands = map[string]command{
	"report":  reportCommand,
	"add":     addCommand,
	"gate":    gateCommand,
	"stats":   statsCommand,
	"rm":      rmCommand,
	"export":  exportCommand,
	"serve":   serveCommand,
	"compact": compactCommand,
	"eval":    evalCommand,
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop() // a second Ctrl-C kills at once
	}()
	e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr,
		stdoutTTY: isTerminal(os.Stdout), stderrTTY: isTerminal(os.Stderr)}
	if e.stdoutTTY {
		if w, _, err := term.GetSize(int(os.Stdout.Fd())); err == nil {
			e.width = w
		}
	}
	code := run(ctx, os.Args[1:], e)
	stop()
	os.Exit(code)
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// run is main without the process: it returns the exit code, so tests can call it.
func run(ctx context.Context, args []string, e *env) int {
	if len(args) == 0 {
		usage(e.stderr)
		return exitError
	}
	name := args[0]
	switch name {
	case "help", "-h", "--help":
		if len(args) > 1 {
			if c, ok := commands[args[1]]; ok {
				fs := pflag.NewFlagSet(args[1], pflag.ContinueOnError)
				c.flags(fs)
				commandHelp(e.stdout, args[1], c, fs)
				return exitOK
			}
			fmt.Fprintf(e.stderr, "neardup: no command %q\n", args[1])
			return exitError
		}
		usage(e.stdout)
		return exitOK
	}
	c, ok := commands[name]
	if !ok {
		fmt.Fprintf(e.stderr, "neardup: unknown command %q\nsee 'neardup help'\n", name)
		return exitError
	}
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.SortFlags = false
	r := c.flags(fs)
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			commandHelp(e.stdout, name, c, fs)
			return exitOK
		}
		fmt.Fprintf(e.stderr, "neardup %s: %v\nsee 'neardup help %s'\n", name, err, name)
		return exitError
	}
	code, err := r(ctx, fs.Args(), e)
	if ctx.Err() != nil && !c.daemon { // whatever the command made of it, an interrupted run did not finish
		fmt.Fprintf(e.stderr, "neardup %s: interrupted\n", name)
		return exitInterrupted
	}
	if err != nil {
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(e.stderr, "neardup %s: %v\nsee 'neardup help %s'\n", name, err, name)
			return exitError
		}
		fmt.Fprintf(e.stderr, "neardup %s: %v\n", name, err)
		return exitError
	}
	return code
}

// usageError is a mistake in the command line.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

func usage(w io.Writer) {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintf(w, "neardup finds duplicate and near-duplicate news articles and passages.\n\n")
	fmt.Fprintf(w, "Usage:\n  neardup <command> [flags] [args]\n\nCommands:\n")
	for _, n := range names {
		fmt.Fprintf(w, "  %-8s %s\n", n, commands[n].summary)
	}
	fmt.Fprintf(w, "\nRun 'neardup help <command>' (or 'neardup <command> --help') for its flags and examples.\n")
	fmt.Fprintf(w, "\nTry it on the embedded seed articles:\n  neardup report\n")
}

func commandHelp(w io.Writer, name string, c command, fs *pflag.FlagSet) {
	fmt.Fprintf(w, "neardup %s: %s\n\nUsage:\n  neardup %s %s\n\nFlags:\n%s", name, c.summary, name, c.usage, fs.FlagUsages())
	if c.help != "" {
		fmt.Fprintf(w, "\n%s\n", strings.TrimSpace(c.help))
	}
}
