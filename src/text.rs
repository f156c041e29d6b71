//! Text written into other formats (HTML, SVG, XML, Markdown): the one
//! place markup is escaped.

/// Escapes text for XML and HTML, in element content and in quoted
/// attributes alike.
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for Markdown, in a paragraph, list item, heading or table
/// cell: every character that could start markup (emphasis, links, code, raw
/// HTML, entities, table cells) is escaped with a backslash, and line breaks
/// become spaces, so the text reads exactly as written.
pub fn escape_markdown(text: &str) -> String {
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
    fn markup_is_escaped() {
        assert_eq!(
            escape_xml("<script>alert(\"a&b\")</script> it's"),
            "&lt;script&gt;alert(&quot;a&amp;b&quot;)&lt;/script&gt; it&#39;s"
        );
        assert_eq!(
            escape_markdown("<script>a|b*c_d</script>"),
            "\\<script\\>a\\|b\\*c\\_d\\</script\\>"
        );
    }
}
