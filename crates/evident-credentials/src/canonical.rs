//! JSON-LD to RDF and RDF Dataset Canonicalization (RDFC-1.0).
//!
//! The output is the canonical N-Quads that jsonld.js `canonize` produces with
//! `algorithm: "RDFC-1.0"` and `safe: true`, which is what the `eddsa-rdfc-2022`
//! cryptosuite hashes. Typed terms keep their datatype on native JSON values
//! (JSON-LD 1.1 value expansion), so `"hashed": true` under the OB 3.0.3
//! context becomes `"true"^^<https://www.w3.org/2001/XMLSchema#boolean>` and
//! `"creditsAvailable": 1.5` becomes `"1.5E0"^^<https://www.w3.org/2001/XMLSchema#float>`.
//!
//! Contexts come only from [`crate::contexts`]. Expansion uses the strict
//! policy: a property that no context defines is an error, as in jsonld.js
//! safe mode, instead of being dropped from what is signed.

use std::collections::HashSet;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use serde_json::Value;
use sophia_api::quad::Spog;
use sophia_api::source::QuadSource;
use sophia_api::term::SimpleTerm;
use sophia_iri::Iri;
use sophia_jsonld::loader::{ClosureLoader, FutureExt};
use sophia_jsonld::{JsonLdOptions, JsonLdParser, Policy};

use crate::contexts::bundled_context;
use crate::error::{CredentialError, Result};

type Dataset = HashSet<Spog<SimpleTerm<'static>>>;

/// Converts a JSON-LD document to RDF and returns its RDFC-1.0 canonical
/// N-Quads (one quad per line, sorted, each line ending in `\n`).
///
/// Safe to call from inside an async runtime: every context is served from
/// memory, so the JSON-LD processor never waits and no runtime is created.
///
/// # Errors
/// [`CredentialError::UnknownContext`] for a context that is not bundled,
/// [`CredentialError::JsonLd`] for an undefined term or invalid JSON-LD, and
/// [`CredentialError::Canonicalization`] if RDFC-1.0 fails.
pub fn canonical_nquads(document: &Value) -> Result<String> {
    check_contexts_are_bundled(document)?;
    check_types_are_defined(document)?;
    let dataset = to_rdf(&with_javascript_numbers(document))?;
    let mut output = Vec::new();
    sophia_c14n::rdfc10::normalize(&dataset, &mut output)
        .map_err(|e| CredentialError::Canonicalization(e.to_string()))?;
    String::from_utf8(output).map_err(|e| CredentialError::Canonicalization(e.to_string()))
}

fn to_rdf(document: &Value) -> Result<Dataset> {
    let options = JsonLdOptions::new()
        .with_no_base()
        .with_expansion_policy(Policy::Strict)
        .with_document_loader_closure(|| {
            ClosureLoader::new(|url: Iri<String>| {
                async move {
                    bundled_context(url.as_str())
                        .map_err(|e| e.to_string())
                        .and_then(|context| {
                            String::from_utf8(context.bytes.to_vec()).map_err(|e| e.to_string())
                        })
                }
                .boxed()
            })
        });
    let parser = JsonLdParser::new_with_options(options);
    let text = serde_json::to_string(document)?;
    let source = poll_to_completion(parser.async_parse_str(&text))?;
    source
        .collect_quads::<Dataset>()
        .map_err(|e| CredentialError::JsonLd(e.to_string()))
}

/// Walks `@context` values (top level and embedded) and rejects remote
/// contexts that are not bundled, so the error names the URL.
fn check_contexts_are_bundled(value: &Value) -> Result<()> {
    match value {
        Value::Object(map) => {
            if let Some(context) = map.get("@context") {
                for entry in as_slice(context) {
                    if let Value::String(url) = entry {
                        bundled_context(url)?;
                    }
                }
            }
            map.values().try_for_each(check_contexts_are_bundled)
        }
        Value::Array(items) => items.iter().try_for_each(check_contexts_are_bundled),
        _ => Ok(()),
    }
}

