//! What 0.1.0's catalogue still names until `ALTER EXTENSION pg_scorecard
//! UPDATE` runs: its aggregates kept their states behind `internal` with
//! serialise / deserialise functions for parallel query. 0.2.0's states are
//! SQL types (`state_type.rs`) and need neither, but a DBA installs the new
//! library before updating, so these symbols stay (not in 0.2.0's SQL).

/// Declare the 0.1.0 serialise and deserialise support symbols of an
/// aggregate family over state type `$state` (no SQL).
#[macro_export]
macro_rules! legacy_serial_support {
    ($state:ty, $serialize:ident, $deserialize:ident) => {
        #[pg_extern(immutable, strict, parallel_safe, sql = false)]
        fn $serialize(state: pgrx::Internal) -> Vec<u8> {
            use scorecard_core::state::AggregateState;
            unsafe { state.get::<$state>() }.copied().unwrap_or_default().to_bytes()
        }

        #[pg_extern(immutable, strict, parallel_safe, sql = false)]
        fn $deserialize(bytes: &[u8], _unused: pgrx::Internal) -> pgrx::Internal {
            use scorecard_core::state::AggregateState;
            pgrx::Internal::new(<$state>::from_bytes(bytes).or_raise())
        }
    };
}
