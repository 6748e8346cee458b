use askama::Template;
use axum::extract::State;
use axum::response::Html;
use evident_store::FrameworkRow;

use crate::auth::MaybeUser;
use crate::error::WebResult;
use crate::state::AppState;
use crate::templates::PageContext;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    page: PageContext,
    frameworks: Vec<FrameworkRow>,
}

pub async fn home(
    State(state): State<AppState>,
    MaybeUser(current): MaybeUser,
) -> WebResult<Html<String>> {
    let page = HomePage {
        page: PageContext::for_user(current.as_ref()),
        frameworks: state.store.frameworks().await?,
    };
    Ok(Html(page.render()?))
}
