//! Evident's web server: server-rendered HTML pages, the JSON API, the CASE API, and
//! accounts with sessions and role checks.
//!
//! Start at [`router::router`], which lists every route with the role it requires, and at
//! [`error::WebError`], which maps every failure to an HTTP status in one place.

pub mod access;
pub mod auth;
pub mod badge;
pub mod config;
pub mod demo;
pub mod error;
pub mod forms;
pub mod framework_import;
pub mod issuance;
pub mod router;
mod routes;
pub mod state;
mod templates;

pub use config::WebConfig;
pub use error::WebError;
pub use router::{ROUTES, RouteAccess, router};
pub use state::AppState;

use std::net::SocketAddr;

/// Serves the application on `listener` until Ctrl-C or SIGTERM.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    let address = listener.local_addr()?;
    tracing::info!(%address, public_url = %state.config.public_url, "server listening");
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    tracing::info!("server stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::warn!(%error, "could not listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown requested");
}
