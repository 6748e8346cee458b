//! Micro-credential storage, run once on SQLite and once on PostgreSQL.

use evident_store::testing::TestStore;
use evident_store::{
    AwardRow, NewCredential, NewMicroCredential, NewReview, NewSubmission, NewVersion, Store,
    StoreError, SubmissionChange,
};

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
    slug_is_unique,
    versions_publish_in_sequence,
    published_version_rejects_update,
    catalog_lists_latest_versions_only,
    stale_submission_write_is_rejected,
    review_records_scores_and_award,
    not_yet_review_creates_no_award,
    attempt_cannot_be_scored_twice,
    evidence_flag_keeps_first_time,
    award_gets_one_credential,
    status_index_is_taken_once,
    revocation_is_recorded_once,
    status_list_write_needs_current_revision,
);

const DRAFT: &str = r#"{"slug":"feedback","title":"Feedback"}"#;

async fn new_microcredential(store: &Store, slug: &str) -> String {
    store
        .create_microcredential(&NewMicroCredential {
            slug: slug.to_owned(),
            org_id: None,
            draft_json: DRAFT.to_owned(),
            created_by: None,
        })
        .await
        .unwrap()
        .id
}

fn new_version(microcredential_id: &str, version: i64, title: &str) -> NewVersion {
    NewVersion {
        microcredential_id: microcredential_id.to_owned(),
        version,
        title: title.to_owned(),
        framework_id: Some("digcompedu".to_owned()),
        competency_identifier: "item-2-1".to_owned(),
        definition_json: format!(r#"{{"title":"{title}"}}"#),
        content_hash: format!("sha256:{version:064}"),
        published_by: None,
    }
}

/// A published micro-credential, an educator and a draft submission under version 1.
async fn draft_submission(store: &Store) -> (String, String) {
    let microcredential = new_microcredential(store, "feedback").await;
    store
        .publish_version(&new_version(&microcredential, 1, "Feedback"))
        .await
        .unwrap();
    let educator = store
        .create_user("ada@example.org", "Ada", "hash", None)
        .await
        .unwrap();
    let submission = store
        .create_submission(&NewSubmission {
            microcredential_id: microcredential,
            version: 1,
            educator_id: educator.id.clone(),
            school_id: None,
            state: "draft".to_owned(),
            answers_json: "{}".to_owned(),
            attempts_json: "[]".to_owned(),
        })
        .await
        .unwrap();
    (submission.id, educator.id)
}

fn change(state: &str, answers: &str, attempts: &str) -> SubmissionChange {
    SubmissionChange {
        state: state.to_owned(),
        answers_json: answers.to_owned(),
        attempts_json: attempts.to_owned(),
        assessor_id: None,
    }
}

fn review(assessor_id: &str, earned: bool) -> NewReview {
    NewReview {
        attempt: 1,
        assessor_id: assessor_id.to_owned(),
        scores: vec![
            (
                "c1".to_owned(),
                "demonstrated".to_owned(),
                "Clear".to_owned(),
            ),
            (
                "c2".to_owned(),
                "not-yet".to_owned(),
                "Add a sample".to_owned(),
            ),
        ],
        earned,
    }
}

async fn slug_is_unique(test: &TestStore) {
    let store = &test.store;
    new_microcredential(store, "feedback").await;
    let error = store
        .create_microcredential(&NewMicroCredential {
            slug: "feedback".to_owned(),
            org_id: None,
            draft_json: DRAFT.to_owned(),
            created_by: None,
        })
        .await
        .unwrap_err();
    assert!(matches!(error, StoreError::Conflict(_)), "{error}");
    assert!(error.to_string().contains("`feedback`"), "{error}");
    assert_eq!(store.microcredentials().await.unwrap().len(), 1);
}

async fn versions_publish_in_sequence(test: &TestStore) {
    let store = &test.store;
    let id = new_microcredential(store, "feedback").await;
    assert_eq!(
        store.microcredential(&id).await.unwrap().latest_version,
        None
    );

    let skipped = store
        .publish_version(&new_version(&id, 2, "Feedback"))
        .await
        .unwrap_err();
    assert!(
        skipped.to_string().contains("the next version is 1"),
        "{skipped}"
    );

    store
        .publish_version(&new_version(&id, 1, "Feedback"))
        .await
        .unwrap();
    let replaced = store
        .publish_version(&new_version(&id, 1, "Feedback changed"))
        .await
        .unwrap_err();
    assert!(matches!(replaced, StoreError::Conflict(_)), "{replaced}");
    let first = store.version(&id, 1).await.unwrap();
    assert_eq!(first.title, "Feedback", "version 1 is unchanged");
    assert_eq!(first.slug, "feedback");

    store
        .publish_version(&new_version(&id, 2, "Feedback 2"))
        .await
        .unwrap();
    let row = store.microcredential_by_slug("feedback").await.unwrap();
    assert_eq!(row.latest_version, Some(2));
    let versions = store.versions(&id).await.unwrap();
    let numbers: Vec<i64> = versions.iter().map(|v| v.version).collect();
    assert_eq!(numbers, [1, 2]);
}

async fn published_version_rejects_update(test: &TestStore) {
    let store = &test.store;
    let id = new_microcredential(store, "feedback").await;
    store
        .publish_version(&new_version(&id, 1, "Feedback"))
        .await
        .unwrap();
    let update = sqlx::query(
        "UPDATE microcredential_versions SET definition_json = $1 WHERE microcredential_id = $2",
    )
    .bind("{}")
    .bind(&id)
    .execute(store.pool())
    .await
    .unwrap_err();
    assert!(update.to_string().contains("cannot be changed"), "{update}");
    let stored = store.version(&id, 1).await.unwrap();
    assert_eq!(stored.definition_json, r#"{"title":"Feedback"}"#);

    store.update_draft(&id, r#"{"edited":true}"#).await.unwrap();
    assert_eq!(
        store.microcredential(&id).await.unwrap().draft_json,
        r#"{"edited":true}"#
    );
    assert_eq!(
        store.version(&id, 1).await.unwrap().definition_json,
        r#"{"title":"Feedback"}"#,
        "editing the draft leaves the published version alone"
    );
}

async fn catalog_lists_latest_versions_only(test: &TestStore) {
    let store = &test.store;
    let published = new_microcredential(store, "feedback").await;
    new_microcredential(store, "unpublished").await;
    store
        .publish_version(&new_version(&published, 1, "Feedback"))
        .await
        .unwrap();
    store
        .publish_version(&new_version(&published, 2, "Feedback revised"))
        .await
        .unwrap();
    let catalog = store.latest_versions().await.unwrap();
    assert_eq!(catalog.len(), 1);
    assert_eq!(catalog[0].version, 2);
    assert_eq!(catalog[0].title, "Feedback revised");
}

async fn stale_submission_write_is_rejected(test: &TestStore) {
    let store = &test.store;
    let (id, educator) = draft_submission(store).await;
    let saved = store
        .update_submission(&id, 1, &change("draft", r#"{"a":1}"#, "[]"))
        .await
        .unwrap();
    assert_eq!(saved.revision, 2);
    assert_eq!(saved.answers_json, r#"{"a":1}"#);

    let stale = store
        .update_submission(&id, 1, &change("submitted", r#"{"a":2}"#, "[]"))
        .await
        .unwrap_err();
    assert!(matches!(stale, StoreError::Conflict(_)), "{stale}");
    assert!(stale.to_string().contains("revision 1"), "{stale}");
    let stored = store.submission(&id).await.unwrap();
    assert_eq!(stored.state, "draft");
    assert_eq!(stored.answers_json, r#"{"a":1}"#);

    let missing = store
        .update_submission("missing", 1, &change("draft", "{}", "[]"))
        .await
        .unwrap_err();
    assert!(matches!(missing, StoreError::NotFound { .. }), "{missing}");

    let mine = store.submissions_of_educator(&educator).await.unwrap();
    assert_eq!(mine.len(), 1);
    assert!(
        store
            .submissions_in_states(&["submitted"])
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store.submissions_in_states(&["draft"]).await.unwrap().len(),
        1
    );
}

async fn review_records_scores_and_award(test: &TestStore) {
    let store = &test.store;
    let (id, educator) = draft_submission(store).await;
    let assessor = store
        .create_user("grace@example.org", "Grace", "hash", None)
        .await
        .unwrap();
    let (row, award) = store
        .record_review(
            &id,
            1,
            &change("earned", "{}", r#"[{"number":1}]"#),
            &review(&assessor.id, true),
        )
        .await
        .unwrap();
    assert_eq!(row.state, "earned");
    assert_eq!(row.revision, 2);
    let award = award.expect("a pass creates an award");
    assert_eq!(award.educator_id, educator);
    assert_eq!(award.version, 1);
    assert_eq!(award.content_hash, format!("sha256:{:064}", 1));
    assert_eq!(
        store.award_for_submission(&id).await.unwrap(),
        Some(award.clone())
    );
    assert_eq!(store.awards_of_educator(&educator).await.unwrap(), [award]);

    let scores = store.scores(&id).await.unwrap();
    assert_eq!(scores.len(), 2);
    assert_eq!(scores[0].criterion_id, "c1");
    assert_eq!(scores[0].level_id, "demonstrated");
    assert_eq!(scores[1].feedback, "Add a sample");
    assert_eq!(scores[1].assessor_id, assessor.id);
}

async fn not_yet_review_creates_no_award(test: &TestStore) {
    let store = &test.store;
    let (id, educator) = draft_submission(store).await;
    let assessor = store
        .create_user("grace@example.org", "Grace", "hash", None)
        .await
        .unwrap();
    let (row, award) = store
        .record_review(
            &id,
            1,
            &change("returned", "{}", "[]"),
            &review(&assessor.id, false),
        )
        .await
        .unwrap();
    assert_eq!(row.state, "returned");
    assert_eq!(award, None);
    assert!(
        store
            .awards_of_educator(&educator)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn attempt_cannot_be_scored_twice(test: &TestStore) {
    let store = &test.store;
    let (id, _) = draft_submission(store).await;
    let assessor = store
        .create_user("grace@example.org", "Grace", "hash", None)
        .await
        .unwrap();
    store
        .record_review(
            &id,
            1,
            &change("returned", "{}", "[]"),
            &review(&assessor.id, false),
        )
        .await
        .unwrap();
    let again = store
        .record_review(
            &id,
            2,
            &change("earned", "{}", "[]"),
            &review(&assessor.id, true),
        )
        .await
        .unwrap_err();
    assert!(again.to_string().contains("already scored"), "{again}");
    let stored = store.submission(&id).await.unwrap();
    assert_eq!(
        stored.state, "returned",
        "the failed review changed nothing"
    );
    assert_eq!(stored.revision, 2);
    assert_eq!(store.award_for_submission(&id).await.unwrap(), None);
}

async fn evidence_flag_keeps_first_time(test: &TestStore) {
    let store = &test.store;
    store
        .save_evidence_flag("sha256:ab", r#"[{"outcome":"pass"}]"#)
        .await
        .unwrap();
    let first = store.evidence_flags().await.unwrap();
    assert_eq!(first.len(), 1);
    store
        .save_evidence_flag("sha256:ab", r#"[{"outcome":"not_yet"}]"#)
        .await
        .unwrap();
    let flags = store.evidence_flags().await.unwrap();
    assert_eq!(flags.len(), 1);
    assert_eq!(flags[0].uses_json, r#"[{"outcome":"not_yet"}]"#);
    assert_eq!(flags[0].flagged_at, first[0].flagged_at);
}

/// Earns the draft submission and returns its award.
async fn earned_award(store: &Store) -> AwardRow {
    let (id, _) = draft_submission(store).await;
    let assessor = store
        .create_user("grace@example.org", "Grace", "hash", None)
        .await
        .unwrap();
    let (_, award) = store
        .record_review(
            &id,
            1,
            &change("earned", "{}", r#"[{"number":1}]"#),
            &review(&assessor.id, true),
        )
        .await
        .unwrap();
    award.unwrap()
}

fn new_credential(award: &AwardRow, id: &str, index: i64) -> NewCredential {
    NewCredential {
        id: id.to_owned(),
        award_id: award.id.clone(),
        educator_id: award.educator_id.clone(),
        microcredential_id: award.microcredential_id.clone(),
        status_list: 1,
        status_index: index,
        document_json: format!(r#"{{"id":"urn:uuid:{id}"}}"#),
        issued_at: award.awarded_at,
    }
}

async fn award_gets_one_credential(test: &TestStore) {
    let store = &test.store;
    let award = earned_award(store).await;
    assert_eq!(
        store.awards_without_credential().await.unwrap(),
        std::slice::from_ref(&award.id)
    );
    let first = store
        .insert_credential(&new_credential(&award, "c-1", 7))
        .await
        .unwrap();
    assert_eq!(first.revoked_at, None);
    assert_eq!(
        store.credential_for_award(&award.id).await.unwrap(),
        Some(first.clone())
    );
    let second = store
        .insert_credential(&new_credential(&award, "c-2", 8))
        .await
        .unwrap_err();
    assert!(matches!(second, StoreError::Conflict(_)), "{second}");
    assert_eq!(
        store
            .credentials_of_educator(&award.educator_id)
            .await
            .unwrap(),
        [first]
    );
    assert!(store.awards_without_credential().await.unwrap().is_empty());
}

async fn status_index_is_taken_once(test: &TestStore) {
    let store = &test.store;
    let award = earned_award(store).await;
    store
        .insert_credential(&new_credential(&award, "c-1", 7))
        .await
        .unwrap();
    let mut other = new_credential(&award, "c-2", 7);
    other.award_id = "another-award".to_owned();
    let taken = store.insert_credential(&other).await.unwrap_err();
    assert!(matches!(taken, StoreError::Conflict(_)), "{taken}");
    assert_eq!(
        store
            .used_status_indices(1)
            .await
            .unwrap()
            .into_iter()
            .collect::<Vec<_>>(),
        [7]
    );
}

async fn revocation_is_recorded_once(test: &TestStore) {
    let store = &test.store;
    let award = earned_award(store).await;
    store
        .insert_credential(&new_credential(&award, "c-1", 7))
        .await
        .unwrap();
    assert!(store.revoked_status_indices(1).await.unwrap().is_empty());
    let revoked = store
        .revoke_credential("c-1", &award.educator_id, "Issued in error.")
        .await
        .unwrap();
    assert!(revoked.revoked_at.is_some());
    assert_eq!(
        revoked.revocation_reason.as_deref(),
        Some("Issued in error.")
    );
    let again = store
        .revoke_credential("c-1", &award.educator_id, "Another reason.")
        .await
        .unwrap_err();
    assert!(matches!(again, StoreError::Conflict(_)), "{again}");
    assert_eq!(store.credential("c-1").await.unwrap(), revoked);
    assert_eq!(
        store
            .revoked_status_indices(1)
            .await
            .unwrap()
            .into_iter()
            .collect::<Vec<_>>(),
        [7]
    );
    let missing = store
        .revoke_credential("no-such", &award.educator_id, "x")
        .await
        .unwrap_err();
    assert!(matches!(missing, StoreError::NotFound { .. }), "{missing}");
}

async fn status_list_write_needs_current_revision(test: &TestStore) {
    let store = &test.store;
    assert_eq!(store.latest_status_list().await.unwrap(), None);
    assert!(store.create_status_list(1, "first").await.unwrap());
    assert!(
        !store.create_status_list(1, "again").await.unwrap(),
        "created once"
    );
    assert_eq!(store.latest_status_list().await.unwrap(), Some(1));
    let read = store.status_list(1).await.unwrap().unwrap();
    assert_eq!((read.document_json.as_str(), read.revision), ("first", 1));
    assert!(store.replace_status_list(1, 1, "second").await.unwrap());
    // A writer that read revision 1 lost the race and must not overwrite.
    assert!(!store.replace_status_list(1, 1, "stale").await.unwrap());
    let now = store.status_list(1).await.unwrap().unwrap();
    assert_eq!((now.document_json.as_str(), now.revision), ("second", 2));
    assert_eq!(store.status_list(2).await.unwrap(), None);
}
