//! Submissions toward a micro-credential, the scores of each attempt, awards and flags on
//! evidence files used by several educators. The domain crate decides every state change,
//! and this module stores the result and rejects writes based on a stale read.

use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

use crate::{Result, Store, StoreError, new_id, now_unix};

/// A submission to create, usually a new draft.
#[derive(Debug, Clone)]
pub struct NewSubmission {
    pub microcredential_id: String,
    /// The published version the submission is started under.
    pub version: i64,
    pub educator_id: String,
    /// The educator's school, used to keep assessors from scoring colleagues.
    pub school_id: Option<String>,
    /// A submission state code such as `draft`.
    pub state: String,
    pub answers_json: String,
    pub attempts_json: String,
}

/// A stored submission. `revision` starts at 1 and increases with every change.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SubmissionRow {
    pub id: String,
    pub microcredential_id: String,
    pub version: i64,
    pub educator_id: String,
    pub school_id: Option<String>,
    pub state: String,
    pub answers_json: String,
    pub attempts_json: String,
    /// The assessor who claimed the submission for review, if any.
    pub assessor_id: Option<String>,
    pub revision: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

/// The new content of a submission after a change decided by the domain rules.
#[derive(Debug, Clone)]
pub struct SubmissionChange {
    pub state: String,
    pub answers_json: String,
    pub attempts_json: String,
    pub assessor_id: Option<String>,
}

/// The level and feedback given to one criterion of one attempt.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ScoreRow {
    pub submission_id: String,
    pub attempt: i64,
    pub criterion_id: String,
    pub level_id: String,
    pub feedback: String,
    pub assessor_id: String,
    pub scored_at: i64,
}

/// The scores of one attempt to record with the decision that follows from them.
#[derive(Debug, Clone)]
pub struct NewReview {
    pub attempt: i64,
    pub assessor_id: String,
    /// (criterion id, level id, feedback) for every scored criterion.
    pub scores: Vec<(String, String, String)>,
    /// Whether the decision is a pass, which creates an award.
    pub earned: bool,
}

/// An earned micro-credential.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AwardRow {
    pub id: String,
    pub submission_id: String,
    pub microcredential_id: String,
    pub version: i64,
    pub content_hash: String,
    pub educator_id: String,
    pub awarded_at: i64,
}

/// An evidence file submitted by different educators and scored differently.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct EvidenceFlagRow {
    /// `sha256:<hex>` of the file.
    pub content_hash: String,
    /// Each use of the file, as JSON written by the caller.
    pub uses_json: String,
    pub flagged_at: i64,
    pub updated_at: i64,
}

const SUBMISSION_COLUMNS: &str = "id, microcredential_id, version, educator_id, school_id, state, \
     answers_json, attempts_json, assessor_id, revision, created_at, updated_at";

