// Package minhash computes MinHash signatures of shingle sets by one-permutation hashing with
// optimal densification (Li, Owen & Zhang, "One Permutation Hashing", NIPS 2012; Shrivastava,
// "Optimal Densification for Fast and Accurate Minwise Hashing", ICML 2017), and estimates
// Jaccard similarity from them (Broder, "On the resemblance and containment of documents", 1997).
//
// # Basics
//
// Each shingle hash is mixed once with the seed. The high 32 bits of the mix pick one of Size
// bins (Lemire's multiply-shift range reduction); the low 32 bits are the value, and each bin
// keeps its minimum. A bin no shingle fell into borrows the value of the first non-empty bin
// reached by a seeded probe sequence of its own, which is what keeps the estimate unbiased for
// sets smaller than Size. One hash per shingle instead of Size makes signing cost about the same
// as reading the shingles.
//
// The fraction of bins two signatures agree on estimates the Jaccard similarity of their sets.
//
// # Format
//
// A signature is Size uint32 values. Values, bins and probes depend only on the shingle hashes
// and Params, never on the process or the machine; golden vectors in minhash_test.go pin them.
package minhash
