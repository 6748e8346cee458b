//! Many-facet Rasch measurement and generalizability theory.
