//! Thin glue between PostgreSQL and the pure core: the exact-numeric type,
//! error reporting with SQLSTATEs, and aggregate-state plumbing.

pub mod aggstate;
pub mod error;
pub mod numeric;
