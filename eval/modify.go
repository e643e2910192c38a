package eval

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Category is a kind of modified copy that the robustness test makes of real articles.
type Category string

// The categories, in table order.
const (
	CatExact       Category = "exact"       // an identical copy
	CatLight       Category = "light-edit"  // about 3 % of words substituted, deleted or inserted
	CatHeavy       Category = "heavy-edit"  // about 15 %
	CatOCR         Category = "ocr-noise"   // character errors, hard-wrapped lines, hyphenation
	CatBoilerplate Category = "boilerplate" // wrapped in another site's furniture than the original
	CatAbridged    Category = "abridged"    // the first half of the paragraphs: a partial copy
	CatMerged      Category = "merged"      // the first halves of two originals
	CatReordered   Category = "reordered"   // the paragraphs shuffled
	CatRewrite     Category = "rewrite"     // words substituted and reordered within each sentence
	catBase        Category = "no-copies"   // the originals and distractors alone
	catAll         Category = "all"         // the totals
	minParagraphs           = 3             // an original needs this many, to abridge and merge
	minWords                = 150           // and this many words
)

// Categories lists the categories in table order.
var Categories = []Category{CatExact, CatLight, CatHeavy, CatOCR, CatBoilerplate, CatAbridged, CatMerged, CatReordered, CatRewrite}

// paragraphs splits text at blank lines, and at indented lines (Reuters marks paragraphs so).
func paragraphs(text string) []string {
	var out []string
	var cur []string
	flush := func() {
		if p := strings.TrimSpace(strings.Join(cur, "\n")); p != "" {
			out = append(out, p)
		}
		cur = cur[:0]
	}
	for _, line := range strings.Split(text, "\n") {
		switch {
		case strings.TrimSpace(line) == "":
			flush()
		case strings.HasPrefix(line, "  ") || strings.HasPrefix(line, "\t"):
			flush()
			cur = append(cur, strings.TrimSpace(line))
		default:
			cur = append(cur, line)
		}
	}
	flush()
	return out
}

func join(ps []string) string { return strings.Join(ps, "\n\n") + "\n" }

// editWords substitutes, deletes or inserts about share of the words of each paragraph, with
// words drawn from the article itself, as an editor's changes would.
func editWords(r *rand.Rand, ps []string, share float64) []string {
	var vocab []string
	for _, p := range ps {
		vocab = append(vocab, strings.Fields(p)...)
	}
	out := make([]string, len(ps))
	for i, p := range ps {
		ws := strings.Fields(p)
		var ed []string
		for _, w := range ws {
			if r.Float64() >= share {
				ed = append(ed, w)
				continue
			}
			switch r.IntN(3) {
			case 0: // substitute
				ed = append(ed, vocab[r.IntN(len(vocab))])
			case 1: // delete
			case 2: // insert after
				ed = append(ed, w, vocab[r.IntN(len(vocab))])
			}
		}
		out[i] = strings.Join(ed, " ")
	}
	return out
}

// ocrConfusions are errors OCR engines make on old print.
var ocrConfusions = map[rune][]string{
	'e': {"c", "o"}, 'c': {"e"}, 'l': {"1", "I"}, 'i': {"l", "1"}, 'o': {"0", "e"},
	'a': {"n", "o"}, 'n': {"u", "ri"}, 'u': {"n", "ii"}, 'm': {"rn", "in"}, 'h': {"b", "li"},
	't': {"f", "l"}, 's': {"a", "8"}, 'r': {"i"}, 'd': {"cl"},
}

// ocrNoise garbles about 3 % of letters, inserts stray marks, and hard-wraps the text into
// narrow columns with words hyphenated across lines, as a scanned newspaper page reads.
func ocrNoise(r *rand.Rand, ps []string) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		var b strings.Builder
		for _, c := range strings.Join(strings.Fields(p), " ") {
			x := r.Float64()
			switch {
			case x < 0.02 && unicode.IsLetter(c):
				if subs, ok := ocrConfusions[unicode.ToLower(c)]; ok {
					b.WriteString(subs[r.IntN(len(subs))])
				} else {
					b.WriteRune(c)
				}
			case x < 0.025 && unicode.IsLetter(c): // dropped
			case x < 0.03:
				b.WriteRune(c)
				b.WriteString([]string{".", ",", "'", " ", "-"}[r.IntN(5)])
			default:
				b.WriteRune(c)
			}
		}
		out[i] = wrap(r, b.String(), 30+r.IntN(15))
	}
	return out
}

