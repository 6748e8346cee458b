use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

use crate::{Result, Store, StoreError, now_unix};

/// A framework to insert: the document's summary, the package JSON and its items in
/// tree order.
#[derive(Debug, Clone)]
pub struct NewFramework {
    pub id: String,
    pub uri: String,
    pub title: String,
    pub creator: String,
    pub case_version: String,
    pub org_id: Option<String>,
    pub package_json: String,
    pub repairs: Vec<String>,
    pub items: Vec<FrameworkItemRow>,
}

/// One CFItem as stored for browsing; `position` is its index in depth-first tree order.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FrameworkItemRow {
    pub identifier: String,
    pub uri: String,
    pub human_code: Option<String>,
    pub item_type: Option<String>,
    pub statement: String,
    pub parent_identifier: Option<String>,
    pub depth: i64,
    pub position: i64,
}

/// A stored framework without its package JSON.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FrameworkRow {
    pub id: String,
    pub uri: String,
    pub title: String,
    pub creator: String,
    pub case_version: String,
    pub org_id: Option<String>,
    pub item_count: i64,
    pub repairs: Vec<String>,
    pub imported_at: i64,
}

const FRAMEWORK_COLUMNS: &str =
    "id, uri, title, creator, case_version, org_id, item_count, repairs_json, imported_at";

fn framework_from_row(row: &AnyRow) -> Result<FrameworkRow> {
    let repairs_json: String = row.try_get("repairs_json")?;
    Ok(FrameworkRow {
        id: row.try_get("id")?,
        uri: row.try_get("uri")?,
        title: row.try_get("title")?,
        creator: row.try_get("creator")?,
        case_version: row.try_get("case_version")?,
        org_id: row.try_get("org_id")?,
        item_count: row.try_get("item_count")?,
        repairs: serde_json::from_str(&repairs_json).map_err(|source| StoreError::StoredJson {
            what: "frameworks.repairs_json",
            source,
        })?,
        imported_at: row.try_get("imported_at")?,
    })
}

fn item_from_row(row: &AnyRow) -> Result<FrameworkItemRow> {
    Ok(FrameworkItemRow {
        identifier: row.try_get("identifier")?,
        uri: row.try_get("uri")?,
        human_code: row.try_get("human_code")?,
        item_type: row.try_get("item_type")?,
        statement: row.try_get("statement")?,
        parent_identifier: row.try_get("parent_identifier")?,
        depth: row.try_get("depth")?,
        position: row.try_get("position")?,
    })
}

impl Store {
    /// Inserts a framework, or replaces one with the same CFDocument identifier, in one
    /// transaction: if any statement fails, the previous version stays as it was.
    /// Returns whether an earlier version was replaced.
    pub async fn save_framework(
        &self,
        framework: &NewFramework,
        imported_by: Option<&str>,
    ) -> Result<bool> {
        let repairs_json =
            serde_json::to_string(&framework.repairs).map_err(|source| StoreError::StoredJson {
                what: "frameworks.repairs_json",
                source,
            })?;
        let mut transaction = self.pool().begin().await?;
        let existing = sqlx::query("SELECT id FROM frameworks WHERE id = $1")
            .bind(&framework.id)
            .fetch_optional(&mut *transaction)
            .await?;
        let replaced = existing.is_some();
        if replaced {
            sqlx::query("DELETE FROM framework_items WHERE framework_id = $1")
                .bind(&framework.id)
                .execute(&mut *transaction)
                .await?;
            sqlx::query("DELETE FROM frameworks WHERE id = $1")
                .bind(&framework.id)
                .execute(&mut *transaction)
                .await?;
        }
        sqlx::query(
            "INSERT INTO frameworks (id, uri, title, creator, case_version, org_id, package_json, \
             repairs_json, item_count, imported_by, imported_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(&framework.id)
        .bind(&framework.uri)
        .bind(&framework.title)
        .bind(&framework.creator)
        .bind(&framework.case_version)
        .bind(&framework.org_id)
        .bind(&framework.package_json)
        .bind(&repairs_json)
        .bind(framework.items.len() as i64)
        .bind(imported_by)
        .bind(now_unix())
        .execute(&mut *transaction)
        .await?;
        for item in &framework.items {
            sqlx::query(
                "INSERT INTO framework_items (framework_id, identifier, uri, human_code, item_type, \
                 statement, parent_identifier, depth, position) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(&framework.id)
            .bind(&item.identifier)
            .bind(&item.uri)
            .bind(&item.human_code)
            .bind(&item.item_type)
            .bind(&item.statement)
            .bind(&item.parent_identifier)
            .bind(item.depth)
            .bind(item.position)
            .execute(&mut *transaction)
            .await?;
        }
        transaction.commit().await?;
        Ok(replaced)
    }

    pub async fn frameworks(&self) -> Result<Vec<FrameworkRow>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {FRAMEWORK_COLUMNS} FROM frameworks ORDER BY title"
        )))
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(framework_from_row).collect()
    }

    pub async fn framework(&self, id: &str) -> Result<FrameworkRow> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {FRAMEWORK_COLUMNS} FROM frameworks WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(self.pool())
        .await?
        .ok_or_else(|| StoreError::NotFound {
            kind: "framework",
            id: id.to_owned(),
        })?;
        framework_from_row(&row)
    }

    /// Returns the stored CFPackage JSON of a framework.
    pub async fn framework_package_json(&self, id: &str) -> Result<String> {
        let row = sqlx::query("SELECT package_json FROM frameworks WHERE id = $1")
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| StoreError::NotFound {
                kind: "framework",
                id: id.to_owned(),
            })?;
        Ok(row.try_get("package_json")?)
    }

    /// Lists a framework's items in depth-first tree order.
    pub async fn framework_items(&self, framework_id: &str) -> Result<Vec<FrameworkItemRow>> {
        let rows = sqlx::query(
            "SELECT identifier, uri, human_code, item_type, statement, parent_identifier, depth, \
             position FROM framework_items WHERE framework_id = $1 ORDER BY position",
        )
        .bind(framework_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(item_from_row).collect()
    }

    /// Finds an item by its CFItem identifier in any framework, with its framework id.
    pub async fn framework_item(&self, identifier: &str) -> Result<(String, FrameworkItemRow)> {
        let row = sqlx::query(
            "SELECT framework_id, identifier, uri, human_code, item_type, statement, \
             parent_identifier, depth, position FROM framework_items WHERE identifier = $1",
        )
        .bind(identifier)
        .fetch_optional(self.pool())
        .await?
        .ok_or_else(|| StoreError::NotFound {
            kind: "framework item",
            id: identifier.to_owned(),
        })?;
        Ok((row.try_get("framework_id")?, item_from_row(&row)?))
    }
}
