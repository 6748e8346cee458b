//! Baked badges: a credential embedded in its PNG or SVG image (Open Badges
//! 3.0, "Baked Badge").
//!
//! - PNG: one `iTXt` chunk with keyword `openbadgecredential`, compression
//!   flag 0, empty language tag and translated keyword, the credential JSON as
//!   text. Baking replaces an existing chunk; extraction reads the first one.
//! - SVG: `xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"` on the root
//!   element and, directly after its start tag, one `<openbadges:credential>`
//!   element holding the JSON in a CDATA section.

use std::io::Read;

use crate::error::{CredentialError, Result};

const PNG_SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];
/// PNG `iTXt` keyword of an OB 3.0 credential.
pub const PNG_KEYWORD: &str = "openbadgecredential";
/// XML namespace of the SVG credential element.
pub const SVG_NAMESPACE: &str = "https://purl.imsglobal.org/ob/v3p0";

/// Format a credential was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BakedFormat {
    /// Plain JSON file.
    Json,
    /// PNG image.
    Png,
    /// SVG image.
    Svg,
}

struct Chunk<'a> {
    kind: [u8; 4],
    data: &'a [u8],
    raw: &'a [u8],
}

fn png_chunks(png: &[u8]) -> Result<Vec<Chunk<'_>>> {
    if !png.starts_with(&PNG_SIGNATURE) {
        return Err(CredentialError::Baking(
            "not a PNG file (signature missing)".into(),
        ));
    }
    let mut chunks = Vec::new();
    let mut offset = PNG_SIGNATURE.len();
    while offset < png.len() {
        let header = png.get(offset..offset + 8).ok_or_else(|| {
            CredentialError::Baking(format!("PNG chunk header at byte {offset} is truncated"))
        })?;
        let length = u32::from_be_bytes(header[..4].try_into().expect("4 bytes")) as usize;
        let end = offset
            .checked_add(12)
            .and_then(|v| v.checked_add(length))
            .filter(|end| *end <= png.len())
            .ok_or_else(|| {
                CredentialError::Baking(format!("PNG chunk at byte {offset} is truncated"))
            })?;
        let kind: [u8; 4] = header[4..8].try_into().expect("4 bytes");
        chunks.push(Chunk {
            kind,
            data: &png[offset + 8..offset + 8 + length],
            raw: &png[offset..end],
        });
        offset = end;
        if &kind == b"IEND" {
            break;
        }
    }
    if chunks.first().map(|c| &c.kind) != Some(b"IHDR") {
        return Err(CredentialError::Baking(
            "PNG does not start with an IHDR chunk".into(),
        ));
    }
    Ok(chunks)
}

fn is_credential_itxt(chunk: &Chunk<'_>) -> bool {
    &chunk.kind == b"iTXt"
        && chunk.data.starts_with(PNG_KEYWORD.as_bytes())
        && chunk.data.get(PNG_KEYWORD.len()) == Some(&0)
}

/// Returns `png` with `credential` (JSON text) baked in; an existing
/// credential chunk is replaced.
///
/// # Errors
/// [`CredentialError::Baking`] if `png` is not a well-formed PNG.
pub fn bake_png(png: &[u8], credential: &str) -> Result<Vec<u8>> {
    let chunks = png_chunks(png)?;
    let mut data = Vec::with_capacity(credential.len() + PNG_KEYWORD.len() + 5);
    data.extend_from_slice(PNG_KEYWORD.as_bytes());
    // keyword NUL, compression flag 0, method 0, empty language NUL, empty translated keyword NUL
    data.extend_from_slice(&[0, 0, 0, 0, 0]);
    data.extend_from_slice(credential.as_bytes());
    let length = u32::try_from(data.len())
        .map_err(|_| CredentialError::Baking("credential too large for a PNG chunk".into()))?;

    let mut out = Vec::with_capacity(png.len() + data.len() + 12);
    out.extend_from_slice(&PNG_SIGNATURE);
    for chunk in &chunks {
        if is_credential_itxt(chunk) {
            continue;
        }
        out.extend_from_slice(chunk.raw);
        if &chunk.kind == b"IHDR" {
            out.extend_from_slice(&length.to_be_bytes());
            let mut crc = crc32fast::Hasher::new();
            crc.update(b"iTXt");
            crc.update(&data);
            out.extend_from_slice(b"iTXt");
            out.extend_from_slice(&data);
            out.extend_from_slice(&crc.finalize().to_be_bytes());
        }
    }
    Ok(out)
}

/// Extracts the credential text from a baked PNG.
///
/// # Errors
/// [`CredentialError::Baking`] if the PNG is malformed or contains no
/// `openbadgecredential` chunk.
pub fn extract_png(png: &[u8]) -> Result<String> {
    let chunks = png_chunks(png)?;
    let chunk = chunks
        .iter()
        .find(|c| is_credential_itxt(c))
        .ok_or_else(|| {
            CredentialError::Baking(format!(
                "the PNG has no iTXt chunk with keyword {PNG_KEYWORD}"
            ))
        })?;
    let rest = &chunk.data[PNG_KEYWORD.len() + 1..];
    let (&compressed, rest) = rest
        .split_first()
        .ok_or_else(|| CredentialError::Baking("iTXt chunk is truncated".into()))?;
    let rest = rest.get(1..).unwrap_or_default();
    let mut fields = rest.splitn(3, |b| *b == 0);
    let (_language, _translated, text) = (fields.next(), fields.next(), fields.next());
    let text = text.ok_or_else(|| CredentialError::Baking("iTXt chunk is truncated".into()))?;
    let bytes = if compressed == 1 {
        // Compression is forbidden when baking, but tolerated when reading.
        let mut out = Vec::new();
        flate2::read::ZlibDecoder::new(text)
            .take(64 * 1024 * 1024)
            .read_to_end(&mut out)
            .map_err(|e| CredentialError::Baking(format!("compressed iTXt text: {e}")))?;
        out
    } else {
        text.to_vec()
    };
    String::from_utf8(bytes).map_err(|_| CredentialError::Baking("iTXt text is not UTF-8".into()))
}

