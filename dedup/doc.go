// Package dedup finds duplicate and near-duplicate documents and passages in a corpus: it
// normalises and splits articles, sets site boilerplate aside, signs passages with MinHash,
// finds candidates by LSH banding, verifies every candidate against its exact similarity, and
// clusters the verified links.
//
// # Tiers
//
//   - exact: identical after normalisation (package shingle);
//   - near: exact Jaccard similarity of word-shingle sets at least NearThreshold — light
//     edits, OCR noise, different boilerplate;
//   - contained (passages only): a passage copied, whole or in part, into another, whose
//     window bounds differ (abridged copies, merged articles, quoted paragraphs): sharing
//     containedShared word shingles or more, containedShare of the smaller passage's, found
//     by winnowed fingerprints;
//   - rewrite (passages only): the same story reworded. Weighted Jaccard similarity of the sets
//     of stemmed content words (stop words and numbers removed), each word weighted by its
//     inverse document frequency ln(1 + N/df) in the corpus, at least RewriteThreshold; both
//     passages prose (15 % stop words or more, which leaves out line-ups and lists of names)
//     of RewriteMinWords words or more, and, when both hold numbers, at least
//     one number in common. It promises "the same story, reworded", not "the same facts".
//
// # Boilerplate
//
// A line that stands on its own (a heading, or a paragraph of one line: never a line inside a
// hard-wrapped paragraph), has at most BoilerplateWords words, and recurs, identical after
// normalisation, in BoilerplateDocs documents or more is boilerplate. Longer lines never are:
// a paragraph that many sites print is a reprint, the very thing to report. Boilerplate is
// reported on its own and takes no part in any passage or document comparison.
//
// # Levels
//
// Document clusters compare each document's text without its boilerplate. Passage clusters
// leave out links between passages of documents that are already in one document cluster, so
// that a copied article is one document cluster, not one passage cluster per paragraph; when
// such a passage joins a cluster with a third document, its identical twins in the copies are
// listed with it.
package dedup
