//! 1EdTech CASE competency frameworks: model, lenient import, tree.
