// Package corpus reads the documents neardup compares: plain-text files,
// folders of them, JSON Lines files, standard input, and any fs.FS such as
// the embed.FS that carries the seed articles.
//
// # Formats
//
// A file's format follows from its name, ignoring case:
//
//   - *.jsonl and *.ndjson are JSON Lines (https://jsonlines.org/, RFC 8259
//     for JSON itself): one JSON object per line, with the document's id in
//     the "id" field (a string or a number) and its text in "text" (a
//     string). Other fields are ignored; blank lines are skipped.
//   - *.jsonl.gz and *.ndjson.gz are gzip'd (RFC 1952) JSON Lines.
//   - any other *.gz is one gzip'd plain-text document.
//   - anything else is one plain-text document, which must be UTF-8.
//
// Standard input has no name, so it is sniffed: if it starts with the gzip
// magic bytes it is decompressed, and if its first byte that is not JSON
// white space (after an optional byte-order mark) is '{' it is JSON Lines;
// otherwise it is one plain-text document with ID "-".
//
// # Order and ids
//
// Documents come out in a fixed order: arguments as given, each folder's
// files in lexical order of their slash paths, and JSON Lines in line order.
// Ids must be unique across a whole call, because later stages key on them;
// a repeat is reported with ErrDuplicateID. Note that two folder arguments
// holding the same relative path therefore clash.
//
// Folder walks skip hidden names (starting with "."), do not follow symlinks
// to folders, and pass over FIFOs, sockets and devices. Symlinks to files are
// followed. An argument is taken as named: a hidden file or a symlinked
// folder given on the command line is read.
//
// # Errors
//
// Every problem with an input is an *Error carrying the path and, where it
// applies, the line, and wrapping one of the sentinel errors (or the
// operating system's error). By default the first one ends the call. With
// Options.SkipBad it is passed to Options.OnSkip, counted in Stats.Skipped,
// and reading goes on; only a missing path argument still ends the call.
//
// # Caveats
//
// JSON Lines text is the decoded JSON string, so its byte offsets refer to
// the decoded text, not to the line. An escaped lone UTF-16 surrogate such as
// "\ud800" decodes to U+FFFD, as encoding/json does; raw invalid UTF-8 is
// rejected instead.
//
// A gzip file's checksum is only checked at its end, so documents from a
// corrupt file may be delivered before the error is reported; a read error
// ends that file even under SkipBad.
package corpus
