// Package passage splits an article into passages: the units neardup compares below the level
// of whole documents, each with UTF-8 byte offsets into the original text.
//
// # The rule
//
// The text is read as lines (blank lines and surrounding white space dropped). A text is
// hard-wrapped when it has four lines or more and nine in ten of them are at most 100 bytes
// (wire copy, OCR columns); otherwise each line is a paragraph of its own (web articles).
//
// Each line has a kind:
//   - table: it starts with "|";
//   - list item: it starts with "- ", "* ", "• ", "– ", "— ", "· " or a number of up to three
//     digits followed by ". " or ") ";
//   - heading: in a text that is not hard-wrapped, at most 5 words, or at most 20 words that do
//     not end a sentence; in a hard-wrapped text, a block of its own between blank lines with
//     at most 12 words;
//   - text: anything else.
//
// A text line of more than DefaultMaxWords words (a whole article without line breaks) is cut
// into pieces that end at sentence ends once they hold DefaultMinWords words, or anywhere at
// DefaultMaxWords; each piece counts as a line of its own.
//
// A paragraph starts at a blank line, at a change of kind, and at every line of a text that is
// not hard-wrapped; in a hard-wrapped text also at an indented line, and after a line that ends
// a sentence well short of the wrap width.
//
// Passages are then built from the lines the caller keeps (it sets boilerplate aside): runs of
// list items make one list passage and runs of table rows one table passage; headings are set
// aside. Text lines are gathered paragraph by paragraph into windows: a window closes at a
// paragraph end once it holds MinWords words, or at any line once it holds MaxWords. A heading,
// a list, a table or a skipped line closes the window; a window still short of MinWords then
// joins the window before it when nothing separated them, and otherwise stands alone.
package passage
