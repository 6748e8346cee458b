//! Demo data for `evident demo`: organizations in one state, a user for every role, and
//! a competency framework. Seeding is idempotent: it creates only what is missing.

use evident_domain::accounts::Role;
use evident_store::Store;

use crate::auth::hash_password;
use crate::error::WebError;
use crate::framework_import::{ImportOutcome, import_framework};

/// A demo account as printed at start.
#[derive(Debug, Clone)]
pub struct DemoUser {
    pub email: &'static str,
    pub name: &'static str,
    pub password: &'static str,
    pub role: Role,
    pub organization: &'static str,
}

/// The demo accounts. The passwords are public: the demo listens on loopback by default
/// and must never hold real data.
pub const DEMO_USERS: &[DemoUser] = &[
    DemoUser {
        email: "educator@demo.evident.test",
        name: "Elena Educator",
        password: "demo-educator-pass",
        role: Role::Educator,
        organization: "Lincoln Elementary School",
    },
    DemoUser {
        email: "educator2@demo.evident.test",
        name: "Eli Educator",
        password: "demo-educator-pass",
        role: Role::Educator,
        organization: "Jefferson High School",
    },
    DemoUser {
        email: "assessor@demo.evident.test",
        name: "Asha Assessor",
        password: "demo-assessor-pass",
        role: Role::Assessor,
        organization: "Demo State",
    },
    DemoUser {
        email: "issuer@demo.evident.test",
        name: "Ivan Issuer",
        password: "demo-issuer-pass",
        role: Role::IssuerAdmin,
        organization: "Demo State",
    },
    DemoUser {
        email: "admin@demo.evident.test",
        name: "Paula Platform",
        password: "demo-admin-pass",
        role: Role::PlatformAdmin,
        organization: "Demo State",
    },
];

/// (name, kind, parent name) in creation order.
const DEMO_ORGANIZATIONS: &[(&str, &str, Option<&str>)] = &[
    ("Demo State", "state", None),
    ("Northside District", "district", Some("Demo State")),
    ("Southside District", "district", Some("Demo State")),
    (
        "Lincoln Elementary School",
        "school",
        Some("Northside District"),
    ),
    (
        "Roosevelt Middle School",
        "school",
        Some("Northside District"),
    ),
    (
        "Jefferson High School",
        "school",
        Some("Southside District"),
    ),
];

/// What seeding did.
#[derive(Debug, Clone)]
pub struct DemoReport {
    pub created_organizations: usize,
    pub created_users: usize,
    pub frameworks: Vec<ImportOutcome>,
}

/// Creates the demo organizations and users that are missing and imports the given
/// CASE packages (replacing earlier copies).
pub async fn seed(store: &Store, case_packages: &[&[u8]]) -> Result<DemoReport, WebError> {
    let mut report = DemoReport {
        created_organizations: 0,
        created_users: 0,
        frameworks: Vec::new(),
    };
    let mut organizations = store.organizations().await?;
    for (name, kind, parent) in DEMO_ORGANIZATIONS {
        if organizations.iter().any(|org| org.name == *name) {
            continue;
        }
        let parent_id = parent.and_then(|parent| {
            organizations
                .iter()
                .find(|org| org.name == parent)
                .map(|org| org.id.clone())
        });
        let org = store
            .create_organization(parent_id.as_deref(), kind, name)
            .await?;
        organizations.push(org);
        report.created_organizations += 1;
    }

    for demo in DEMO_USERS {
        if store.user_credentials(demo.email).await?.is_some() {
            continue;
        }
        let org = organizations
            .iter()
            .find(|org| org.name == demo.organization)
            .ok_or_else(|| {
                WebError::Internal(format!("demo organization {} missing", demo.organization))
            })?;
        let user = store
            .create_user(
                demo.email,
                demo.name,
                &hash_password(demo.password)?,
                Some(&org.id),
            )
            .await?;
        store
            .grant_role(&user.id, demo.role.code(), &org.id)
            .await?;
        report.created_users += 1;
    }

    let state_id = organizations
        .iter()
        .find(|org| org.name == "Demo State")
        .map(|org| org.id.clone());
    for package in case_packages {
        report
            .frameworks
            .push(import_framework(store, package, state_id.as_deref(), None).await?);
    }
    Ok(report)
}
