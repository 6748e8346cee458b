//! Store behaviour, run once on SQLite and once on PostgreSQL.

use evident_store::testing::TestStore;
use evident_store::{FrameworkItemRow, NewFramework, StoreError};

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let test = evident_store::testing::TestStore::new(evident_store::Backend::Sqlite).await;
                    super::$name(&test).await;
                    test.cleanup().await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    let test = evident_store::testing::TestStore::new(evident_store::Backend::Postgres).await;
                    super::$name(&test).await;
                    test.cleanup().await;
                }
            )*
        }
    };
}

on_both_backends!(
    organizations_nest_and_list,
    user_email_is_unique_case_insensitively,
    role_grants_are_idempotent,
    sessions_expire,
    login_failures_count_in_window,
    framework_replace_keeps_one_copy,
    framework_save_failure_changes_nothing,
    audit_events_keep_order,
    ping_succeeds,
);

async fn organizations_nest_and_list(test: &TestStore) {
    let store = &test.store;
    let state = store
        .create_organization(None, "state", "Ohio")
        .await
        .unwrap();
    let district = store
        .create_organization(Some(&state.id), "district", "Columbus City")
        .await
        .unwrap();
    let found = store.organization(&district.id).await.unwrap();
    assert_eq!(found.parent_id.as_deref(), Some(state.id.as_str()));
    assert_eq!(found.kind, "district");
    let all = store.organizations().await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].name, "Columbus City", "ordered by name");
    let missing = store.organization("nope").await.unwrap_err();
    assert!(matches!(missing, StoreError::NotFound { .. }));
}

async fn user_email_is_unique_case_insensitively(test: &TestStore) {
    let store = &test.store;
    let user = store
        .create_user("Ada@Example.org", "Ada", "hash", None)
        .await
        .unwrap();
    assert_eq!(user.email, "ada@example.org");
    let duplicate = store
        .create_user("ADA@example.org", "Ada again", "hash", None)
        .await
        .unwrap_err();
    assert!(
        duplicate.to_string().contains("ada@example.org"),
        "{duplicate}"
    );
    let (found, hash) = store
        .user_credentials(" ada@EXAMPLE.org ")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.id, user.id);
    assert_eq!(hash, "hash");
    assert_eq!(store.user_count().await.unwrap(), 1);
}

async fn role_grants_are_idempotent(test: &TestStore) {
    let store = &test.store;
    let state = store
        .create_organization(None, "state", "Ohio")
        .await
        .unwrap();
    let user = store
        .create_user("a@example.org", "A", "h", None)
        .await
        .unwrap();
    store
        .grant_role(&user.id, "assessor", &state.id)
        .await
        .unwrap();
    store
        .grant_role(&user.id, "assessor", &state.id)
        .await
        .unwrap();
    store
        .grant_role(&user.id, "educator", &state.id)
        .await
        .unwrap();
    let grants = store.role_grants(&user.id).await.unwrap();
    let roles: Vec<&str> = grants.iter().map(|grant| grant.role.as_str()).collect();
    assert_eq!(roles, ["assessor", "educator"]);
}

async fn sessions_expire(test: &TestStore) {
    let store = &test.store;
    let user = store
        .create_user("a@example.org", "A", "h", None)
        .await
        .unwrap();
    let now = evident_store::now_unix();
    store
        .create_session("live", &user.id, "csrf1", now + 3600)
        .await
        .unwrap();
    store
        .create_session("dead", &user.id, "csrf2", now - 1)
        .await
        .unwrap();
    let live = store.session("live").await.unwrap().unwrap();
    assert_eq!(live.csrf_token, "csrf1");
    assert!(store.session("dead").await.unwrap().is_none());
    assert_eq!(store.delete_expired_sessions().await.unwrap(), 1);
    store.delete_session("live").await.unwrap();
    assert!(store.session("live").await.unwrap().is_none());
}

