//! Open Badges 3.0 credentials: build, sign, verify, status lists, baking.
