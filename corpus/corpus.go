package corpus

import (
	"bufio"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
)

// DefaultMaxDocBytes is the MaxDocBytes used when Options leaves it zero.
const DefaultMaxDocBytes = 64 << 20

// bufSize is the bufio buffer for JSON Lines input. Lines shorter than it are
// decoded straight out of the buffer with no copy; longer ones are assembled
// in a scratch slice. It is a variable only so that the fuzz test can shrink
// it, which both speeds fuzzing up and drives every line down the long path.
var bufSize = 1 << 20

// Doc is one document.
//
// Read and ReadFS allocate Text afresh for every document and never touch it
// again, so fn may keep it without copying.
type Doc struct {
	// ID names the document. For JSON Lines it is the id field: a string as
	// decoded, a number exactly as written (42 gives "42", 1e3 gives "1e3").
	// For a plain-text file named as an argument it is the path as given; for
	// a file found in a folder, its slash-separated path relative to that
	// folder (or to the root of an fs.FS). Plain text on stdin has ID "-".
	ID string
	// Text is the document text, unmodified: offsets computed elsewhere are
	// UTF-8 byte offsets into it. For JSON Lines it is the decoded string.
	Text []byte
	// Source is the file the document came from, as the user would name it,
	// or "-" for stdin.
	Source string
	// Line is the 1-based line of a JSON Lines document; 0 for a document
	// that is a whole file.
	Line int
}

// Options controls Read and ReadFS. The zero value means defaults.
type Options struct {
	// IDField is the JSON Lines field holding the id; "" means "id".
	IDField string
	// TextField is the JSON Lines field holding the text; "" means "text".
	TextField string
	// SkipBad makes a bad input (a file or a JSON Lines line) count as
	// skipped and reported through OnSkip rather than end the call. A missing
	// path argument is never skipped.
	SkipBad bool
	// OnSkip, if not nil, is called with the *Error for each input skipped
	// under SkipBad, from the goroutine that called Read.
	OnSkip func(err error)
	// MaxDocBytes is the largest document, or JSON Lines line, accepted;
	// 0 or less means DefaultMaxDocBytes. It bounds memory: Read holds at
	// most one document of this size (plus its read buffer) at a time.
	MaxDocBytes int
}

// Stats counts what a Read or ReadFS call did.
type Stats struct {
	Docs    int // documents passed to fn
	Skipped int // bad inputs skipped under Options.SkipBad
}

// Read calls fn for every document under paths, in a deterministic order:
// arguments in the order given, a folder's files in lexical order of their
// slash paths (recursively), a JSON Lines file's lines in order. The path "-"
// means stdin. An empty paths reads nothing; choosing stdin by default is the
// caller's business.
//
// Read stops at the first bad input and returns it as an *Error, unless
// opt.SkipBad is set. It always stops at, and returns, a missing path
// argument. An error from fn, or from ctx, stops Read and is returned as is.
// Stats counts what was done up to that point.
//
// fn is called from the calling goroutine, one document at a time.
func Read(ctx context.Context, paths []string, stdin io.Reader, opt Options, fn func(Doc) error) (Stats, error) {
	r := newReader(ctx, opt, fn)
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return r.stats, err
		}
		var err error
		if p == "-" {
			err = r.readStdin(stdin)
		} else {
			err = r.readPath(p)
		}
		if err != nil {
			return r.stats, err
		}
	}
	return r.stats, nil
}

// ReadFS is Read over the whole of fsys, walked from its root "." as Read
// walks a folder. IDs and Sources are slash paths relative to the root.
// It suits an embed.FS or an fstest.MapFS.
func ReadFS(ctx context.Context, fsys fs.FS, opt Options, fn func(Doc) error) (Stats, error) {
	r := newReader(ctx, opt, fn)
	if err := ctx.Err(); err != nil {
		return r.stats, err
	}
	err := r.walk(fsys, ".", func(p string) string { return p })
	return r.stats, err
}

// docPlace is where an id was first seen, for the duplicate-id message.
type docPlace struct {
	source string
	line   int
}

func (p docPlace) String() string {
	if p.line > 0 {
		return p.source + ":" + strconv.Itoa(p.line)
	}
	return p.source
}

// reader carries the state of one Read or ReadFS call. Its buffers are reused
// from file to file so that a folder of many small files costs no per-file
// buffer allocation.
type reader struct {
	ctx   context.Context
	opt   Options
	fn    func(Doc) error
	stats Stats
	seen  map[string]docPlace

	br      *bufio.Reader // JSON Lines input, Reset per file
	zr      *gzip.Reader  // gzip input, Reset per file
	lineBuf []byte        // scratch for lines longer than br's buffer
}

func newReader(ctx context.Context, opt Options, fn func(Doc) error) *reader {
	if opt.IDField == "" {
		opt.IDField = "id"
	}
	if opt.TextField == "" {
		opt.TextField = "text"
	}
	if opt.MaxDocBytes <= 0 {
		opt.MaxDocBytes = DefaultMaxDocBytes
	}
	return &reader{
		ctx:  ctx,
		opt:  opt,
		fn:   fn,
		seen: make(map[string]docPlace),
	}
}

// bad handles a bad input: it is the error to return, or, under SkipBad, it
// is counted and reported and nil is returned so the caller carries on.
func (r *reader) bad(err *Error) error {
	if !r.opt.SkipBad {
		return err
	}
	r.stats.Skipped++
	if r.opt.OnSkip != nil {
		r.opt.OnSkip(err)
	}
	return nil
}

