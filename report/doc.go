// Package report renders what a neardup run found — clusters of duplicate documents
// or passages, boilerplate, and a summary — and what the ingestion gate decided
// about each article, as a text table, CSV, JSON Lines or Markdown.
//
// # Basics
//
// Build a [Report] (its types are in report.go) and call [Write] with a [Format]
// from [ParseFormat]; for the gate, build a [Decision] per article (decision.go)
// and call [WriteDecisions]. Output is deterministic: records come out in report order,
// numbers are formatted without locale, and nothing but the summary's elapsed time
// varies between runs. Snippets are put on one line (every run of white space
// becomes a space) and cut to Options.SnippetWidth runes, the last being "…".
//
// The formats follow these specifications:
//   - table: columns as in `ps`, rendered with github.com/olekukonko/tablewriter v1;
//     ANSI colour (ECMA-48 SGR) only when Options.Color is set.
//   - csv: RFC 4180, written by encoding/csv.
//   - jsonl: JSON Lines (https://jsonlines.org), each line an RFC 8259 object.
//   - markdown: GitHub Flavored Markdown tables (https://github.github.com/gfm/#tables-extension-).
//
// # JSON Lines
//
// The jsonl format is a contract other tools rely on; any change to it is a
// breaking change, and testdata/full.jsonl.golden pins it. Every line is one JSON
// object whose first field, "type", says what it is. Lines come in this order:
// every "cluster", then every "boilerplate", then (from an export of an index) every
// "merge", then exactly one "summary", always
// last (so a reader knows the stream is complete). Fields always appear, in the
// order shown; a consumer should ignore fields it does not know, since new ones
// may be added at the end of an object.
//
// A cluster, one per line, in report order:
//
//	{"type":"cluster","id":1,"level":"passage","tier":"rewrite","size":2,"members":[
//	  {"doc":"004_x.txt","passage":1,"start":0,"end":540,"similarity":1,"tier":"exact","snippet":"…"},
//	  {"doc":"007_y.txt","passage":3,"start":812,"end":1290,"similarity":0.4127,"tier":"rewrite","snippet":"…"}]}
//
// Its fields:
//   - id: integer from 1, the cluster's number in this report.
//   - level: "document" (whole inputs) or "passage" (paragraphs inside them).
//   - tier: the loosest link in the cluster: "exact" (identical after
//     normalisation), "near" (light edits; word-shingle Jaccard), "contained" (a
//     passage copied whole or in part into another; shingle containment) or
//     "rewrite" (the same story reworded; content-word Jaccard, verified).
//   - size: the number of members, at least 1.
//   - members: the representative first, then the others.
//   - doc: the input id as given to neardup (a path or a name).
//   - passage: the passage number within doc, from 1; 0 for a document-level member.
//   - start, end: UTF-8 byte offsets of the member in doc's original text, end
//     exclusive; 0 and the text's length for a document-level member.
//   - similarity: to the representative, from 0 to 1, rounded to 4 decimals; 1
//     for the representative itself.
//   - tier: the tier of this member's link to the representative ("exact" for
//     the representative itself).
//   - snippet: a one-line excerpt, at most Options.SnippetWidth runes.
//
// A boilerplate passage, recurring verbatim across many documents (site
// furniture, not news; it never makes two documents similar):
//
//	{"type":"boilerplate","id":1,"docs":3,"text":"No time to read?","matches":[{"doc":"004_x.txt","start":2210,"end":2226}]}
//
// Its fields:
//   - id: integer from 1.
//   - docs: how many distinct documents hold it.
//   - text: one occurrence, in full, on one line.
//   - matches: every occurrence (possibly several per doc), with byte offsets as above;
//     never null.
//
// A merge, from `neardup export` only: clusters that an earlier export reported apart
// are one now; the "from" ids are gone and their members are in "into":
//
//	{"type":"merge","into":3,"from":[7,9]}
//
// The summary:
//
//	{"type":"summary","documents":5,"passages":42,"skipped":0,"clusters":1,
//	 "tiers":{"exact":0,"near":0,"contained":0,"rewrite":1},"levels":{"document":0,"passage":1},
//	 "boilerplate":4,"elapsed_ms":12}
//
// Its fields:
//   - documents, passages: how many were read; skipped: inputs skipped as bad
//     (with --skip-bad).
//   - clusters: the number of cluster lines; tiers and levels break it down.
//     Both objects always carry all of their keys, 0 when there are none.
//   - boilerplate: the number of boilerplate lines.
//   - elapsed_ms: wall time of the run in whole milliseconds; the one field that
//     differs between identical runs.
//
// # JSON Lines: gate decisions
//
// [WriteDecisions] writes a second stream, under the same rules: one "decision"
// line per article, in input order, then exactly one "summary" line, always last.
// The two streams never share an output, so their summaries, which differ, are
// told apart by the command that produced them (or by the "articles" field).
// testdata/decisions.jsonl.golden pins this stream.
//
// A decision:
//
//	{"type":"decision","doc":"a.txt","outcome":"duplicate","added":false,"revision":false,"reused":0.42,"matches":[
//	  {"doc":"b.txt","level":"passage","tier":"near","similarity":0.83,"passages":[
//	    {"start":0,"end":120,"match_start":40,"match_end":170,"tier":"near","similarity":0.83,
//	     "snippet":"…","match_snippet":"…"}]}]}
//
// Its fields:
//   - doc: the article's id as given to neardup.
//   - outcome: "new" (nothing indexed is like it; it passes), "partial" (it
//     reuses passages of indexed articles, below the gate's limit; it passes),
//     "duplicate" (an exact or near duplicate, or reusing the limit or more; it is
//     rejected), "rewrite" (its passages retell indexed articles for the limit or
//     more of its text; it is rejected) or "unchanged" (the index already holds
//     this id with this very text).
//   - added: whether the article went into the index; false with --dry-run, and
//     always false for duplicate, rewrite and unchanged.
//   - revision: the index held an earlier version under the same id, which this
//     one replaced (or would replace, had it passed).
//   - reused: the share of the article's passage words that match indexed
//     passages, from 0 to 1, rounded to 4 decimals.
//   - matches: the indexed articles it resembles, best first; [] when none. A last match
//     whose doc is the article's own id lists restatements inside the article (passage
//     level); it never counts towards the outcome or reused.
//   - matches[].doc: the indexed article's id.
//   - matches[].level: "document" (the whole article; passages is then []) or
//     "passage" (passages holds at least one element).
//   - matches[].tier, matches[].similarity: as for a cluster member: for a
//     document match, of the whole article; otherwise the best passage's.
//   - passages[].start, end: UTF-8 byte offsets of the passage in the new
//     article, end exclusive; match_start, match_end: the same in the indexed one.
//   - passages[].tier, similarity: of this pair of passages.
//   - passages[].snippet, match_snippet: one-line excerpts of the new and the
//     indexed passage, at most Options.SnippetWidth runes.
//
// The summary:
//
//	{"type":"summary","articles":6,"outcomes":{"new":1,"partial":2,"duplicate":1,"rewrite":1,"unchanged":1},"added":2}
//
// Its fields:
//   - articles: the number of decision lines.
//   - outcomes: how many had each outcome; all five keys always present, 0 when
//     there are none.
//   - added: how many decision lines have added true.
//
// The CSV, table and Markdown forms of decisions have one row per passage match
// (one for a document-level match, one for a decision without matches). CSV
// repeats the decision's and match's fields on every row, leaving match fields
// empty where there is no match and offsets and snippets empty for a document-level
// match; its tier and similarity are the passage match's.
//
// Strings are UTF-8; invalid bytes in input come out as U+FFFD. "<", ">" and "&"
// are not escaped.
//
// # Caveats
//
// Snippets are cut by runes, not terminal columns, so text in wide scripts (CJK)
// makes the table wider than Options.Width. The table sets tablewriter's global
// East Asian width switch off so that output does not depend on the locale.
package report