/// Returns a copy of `document` whose numbers read as jsonld.js reads them,
/// so that their RDF literals match byte for byte.
///
/// jsonld.js parses every JSON number as an IEEE double and then chooses the
/// literal form from JavaScript's `String(value)`:
/// - no `.` in it and below 1e21 (integers, and magnitudes below 1e-6, which
///   `String` writes with an exponent): `value.toFixed(0)`, an integer;
/// - otherwise `value.toExponential(15)` with trailing zeros removed, a
///   double with at most 16 significant digits.
///
/// The Rust JSON-LD processor instead writes `3.0` as a double and keeps all
/// 17 digits, so numbers are rewritten first: integral values below 1e21
/// become JSON integers, magnitudes below 1e-6 become 0, and other values are
/// rounded to 16 significant digits.
// NOTE: three kinds of value still differ from jsonld.js: tiny negative
// values (jsonld.js writes "-0"), integers above 2^53 (it writes the digits
// of the nearest double) and values that round to a whole number at 16
// digits, such as 1.0000000000000002 (it writes "1.0E0", the Rust processor
// "1"). This crate never issues such values.
fn with_javascript_numbers(value: &Value) -> Value {
    match value {
        Value::Number(number) => Value::Number(javascript_number(number)),
        Value::Array(items) => Value::Array(items.iter().map(with_javascript_numbers).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, item)| {
                    let item = if key == "@context" {
                        item.clone()
                    } else {
                        with_javascript_numbers(item)
                    };
                    (key.clone(), item)
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

fn javascript_number(number: &serde_json::Number) -> serde_json::Number {
    const MAX_EXACT_INTEGER: f64 = 9_007_199_254_740_992.0; // 2^53
    const MIN_PLAIN: f64 = 1e-6;
    if number.is_i64() || number.is_u64() {
        return number.clone();
    }
    let Some(value) = number.as_f64() else {
        return number.clone();
    };
    if value.fract() == 0.0 {
        if value.abs() < MAX_EXACT_INTEGER {
            // Exact conversion: an integral value below 2^53.
            return serde_json::Number::from(value as i64);
        }
        if value.abs() < 1e21 {
            return number.clone();
        }
    }
    if value.abs() < MIN_PLAIN {
        return if value > 0.0 {
            serde_json::Number::from(0)
        } else {
            number.clone()
        };
    }
    let rounded: f64 = format!("{value:.15e}").parse().unwrap_or(value);
    serde_json::Number::from_f64(rounded).unwrap_or_else(|| number.clone())
}

/// Rejects `type` values that are neither absolute IRIs nor terms of the
/// document's contexts. JSON-LD would resolve such a value against the base
/// IRI and the RDF conversion would silently drop it; jsonld.js safe mode
/// raises "relative @type reference" instead, and so does this check.
///
/// The term set is every key defined anywhere in the contexts (scoped
/// contexts included), so a term defined only in another scope is accepted
/// here; the strict expansion policy still rejects undefined properties.
fn check_types_are_defined(document: &Value) -> Result<()> {
    let mut terms = HashSet::new();
    collect_context_terms(document, &mut terms)?;
    check_type_values(document, &terms)
}

fn collect_context_terms(value: &Value, terms: &mut HashSet<String>) -> Result<()> {
    match value {
        Value::Object(map) => {
            if let Some(context) = map.get("@context") {
                for entry in as_slice(context) {
                    match entry {
                        Value::String(url) => {
                            let context = bundled_context(url)?;
                            let parsed: Value = serde_json::from_slice(context.bytes)?;
                            collect_defined_keys(&parsed, terms);
                        }
                        other => collect_defined_keys(other, terms),
                    }
                }
            }
            for (key, item) in map {
                if key != "@context" {
                    collect_context_terms(item, terms)?;
                }
            }
            Ok(())
        }
        Value::Array(items) => items
            .iter()
            .try_for_each(|item| collect_context_terms(item, terms)),
        _ => Ok(()),
    }
}

fn collect_defined_keys(value: &Value, terms: &mut HashSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                if !key.starts_with('@') {
                    terms.insert(key.clone());
                }
                collect_defined_keys(item, terms);
            }
        }
        Value::Array(items) => items
            .iter()
            .for_each(|item| collect_defined_keys(item, terms)),
        _ => {}
    }
}

fn check_type_values(value: &Value, terms: &HashSet<String>) -> Result<()> {
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                if key == "@context" {
                    continue;
                }
                if key == "type" || key == "@type" {
                    for entry in as_slice(item) {
                        if let Value::String(name) = entry
                            && !name.contains(':')
                            && !name.starts_with('@')
                            && !terms.contains(name)
                        {
                            return Err(CredentialError::JsonLd(format!(
                                "type {name:?} is not defined by the document's contexts (relative @type reference)"
                            )));
                        }
                    }
                }
                check_type_values(item, terms)?;
            }
            Ok(())
        }
        Value::Array(items) => items
            .iter()
            .try_for_each(|item| check_type_values(item, terms)),
        _ => Ok(()),
    }
}

pub(crate) fn as_slice(value: &Value) -> &[Value] {
    match value {
        Value::Array(items) => items,
        other => std::slice::from_ref(other),
    }
}

/// Drives a future that never waits on I/O (every context is in memory).
fn poll_to_completion<F: Future>(future: F) -> Result<F::Output> {
    // The JSON-LD processor is written as async code but with an in-memory
    // loader every await point is ready at once; the bound only guards against
    // a future version that does wait.
    const MAX_POLLS: usize = 1_000_000;
    let mut future = pin!(future);
    let mut context = Context::from_waker(Waker::noop());
    for _ in 0..MAX_POLLS {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return Ok(output);
        }
        std::thread::yield_now();
    }
    Err(CredentialError::JsonLd(
        "the JSON-LD processor did not complete".to_owned(),
    ))
}