// emit hands d to fn after the checks that span documents. It returns only
// errors that must stop the call: ctx's, fn's, or an unskipped bad input.
func (r *reader) emit(d Doc) error {
	if err := r.ctx.Err(); err != nil {
		return err
	}
	if first, ok := r.seen[d.ID]; ok {
		return r.bad(&Error{
			Path: d.Source,
			Line: d.Line,
			Err:  fmt.Errorf("%w %q (first seen at %s)", ErrDuplicateID, d.ID, first),
		})
	}
	r.seen[d.ID] = docPlace{d.Source, d.Line}
	r.stats.Docs++
	return r.fn(d)
}

// buffered returns the shared bufio.Reader, reset to read src.
func (r *reader) buffered(src io.Reader) *bufio.Reader {
	if r.br == nil {
		r.br = bufio.NewReaderSize(src, bufSize)
	} else {
		r.br.Reset(src)
	}
	return r.br
}

// gunzip returns the shared gzip.Reader, reset to read src.
func (r *reader) gunzip(src io.Reader) (io.Reader, error) {
	var err error
	if r.zr == nil {
		r.zr, err = gzip.NewReader(src)
	} else {
		err = r.zr.Reset(src)
	}
	if err == io.EOF {
		// gzip reports an empty stream as a clean EOF, but an empty .gz
		// file is not a valid gzip file.
		err = fmt.Errorf("gzip: %w", io.ErrUnexpectedEOF)
	}
	if err != nil {
		return nil, err
	}
	return r.zr, nil
}

// readPath reads one path argument: a folder, or a file of any format.
func (r *reader) readPath(p string) error {
	// Stat follows a symlink: one the user names is followed, even to a
	// folder; only symlinks found inside a walk are restricted.
	info, err := os.Stat(p)
	if err != nil {
		return &Error{Path: p, Err: osError(err)}
	}
	if info.IsDir() {
		return r.walk(os.DirFS(p), ".", func(rel string) string {
			return filepath.Join(p, filepath.FromSlash(rel))
		})
	}
	// Not only regular files: a named pipe such as bash's <(zcat x) is
	// fine as an argument, it just has no size to preallocate.
	f, err := os.Open(p)
	if err != nil {
		return r.bad(&Error{Path: p, Err: osError(err)})
	}
	defer f.Close()
	return r.readFile(f, p, p, p, sizeHint(info))
}

// readFile reads the open file src, choosing its format by name.
func (r *reader) readFile(src io.Reader, name, id, source string, hint int) error {
	switch formatOf(name) {
	case formatJSONL:
		return r.readLines(r.buffered(src), source, 0)
	case formatJSONLGzip:
		zr, err := r.gunzip(src)
		if err != nil {
			return r.bad(&Error{Path: source, Err: err})
		}
		return r.readLines(r.buffered(zr), source, 0)
	case formatTextGzip:
		zr, err := r.gunzip(src)
		if err != nil {
			return r.bad(&Error{Path: source, Err: err})
		}
		return r.readText(zr, nil, 0, id, source)
	default:
		if hint > r.opt.MaxDocBytes {
			// Say so before reading any of it.
			return r.bad(&Error{Path: source, Err: tooLarge(r.opt.MaxDocBytes)})
		}
		return r.readText(src, nil, hint, id, source)
	}
}

// readStdin reads stdin as JSON Lines or as one plain-text document,
// whichever its first non-blank byte suggests, gzip'd or not.
func (r *reader) readStdin(stdin io.Reader) error {
	if stdin == nil {
		return &Error{Path: "-", Err: errNoStdin}
	}
	br := r.buffered(stdin)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := r.gunzip(br)
		if err != nil {
			return r.bad(&Error{Path: "-", Err: err})
		}
		// A second buffer, since the shared one now feeds the gzip
		// reader; stdin is read once per call, so this is one allocation.
		br = bufio.NewReaderSize(zr, bufSize)
	}
	prefix, isJSON, err := sniff(br, r.opt.MaxDocBytes)
	if err != nil {
		return r.bad(&Error{Path: "-", Err: err})
	}
	if isJSON {
		// The prefix is blank, so it only shifts the line numbers.
		return r.readLines(br, "-", countLines(prefix))
	}
	return r.readText(br, prefix, 0, "-", "-")
}

// sniff consumes a leading byte-order mark and JSON white space from br and
// reports whether the next byte opens a JSON object. It returns what it
// consumed, which a plain-text document needs back to stay unmodified.
func sniff(br *bufio.Reader, maxBytes int) (prefix []byte, isJSON bool, err error) {
	if b, _ := br.Peek(len(bom)); string(b) == bom {
		prefix = append(prefix, bom...)
		br.Discard(len(bom))
	}
	for len(prefix) <= maxBytes {
		c, err := br.ReadByte()
		if err == io.EOF {
			return prefix, false, nil
		}
		if err != nil {
			return nil, false, err
		}
		if !isJSONSpace(c) {
			br.UnreadByte()
			return prefix, c == '{', nil
		}
		prefix = append(prefix, c)
	}
	// Over the limit in white space alone: call it text, and let readText
	// report ErrTooLarge.
	return prefix, false, nil
}

// sizeHint is info's size when it is trustworthy, for preallocation.
func sizeHint(info fs.FileInfo) int {
	if info == nil || !info.Mode().IsRegular() || info.Size() < 0 || int64(int(info.Size())) != info.Size() {
		return 0
	}
	return int(info.Size())
}
