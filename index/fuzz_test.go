package index

import (
	"errors"
	"reflect"
	"testing"
)

func checkDecodeErr(t *testing.T, b []byte, err error) {
	t.Helper()
	if !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrFormat) {
		t.Fatalf("decode(%x)=%v, want ErrCorrupt or ErrFormat", b, err)
	}
}

func FuzzDecodePassage(f *testing.F) {
	for _, g := range passageGolden {
		f.Add(mustHex(f, g.hex))
	}
	f.Add(mustHex(f, sigCountOverflow[0].hex))
	f.Add([]byte{})
	f.Add([]byte{1})
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := decodePassage(b)
		if err != nil {
			checkDecodeErr(t, b, err)
			return
		}
		enc := appendPassage(nil, &p)
		q, err := decodePassage(enc)
		if err != nil {
			t.Fatalf("decodePassage(appendPassage(%+v)): %v", p, err)
		}
		if !reflect.DeepEqual(p, q) {
			t.Fatalf("decodePassage(%x)=%+v, re-encoded and decoded %+v", b, p, q)
		}
		if len(enc) > len(b) {
			t.Fatalf("re-encoding %x gave %d bytes, more than the %d decoded", b, len(enc), len(b))
		}
	})
}

func FuzzDecodeDoc(f *testing.F) {
	for _, g := range docGolden {
		f.Add(mustHex(f, g.hex))
	}
	f.Add(mustHex(f, sigCountOverflow[1].hex))
	f.Add([]byte{})
	f.Add([]byte{1})
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := decodeDoc(b)
		if err != nil {
			checkDecodeErr(t, b, err)
			return
		}
		enc := appendDoc(nil, &d)
		e, err := decodeDoc(enc)
		if err != nil {
			t.Fatalf("decodeDoc(appendDoc(%+v)): %v", d, err)
		}
		if !reflect.DeepEqual(d, e) {
			t.Fatalf("decodeDoc(%x)=%+v, re-encoded and decoded %+v", b, d, e)
		}
	})
}