fn submission_from_row(row: &AnyRow) -> Result<SubmissionRow> {
    Ok(SubmissionRow {
        id: row.try_get("id")?,
        microcredential_id: row.try_get("microcredential_id")?,
        version: row.try_get("version")?,
        educator_id: row.try_get("educator_id")?,
        school_id: row.try_get("school_id")?,
        state: row.try_get("state")?,
        answers_json: row.try_get("answers_json")?,
        attempts_json: row.try_get("attempts_json")?,
        assessor_id: row.try_get("assessor_id")?,
        revision: row.try_get("revision")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

fn award_from_row(row: &AnyRow) -> Result<AwardRow> {
    Ok(AwardRow {
        id: row.try_get("id")?,
        submission_id: row.try_get("submission_id")?,
        microcredential_id: row.try_get("microcredential_id")?,
        version: row.try_get("version")?,
        content_hash: row.try_get("content_hash")?,
        educator_id: row.try_get("educator_id")?,
        awarded_at: row.try_get("awarded_at")?,
    })
}

fn stale(id: &str, revision: i64) -> StoreError {
    StoreError::Conflict(format!(
        "submission `{id}` changed after revision {revision} was read: reload the page and try again"
    ))
}

impl Store {
    /// Inserts a submission at revision 1.
    pub async fn create_submission(&self, new: &NewSubmission) -> Result<SubmissionRow> {
        let now = now_unix();
        let row = SubmissionRow {
            id: new_id(),
            microcredential_id: new.microcredential_id.clone(),
            version: new.version,
            educator_id: new.educator_id.clone(),
            school_id: new.school_id.clone(),
            state: new.state.clone(),
            answers_json: new.answers_json.clone(),
            attempts_json: new.attempts_json.clone(),
            assessor_id: None,
            revision: 1,
            created_at: now,
            updated_at: now,
        };
        sqlx::query(AssertSqlSafe(format!(
            "INSERT INTO submissions ({SUBMISSION_COLUMNS}) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
        )))
        .bind(&row.id)
        .bind(&row.microcredential_id)
        .bind(row.version)
        .bind(&row.educator_id)
        .bind(&row.school_id)
        .bind(&row.state)
        .bind(&row.answers_json)
        .bind(&row.attempts_json)
        .bind(&row.assessor_id)
        .bind(row.revision)
        .bind(now)
        .bind(now)
        .execute(self.pool())
        .await?;
        Ok(row)
    }

    pub async fn submission(&self, id: &str) -> Result<SubmissionRow> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {SUBMISSION_COLUMNS} FROM submissions WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(self.pool())
        .await?
        .ok_or_else(|| StoreError::NotFound {
            kind: "submission",
            id: id.to_owned(),
        })?;
        submission_from_row(&row)
    }

    /// Lists one educator's submissions, newest first.
    pub async fn submissions_of_educator(&self, educator_id: &str) -> Result<Vec<SubmissionRow>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {SUBMISSION_COLUMNS} FROM submissions WHERE educator_id = $1 \
             ORDER BY created_at DESC, id DESC"
        )))
        .bind(educator_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(submission_from_row).collect()
    }

    /// Lists the submissions in any of `states`, least recently changed first (the order of
    /// an assessor queue).
    pub async fn submissions_in_states(&self, states: &[&str]) -> Result<Vec<SubmissionRow>> {
        let mut rows = Vec::new();
        for state in states {
            let found = sqlx::query(AssertSqlSafe(format!(
                "SELECT {SUBMISSION_COLUMNS} FROM submissions WHERE state = $1"
            )))
            .bind(*state)
            .fetch_all(self.pool())
            .await?;
            for row in &found {
                rows.push(submission_from_row(row)?);
            }
        }
        rows.sort_by(|a, b| (a.updated_at, &a.id).cmp(&(b.updated_at, &b.id)));
        Ok(rows)
    }

    /// Writes `change` if the submission is still at `expected_revision`, and returns the
    /// stored row at the next revision.
    ///
    /// # Errors
    ///
    /// [`StoreError::Conflict`] when another request changed the submission since it was
    /// read, and [`StoreError::NotFound`] when it does not exist. Nothing is written then.
    pub async fn update_submission(
        &self,
        id: &str,
        expected_revision: i64,
        change: &SubmissionChange,
    ) -> Result<SubmissionRow> {
        let mut transaction = self.pool().begin().await?;
        write_change(&mut transaction, id, expected_revision, change).await?;
        transaction.commit().await?;
        self.submission(id).await
    }

    /// Writes a scored attempt in one transaction: the submission change, one score row per
    /// criterion and, when `review.earned`, the award. Returns the stored submission and the
    /// award.
    ///
    /// # Errors
    ///
    /// As [`Store::update_submission`]; [`StoreError::Conflict`] also when the attempt was
    /// already scored. Nothing is written then.
    pub async fn record_review(
        &self,
        id: &str,
        expected_revision: i64,
        change: &SubmissionChange,
        review: &NewReview,
    ) -> Result<(SubmissionRow, Option<AwardRow>)> {
        let mut transaction = self.pool().begin().await?;
        let before = sqlx::query(
            "SELECT microcredential_id, version, educator_id FROM submissions WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *transaction)
        .await?
        .ok_or_else(|| StoreError::NotFound {
            kind: "submission",
            id: id.to_owned(),
        })?;
        write_change(&mut transaction, id, expected_revision, change).await?;

        let now = now_unix();
        for (criterion_id, level_id, feedback) in &review.scores {
            let inserted = sqlx::query(
                "INSERT INTO submission_scores (submission_id, attempt, criterion_id, level_id, \
                 feedback, assessor_id, scored_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(id)
            .bind(review.attempt)
            .bind(criterion_id)
            .bind(level_id)
            .bind(feedback)
            .bind(&review.assessor_id)
            .bind(now)
            .execute(&mut *transaction)
            .await
            .map_err(StoreError::from);
            match inserted {
                Ok(_) => {}
                Err(error) if error.is_unique_violation() => {
                    return Err(StoreError::Conflict(format!(
                        "attempt {} of submission `{id}` is already scored",
                        review.attempt
                    )));
                }
                Err(error) => return Err(error),
            }
        }

        let award = if review.earned {
            let microcredential_id: String = before.try_get("microcredential_id")?;
            let version: i64 = before.try_get("version")?;
            let content_hash: String = sqlx::query(
                "SELECT content_hash FROM microcredential_versions \
                 WHERE microcredential_id = $1 AND version = $2",
            )
            .bind(&microcredential_id)
            .bind(version)
            .fetch_one(&mut *transaction)
            .await?
            .try_get("content_hash")?;
            let award = AwardRow {
                id: new_id(),
                submission_id: id.to_owned(),
                microcredential_id,
                version,
                content_hash,
                educator_id: before.try_get("educator_id")?,
                awarded_at: now,
            };
            sqlx::query(
                "INSERT INTO awards (id, submission_id, microcredential_id, version, \
                 content_hash, educator_id, awarded_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(&award.id)
            .bind(&award.submission_id)
            .bind(&award.microcredential_id)
            .bind(award.version)
            .bind(&award.content_hash)
            .bind(&award.educator_id)
            .bind(award.awarded_at)
            .execute(&mut *transaction)
            .await?;
            Some(award)
        } else {
            None
        };
        transaction.commit().await?;
        Ok((self.submission(id).await?, award))
    }

    /// Lists the scores of every attempt of a submission, by attempt then criterion id.
    pub async fn scores(&self, submission_id: &str) -> Result<Vec<ScoreRow>> {
        let rows = sqlx::query(
            "SELECT submission_id, attempt, criterion_id, level_id, feedback, assessor_id, \
             scored_at FROM submission_scores WHERE submission_id = $1 \
             ORDER BY attempt, criterion_id",
        )
        .bind(submission_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(ScoreRow {
                    submission_id: row.try_get("submission_id")?,
                    attempt: row.try_get("attempt")?,
                    criterion_id: row.try_get("criterion_id")?,
                    level_id: row.try_get("level_id")?,
                    feedback: row.try_get("feedback")?,
                    assessor_id: row.try_get("assessor_id")?,
                    scored_at: row.try_get("scored_at")?,
                })
            })
            .collect()
    }

    /// Returns one award.
    pub async fn award(&self, id: &str) -> Result<AwardRow> {
        let row = sqlx::query(
            "SELECT id, submission_id, microcredential_id, version, content_hash, educator_id, \
             awarded_at FROM awards WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await?
        .ok_or_else(|| StoreError::NotFound {
            kind: "award",
            id: id.to_owned(),
        })?;
        award_from_row(&row)
    }

    /// Returns the award created by a submission, if it was earned.
    pub async fn award_for_submission(&self, submission_id: &str) -> Result<Option<AwardRow>> {
        let row = sqlx::query(
            "SELECT id, submission_id, microcredential_id, version, content_hash, educator_id, \
             awarded_at FROM awards WHERE submission_id = $1",
        )
        .bind(submission_id)
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(award_from_row).transpose()
    }

    /// Lists one educator's awards, newest first.
    pub async fn awards_of_educator(&self, educator_id: &str) -> Result<Vec<AwardRow>> {
        let rows = sqlx::query(
            "SELECT id, submission_id, microcredential_id, version, content_hash, educator_id, \
             awarded_at FROM awards WHERE educator_id = $1 ORDER BY awarded_at DESC, id DESC",
        )
        .bind(educator_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(award_from_row).collect()
    }

    /// Inserts or replaces the flag on one evidence file. The first flag time is kept.
    pub async fn save_evidence_flag(&self, content_hash: &str, uses_json: &str) -> Result<()> {
        let now = now_unix();
        let mut transaction = self.pool().begin().await?;
        let updated = sqlx::query(
            "UPDATE evidence_flags SET uses_json = $1, updated_at = $2 WHERE content_hash = $3",
        )
        .bind(uses_json)
        .bind(now)
        .bind(content_hash)
        .execute(&mut *transaction)
        .await?;
        if updated.rows_affected() == 0 {
            sqlx::query(
                "INSERT INTO evidence_flags (content_hash, uses_json, flagged_at, updated_at) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(content_hash)
            .bind(uses_json)
            .bind(now)
            .bind(now)
            .execute(&mut *transaction)
            .await?;
        }
        transaction.commit().await?;
        Ok(())
    }

    /// Lists every evidence flag, most recently changed first.
    pub async fn evidence_flags(&self) -> Result<Vec<EvidenceFlagRow>> {
        let rows = sqlx::query(
            "SELECT content_hash, uses_json, flagged_at, updated_at FROM evidence_flags \
             ORDER BY updated_at DESC, content_hash",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(EvidenceFlagRow {
                    content_hash: row.try_get("content_hash")?,
                    uses_json: row.try_get("uses_json")?,
                    flagged_at: row.try_get("flagged_at")?,
                    updated_at: row.try_get("updated_at")?,
                })
            })
            .collect()
    }
}

/// Applies `change` inside `transaction` if the submission is still at `expected_revision`.
async fn write_change(
    transaction: &mut sqlx::Transaction<'_, sqlx::Any>,
    id: &str,
    expected_revision: i64,
    change: &SubmissionChange,
) -> Result<()> {
    let result = sqlx::query(
        "UPDATE submissions SET state = $1, answers_json = $2, attempts_json = $3, \
         assessor_id = $4, revision = revision + 1, updated_at = $5 \
         WHERE id = $6 AND revision = $7",
    )
    .bind(&change.state)
    .bind(&change.answers_json)
    .bind(&change.attempts_json)
    .bind(&change.assessor_id)
    .bind(now_unix())
    .bind(id)
    .bind(expected_revision)
    .execute(&mut **transaction)
    .await?;
    if result.rows_affected() == 1 {
        return Ok(());
    }
    let exists = sqlx::query("SELECT id FROM submissions WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut **transaction)
        .await?;
    match exists {
        Some(_) => Err(stale(id, expected_revision)),
        None => Err(StoreError::NotFound {
            kind: "submission",
            id: id.to_owned(),
        }),
    }
}
