//! The pure core: plain Rust on `rust_decimal`, no pgrx. Everything here is
//! tested with `#[test]` and property tests; `src/pg/` and the SQL-facing
//! modules are thin wrappers over it.

pub mod aging;
pub mod error;
pub mod exact_sum;
pub mod finance;
pub mod numeric_format;
pub mod scorecard;
pub mod state;
