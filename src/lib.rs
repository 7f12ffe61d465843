//! eventlint: a linter for event contracts between Go microservices that
//! talk over pub/sub (Dapr first, any wrapper by configuration).
//!
//! The pipeline runs one way: [`discover`] → [`extract`] → [`model`] →
//! [`rules`] → [`report`]; [`project`] runs the first three for the CLI.
//!
//! ```
//! use eventlint::extract::go::GoExtractor;
//! let extractor = GoExtractor::new().unwrap();
//! let mut parser = extractor.parser().unwrap();
//! let src = b"package p\nconst TopicOrderCreated = \"order.created\"\n";
//! let (facts, _) = extractor.extract(&mut parser, src);
//! assert_eq!(facts.values[0].name, "TopicOrderCreated");
//! ```
#![forbid(unsafe_code)]

pub mod atomic;
pub mod baseline;
pub mod cache;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod extract;
pub mod lsp;
pub mod model;
pub mod progress;
pub mod project;
pub mod report;
pub mod rules;
pub mod settings;
pub mod spelling;
pub mod suppress;
pub mod words;
