//! `#[pg_test]`s: the SQL functions and aggregates called through SQL.

use pgrx::prelude::*;

#[pg_schema]
mod tests {
    use pgrx::prelude::*;

    #[pg_test]
    fn balance_is_exact() {
        let b = Spi::get_one::<String>("SELECT scorecard.balance(0.649975, 0.933)::text").unwrap();
        assert_eq!(b.as_deref(), Some("-0.283025"));
    }
}
