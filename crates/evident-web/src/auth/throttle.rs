use crate::error::WebError;
use crate::state::AppState;

/// Rejects a sign-in attempt for `email` while it has too many recent failures.
pub async fn check_login_throttle(state: &AppState, email: &str) -> Result<(), WebError> {
    let window = state.config.login_window.as_secs() as i64;
    let now = evident_store::now_unix();
    let (failures, oldest) = state
        .store
        .login_failures_since(email, now - window)
        .await?;
    if failures >= state.config.max_login_failures {
        let retry_after = (oldest.unwrap_or(now) + window - now).max(1) as u64;
        tracing::warn!(failures, "sign-in throttled");
        return Err(WebError::TooManyRequests {
            message: format!(
                "too many failed sign-in attempts for this account: wait {} minutes and try again, or ask an administrator to reset your password",
                retry_after.div_ceil(60)
            ),
            retry_after_seconds: retry_after,
        });
    }
    Ok(())
}

pub async fn record_login_failure(
    state: &AppState,
    email: &str,
    client_ip: &str,
) -> Result<(), WebError> {
    state.store.record_login_failure(email, client_ip).await?;
    Ok(())
}
