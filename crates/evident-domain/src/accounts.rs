//! Accounts vocabulary: roles, organization kinds and role grants over an organization tree.
//!
//! Organizations form a forest with the nesting state → district → school. A role grant pairs a
//! [`Role`] with one organization and applies to that organization and every organization below
//! it, so an issuer admin granted on a state is an issuer admin for each of its districts and
//! schools.

use std::collections::HashMap;
use std::fmt;
use std::hash::Hash;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::Error;

/// A user's function on the platform, scoped to the organizations of their grants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Works toward micro-credentials and submits evidence.
    Educator,
    /// Scores submissions blind against the rubric.
    Assessor,
    /// Authors and publishes micro-credential definitions and reviews flagged evidence.
    IssuerAdmin,
    /// Runs the platform: organizations, users and frameworks.
    PlatformAdmin,
}

impl Role {
    /// Every role, in the order of [`Role::CODES`].
    pub const ALL: [Role; 4] = [
        Role::Educator,
        Role::Assessor,
        Role::IssuerAdmin,
        Role::PlatformAdmin,
    ];

    /// The stable string codes, used in storage, URLs and on the command line.
    pub const CODES: [&'static str; 4] = ["educator", "assessor", "issuer_admin", "platform_admin"];

    /// Returns the stable string code of the role.
    pub fn code(self) -> &'static str {
        match self {
            Role::Educator => "educator",
            Role::Assessor => "assessor",
            Role::IssuerAdmin => "issuer_admin",
            Role::PlatformAdmin => "platform_admin",
        }
    }

    /// Returns a label for display to users.
    pub fn label(self) -> &'static str {
        match self {
            Role::Educator => "Educator",
            Role::Assessor => "Assessor",
            Role::IssuerAdmin => "Issuer admin",
            Role::PlatformAdmin => "Platform admin",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Role {
    type Err = Error;

    /// Parses a role code. Codes are matched exactly, in lower case.
    fn from_str(code: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|role| role.code() == code)
            .ok_or_else(|| Error::UnknownRole {
                code: code.to_owned(),
            })
    }
}

/// The kind of an organization in the state → district → school hierarchy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    /// A state education agency.
    State,
    /// A school district (local education agency).
    District,
    /// A school.
    School,
}

impl OrgKind {
    /// Every kind, in the order of [`OrgKind::CODES`].
    pub const ALL: [OrgKind; 3] = [OrgKind::State, OrgKind::District, OrgKind::School];

    /// The stable string codes.
    pub const CODES: [&'static str; 3] = ["state", "district", "school"];

    /// Returns the stable string code of the kind.
    pub fn code(self) -> &'static str {
        match self {
            OrgKind::State => "state",
            OrgKind::District => "district",
            OrgKind::School => "school",
        }
    }

    /// Returns whether an organization of this kind may have a parent of kind `parent`.
    ///
    /// A district nests under a state and a school under a district. Nothing nests under a
    /// school, and a state has no parent. Any kind may be a root of the tree, so a school or
    /// district outside any state can still be represented.
    pub fn may_nest_under(self, parent: OrgKind) -> bool {
        matches!(
            (self, parent),
            (OrgKind::District, OrgKind::State) | (OrgKind::School, OrgKind::District)
        )
    }
}

impl fmt::Display for OrgKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for OrgKind {
    type Err = Error;

    /// Parses an organization kind code. Codes are matched exactly, in lower case.
    fn from_str(code: &str) -> Result<Self, Self::Err> {
        OrgKind::ALL
            .into_iter()
            .find(|kind| kind.code() == code)
            .ok_or_else(|| Error::UnknownOrgKind {
                code: code.to_owned(),
            })
    }
}

/// A role held within one organization and all organizations below it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RoleGrant<K> {
    /// The granted role.
    pub role: Role,
    /// The organization the grant is scoped to.
    pub organization: K,
}

/// One organization of an [`OrgTree`]: its kind and optional parent.
#[derive(Debug, Clone, PartialEq, Eq)]
struct OrgNode<K> {
    kind: OrgKind,
    parent: Option<K>,
}

/// Organizations with their kinds and parents, checked against [`OrgKind::may_nest_under`].
///
/// `K` is the caller's organization id type (a UUID, a database key or a string). The tree is
/// acyclic by construction because a parent must exist before a child is added.
#[derive(Debug, Clone)]
pub struct OrgTree<K> {
    nodes: HashMap<K, OrgNode<K>>,
}

impl<K> Default for OrgTree<K> {
    fn default() -> Self {
        Self {
            nodes: HashMap::new(),
        }
    }
}

impl<K: Clone + Eq + Hash + fmt::Display> OrgTree<K> {
    /// Creates an empty tree.
    pub fn new() -> Self {
        Self::default()
    }

