//! Badge images: an SVG drawn for each micro-credential with its title, and one PNG
//! shared by all. Credentials are baked into copies of these (`evident_credentials::baking`).

/// The PNG badge (400 × 400). It is the SVG of [`badge_svg`] without a title, rendered
/// once by headless Chromium; see `assets/README.md`.
pub const BADGE_PNG: &[u8] = include_bytes!("../assets/badge.png");

/// Maximum length of a title line on the badge, in characters.
const LINE_CHARS: usize = 18;
/// Maximum number of title lines on the badge. A longer title ends with an ellipsis.
const MAX_LINES: usize = 3;

/// Returns the badge of a micro-credential as an SVG document with `title` written on it.
pub fn badge_svg(title: &str) -> String {
    let lines = wrap(title);
    let first_y = 262 - 13 * (lines.len() as i32 - 1);
    let mut text = String::new();
    for (number, line) in lines.iter().enumerate() {
        text.push_str(&format!(
            "<tspan x=\"200\" y=\"{}\">{}</tspan>",
            first_y + 26 * number as i32,
            escape_xml(line)
        ));
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"400\" height=\"400\" viewBox=\"0 0 400 400\" role=\"img\" aria-labelledby=\"badge-title\">\
<title id=\"badge-title\">{title}</title>\
<circle cx=\"200\" cy=\"200\" r=\"180\" fill=\"#1d4f91\"/>\
<circle cx=\"200\" cy=\"200\" r=\"160\" fill=\"none\" stroke=\"#f2c14e\" stroke-width=\"10\"/>\
<circle cx=\"200\" cy=\"200\" r=\"144\" fill=\"#ffffff\"/>\
<path d=\"M150 160 l32 32 l68 -76\" fill=\"none\" stroke=\"#1d4f91\" stroke-width=\"24\" stroke-linecap=\"round\" stroke-linejoin=\"round\"/>\
<text font-family=\"DejaVu Sans, Verdana, sans-serif\" font-size=\"20\" font-weight=\"bold\" fill=\"#1d4f91\" text-anchor=\"middle\">{text}</text>\
<text x=\"200\" y=\"330\" font-family=\"DejaVu Sans, Verdana, sans-serif\" font-size=\"16\" fill=\"#4d5560\" text-anchor=\"middle\">EVIDENT</text>\
</svg>\n",
        title = escape_xml(title),
    )
}

/// Splits a title into at most [`MAX_LINES`] lines of about [`LINE_CHARS`] characters,
/// breaking between words.
fn wrap(title: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in title.split_whitespace() {
        let fits = current.chars().count() + 1 + word.chars().count() <= LINE_CHARS;
        if current.is_empty() || fits {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
        } else {
            lines.push(std::mem::take(&mut current));
            current.push_str(word);
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.len() > MAX_LINES {
        lines.truncate(MAX_LINES);
        let last = &mut lines[MAX_LINES - 1];
        let kept: String = last.chars().take(LINE_CHARS - 1).collect();
        *last = format!("{}…", kept.trim_end());
    }
    lines
}

/// Escapes text for XML character data and attribute values.
pub fn escape_xml(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0.
            c if c.is_control() && c != '\t' && c != '\n' && c != '\r' => {}
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_titles_wrap_with_ellipsis() {
        assert_eq!(wrap("Live coding"), ["Live coding"]);
        assert_eq!(
            wrap("Digital formative assessment in practice"),
            ["Digital formative", "assessment in", "practice"]
        );
        let lines = wrap("one two three four five six seven eight nine ten eleven twelve");
        assert_eq!(lines.len(), MAX_LINES);
        assert!(lines[MAX_LINES - 1].ends_with('…'));
    }

    #[test]
    fn titles_are_escaped_in_the_svg() {
        let svg = badge_svg("Tags <b> & \"quotes\"");
        assert!(svg.contains("Tags &lt;b&gt; &amp; &quot;quotes&quot;"));
        assert!(!svg.contains("<b>"));
    }

    #[test]
    fn png_badge_is_a_png() {
        assert_eq!(&BADGE_PNG[..8], b"\x89PNG\r\n\x1a\n");
    }
}