/// Returns `svg` with `credential` (JSON text) baked in.
///
/// # Errors
/// [`CredentialError::Baking`] if there is no `<svg` root element or the
/// image already contains a credential.
pub fn bake_svg(svg: &str, credential: &str) -> Result<String> {
    if svg.contains(SVG_NAMESPACE) && svg.contains(":credential") {
        return Err(CredentialError::Baking(
            "the SVG already contains a credential; bake into the image without one".into(),
        ));
    }
    let start = find_svg_start(svg)?;
    let end = start
        + svg[start..]
            .find('>')
            .ok_or_else(|| CredentialError::Baking("the <svg> start tag is not closed".into()))?;
    if svg[..end].ends_with('/') {
        return Err(CredentialError::Baking(
            "the <svg> element is empty (self-closing)".into(),
        ));
    }
    // "]]>" cannot appear inside CDATA: split it across two sections.
    let cdata = credential.replace("]]>", "]]]]><![CDATA[>");
    let mut out = String::with_capacity(svg.len() + credential.len() + 160);
    out.push_str(&svg[..end]);
    out.push_str(&format!(" xmlns:openbadges=\"{SVG_NAMESPACE}\">"));
    out.push_str("<openbadges:credential><![CDATA[");
    out.push_str(&cdata);
    out.push_str("]]></openbadges:credential>");
    out.push_str(&svg[end + 1..]);
    Ok(out)
}

fn find_svg_start(svg: &str) -> Result<usize> {
    let mut search = 0;
    while let Some(found) = svg[search..].find("<svg") {
        let at = search + found;
        let next = svg[at + 4..].chars().next();
        if next.is_some_and(|c| c.is_whitespace() || c == '>') {
            return Ok(at);
        }
        search = at + 4;
    }
    Err(CredentialError::Baking(
        "no <svg> root element found".into(),
    ))
}

/// Extracts the credential text from a baked SVG: the CDATA or text content
/// of the `credential` element in the OB 3.0 namespace, or its `verify`
/// attribute (the compact JWS form).
///
/// # Errors
/// [`CredentialError::Baking`] if no such element exists.
// NOTE: the namespace must be bound to a prefix (xmlns:PREFIX=…); an SVG that
// makes it the default namespace is not read.
pub fn extract_svg(svg: &str) -> Result<String> {
    let missing = || {
        CredentialError::Baking(format!(
            "the SVG has no credential element in namespace {SVG_NAMESPACE}"
        ))
    };
    let prefix = svg
        .match_indices("xmlns:")
        .find_map(|(at, _)| {
            let rest = &svg[at + 6..];
            let (name, value) = rest.split_once('=')?;
            let value = value.trim_start();
            let quote = value.chars().next()?;
            let value = value.get(1..)?.split(quote).next()?;
            (value == SVG_NAMESPACE).then(|| name.trim().to_owned())
        })
        .ok_or_else(missing)?;
    let open = format!("<{prefix}:credential");
    let at = svg.find(&open).ok_or_else(missing)?;
    let tag_end = at + svg[at..].find('>').ok_or_else(missing)?;
    let tag = &svg[at..tag_end];
    if let Some(position) = tag.find("verify=") {
        let value = &tag[position + 7..];
        let quote = value.chars().next().ok_or_else(missing)?;
        let jws = value[1..].split(quote).next().unwrap_or_default();
        return Ok(jws.to_owned());
    }
    if tag.ends_with('/') {
        return Err(missing());
    }
    let close = format!("</{prefix}:credential>");
    let body_end = tag_end + svg[tag_end..].find(&close).ok_or_else(missing)?;
    let body = &svg[tag_end + 1..body_end];
    let mut text = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(start) = rest.find("<![CDATA[") {
        text.push_str(&unescape_xml(&rest[..start]));
        let after = &rest[start + 9..];
        let end = after.find("]]>").ok_or_else(|| {
            CredentialError::Baking("unterminated CDATA section in the SVG".into())
        })?;
        text.push_str(&after[..end]);
        rest = &after[end + 3..];
    }
    text.push_str(&unescape_xml(rest));
    Ok(text.trim().to_owned())
}

fn unescape_xml(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Reads a credential from a file's bytes: a baked PNG, a baked SVG or JSON.
///
/// # Errors
/// [`CredentialError::Baking`] when no credential is found, and
/// [`CredentialError::Json`] when the text is not JSON.
pub fn extract_credential(bytes: &[u8]) -> Result<(BakedFormat, serde_json::Value)> {
    let (format, text) = if bytes.starts_with(&PNG_SIGNATURE) {
        (BakedFormat::Png, extract_png(bytes)?)
    } else {
        let text = std::str::from_utf8(bytes).map_err(|_| {
            CredentialError::Baking("the file is neither PNG nor UTF-8 text".into())
        })?;
        let trimmed = text.trim_start_matches('\u{feff}').trim_start();
        if trimmed.starts_with('<') {
            (BakedFormat::Svg, extract_svg(text)?)
        } else {
            (BakedFormat::Json, trimmed.to_owned())
        }
    };
    let value = serde_json::from_str(&text)?;
    Ok((format, value))
}