// wrap breaks text into lines of about width characters, hyphenating some long words.
func wrap(r *rand.Rand, text string, width int) string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		if line != "" && utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) > width {
			if n := len(w); n >= 7 && r.IntN(3) == 0 && isASCII(w) {
				cut := 3 + r.IntN(n-5)
				lines = append(lines, line+" "+w[:cut]+"-")
				line = w[cut:]
				continue
			}
			lines = append(lines, line)
			line = w
			continue
		}
		if line == "" {
			line = w
		} else {
			line += " " + w
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// site is one website's furniture: what precedes, interrupts and follows an article.
type site struct {
	header, inline, footer []string
}

// sites are made-up news sites. Their furniture mixes short lines (menus, buttons) with the
// long paragraphs sites repeat on every page (newsletters, cookie notices, copyright).
var sites = []site{
	{
		header: []string{"Home | World | Business | Sport | Culture", "Sign in", "Subscribe for 1 dollar a week"},
		inline: []string{"Advertisement", "Read more: Our coverage of the week's top stories"},
		footer: []string{"Share this article", "More from The Daily Courier",
			"Get our morning briefing: the day's essential news, analysis and opinion, delivered to your inbox every weekday before 7am. Sign up now and never miss a story that matters to you.",
			"© 2025 The Daily Courier Ltd. All rights reserved. Reproduction in whole or in part without written permission is prohibited."},
	},
	{
		header: []string{"THE MORNING LEDGER", "News Opinion Markets Life", "Search"},
		inline: []string{"Story continues below advertisement", "RELATED: What we know so far"},
		footer: []string{"Comments are closed for this article.",
			"We use cookies to personalise content and ads, to provide social media features and to analyse our traffic. By continuing to browse this site you agree to our use of cookies.",
			"The Morning Ledger is published by Ledger Media Group, 100 Harbour Street."},
	},
	{
		header: []string{"Menu", "Latest news", "Listen to this article"},
		inline: []string{"Continue reading the main story", "Photo: handout"},
		footer: []string{"Follow us on social media", "Previous Article", "Next Article",
			"No time to read? Get a summary of the day's most important stories in five minutes, every evening, from our editors. Download the app to start your free trial today."},
	},
	{
		header: []string{"Breaking", "Local | National | International", "Weather 12°C"},
		inline: []string{"ADVERTISING", "Also read"},
		footer: []string{"Copyright Metro Herald Publications. This material may not be published, broadcast, rewritten or redistributed in any form without prior written consent.",
			"Tags: politics, economy, world", "Back to top"},
	},
}

// wrapSite puts an article into site s's page.
func wrapSite(r *rand.Rand, s site, ps []string) []string {
	out := append([]string(nil), s.header...)
	for i, p := range ps {
		out = append(out, p)
		if i == len(ps)/2 {
			out = append(out, s.inline[r.IntN(len(s.inline))])
		}
	}
	return append(out, s.footer...)
}

var sentenceEnd = regexp.MustCompile(`[.!?]["”’)]?\s+`)

// synonyms turn a few common news words into others.
var synonyms = map[string]string{
	"said": "stated", "says": "states", "rose": "climbed", "fell": "dropped", "rise": "increase",
	"big": "large", "large": "big", "buy": "purchase", "sold": "disposed of", "company": "firm",
	"firm": "company", "government": "administration", "people": "persons", "expected": "forecast",
	"also": "as well", "but": "however", "about": "around", "more": "further", "new": "fresh",
	"shares": "stock", "told": "informed", "after": "following", "because": "since", "percent": "pct",
}

// rewrite retells each sentence: words that carry the facts (names, capitalised inside a
// sentence, and figures) stay; of the others, 40 % are replaced (by a synonym where one is
// known, otherwise by a word of another article, as a rewriter's different wording) and 15 %
// dropped; then the sentence's words are shuffled, so that no word 3-gram survives. Content-
// word Jaccard to the original: median 0.36 over the full evaluation's 300 originals (0.30 to
// 0.44 from the 10th to the 90th percentile), against 0.22-0.28 for the seeds' human
// restatements and 1 for a copy.
func rewrite(r *rand.Rand, ps []string, vocab []string) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		p = strings.Join(strings.Fields(p), " ")
		var sents []string
		last := 0
		for _, m := range sentenceEnd.FindAllStringIndex(p, -1) {
			sents = append(sents, p[last:m[1]])
			last = m[1]
		}
		if last < len(p) {
			sents = append(sents, p[last:])
		}
		for k, s := range sents {
			ws := strings.Fields(s)
			var ed []string
			for n, w := range ws {
				if fact(w, n) {
					ed = append(ed, w)
					continue
				}
				switch x := r.Float64(); {
				case x < 0.40:
					if syn, ok := synonyms[strings.ToLower(strings.Trim(w, ".,;:\"'"))]; ok {
						ed = append(ed, syn)
					} else if len(vocab) > 0 {
						ed = append(ed, vocab[r.IntN(len(vocab))])
					}
				case x < 0.55: // dropped
				default:
					ed = append(ed, w)
				}
			}
			r.Shuffle(len(ed), func(a, b int) { ed[a], ed[b] = ed[b], ed[a] })
			sents[k] = strings.Join(ed, " ")
		}
		out[i] = strings.Join(sents, " ")
	}
	return out
}

// fact reports whether word w, the n-th of its sentence, carries a fact a retelling keeps:
// a figure, or a name (capitalised, past the sentence's first word).
func fact(w string, n int) bool {
	for _, c := range w {
		if unicode.IsDigit(c) {
			return true
		}
	}
	c, _ := utf8.DecodeRuneInString(w)
	return n > 0 && unicode.IsUpper(c)
}

// modify makes the copy of category c of original ps (and of second, for merged).
func modify(r *rand.Rand, c Category, ps, second, vocab []string) string {
	switch c {
	case CatExact:
		return join(ps)
	case CatLight:
		return join(editWords(r, ps, 0.03))
	case CatHeavy:
		return join(editWords(r, ps, 0.15))
	case CatOCR:
		return join(ocrNoise(r, ps))
	case CatAbridged:
		return join(ps[:(len(ps)+1)/2])
	case CatMerged:
		return join(append(append([]string(nil), ps[:(len(ps)+1)/2]...), second[:(len(second)+1)/2]...))
	case CatReordered:
		out := append([]string(nil), ps...)
		for same := true; same; {
			r.Shuffle(len(out), func(a, b int) { out[a], out[b] = out[b], out[a] })
			same = strings.Join(out, "") == strings.Join(ps, "")
		}
		return join(out)
	case CatRewrite:
		return join(rewrite(r, ps, vocab))
	}
	panic("eval: no copy rule for category " + string(c))
}
