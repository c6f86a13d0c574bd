//! The pure core of pg_scorecard: plain Rust on `rust_decimal` and `chrono`,
//! no PostgreSQL. `cargo test -p scorecard-core` runs every test here in
//! seconds; the extension crate (the workspace root) only converts values,
//! raises errors and declares SQL.
//!
//! * [`exact_sum`]: the order-independent 128-bit accumulator every sum uses.
//! * [`numeric_format`]: PostgreSQL's `numeric` storage format to and from
//!   `Decimal`, without going through text.
//! * [`state`]: what an aggregate state can do (merge, bytes).
//! * [`scorecard`], [`finance`], [`aging`]: one module per family.
//! * [`period`]: week, month, quarter and (fiscal) year arithmetic.
//! * [`card`]: a unit's scorecard for one period as JSON and as an SVG picture.

pub mod aging;
pub mod card;
pub mod error;
pub mod exact_sum;
pub mod finance;
pub mod numeric_format;
pub mod period;
pub mod scorecard;
pub mod state;
