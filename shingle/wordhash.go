package shingle

import (
	"encoding/binary"
	"math/bits"
)

// HashWord returns a token's hash: the normalised word's UTF-8 bytes read as little-endian
// 64-bit words (the last one padded with zeros), each folded into a state that starts from
// the length, then the murmur3 finaliser. A word of up to 8 bytes maps to its hash one to
// one, so the short words that make up most text never collide.
func HashWord(w []byte) uint64 {
	h := seedOf(len(w))
	for ; len(w) >= 8; w = w[8:] {
		h = fold(h, binary.LittleEndian.Uint64(w))
	}
	if len(w) > 0 {
		var x uint64
		for i, c := range w {
			x |= uint64(c) << (8 * i)
		}
		h = fold(h, x)
	}
	return fmix(h)
}

func seedOf(n int) uint64 { return uint64(n)*0x9e3779b97f4a7c15 ^ 0x6e65617264757021 }

func fold(h, x uint64) uint64 { return bits.RotateLeft64(h^x, 29) * 0xbf58476d1ce4e5b9 }

// SWAR classification of eight ASCII bytes at a time: a byte of a result is 0x80 where the
// byte of x is of the class, 0 elsewhere.
const (
	ones = 0x0101010101010101
	high = 0x8080808080808080
	low7 = 0x7f7f7f7f7f7f7f7f
)

// wordBytes returns the bytes of x that are ASCII letters or digits, and of those the letters.
func wordBytes(x uint64) (word, letter uint64) {
	ascii := ^x & high
	y := (x | 0x20*ones) & low7 // lower-cased, high bit cleared: sums below cannot carry
	letter = (y + (0x80-'a')*ones) &^ (y + (0x7f-'z')*ones) & high
	d := x & low7
	digit := (d + (0x80-'0')*ones) &^ (d + (0x7f-'9')*ones) & high
	return (letter | digit) & ascii, letter & ascii
}

// hashASCII returns the length of the run of ASCII letters and digits at text[i:], its
// HashWord once lower-cased, and whether it is all digits; 0 when the run is 16 bytes or
// longer or text has fewer than 16 bytes from i, which callers take the slow way. The bytes
// are read eight at a time, classified and lower-cased in registers: no byte is looked at
// alone, and no branch depends on a word's length.
func hashASCII(text []byte, i int) (n int, h uint64, number bool) {
	if i+16 > len(text) {
		return 0, 0, false
	}
	x := binary.LittleEndian.Uint64(text[i:])
	word, letter := wordBytes(x)
	if ends := ^word & high; ends != 0 {
		n = bits.TrailingZeros64(ends) >> 3
		keep := uint64(1)<<(8*n) - 1
		return n, fmix(fold(seedOf(n), (x|word>>2)&keep)), letter&keep == 0
	}
	y := binary.LittleEndian.Uint64(text[i+8:])
	word2, letter2 := wordBytes(y)
	ends := ^word2 & high
	if ends == 0 {
		return 0, 0, false
	}
	m := bits.TrailingZeros64(ends) >> 3
	n = 8 + m
	keep := uint64(1)<<(8*m) - 1
	h = fold(seedOf(n), x|word>>2) // a 0x20 per word byte lower-cases letters and keeps digits
	if m > 0 {
		h = fold(h, (y|word2>>2)&keep)
	}
	return n, fmix(h), (letter | letter2&keep) == 0
}
