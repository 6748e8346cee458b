//! What every page's layout needs: the signed-in user's name, their CSRF token for forms,
//! and which navigation links their roles allow.

use evident_domain::accounts::Role;

use crate::auth::CurrentUser;

#[derive(Debug, Clone, Default)]
pub struct PageContext {
    pub user_name: Option<String>,
    pub csrf_token: String,
    pub can_import: bool,
    pub can_manage_orgs: bool,
    /// Holds the educator role somewhere, so "My submissions" applies.
    pub can_earn: bool,
    /// Holds the assessor role somewhere, which the review queue requires.
    pub can_review: bool,
    /// Issuer or platform admin, who may author micro-credentials.
    pub can_author: bool,
    /// On an error page, which is rendered without the signed-in user: whether the request
    /// carried a session cookie, so the header offers "Your account" instead of "Sign in".
    pub session_cookie: bool,
}

impl PageContext {
    pub fn anonymous() -> Self {
        Self::default()
    }

    pub fn for_user(current: Option<&CurrentUser>) -> Self {
        match current {
            None => Self::anonymous(),
            Some(current) => {
                let admin = current.access.holds_anywhere(Role::IssuerAdmin)
                    || current.access.holds_anywhere(Role::PlatformAdmin);
                Self {
                    user_name: Some(current.user.display_name.clone()),
                    csrf_token: current.csrf_token.clone(),
                    can_import: admin,
                    can_manage_orgs: admin,
                    can_earn: current.access.holds_anywhere(Role::Educator),
                    can_review: current.access.holds_anywhere(Role::Assessor),
                    can_author: admin,
                    session_cookie: true,
                }
            }
        }
    }
}
