//! The duplicate-evidence rule: the same file submitted by different educators and scored
//! differently is flagged to issuer admins.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::scoring::Outcome;

/// The files of one scored submission attempt and its outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceRecord<S, U> {
    /// The submission (or attempt) id.
    pub submission: S,
    /// The educator who submitted it.
    pub educator: U,
    /// Content hashes of the files submitted, as in
    /// [`Answers::file_hashes`](crate::answers::Answers::file_hashes).
    pub content_hashes: Vec<String>,
    /// The decision the submission received.
    pub outcome: Outcome,
}

/// One use of a duplicated file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceUse<S, U> {
    /// The submission id.
    pub submission: S,
    /// The educator who submitted it.
    pub educator: U,
    /// The decision that submission received.
    pub outcome: Outcome,
}

/// A file submitted by at least two educators whose submissions received different outcomes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicateEvidence<S, U> {
    /// The shared content hash.
    pub content_hash: String,
    /// Every submission that contains the file, in input order.
    pub uses: Vec<EvidenceUse<S, U>>,
}

/// Finds files that were submitted by two or more different educators and scored differently.
///
/// A content hash is flagged when some pair of records containing it has different educators
/// and different outcomes. All records containing a flagged hash are listed, including repeat
/// uses by one educator. A file reused only by its own educator, or by several educators who
/// all received the same outcome, is not flagged. Results are ordered by content hash, and a
/// hash listed twice in one record counts once.
pub fn find_conflicting_duplicates<S, U>(
    records: &[EvidenceRecord<S, U>],
) -> Vec<DuplicateEvidence<S, U>>
where
    S: Clone,
    U: Clone + PartialEq,
{
    let mut by_hash: BTreeMap<&str, Vec<&EvidenceRecord<S, U>>> = BTreeMap::new();
    for record in records {
        let mut seen: Vec<&str> = Vec::new();
        for hash in &record.content_hashes {
            if !seen.contains(&hash.as_str()) {
                seen.push(hash);
                by_hash.entry(hash).or_default().push(record);
            }
        }
    }

    by_hash
        .into_iter()
        .filter(|(_, uses)| has_conflict(uses))
        .map(|(hash, uses)| DuplicateEvidence {
            content_hash: hash.to_owned(),
            uses: uses
                .into_iter()
                .map(|record| EvidenceUse {
                    submission: record.submission.clone(),
                    educator: record.educator.clone(),
                    outcome: record.outcome,
                })
                .collect(),
        })
        .collect()
}

fn has_conflict<S, U: PartialEq>(uses: &[&EvidenceRecord<S, U>]) -> bool {
    uses.iter().enumerate().any(|(index, first)| {
        uses[index + 1..]
            .iter()
            .any(|second| first.educator != second.educator && first.outcome != second.outcome)
    })
}
