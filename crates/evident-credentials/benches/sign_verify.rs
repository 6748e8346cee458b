//! Sign and verify throughput of `eddsa-rdfc-2022` credentials.
//!
//! Run with `cargo bench -p evident-credentials --bench sign_verify -- N`
//! (default N = 200). Prints one JSON line per operation with the median,
//! so `interop/ob3/bench.sh` can put it beside the Node libraries' figures
//! for the same credential.

use std::time::Instant;

use evident_credentials::did::did_key;
use evident_credentials::keys::IssuerKey;
use evident_credentials::proof;
use evident_credentials::resolver::LocalResolver;
use evident_credentials::verify::{Outcome, verify_credential};
use serde_json::Value;

fn median_micros(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn report(operation: &str, samples: Vec<f64>) {
    let median = median_micros(samples);
    println!(
        "{{\"implementation\":\"evident-credentials (Rust)\",\"operation\":\"{operation}\",\"median_ms\":{:.3},\"per_second\":{:.1}}}",
        median / 1000.0,
        1_000_000.0 / median
    );
}

fn main() {
    let iterations: usize = std::env::args()
        .skip(1)
        .find_map(|arg| arg.parse().ok())
        .unwrap_or(200);
    let mut credential: Value = serde_json::from_str(include_str!(
        "../tests/data/educator-microcredential.unsigned.json"
    ))
    .expect("fixture is JSON");
    // The status entry needs a published list; both benchmarks leave it out.
    credential
        .as_object_mut()
        .unwrap()
        .remove("credentialStatus");

    let key = IssuerKey::from_seed("key-1", &[21; 32]);
    let did = did_key(&key.verifying_key());
    let method = format!("{did}#{}", key.public_key_multibase());
    credential["issuer"]["id"] = Value::String(did);
    let created = time::OffsetDateTime::now_utc();

    let mut signed = Value::Null;
    let mut sign_samples = Vec::with_capacity(iterations);
    for _ in 0..iterations {
        let start = Instant::now();
        signed = proof::sign(&credential, &key, &method, created).expect("signing succeeds");
        sign_samples.push(start.elapsed().as_secs_f64() * 1e6);
    }
    report("sign", sign_samples);

    let resolver = LocalResolver::new();
    let mut verify_samples = Vec::with_capacity(iterations);
    for _ in 0..iterations {
        let start = Instant::now();
        let result = verify_credential(&signed, &resolver);
        verify_samples.push(start.elapsed().as_secs_f64() * 1e6);
        assert_eq!(result.outcome, Outcome::Valid, "{result:#?}");
    }
    report("verify (proof, key, dates, schema)", verify_samples);
}
