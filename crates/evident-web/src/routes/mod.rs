//! Handlers, one module per area. Routes and their access rules are listed in
//! [`crate::router`].

pub mod account;
pub mod api;
pub mod authoring;
pub mod case_api;
pub mod credentials;
pub mod frameworks;
pub mod health;
pub mod home;
pub mod login;
pub mod microcredentials;
pub mod orgs;
pub mod review;
pub mod submissions;
