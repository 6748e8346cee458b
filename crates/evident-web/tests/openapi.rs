//! The OpenAPI description served at `/openapi.json` names every JSON route of the
//! router, with its method, so API clients never meet an undocumented endpoint.

use serde_json::Value;

/// Routes that respond with JSON for programs rather than with pages for people.
fn answers_json(path: &str) -> bool {
    path.starts_with("/api/")
        || path.starts_with("/ims/")
        || path.starts_with("/status/")
        || path == "/healthz"
        || (path.ends_with(".json") && path != "/openapi.json")
}

#[test]
fn openapi_describes_every_json_route() {
    let spec: Value = serde_json::from_str(include_str!("../openapi.json")).unwrap();
    let missing: Vec<String> = evident_web::ROUTES
        .iter()
        .filter(|(_, path, _)| answers_json(path))
        .filter(|(method, path, _)| !spec["paths"][*path][method.to_lowercase()].is_object())
        .map(|(method, path, _)| format!("{method} {path}"))
        .collect();
    assert!(missing.is_empty(), "not in openapi.json: {missing:?}");
}

#[test]
fn openapi_lists_no_route_the_router_lacks() {
    let spec: Value = serde_json::from_str(include_str!("../openapi.json")).unwrap();
    let mut unknown = Vec::new();
    for (path, operations) in spec["paths"].as_object().unwrap() {
        for method in operations.as_object().unwrap().keys() {
            let known = evident_web::ROUTES
                .iter()
                .any(|(m, p, _)| p == path && m.eq_ignore_ascii_case(method));
            if !known {
                unknown.push(format!("{method} {path}"));
            }
        }
    }
    assert!(unknown.is_empty(), "documented but not routed: {unknown:?}");
}
