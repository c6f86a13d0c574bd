//! `#[pg_test]`s: the SQL functions and aggregates called through SQL inside
//! a real backend (`cargo pgrx test pg15`). View behaviour and the sample
//! organisation are covered by the pg_regress suite in tests/regress.

use pgrx::prelude::*;

#[pg_schema]
mod tests {
    use pgrx::prelude::*;

    fn text(sql: &str) -> Option<String> {
        Spi::get_one::<String>(sql).expect("query runs")
    }

    fn count(sql: &str) -> i64 {
        Spi::get_one::<i64>(sql).expect("query runs").expect("count is not null")
    }

    /// The codec alone: decode a numeric argument, encode it back.
    #[pg_extern(immutable, strict)]
    fn codec_round_trip(x: crate::pg::numeric::Exact) -> crate::pg::numeric::Exact {
        x
    }

    #[pg_test]
    fn numeric_codec_round_trips_real_postgres_numerics() {
        // Values PostgreSQL itself produced (numeric_in, arithmetic, round),
        // across signs, scales 0..20 and magnitudes 1e-20..1e20. The value
        // always comes back equal; the text (display scale included) comes
        // back identical whenever it fits in 28 digits.
        Spi::run("SELECT setseed(0.42)").unwrap();
        Spi::run(
            "CREATE TEMP TABLE samples AS
             SELECT round(((random() - 0.5) * 10 ^ (random() * 40 - 20))::numeric, g % 21) AS x
               FROM generate_series(1, 20000) AS g",
        )
        .unwrap();
        assert_eq!(count("SELECT count(*) FROM samples WHERE tests.codec_round_trip(x) <> x"), 0);
        assert_eq!(
            count(
                "SELECT count(*) FROM samples
                  WHERE length(replace(replace(abs(x)::text, '.', ''), '-', '')) <= 28
                    AND tests.codec_round_trip(x)::text <> x::text"
            ),
            0
        );
        // Wide values keep their value; the display scale is what fits.
        assert_eq!(
            text("SELECT tests.codec_round_trip(-13838563786174600.0000000000000)::text").as_deref(),
            Some("-13838563786174600.000000000000")
        );
        // Edge values.
        for v in [
            "0",
            "0.00",
            "-0.5",
            "1",
            "10000",
            "9999.9999",
            "0.0001",
            "100000000.00000001",
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "0.0000000000000000000000000001",
            "12345678901234.5678901234",
        ] {
            let got = text(&format!("SELECT tests.codec_round_trip('{v}'::numeric)::text"));
            assert_eq!(got.as_deref(), Some(v), "round trip of {v}");
        }
    }

    #[pg_test]
    fn decoded_values_compare_equal_in_sql() {
        // The encoder's output must be a normalised numeric: equal, hashed and
        // ordered like PostgreSQL's own.
        let bad = count(
            "SELECT count(*) FROM generate_series(-5000, 5000) AS i,
                    LATERAL (SELECT (i * 1.37)::numeric(20,4) AS x) AS v
              WHERE tests.codec_round_trip(x) <> x
                 OR hash_numeric(tests.codec_round_trip(x)) <> hash_numeric(x)
                 OR (SELECT count(DISTINCT y) FROM (VALUES (x), (tests.codec_round_trip(x))) p(y)) <> 1",
        );
        assert_eq!(bad, 0);
    }

    #[pg_test]
    fn balance_respects_direction_and_nulls() {
        assert_eq!(text("SELECT scorecard.balance(0.649975, 0.933)::text").as_deref(), Some("-0.283025"));
        assert_eq!(text("SELECT scorecard.balance(6.5, 7, false)::text").as_deref(), Some("0.5"));
        assert_eq!(text("SELECT scorecard.balance(NULL, 0.933)::text"), None);
    }

    #[pg_test]
    fn needs_deep_dive_uses_threshold() {
        assert_eq!(Spi::get_one::<bool>("SELECT scorecard.needs_deep_dive(-0.283)"), Ok(Some(true)));
        assert_eq!(Spi::get_one::<bool>("SELECT scorecard.needs_deep_dive(0.05)"), Ok(Some(false)));
        assert_eq!(Spi::get_one::<bool>("SELECT scorecard.needs_deep_dive(0.02, 0.01)"), Ok(Some(true)));
        assert_eq!(Spi::get_one::<bool>("SELECT scorecard.needs_deep_dive(NULL)"), Ok(None));
    }

