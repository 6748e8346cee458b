//! Media types and file sizes in the words a teacher reads ("PDF, Word or ODT", "20 MB"),
//! and a check of a file's leading bytes against the type it claims.

/// Names the file format of `media_type` for an educator, such as `PDF` or `Word document`.
/// A type without a known name is returned as it is.
pub fn media_type_name(media_type: &str) -> String {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let name = match essence.as_str() {
        "application/pdf" => "PDF",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => {
            "Word document"
        }
        "application/msword" => "Word 97-2003 document",
        "application/vnd.oasis.opendocument.text" => "ODT",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation" => {
            "PowerPoint presentation"
        }
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => "Excel spreadsheet",
        "application/zip" => "ZIP archive",
        "image/*" => "any image",
        "image/png" => "PNG image",
        "image/jpeg" => "JPEG image",
        "image/gif" => "GIF image",
        "image/webp" => "WebP image",
        "audio/*" => "any audio",
        "audio/mpeg" => "MP3 audio",
        "video/*" => "any video",
        "video/mp4" => "MP4 video",
        "text/plain" => "plain text",
        "text/csv" => "CSV",
        "application/json" => "JSON",
        _ => return essence,
    };
    name.to_owned()
}

/// Lists the formats of `allowed` for an educator, such as `PDF, Word document or ODT`.
/// An empty list accepts any file.
pub fn media_type_names(allowed: &[String]) -> String {
    let names: Vec<String> = allowed
        .iter()
        .map(|media_type| media_type_name(media_type))
        .collect();
    match names.as_slice() {
        [] => "any file".to_owned(),
        [only] => only.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// Formats a size in bytes as `512 bytes`, `340 KB` or `20 MB`, counting 1 KB as 1024 bytes.
pub fn format_size(bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * 1024;
    if bytes < KB {
        format!("{bytes} bytes")
    } else if bytes < MB {
        format!("{} KB", bytes.div_ceil(KB))
    } else if bytes.is_multiple_of(MB) {
        format!("{} MB", bytes / MB)
    } else {
        format!("{:.1} MB", bytes as f64 / MB as f64)
    }
}

/// Guesses the format of a file from its leading bytes, for the formats that have a fixed
/// signature. Returns `None` for anything else, such as binary data of an unknown format.
pub fn sniff_media_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else if bytes.len() >= 8 && &bytes[4..8] == b"ftyp" {
        Some("video/mp4")
    } else if bytes.starts_with(b"ID3") || bytes.starts_with(&[0xFF, 0xFB]) {
        Some("audio/mpeg")
    } else if bytes.starts_with(b"PK\x03\x04") {
        Some("application/zip")
    } else if !bytes.is_empty() && std::str::from_utf8(bytes).is_ok() {
        Some("text/plain")
    } else {
        None
    }
}

/// Checks that the leading bytes of a file fit the type it claims, by the same signatures as
/// [`sniff_media_type`]. Word, PowerPoint, Excel and ODT files are ZIP archives. Types
/// without a known signature fit any content.
pub fn content_fits(media_type: &str, bytes: &[u8]) -> bool {
    let sniffed = sniff_media_type(bytes);
    match media_type {
        "application/pdf" | "image/png" | "image/jpeg" | "image/gif" | "image/webp"
        | "video/mp4" | "audio/mpeg" => sniffed == Some(media_type),
        "text/plain" | "text/csv" | "application/json" => sniffed == Some("text/plain"),
        "application/vnd.oasis.opendocument.text" | "application/zip" => {
            sniffed == Some("application/zip")
        }
        media_type if media_type.starts_with("application/vnd.openxmlformats") => {
            sniffed == Some("application/zip")
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_list_reads_as_a_sentence() {
        let allowed = [
            "application/pdf".to_owned(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document".to_owned(),
            "application/vnd.oasis.opendocument.text".to_owned(),
        ];
        assert_eq!(media_type_names(&allowed), "PDF, Word document or ODT");
        assert_eq!(media_type_names(&allowed[..1]), "PDF");
        assert_eq!(media_type_names(&[]), "any file");
    }

    #[test]
    fn sizes_use_binary_units() {
        assert_eq!(format_size(512), "512 bytes");
        assert_eq!(format_size(2_000), "2 KB");
        assert_eq!(format_size(20 * 1024 * 1024), "20 MB");
        assert_eq!(format_size(1_572_864), "1.5 MB");
    }

    #[test]
    fn text_claimed_as_pdf_does_not_fit() {
        assert!(!content_fits("application/pdf", b"hello"));
        assert!(content_fits("application/pdf", b"%PDF-1.4\n"));
        assert_eq!(sniff_media_type(b"hello"), Some("text/plain"));
    }
}
