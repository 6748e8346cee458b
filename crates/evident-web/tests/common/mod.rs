//! A running server on 127.0.0.1 with a fresh database, and clients that sign in as
//! the test users.

#![allow(dead_code)]

pub mod browser;
pub mod forms;

use std::net::SocketAddr;

use evident_store::testing::TestStore;
use evident_store::{Backend, FileLimits, FileStore};
use evident_web::{AppState, WebConfig};

pub const PASSWORD: &str = "correct horse battery";

pub const DIGCOMPEDU: &[u8] =
    include_bytes!("../../../evident-case/tests/data/educator-frameworks/digcompedu.case.json");
pub const CARPENTRIES_RUBRIC: &[u8] = include_bytes!(
    "../../../evident-case/tests/data/rubrics/carpentries-teaching-demo-rubric.case-v1p1.json"
);

/// Organizations and one user per role: the state platform admin, an issuer admin of
/// district A, an educator and an assessor at school A1, and an issuer admin of district B.
pub struct World {
    pub state_id: String,
    pub district_a: String,
    pub school_a1: String,
    pub district_b: String,
}

pub struct TestServer {
    pub address: SocketAddr,
    pub base: String,
    pub test_store: TestStore,
    pub world: World,
    server: tokio::task::JoinHandle<()>,
}

/// Returns an issuer for `public_url` with a fresh key that lives only in memory.
pub fn test_issuer(public_url: &str) -> evident_credentials::issuer::Issuer {
    use evident_credentials::keys::{IssuerKey, IssuerKeyStore};
    let keys = IssuerKeyStore::from_keys(vec![IssuerKey::generate("key-1").unwrap()]).unwrap();
    evident_web::issuance::platform_issuer(public_url, keys).unwrap()
}

impl TestServer {
    pub async fn start(backend: Backend) -> Self {
        Self::start_with(backend, |_| {}).await
    }

    pub async fn start_with(backend: Backend, configure: impl FnOnce(&mut WebConfig)) -> Self {
        let test_store = TestStore::new(backend).await;
        let store = test_store.store.clone();
        let world = seed(&store).await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let base = format!("http://{address}");
        let mut config = WebConfig::new(base.clone());
        configure(&mut config);
        let files = FileStore::new(test_store.dir.path().join("files"), FileLimits::default());
        let state = AppState::new(store, files, config, test_issuer(&base));
        let server = tokio::spawn(async move {
            axum::serve(
                listener,
                evident_web::router(state).into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await
            .unwrap();
        });
        Self {
            address,
            base,
            test_store,
            world,
            server,
        }
    }

    /// Creates a user with the test password, `role` in `org` (also their home
    /// organization), and returns their id.
    pub async fn add_user(&self, email: &str, name: &str, role: &str, org: &str) -> String {
        let store = self.store();
        let hash = evident_web::auth::hash_password(PASSWORD).unwrap();
        let user = store
            .create_user(email, name, &hash, Some(org))
            .await
            .unwrap();
        store.grant_role(&user.id, role, org).await.unwrap();
        user.id
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn store(&self) -> &evident_store::Store {
        &self.test_store.store
    }

    /// A client with a cookie store that has not signed in.
    pub fn anonymous(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
    }

    /// A client signed in as `email`, with the session's CSRF token.
    pub async fn signed_in(&self, email: &str) -> (reqwest::Client, String) {
        let client = self.anonymous();
        let response = self.login(&client, email, PASSWORD).await;
        assert_eq!(response.status(), 303, "sign-in of {email} failed");
        let account = client.get(self.url("/account")).send().await.unwrap();
        assert_eq!(account.status(), 200);
        let token = csrf_token(&account.text().await.unwrap());
        (client, token)
    }

    /// Loads the sign-in form and submits it.
    pub async fn login(
        &self,
        client: &reqwest::Client,
        email: &str,
        password: &str,
    ) -> reqwest::Response {
        let form = client.get(self.url("/login")).send().await.unwrap();
        let token = csrf_token(&form.text().await.unwrap());
        client
            .post(self.url("/login"))
            .form(&[
                ("csrf_token", token.as_str()),
                ("email", email),
                ("password", password),
            ])
            .send()
            .await
            .unwrap()
    }

    pub async fn stop(self) {
        self.server.abort();
        self.test_store.cleanup().await;
    }
}

/// Extracts the first `csrf_token` hidden field from a page.
pub fn csrf_token(html: &str) -> String {
    let marker = "name=\"csrf_token\" value=\"";
    let start = html.find(marker).expect("page has a csrf_token field") + marker.len();
    let end = html[start..].find('"').unwrap() + start;
    html[start..end].to_owned()
}

async fn seed(store: &evident_store::Store) -> World {
    let state = store
        .create_organization(None, "state", "Ohio")
        .await
        .unwrap();
    let district_a = store
        .create_organization(Some(&state.id), "district", "District A")
        .await
        .unwrap();
    let school_a1 = store
        .create_organization(Some(&district_a.id), "school", "School A1")
        .await
        .unwrap();
    let district_b = store
        .create_organization(Some(&state.id), "district", "District B")
        .await
        .unwrap();
    let hash = evident_web::auth::hash_password(PASSWORD).unwrap();
    for (email, role, org) in [
        ("platform@example.org", "platform_admin", &state.id),
        ("issuer@example.org", "issuer_admin", &district_a.id),
        ("educator@example.org", "educator", &school_a1.id),
        ("assessor@example.org", "assessor", &school_a1.id),
        ("other-issuer@example.org", "issuer_admin", &district_b.id),
    ] {
        let user = store
            .create_user(email, email, &hash, Some(org))
            .await
            .unwrap();
        store.grant_role(&user.id, role, org).await.unwrap();
    }
    World {
        state_id: state.id,
        district_a: district_a.id,
        school_a1: school_a1.id,
        district_b: district_b.id,
    }
}

/// Runs an async test body once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name(evident_store::Backend::Sqlite).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name(evident_store::Backend::Postgres).await;
                }
            )*
        }
    };
}
