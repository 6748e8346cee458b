use askama::Template;
use axum::extract::State;
use axum::response::Html;
use evident_store::User;

use crate::auth::CurrentUser;
use crate::error::WebResult;
use crate::state::AppState;
use crate::templates::PageContext;

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    page: PageContext,
    user: User,
    roles: Vec<(String, String)>,
}

pub async fn account(
    State(state): State<AppState>,
    current: CurrentUser,
) -> WebResult<Html<String>> {
    let mut roles = Vec::new();
    for grant in current.access.grants() {
        let org = state.store.organization(&grant.organization).await?;
        roles.push((grant.role.label().to_owned(), org.name));
    }
    let page = AccountPage {
        page: PageContext::for_user(Some(&current)),
        user: current.user.clone(),
        roles,
    };
    Ok(Html(page.render()?))
}
