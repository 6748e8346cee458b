//! Bitstring Status List encoding and index allocation, and baking into PNG
//! and SVG images.

use std::collections::BTreeSet;

use evident_credentials::baking::{
    BakedFormat, bake_png, bake_svg, extract_credential, extract_png, extract_svg,
};
use evident_credentials::status_list::{
    Bitstring, MIN_LIST_LENGTH, StatusPurpose, allocate_index, status_entry, status_list_credential,
};
use serde_json::json;

#[test]
fn index_zero_is_most_significant_bit_of_first_byte() {
    let mut list = Bitstring::new(16);
    list.set(0, true).unwrap();
    list.set(9, true).unwrap();
    let decoded = Bitstring::decode(&list.encode()).unwrap();
    assert!(decoded.get(0).unwrap());
    assert!(!decoded.get(1).unwrap());
    assert!(decoded.get(9).unwrap());
    // Decompress by hand: byte 0 = 0b1000_0000, byte 1 = 0b0100_0000.
    let encoded = list.encode();
    let compressed = base64_url_decode(&encoded[1..]);
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(compressed.as_slice()),
        &mut bytes,
    )
    .unwrap();
    assert_eq!(bytes, vec![0x80, 0x40]);
}

fn base64_url_decode(text: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text)
        .unwrap()
}

#[test]
fn encoded_list_is_multibase_base64url() {
    let encoded = Bitstring::new(MIN_LIST_LENGTH).encode();
    assert!(encoded.starts_with('u'));
    assert!(!encoded.contains('='));
    assert!(!encoded.contains('+') && !encoded.contains('/'));
    assert_eq!(Bitstring::decode(&encoded).unwrap().len(), MIN_LIST_LENGTH);
}

#[test]
fn out_of_range_bit_is_an_error() {
    let mut list = Bitstring::new(8);
    assert!(list.get(8).is_err());
    assert!(list.set(8, true).is_err());
}

#[test]
fn malformed_encoded_list_is_rejected() {
    assert!(Bitstring::decode("zabc").is_err());
    assert!(Bitstring::decode("u!!!").is_err());
    assert!(Bitstring::decode("uAAAA").is_err());
}

#[test]
fn allocated_indices_are_unused_and_in_range() {
    let mut used = BTreeSet::new();
    for _ in 0..200 {
        let index = allocate_index(&used, 256).unwrap();
        assert!(index < 256);
        assert!(used.insert(index), "index {index} allocated twice");
    }
    let full: BTreeSet<usize> = (0..4).collect();
    assert!(allocate_index(&full, 4).is_err());
}

#[test]
fn allocated_indices_are_spread_over_the_list() {
    let used = BTreeSet::new();
    let draws: Vec<usize> = (0..64)
        .map(|_| allocate_index(&used, MIN_LIST_LENGTH).unwrap())
        .collect();
    let upper_half = draws.iter().filter(|i| **i >= MIN_LIST_LENGTH / 2).count();
    // 64 fair coin flips: all in one half has probability 2^-63.
    assert!(upper_half > 0 && upper_half < 64);
}

#[test]
fn status_entry_writes_index_as_string() {
    let entry = status_entry("https://example.org/status/1", 7, StatusPurpose::Revocation);
    assert_eq!(entry["statusListIndex"], "7");
    assert_eq!(entry["id"], "https://example.org/status/1#7");
    assert_eq!(entry["statusPurpose"], "revocation");
}

#[test]
fn status_list_credential_has_required_shape() {
    let list = status_list_credential(
        "https://example.org/status/1",
        "did:web:example.org",
        StatusPurpose::Revocation,
        MIN_LIST_LENGTH,
        [3],
        time::OffsetDateTime::UNIX_EPOCH,
    )
    .unwrap();
    assert_eq!(
        list["@context"],
        json!(["https://www.w3.org/ns/credentials/v2"])
    );
    assert_eq!(
        list["type"],
        json!(["VerifiableCredential", "BitstringStatusListCredential"])
    );
    assert_eq!(list["credentialSubject"]["type"], "BitstringStatusList");
    let bits =
        Bitstring::decode(list["credentialSubject"]["encodedList"].as_str().unwrap()).unwrap();
    assert!(bits.get(3).unwrap());
    assert!(!bits.get(2).unwrap());
    assert!(
        status_list_credential(
            "https://e.org/s",
            "did:web:e.org",
            StatusPurpose::Revocation,
            1024,
            [],
            time::OffsetDateTime::UNIX_EPOCH
        )
        .is_err()
    );
}

