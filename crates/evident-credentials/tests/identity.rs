//! Issuer identity: did:web derivation, DID documents, Multikey encoding and
//! the key store.

use evident_credentials::did::{DidWeb, did_key, did_key_document, did_web_document_url};
use evident_credentials::keys::{IssuerKey, IssuerKeyStore, KEY_STORE_FILE};
use evident_credentials::multikey;

#[test]
fn did_web_of_bare_host_uses_well_known_path() {
    let did = DidWeb::from_public_url("https://evident.example.org").unwrap();
    assert_eq!(did.did(), "did:web:evident.example.org");
    assert_eq!(did.document_path(), "/.well-known/did.json");
    assert_eq!(
        did.document_url(),
        "https://evident.example.org/.well-known/did.json"
    );
}

#[test]
fn did_web_percent_encodes_port() {
    let did = DidWeb::from_public_url("http://127.0.0.1:8080").unwrap();
    assert_eq!(did.did(), "did:web:127.0.0.1%3A8080");
    assert_eq!(did.document_path(), "/.well-known/did.json");
    assert_eq!(
        did.document_url(),
        "http://127.0.0.1:8080/.well-known/did.json"
    );
}

#[test]
fn did_web_joins_path_segments_with_colons() {
    let did = DidWeb::from_public_url("https://Example.org:8443/districts/north/").unwrap();
    assert_eq!(did.did(), "did:web:example.org%3A8443:districts:north");
    assert_eq!(did.document_path(), "/districts/north/did.json");
    assert_eq!(
        did_web_document_url(did.did()).unwrap(),
        "https://example.org:8443/districts/north/did.json"
    );
}

#[test]
fn did_web_document_url_ignores_fragment() {
    assert_eq!(
        did_web_document_url("did:web:example.org#key-1").unwrap(),
        "https://example.org/.well-known/did.json"
    );
}

#[test]
fn invalid_public_urls_are_rejected() {
    for url in [
        "evident.example.org",
        "ftp://example.org",
        "https://",
        "https://example.org?x=1",
        "https://example.org#top",
        "https://user@example.org",
        "https://example.org:http",
    ] {
        assert!(DidWeb::from_public_url(url).is_err(), "{url}");
    }
}

#[test]
fn did_document_lists_every_key_for_assertion() {
    let mut keys =
        IssuerKeyStore::from_keys(vec![IssuerKey::from_seed("key-1", &[1; 32])]).unwrap();
    keys.rotate().unwrap();
    let did = DidWeb::from_public_url("https://example.org").unwrap();
    let document = did.document(&keys);
    assert_eq!(document["id"], "did:web:example.org");
    assert_eq!(
        document["@context"],
        serde_json::json!([
            "https://www.w3.org/ns/did/v1",
            "https://w3id.org/security/multikey/v1"
        ])
    );
    let methods = document["verificationMethod"].as_array().unwrap();
    assert_eq!(methods.len(), 2);
    assert_eq!(methods[0]["id"], "did:web:example.org#key-1");
    assert_eq!(methods[1]["id"], "did:web:example.org#key-2");
    assert_eq!(methods[0]["type"], "Multikey");
    assert_eq!(methods[0]["controller"], "did:web:example.org");
    assert_eq!(
        methods[0]["publicKeyMultibase"],
        keys.keys()[0].public_key_multibase()
    );
    assert_eq!(
        document["assertionMethod"],
        serde_json::json!(["did:web:example.org#key-1", "did:web:example.org#key-2"])
    );
}

#[test]
fn did_key_resolves_to_fragment_method() {
    let key = IssuerKey::from_seed("key-1", &[3; 32]);
    let did = did_key(&key.verifying_key());
    assert!(did.starts_with("did:key:z6Mk"));
    let document = did_key_document(&did).unwrap();
    let multibase = did.trim_start_matches("did:key:");
    assert_eq!(
        document["verificationMethod"][0]["id"],
        format!("{did}#{multibase}")
    );
    assert_eq!(document["assertionMethod"][0], format!("{did}#{multibase}"));
}

