//! Word counting for word limits.

use unicode_segmentation::UnicodeSegmentation;

/// Counts the words in `text` by the Unicode word-boundary rules (UAX #29).
///
/// The text is split at default word boundaries, and a segment counts as a word when it
/// contains at least one alphabetic or numeric character. So whitespace, punctuation and emoji
/// do not count. `don't`, `3.14` and `e.g` are one word each, but `well-known` is two because
/// UAX #29 breaks at hyphens. A run of Katakana is one word, while each Han ideograph and each
/// Hiragana character counts as a word, because UAX #29 joins neither of them.
/// This is the rule of `unicode-segmentation`'s `unicode_words` (version 1.13).
pub fn count_words(text: &str) -> usize {
    text.unicode_words().count()
}