    /// Builds a tree from `(id, kind, parent)` entries given in any order.
    ///
    /// # Errors
    ///
    /// [`Error::OrgNotFound`] when a parent is not among the entries, [`Error::OrgCycle`] when
    /// parents form a cycle, [`Error::DuplicateOrg`] for a repeated id and
    /// [`Error::InvalidOrgNesting`] for a parent of the wrong kind.
    pub fn from_entries(
        entries: impl IntoIterator<Item = (K, OrgKind, Option<K>)>,
    ) -> Result<Self, Error> {
        let mut tree = Self::new();
        let mut pending: Vec<(K, OrgKind, Option<K>)> = entries.into_iter().collect();

        // Insert in passes: each pass adds every entry whose parent is already present.
        while !pending.is_empty() {
            let before = pending.len();
            let mut waiting = Vec::new();
            for (id, kind, parent) in pending {
                let ready = parent.as_ref().is_none_or(|p| tree.contains(p));
                if ready {
                    tree.add(id, kind, parent)?;
                } else {
                    waiting.push((id, kind, parent));
                }
            }
            if waiting.len() == before {
                return Err(stuck_entries_error(&waiting));
            }
            pending = waiting;
        }
        Ok(tree)
    }

    /// Adds an organization under `parent`, or as a root when `parent` is `None`.
    ///
    /// # Errors
    ///
    /// [`Error::DuplicateOrg`] when `id` is already present, [`Error::OrgNotFound`] when the
    /// parent is missing and [`Error::InvalidOrgNesting`] when `kind` may not nest under the
    /// parent's kind.
    pub fn add(&mut self, id: K, kind: OrgKind, parent: Option<K>) -> Result<(), Error> {
        if self.nodes.contains_key(&id) {
            return Err(Error::DuplicateOrg { id: id.to_string() });
        }
        if let Some(parent_id) = &parent {
            let parent_kind = self.kind(parent_id).ok_or_else(|| Error::OrgNotFound {
                id: parent_id.to_string(),
            })?;
            if !kind.may_nest_under(parent_kind) {
                return Err(Error::InvalidOrgNesting {
                    child: id.to_string(),
                    child_kind: kind,
                    parent: parent_id.to_string(),
                    parent_kind,
                });
            }
        }
        self.nodes.insert(id, OrgNode { kind, parent });
        Ok(())
    }

    /// Returns whether the tree contains `id`.
    pub fn contains(&self, id: &K) -> bool {
        self.nodes.contains_key(id)
    }

    /// Returns the kind of `id`, or `None` when it is not in the tree.
    pub fn kind(&self, id: &K) -> Option<OrgKind> {
        self.nodes.get(id).map(|node| node.kind)
    }

    /// Returns the parent of `id`, or `None` for a root or an unknown id.
    pub fn parent(&self, id: &K) -> Option<&K> {
        self.nodes.get(id).and_then(|node| node.parent.as_ref())
    }

    /// Returns `id` followed by its ancestors up to the root; empty for an unknown id.
    pub fn ancestors<'a>(&'a self, id: &K) -> impl Iterator<Item = &'a K> + use<'a, K> {
        let start = self.nodes.get_key_value(id).map(|(key, _)| key);
        std::iter::successors(start, |current| self.parent(current))
    }

    /// Returns whether `org` is `scope` or lies below it.
    pub fn is_within(&self, org: &K, scope: &K) -> bool {
        self.ancestors(org).any(|ancestor| ancestor == scope)
    }

    /// Returns the nearest organization of kind [`OrgKind::School`] at or above `org`.
    pub fn school_of(&self, org: &K) -> Option<&K> {
        self.ancestors(org)
            .find(|ancestor| self.kind(ancestor) == Some(OrgKind::School))
    }
}

/// Explains why no entry in `waiting` can be added: a parent that is missing from the entries,
/// or else a cycle among the waiting entries.
fn stuck_entries_error<K: Eq + fmt::Display>(waiting: &[(K, OrgKind, Option<K>)]) -> Error {
    let missing = waiting.iter().find_map(|(_, _, parent)| {
        parent
            .as_ref()
            .filter(|parent| !waiting.iter().any(|(id, _, _)| id == *parent))
    });
    match missing {
        Some(parent) => Error::OrgNotFound {
            id: parent.to_string(),
        },
        None => Error::OrgCycle {
            id: waiting[0].0.to_string(),
        },
    }
}

/// Decides whether a user with `grants` has `role` for organization `org`.
///
/// A grant applies to its own organization and to every organization below it in `tree`. A
/// grant does not reach upward or sideways, and no role implies another (a platform admin
/// grant does not make the user an assessor). An `org` that is not in the tree is covered
/// only by a grant on that same id.
pub fn holds_role<K: Clone + Eq + Hash + fmt::Display>(
    tree: &OrgTree<K>,
    grants: &[RoleGrant<K>],
    role: Role,
    org: &K,
) -> bool {
    grants.iter().any(|grant| {
        grant.role == role
            && (grant.organization == *org || tree.is_within(org, &grant.organization))
    })
}