#[test]
fn multikey_round_trips_public_and_secret_keys() {
    let key = IssuerKey::from_seed("key-1", &[5; 32]);
    let public = key.public_key_multibase();
    assert!(public.starts_with("z6Mk"));
    assert_eq!(
        multikey::decode_public_key(&public).unwrap(),
        key.verifying_key()
    );
    assert!(multikey::decode_public_key("z6MkBad").is_err());
    assert!(
        multikey::decode_public_key("6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi").is_err()
    );
}

#[test]
fn key_store_is_created_private_and_reopened() {
    let dir = std::env::temp_dir().join(format!("evident-keys-{}", uuid::Uuid::new_v4()));
    let data_dir = dir.join("data");
    let created = IssuerKeyStore::open_or_create(&data_dir).unwrap();
    assert_eq!(created.keys().len(), 1);
    assert_eq!(created.active().id(), "key-1");

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let dir_mode = std::fs::metadata(&data_dir).unwrap().permissions().mode() & 0o777;
        let file_mode = std::fs::metadata(data_dir.join(KEY_STORE_FILE))
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(dir_mode, 0o700);
        assert_eq!(file_mode, 0o600);
    }

    let reopened = IssuerKeyStore::open_or_create(&data_dir).unwrap();
    assert_eq!(
        reopened.active().public_key_multibase(),
        created.active().public_key_multibase()
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn rotation_adds_key_and_persists_both() {
    let dir = std::env::temp_dir().join(format!("evident-keys-{}", uuid::Uuid::new_v4()));
    let mut store = IssuerKeyStore::open_or_create(&dir).unwrap();
    let first = store.active().public_key_multibase();
    assert_eq!(store.rotate().unwrap(), "key-2");
    let reopened = IssuerKeyStore::open_or_create(&dir).unwrap();
    assert_eq!(reopened.keys().len(), 2);
    assert_eq!(reopened.keys()[0].public_key_multibase(), first);
    assert_eq!(reopened.active().id(), "key-2");
    assert_ne!(reopened.active().public_key_multibase(), first);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn key_store_loads_from_secret_text() {
    let key = IssuerKey::from_seed("key-1", &[8; 32]);
    let store = IssuerKeyStore::from_keys(vec![key.clone()]).unwrap();
    let dir = std::env::temp_dir().join(format!("evident-keys-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("keys.json");
    store.save_to(&path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let from_json = IssuerKeyStore::from_secret_text(&text).unwrap();
    assert_eq!(
        from_json.active().public_key_multibase(),
        key.public_key_multibase()
    );
    let from_file = IssuerKeyStore::load_file(&path).unwrap();
    assert_eq!(
        from_file.active().public_key_multibase(),
        key.public_key_multibase()
    );

    let secret: serde_json::Value = serde_json::from_str(&text).unwrap();
    let bare = secret["keys"][0]["secretKeyMultibase"].as_str().unwrap();
    assert!(bare.starts_with("z3u2"));
    let from_bare = IssuerKeyStore::from_secret_text(bare).unwrap();
    assert_eq!(
        from_bare.active().public_key_multibase(),
        key.public_key_multibase()
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn malformed_secret_text_is_rejected_without_echoing_it() {
    let secret = "z3u2notarealsecretkey";
    let error = IssuerKeyStore::from_secret_text(secret)
        .unwrap_err()
        .to_string();
    assert!(!error.contains("notarealsecretkey"), "{error}");
    assert!(IssuerKeyStore::from_secret_text("{\"keys\": []}").is_err());
}

#[test]
fn debug_output_omits_secret_key() {
    let seed = [0x42; 32];
    let key = IssuerKey::from_seed("key-1", &seed);
    let store = IssuerKeyStore::from_keys(vec![key.clone()]).unwrap();
    let debug = format!("{key:?} {store:?}");
    assert!(debug.contains("key-1"));
    assert!(debug.contains(&key.public_key_multibase()));
    let secret = multikey::encode_secret_key(&ed25519_dalek::SigningKey::from_bytes(&seed));
    assert!(!debug.contains(&secret), "{debug}");
    assert!(!debug.contains("66, 66"), "{debug}");
}
