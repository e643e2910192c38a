package index

import (
	"encoding/hex"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// Golden vectors: the record encodings of FORMAT.md, spelt out field by field. They are the
// persisted format: changing one is a format change and needs a new FormatVersion.
var (
	docGolden = []struct {
		name string
		doc  Doc
		hex  string
	}{
		{
			name: "full",
			doc: Doc{
				Name: "seeds/004", Exact: 0x0123456789abcdef, Text: []byte(strings.Repeat("x", 300)),
				Passages: make([]Passage, 2), Sig: []uint32{1, 0xdeadbeef, 0},
			},
			hex: "01" + // version
				"09" + "73656564732f303034" + // name: length 9, "seeds/004"
				"efcdab8967452301" + // exact hash, little-endian
				"ac02" + // text length 300
				"02" + // passages
				"03" + "01000000" + "efbeadde" + "00000000" + // signature: 3 values, little-endian
				"00", // no shingle set
		},
		{
			name: "no signature",
			doc:  Doc{Name: "a"},
			hex:  "01" + "0161" + "0000000000000000" + "00" + "00" + "00" + "00",
		},
		{
			name: "utf-8 name",
			doc:  Doc{Name: "Мінск", Exact: 1, Text: []byte("ab"), Sig: []uint32{0xffffffff}, Shingles: []uint32{3, 9}},
			hex:  "01" + "0a" + "d09cd196d0bdd181d0ba" + "0100000000000000" + "02" + "00" + "01" + "ffffffff" + "02" + "03000000" + "09000000",
		},
	}
	passageGolden = []struct {
		name string
		p    Passage
		hex  string
	}{
		{
			name: "near only",
			p:    Passage{Start: 130, End: 1000, Kind: 2, Words: 45, Exact: 0xfedcba9876543210, Near: []uint32{7, 0x01020304}},
			hex: "01" + // version
				"8201" + // start 130
				"e807" + // end 1000
				"02" + // kind: list
				"2d" + // words 45
				"1032547698badcfe" + // exact hash, little-endian
				"02" + "07000000" + "04030201" + // near signature
				"00" + // no rewrite signature
				"00" + "00" + "00", // no shingle, stem or number sets
		},
		{
			name: "limits",
			p: Passage{Start: 0xffffffff, End: 0xffffffff, Kind: 3, Near: []uint32{0}, Rewrite: []uint32{0xffffffff, 5},
				Shingles: []uint32{1, 2}, Stems: []uint32{7}, Numbers: []uint32{0x10}},
			hex: "01" + "ffffffff0f" + "ffffffff0f" + "03" + "00" + "0000000000000000" + "01" + "00000000" + "02" + "ffffffff" + "05000000" +
				"02" + "01000000" + "02000000" + // shingles
				"01" + "07000000" + // stems
				"01" + "10000000", // numbers
		},
		{
			name: "unsigned",
			p:    Passage{Start: 1, End: 2, Words: 1, Exact: 1},
			hex:  "01" + "01" + "02" + "00" + "01" + "0100000000000000" + "00" + "00" + "00" + "00" + "00",
		},
	}
)

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// docFields is what a document record holds; Text and Passages are stored elsewhere.
func docFields(d Doc) Doc { return Doc{Name: d.Name, Exact: d.Exact, Sig: d.Sig, Shingles: d.Shingles} }

func TestDocGolden(t *testing.T) {
	for _, g := range docGolden {
		t.Run(g.name, func(t *testing.T) {
			if got := hex.EncodeToString(appendDoc(nil, &g.doc)); got != g.hex {
				t.Errorf("appendDoc(%s)=%s, want %s", g.name, got, g.hex)
			}
			// Appending keeps dst.
			if got := appendDoc([]byte{0xaa}, &g.doc); hex.EncodeToString(got) != "aa"+g.hex {
				t.Errorf("appendDoc(dst, %s)=%x, want aa%s", g.name, got, g.hex)
			}
			b := mustHex(t, g.hex)
			got, err := decodeDoc(b)
			if err != nil {
				t.Fatalf("decodeDoc(%s): %v", g.hex, err)
			}
			if want := docFields(g.doc); !reflect.DeepEqual(got, want) {
				t.Errorf("decodeDoc(%s)=%+v, want %+v", g.hex, got, want)
			}
			// The result shares no memory with the record.
			for i := range b {
				b[i] = 0
			}
			if want := docFields(g.doc); !reflect.DeepEqual(got, want) {
				t.Errorf("decodeDoc result changed with its input: %+v, want %+v", got, want)
			}
		})
	}
}

func TestPassageGolden(t *testing.T) {
	for _, g := range passageGolden {
		t.Run(g.name, func(t *testing.T) {
			if got := hex.EncodeToString(appendPassage(nil, &g.p)); got != g.hex {
				t.Errorf("appendPassage(%s)=%s, want %s", g.name, got, g.hex)
			}
			b := mustHex(t, g.hex)
			got, err := decodePassage(b)
			if err != nil {
				t.Fatalf("decodePassage(%s): %v", g.hex, err)
			}
			if !reflect.DeepEqual(got, g.p) {
				t.Errorf("decodePassage(%s)=%+v, want %+v", g.hex, got, g.p)
			}
			for i := range b {
				b[i] = 0
			}
			if !reflect.DeepEqual(got, g.p) {
				t.Errorf("decodePassage result changed with its input: %+v, want %+v", got, g.p)
			}
		})
	}
}

func TestRecordRoundTrip(t *testing.T) {
	docs := []Doc{
		{},
		{Name: strings.Repeat("n", 200), Exact: 42, Sig: make([]uint32, 128)},
		{Name: "x", Sig: []uint32{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}},
	}
	for _, d := range docs {
		got, err := decodeDoc(appendDoc(nil, &d))
		if err != nil || !reflect.DeepEqual(got, docFields(d)) {
			t.Errorf("decodeDoc(appendDoc(%+v))=%+v, %v", d, got, err)
		}
	}
	ps := []Passage{
		{},
		{Start: 1 << 20, End: 1<<20 + 1, Kind: 1, Words: 1 << 31, Exact: 1 << 63, Rewrite: []uint32{9}},
		{Near: make([]uint32, 128), Rewrite: make([]uint32, 128)},
	}
	for _, p := range ps {
		got, err := decodePassage(appendPassage(nil, &p))
		if err != nil || !reflect.DeepEqual(got, p) {
			t.Errorf("decodePassage(appendPassage(%+v))=%+v, %v", p, got, err)
		}
	}
	// An empty signature is written as none and read back as nil.
	got, err := decodePassage(appendPassage(nil, &Passage{Near: []uint32{}}))
	if err != nil || got.Near != nil {
		t.Errorf("decodePassage of an empty near signature: Near=%#v, %v, want nil", got.Near, err)
	}
}

// record is an encoded record with the decoder to use on it.
type record struct {
	name   string
	b      []byte
	decode func([]byte) error
}

// records returns every golden record.
func records(t testing.TB) []record {
	var rs []record
	for _, g := range docGolden {
		rs = append(rs, record{"doc " + g.name, mustHex(t, g.hex), func(b []byte) error { _, err := decodeDoc(b); return err }})
	}
	for _, g := range passageGolden {
		rs = append(rs, record{"passage " + g.name, mustHex(t, g.hex), func(b []byte) error { _, err := decodePassage(b); return err }})
	}
	return rs
}

func TestDecodeRejects(t *testing.T) {
	for _, r := range records(t) {
		t.Run(r.name, func(t *testing.T) {
			for _, v := range []byte{0, 2, 0xff} {
				b := append([]byte{v}, r.b[1:]...)
				if err := r.decode(b); !errors.Is(err, ErrFormat) {
					t.Errorf("decode(version %d)=%v, want ErrFormat", v, err)
				}
			}
			for n := 0; n < len(r.b); n++ {
				if err := r.decode(r.b[:n:n]); !errors.Is(err, ErrCorrupt) {
					t.Errorf("decode(first %d of %d bytes)=%v, want ErrCorrupt", n, len(r.b), err)
				}
			}
			for _, tail := range []string{"00", "01", "ffff"} {
				b := append(append([]byte(nil), r.b...), mustHex(t, tail)...)
				if err := r.decode(b); !errors.Is(err, ErrCorrupt) {
					t.Errorf("decode(record ‖ %s)=%v, want ErrCorrupt", tail, err)
				}
			}
		})
	}
	// Fields that do not fit.
	tests := []struct {
		name   string
		hex    string
		decode func([]byte) error
	}{
		{"varint of 11 bytes", "01" + "ffffffffffffffffffff01", func(b []byte) error { _, err := decodeDoc(b); return err }},
		{"name longer than the record", "01" + "ff01" + "61", func(b []byte) error { _, err := decodeDoc(b); return err }},
		{"huge name length", "01" + "ffffffffffffffff7f", func(b []byte) error { _, err := decodeDoc(b); return err }},
		{"signature longer than the record", "01" + "00" + "0000000000000000" + "00" + "00" + "05" + "01000000",
			func(b []byte) error { _, err := decodeDoc(b); return err }},
		{"signature count 2^40", "01" + "01" + "02" + "00" + "01" + "0100000000000000" + "8080808080" + "20" + "00",
			func(b []byte) error { _, err := decodePassage(b); return err }},
	}
	for _, tt := range tests {
		if err := tt.decode(mustHex(t, tt.hex)); !errors.Is(err, ErrCorrupt) {
			t.Errorf("decode(%s: %s)=%v, want ErrCorrupt", tt.name, tt.hex, err)
		}
	}
}

// sigCountOverflow are records whose signature count n makes 4·n overflow uint64.
var sigCountOverflow = []struct {
	name, hex string
	decode    func([]byte) error
}{
	// near count 2^62: 4·n wraps to 0, so the length check passes with no bytes.
	{"passage near count 2^62", "01" + "01" + "02" + "00" + "01" + "0100000000000000" + "808080808080808040" + "00",
		func(b []byte) error { _, err := decodePassage(b); return err }},
	// doc count 2^62+1: 4·n wraps to 4, and four bytes follow.
	{"doc sig count 2^62+1", "01" + "00" + "0000000000000000" + "00" + "00" + "818080808080808040" + "01000000",
		func(b []byte) error { _, err := decodeDoc(b); return err }},
}

func TestDecodeSigCountOverflow(t *testing.T) {
	for _, tt := range sigCountOverflow {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("decode(%s) panicked: %v", tt.hex, r)
				}
			}()
			if err := tt.decode(mustHex(t, tt.hex)); !errors.Is(err, ErrCorrupt) {
				t.Errorf("decode(%s)=%v, want ErrCorrupt", tt.hex, err)
			}
		})
	}
}
