//! Importing a CASE package: parse and repair with `evident_case`, then store the package
//! and its items in tree order in one transaction. A rejected file changes nothing.

use evident_store::{FrameworkItemRow, NewFramework, Store};

use crate::access::Access;
use crate::error::WebError;
use crate::routes::frameworks::IMPORTERS;

/// Result of an import: the framework, its size, the repairs made and whether it replaced one.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ImportOutcome {
    pub framework_id: String,
    pub title: String,
    pub case_version: String,
    pub item_count: usize,
    pub repairs: Vec<String>,
    pub orphans: usize,
    pub replaced: bool,
}

/// Parses `bytes` as a CFPackage and stores it, replacing a framework with the same
/// CFDocument identifier. Web requests pass the user's `access`, so replacing requires an
/// importer role in the organization that owns the stored framework, or the platform
/// admin role when no organization owns it. The command line passes `None`.
pub async fn import_framework(
    store: &Store,
    bytes: &[u8],
    org_id: Option<&str>,
    actor_user_id: Option<&str>,
    access: Option<&Access>,
) -> Result<ImportOutcome, WebError> {
    let import = evident_case::parse_package(bytes).map_err(|rejection| {
        let problems: Vec<String> = rejection
            .problems
            .iter()
            .map(|problem| problem.to_string())
            .collect();
        let mut message = format!(
            "the CASE package was rejected with {} problem(s); nothing was imported",
            rejection.problem_count()
        );
        if rejection.omitted > 0 {
            message.push_str(&format!(" ({} more not listed)", rejection.omitted));
        }
        WebError::Unprocessable { message, problems }
    })?;
    let package = &import.package;
    if let Some(access) = access {
        check_replace_allowed(store, access, &package.document.identifier).await?;
    }
    // A replacement that names no organization keeps the stored owner.
    let org_id = match (org_id, store.framework(&package.document.identifier).await) {
        (Some(org_id), _) => Some(org_id.to_owned()),
        (None, Ok(existing)) => existing.org_id,
        (None, Err(evident_store::StoreError::NotFound { .. })) => None,
        (None, Err(error)) => return Err(error.into()),
    };
    let tree = evident_case::Tree::build(package);
    let mut items = Vec::with_capacity(tree.len());
    // An item with several parents appears once, under its first parent in tree order.
    let placed = tree
        .depth_first()
        .into_iter()
        .map(|node_id| tree.node(node_id))
        .filter(|node| !node.is_repeat);
    for (position, node) in placed.enumerate() {
        items.push(FrameworkItemRow {
            identifier: node.identifier().to_owned(),
            uri: node.item.uri.clone(),
            human_code: node.human_code().map(str::to_owned),
            item_type: node.item_type().map(str::to_owned),
            statement: node.statement().to_owned(),
            parent_identifier: node
                .parent
                .map(|parent| tree.node(parent).identifier().to_owned()),
            depth: node.depth as i64,
            position: position as i64,
        });
    }
    let orphans = tree.orphans().len();
    let repairs: Vec<String> = import
        .repairs
        .iter()
        .map(|repair| repair.to_string())
        .collect();
    let package_json = serde_json::to_string(package)
        .map_err(|error| WebError::Internal(format!("serializing the package failed: {error}")))?;
    let framework = NewFramework {
        id: package.document.identifier.clone(),
        uri: package.document.uri.clone(),
        title: package.document.title.clone(),
        creator: package.document.creator.clone(),
        case_version: import.version.to_string(),
        org_id,
        package_json,
        repairs: repairs.clone(),
        items,
    };
    let replaced = store.save_framework(&framework, actor_user_id).await?;
    store
        .record_audit(
            actor_user_id,
            if replaced {
                "framework_replaced"
            } else {
                "framework_imported"
            },
            "framework",
            &framework.id,
            &format!("{} items, {} repairs", framework.items.len(), repairs.len()),
        )
        .await?;
    tracing::info!(
        framework.id = %framework.id,
        items = framework.items.len(),
        repairs = repairs.len(),
        replaced,
        "framework imported"
    );
    Ok(ImportOutcome {
        framework_id: framework.id,
        title: framework.title,
        case_version: framework.case_version,
        item_count: framework.items.len(),
        repairs,
        orphans,
        replaced,
    })
}

/// Rejects the replacement of a stored framework by someone who may not change it.
async fn check_replace_allowed(
    store: &Store,
    access: &Access,
    framework_id: &str,
) -> Result<(), WebError> {
    let existing = match store.framework(framework_id).await {
        Ok(existing) => existing,
        Err(evident_store::StoreError::NotFound { .. }) => return Ok(()),
        Err(error) => return Err(error.into()),
    };
    let allowed = match &existing.org_id {
        Some(owner) => IMPORTERS.iter().any(|role| access.holds(*role, owner)),
        None => access.holds_anywhere(evident_domain::accounts::Role::PlatformAdmin),
    };
    if allowed {
        Ok(())
    } else {
        Err(WebError::Forbidden(format!(
            "a framework with CFDocument identifier {framework_id} (\"{}\") already exists and belongs to an organization you do not administer: ask its issuer admin to replace it, or give your package a new identifier",
            existing.title
        )))
    }
}