const PNG: &[u8] = include_bytes!("data/badge.png");
const SVG: &str = include_str!("data/badge.svg");

#[test]
fn png_round_trips_credential() {
    let credential = r#"{"id":"urn:uuid:1","name":"Ünïcode badge"}"#;
    let baked = bake_png(PNG, credential).unwrap();
    assert_eq!(extract_png(&baked).unwrap(), credential);
    let (format, value) = extract_credential(&baked).unwrap();
    assert_eq!(format, BakedFormat::Png);
    assert_eq!(value["name"], "Ünïcode badge");
}

#[test]
fn png_chunk_is_uncompressed_itxt_after_ihdr() {
    let baked = bake_png(PNG, "{}").unwrap();
    // signature (8) + IHDR (4 + 4 + 13 + 4) = 33: the next chunk is ours.
    assert_eq!(&baked[37..41], b"iTXt");
    let data_start = 41;
    assert_eq!(&baked[data_start..data_start + 19], b"openbadgecredential");
    assert_eq!(&baked[data_start + 19..data_start + 24], &[0, 0, 0, 0, 0]);
    let length = u32::from_be_bytes(baked[33..37].try_into().unwrap()) as usize;
    let crc = crc32fast::hash(&baked[37..41 + length]);
    assert_eq!(&baked[41 + length..45 + length], &crc.to_be_bytes());
}

#[test]
fn rebaking_png_replaces_the_credential() {
    let once = bake_png(PNG, r#"{"n":1}"#).unwrap();
    let twice = bake_png(&once, r#"{"n":2}"#).unwrap();
    assert_eq!(extract_png(&twice).unwrap(), r#"{"n":2}"#);
    let count = twice
        .windows(19)
        .filter(|w| *w == b"openbadgecredential")
        .count();
    assert_eq!(count, 1);
}

#[test]
fn png_without_credential_is_an_error() {
    assert!(extract_png(PNG).is_err());
    assert!(bake_png(b"not a png", "{}").is_err());
}

#[test]
fn svg_round_trips_credential() {
    let credential = r#"{"id":"urn:uuid:1","narrative":"a <b> & ]]> c"}"#;
    let baked = bake_svg(SVG, credential).unwrap();
    assert!(baked.contains("xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\""));
    assert!(baked.contains("<openbadges:credential><![CDATA["));
    assert_eq!(extract_svg(&baked).unwrap(), credential);
    let (format, value) = extract_credential(baked.as_bytes()).unwrap();
    assert_eq!(format, BakedFormat::Svg);
    assert_eq!(value["narrative"], "a <b> & ]]> c");
}

#[test]
fn svg_credential_element_follows_svg_start_tag() {
    let baked = bake_svg(SVG, "{}").unwrap();
    let svg_tag_end =
        baked.find("<svg").unwrap() + baked[baked.find("<svg").unwrap()..].find('>').unwrap();
    assert!(baked[svg_tag_end + 1..].starts_with("<openbadges:credential>"));
}

#[test]
fn svg_with_other_prefix_and_escaped_text_is_read() {
    let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:ob='https://purl.imsglobal.org/ob/v3p0'><ob:credential>{"a":"&lt;x&gt;"}</ob:credential></svg>"#;
    assert_eq!(extract_svg(svg).unwrap(), r#"{"a":"<x>"}"#);
}

#[test]
fn svg_rebake_is_rejected() {
    let baked = bake_svg(SVG, "{}").unwrap();
    assert!(bake_svg(&baked, "{}").is_err());
    assert!(extract_svg(SVG).is_err());
}
