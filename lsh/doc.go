// Package lsh finds candidate pairs of MinHash signatures by banding (Indyk & Motwani 1998;
// Leskovec, Rajaraman & Ullman, "Mining of Massive Datasets", ch. 3.4).
//
// A signature of b·r values is cut into b bands of r rows; two signatures become candidates
// when any band is equal, which happens with probability 1-(1-J^r)^b for sets of Jaccard J.
// Optimal picks b and r for a threshold by minimising the weighted areas of false positives
// (below the threshold) and false negatives (above it) under that curve, as datasketch does.
//
// Band hashes are stable (XXH3-64 of the band's little-endian bytes, band number mixed in) so
// that they can be persisted: see index/FORMAT.md.
package lsh
