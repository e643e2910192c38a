package radix

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestUint32s(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var s Sorter
	for _, n := range []int{0, 1, 2, 63, 64, 65, 100, 1000, 5000} {
		for _, gen := range []struct {
			name string
			v    func() uint32
		}{
			{"uniform", r.Uint32},
			{"low byte", func() uint32 { return r.Uint32() & 0xff }},
			{"high bytes", func() uint32 { return r.Uint32() &^ 0xffff }},
			{"few", func() uint32 { return uint32(r.IntN(3)) << 20 }},
			{"equal", func() uint32 { return 7 }},
		} {
			a := make([]uint32, n)
			for i := range a {
				a[i] = gen.v()
			}
			want := slices.Sorted(slices.Values(a))
			s.Uint32s(a)
			if !slices.Equal(a, want) {
				t.Errorf("n=%d %s: not sorted", n, gen.name)
			}
		}
	}
}

func FuzzUint32s(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8})
	f.Fuzz(func(t *testing.T, b []byte) {
		a := make([]uint32, 0, len(b))
		for i, c := range b {
			// Spread bytes over the four digits and repeat them, so that long inputs
			// reach the radix path with runs of equal bytes.
			a = append(a, uint32(c)<<(8*(i%4))|uint32(len(b)-i)&0xff)
		}
		for len(a) > 0 && len(a) < minBuckets {
			a = append(a, a...)
		}
		want := slices.Sorted(slices.Values(a))
		new(Sorter).Uint32s(a)
		if !slices.Equal(a, want) {
			t.Fatalf("not sorted: %v", a)
		}
	})
}

func BenchmarkUint32s(b *testing.B) {
	for _, n := range []int{40, 100, 300, 3000} {
		r := rand.New(rand.NewPCG(1, 2))
		in := make([]uint32, n)
		for i := range in {
			in[i] = r.Uint32()
		}
		a := make([]uint32, n)
		b.Run(fmt.Sprintf("buckets/%d", n), func(b *testing.B) {
			b.SetBytes(int64(4 * n))
			b.ReportAllocs()
			var s Sorter
			for b.Loop() {
				copy(a, in)
				s.Uint32s(a)
			}
		})
		b.Run(fmt.Sprintf("pdqsort/%d", n), func(b *testing.B) {
			b.SetBytes(int64(4 * n))
			b.ReportAllocs()
			for b.Loop() {
				copy(a, in)
				slices.Sort(a)
			}
		})
	}
}
