//! Rater agreement and reliability statistics.
