//! Escaping text for the formats a summary is written in. Every piece of
//! text from an agreement passes through one of these before it is written.

/// Text for HTML or SVG, in content or in a quoted attribute: `&`, `<`, `>`,
/// `"` and `'` become character references, so `<script>` shows as written.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Text for Markdown, in a paragraph, list item, heading or table cell:
/// every character that could start markup (emphasis, links, code, raw
/// HTML, entities, table cells) is escaped with a backslash, and line breaks
/// become spaces, so the text reads exactly as written.
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '&' | '~' | '#' | '!' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_shown_as_written() {
        assert_eq!(
            html("<script>alert(1)</script> & \"x\" 'y'"),
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot; &#39;y&#39;"
        );
        assert_eq!(
            markdown("<script>a|b*c_d</script>"),
            "\\<script\\>a\\|b\\*c\\_d\\</script\\>"
        );
    }
}
