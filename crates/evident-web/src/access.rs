//! Role checks. A user's grants and the organization tree are loaded once per request;
//! [`Access::holds`] applies the nesting rule of `evident_domain::accounts`.

use evident_domain::accounts::{OrgKind, OrgTree, Role, RoleGrant, holds_role};
use evident_store::Store;

use crate::error::WebError;

#[derive(Debug, Clone)]
pub struct Access {
    tree: OrgTree<String>,
    grants: Vec<RoleGrant<String>>,
}

impl Access {
    pub async fn load(store: &Store, user_id: &str) -> Result<Self, WebError> {
        let tree = org_tree(store).await?;
        let mut grants = Vec::new();
        for grant in store.role_grants(user_id).await? {
            match grant.role.parse::<Role>() {
                Ok(role) => grants.push(RoleGrant {
                    role,
                    organization: grant.org_id,
                }),
                Err(error) => tracing::warn!(%error, "ignoring a grant with an unknown role"),
            }
        }
        Ok(Self { tree, grants })
    }

    /// Whether the user holds `role` in `org` or in an organization above it.
    pub fn holds(&self, role: Role, org: &str) -> bool {
        holds_role(&self.tree, &self.grants, role, &org.to_owned())
    }

    /// Whether the user holds `role` anywhere.
    pub fn holds_anywhere(&self, role: Role) -> bool {
        self.grants.iter().any(|grant| grant.role == role)
    }

    pub fn grants(&self) -> &[RoleGrant<String>] {
        &self.grants
    }

    pub fn tree(&self) -> &OrgTree<String> {
        &self.tree
    }

    /// Requires one of `roles` in `org` (or above it).
    pub fn require_in(&self, roles: &[Role], org: &str) -> Result<(), WebError> {
        if roles.iter().any(|role| self.holds(*role, org)) {
            Ok(())
        } else {
            Err(WebError::Forbidden(format!(
                "you need the {} role in this organization to do this",
                role_list(roles)
            )))
        }
    }

    /// Requires one of `roles` in some organization.
    pub fn require_any(&self, roles: &[Role]) -> Result<(), WebError> {
        if roles.iter().any(|role| self.holds_anywhere(*role)) {
            Ok(())
        } else {
            Err(WebError::Forbidden(format!(
                "you need the {} role to do this",
                role_list(roles)
            )))
        }
    }
}

fn role_list(roles: &[Role]) -> String {
    roles
        .iter()
        .map(|role| role.label())
        .collect::<Vec<_>>()
        .join(" or ")
}

/// Builds the organization tree from the store, parents before children.
pub async fn org_tree(store: &Store) -> Result<OrgTree<String>, WebError> {
    let organizations = store.organizations().await?;
    let mut tree = OrgTree::new();
    let mut pending: Vec<_> = organizations.into_iter().collect();
    while !pending.is_empty() {
        let before = pending.len();
        let mut waiting = Vec::new();
        for organization in pending {
            let parent_ready = organization
                .parent_id
                .as_ref()
                .is_none_or(|parent| tree.contains(parent));
            if !parent_ready {
                waiting.push(organization);
                continue;
            }
            let kind: OrgKind = organization
                .kind
                .parse()
                .map_err(|error| WebError::Internal(format!("stored organization: {error}")))?;
            tree.add(
                organization.id.clone(),
                kind,
                organization.parent_id.clone(),
            )
            .map_err(|error| WebError::Internal(format!("stored organization: {error}")))?;
        }
        if waiting.len() == before {
            return Err(WebError::Internal(
                "stored organizations have a missing parent".to_owned(),
            ));
        }
        pending = waiting;
    }
    Ok(tree)
}