    #[pg_test(error = "deep-dive threshold must not be negative, got -0.01")]
    fn needs_deep_dive_refuses_negative_threshold() {
        let _ = Spi::get_one::<bool>("SELECT scorecard.needs_deep_dive(0.02, -0.01)");
    }

    #[pg_test]
    fn goal_score_is_spider_scale() {
        assert_eq!(text("SELECT scorecard.goal_score(300, 700, 500)::text").as_deref(), Some("0"));
        assert_eq!(text("SELECT scorecard.goal_score(900, 700, 500)::text").as_deref(), Some("10"));
        assert_eq!(text("SELECT round(scorecard.goal_score(700, 700, 500), 2)::text").as_deref(), Some("6.67"));
        assert_eq!(text("SELECT round(scorecard.goal_score(8, 5, 8), 2)::text").as_deref(), Some("3.33"));
    }

    #[pg_test(error = "goal and red flag must differ (both are 5)")]
    fn goal_score_refuses_equal_goal_and_red_flag() {
        let _ = text("SELECT scorecard.goal_score(1, 5, 5)::text");
    }

    #[pg_test(error = "Infinity is not a valid amount or ratio")]
    fn infinity_is_refused() {
        let _ = text("SELECT scorecard.balance('Infinity', 1)::text");
    }

    #[pg_test]
    fn composite_is_weighted_mean_ignoring_nulls() {
        assert_eq!(
            text(
                "SELECT scorecard.composite(x)::text FROM (VALUES (0.4747), (0.6921), (0.7943), (0.6388), (NULL)) v(x)"
            )
            .as_deref(),
            Some("0.649975")
        );
        assert_eq!(
            text("SELECT scorecard.composite(x, w)::text FROM (VALUES (1, 3), (0, 1), (5, NULL)) v(x, w)").as_deref(),
            Some("0.75")
        );
        assert_eq!(text("SELECT scorecard.composite(x)::text FROM (VALUES (NULL::numeric)) v(x)"), None);
        assert_eq!(text("SELECT scorecard.composite(x, 0)::text FROM (VALUES (1)) v(x)"), None);
        // Grouped, with an empty group's NULL kept apart.
        assert_eq!(
            text("SELECT string_agg(g || '=' || coalesce(c::text, 'null'), ',' ORDER BY g) FROM (
                    SELECT g, scorecard.composite(x) AS c FROM (VALUES (1, 2), (1, 4), (2, NULL)) v(g, x) GROUP BY g) s").as_deref(),
            Some("1=3,2=null")
        );
    }

    #[pg_test(error = "composite weight must not be negative, got -1")]
    fn composite_refuses_negative_weight() {
        let _ = text("SELECT scorecard.composite(x, -1)::text FROM (VALUES (1)) v(x)");
    }

    #[pg_test]
    fn composite_is_the_same_with_and_without_parallel_workers() {
        Spi::run(
            "CREATE TABLE comp AS SELECT (i % 7) AS g, (i % 1000) / 997.0 AS score, (i % 5) AS weight
                    FROM generate_series(1, 200000) i",
        )
        .unwrap();
        Spi::run("ANALYZE comp").unwrap();
        let q = "SELECT string_agg(g || ':' || c::text, ',' ORDER BY g) FROM (
                     SELECT g, scorecard.composite(score, weight) c FROM comp GROUP BY g) s";
        Spi::run("SET max_parallel_workers_per_gather = 0").unwrap();
        let serial = text(q);
        Spi::run(
            "SET max_parallel_workers_per_gather = 2; SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;
                  SET min_parallel_table_scan_size = 0; SET parallel_leader_participation = off",
        )
        .unwrap();
        Spi::run(
            "CREATE FUNCTION plan_of(q text) RETURNS text LANGUAGE plpgsql AS $$
             DECLARE line text; plan text := '';
             BEGIN FOR line IN EXECUTE 'EXPLAIN ' || q LOOP plan := plan || line || E'\\n'; END LOOP;
                   RETURN plan; END $$",
        )
        .unwrap();
        let plan = text(&format!("SELECT plan_of($q${q}$q$)")).unwrap();
        assert!(plan.contains("Gather") && plan.contains("Partial"), "not a parallel plan:\n{plan}");
        let parallel = text(q);
        assert!(serial.is_some());
        assert_eq!(serial, parallel);
    }
}