async fn login_failures_count_in_window(test: &TestStore) {
    let store = &test.store;
    for _ in 0..3 {
        store
            .record_login_failure("A@example.org", "127.0.0.1")
            .await
            .unwrap();
    }
    let now = evident_store::now_unix();
    let (count, oldest) = store
        .login_failures_since("a@example.org", now - 60)
        .await
        .unwrap();
    assert_eq!(count, 3);
    assert!(oldest.unwrap() <= now);
    let (later, _) = store
        .login_failures_since("a@example.org", now + 60)
        .await
        .unwrap();
    assert_eq!(later, 0);
    store.clear_login_failures("a@example.org").await.unwrap();
    let (cleared, _) = store
        .login_failures_since("a@example.org", 0)
        .await
        .unwrap();
    assert_eq!(cleared, 0);
}

fn framework(title: &str, items: usize) -> NewFramework {
    NewFramework {
        id: "c0ffee00-0000-4000-8000-000000000001".into(),
        uri: "https://example.org/doc".into(),
        title: title.into(),
        creator: "Example".into(),
        case_version: "1.1".into(),
        org_id: None,
        package_json: "{}".into(),
        repairs: vec!["repaired one thing".into()],
        items: (0..items)
            .map(|i| FrameworkItemRow {
                identifier: format!("item-{i}"),
                uri: format!("https://example.org/item-{i}"),
                human_code: Some(format!("{i}")),
                item_type: Some("Competence".into()),
                statement: format!("Statement {i}"),
                parent_identifier: None,
                depth: 0,
                position: i as i64,
            })
            .collect(),
    }
}

async fn framework_replace_keeps_one_copy(test: &TestStore) {
    let store = &test.store;
    assert!(
        !store
            .save_framework(&framework("First", 3), None)
            .await
            .unwrap()
    );
    assert!(
        store
            .save_framework(&framework("Second", 2), None)
            .await
            .unwrap()
    );
    let frameworks = store.frameworks().await.unwrap();
    assert_eq!(frameworks.len(), 1);
    assert_eq!(frameworks[0].title, "Second");
    assert_eq!(frameworks[0].item_count, 2);
    assert_eq!(frameworks[0].repairs, ["repaired one thing"]);
    let items = store.framework_items(&frameworks[0].id).await.unwrap();
    assert_eq!(items.len(), 2);
    let (framework_id, item) = store.framework_item("item-1").await.unwrap();
    assert_eq!(framework_id, frameworks[0].id);
    assert_eq!(item.statement, "Statement 1");
}

async fn framework_save_failure_changes_nothing(test: &TestStore) {
    let store = &test.store;
    store
        .save_framework(&framework("Original", 2), None)
        .await
        .unwrap();
    let mut broken = framework("Broken", 3);
    broken.items[2].identifier = broken.items[0].identifier.clone();
    let error = store.save_framework(&broken, None).await.unwrap_err();
    assert!(error.is_unique_violation(), "{error}");
    let frameworks = store.frameworks().await.unwrap();
    assert_eq!(frameworks[0].title, "Original");
    assert_eq!(
        store
            .framework_items(&frameworks[0].id)
            .await
            .unwrap()
            .len(),
        2
    );
}

async fn audit_events_keep_order(test: &TestStore) {
    let store = &test.store;
    store
        .record_audit(None, "created", "framework", "f1", "first")
        .await
        .unwrap();
    store
        .record_audit(Some("u1"), "replaced", "framework", "f1", "second")
        .await
        .unwrap();
    store
        .record_audit(None, "created", "framework", "f2", "other")
        .await
        .unwrap();
    let events = store.audit_events("framework", "f1").await.unwrap();
    let actions: Vec<&str> = events.iter().map(|event| event.action.as_str()).collect();
    assert_eq!(actions, ["created", "replaced"]);
    assert_eq!(events[1].actor_user_id.as_deref(), Some("u1"));
}

async fn ping_succeeds(test: &TestStore) {
    test.store.ping().await.unwrap();
    assert_eq!(test.store.backend(), test.backend);
}
