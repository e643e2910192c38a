// Package eval measures neardup's accuracy on real news with known answers, through the code
// users run (dedup.Add and the index for LSH recall, dedup.Find and report.Write for the
// rest):
//
//   - LSH recall: the pairs an index of Reuters proposes against every pair at or above the
//     threshold, found exactly by brute force (AllPairs);
//   - robustness: modified copies of BBC News and Reuters articles, one category at a time
//     (Categories), scored against the truth of which original's paragraphs each document
//     holds: recall, precision, F1, and the adjusted Rand index where the truth is a
//     clustering;
//   - precision: every link the truth does not hold, among the copies, the originals and the
//     distractors, and those made by site boilerplate;
//   - natural duplicates: reprints across newspapers in the chronam pages, with a sample
//     written out for reading.
//
// Every random choice follows from Config.Seed, so a run is reproducible. The corpora are
// those of ../shared/corpora (see its README); ErrNoCorpora means one is missing.
package eval
