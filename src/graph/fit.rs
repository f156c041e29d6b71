//! How much room a text takes, and names wrapped to fit a box: estimates,
//! generous for the widest of the fonts the page names (DejaVu Sans), so
//! that no name runs out of its box.

use super::layout::FONT;

/// About how wide a text of `FONT` pixels is.
/// (Generously, in DejaVu Sans, the widest of the fonts the page names.)
pub fn text_width(text: &str) -> f64 {
    text.chars().map(char_width).sum::<f64>() * FONT
}

/// About how wide a character is, in ems.
fn char_width(c: char) -> f64 {
    match c {
        'i' | 'j' | 'l' | 'f' | 't' | 'r' | 'I' | '.' | ',' | ':' | ';' | '\'' | '(' | ')'
        | '-' | ' ' | '!' | '|' => 0.36,
        'm' | 'w' | 'M' | 'W' | '@' | '%' | '⚠' => 0.95,
        c if c.is_uppercase() => 0.74,
        c if c.is_ascii_digit() => 0.64,
        _ => 0.62,
    }
}

/// Splits a name into lines at most `width` pixels wide, breaking between
/// words (and inside a word only if it is longer than a line). Nothing is
/// left out.
pub fn wrap(text: &str, width: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        while text_width(&word.iter().collect::<String>()) > width && word.len() > 1 {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            let mut fits = 1;
            while fits < word.len()
                && text_width(&word.iter().take(fits + 1).collect::<String>()) <= width
            {
                fits += 1;
            }
            lines.push(word.drain(..fits).collect());
        }
        let word: String = word.into_iter().collect();
        if !line.is_empty() && text_width(&format!("{line} {word}")) > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::layout::TEXT_WIDTH;

    #[test]
    fn names_wrap_without_losing_a_word() {
        let name = "Reduce non-elective (emergency) admissions to hospital";
        let lines = wrap(name, TEXT_WIDTH);
        assert_eq!(lines.join(" "), name);
        assert!(lines.iter().all(|l| text_width(l) <= TEXT_WIDTH));
        assert_eq!(wrap("", TEXT_WIDTH), vec![String::new()]);
        // A word longer than a line is broken, not cut short.
        let long = "W".repeat(40);
        assert_eq!(wrap(&long, TEXT_WIDTH).concat(), long);
    }
}
