//! Character classes: the one definition of a word character.

/// Whether `c` can be part of a word: letters, digits (any script, vulgar
/// fractions included) and combining marks.
pub(crate) fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    // The commonest other characters of news text answer without a table
    // search: Latin letters with accents, and General Punctuation (dashes,
    // curly quotation marks), which holds no word character.
    match c {
        '\u{C0}'..='\u{24F}' => return c != '×' && c != '÷',
        '\u{2000}'..='\u{206F}' => return false,
        _ => {}
    }
    c.is_alphanumeric() || is_combining(c)
}

/// Whether `c` continues a word token: a word character other than an ASCII
/// digit or a vulgar fraction, which the tokenizer keeps apart ("5G" is a
/// number and a word; "2½" a number and a fraction).
pub(crate) fn is_letter(c: char) -> bool {
    is_word_char(c) && !c.is_ascii_digit() && vulgar_fraction(c).is_none()
}

/// Combining marks that continue a word.
fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// The value of a vulgar fraction character ("½" → 0.5).
pub(crate) fn vulgar_fraction(c: char) -> Option<f64> {
    Some(match c {
        '½' => 0.5,
        '¼' => 0.25,
        '¾' => 0.75,
        '⅓' => 1.0 / 3.0,
        '⅔' => 2.0 / 3.0,
        '⅛' => 0.125,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_characters_cover_scripts_digits_and_combining_marks() {
        for c in ['a', 'Z', '7', 'é', 'Ł', 'ж', '٣', '½', '\u{301}'] {
            assert!(is_word_char(c), "{c:?}");
        }
        for c in [' ', '-', '’', '.', '“', '\u{a0}'] {
            assert!(!is_word_char(c), "{c:?}");
        }
        assert!(is_letter('é') && is_letter('٣') && !is_letter('7') && !is_letter('½'));
    }

    /// The ranges answered without a table search answer as the tables do.
    #[test]
    fn shortcut_ranges_match_the_unicode_tables() {
        for c in ('\u{80}'..='\u{2FF}').chain('\u{2000}'..='\u{20FF}') {
            assert_eq!(
                is_word_char(c),
                c.is_alphanumeric() || is_combining(c),
                "{c:?}"
            );
        }
    }
}
