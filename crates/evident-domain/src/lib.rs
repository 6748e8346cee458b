//! Micro-credential rules: definitions, rubrics, pass rules, submission states.
