-- pg_scorecard 0.1.0 -> 0.2.0
--
-- Run by ALTER EXTENSION pg_scorecard UPDATE TO '0.2.0'. Each change to the
-- SQL surface since 0.1.0 adds its section here, in the order it landed;
-- tests/upgrade checks that the result equals a fresh 0.2.0 install, object
-- for object, and that every row and view answer survives. Once 0.2.0 is
-- released this file is frozen (the same test refuses edits).
\echo Use "ALTER EXTENSION pg_scorecard UPDATE TO '0.2.0'" to load this file. \quit

-- ---------------------------------------------------------------------
-- Period arithmetic moves into the Rust core (scorecard_core::period):
-- same names, arguments and results for weeks and months; quarters and
-- years are now known grains, and infinite dates are not period starts.
-- ---------------------------------------------------------------------
CREATE OR REPLACE FUNCTION scorecard.is_period_start(period_grain text, period_start date) RETURNS boolean
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'is_period_start_wrapper';
CREATE OR REPLACE FUNCTION scorecard.period_end(period_grain text, period_start date) RETURNS date
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'period_end_wrapper';
CREATE OR REPLACE FUNCTION scorecard.previous_period_start(period_grain text, period_start date) RETURNS date
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'previous_period_start_wrapper';
COMMENT ON FUNCTION scorecard.is_period_start(text, date) IS
    'True when period_start opens a period of the grain: a Monday (ISO week start) for ''week'', the first of a month for ''month'', of January, April, July or October for ''quarter'', of January for ''year''. False for any other grain and for infinite dates.';
COMMENT ON FUNCTION scorecard.period_end(text, date) IS
    'Last day of the period of the grain (week, month, quarter, year) that starts on period_start; NULL for an unknown grain.';
COMMENT ON FUNCTION scorecard.previous_period_start(text, date) IS
    'Start of the period of the grain (week, month, quarter, year) before the one starting on period_start; NULL for an unknown grain.';

-- ---------------------------------------------------------------------
-- mix_price gets support functions of its own (it borrowed composite's).
-- ---------------------------------------------------------------------
CREATE FUNCTION scorecard.mix_price_combine(a internal, b internal) RETURNS internal
IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mix_price_combine_wrapper';
CREATE FUNCTION scorecard.mix_price_serialize(state internal) RETURNS bytea
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mix_price_serialize_wrapper';
CREATE FUNCTION scorecard.mix_price_deserialize(bytes bytea, _unused internal) RETURNS internal
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mix_price_deserialize_wrapper';
CREATE FUNCTION scorecard.mix_price_final(state internal) RETURNS numeric
IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mix_price_final_wrapper';
CREATE OR REPLACE AGGREGATE scorecard.mix_price(unit_price numeric, volume_share numeric) (
    sfunc = scorecard.mix_price_trans, stype = internal, finalfunc = scorecard.mix_price_final,
    combinefunc = scorecard.mix_price_combine, serialfunc = scorecard.mix_price_serialize,
    deserialfunc = scorecard.mix_price_deserialize, parallel = safe
);
COMMENT ON FUNCTION scorecard.mix_price_trans(internal, numeric, numeric) IS 'Support function of scorecard.mix_price: adds one price and volume share.';
COMMENT ON FUNCTION scorecard.mix_price_combine(internal, internal) IS 'Support function of scorecard.mix_price: merges partial states.';
COMMENT ON FUNCTION scorecard.mix_price_serialize(internal) IS 'Support function of scorecard.mix_price: state to bytea.';
COMMENT ON FUNCTION scorecard.mix_price_deserialize(bytea, internal) IS 'Support function of scorecard.mix_price: bytea to state.';
COMMENT ON FUNCTION scorecard.mix_price_final(internal) IS 'Support function of scorecard.mix_price: the mix-weighted price, or NULL.';

-- ---------------------------------------------------------------------
-- Trust: measure sources are read with their owner's rights and never
-- pasted into SQL. measure.source_owner is new: for sources registered
-- under 0.1.0 it becomes the owner of the source relation; a source whose
-- relation no longer exists is unregistered (the measure and its
-- observations stay), with a WARNING naming it. Names are rewritten in
-- canonical quoted form.
-- ---------------------------------------------------------------------
ALTER TABLE scorecard.measure ADD COLUMN source_owner text;
DO $upgrade$
DECLARE
    m record;
    rel regclass;
BEGIN
    FOR m IN SELECT measure_id, name, source FROM scorecard.measure WHERE source IS NOT NULL LOOP
        BEGIN
            rel := to_regclass(m.source);
        EXCEPTION WHEN OTHERS THEN
            rel := NULL;   -- not even a name: 0.1.0 let a writer store any text
        END;
        IF rel IS NULL THEN
            RAISE WARNING 'pg_scorecard 0.2.0: the source % of measure % does not exist; it is unregistered', m.source, m.name;
            UPDATE scorecard.measure SET source = NULL, source_grain = NULL WHERE measure_id = m.measure_id;
        ELSE
            UPDATE scorecard.measure x
               SET source = pg_catalog.format('%I.%I', n.nspname, c.relname), source_owner = pg_catalog.pg_get_userbyid(c.relowner)
              FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE x.measure_id = m.measure_id AND c.oid = rel;
        END IF;
    END LOOP;
END
$upgrade$;
ALTER TABLE scorecard.measure ADD CONSTRAINT measure_source_has_owner CHECK ((source IS NULL) = (source_owner IS NULL));
COMMENT ON COLUMN scorecard.measure.source IS 'A view or table returning period_start, numerator, denominator, as schema.relation with both parts quoted where needed (register_measure_source writes it so): read by scorecard.refresh_measures, never pasted into SQL. NULL for measures entered by hand.';
COMMENT ON COLUMN scorecard.measure.source_owner IS 'The role whose rights the source is read with: the role that registered it. Only a member of that role may set it, or refresh the measure.';

CREATE OR REPLACE FUNCTION scorecard.check_measure_source(m scorecard.measure)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    parts text[];
BEGIN
    BEGIN
        parts := parse_ident(m.source);
    EXCEPTION WHEN invalid_parameter_value THEN
        parts := NULL;
    END;
    IF parts IS NULL OR cardinality(parts) <> 2 THEN
        RAISE EXCEPTION 'measure source % of measure "%" is not schema.relation', quote_literal(m.source), m.name
            USING ERRCODE = 'check_violation',
                  HINT = 'Register sources with scorecard.register_measure_source(measure, ''schema.view''), which writes the name.';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = m.source_owner) THEN
        IF NOT (SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = current_user) THEN
            RAISE EXCEPTION 'the owner % of the source of measure "%" is not a role', quote_literal(m.source_owner), m.name
                USING ERRCODE = 'undefined_object';
        END IF;
    ELSIF NOT pg_has_role(current_user, m.source_owner, 'MEMBER') THEN
        RAISE EXCEPTION 'the source of measure "%" is read with the rights of role %, of which % is not a member', m.name,
                        quote_ident(m.source_owner), quote_ident(current_user)
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'Register the source as yourself: scorecard.register_measure_source sets you as its owner.';
    END IF;
END
$$;
COMMENT ON FUNCTION scorecard.check_measure_source(scorecard.measure) IS
    'Used by the measure trigger: refuses a source that is not schema.relation (23514), and an owner the writer is not a member of (42501) or that does not exist (42704; a superuser, such as pg_restore, may keep one).';

CREATE OR REPLACE FUNCTION scorecard.measure_check()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM scorecard.require_discipline(NEW.discipline);
    IF NEW.source IS NOT NULL AND NEW.source_owner IS NULL THEN
        NEW.source_owner := current_user;
    ELSIF NEW.source IS NULL THEN
        NEW.source_owner := NULL;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM scorecard.objective o WHERE o.discipline = NEW.discipline AND o.name = NEW.objective) THEN
        RAISE EXCEPTION 'unknown objective "%" in discipline "%"', NEW.objective, NEW.discipline
            USING ERRCODE = 'foreign_key_violation',
                  HINT = 'Create it first: INSERT INTO scorecard.objective (discipline, name) VALUES (...).';
    END IF;
    IF NEW.source IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.source IS DISTINCT FROM OLD.source
                                   OR NEW.source_owner IS DISTINCT FROM OLD.source_owner) THEN
        PERFORM scorecard.check_measure_source(NEW);
    END IF;
    IF NEW.weight < 0 THEN
        RAISE EXCEPTION 'measure weight must not be negative, got %', NEW.weight
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.goal IS NOT NULL AND NEW.red_flag IS NOT NULL
       AND ((NEW.higher_is_better AND NEW.goal <= NEW.red_flag) OR (NOT NEW.higher_is_better AND NEW.goal >= NEW.red_flag)) THEN
        RAISE EXCEPTION 'goal % and red flag % contradict the direction of measure "%"', NEW.goal, NEW.red_flag, NEW.name
            USING ERRCODE = 'check_violation',
                  HINT = CASE WHEN NEW.higher_is_better THEN 'For a higher-is-better measure the goal is above the red flag.'
                              ELSE 'For a lower-is-better measure the goal is below the red flag.' END;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION scorecard.measure_check() IS
    'Trigger function: refuses a measure in an unknown discipline or objective, with a negative weight, whose goal and red flag contradict its direction, or whose source is not schema.relation or belongs to a role the writer is not a member of, with a message that says which.';

-- scorecard.register_measure_source and scorecard.refresh_measures, which
-- read sources with their owner's rights: in their final form (with
-- service-line sources) in the cascading-scorecards section below.


-- ---------------------------------------------------------------------
-- Trust: values that could take a view down are refused at the table
-- (NaN, the infinities, |x| >= 1e15, dates outside 1900-2199, absurd
-- day counts), 23514 naming the column. If a row of yours already holds
-- such a value the update stops at that constraint: correct the row and
-- run ALTER EXTENSION ... UPDATE again.
-- ---------------------------------------------------------------------
ALTER TABLE scorecard.discipline ADD CONSTRAINT discipline_deep_dive_threshold_in_range CHECK (deep_dive_threshold < 1e15);
ALTER TABLE scorecard.discipline_target ADD CONSTRAINT discipline_target_effective_from_in_range CHECK (effective_from BETWEEN DATE '1900-01-01' AND DATE '2199-12-31');
ALTER TABLE scorecard.discipline_target ADD CONSTRAINT discipline_target_target_in_range CHECK (target > -1e15 AND target < 1e15);
ALTER TABLE scorecard.measure ADD CONSTRAINT measure_weight_in_range CHECK (weight < 1e15);
ALTER TABLE scorecard.measure ADD CONSTRAINT measure_goal_in_range CHECK (goal > -1e15 AND goal < 1e15);
ALTER TABLE scorecard.measure ADD CONSTRAINT measure_red_flag_in_range CHECK (red_flag > -1e15 AND red_flag < 1e15);
ALTER TABLE scorecard.measure ADD CONSTRAINT measure_active_from_in_range CHECK (active_from BETWEEN DATE '1900-01-01' AND DATE '2199-12-31');
ALTER TABLE scorecard.measure ADD CONSTRAINT measure_active_until_in_range CHECK (active_until BETWEEN DATE '1900-01-01' AND DATE '2199-12-31');
ALTER TABLE scorecard.measure_target ADD CONSTRAINT measure_target_effective_from_in_range CHECK (effective_from BETWEEN DATE '1900-01-01' AND DATE '2199-12-31');
ALTER TABLE scorecard.measure_target ADD CONSTRAINT measure_target_target_in_range CHECK (target > -1e15 AND target < 1e15);
ALTER TABLE scorecard.observation ADD CONSTRAINT observation_period_start_in_range CHECK (period_start BETWEEN DATE '1900-01-01' AND DATE '2199-12-31');
ALTER TABLE scorecard.observation ADD CONSTRAINT observation_numerator_in_range CHECK (numerator < 1e15);
ALTER TABLE scorecard.observation ADD CONSTRAINT observation_denominator_in_range CHECK (denominator < 1e15);
ALTER TABLE scorecard.observation ADD CONSTRAINT observation_value_in_range CHECK (value > -1e15 AND value < 1e15);
ALTER TABLE scorecard.payer ADD CONSTRAINT payer_payment_terms_days_in_range CHECK (payment_terms_days <= 3650);
ALTER TABLE scorecard.acuity_level ADD CONSTRAINT acuity_level_target_los_days_in_range CHECK (target_los_days <= 36500);
ALTER TABLE scorecard.stay ADD CONSTRAINT stay_admitted_on_in_range CHECK (admitted_on BETWEEN DATE '1900-01-01' AND DATE '2199-12-31');
ALTER TABLE scorecard.stay ADD CONSTRAINT stay_discharged_on_in_range CHECK (discharged_on BETWEEN DATE '1900-01-01' AND DATE '2199-12-31');
ALTER TABLE scorecard.stay ADD CONSTRAINT stay_cost_in_range CHECK (cost < 1e15);
ALTER TABLE scorecard.stay ADD CONSTRAINT stay_billable_days_in_range CHECK (billable_days <= 36500);
ALTER TABLE scorecard.time_study ADD CONSTRAINT time_study_study_date_in_range CHECK (study_date BETWEEN DATE '1900-01-01' AND DATE '2199-12-31');
ALTER TABLE scorecard.time_study ADD CONSTRAINT time_study_minutes_in_range CHECK (minutes < 1e15);
ALTER TABLE scorecard.medi_cal_share ADD CONSTRAINT medi_cal_share_period_start_in_range CHECK (period_start BETWEEN DATE '1900-01-01' AND DATE '2199-12-31');
ALTER TABLE scorecard.service ADD CONSTRAINT service_service_at_in_range CHECK (service_at >= TIMESTAMPTZ '1900-01-01 00:00+00' AND service_at < TIMESTAMPTZ '2200-01-01 00:00+00');
ALTER TABLE scorecard.service ADD CONSTRAINT service_documented_at_in_range CHECK (documented_at >= TIMESTAMPTZ '1900-01-01 00:00+00' AND documented_at < TIMESTAMPTZ '2200-01-01 00:00+00');
ALTER TABLE scorecard.service ADD CONSTRAINT service_units_in_range CHECK (units < 1e15);
ALTER TABLE scorecard.service ADD CONSTRAINT service_charge_in_range CHECK (charge < 1e15);
ALTER TABLE scorecard.claim ADD CONSTRAINT claim_service_from_in_range CHECK (service_from BETWEEN DATE '1900-01-01' AND DATE '2199-12-31');
ALTER TABLE scorecard.claim ADD CONSTRAINT claim_created_on_in_range CHECK (created_on BETWEEN DATE '1900-01-01' AND DATE '2199-12-31');
ALTER TABLE scorecard.claim ADD CONSTRAINT claim_bill_date_in_range CHECK (bill_date BETWEEN DATE '1900-01-01' AND DATE '2199-12-31');
ALTER TABLE scorecard.claim ADD CONSTRAINT claim_due_date_in_range CHECK (due_date BETWEEN DATE '1900-01-01' AND DATE '2199-12-31');
ALTER TABLE scorecard.claim ADD CONSTRAINT claim_denied_on_in_range CHECK (denied_on BETWEEN DATE '1900-01-01' AND DATE '2199-12-31');
ALTER TABLE scorecard.claim ADD CONSTRAINT claim_amount_in_range CHECK (amount > -1e15 AND amount < 1e15);
ALTER TABLE scorecard.payment ADD CONSTRAINT payment_received_on_in_range CHECK (received_on BETWEEN DATE '1900-01-01' AND DATE '2199-12-31');
ALTER TABLE scorecard.payment ADD CONSTRAINT payment_posted_on_in_range CHECK (posted_on BETWEEN DATE '1900-01-01' AND DATE '2199-12-31');
ALTER TABLE scorecard.payment ADD CONSTRAINT payment_reconciled_on_in_range CHECK (reconciled_on BETWEEN DATE '1900-01-01' AND DATE '2199-12-31');
ALTER TABLE scorecard.payment ADD CONSTRAINT payment_amount_in_range CHECK (amount < 1e15);
ALTER TABLE scorecard.adjustment ADD CONSTRAINT adjustment_adjusted_on_in_range CHECK (adjusted_on BETWEEN DATE '1900-01-01' AND DATE '2199-12-31');
ALTER TABLE scorecard.adjustment ADD CONSTRAINT adjustment_amount_in_range CHECK (amount > -1e15 AND amount < 1e15);
ALTER TABLE scorecard.ar_aging_history ADD CONSTRAINT ar_aging_history_as_of_in_range CHECK (as_of BETWEEN DATE '1900-01-01' AND DATE '2199-12-31');
ALTER TABLE scorecard.ar_aging_history ADD CONSTRAINT ar_aging_history_amount_in_range CHECK (amount > -1e15 AND amount < 1e15);
ALTER TABLE scorecard.cost_entry ADD CONSTRAINT cost_entry_period_start_in_range CHECK (period_start BETWEEN DATE '1900-01-01' AND DATE '2199-12-31');
ALTER TABLE scorecard.cost_entry ADD CONSTRAINT cost_entry_amount_in_range CHECK (amount < 1e15);
ALTER TABLE scorecard.reserve_plan ADD CONSTRAINT reserve_plan_period_start_in_range CHECK (period_start BETWEEN DATE '1900-01-01' AND DATE '2199-12-31');
ALTER TABLE scorecard.reserve_plan ADD CONSTRAINT reserve_plan_amount_in_range CHECK (amount < 1e15);
ALTER TABLE scorecard.outcome ADD CONSTRAINT outcome_period_start_in_range CHECK (period_start BETWEEN DATE '1900-01-01' AND DATE '2199-12-31');
ALTER TABLE scorecard.outcome ADD CONSTRAINT outcome_outcome_in_range CHECK (outcome < 1e15);

-- Dates in messages keep their era (" BC"); the triggers that name dates
-- (the claim, payment and stay triggers are replaced further down).
-- A date in messages: ISO, with " BC" for dates before the year 1 (which
-- to_char's YYYY drops), and 'infinity' / '-infinity' as they are.
CREATE OR REPLACE FUNCTION scorecard.date_text(d date)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE WHEN NOT pg_catalog.isfinite(d) THEN d::text
            WHEN d < DATE '0001-01-01' THEN pg_catalog.to_char(d, 'YYYY-MM-DD') || ' BC'
            ELSE pg_catalog.to_char(d, 'YYYY-MM-DD')
       END;
COMMENT ON FUNCTION scorecard.date_text(date) IS
    'A date as the extension''s messages show it: YYYY-MM-DD, with BC for dates before the year 1, and infinity as such.';

CREATE OR REPLACE FUNCTION scorecard.observation_check()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM scorecard.measure m WHERE m.measure_id = NEW.measure_id) THEN
        RAISE EXCEPTION 'unknown measure %', NEW.measure_id
            USING ERRCODE = 'foreign_key_violation',
                  HINT = 'Create the measure in scorecard.measure first.';
    END IF;
    IF NEW.period_grain IS DISTINCT FROM 'month' AND NEW.period_grain IS DISTINCT FROM 'week' THEN
        RAISE EXCEPTION 'period_grain must be ''month'' or ''week'', not %', coalesce(quote_literal(NEW.period_grain), 'NULL')
            USING ERRCODE = 'check_violation';
    END IF;
    IF NOT scorecard.is_period_start(NEW.period_grain, NEW.period_start) THEN
        RAISE EXCEPTION '% is not the start of a %', scorecard.date_text(NEW.period_start), NEW.period_grain
            USING ERRCODE = 'check_violation',
                  HINT = CASE NEW.period_grain
                      WHEN 'month' THEN 'A month starts on its 1st day, e.g. ' || scorecard.date_text(date_trunc('month', NEW.period_start)::date) || '.'
                      ELSE 'An ISO week starts on a Monday, e.g. ' || scorecard.date_text(date_trunc('week', NEW.period_start)::date) || '.' END;
    END IF;
    IF (NEW.numerator IS NULL) <> (NEW.denominator IS NULL) OR (NEW.numerator IS NULL) = (NEW.value IS NULL) THEN
        RAISE EXCEPTION 'an observation needs a numerator and a denominator, or a value, not both'
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.numerator < 0 OR NEW.denominator < 0 THEN
        RAISE EXCEPTION 'numerator and denominator must not be negative (got % / %)', NEW.numerator, NEW.denominator
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.numerator IN ('NaN', 'Infinity', '-Infinity') OR NEW.denominator IN ('NaN', 'Infinity', '-Infinity')
       OR NEW.value IN ('NaN', 'Infinity', '-Infinity') THEN
        RAISE EXCEPTION 'NaN and Infinity are not valid observations'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION scorecard.observation_check() IS
    'Trigger function: refuses an observation for an unknown measure, of an unknown grain, for a period that does not start a month or ISO week, with a negative count, NaN or Infinity, or with half a ratio, with a message that says which. The table''s constraints enforce the same rules.';


-- One extreme observation no longer fails the score views for everyone:
-- actuals and targets go through exact_round; past 1e27, 'not computable'
-- (the score views are redefined once, with the status bands below).
CREATE OR REPLACE FUNCTION scorecard.exact_round(x numeric)
RETURNS numeric
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE WHEN x = 'NaN'::numeric OR pg_catalog.abs(x) >= 1e27 THEN NULL
            WHEN pg_catalog.scale(x) <= CASE WHEN pg_catalog.abs(x) < 1 THEN 20
                                             ELSE LEAST(20, 27 - pg_catalog.floor(pg_catalog.log(pg_catalog.abs(x)))::integer) END
                 THEN x
            WHEN pg_catalog.abs(x) < 1 THEN pg_catalog.trim_scale(pg_catalog.round(x, 20))
            ELSE pg_catalog.trim_scale(pg_catalog.round(x, LEAST(20, 27 - pg_catalog.floor(pg_catalog.log(pg_catalog.abs(x)))::integer)))
       END;
COMMENT ON FUNCTION scorecard.exact_round(numeric) IS
    'x as pg_scorecard''s exact arithmetic can take it: unchanged within 20 decimals and 28 significant digits, else rounded to them; NULL for NaN, the infinities and |x| >= 1e27. The score views pass actuals and targets through it.';


-- Two snapshots of the same day: an upsert, not 23505: scorecard.snapshot_ar_aging,
-- in its final form in the warehouse-scale section below.


-- No KPI row for a NULL period (it gave zeros).
ALTER FUNCTION scorecard.revenue_cycle_kpis_for(date, date) STRICT;
COMMENT ON FUNCTION scorecard.revenue_cycle_kpis_for(date, date) IS
    'HFMA-style revenue-cycle KPIs for one period [period_start, period_end] (no row when either is NULL): billing, net revenue (billed - adjustments), cash, net A/R and A/R over 90 days at period end, net days in A/R, initial denial rate (count and dollars), clean claim rate, cash collected share, suspended claims at period end, payments not reconciled within 72 hours.';

-- ---------------------------------------------------------------------
-- Nothing lost on pg_restore, and the settlement and readmission rules for
-- every statement at every isolation level.
--
-- Disciplines: every row is dumped now, built-in ones as edited; a
-- built-in row knows which shipped discipline it is (builtin_key) so a
-- restore puts it back in place of the shipped one. Built-in rows of 0.1.0
-- get their key by name, else by sort order; a row a user had marked built
-- in becomes an ordinary one.
-- ---------------------------------------------------------------------
ALTER TABLE scorecard.discipline DROP CONSTRAINT discipline_sort_order_key;
ALTER TABLE scorecard.discipline ADD CONSTRAINT discipline_sort_order_key UNIQUE (sort_order) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE scorecard.discipline ADD COLUMN builtin_key text CONSTRAINT discipline_builtin_key_key UNIQUE;
CREATE OR REPLACE FUNCTION scorecard.builtin_disciplines()
RETURNS TABLE (builtin_key text, name text, sort_order smallint, deep_dive_threshold numeric, description text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT * FROM (VALUES
        ('finance', 'Finance', 1::smallint, 0.05, 'Fiscal solvency: R - CD = E + ARC, cost, revenue, reimbursement.'),
        ('customer', 'Customer', 2::smallint, 0.05, 'Access, timeliness, outcomes and value for consumers, payers and referrers.'),
        ('learning_and_growth', 'Learning and Growth', 3::smallint, 0.05, 'Staff engagement, technology and the capacity to improve.'),
        ('process', 'Process', 4::smallint, 0.05, 'Workflow, timeliness and the revenue cycle: the driver of the others.')) AS b(k, n, o, t, d);
END;
COMMENT ON FUNCTION scorecard.builtin_disciplines() IS
    'The four disciplines of the Balanced Scorecard as the extension ships them: builtin_key, name, sort_order, deep_dive_threshold, description.';

UPDATE scorecard.discipline d SET builtin_key = b.builtin_key
  FROM scorecard.builtin_disciplines() b WHERE d.is_builtin AND d.name = b.name;
UPDATE scorecard.discipline d SET builtin_key = b.builtin_key
  FROM scorecard.builtin_disciplines() b
 WHERE d.is_builtin AND d.builtin_key IS NULL AND d.sort_order = b.sort_order
   AND NOT EXISTS (SELECT 1 FROM scorecard.discipline x WHERE x.builtin_key = b.builtin_key);
UPDATE scorecard.discipline SET is_builtin = false WHERE is_builtin AND builtin_key IS NULL;
ALTER TABLE scorecard.discipline ADD CONSTRAINT discipline_builtin_has_key CHECK (is_builtin = (builtin_key IS NOT NULL));
CREATE OR REPLACE FUNCTION scorecard.discipline_keep()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.is_builtin THEN
            RAISE EXCEPTION 'discipline "%" is one of the four of the Balanced Scorecard and cannot be deleted', OLD.name
                USING ERRCODE = 'restrict_violation',
                      HINT = 'Rename it, or leave it without measures.';
        END IF;
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        IF NEW.is_builtin IS DISTINCT FROM OLD.is_builtin OR NEW.builtin_key IS DISTINCT FROM OLD.builtin_key THEN
            RAISE EXCEPTION 'which disciplines are built in is fixed (discipline "%")', OLD.name
                USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END IF;
    IF NEW.builtin_key IS NOT NULL
       AND EXISTS (SELECT 1 FROM scorecard.discipline d JOIN scorecard.builtin_disciplines() b USING (builtin_key)
                    WHERE d.builtin_key = NEW.builtin_key AND d.is_builtin
                      AND (d.name, d.sort_order, d.deep_dive_threshold, d.description)
                          IS NOT DISTINCT FROM (b.name, b.sort_order, b.deep_dive_threshold, b.description)) THEN
        -- Every column but the key (a column added to the table goes here too).
        UPDATE scorecard.discipline d
           SET name = NEW.name, sort_order = NEW.sort_order, deep_dive_threshold = NEW.deep_dive_threshold,
               description = NEW.description, owner_name = NEW.owner_name, owner_email = NEW.owner_email,
               owner_role = NEW.owner_role
         WHERE d.builtin_key = NEW.builtin_key;
        RETURN NULL;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION scorecard.discipline_keep() IS
    'Trigger function: a built-in discipline row inserted while its shipped one is untouched (pg_restore after CREATE EXTENSION) replaces it; built-in rows cannot be deleted, nor can a row become or stop being built in.';

CREATE OR REPLACE TRIGGER discipline_keep BEFORE INSERT OR UPDATE OR DELETE ON scorecard.discipline
    FOR EACH ROW EXECUTE FUNCTION scorecard.discipline_keep();
SELECT pg_catalog.pg_extension_config_dump('scorecard.discipline', '');
COMMENT ON TABLE scorecard.discipline IS
    'Scorecard disciplines. The four of the Balanced Scorecard (Finance, Customer, Learning and Growth, Process) ship with the extension and may be renamed and edited; pg_dump keeps every row as it is.';
COMMENT ON COLUMN scorecard.discipline.is_builtin IS 'True for the four disciplines the extension ships (Finance, Customer, Learning and Growth, Process). They may be renamed and edited, not deleted; no other row can become built in.';
COMMENT ON COLUMN scorecard.discipline.builtin_key IS 'Which shipped discipline a built-in row is (finance, customer, learning_and_growth, process), whatever its name now; NULL for disciplines a user adds. pg_restore uses it to put an edited built-in row back in place of the one CREATE EXTENSION makes.';

-- Claims keep paid_amount and adjusted_amount, recomputed after every
-- statement on payment and adjustment; the rule is a CHECK on the claim.
-- An 0.1.0 claim already settled beyond its amount stops the update at
-- claim_settled_within_amount: correct it and update again.
ALTER TABLE scorecard.claim ADD COLUMN paid_amount numeric NOT NULL DEFAULT 0,
                            ADD COLUMN adjusted_amount numeric NOT NULL DEFAULT 0,
                            ADD COLUMN first_paid_on date;
UPDATE scorecard.claim c
   SET paid_amount = coalesce((SELECT sum(p.amount) FROM scorecard.payment p WHERE p.claim_id = c.claim_id), 0),
       adjusted_amount = coalesce((SELECT sum(a.amount) FROM scorecard.adjustment a WHERE a.claim_id = c.claim_id), 0),
       first_paid_on = (SELECT min(p.received_on) FROM scorecard.payment p WHERE p.claim_id = c.claim_id);
ALTER TABLE scorecard.claim ADD CONSTRAINT claim_settled_within_amount CHECK (paid_amount + adjusted_amount <= GREATEST(amount, 0));
COMMENT ON COLUMN scorecard.claim.paid_amount IS 'Sum of the payments matched to the claim, kept by pg_scorecard (scorecard.settle_claims) as they are posted, changed or deleted; never written by hand. With adjusted_amount it may never exceed the claim''s amount (or 0 for a credit claim).';
COMMENT ON COLUMN scorecard.claim.adjusted_amount IS 'Sum of the claim''s adjustments (refunds negative), kept by pg_scorecard as paid_amount is.';
COMMENT ON COLUMN scorecard.claim.first_paid_on IS 'Date the first payment matched to the claim was received (NULL while none is), kept by pg_scorecard as paid_amount is: with denied_on it dates the claim''s first remittance (HFMA MAP''s initial denial rate).';
DROP TRIGGER adjustment_check ON scorecard.adjustment;
DROP FUNCTION scorecard.adjustment_check();
CREATE OR REPLACE FUNCTION scorecard.payment_check()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NEW.amount <= 0 OR NEW.amount = 'Infinity' THEN
        RAISE EXCEPTION 'payment % must have a positive amount, got %', NEW.payment_id, NEW.amount
            USING ERRCODE = 'check_violation',
                  HINT = 'Record money going back to a payer as a refund adjustment on the claim.';
    END IF;
    IF NEW.posted_on < NEW.received_on THEN
        RAISE EXCEPTION 'payment % was posted (%) before it was received (%)', NEW.payment_id,
            scorecard.date_text(NEW.posted_on), scorecard.date_text(NEW.received_on)
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.reconciled_on < NEW.received_on THEN
        RAISE EXCEPTION 'payment % was reconciled (%) before it was received (%)', NEW.payment_id,
            scorecard.date_text(NEW.reconciled_on), scorecard.date_text(NEW.received_on)
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION scorecard.payment_check() IS
    'Trigger function: refuses a payment that is not positive, or posted or reconciled before it was received. (Settlement against the claim: scorecard.settle_claims.)';

CREATE OR REPLACE FUNCTION scorecard.claim_check()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NEW.status NOT IN ('suspended', 'submitted', 'paid', 'denied', 'written off') THEN
        RAISE EXCEPTION 'unknown claim status %', quote_literal(NEW.status)
            USING ERRCODE = 'check_violation',
                  HINT = 'One of suspended, submitted, paid, denied, written off.';
    END IF;
    IF NEW.amount < 0 AND NEW.status NOT IN ('submitted', 'paid') THEN
        RAISE EXCEPTION 'claim % has a negative amount (%) but status %: only a submitted or paid credit claim may be negative',
            NEW.claim_id, NEW.amount, NEW.status
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.status = 'suspended' AND NEW.bill_date IS NOT NULL THEN
        RAISE EXCEPTION 'claim % is suspended but has a bill date', NEW.claim_id
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.status <> 'suspended' AND NEW.bill_date IS NULL THEN
        RAISE EXCEPTION 'claim % has status % but no bill date', NEW.claim_id, NEW.status
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.status = 'denied' AND NEW.denial_reason IS NULL THEN
        RAISE EXCEPTION 'denied claim % needs a denial reason', NEW.claim_id
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.bill_date < NEW.service_from THEN
        RAISE EXCEPTION 'claim % was billed (%) before its first date of service (%)', NEW.claim_id,
            scorecard.date_text(NEW.bill_date), scorecard.date_text(NEW.service_from)
            USING ERRCODE = 'check_violation';
    END IF;
    -- The totals are written by scorecard.settle_claims: from the posting
    -- triggers (depth > 1), or by hand to rebuild them, when each total it
    -- changes must equal the sum of the claim's rows.
    IF TG_OP = 'UPDATE' AND pg_trigger_depth() = 1
       AND ((NEW.paid_amount IS DISTINCT FROM OLD.paid_amount
             AND NEW.paid_amount IS DISTINCT FROM (SELECT coalesce(sum(p.amount), 0) FROM scorecard.payment p WHERE p.claim_id = NEW.claim_id))
            OR (NEW.adjusted_amount IS DISTINCT FROM OLD.adjusted_amount
                AND NEW.adjusted_amount IS DISTINCT FROM (SELECT coalesce(sum(a.amount), 0) FROM scorecard.adjustment a WHERE a.claim_id = NEW.claim_id))
            OR (NEW.first_paid_on IS DISTINCT FROM OLD.first_paid_on
                AND NEW.first_paid_on IS DISTINCT FROM (SELECT min(p.received_on) FROM scorecard.payment p WHERE p.claim_id = NEW.claim_id))) THEN
        RAISE EXCEPTION 'paid_amount, adjusted_amount and first_paid_on of claim % are kept by pg_scorecard from its payments and adjustments', NEW.claim_id
            USING ERRCODE = 'check_violation',
                  HINT = 'Post a payment or an adjustment instead; SELECT scorecard.settle_claims(ARRAY[claim_id], ''payment'') recomputes a total.';
    END IF;
    IF NEW.paid_amount + NEW.adjusted_amount > GREATEST(NEW.amount, 0) THEN
        RAISE EXCEPTION 'claim % cannot be billed at %: payments % and adjustments % have been posted to it', NEW.claim_id,
            NEW.amount, NEW.paid_amount, NEW.adjusted_amount
            USING ERRCODE = 'check_violation',
                  HINT = 'Record a refund adjustment first if the claim is reduced below what was received.';
    END IF;
    IF NEW.due_date < NEW.bill_date OR NEW.denied_on < NEW.bill_date THEN
        RAISE EXCEPTION 'claim % is due (%) or denied (%) before it was billed (%)', NEW.claim_id,
            coalesce(scorecard.date_text(NEW.due_date), '-'), coalesce(scorecard.date_text(NEW.denied_on), '-'),
            scorecard.date_text(NEW.bill_date)
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION scorecard.claim_check() IS
    'Trigger function: refuses a claim with an unknown status, a negative amount its status does not allow, a bill date that contradicts its status, a denial without a reason, dates out of order, an amount below what was paid and adjusted, or a paid_amount, adjusted_amount or first_paid_on written by hand that is not the sum of the claim''s payments or adjustments (the date of its first payment).';


DROP FUNCTION scorecard.check_claim_settlement(text, numeric, text, text, text);
CREATE OR REPLACE FUNCTION scorecard.settle_claims(claims text[], postings text)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    bad record;
    ids text[];
    totals numeric[];
    firsts date[];
BEGIN
    IF claims IS NULL OR cardinality(claims) = 0 THEN
        RETURN;
    END IF;
    PERFORM 1 FROM scorecard.claim c WHERE c.claim_id = ANY (claims) ORDER BY c.claim_id FOR UPDATE;
    -- Each total once, in a new statement, so that under READ COMMITTED it
    -- sees what committed while it waited for the locks.
    -- One grouped join, not a look-up per claim: whatever the planner
    -- believes of a table filled within this transaction (a COPY or a
    -- bulk INSERT into a never-analysed table), the cost stays linear.
    IF postings = 'payment' THEN
        SELECT array_agg(t.claim_id), array_agg(t.total), array_agg(t.first_paid) INTO ids, totals, firsts
          FROM (SELECT k.claim_id, coalesce(sum(p.amount), 0) AS total, min(p.received_on) AS first_paid
                  FROM unnest(claims) AS k(claim_id)
                  LEFT JOIN scorecard.payment p ON p.claim_id = k.claim_id
                 GROUP BY k.claim_id) AS t;
    ELSE
        SELECT array_agg(t.claim_id), array_agg(t.total) INTO ids, totals
          FROM (SELECT k.claim_id, coalesce(sum(a.amount), 0) AS total
                  FROM unnest(claims) AS k(claim_id)
                  LEFT JOIN scorecard.adjustment a ON a.claim_id = k.claim_id
                 GROUP BY k.claim_id) AS t;
    END IF;
    -- OFFSET 0 keeps the LIMIT from planning the join as a walk of the
    -- claim index in order with the array re-read for every claim.
    SELECT x.claim_id, x.amount, x.paid, x.adjusted
      INTO bad
      FROM (SELECT c.claim_id, c.amount,
                   CASE WHEN postings = 'payment' THEN n.total ELSE c.paid_amount END AS paid,
                   CASE WHEN postings = 'payment' THEN c.adjusted_amount ELSE n.total END AS adjusted
              FROM unnest(ids, totals) AS n(claim_id, total)
              JOIN scorecard.claim c ON c.claim_id = n.claim_id
             WHERE CASE WHEN postings = 'payment' THEN n.total + c.adjusted_amount ELSE c.paid_amount + n.total END
                   > GREATEST(c.amount, 0)
            OFFSET 0) AS x
     ORDER BY x.claim_id LIMIT 1;
    IF bad.claim_id IS NOT NULL THEN
        RAISE EXCEPTION 'claim % would be settled beyond its amount: payments % and adjustments % against %',
                        bad.claim_id, bad.paid, bad.adjusted, bad.amount
            USING ERRCODE = 'check_violation',
                  HINT = CASE WHEN bad.amount < 0 THEN 'A credit claim is settled by a refund adjustment, not by payments.'
                              ELSE 'Record an overpayment with a negative refund adjustment on the claim first.' END;
    END IF;
    IF postings = 'payment' THEN
        UPDATE scorecard.claim c SET paid_amount = n.total, first_paid_on = n.first_paid
          FROM unnest(ids, totals, firsts) AS n(claim_id, total, first_paid) WHERE c.claim_id = n.claim_id;
    ELSE
        UPDATE scorecard.claim c SET adjusted_amount = n.total
          FROM unnest(ids, totals) AS n(claim_id, total) WHERE c.claim_id = n.claim_id;
    END IF;
    -- Their accrual, under the same locks (scorecard.claim_accrual).
    PERFORM scorecard.accrue_claims(claims);
END
$$;
COMMENT ON FUNCTION scorecard.settle_claims(text[], text) IS
    'Recomputes paid_amount and first_paid_on (postings = ''payment'') or adjusted_amount (''adjustment'') of the claims from their rows, after locking them, and refuses (23514) a claim whose payments and adjustments would exceed its amount (0 for a credit claim); then re-accrues them (scorecard.accrue_claims). Called by the statement-level triggers of payment and adjustment; also rebuilds the totals exactly if called by hand.';



CREATE OR REPLACE FUNCTION scorecard.settle_after_posting()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    claims text[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT n.claim_id) INTO claims FROM new_rows n WHERE n.claim_id IS NOT NULL;
    ELSIF TG_OP = 'UPDATE' THEN
        SELECT array_agg(DISTINCT x.claim_id) INTO claims
          FROM (SELECT n.claim_id FROM new_rows n UNION SELECT o.claim_id FROM old_rows o) x
         WHERE x.claim_id IS NOT NULL;
    ELSE
        SELECT array_agg(DISTINCT o.claim_id) INTO claims FROM old_rows o WHERE o.claim_id IS NOT NULL;
    END IF;
    PERFORM scorecard.settle_claims(claims, TG_TABLE_NAME);
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION scorecard.settle_after_posting() IS
    'Statement-level trigger function of payment and adjustment: settles (scorecard.settle_claims) every claim the statement''s rows belonged to or belong to now.';

CREATE OR REPLACE TRIGGER payment_settle_insert AFTER INSERT ON scorecard.payment
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION scorecard.settle_after_posting();
CREATE OR REPLACE TRIGGER payment_settle_update AFTER UPDATE ON scorecard.payment
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION scorecard.settle_after_posting();
CREATE OR REPLACE TRIGGER payment_settle_delete AFTER DELETE ON scorecard.payment
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION scorecard.settle_after_posting();
CREATE OR REPLACE TRIGGER adjustment_settle_insert AFTER INSERT ON scorecard.adjustment
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION scorecard.settle_after_posting();
CREATE OR REPLACE TRIGGER adjustment_settle_update AFTER UPDATE ON scorecard.adjustment
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION scorecard.settle_after_posting();
CREATE OR REPLACE TRIGGER adjustment_settle_delete AFTER DELETE ON scorecard.adjustment
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION scorecard.settle_after_posting();

-- Readmissions: checked at commit, from both ends; the foreign key deferred.
ALTER TABLE scorecard.stay ALTER CONSTRAINT stay_readmission_of_fkey DEFERRABLE INITIALLY DEFERRED;
DROP TRIGGER stay_check ON scorecard.stay;
CREATE OR REPLACE FUNCTION scorecard.stay_check()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    cur scorecard.stay;
    index_stay scorecard.stay;
    r scorecard.stay;
BEGIN
    SELECT * INTO cur FROM scorecard.stay s WHERE s.stay_id = NEW.stay_id;
    IF NOT FOUND THEN
        RETURN NULL;  -- deleted later in the transaction
    END IF;
    IF cur.readmission_of IS NOT NULL THEN
        SELECT * INTO index_stay FROM scorecard.stay s WHERE s.stay_id = cur.readmission_of FOR UPDATE;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'stay % is a readmission of unknown stay %', cur.stay_id, cur.readmission_of
                USING ERRCODE = 'foreign_key_violation';
        END IF;
        IF index_stay.beneficiary_id <> cur.beneficiary_id THEN
            RAISE EXCEPTION 'stay % of beneficiary % cannot be a readmission of stay % of beneficiary %',
                cur.stay_id, cur.beneficiary_id, index_stay.stay_id, index_stay.beneficiary_id
                USING ERRCODE = 'check_violation';
        END IF;
        IF index_stay.discharged_on IS NULL OR index_stay.discharged_on > cur.admitted_on THEN
            RAISE EXCEPTION 'stay % (admitted %) cannot be a readmission of stay %, which was not discharged by then',
                cur.stay_id, scorecard.date_text(cur.admitted_on), index_stay.stay_id
                USING ERRCODE = 'check_violation';
        END IF;
        UPDATE scorecard.stay s SET readmission_of = s.readmission_of WHERE s.stay_id = index_stay.stay_id;
    END IF;
    FOR r IN SELECT * FROM scorecard.stay s WHERE s.readmission_of = cur.stay_id ORDER BY s.stay_id LOOP
        IF r.beneficiary_id <> cur.beneficiary_id OR cur.discharged_on IS NULL OR cur.discharged_on > r.admitted_on THEN
            RAISE EXCEPTION 'stay % has readmission %, so it must stay a discharged stay of beneficiary % (discharged by %)',
                cur.stay_id, r.stay_id, r.beneficiary_id, scorecard.date_text(r.admitted_on)
                USING ERRCODE = 'check_violation';
        END IF;
    END LOOP;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION scorecard.stay_check() IS
    'Constraint trigger function, deferred to commit: a readmission must follow a discharged stay of the same beneficiary, and a stay with readmissions must remain one.';

CREATE CONSTRAINT TRIGGER stay_check AFTER INSERT OR UPDATE ON scorecard.stay
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION scorecard.stay_check();

-- ---------------------------------------------------------------------
-- Row-level security per service line: grants (service_line_grant,
-- grant_service_line, revoke_service_line), policies on every table that
-- carries a service line or a beneficiary of one, views that run with the
-- reader's rights (security_invoker), and indirect cost and reserve
-- allocated over every line whatever the reader sees (cost_allocation,
-- kept by triggers; rebuilt here for every month with costs).
-- ---------------------------------------------------------------------
-- ---------------------------------------------------------------------
-- A patient's factory over time. beneficiary.service_line is the line
-- from enrolment; each factory_transfer moves the patient to another line
-- from a date on. Every service, claim and stay belongs to the line the
-- patient was in on its date (scorecard.patient_factory), and so do their
-- revenue and cost in the P&L.
-- ---------------------------------------------------------------------
COMMENT ON COLUMN scorecard.beneficiary.service_line IS 'The service line (focused factory) the beneficiary belongs to from enrolment, until a transfer (scorecard.factory_transfer) moves them.';
COMMENT ON TABLE scorecard.service_line IS
    'Service lines (focused factories), e.g. Outpatient, Crisis Services, Residential Detox. Every service of a beneficiary, with its revenue and cost, belongs to the line the beneficiary was in on its date (scorecard.patient_factory).';
CREATE TABLE scorecard.factory_transfer (
    beneficiary_id text NOT NULL REFERENCES scorecard.beneficiary (beneficiary_id) ON UPDATE CASCADE,
    effective_from date NOT NULL
        CONSTRAINT factory_transfer_effective_from_in_range CHECK (effective_from BETWEEN DATE '1900-01-01' AND DATE '2199-12-31'),
    service_line   text NOT NULL REFERENCES scorecard.service_line (service_line) ON UPDATE CASCADE,
    reason         text,
    PRIMARY KEY (beneficiary_id, effective_from)
);
COMMENT ON TABLE scorecard.factory_transfer IS
    'Moves of a patient to another service line (focused factory), effective from a date: from then on their services, claims, stays, revenue and cost follow the new line. Before the first transfer the patient is in beneficiary.service_line.';
COMMENT ON COLUMN scorecard.factory_transfer.beneficiary_id IS 'The patient.';
COMMENT ON COLUMN scorecard.factory_transfer.effective_from IS 'First day in the new line (services from this date on, in the session time zone).';
COMMENT ON COLUMN scorecard.factory_transfer.service_line IS 'The line the patient belongs to from effective_from on.';
COMMENT ON COLUMN scorecard.factory_transfer.reason IS 'Free text (e.g. stepped down to outpatient care).';
SELECT pg_catalog.pg_extension_config_dump('scorecard.factory_transfer', '');

-- Every line the patient has belonged to, kept by pg_scorecard: row-level
-- security reads it (a line sees the patients it has, or had, with their
-- whole history) without a policy that queries another policy's table.
ALTER TABLE scorecard.beneficiary ADD COLUMN service_lines text[] NOT NULL DEFAULT '{}';
-- (Filled below, once its trigger exists.)
COMMENT ON COLUMN scorecard.beneficiary.service_lines IS
    'Every service line the patient has belonged to (service_line and the lines of their transfers), sorted; kept by pg_scorecard (what is written here is replaced).';

CREATE OR REPLACE FUNCTION scorecard.beneficiary_lines()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    NEW.service_lines := ARRAY(SELECT DISTINCT x.line
                                 FROM (SELECT NEW.service_line AS line
                                       UNION ALL
                                       SELECT t.service_line FROM scorecard.factory_transfer t
                                        WHERE t.beneficiary_id = NEW.beneficiary_id) AS x
                                WHERE x.line IS NOT NULL
                                ORDER BY 1);
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION scorecard.beneficiary_lines() IS
    'Trigger function: sets beneficiary.service_lines from the enrolment line and the patient''s transfers.';
CREATE OR REPLACE TRIGGER beneficiary_lines BEFORE INSERT OR UPDATE ON scorecard.beneficiary
    FOR EACH ROW EXECUTE FUNCTION scorecard.beneficiary_lines();
UPDATE scorecard.beneficiary b SET service_lines = b.service_lines;

-- A transfer rewrites its patient's row (which recomputes service_lines):
-- two writers of the same patient's transfers wait for each other, and
-- under REPEATABLE READ or SERIALIZABLE the second fails with 40001.
CREATE OR REPLACE FUNCTION scorecard.factory_transfer_lines()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE scorecard.beneficiary b SET service_lines = b.service_lines
         WHERE b.beneficiary_id IN (SELECT n.beneficiary_id FROM new_rows n);
    ELSIF TG_OP = 'UPDATE' THEN
        UPDATE scorecard.beneficiary b SET service_lines = b.service_lines
         WHERE b.beneficiary_id IN (SELECT n.beneficiary_id FROM new_rows n UNION SELECT o.beneficiary_id FROM old_rows o);
    ELSE
        UPDATE scorecard.beneficiary b SET service_lines = b.service_lines
         WHERE b.beneficiary_id IN (SELECT o.beneficiary_id FROM old_rows o);
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION scorecard.factory_transfer_lines() IS
    'Statement-level trigger function of factory_transfer: recomputes beneficiary.service_lines of the patients the statement touched.';
CREATE OR REPLACE TRIGGER factory_transfer_lines_insert AFTER INSERT ON scorecard.factory_transfer
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION scorecard.factory_transfer_lines();
CREATE OR REPLACE TRIGGER factory_transfer_lines_update AFTER UPDATE ON scorecard.factory_transfer
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION scorecard.factory_transfer_lines();
CREATE OR REPLACE TRIGGER factory_transfer_lines_delete AFTER DELETE ON scorecard.factory_transfer
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION scorecard.factory_transfer_lines();

CREATE OR REPLACE VIEW scorecard.patient_factory WITH (security_invoker = true) AS
SELECT x.beneficiary_id,
       x.service_line,
       x.valid_from,
       lead(x.valid_from) OVER (PARTITION BY x.beneficiary_id ORDER BY x.valid_from NULLS FIRST) AS valid_until
  FROM (SELECT b.beneficiary_id, b.service_line, NULL::date AS valid_from FROM scorecard.beneficiary b
        UNION ALL
        SELECT t.beneficiary_id, t.service_line, t.effective_from FROM scorecard.factory_transfer t) AS x;
COMMENT ON VIEW scorecard.patient_factory IS
    'Which service line (focused factory) each patient belongs to, over time: one row per span, from enrolment (beneficiary.service_line) and each transfer (scorecard.factory_transfer). A service on day d belongs to the span with (valid_from IS NULL OR d >= valid_from) AND (valid_until IS NULL OR d < valid_until).';
COMMENT ON COLUMN scorecard.patient_factory.beneficiary_id IS 'The patient.';
COMMENT ON COLUMN scorecard.patient_factory.service_line IS 'The line of the span (NULL: the patient has no line then).';
COMMENT ON COLUMN scorecard.patient_factory.valid_from IS 'First day of the span; NULL for the span from enrolment.';
COMMENT ON COLUMN scorecard.patient_factory.valid_until IS 'First day after the span (the next transfer); NULL while it lasts.';

CREATE TABLE scorecard.cost_allocation (
    period_start            date NOT NULL,
    service_line            text NOT NULL REFERENCES scorecard.service_line (service_line) ON UPDATE CASCADE ON DELETE CASCADE,
    direct_variable_cost    numeric NOT NULL DEFAULT 0,
    direct_fixed_cost       numeric NOT NULL DEFAULT 0,
    allocated_indirect_cost numeric,
    reserve_contribution    numeric,
    PRIMARY KEY (period_start, service_line)
);
COMMENT ON TABLE scorecard.cost_allocation IS
    'A month''s costs as the focused factories carry them, by scorecard.allocate_month over all lines: the direct cost of the services delivered to each line''s patients (costs follow the patient) and the indirect cost and reserve contribution allocated by that direct cost. Kept by pg_scorecard whenever cost_entry, reserve_plan, the services of a month with costs, a patient''s line or a transfer change (scorecard.allocate_months rebuilds months by hand). One row per line for every month with cost entries; NULL allocations when no line has direct cost that month.';
COMMENT ON COLUMN scorecard.cost_allocation.period_start IS 'Month (its first day).';
COMMENT ON COLUMN scorecard.cost_allocation.service_line IS 'Service line.';
COMMENT ON COLUMN scorecard.cost_allocation.direct_variable_cost IS 'Variable cost of the services delivered to the line''s patients: each line''s own variable cost shared by the units it delivered to each line''s patients, to the cent.';
COMMENT ON COLUMN scorecard.cost_allocation.direct_fixed_cost IS 'Fixed cost of the services delivered to the line''s patients, shared the same way.';
COMMENT ON COLUMN scorecard.cost_allocation.allocated_indirect_cost IS 'The line''s share of the month''s indirect cost, to the cent.';
COMMENT ON COLUMN scorecard.cost_allocation.reserve_contribution IS 'The line''s share of the month''s planned reserve contribution, to the cent.';

CREATE TABLE scorecard.service_line_grant (
    role_name    text NOT NULL,
    service_line text NOT NULL REFERENCES scorecard.service_line (service_line) ON UPDATE CASCADE ON DELETE CASCADE,
    PRIMARY KEY (role_name, service_line)
);
COMMENT ON TABLE scorecard.service_line_grant IS
    'Which service lines a role may see (scorecard.grant_service_line). A role with at least one grant that applies to it sees only those lines; a role with none sees all.';
COMMENT ON COLUMN scorecard.service_line_grant.role_name IS 'The role (by name), or a role whose privileges it uses.';
COMMENT ON COLUMN scorecard.service_line_grant.service_line IS 'A service line the role may see.';
SELECT pg_catalog.pg_extension_config_dump('scorecard.service_line_grant', '');
-- Everyone's policies read it.
GRANT SELECT ON scorecard.service_line_grant TO PUBLIC;

CREATE OR REPLACE FUNCTION scorecard.visible_service_lines()
RETURNS text[]
LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE
    WHEN (SELECT r.rolsuper OR r.rolbypassrls FROM pg_catalog.pg_roles r WHERE r.rolname = CURRENT_USER) THEN NULL
    ELSE (SELECT pg_catalog.array_agg(DISTINCT g.service_line ORDER BY g.service_line)
            FROM scorecard.service_line_grant g JOIN pg_catalog.pg_roles r ON r.rolname = g.role_name
           WHERE pg_catalog.pg_has_role(r.oid, 'USAGE'))
END;
COMMENT ON FUNCTION scorecard.visible_service_lines() IS
    'The service lines the current role may see, or NULL when it may see every line (no grant applies to it, or it is a superuser or has BYPASSRLS).';

CREATE OR REPLACE FUNCTION scorecard.grant_service_line(role regrole, service_line text)
RETURNS void
LANGUAGE sql
BEGIN ATOMIC
    INSERT INTO scorecard.service_line_grant (role_name, service_line)
    SELECT r.rolname, grant_service_line.service_line FROM pg_catalog.pg_roles r WHERE r.oid = grant_service_line.role
    ON CONFLICT DO NOTHING;
END;
COMMENT ON FUNCTION scorecard.grant_service_line(regrole, text) IS
    'Lets role see service_line; from its first grant on, the role sees only the lines granted to it (in every table and view that carries a service line or a beneficiary of one). 23503 for an unknown line.';

CREATE OR REPLACE FUNCTION scorecard.revoke_service_line(role regrole, service_line text)
RETURNS void
LANGUAGE sql
BEGIN ATOMIC
    DELETE FROM scorecard.service_line_grant g
     USING pg_catalog.pg_roles r
     WHERE r.oid = revoke_service_line.role AND g.role_name = r.rolname AND g.service_line = revoke_service_line.service_line;
END;
COMMENT ON FUNCTION scorecard.revoke_service_line(regrole, text) IS
    'Takes a line back from role; a role left with no grant sees every line again.';

-- The policies. (SELECT ...) makes each an init plan: evaluated once per
-- query, not per row.
CREATE POLICY service_line_access ON scorecard.service_line
    USING ((SELECT scorecard.visible_service_lines()) IS NULL OR service_line = ANY (CAST((SELECT scorecard.visible_service_lines()) AS text[])));
-- A patient is seen by the roles of every line they belong or belonged to
-- (beneficiary.service_lines), with their whole history: a line's P&L
-- needs the spans before and after its own to place each service.
CREATE POLICY service_line_access ON scorecard.beneficiary
    USING ((SELECT scorecard.visible_service_lines()) IS NULL OR service_lines && CAST((SELECT scorecard.visible_service_lines()) AS text[]));
CREATE POLICY service_line_access ON scorecard.cost_entry
    USING ((SELECT scorecard.visible_service_lines()) IS NULL OR service_line = ANY (CAST((SELECT scorecard.visible_service_lines()) AS text[])));
CREATE POLICY service_line_access ON scorecard.cost_allocation
    USING ((SELECT scorecard.visible_service_lines()) IS NULL OR service_line = ANY (CAST((SELECT scorecard.visible_service_lines()) AS text[])));
CREATE POLICY service_line_access ON scorecard.stay
    USING ((SELECT scorecard.visible_service_lines()) IS NULL OR beneficiary_id IN (SELECT b.beneficiary_id FROM scorecard.beneficiary b));
CREATE POLICY service_line_access ON scorecard.service
    USING ((SELECT scorecard.visible_service_lines()) IS NULL OR beneficiary_id IN (SELECT b.beneficiary_id FROM scorecard.beneficiary b));
CREATE POLICY service_line_access ON scorecard.claim
    USING ((SELECT scorecard.visible_service_lines()) IS NULL OR beneficiary_id IN (SELECT b.beneficiary_id FROM scorecard.beneficiary b));
CREATE POLICY service_line_access ON scorecard.outcome
    USING ((SELECT scorecard.visible_service_lines()) IS NULL OR beneficiary_id IN (SELECT b.beneficiary_id FROM scorecard.beneficiary b));
CREATE POLICY service_line_access ON scorecard.factory_transfer
    USING ((SELECT scorecard.visible_service_lines()) IS NULL OR beneficiary_id IN (SELECT b.beneficiary_id FROM scorecard.beneficiary b));
-- Payments and adjustments: their claim is visible, looked up by its key
-- (one index probe a row). Not claim_id IN (SELECT ... FROM claim): the
-- planner hashes that set only while it fits in hash_mem, and past that
-- (a few hundred thousand claims at the default work_mem) it rescans the
-- claims for every row, which took a role limited to one service line
-- past 120 s on 2 million claims. The beneficiary-keyed tables above keep
-- IN: a population's beneficiaries stay few enough to hash.
CREATE POLICY service_line_access ON scorecard.payment
    USING ((SELECT scorecard.visible_service_lines()) IS NULL
           OR EXISTS (SELECT 1 FROM scorecard.claim c WHERE c.claim_id = payment.claim_id));
CREATE POLICY service_line_access ON scorecard.adjustment
    USING ((SELECT scorecard.visible_service_lines()) IS NULL
           OR EXISTS (SELECT 1 FROM scorecard.claim c WHERE c.claim_id = adjustment.claim_id));
ALTER TABLE scorecard.service_line ENABLE ROW LEVEL SECURITY;
ALTER TABLE scorecard.beneficiary ENABLE ROW LEVEL SECURITY;
ALTER TABLE scorecard.factory_transfer ENABLE ROW LEVEL SECURITY;
ALTER TABLE scorecard.cost_entry ENABLE ROW LEVEL SECURITY;
ALTER TABLE scorecard.cost_allocation ENABLE ROW LEVEL SECURITY;
ALTER TABLE scorecard.stay ENABLE ROW LEVEL SECURITY;
ALTER TABLE scorecard.service ENABLE ROW LEVEL SECURITY;
ALTER TABLE scorecard.claim ENABLE ROW LEVEL SECURITY;
ALTER TABLE scorecard.outcome ENABLE ROW LEVEL SECURITY;
ALTER TABLE scorecard.payment ENABLE ROW LEVEL SECURITY;
ALTER TABLE scorecard.adjustment ENABLE ROW LEVEL SECURITY;

-- Focused factories: costs follow the patient.
--
-- Cost rules (documented and tested), each exact to the cent (every share
-- rounded down to the cent, the cents left over going one each to the
-- largest remainders, ties by line name, so the shares sum to the pool):
-- 1. A line's own direct costs (cost_entry: variable and fixed, of the
--    line that incurred them) follow the patients it served: they are
--    shared over the lines of the patients in proportion to the units of
--    service it delivered to each in the month. A line that delivered no
--    units that month keeps its costs.
-- 2. A month's indirect cost and its planned reserve contribution are
--    allocated to the lines in proportion to their direct cost after rule 1.

CREATE OR REPLACE FUNCTION scorecard.allocate_month(period date)
RETURNS TABLE (service_line text, direct_variable_cost numeric, direct_fixed_cost numeric,
               allocated_indirect_cost numeric, reserve_contribution numeric)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH incurred AS (
        -- Each line's own direct costs of the month, as entered.
        SELECT e.service_line AS incurred_by, e.cost_type, sum(e.amount) AS amount
          FROM scorecard.cost_entry e
         WHERE e.period_start = allocate_month.period AND e.cost_type IN ('variable', 'fixed')
         GROUP BY 1, 2
    ), delivered AS (
        -- Units each line delivered in the month, by the line the patient
        -- was in on the day (a patient without one: the delivering line).
        SELECT s.service_line AS incurred_by, coalesce(f.service_line, s.service_line) AS factory, sum(s.units) AS units
          FROM scorecard.service s
          JOIN scorecard.patient_factory f
            ON f.beneficiary_id = s.beneficiary_id
           AND (f.valid_from IS NULL OR s.service_at >= f.valid_from)
           AND (f.valid_until IS NULL OR s.service_at < f.valid_until)
         WHERE s.service_line IS NOT NULL
           AND s.service_at >= allocate_month.period
           AND s.service_at < allocate_month.period + interval '1 month'
         GROUP BY 1, 2
    ), followed AS (
        -- Rule 1: each cost pool shared by units delivered, to the cent.
        SELECT i.incurred_by, i.cost_type, i.amount, coalesce(d.factory, i.incurred_by) AS factory,
               i.amount * coalesce(d.units / sum(d.units) OVER (PARTITION BY i.incurred_by, i.cost_type), 1) AS exact
          FROM incurred i
          LEFT JOIN delivered d ON d.incurred_by = i.incurred_by
    ), followed_ranked AS (
        SELECT f.factory, f.cost_type, trunc(f.exact, 2) AS base,
               round((f.amount - sum(trunc(f.exact, 2)) OVER (PARTITION BY f.incurred_by, f.cost_type)) * 100) AS cents_left,
               row_number() OVER (PARTITION BY f.incurred_by, f.cost_type
                                  ORDER BY f.exact - trunc(f.exact, 2) DESC, f.factory) AS rank
          FROM followed f
    ), direct AS (
        SELECT l.service_line,
               coalesce(sum(r.base + CASE WHEN r.rank <= r.cents_left THEN 0.01 ELSE 0 END)
                        FILTER (WHERE r.cost_type = 'variable'), 0) AS variable,
               coalesce(sum(r.base + CASE WHEN r.rank <= r.cents_left THEN 0.01 ELSE 0 END)
                        FILTER (WHERE r.cost_type = 'fixed'), 0) AS fixed
          FROM scorecard.service_line l
          LEFT JOIN followed_ranked r ON r.factory = l.service_line
         GROUP BY l.service_line
    ), pools AS (
        SELECT coalesce((SELECT sum(e.amount) FROM scorecard.cost_entry e
                          WHERE e.cost_type = 'indirect' AND e.period_start = allocate_month.period), 0) AS indirect,
               coalesce((SELECT r.amount FROM scorecard.reserve_plan r
                          WHERE r.period_start = allocate_month.period), 0) AS reserve
    ), raw AS (
        SELECT d.*, p.indirect, p.reserve,
               (d.variable + d.fixed) / NULLIF(sum(d.variable + d.fixed) OVER (), 0) AS share
          FROM direct d CROSS JOIN pools p
    ), floored AS (
        SELECT r.*,
               trunc(r.indirect * r.share, 2) AS indirect_base, r.indirect * r.share - trunc(r.indirect * r.share, 2) AS indirect_rest,
               trunc(r.reserve * r.share, 2) AS reserve_base, r.reserve * r.share - trunc(r.reserve * r.share, 2) AS reserve_rest
          FROM raw r
    ), ranked AS (
        SELECT f.*,
               round((f.indirect - sum(f.indirect_base) OVER ()) * 100) AS indirect_cents_left,
               round((f.reserve - sum(f.reserve_base) OVER ()) * 100) AS reserve_cents_left,
               row_number() OVER (ORDER BY f.indirect_rest DESC, f.service_line) AS indirect_rank,
               row_number() OVER (ORDER BY f.reserve_rest DESC, f.service_line) AS reserve_rank
          FROM floored f
    )
    SELECT k.service_line, k.variable, k.fixed,
           CASE WHEN k.share IS NULL THEN NULL
                ELSE k.indirect_base + CASE WHEN k.indirect_rank <= k.indirect_cents_left THEN 0.01 ELSE 0 END END,
           CASE WHEN k.share IS NULL THEN NULL
                ELSE k.reserve_base + CASE WHEN k.reserve_rank <= k.reserve_cents_left THEN 0.01 ELSE 0 END END
      FROM ranked k;
END;
COMMENT ON FUNCTION scorecard.allocate_month(date) IS
    'Costs of every service line for one month as a focused factory carries them: its direct variable and fixed cost (each line''s own costs shared by the units it delivered to each line''s patients), and the month''s indirect cost and reserve contribution allocated by that direct cost, each exact to the cent (largest remainder). NULL allocations when no line has direct cost that month.';

CREATE OR REPLACE FUNCTION scorecard.allocate_months(months date[])
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    written integer;
BEGIN
    IF (SELECT scorecard.visible_service_lines()) IS NOT NULL THEN
        RAISE EXCEPTION 'costs are allocated over every service line; % sees only %', quote_ident(current_user),
                        array_to_string(scorecard.visible_service_lines(), ', ')
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'Write cost entries, reserve plans, transfers and the services of months with costs as a role without service-line grants.';
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('pg_scorecard.cost_allocation'),
                                  (extract(year FROM m.month) * 12 + extract(month FROM m.month))::integer)
       FROM (SELECT DISTINCT x AS month FROM unnest(months) AS x WHERE x IS NOT NULL ORDER BY 1) AS m;
    DELETE FROM scorecard.cost_allocation a WHERE a.period_start = ANY (months);
    INSERT INTO scorecard.cost_allocation (period_start, service_line, direct_variable_cost, direct_fixed_cost,
                                           allocated_indirect_cost, reserve_contribution)
    SELECT m.period_start, x.service_line, x.direct_variable_cost, x.direct_fixed_cost,
           x.allocated_indirect_cost, x.reserve_contribution
      FROM (SELECT DISTINCT e.period_start FROM scorecard.cost_entry e WHERE e.period_start = ANY (months)) m
     CROSS JOIN LATERAL scorecard.allocate_month(m.period_start) x;
    GET DIAGNOSTICS written = ROW_COUNT;
    RETURN written;
END
$$;
COMMENT ON FUNCTION scorecard.allocate_months(date[]) IS
    'Rebuilds scorecard.cost_allocation for the given months from all cost entries, reserve plans, services and patients'' lines (only months with cost entries have rows); returns the rows written. Refused (42501) to a role limited to some service lines.';

CREATE OR REPLACE FUNCTION scorecard.allocate_after_costs()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    months date[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT n.period_start) INTO months FROM new_rows n;
    ELSIF TG_OP = 'UPDATE' THEN
        SELECT array_agg(DISTINCT x.period_start) INTO months
          FROM (SELECT n.period_start FROM new_rows n UNION SELECT o.period_start FROM old_rows o) x;
    ELSE
        SELECT array_agg(DISTINCT o.period_start) INTO months FROM old_rows o;
    END IF;
    IF months IS NOT NULL THEN
        PERFORM scorecard.allocate_months(months);
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION scorecard.allocate_after_costs() IS
    'Statement-level trigger function of cost_entry and reserve_plan: re-allocates every month the statement touched (scorecard.allocate_months).';

CREATE OR REPLACE TRIGGER cost_entry_allocate_insert AFTER INSERT ON scorecard.cost_entry
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION scorecard.allocate_after_costs();
CREATE OR REPLACE TRIGGER cost_entry_allocate_update AFTER UPDATE ON scorecard.cost_entry
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION scorecard.allocate_after_costs();
CREATE OR REPLACE TRIGGER cost_entry_allocate_delete AFTER DELETE ON scorecard.cost_entry
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION scorecard.allocate_after_costs();
CREATE OR REPLACE TRIGGER reserve_plan_allocate_insert AFTER INSERT ON scorecard.reserve_plan
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION scorecard.allocate_after_costs();
CREATE OR REPLACE TRIGGER reserve_plan_allocate_update AFTER UPDATE ON scorecard.reserve_plan
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION scorecard.allocate_after_costs();
CREATE OR REPLACE TRIGGER reserve_plan_allocate_delete AFTER DELETE ON scorecard.reserve_plan
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION scorecard.allocate_after_costs();
-- The months with costs among the given ones, re-allocated: what the
-- triggers of service, beneficiary and factory_transfer call. A month
-- without cost entries has nothing to allocate (a month is usually costed
-- at its close, after its services), so writing its services costs
-- nothing here.
CREATE OR REPLACE FUNCTION scorecard.reallocate_costed_months(months date[])
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    costed date[];
BEGIN
    SELECT array_agg(DISTINCT e.period_start ORDER BY e.period_start) INTO costed
      FROM scorecard.cost_entry e
     WHERE e.period_start = ANY (months);
    IF costed IS NULL THEN
        RETURN 0;
    END IF;
    RETURN scorecard.allocate_months(costed);
END
$$;
COMMENT ON FUNCTION scorecard.reallocate_costed_months(date[]) IS
    'Re-allocates those of the given months that have cost entries (scorecard.allocate_months); 0 when none has.';

-- Services move costs (rule 1): a statement that adds, removes or changes
-- the services of a month with costs re-allocates that month. Only rows
-- whose allocation inputs changed count (documentation times do not).
CREATE OR REPLACE FUNCTION scorecard.allocate_after_services()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    months date[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT date_trunc('month', n.service_at)::date) INTO months
          FROM new_rows n WHERE n.service_line IS NOT NULL;
    ELSIF TG_OP = 'UPDATE' THEN
        SELECT array_agg(DISTINCT date_trunc('month', x.service_at)::date) INTO months
          FROM ((SELECT n.service_id, n.beneficiary_id, n.service_line, n.service_at, n.units FROM new_rows n
                 EXCEPT
                 SELECT o.service_id, o.beneficiary_id, o.service_line, o.service_at, o.units FROM old_rows o)
                UNION ALL
                (SELECT o.service_id, o.beneficiary_id, o.service_line, o.service_at, o.units FROM old_rows o
                 EXCEPT
                 SELECT n.service_id, n.beneficiary_id, n.service_line, n.service_at, n.units FROM new_rows n)) AS x
         WHERE x.service_line IS NOT NULL;
    ELSE
        SELECT array_agg(DISTINCT date_trunc('month', o.service_at)::date) INTO months
          FROM old_rows o WHERE o.service_line IS NOT NULL;
    END IF;
    IF months IS NOT NULL THEN
        PERFORM scorecard.reallocate_costed_months(months);
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION scorecard.allocate_after_services() IS
    'Statement-level trigger function of service: re-allocates the months with costs whose services (patient, delivering line, time, units) the statement changed.';
CREATE OR REPLACE TRIGGER service_allocate_insert AFTER INSERT ON scorecard.service
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION scorecard.allocate_after_services();
CREATE OR REPLACE TRIGGER service_allocate_update AFTER UPDATE ON scorecard.service
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION scorecard.allocate_after_services();
CREATE OR REPLACE TRIGGER service_allocate_delete AFTER DELETE ON scorecard.service
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION scorecard.allocate_after_services();

-- A patient who changes line (beneficiary.service_line, a transfer) moves
-- the cost of their services in the months with costs from then on.
CREATE OR REPLACE FUNCTION scorecard.allocate_after_patient_lines()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    months date[];
    ids    text[];
    froms  date[];
BEGIN
    IF TG_TABLE_NAME = 'beneficiary' THEN
        SELECT array_agg(DISTINCT date_trunc('month', s.service_at)::date) INTO months
          FROM scorecard.service s
         WHERE s.service_line IS NOT NULL
           AND s.beneficiary_id IN (SELECT n.beneficiary_id
                                      FROM new_rows n JOIN old_rows o ON o.beneficiary_id = n.beneficiary_id
                                     WHERE n.service_line IS DISTINCT FROM o.service_line);
    ELSE
        -- The transfers written or removed: from the earliest on, services
        -- may have changed line.
        IF TG_OP <> 'DELETE' THEN
            SELECT array_agg(n.beneficiary_id), array_agg(n.effective_from) INTO ids, froms FROM new_rows n;
        END IF;
        IF TG_OP <> 'INSERT' THEN
            SELECT ids || array_agg(o.beneficiary_id), froms || array_agg(o.effective_from) INTO ids, froms
              FROM old_rows o;
        END IF;
        SELECT array_agg(DISTINCT date_trunc('month', s.service_at)::date) INTO months
          FROM scorecard.service s
          JOIN (SELECT u.beneficiary_id, min(u.effective_from) AS effective_from
                  FROM unnest(ids, froms) AS u(beneficiary_id, effective_from)
                 GROUP BY u.beneficiary_id) AS moved
            ON moved.beneficiary_id = s.beneficiary_id AND s.service_at >= moved.effective_from
         WHERE s.service_line IS NOT NULL;
    END IF;
    IF months IS NOT NULL THEN
        PERFORM scorecard.reallocate_costed_months(months);
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION scorecard.allocate_after_patient_lines() IS
    'Statement-level trigger function of beneficiary (a changed service_line) and factory_transfer: re-allocates the months with costs in which the patients moved have services.';
CREATE OR REPLACE TRIGGER beneficiary_allocate_update AFTER UPDATE ON scorecard.beneficiary
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION scorecard.allocate_after_patient_lines();
CREATE OR REPLACE TRIGGER factory_transfer_allocate_insert AFTER INSERT ON scorecard.factory_transfer
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION scorecard.allocate_after_patient_lines();
CREATE OR REPLACE TRIGGER factory_transfer_allocate_update AFTER UPDATE ON scorecard.factory_transfer
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION scorecard.allocate_after_patient_lines();
CREATE OR REPLACE TRIGGER factory_transfer_allocate_delete AFTER DELETE ON scorecard.factory_transfer
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION scorecard.allocate_after_patient_lines();
SELECT scorecard.allocate_months(ARRAY(SELECT DISTINCT e.period_start FROM scorecard.cost_entry e));
DO $upgrade$
DECLARE
    v regclass;
BEGIN
    FOR v IN SELECT c.oid FROM pg_catalog.pg_class c
               JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
               JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid AND e.extname = 'pg_scorecard'
              WHERE c.relkind = 'v' LOOP
        EXECUTE pg_catalog.format('ALTER VIEW %s SET (security_invoker = true)', v);
    END LOOP;
END
$upgrade$;

-- ---------------------------------------------------------------------
-- The scored roll-up: each measure against its own target in its own
-- direction (measure_scores.rollup_balance, new); a discipline's balance is
-- their weighted mean and its actual Target + Balance. Measures in units
-- other than ratio are held only to targets of their own. (The views
-- themselves are redefined once, with the status bands below.)
-- ---------------------------------------------------------------------
CREATE OR REPLACE FUNCTION scorecard.measure_target_at(measure integer, as_of date)
RETURNS numeric
LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT coalesce(
        (SELECT t.target
           FROM scorecard.measure_target t
          WHERE t.measure_id = measure_target_at.measure
            AND t.effective_from <= measure_target_at.as_of
          ORDER BY t.effective_from DESC
          LIMIT 1),
        (SELECT scorecard.discipline_target_at(m.discipline, measure_target_at.as_of)
           FROM scorecard.measure m
          WHERE m.measure_id = measure_target_at.measure AND m.unit = 'ratio'));
END;
COMMENT ON FUNCTION scorecard.measure_target_at(integer, date) IS
    'The target in force for a measure on a date: its own (scorecard.measure_target), else, for a ratio measure, its discipline''s (a fraction); NULL for a measure in another unit without a target of its own.';


-- ---------------------------------------------------------------------
-- Accountability: owners, commentary per period, initiatives. A deep dive
-- must identify how its variance is to be remedied: deep_dives lists the
-- open initiatives behind each flagged discipline or measure, and says so
-- when there is none.
-- ---------------------------------------------------------------------
ALTER TABLE scorecard.discipline ADD COLUMN owner_name text, ADD COLUMN owner_email text, ADD COLUMN owner_role text;
ALTER TABLE scorecard.objective ADD COLUMN owner_name text, ADD COLUMN owner_email text, ADD COLUMN owner_role text;
ALTER TABLE scorecard.measure ADD COLUMN owner_name text, ADD COLUMN owner_email text, ADD COLUMN owner_role text;
ALTER TABLE scorecard.discipline ADD CONSTRAINT discipline_owner_email_valid CHECK (owner_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$');
ALTER TABLE scorecard.objective ADD CONSTRAINT objective_owner_email_valid CHECK (owner_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$');
ALTER TABLE scorecard.measure ADD CONSTRAINT measure_owner_email_valid CHECK (owner_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$');
COMMENT ON COLUMN scorecard.discipline.owner_name IS 'Who answers for the discipline (a person''s name).';
COMMENT ON COLUMN scorecard.discipline.owner_email IS 'The owner''s e-mail.';
COMMENT ON COLUMN scorecard.discipline.owner_role IS 'The owner as a database role (e.g. for row-level security or notifications), if any.';
COMMENT ON COLUMN scorecard.objective.owner_name IS 'Who answers for the objective (a person''s name).';
COMMENT ON COLUMN scorecard.objective.owner_email IS 'The owner''s e-mail.';
COMMENT ON COLUMN scorecard.objective.owner_role IS 'The owner as a database role, if any.';
COMMENT ON COLUMN scorecard.measure.owner_name IS 'Who answers for the measure (a person''s name).';
COMMENT ON COLUMN scorecard.measure.owner_email IS 'The owner''s e-mail.';
COMMENT ON COLUMN scorecard.measure.owner_role IS 'The owner as a database role, if any.';

CREATE TABLE scorecard.commentary (
    commentary_id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    measure_id     integer REFERENCES scorecard.measure (measure_id) ON DELETE CASCADE,
    discipline     text REFERENCES scorecard.discipline (name) ON UPDATE CASCADE ON DELETE CASCADE,
    period_grain   text NOT NULL
        CONSTRAINT commentary_period_grain CHECK (period_grain IN ('month', 'week')),
    period_start   date NOT NULL
        CONSTRAINT commentary_period_start_in_range CHECK (period_start BETWEEN DATE '1900-01-01' AND DATE '2199-12-31'),
    analysis       text NOT NULL,
    recommendation text,
    author         text NOT NULL DEFAULT CURRENT_USER,
    written_at     timestamptz NOT NULL DEFAULT pg_catalog.now(),
    CONSTRAINT commentary_on_one_thing CHECK ((measure_id IS NULL) <> (discipline IS NULL)),
    CONSTRAINT commentary_period_is_a_start CHECK (scorecard.is_period_start(period_grain, period_start))
);
COMMENT ON TABLE scorecard.commentary IS 'What the owner of a measure or discipline says of a period: the analysis of its figure and the recommendation.';
COMMENT ON COLUMN scorecard.commentary.commentary_id IS 'Surrogate key.';
COMMENT ON COLUMN scorecard.commentary.measure_id IS 'The measure commented on (or NULL when a discipline is).';
COMMENT ON COLUMN scorecard.commentary.discipline IS 'The discipline commented on (or NULL when a measure is).';
COMMENT ON COLUMN scorecard.commentary.period_grain IS '''month'' or ''week''.';
COMMENT ON COLUMN scorecard.commentary.period_start IS 'First day of the period commented on.';
COMMENT ON COLUMN scorecard.commentary.analysis IS 'Why the figure is what it is.';
COMMENT ON COLUMN scorecard.commentary.recommendation IS 'What should be done about it.';
COMMENT ON COLUMN scorecard.commentary.author IS 'Who wrote it (defaults to the writing role).';
COMMENT ON COLUMN scorecard.commentary.written_at IS 'When it was written.';
CREATE INDEX commentary_period_idx ON scorecard.commentary (period_grain, period_start);

CREATE TABLE scorecard.initiative (
    initiative_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name             text NOT NULL,
    measure_id       integer REFERENCES scorecard.measure (measure_id) ON DELETE CASCADE,
    discipline       text,
    objective        text,
    owner_name       text,
    owner_email      text
        CONSTRAINT initiative_owner_email_valid CHECK (owner_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
    starts_on        date NOT NULL
        CONSTRAINT initiative_starts_on_in_range CHECK (starts_on BETWEEN DATE '1900-01-01' AND DATE '2199-12-31'),
    due_on           date NOT NULL
        CONSTRAINT initiative_due_on_in_range CHECK (due_on BETWEEN DATE '1900-01-01' AND DATE '2199-12-31'),
    status           text NOT NULL DEFAULT 'planned'
        CONSTRAINT initiative_status_known CHECK (status IN ('planned', 'in progress', 'done', 'cancelled')),
    percent_complete numeric NOT NULL DEFAULT 0
        CONSTRAINT initiative_percent_complete_in_range CHECK (percent_complete >= 0 AND percent_complete <= 100),
    description      text,
    FOREIGN KEY (discipline, objective) REFERENCES scorecard.objective (discipline, name) ON UPDATE CASCADE ON DELETE CASCADE,
    CONSTRAINT initiative_linked CHECK ((measure_id IS NOT NULL) <> (objective IS NOT NULL)),
    CONSTRAINT initiative_objective_whole CHECK ((discipline IS NULL) = (objective IS NULL)),
    CONSTRAINT initiative_due_after_start CHECK (due_on >= starts_on)
);
COMMENT ON TABLE scorecard.initiative IS 'Initiatives and action items that remedy a measure or an objective: owner, start, due date, status, percent complete.';
COMMENT ON COLUMN scorecard.initiative.initiative_id IS 'Surrogate key.';
COMMENT ON COLUMN scorecard.initiative.name IS 'What is being done.';
COMMENT ON COLUMN scorecard.initiative.measure_id IS 'The measure it remedies (or NULL when it serves an objective).';
COMMENT ON COLUMN scorecard.initiative.discipline IS 'With objective: the objective it serves (or NULL when it remedies a measure).';
COMMENT ON COLUMN scorecard.initiative.objective IS 'The objective it serves, in discipline.';
COMMENT ON COLUMN scorecard.initiative.owner_name IS 'Who leads it.';
COMMENT ON COLUMN scorecard.initiative.owner_email IS 'The owner''s e-mail.';
COMMENT ON COLUMN scorecard.initiative.starts_on IS 'When it starts.';
COMMENT ON COLUMN scorecard.initiative.due_on IS 'When it is due (not before it starts).';
COMMENT ON COLUMN scorecard.initiative.status IS 'planned, in progress, done or cancelled; planned and in progress are open.';
COMMENT ON COLUMN scorecard.initiative.percent_complete IS 'Progress, 0 to 100.';
COMMENT ON COLUMN scorecard.initiative.description IS 'Free text: the plan, the expected effect.';
CREATE INDEX initiative_measure_idx ON scorecard.initiative (measure_id);

SELECT pg_catalog.pg_extension_config_dump('scorecard.commentary', '');
SELECT pg_catalog.pg_extension_config_dump('scorecard.commentary_commentary_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('scorecard.initiative', '');
SELECT pg_catalog.pg_extension_config_dump('scorecard.initiative_initiative_id_seq', '');


CREATE OR REPLACE VIEW scorecard.deep_dives WITH (security_invoker = true) AS
WITH drivers AS (
    SELECT ms.period_start, ms.period_grain, ms.discipline,
           string_agg(ms.measure || ' (actual ' || round(ms.actual, 4)::text || ', balance ' || round(ms.balance, 4)::text || ')',
                      '; ' ORDER BY ms.balance, ms.measure) AS drivers
      FROM scorecard.measure_scores ms
     WHERE ms.balance < 0
     GROUP BY ms.period_start, ms.period_grain, ms.discipline
), flagged AS (
    SELECT ds.period_start, ds.period_grain, 'discipline'::text AS level, ds.discipline,
           NULL::text AS objective, NULL::text AS measure,
           ds.actual, ds.target, ds.balance, dr.drivers
      FROM scorecard.discipline_scores ds
      LEFT JOIN drivers dr USING (period_start, period_grain, discipline)
     WHERE ds.needs_deep_dive
    UNION ALL
    SELECT ms.period_start, ms.period_grain, 'measure', ms.discipline, ms.objective, ms.measure,
           ms.actual, ms.target, ms.balance,
           NULL::text
      FROM scorecard.measure_scores ms
     WHERE ms.needs_deep_dive
)
SELECT f.period_start,
       f.period_grain,
       (rank() OVER (PARTITION BY f.period_start, f.period_grain
                     ORDER BY f.level = 'measure', f.balance))::integer AS rank,
       f.level,
       f.discipline,
       f.objective,
       f.measure,
       f.actual,
       f.target,
       f.balance,
       f.drivers,
       r.open_initiatives,
       CASE WHEN r.open_initiatives IS NULL THEN 'no remedy yet' ELSE 'in hand' END AS remedy,
       (SELECT c.analysis || coalesce(' Recommendation: ' || c.recommendation, '') || ' (' || c.author || ')'
          FROM scorecard.commentary c
          LEFT JOIN scorecard.measure cm ON cm.measure_id = c.measure_id
         WHERE c.period_grain = f.period_grain AND c.period_start = f.period_start
           AND CASE WHEN f.level = 'measure' THEN cm.name = f.measure
                    ELSE c.discipline = f.discipline END
         ORDER BY c.written_at DESC, c.commentary_id DESC LIMIT 1) AS latest_commentary
  FROM flagged f
  LEFT JOIN LATERAL (
        -- Open initiatives behind the flag: on the measure or its
        -- objective, or, for a discipline, on any of its measures or
        -- objectives.
        SELECT string_agg(i.name || ' (' || coalesce(i.owner_name, 'no owner') || ', due '
                          || scorecard.date_text(i.due_on) || ', ' || trim_scale(i.percent_complete) || '%)',
                          '; ' ORDER BY i.due_on, i.name) AS open_initiatives
          FROM scorecard.initiative i
          LEFT JOIN scorecard.measure im ON im.measure_id = i.measure_id
         WHERE i.status IN ('planned', 'in progress')
           AND CASE WHEN f.level = 'measure' THEN im.name = f.measure OR (i.discipline = f.discipline AND i.objective = f.objective)
                    ELSE coalesce(im.discipline, i.discipline) = f.discipline END) r ON true
 ORDER BY f.period_grain, f.period_start, 3;
COMMENT ON COLUMN scorecard.deep_dives.open_initiatives IS 'Open (planned or in progress) initiatives behind the flag, with owner, due date and percent complete: on the measure or its objective, or for a discipline on any of its measures and objectives.';
COMMENT ON COLUMN scorecard.deep_dives.remedy IS '''in hand'' when an open initiative addresses the variance; ''no remedy yet'' when none does: the source requires a deep dive to identify how the variance will be remedied.';
COMMENT ON COLUMN scorecard.deep_dives.latest_commentary IS 'The latest commentary on the flagged measure or discipline for the period: analysis, recommendation and author.';

-- ---------------------------------------------------------------------
-- Weights, effective from a date until a later row takes over, as targets
-- are: a weight change next quarter does not rewrite last year's
-- scorecard. Without a row in force, measure.weight applies.
-- ---------------------------------------------------------------------
CREATE TABLE scorecard.measure_weight (
    measure_id     integer NOT NULL REFERENCES scorecard.measure (measure_id) ON DELETE CASCADE,
    effective_from date NOT NULL
        CONSTRAINT measure_weight_effective_from_in_range CHECK (effective_from BETWEEN DATE '1900-01-01' AND DATE '2199-12-31'),
    weight         numeric NOT NULL
        CONSTRAINT measure_weight_weight_in_range CHECK (weight >= 0 AND weight < 1e15),
    PRIMARY KEY (measure_id, effective_from)
);
COMMENT ON TABLE scorecard.measure_weight IS
    'A measure''s weight in its discipline from a date on, until a later row takes over; before its first row (or without any), measure.weight applies.';
COMMENT ON COLUMN scorecard.measure_weight.measure_id IS 'The measure.';
COMMENT ON COLUMN scorecard.measure_weight.effective_from IS 'First day the weight applies (one row per measure and day).';
COMMENT ON COLUMN scorecard.measure_weight.weight IS 'Weight in the discipline''s balance, 0 or more.';
SELECT pg_catalog.pg_extension_config_dump('scorecard.measure_weight', '');

CREATE OR REPLACE FUNCTION scorecard.measure_weight_at(measure integer, as_of date)
RETURNS numeric
LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT coalesce(
        (SELECT w.weight FROM scorecard.measure_weight w
          WHERE w.measure_id = measure_weight_at.measure AND w.effective_from <= measure_weight_at.as_of
          ORDER BY w.effective_from DESC LIMIT 1),
        (SELECT m.weight FROM scorecard.measure m WHERE m.measure_id = measure_weight_at.measure));
END;
COMMENT ON FUNCTION scorecard.measure_weight_at(integer, date) IS
    'The weight in force for a measure on a date: the latest scorecard.measure_weight row from on or before it, else measure.weight.';


-- ---------------------------------------------------------------------
-- Status bands: ordered rules that turn a roll-up balance into a status
-- with a label and a colour BI tools can use. Bands belong to a measure, a
-- discipline, or (neither) the whole scorecard; a measure uses its own
-- bands if it has any, else its discipline's, else the scorecard's, else
-- the shipped ones (scorecard.default_status_bands). Within a scope each
-- band starts at its min_balance, and exactly one band (min_balance NULL)
-- takes everything below the others: no gaps, no overlaps. The deep-dive
-- threshold stays a rule of its own.
-- ---------------------------------------------------------------------
CREATE TABLE scorecard.status_band (
    band_id     integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    discipline  text REFERENCES scorecard.discipline (name) ON UPDATE CASCADE ON DELETE CASCADE,
    measure_id  integer REFERENCES scorecard.measure (measure_id) ON DELETE CASCADE,
    min_balance numeric
        CONSTRAINT status_band_min_balance_in_range CHECK (min_balance > -1e15 AND min_balance < 1e15),
    status      text NOT NULL
        CONSTRAINT status_band_status_named CHECK (status ~ '^[a-z][a-z ]*$'),
    label       text NOT NULL,
    color       text NOT NULL
        CONSTRAINT status_band_color_hex CHECK (color ~ '^#[0-9a-fA-F]{6}$'),
    CONSTRAINT status_band_one_scope CHECK (discipline IS NULL OR measure_id IS NULL),
    CONSTRAINT status_band_no_overlap UNIQUE NULLS NOT DISTINCT (discipline, measure_id, min_balance)
);
COMMENT ON TABLE scorecard.status_band IS
    'Status bands of a measure, a discipline or (both NULL) the whole scorecard: a balance at or above min_balance, and below the next band''s, gets this status, label and colour; the band with min_balance NULL takes the rest. Without rows, scorecard.default_status_bands() applies.';
COMMENT ON COLUMN scorecard.status_band.band_id IS 'Surrogate key.';
COMMENT ON COLUMN scorecard.status_band.discipline IS 'The discipline whose bands these are (for it and its measures), or NULL.';
COMMENT ON COLUMN scorecard.status_band.measure_id IS 'The measure whose bands these are, or NULL.';
COMMENT ON COLUMN scorecard.status_band.min_balance IS 'Lowest roll-up balance in the band (points for ratios, relative for other units); NULL for the bottom band, which takes everything below.';
COMMENT ON COLUMN scorecard.status_band.status IS 'Status key, lower case (e.g. on target, caution, off target).';
COMMENT ON COLUMN scorecard.status_band.label IS 'What a report or dashboard shows.';
COMMENT ON COLUMN scorecard.status_band.color IS 'Colour as #rrggbb.';
SELECT pg_catalog.pg_extension_config_dump('scorecard.status_band', '');
SELECT pg_catalog.pg_extension_config_dump('scorecard.status_band_band_id_seq', '');

CREATE OR REPLACE FUNCTION scorecard.default_status_bands()
RETURNS TABLE (min_balance numeric, status text, label text, color text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT * FROM (VALUES (0::numeric, 'on target', 'On target', '#2e7d32'),
                          (-0.05, 'caution', 'Caution', '#f9a825'),
                          (NULL, 'off target', 'Off target', '#c62828')) AS b(min_balance, status, label, color);
END;
COMMENT ON FUNCTION scorecard.default_status_bands() IS
    'The bands that apply where no status_band row does: on target at 0 or more, caution down to -0.05, off target below.';

-- Every scope with bands has exactly one bottom band; checked at the end
-- of the transaction, so a band list can be rewritten in steps.
CREATE OR REPLACE FUNCTION scorecard.status_band_check()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    scope record;
BEGIN
    FOR scope IN SELECT b.discipline, b.measure_id FROM scorecard.status_band b
                  GROUP BY b.discipline, b.measure_id
                 HAVING count(*) FILTER (WHERE b.min_balance IS NULL) <> 1 LOOP
        RAISE EXCEPTION 'the status bands of % need exactly one bottom band (min_balance NULL)',
            coalesce('measure ' || scope.measure_id, 'discipline "' || scope.discipline || '"', 'the scorecard')
            USING ERRCODE = 'check_violation',
                  HINT = 'The bottom band takes every balance below the other bands, so that no balance falls in a gap.';
    END LOOP;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION scorecard.status_band_check() IS
    'Constraint trigger function, deferred to commit: every measure, discipline or scorecard with status bands has exactly one bottom band.';

-- The band a roll-up balance falls in, for a measure (its own bands, else
-- its discipline's, else the scorecard's, else the shipped ones) or, with
-- measure NULL, for a discipline (its bands, else the scorecard's, ...).
CREATE OR REPLACE FUNCTION scorecard.status_band_of(balance numeric, discipline_name text, measure integer)
RETURNS TABLE (status text, label text, color text)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH scope AS (
        SELECT CASE WHEN EXISTS (SELECT 1 FROM scorecard.status_band b WHERE b.measure_id = status_band_of.measure) THEN 1
                    WHEN EXISTS (SELECT 1 FROM scorecard.status_band b WHERE b.discipline = status_band_of.discipline_name) THEN 2
                    WHEN EXISTS (SELECT 1 FROM scorecard.status_band b WHERE b.discipline IS NULL AND b.measure_id IS NULL) THEN 3
                    ELSE 4 END AS level
    ), bands AS (
        SELECT b.min_balance, b.status, b.label, b.color FROM scorecard.status_band b, scope s
         WHERE (s.level = 1 AND b.measure_id = status_band_of.measure)
            OR (s.level = 2 AND b.discipline = status_band_of.discipline_name)
            OR (s.level = 3 AND b.discipline IS NULL AND b.measure_id IS NULL)
        UNION ALL
        SELECT d.min_balance, d.status, d.label, d.color FROM scorecard.default_status_bands() d, scope s WHERE s.level = 4
    )
    SELECT b.status, b.label, b.color FROM bands b
     WHERE status_band_of.balance IS NOT NULL AND (b.min_balance IS NULL OR status_band_of.balance >= b.min_balance)
     ORDER BY b.min_balance DESC NULLS LAST
     LIMIT 1;
END;
COMMENT ON FUNCTION scorecard.status_band_of(numeric, text, integer) IS
    'The status, label and colour of a roll-up balance: the band it falls in, among the measure''s own bands, else its discipline''s, else the scorecard''s, else the shipped ones (measure NULL: a discipline''s). No row for a NULL balance.';

CREATE CONSTRAINT TRIGGER status_band_check AFTER INSERT OR UPDATE OR DELETE ON scorecard.status_band
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION scorecard.status_band_check();
CREATE OR REPLACE VIEW scorecard.measure_scores WITH (security_invoker = true) AS
WITH periods AS (
    SELECT DISTINCT o.period_grain, o.period_start
      FROM scorecard.observation o
), first_reported AS (
    SELECT o.measure_id, o.period_grain, min(o.period_start) AS period_start
      FROM scorecard.observation o
     GROUP BY o.measure_id, o.period_grain
), expected AS (
    -- A measure is expected in every period of a grain from its active_from
    -- (or, without one, from its first report at that grain) until its
    -- active_until: a period in that span without a report is missing.
    SELECT p.period_grain, p.period_start, m.measure_id, m.name, m.discipline, m.objective,
           m.higher_is_better, m.weight, m.goal, m.red_flag, m.unit, d.deep_dive_threshold
      FROM periods p
      CROSS JOIN scorecard.measure m
      JOIN scorecard.discipline d ON d.name = m.discipline
      LEFT JOIN first_reported f ON f.measure_id = m.measure_id AND f.period_grain = p.period_grain
     WHERE CASE WHEN m.active_from IS NOT NULL
                THEN scorecard.period_end(p.period_grain, p.period_start) >= m.active_from
                ELSE p.period_start >= f.period_start
           END
       AND (m.active_until IS NULL OR p.period_start <= m.active_until)
), scored AS (
    SELECT e.*, o.numerator, o.denominator,
           scorecard.exact_round(CASE WHEN o.value IS NOT NULL THEN o.value
                                      ELSE pg_catalog.trim_scale(o.numerator / NULLIF(o.denominator, 0))
                                 END) AS actual,
           (o.value IS NOT NULL OR o.denominator <> 0) AS reported,
           scorecard.measure_weight_at(e.measure_id, e.period_start) AS weight_in_force,
           scorecard.exact_round(scorecard.measure_target_at(e.measure_id, e.period_start)) AS target
      FROM expected e
      LEFT JOIN scorecard.observation o
        ON o.measure_id = e.measure_id
       AND o.period_grain = e.period_grain
       AND o.period_start = e.period_start
), balanced AS (
    SELECT s.*, scorecard.balance(s.actual, s.target, s.higher_is_better) AS balance
      FROM scored s
), gapped AS (
    -- The deep-dive threshold is a fraction: ratios compare their balance
    -- with it directly, other units (days, dollars) their balance relative
    -- to the target.
    SELECT b.*,
           CASE WHEN b.unit = 'ratio' THEN b.balance
                ELSE scorecard.exact_round(b.balance / NULLIF(abs(b.target), 0))
           END AS gap
      FROM balanced b

), rolled AS (
    SELECT g.*,
           CASE WHEN g.unit = 'ratio' THEN g.balance
                WHEN g.gap IS NOT NULL THEN GREATEST(-1::numeric, LEAST(1::numeric, g.gap))
           END AS rollup_balance
      FROM gapped g
)
SELECT b.period_start,
       b.period_grain,
       b.discipline,
       b.objective,
       b.name AS measure,
       b.measure_id,
       b.numerator,
       b.denominator,
       b.actual,
       b.target,
       b.balance,
       CASE WHEN b.goal IS NOT NULL THEN scorecard.goal_score(b.actual, b.goal, b.red_flag) END AS goal_score,
       CASE WHEN b.actual IS NULL AND b.reported THEN 'not computable'
            WHEN b.actual IS NULL THEN 'missing'
            WHEN b.target IS NULL THEN 'no target'
            ELSE band.status
       END AS status,
       scorecard.needs_deep_dive(b.gap, b.deep_dive_threshold) AS needs_deep_dive,
       b.higher_is_better,
       b.weight_in_force AS weight,
       b.unit,
       b.rollup_balance,
       CASE WHEN b.actual IS NULL AND b.reported THEN 'Not computable'
            WHEN b.actual IS NULL THEN 'Missing'
            WHEN b.target IS NULL THEN 'No target'
            ELSE band.label
       END AS status_label,
       CASE WHEN b.rollup_balance IS NULL THEN '#9e9e9e' ELSE band.color END AS status_color
  FROM rolled b
  LEFT JOIN LATERAL scorecard.status_band_of(b.rollup_balance, b.discipline, b.measure_id) AS band ON true;
COMMENT ON COLUMN scorecard.measure_scores.status IS 'The status band the roll-up balance falls in (scorecard.status_band: the measure''s, its discipline''s or the scorecard''s bands; by default on target at 0 or more, caution down to -0.05, off target below), or ''missing'', ''no target'', ''not computable'' (an observation past 1e27; it counts as missing).';
COMMENT ON COLUMN scorecard.measure_scores.status_label IS 'What a dashboard shows for the status: the band''s label, or Missing, No target, Not computable.';
COMMENT ON COLUMN scorecard.measure_scores.status_color IS 'The status colour as #rrggbb (grey for a measure without a roll-up balance).';
CREATE OR REPLACE VIEW scorecard.discipline_scores WITH (security_invoker = true) AS
-- The scored roll-up: each measure is scored against its own target in
-- force, in its own direction (measure_scores.rollup_balance), and the
-- discipline's balance is the weighted mean of those; its Actual is shown
-- as Target + Balance. When every measure is a higher-is-better ratio held
-- to the discipline's target (the source's scorecard), this is exactly the
-- weighted mean of the actuals against the target.
WITH rolled AS (
    SELECT ms.period_start, ms.period_grain, ms.discipline,
           scorecard.composite(ms.rollup_balance, ms.weight) AS balance,
           scorecard.composite(ms.actual, ms.weight) FILTER (WHERE ms.unit = 'ratio') AS ratio_actual,
           count(ms.actual)::integer AS measures_reported,
           (count(*) - count(ms.actual))::integer AS measures_missing
      FROM scorecard.measure_scores ms
     GROUP BY ms.period_start, ms.period_grain, ms.discipline
), targeted AS (
    SELECT r.*, scorecard.exact_round(scorecard.discipline_target_at(r.discipline, r.period_start)) AS target,
           d.deep_dive_threshold, d.sort_order
      FROM rolled r
      JOIN scorecard.discipline d ON d.name = r.discipline
)
SELECT t.period_start,
       t.period_grain,
       t.discipline,
       t.target,
       CASE WHEN t.target IS NOT NULL THEN t.target + t.balance ELSE t.ratio_actual END AS actual,
       CASE WHEN t.target IS NOT NULL THEN t.balance END AS balance,
       CASE WHEN t.target IS NOT NULL THEN scorecard.needs_deep_dive(t.balance, t.deep_dive_threshold) END AS needs_deep_dive,
       t.measures_reported,
       t.measures_missing,
       t.sort_order::integer AS sort_order,
       CASE WHEN t.target IS NULL THEN 'no target' WHEN t.balance IS NULL THEN 'missing' ELSE band.status END AS status,
       CASE WHEN t.target IS NULL THEN 'No target' WHEN t.balance IS NULL THEN 'Missing' ELSE band.label END AS status_label,
       CASE WHEN t.target IS NULL OR t.balance IS NULL THEN '#9e9e9e' ELSE band.color END AS status_color
  FROM targeted t
  LEFT JOIN LATERAL scorecard.status_band_of(CASE WHEN t.target IS NOT NULL THEN t.balance END, t.discipline, NULL) AS band ON true;
COMMENT ON COLUMN scorecard.discipline_scores.status IS 'The status band the balance falls in (the discipline''s bands, else the scorecard''s, else the shipped ones), or ''no target'', ''missing''.';
COMMENT ON COLUMN scorecard.discipline_scores.status_label IS 'What a dashboard shows for the status.';
COMMENT ON COLUMN scorecard.discipline_scores.status_color IS 'The status colour as #rrggbb.';
COMMENT ON COLUMN scorecard.measure_scores.actual IS 'numerator / denominator (or the plain value), to at most 20 decimals and 28 significant digits (scorecard.exact_round); NULL when missing, when the denominator is 0, or when not computable. A fraction for ratios: 0.4747 = 47.47%.';
COMMENT ON COLUMN scorecard.measure_scores.rollup_balance IS 'What the measure adds to its discipline''s balance (weighted by weight): its balance in points for ratios; for other units (days, dollars, counts) its balance relative to its target, bounded to -1..1, so no single measure moves its discipline by more than its weight share of 100 points. NULL without an actual or a target.';
COMMENT ON COLUMN scorecard.discipline_scores.actual IS 'Target + Balance: for the source''s scorecard (higher-is-better ratios held to the discipline target) the weighted mean of the actuals. Without a target, the weighted mean of the ratio measures'' actuals. NULL when none reported.';
COMMENT ON COLUMN scorecard.discipline_scores.balance IS 'Weighted mean of the measures'' roll-up balances (measure_scores.rollup_balance: each against its own target, in its own direction; points for ratios, relative and bounded to -1..1 for other units); negative is below target. NULL without a target.';
COMMENT ON COLUMN scorecard.measure_scores.weight IS 'Weight of the measure in its discipline''s balance in force for the period (scorecard.measure_weight, else measure.weight).';
CREATE OR REPLACE VIEW scorecard.organization_scores WITH (security_invoker = true) AS
SELECT o.*,
       CASE WHEN o.balance IS NULL THEN 'missing' ELSE band.status END AS status,
       CASE WHEN o.balance IS NULL THEN 'Missing' ELSE band.label END AS status_label,
       CASE WHEN o.balance IS NULL THEN '#9e9e9e' ELSE band.color END AS status_color
  FROM (SELECT ds.period_start,
               ds.period_grain,
               sum(ds.balance) AS balance,
               count(ds.balance)::integer AS disciplines_reported,
               (count(*) - count(ds.balance))::integer AS disciplines_missing,
               (count(*) FILTER (WHERE ds.needs_deep_dive))::integer AS deep_dives
          FROM scorecard.discipline_scores ds
         GROUP BY ds.period_start, ds.period_grain) AS o
  LEFT JOIN LATERAL scorecard.status_band_of(o.balance, NULL, NULL) AS band ON true;
COMMENT ON COLUMN scorecard.organization_scores.status IS 'The scorecard''s status band the organisation''s balance falls in (else the shipped bands), or ''missing''.';
COMMENT ON COLUMN scorecard.organization_scores.status_label IS 'What a dashboard shows for the status.';
COMMENT ON COLUMN scorecard.organization_scores.status_color IS 'The status colour as #rrggbb.';

-- ---------------------------------------------------------------------
-- A configurable "today" (scorecard.today(): the setting scorecard.today,
-- else CURRENT_DATE) for every as-of-today view, reports judged as of the
-- end of their day (scorecard.report_time), and the 72-hour reconciliation
-- judged only on payments old enough. Placed here because the sections
-- below use it; the views it changes are redefined at the end.
-- ---------------------------------------------------------------------
CREATE OR REPLACE FUNCTION scorecard.today()
RETURNS date
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    setting text := nullif(btrim(current_setting('scorecard.today', true)), '');
    d date;
BEGIN
    IF setting IS NULL THEN
        RETURN CURRENT_DATE;
    END IF;
    -- ISO dates only (no exception block: this runs in parallel workers,
    -- which cannot start subtransactions); an impossible one such as
    -- 2016-02-30 still fails its cast with 22008.
    IF setting !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN
        RAISE EXCEPTION 'scorecard.today must be a date as YYYY-MM-DD, got %', quote_literal(setting)
            USING ERRCODE = 'invalid_parameter_value', HINT = 'SET scorecard.today = ''2016-06-30'', or RESET scorecard.today for CURRENT_DATE.';
    END IF;
    d := setting::date;
    RETURN d;
END
$$;
COMMENT ON FUNCTION scorecard.today() IS
    'The date the as-of-today views and reports are as of: the setting scorecard.today (e.g. ALTER DATABASE warehouse SET scorecard.today = ''2016-06-30'') when set, else CURRENT_DATE. ERROR 22023 when the setting is not a date written YYYY-MM-DD (22008 for an impossible one).';

CREATE OR REPLACE FUNCTION scorecard.report_time(as_of date)
RETURNS timestamptz
LANGUAGE sql STABLE STRICT PARALLEL SAFE
RETURN LEAST(pg_catalog.now(), (as_of + 1)::timestamptz);
COMMENT ON FUNCTION scorecard.report_time(date) IS
    'The end of day as_of (midnight after it, session time zone), or now() while that day has not ended: the moment a report as of as_of knows the data up to.';

CREATE OR REPLACE FUNCTION scorecard.reconciled_on_time(received_on date, reconciled_on date, as_of date)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN received_on + 3 <= as_of AND coalesce(reconciled_on <= received_on + 3, false);
COMMENT ON FUNCTION scorecard.reconciled_on_time(date, date, date) IS
    'A payment received on received_on, old enough on as_of to judge (received_on + 3 <= as_of), was reconciled within 72 hours (by received_on + 3).';

CREATE OR REPLACE FUNCTION scorecard.reconciled_late(received_on date, reconciled_on date, as_of date)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN received_on + 3 <= as_of AND (reconciled_on IS NULL OR reconciled_on > received_on + 3);
COMMENT ON FUNCTION scorecard.reconciled_late(date, date, date) IS
    'A payment received on received_on, old enough on as_of to judge (received_on + 3 <= as_of), was not reconciled within 72 hours. A payment neither on time nor late is too young to judge.';


-- ---------------------------------------------------------------------
-- Revenue-cycle KPIs as measure sources (clean claims, initial denials,
-- payments reconciled within 72 hours, documentation within 4 hours).
-- ---------------------------------------------------------------------
-- The four views, with the service_line column they gained with cascading
-- scorecards, are defined in that section below.

-- ---------------------------------------------------------------------
-- Cascading scorecards, fiscal periods, the goal-score method. New:
-- scorecard.org_unit (the tree of scorecards; the root 'Organization'
-- takes every existing measure, discipline target and commentary),
-- measure.org_unit and measure.aggregation, discipline_target.org_unit
-- (now part of its key), status_band.org_unit, commentary.org_unit; the
-- score views gain org_unit (and goal_score, scoring_method,
-- children_reported) and fiscal quarters and years; the revenue-cycle
-- measure sources gain a row per service line; net days in A/R and A/R
-- over 90 days become measure sources. Every row is kept.
-- ---------------------------------------------------------------------
CREATE FUNCTION scorecard.period_start(period_grain text, day date, fiscal_year_start integer DEFAULT 1) RETURNS date
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'period_start_wrapper';
CREATE FUNCTION scorecard.fiscal_year(day date, fiscal_year_start integer DEFAULT 1) RETURNS integer
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'fiscal_year_wrapper';
COMMENT ON FUNCTION scorecard.period_start(text, date, integer) IS
    'First day of the period of the grain (week, month, quarter, year) that contains the date, on a fiscal year starting in month fiscal_year_start (1 = January, the calendar year; 7 = July, as California counties keep it): period_start(''quarter'', ''2016-06-15'', 7) is 2016-04-01, period_start(''year'', ''2016-06-15'', 7) is 2015-07-01. NULL for an unknown grain; 22023 for a start outside 1-12.';
COMMENT ON FUNCTION scorecard.fiscal_year(date, integer) IS
    'The fiscal year the date falls in, named by the calendar year it ends in: with fiscal_year_start 7, July 2016 to June 2017 is fiscal year 2017. 22023 for a start outside 1-12 or an infinite date.';

CREATE TABLE scorecard.org_unit (
    name              text PRIMARY KEY
        CONSTRAINT org_unit_name_not_blank CHECK (btrim(name) <> ''),
    parent            text REFERENCES scorecard.org_unit (name) ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED,
    is_root           boolean NOT NULL DEFAULT false,
    service_line      text REFERENCES scorecard.service_line (service_line) ON UPDATE CASCADE,
    rollup_children   boolean NOT NULL DEFAULT false,
    rollup_weight     numeric NOT NULL DEFAULT 1
        CONSTRAINT org_unit_rollup_weight_in_range CHECK (rollup_weight >= 0 AND rollup_weight < 1e15),
    scoring_method    text NOT NULL DEFAULT 'balance'
        CONSTRAINT org_unit_scoring_method_known CHECK (scoring_method IN ('balance', 'goal score')),
    fiscal_year_start smallint
        CONSTRAINT org_unit_fiscal_year_start_is_a_month CHECK (fiscal_year_start BETWEEN 1 AND 12),
    sort_order        integer NOT NULL DEFAULT 0,
    description       text,
    owner_name        text,
    owner_email       text
        CONSTRAINT org_unit_owner_email_valid CHECK (owner_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
    owner_role        text,
    CONSTRAINT org_unit_root_has_no_parent CHECK (is_root = (parent IS NULL)),
    CONSTRAINT org_unit_fiscal_year_on_root CHECK (is_root = (fiscal_year_start IS NOT NULL))
);
CREATE UNIQUE INDEX org_unit_one_root ON scorecard.org_unit (is_root) WHERE is_root;
CREATE INDEX org_unit_parent_idx ON scorecard.org_unit (parent);
COMMENT ON TABLE scorecard.org_unit IS
    'The tree of scorecards: the organisation (the root, one row) and its units (service lines, departments, teams), as many levels as needed. Measures and discipline targets belong to a unit; every score view carries it.';
COMMENT ON COLUMN scorecard.org_unit.name IS 'Unit name, the key measures and targets refer to. The root ships as ''Organization''; rename it freely.';
COMMENT ON COLUMN scorecard.org_unit.parent IS 'The unit above (NULL only for the root).';
COMMENT ON COLUMN scorecard.org_unit.is_root IS 'True for the one root unit: the organisation. It cannot be deleted, and no other unit can become the root.';
COMMENT ON COLUMN scorecard.org_unit.service_line IS 'The service line the unit is, if any: a measure of the unit whose source has a service_line column is refreshed from that line''s rows only.';
COMMENT ON COLUMN scorecard.org_unit.rollup_children IS 'When true, each discipline''s balance is the weighted mean of the unit''s own measures and of its children''s balances in that discipline (each child weighing its rollup_weight); when false (the default), the unit''s own measures only.';
COMMENT ON COLUMN scorecard.org_unit.rollup_weight IS 'The unit''s weight in its parent''s roll-up (when the parent rolls up its children), beside the parent''s own measures'' weights.';
COMMENT ON COLUMN scorecard.org_unit.scoring_method IS '''balance'' (the default: each measure''s gap to its target, rolled up by weighted mean) or ''goal score'' (Spider Impact: each measure''s 0-10 score from its goal and red flag, rolled up by weighted mean; status from the score). See docs/scorecard.md.';
COMMENT ON COLUMN scorecard.org_unit.fiscal_year_start IS 'On the root only: the month (1-12) the fiscal year starts in (7 for a July-June year); fiscal quarters and years of every score view follow it. NULL on other units.';
COMMENT ON COLUMN scorecard.org_unit.sort_order IS 'Position among its siblings in reports.';
COMMENT ON COLUMN scorecard.org_unit.description IS 'Free text.';
COMMENT ON COLUMN scorecard.org_unit.owner_name IS 'Who answers for the unit''s scorecard.';
COMMENT ON COLUMN scorecard.org_unit.owner_email IS 'The owner''s e-mail.';
COMMENT ON COLUMN scorecard.org_unit.owner_role IS 'The owner as a database role, if any.';
SELECT pg_catalog.pg_extension_config_dump('scorecard.org_unit', '');

CREATE OR REPLACE FUNCTION scorecard.shipped_root_description()
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN 'The whole organisation: its own scorecard, and the unit of every measure and target that names none.';
COMMENT ON FUNCTION scorecard.shipped_root_description() IS 'The description of the root unit as CREATE EXTENSION makes it (''Organization'').';

CREATE OR REPLACE FUNCTION scorecard.root_unit()
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT u.name FROM scorecard.org_unit u WHERE u.is_root;
END;
COMMENT ON FUNCTION scorecard.root_unit() IS 'The name of the root unit (the organisation): the unit of every measure and target that names none.';

CREATE OR REPLACE FUNCTION scorecard.fiscal_year_start()
RETURNS integer
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT coalesce((SELECT u.fiscal_year_start::integer FROM scorecard.org_unit u WHERE u.is_root), 1);
END;
COMMENT ON FUNCTION scorecard.fiscal_year_start() IS 'The month (1-12) the organisation''s fiscal year starts in: the root unit''s fiscal_year_start.';

CREATE OR REPLACE FUNCTION scorecard.org_unit_keep()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.is_root THEN
            RAISE EXCEPTION 'unit "%" is the root of the scorecard tree and cannot be deleted', OLD.name
                USING ERRCODE = 'restrict_violation',
                      HINT = 'Rename it instead.';
        END IF;
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.is_root IS DISTINCT FROM OLD.is_root THEN
        RAISE EXCEPTION 'which unit is the root is fixed (unit "%")', OLD.name
            USING ERRCODE = 'check_violation';
    END IF;
    IF TG_OP = 'INSERT' AND NEW.is_root THEN
        IF EXISTS (SELECT 1 FROM scorecard.org_unit u
                    WHERE u.is_root
                      AND (u.name, u.service_line, u.rollup_children, u.rollup_weight, u.scoring_method, u.fiscal_year_start,
                           u.sort_order, u.description, u.owner_name, u.owner_email, u.owner_role)
                          IS NOT DISTINCT FROM ('Organization', NULL::text, false, 1::numeric, 'balance', 1::smallint,
                                                0, scorecard.shipped_root_description(), NULL::text, NULL::text, NULL::text)) THEN
            -- pg_restore: the dumped root replaces the one CREATE EXTENSION
            -- made (every column; a column added to the table goes here too).
            UPDATE scorecard.org_unit u
               SET name = NEW.name, service_line = NEW.service_line, rollup_children = NEW.rollup_children,
                   rollup_weight = NEW.rollup_weight, scoring_method = NEW.scoring_method,
                   fiscal_year_start = NEW.fiscal_year_start, sort_order = NEW.sort_order, description = NEW.description,
                   owner_name = NEW.owner_name, owner_email = NEW.owner_email, owner_role = NEW.owner_role
             WHERE u.is_root;
            RETURN NULL;
        ELSIF EXISTS (SELECT 1 FROM scorecard.org_unit u WHERE u.is_root) THEN
            RAISE EXCEPTION 'there is already a root unit ("%"); a new unit needs a parent', scorecard.root_unit()
                USING ERRCODE = 'unique_violation',
                      HINT = 'Set parent to the unit it belongs to.';
        END IF;
    END IF;
    IF NOT NEW.is_root AND NEW.parent IS NULL THEN
        RAISE EXCEPTION 'unit "%" needs a parent', NEW.name
            USING ERRCODE = 'not_null_violation',
                  HINT = 'Only the root (the organisation, "' || coalesce(scorecard.root_unit(), '?') || '") has none.';
    END IF;
    -- An unknown parent is refused by the foreign key, deferred to commit:
    -- pg_restore copies the rows in storage order, children maybe first.
    IF TG_OP = 'UPDATE' AND NEW.parent IS DISTINCT FROM OLD.parent THEN
        -- One tree edit at a time: two concurrent moves (A under B, B
        -- under A) must not both pass the check below.
        LOCK TABLE scorecard.org_unit IN SHARE ROW EXCLUSIVE MODE;
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.parent IS DISTINCT FROM OLD.parent
       AND EXISTS (WITH RECURSIVE up AS (
                       SELECT u.name, u.parent FROM scorecard.org_unit u WHERE u.name = NEW.parent
                       UNION
                       SELECT u.name, u.parent FROM scorecard.org_unit u JOIN up ON u.name = up.parent)
                   SELECT 1 FROM up WHERE up.name = OLD.name) THEN
        -- Walking up from the new parent meets the unit itself: a cycle.
        RAISE EXCEPTION 'unit "%" cannot be placed under "%", which is below it: that would make a cycle', NEW.name, NEW.parent
            USING ERRCODE = 'check_violation',
                  HINT = 'A unit''s parent must not be the unit itself or one of the units below it.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION scorecard.org_unit_keep() IS
    'Trigger function: the root unit cannot be deleted, nor can a unit become or stop being the root; a root inserted while the shipped one is untouched (pg_restore after CREATE EXTENSION) replaces it; a unit without a parent (23502) or placed below itself (23514) is refused (an unknown parent by the deferred foreign key, 23503).';

CREATE OR REPLACE TRIGGER org_unit_keep BEFORE INSERT OR UPDATE OR DELETE ON scorecard.org_unit
    FOR EACH ROW EXECUTE FUNCTION scorecard.org_unit_keep();

INSERT INTO scorecard.org_unit (name, is_root, fiscal_year_start, description)
VALUES ('Organization', true, 1, scorecard.shipped_root_description());
-- Check the row's (NULL) parent now: a trigger event still pending at the
-- end of the statement would forbid the ALTER TABLEs that follow.
SET CONSTRAINTS scorecard.org_unit_parent_fkey IMMEDIATE;

-- Measures and discipline targets belong to a unit (the root unless they
-- name another). Measure names stay unique across units.
ALTER TABLE scorecard.measure
    ADD COLUMN org_unit text NOT NULL DEFAULT scorecard.root_unit()
        REFERENCES scorecard.org_unit (name) ON UPDATE CASCADE,
    ADD COLUMN aggregation text NOT NULL DEFAULT 'mean'
        CONSTRAINT measure_aggregation_known CHECK (aggregation IN ('mean', 'sum', 'last'));
COMMENT ON COLUMN scorecard.measure.org_unit IS 'The unit whose scorecard the measure is on (default: the root, the organisation).';
COMMENT ON COLUMN scorecard.measure.aggregation IS
    'How a plain-value measure''s months make a quarter or a year: ''mean'' (the default: e.g. days), ''sum'' (dollars, counts) or ''last'' (a balance at the period''s end). Ratio measures always take the sum of the numerators over the sum of the denominators.';
CREATE INDEX measure_org_unit_idx ON scorecard.measure (org_unit);

ALTER TABLE scorecard.discipline_target
    ADD COLUMN org_unit text NOT NULL DEFAULT scorecard.root_unit()
        REFERENCES scorecard.org_unit (name) ON UPDATE CASCADE ON DELETE CASCADE,
    DROP CONSTRAINT discipline_target_pkey,
    ADD PRIMARY KEY (org_unit, discipline, effective_from);
COMMENT ON COLUMN scorecard.discipline_target.org_unit IS 'The unit whose scorecard the target is for (default: the root). A unit without a target of its own in a discipline is held to its nearest ancestor''s.';

ALTER TABLE scorecard.status_band
    ADD COLUMN org_unit text REFERENCES scorecard.org_unit (name) ON UPDATE CASCADE ON DELETE CASCADE,
    DROP CONSTRAINT status_band_one_scope,
    ADD CONSTRAINT status_band_one_scope CHECK (num_nonnulls(discipline, measure_id, org_unit) <= 1),
    DROP CONSTRAINT status_band_no_overlap,
    ADD CONSTRAINT status_band_no_overlap UNIQUE NULLS NOT DISTINCT (org_unit, discipline, measure_id, min_balance);
ALTER TABLE scorecard.commentary
    ADD COLUMN org_unit text NOT NULL DEFAULT scorecard.root_unit()
        REFERENCES scorecard.org_unit (name) ON UPDATE CASCADE ON DELETE CASCADE;
COMMENT ON COLUMN scorecard.commentary.org_unit IS 'For commentary on a discipline: the unit whose scorecard it comments on (default: the root). A measure''s commentary follows the measure.';
COMMENT ON COLUMN scorecard.status_band.org_unit IS 'The unit whose scorecard these bands are for (its disciplines, measures and overall balance), or NULL.';

CREATE OR REPLACE FUNCTION scorecard.org_unit_ref_check()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NEW.org_unit IS NOT NULL AND NOT EXISTS (SELECT 1 FROM scorecard.org_unit u WHERE u.name = NEW.org_unit) THEN
        RAISE EXCEPTION 'unknown unit "%"', NEW.org_unit
            USING ERRCODE = 'foreign_key_violation',
                  HINT = 'Known units: ' || (SELECT string_agg(quote_literal(u.name), ', ' ORDER BY u.is_root DESC, u.sort_order, u.name)
                                               FROM scorecard.org_unit u) || '. Create it in scorecard.org_unit first.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION scorecard.org_unit_ref_check() IS
    'Trigger function: refuses a row naming an unknown unit (23503), listing the known ones.';

CREATE OR REPLACE TRIGGER org_unit_ref_check BEFORE INSERT OR UPDATE ON scorecard.measure
    FOR EACH ROW EXECUTE FUNCTION scorecard.org_unit_ref_check();
CREATE OR REPLACE TRIGGER org_unit_ref_check BEFORE INSERT OR UPDATE ON scorecard.discipline_target
    FOR EACH ROW EXECUTE FUNCTION scorecard.org_unit_ref_check();
CREATE OR REPLACE TRIGGER org_unit_ref_check BEFORE INSERT OR UPDATE ON scorecard.commentary
    FOR EACH ROW EXECUTE FUNCTION scorecard.org_unit_ref_check();
CREATE OR REPLACE TRIGGER org_unit_ref_check BEFORE INSERT OR UPDATE ON scorecard.status_band
    FOR EACH ROW EXECUTE FUNCTION scorecard.org_unit_ref_check();

CREATE OR REPLACE FUNCTION scorecard.status_band_check()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    scope record;
BEGIN
    FOR scope IN SELECT b.org_unit, b.discipline, b.measure_id FROM scorecard.status_band b
                  GROUP BY b.org_unit, b.discipline, b.measure_id
                 HAVING count(*) FILTER (WHERE b.min_balance IS NULL) <> 1 LOOP
        RAISE EXCEPTION 'the status bands of % need exactly one bottom band (min_balance NULL)',
            coalesce('measure ' || scope.measure_id, 'discipline "' || scope.discipline || '"',
                     'the scorecard of unit "' || scope.org_unit || '"', 'the scorecard')
            USING ERRCODE = 'check_violation',
                  HINT = 'The bottom band takes every balance below the other bands, so that no balance falls in a gap.';
    END LOOP;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION scorecard.status_band_check() IS
    'Constraint trigger function, deferred to commit: every measure, discipline or scorecard with status bands has exactly one bottom band.';

CREATE OR REPLACE FUNCTION scorecard.status_band_of(balance numeric, discipline_name text, measure integer, unit text)
RETURNS TABLE (status text, label text, color text)
LANGUAGE sql STABLE PARALLEL SAFE COST 10 ROWS 1
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    WITH scope AS (
        SELECT CASE WHEN EXISTS (SELECT 1 FROM scorecard.status_band b WHERE b.measure_id = status_band_of.measure) THEN 1
                    WHEN EXISTS (SELECT 1 FROM scorecard.status_band b WHERE b.discipline = status_band_of.discipline_name) THEN 2
                    WHEN EXISTS (SELECT 1 FROM scorecard.status_band b WHERE b.org_unit = status_band_of.unit) THEN 3
                    WHEN EXISTS (SELECT 1 FROM scorecard.status_band b
                                  WHERE b.discipline IS NULL AND b.measure_id IS NULL AND b.org_unit IS NULL) THEN 4
                    ELSE 5 END AS level
    ), bands AS (
        SELECT b.min_balance, b.status, b.label, b.color FROM scorecard.status_band b, scope s
         WHERE (s.level = 1 AND b.measure_id = status_band_of.measure)
            OR (s.level = 2 AND b.discipline = status_band_of.discipline_name)
            OR (s.level = 3 AND b.org_unit = status_band_of.unit)
            OR (s.level = 4 AND b.discipline IS NULL AND b.measure_id IS NULL AND b.org_unit IS NULL)
        UNION ALL
        SELECT d.min_balance, d.status, d.label, d.color FROM scorecard.default_status_bands() d, scope s WHERE s.level = 5
    )
    SELECT b.status, b.label, b.color FROM bands b
     WHERE status_band_of.balance IS NOT NULL AND (b.min_balance IS NULL OR status_band_of.balance >= b.min_balance)
     ORDER BY b.min_balance DESC NULLS LAST
     LIMIT 1;
END;
COMMENT ON FUNCTION scorecard.status_band_of(numeric, text, integer, text) IS
    'The status, label and colour of a roll-up balance: the band it falls in, among the measure''s own bands, else its discipline''s, else its unit''s, else the whole scorecard''s, else the shipped ones (measure NULL: a discipline''s; both NULL: a unit''s overall balance). No row for a NULL balance.';

CREATE OR REPLACE FUNCTION scorecard.goal_score_status(score numeric)
RETURNS TABLE (status text, label text, color text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE COST 1 ROWS 1
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT d.status, d.label, d.color
      FROM scorecard.default_status_bands() d
     WHERE goal_score_status.score IS NOT NULL
       AND d.status = CASE WHEN goal_score_status.score >= 6.67 THEN 'on target'
                           WHEN goal_score_status.score >= 3.33 THEN 'caution'
                           ELSE 'off target' END;
END;
COMMENT ON FUNCTION scorecard.goal_score_status(numeric) IS
    'The status of a 0-10 goal score (scorecards with scoring_method ''goal score''): on target from 6.67 (the goal), caution from 3.33 (the red flag), off target below; labels and colours as the shipped bands. No row for NULL.';

CREATE OR REPLACE FUNCTION scorecard.report_figure(x numeric, unit text, signed boolean DEFAULT false)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN x IS NULL THEN NULL
            WHEN unit = 'ratio'
                THEN pg_catalog.to_char(pg_catalog.round(x * 100, 2), CASE WHEN signed THEN 'FMS990.00' ELSE 'FM990.00' END) || '%'
            ELSE pg_catalog.to_char(pg_catalog.round(x, 2), CASE WHEN signed THEN 'FMS999,999,999,990.00' ELSE 'FM999,999,999,990.00' END)
                 || ' ' || unit
       END;
COMMENT ON FUNCTION scorecard.report_figure(numeric, text, boolean) IS
    'A scorecard figure as the reports print it: a ratio as a percentage with two decimals (0.4747 -> 47.47%), any other unit as a number with two decimals and the unit (137 -> 137.00 days); signed puts + before positive balances.';

CREATE OR REPLACE FUNCTION scorecard.discipline_target_at(discipline_name text, as_of date, unit text)
RETURNS numeric
LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    WITH RECURSIVE up AS (
        SELECT u.name, u.parent, 0 AS depth FROM scorecard.org_unit u WHERE u.name = discipline_target_at.unit
        UNION ALL
        SELECT p.name, p.parent, up.depth + 1 FROM scorecard.org_unit p JOIN up ON p.name = up.parent
         WHERE up.depth < 1000
    )
    SELECT t.target
      FROM up
      JOIN scorecard.discipline_target t ON t.org_unit = up.name
     WHERE t.discipline = discipline_target_at.discipline_name
       AND t.effective_from <= discipline_target_at.as_of
     ORDER BY up.depth, t.effective_from DESC
     LIMIT 1;
END;
COMMENT ON FUNCTION scorecard.discipline_target_at(text, date, text) IS
    'The discipline''s target in force on as_of for a unit''s scorecard: the latest discipline_target row of the unit effective on or before that date, else its parent''s, and so on up to the root; NULL when none.';

CREATE OR REPLACE FUNCTION scorecard.discipline_target_at(discipline_name text, as_of date)
RETURNS numeric
LANGUAGE sql STABLE STRICT PARALLEL SAFE
RETURN scorecard.discipline_target_at(discipline_name, as_of, scorecard.root_unit());
COMMENT ON FUNCTION scorecard.discipline_target_at(text, date) IS
    'The discipline''s target in force on as_of on the organisation''s (the root unit''s) scorecard: the latest discipline_target row effective on or before that date; NULL when none.';

CREATE OR REPLACE FUNCTION scorecard.measure_target_at(measure integer, as_of date)
RETURNS numeric
LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT coalesce(
        (SELECT t.target
           FROM scorecard.measure_target t
          WHERE t.measure_id = measure_target_at.measure
            AND t.effective_from <= measure_target_at.as_of
          ORDER BY t.effective_from DESC
          LIMIT 1),
        (SELECT scorecard.discipline_target_at(m.discipline, measure_target_at.as_of, m.org_unit)
           FROM scorecard.measure m
          WHERE m.measure_id = measure_target_at.measure AND m.unit = 'ratio'));
END;
COMMENT ON FUNCTION scorecard.measure_target_at(integer, date) IS
    'The target in force for a measure on a date: its own (scorecard.measure_target), else, for a ratio measure, its discipline''s on its unit''s scorecard (a fraction); NULL for a measure in another unit without a target of its own.';

CREATE OR REPLACE FUNCTION scorecard.roll_up_units(
    units text[], grains text[], starts date[], disciplines text[],
    balances numeric[], balance_weights numeric[], goal_scores numeric[], goal_weights numeric[])
RETURNS TABLE (org_unit text, period_grain text, period_start date, discipline text,
               balance numeric, goal_score numeric, children_reported integer)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    level integer;
    -- What the levels below have computed, as parallel arrays.
    r_unit text[] := '{}';
    r_grain text[] := '{}';
    r_start date[] := '{}';
    r_discipline text[] := '{}';
    r_balance numeric[] := '{}';
    r_goal numeric[] := '{}';
    r_children integer[] := '{}';
BEGIN
    FOR level IN
        WITH RECURSIVE tree AS (
            SELECT u.name, 0 AS depth FROM scorecard.org_unit u WHERE u.is_root
            UNION ALL
            SELECT c.name, t.depth + 1 FROM scorecard.org_unit c JOIN tree t ON c.parent = t.name
        )
        SELECT DISTINCT t.depth FROM tree t ORDER BY t.depth DESC
    LOOP
        WITH RECURSIVE tree AS (
            SELECT u.name, u.rollup_children, 0 AS depth FROM scorecard.org_unit u WHERE u.is_root
            UNION ALL
            SELECT c.name, c.rollup_children, t.depth + 1 FROM scorecard.org_unit c JOIN tree t ON c.parent = t.name
        ), parts AS (
            SELECT o.unit, o.grain, o.start, o.discipline, o.balance, o.balance_weight, o.goal, o.goal_weight, false AS from_child
              FROM unnest(units, grains, starts, disciplines, balances, balance_weights, goal_scores, goal_weights)
                   AS o(unit, grain, start, discipline, balance, balance_weight, goal, goal_weight)
              JOIN tree t ON t.name = o.unit
             WHERE t.depth = level
            UNION ALL
            SELECT c.parent, r.grain, r.start, r.discipline, r.balance, c.rollup_weight, r.goal, c.rollup_weight, true
              FROM unnest(r_unit, r_grain, r_start, r_discipline, r_balance, r_goal)
                   AS r(unit, grain, start, discipline, balance, goal)
              JOIN scorecard.org_unit c ON c.name = r.unit
              JOIN tree t ON t.name = c.parent
             WHERE t.depth = level AND t.rollup_children
        ), rolled AS (
            -- Without children's figures the unit's own balance stands as
            -- computed (no second averaging).
            SELECT p.unit, p.grain, p.start, p.discipline,
                   CASE WHEN bool_or(p.from_child) THEN scorecard.composite(p.balance, p.balance_weight)
                        ELSE max(p.balance) END AS balance,
                   CASE WHEN bool_or(p.from_child) THEN scorecard.composite(p.goal, p.goal_weight)
                        ELSE max(p.goal) END AS goal,
                   (count(p.balance) FILTER (WHERE p.from_child))::integer AS children
              FROM parts p
             GROUP BY p.unit, p.grain, p.start, p.discipline
        )
        SELECT r_unit || coalesce(array_agg(x.unit), '{}'), r_grain || coalesce(array_agg(x.grain), '{}'),
               r_start || coalesce(array_agg(x.start), '{}'), r_discipline || coalesce(array_agg(x.discipline), '{}'),
               r_balance || coalesce(array_agg(x.balance), '{}'), r_goal || coalesce(array_agg(x.goal), '{}'),
               r_children || coalesce(array_agg(x.children), '{}')
          INTO r_unit, r_grain, r_start, r_discipline, r_balance, r_goal, r_children
          FROM rolled x;
    END LOOP;
    RETURN QUERY SELECT * FROM unnest(r_unit, r_grain, r_start, r_discipline, r_balance, r_goal, r_children);
END
$$;
COMMENT ON FUNCTION scorecard.roll_up_units(text[], text[], date[], text[], numeric[], numeric[], numeric[], numeric[]) IS
    'Used by discipline_scores: from each unit''s own discipline balance and goal score per period (with the weight of the measures behind them), the balance and goal score of every unit''s scorecard, bottom-up: a unit that rolls up its children (org_unit.rollup_children) takes the weighted mean of its own figure and its children''s, each child at its rollup_weight.';

CREATE OR REPLACE VIEW scorecard.measure_scores WITH (security_invoker = true) AS
WITH observed AS (
    -- Months and ISO weeks as recorded; fiscal quarters and years made of
    -- the months: a ratio's numerators and denominators are summed (the
    -- quarter's ratio is not the mean of the monthly ratios), a plain
    -- value follows the measure's aggregation (mean, sum or last).
    SELECT o.measure_id, o.period_grain, o.period_start, o.numerator, o.denominator, o.value
      FROM scorecard.observation o
    UNION ALL
    SELECT o.measure_id, g.grain, scorecard.period_start(g.grain, o.period_start, scorecard.fiscal_year_start()),
           CASE WHEN count(o.value) = 0 THEN sum(o.numerator) END,
           CASE WHEN count(o.value) = 0 THEN sum(o.denominator) END,
           CASE WHEN count(o.value) > 0 THEN
                CASE m.aggregation WHEN 'sum' THEN sum(o.value)
                                   WHEN 'last' THEN (array_agg(o.value ORDER BY o.period_start DESC) FILTER (WHERE o.value IS NOT NULL))[1]
                                   ELSE pg_catalog.trim_scale(avg(o.value)) END
           END
      FROM scorecard.observation o
      JOIN scorecard.measure m ON m.measure_id = o.measure_id
     CROSS JOIN (VALUES ('quarter'), ('year')) AS g(grain)
     WHERE o.period_grain = 'month'
     GROUP BY o.measure_id, g.grain, 3, m.aggregation
), periods AS (
    SELECT DISTINCT o.period_grain, o.period_start
      FROM observed o
), first_reported AS (
    SELECT o.measure_id, o.period_grain, min(o.period_start) AS period_start
      FROM observed o
     GROUP BY o.measure_id, o.period_grain
), expected AS (
    -- A measure is expected in every period of a grain from its active_from
    -- (or, without one, from its first report at that grain) until its
    -- active_until: a period in that span without a report is missing.
    SELECT p.period_grain, p.period_start, m.measure_id, m.name, m.discipline, m.objective,
           m.higher_is_better, m.weight, m.goal, m.red_flag, m.unit, m.org_unit, u.scoring_method, d.deep_dive_threshold
      FROM periods p
      CROSS JOIN scorecard.measure m
      JOIN scorecard.discipline d ON d.name = m.discipline
      JOIN scorecard.org_unit u ON u.name = m.org_unit
      LEFT JOIN first_reported f ON f.measure_id = m.measure_id AND f.period_grain = p.period_grain
     WHERE CASE WHEN m.active_from IS NOT NULL
                THEN scorecard.period_end(p.period_grain, p.period_start) >= m.active_from
                ELSE p.period_start >= f.period_start
           END
       AND (m.active_until IS NULL OR p.period_start <= m.active_until)
), scored AS (
    SELECT e.*, o.numerator, o.denominator,
           scorecard.exact_round(CASE WHEN o.value IS NOT NULL THEN o.value
                                      ELSE pg_catalog.trim_scale(o.numerator / NULLIF(o.denominator, 0))
                                 END) AS actual,
           (o.value IS NOT NULL OR o.denominator <> 0) AS reported,
           scorecard.measure_weight_at(e.measure_id, e.period_start) AS weight_in_force,
           scorecard.exact_round(scorecard.measure_target_at(e.measure_id, e.period_start)) AS target
      FROM expected e
      LEFT JOIN observed o
        ON o.measure_id = e.measure_id
       AND o.period_grain = e.period_grain
       AND o.period_start = e.period_start
), balanced AS (
    SELECT s.*, scorecard.balance(s.actual, s.target, s.higher_is_better) AS balance,
           CASE WHEN s.goal IS NOT NULL THEN scorecard.goal_score(s.actual, s.goal, s.red_flag) END AS goal_score
      FROM scored s
), gapped AS (
    -- The deep-dive threshold is a fraction: ratios compare their balance
    -- with it directly, other units (days, dollars) their balance relative
    -- to the target.
    SELECT b.*,
           CASE WHEN b.unit = 'ratio' THEN b.balance
                ELSE scorecard.exact_round(b.balance / NULLIF(abs(b.target), 0))
           END AS gap
      FROM balanced b

), rolled AS (
    SELECT g.*,
           CASE WHEN g.unit = 'ratio' THEN g.balance
                WHEN g.gap IS NOT NULL THEN GREATEST(-1::numeric, LEAST(1::numeric, g.gap))
           END AS rollup_balance
      FROM gapped g
)
SELECT b.period_start,
       b.period_grain,
       b.discipline,
       b.objective,
       b.name AS measure,
       b.measure_id,
       b.numerator,
       b.denominator,
       b.actual,
       b.target,
       b.balance,
       b.goal_score,
       CASE WHEN b.actual IS NULL AND b.reported THEN 'not computable'
            WHEN b.actual IS NULL THEN 'missing'
            WHEN b.scoring_method = 'goal score' THEN coalesce(gs.status, 'no goal')
            WHEN b.target IS NULL THEN 'no target'
            ELSE band.status
       END AS status,
       scorecard.needs_deep_dive(b.gap, b.deep_dive_threshold) AS needs_deep_dive,
       b.higher_is_better,
       b.weight_in_force AS weight,
       b.unit,
       b.rollup_balance,
       CASE WHEN b.actual IS NULL AND b.reported THEN 'Not computable'
            WHEN b.actual IS NULL THEN 'Missing'
            WHEN b.scoring_method = 'goal score' THEN coalesce(gs.label, 'No goal')
            WHEN b.target IS NULL THEN 'No target'
            ELSE band.label
       END AS status_label,
       CASE WHEN b.actual IS NULL THEN '#9e9e9e'
            WHEN b.scoring_method = 'goal score' THEN coalesce(gs.color, '#9e9e9e')
            ELSE coalesce(band.color, '#9e9e9e') END AS status_color,
       b.org_unit
  FROM rolled b
  LEFT JOIN LATERAL scorecard.status_band_of(b.rollup_balance, b.discipline, b.measure_id, b.org_unit) AS band ON true
  LEFT JOIN LATERAL scorecard.goal_score_status(b.goal_score) AS gs ON true;

COMMENT ON VIEW scorecard.measure_scores IS
    'Every expected measure in every period that has observations of its grain, with its actual, target, balance and status. A measure is expected from its active_from (or, without one, its first report at the grain) until its active_until; one that did not report is listed with actual NULL and status ''missing''.';

COMMENT ON COLUMN scorecard.measure_scores.period_start IS 'First day of the period: the 1st of the month, the Monday of the ISO week, the 1st of the fiscal quarter or year (scorecard.fiscal_year_start()).';
COMMENT ON COLUMN scorecard.measure_scores.period_grain IS '''month'', ''week'', ''quarter'' or ''year'' (fiscal quarters and years, made of the months).';
COMMENT ON COLUMN scorecard.measure_scores.discipline IS 'Discipline the measure counts towards.';
COMMENT ON COLUMN scorecard.measure_scores.objective IS 'Objective the measure tracks.';
COMMENT ON COLUMN scorecard.measure_scores.measure IS 'Measure name.';
COMMENT ON COLUMN scorecard.measure_scores.measure_id IS 'Measure key (scorecard.measure.measure_id).';
COMMENT ON COLUMN scorecard.measure_scores.numerator IS 'Numerator observed (for a quarter or year, the sum over its months); NULL for plain-value measures or when missing.';
COMMENT ON COLUMN scorecard.measure_scores.denominator IS 'Denominator observed (for a quarter or year, the sum over its months); NULL for plain-value measures or when missing.';
COMMENT ON COLUMN scorecard.measure_scores.actual IS 'numerator / denominator (or the plain value; for a quarter or year, the mean, sum or last of its months as the measure''s aggregation says), to at most 20 decimals and 28 significant digits (scorecard.exact_round); NULL when missing, when the denominator is 0, or when not computable. A fraction for ratios: 0.4747 = 47.47%.';
COMMENT ON COLUMN scorecard.measure_scores.target IS 'The measure''s own target in force for the period, else its discipline''s.';
COMMENT ON COLUMN scorecard.measure_scores.balance IS 'actual - target for higher-is-better measures, target - actual for lower-is-better: positive is better than target.';
COMMENT ON COLUMN scorecard.measure_scores.goal_score IS 'Spider-style score 0..10 from the measure''s goal (6.67) and red flag (3.33); NULL when the measure has none.';
COMMENT ON COLUMN scorecard.measure_scores.status IS 'The status band the roll-up balance falls in (scorecard.status_band: the measure''s, its discipline''s, its unit''s or the whole scorecard''s bands; by default on target at 0 or more, caution down to -0.05, off target below); on a scorecard scored by goal score, the goal score''s (scorecard.goal_score_status) or ''no goal''; or ''missing'', ''no target'', ''not computable'' (an observation past 1e27; it counts as missing).';
COMMENT ON COLUMN scorecard.measure_scores.needs_deep_dive IS 'True when the balance is past the discipline''s deep-dive threshold (0.05 by default) either way: |balance| for ratios, |balance / target| for other units (days, dollars).';
COMMENT ON COLUMN scorecard.measure_scores.higher_is_better IS 'Direction of the measure.';
COMMENT ON COLUMN scorecard.measure_scores.weight IS 'Weight of the measure in its discipline''s balance in force for the period (scorecard.measure_weight, else measure.weight).';
COMMENT ON COLUMN scorecard.measure_scores.unit IS 'Unit of the actual (''ratio'' for fractions).';
COMMENT ON COLUMN scorecard.measure_scores.rollup_balance IS 'What the measure adds to its discipline''s balance (weighted by weight): its balance in points for ratios; for other units (days, dollars, counts) its balance relative to its target, bounded to -1..1, so no single measure moves its discipline by more than its weight share of 100 points. NULL without an actual or a target.';
COMMENT ON COLUMN scorecard.measure_scores.status_label IS 'What a dashboard shows for the status: the band''s label, or Missing, No target, Not computable.';
COMMENT ON COLUMN scorecard.measure_scores.status_color IS 'The status colour as #rrggbb (grey for a measure without a roll-up balance, or without a goal score on a scorecard scored by goal score).';
COMMENT ON COLUMN scorecard.measure_scores.org_unit IS 'The unit whose scorecard the measure is on (scorecard.org_unit).';

CREATE OR REPLACE VIEW scorecard.discipline_scores WITH (security_invoker = true) AS
-- The scored roll-up: each measure is scored against its own target in
-- force, in its own direction (measure_scores.rollup_balance), and the
-- discipline's balance is the weighted mean of those (and of the
-- children's, for a unit that rolls them up); its Actual is shown as
-- Target + Balance. When every measure is a higher-is-better ratio held
-- to the discipline's target (the source's scorecard), this is exactly the
-- weighted mean of the actuals against the target.
WITH own AS (
    SELECT ms.org_unit, ms.period_start, ms.period_grain, ms.discipline,
           scorecard.composite(ms.rollup_balance, ms.weight) AS balance,
           sum(ms.weight) FILTER (WHERE ms.rollup_balance IS NOT NULL) AS balance_weight,
           scorecard.composite(ms.goal_score, ms.weight) AS goal_score,
           sum(ms.weight) FILTER (WHERE ms.goal_score IS NOT NULL) AS goal_weight,
           scorecard.composite(ms.actual, ms.weight) FILTER (WHERE ms.unit = 'ratio') AS ratio_actual,
           count(ms.actual)::integer AS measures_reported,
           (count(*) - count(ms.actual))::integer AS measures_missing
      FROM scorecard.measure_scores ms
     GROUP BY ms.org_unit, ms.period_start, ms.period_grain, ms.discipline
), rolled AS (
    SELECT r.*
      FROM (SELECT array_agg(o.org_unit) AS units, array_agg(o.period_grain) AS grains, array_agg(o.period_start) AS starts,
                   array_agg(o.discipline) AS disciplines, array_agg(o.balance) AS balances,
                   array_agg(o.balance_weight) AS balance_weights, array_agg(o.goal_score) AS goal_scores,
                   array_agg(o.goal_weight) AS goal_weights
              FROM own o) a
     CROSS JOIN LATERAL scorecard.roll_up_units(a.units, a.grains, a.starts, a.disciplines, a.balances,
                                                a.balance_weights, a.goal_scores, a.goal_weights) r
), targeted AS (
    SELECT r.org_unit, r.period_start, r.period_grain, r.discipline, r.balance, r.goal_score, r.children_reported,
           o.ratio_actual, coalesce(o.measures_reported, 0) AS measures_reported, coalesce(o.measures_missing, 0) AS measures_missing,
           scorecard.exact_round(scorecard.discipline_target_at(r.discipline, r.period_start, r.org_unit)) AS target,
           d.deep_dive_threshold, d.sort_order, u.scoring_method
      FROM rolled r
      JOIN scorecard.discipline d ON d.name = r.discipline
      JOIN scorecard.org_unit u ON u.name = r.org_unit
      LEFT JOIN own o USING (org_unit, period_start, period_grain, discipline)
)
SELECT t.period_start,
       t.period_grain,
       t.discipline,
       t.target,
       CASE WHEN t.target IS NOT NULL THEN t.target + t.balance ELSE t.ratio_actual END AS actual,
       CASE WHEN t.target IS NOT NULL THEN t.balance END AS balance,
       CASE WHEN t.target IS NOT NULL THEN scorecard.needs_deep_dive(t.balance, t.deep_dive_threshold) END AS needs_deep_dive,
       t.measures_reported,
       t.measures_missing,
       t.sort_order::integer AS sort_order,
       CASE WHEN t.scoring_method = 'goal score' THEN coalesce(gs.status, 'missing')
            WHEN t.target IS NULL THEN 'no target' WHEN t.balance IS NULL THEN 'missing' ELSE band.status END AS status,
       CASE WHEN t.scoring_method = 'goal score' THEN coalesce(gs.label, 'Missing')
            WHEN t.target IS NULL THEN 'No target' WHEN t.balance IS NULL THEN 'Missing' ELSE band.label END AS status_label,
       CASE WHEN t.scoring_method = 'goal score' THEN coalesce(gs.color, '#9e9e9e')
            WHEN t.target IS NULL OR t.balance IS NULL THEN '#9e9e9e' ELSE band.color END AS status_color,
       t.org_unit,
       t.goal_score,
       t.scoring_method,
       t.children_reported
  FROM targeted t
  LEFT JOIN LATERAL scorecard.status_band_of(CASE WHEN t.target IS NOT NULL THEN t.balance END, t.discipline, NULL, t.org_unit) AS band ON true
  LEFT JOIN LATERAL scorecard.goal_score_status(t.goal_score) AS gs ON true;

COMMENT ON VIEW scorecard.discipline_scores IS
    'The Director''s numbers per discipline and period: Target, Actual (weighted mean of the measures'' actuals, equal weights by default), Balance = Actual - Target, and whether it needs a deep dive.';

COMMENT ON COLUMN scorecard.discipline_scores.period_start IS 'First day of the period.';
COMMENT ON COLUMN scorecard.discipline_scores.period_grain IS '''month'', ''week'', ''quarter'' or ''year''.';
COMMENT ON COLUMN scorecard.discipline_scores.discipline IS 'Discipline.';
COMMENT ON COLUMN scorecard.discipline_scores.target IS 'Discipline target in force for the period (fraction).';
COMMENT ON COLUMN scorecard.discipline_scores.actual IS 'Target + Balance: for the source''s scorecard (higher-is-better ratios held to the discipline target) the weighted mean of the actuals. Without a target, the weighted mean of the ratio measures'' actuals. NULL when none reported.';
COMMENT ON COLUMN scorecard.discipline_scores.balance IS 'Weighted mean of the measures'' roll-up balances (measure_scores.rollup_balance: each against its own target, in its own direction; points for ratios, relative and bounded to -1..1 for other units), and of the children''s balances for a unit that rolls them up; negative is below target. NULL without a target.';
COMMENT ON COLUMN scorecard.discipline_scores.needs_deep_dive IS 'True when |balance| exceeds the discipline''s deep-dive threshold (0.05: five percentage points).';
COMMENT ON COLUMN scorecard.discipline_scores.measures_reported IS 'Measures with an actual in the period.';
COMMENT ON COLUMN scorecard.discipline_scores.measures_missing IS 'Active measures without an actual in the period (not reported, or zero denominator).';
COMMENT ON COLUMN scorecard.discipline_scores.sort_order IS 'Display order of the discipline.';
COMMENT ON COLUMN scorecard.discipline_scores.status IS 'The status band the balance falls in (the discipline''s bands, else the unit''s, else the whole scorecard''s, else the shipped ones), or ''no target'', ''missing''; on a scorecard scored by goal score, the goal score''s status (scorecard.goal_score_status).';
COMMENT ON COLUMN scorecard.discipline_scores.status_label IS 'What a dashboard shows for the status.';
COMMENT ON COLUMN scorecard.discipline_scores.status_color IS 'The status colour as #rrggbb.';
COMMENT ON COLUMN scorecard.discipline_scores.org_unit IS 'The unit whose scorecard this is (scorecard.org_unit).';
COMMENT ON COLUMN scorecard.discipline_scores.goal_score IS 'Weighted mean of the measures'' 0-10 goal scores (Spider Impact; measures without a goal and red flag left out), and of the children''s for a unit that rolls them up; NULL when none has one. The status of a scorecard scored by goal score comes from it.';
COMMENT ON COLUMN scorecard.discipline_scores.scoring_method IS 'The unit''s scoring method: ''balance'' or ''goal score'' (scorecard.org_unit.scoring_method).';
COMMENT ON COLUMN scorecard.discipline_scores.children_reported IS 'For a unit that rolls up its children: how many children''s balances went into this one; 0 otherwise.';

CREATE OR REPLACE VIEW scorecard.organization_scores WITH (security_invoker = true) AS
SELECT o.period_start, o.period_grain, o.balance, o.disciplines_reported, o.disciplines_missing, o.deep_dives,
       CASE WHEN o.scoring_method = 'goal score' THEN coalesce(gs.status, 'missing')
            WHEN o.balance IS NULL THEN 'missing' ELSE band.status END AS status,
       CASE WHEN o.scoring_method = 'goal score' THEN coalesce(gs.label, 'Missing')
            WHEN o.balance IS NULL THEN 'Missing' ELSE band.label END AS status_label,
       CASE WHEN o.scoring_method = 'goal score' THEN coalesce(gs.color, '#9e9e9e')
            WHEN o.balance IS NULL THEN '#9e9e9e' ELSE band.color END AS status_color,
       o.org_unit,
       o.goal_score,
       o.scoring_method
  FROM (SELECT ds.org_unit,
               ds.period_start,
               ds.period_grain,
               ds.scoring_method,
               sum(ds.balance) AS balance,
               count(ds.balance)::integer AS disciplines_reported,
               (count(*) - count(ds.balance))::integer AS disciplines_missing,
               (count(*) FILTER (WHERE ds.needs_deep_dive))::integer AS deep_dives,
               scorecard.composite(ds.goal_score) AS goal_score
          FROM scorecard.discipline_scores ds
         GROUP BY ds.org_unit, ds.period_start, ds.period_grain, ds.scoring_method) AS o
  LEFT JOIN LATERAL scorecard.status_band_of(o.balance, NULL, NULL, o.org_unit) AS band ON true
  LEFT JOIN LATERAL scorecard.goal_score_status(o.goal_score) AS gs ON true;

COMMENT ON VIEW scorecard.organization_scores IS
    'Each unit''s single number per period (the root''s is the organisation''s): the sum of its discipline balances. Zero is perfect balance; negative is below target.';

COMMENT ON COLUMN scorecard.organization_scores.period_start IS 'First day of the period.';
COMMENT ON COLUMN scorecard.organization_scores.period_grain IS '''month'', ''week'', ''quarter'' or ''year''.';
COMMENT ON COLUMN scorecard.organization_scores.balance IS 'Sum of the balances of the disciplines that reported.';
COMMENT ON COLUMN scorecard.organization_scores.disciplines_reported IS 'Disciplines with a balance in the period.';
COMMENT ON COLUMN scorecard.organization_scores.disciplines_missing IS 'Disciplines with measures but no balance (no actual or no target).';
COMMENT ON COLUMN scorecard.organization_scores.deep_dives IS 'Disciplines whose balance is past their deep-dive threshold.';
COMMENT ON COLUMN scorecard.organization_scores.status IS 'The status band the unit''s balance falls in (the unit''s bands, else the whole scorecard''s, else the shipped ones), or ''missing''; on a scorecard scored by goal score, the goal score''s status.';
COMMENT ON COLUMN scorecard.organization_scores.status_label IS 'What a dashboard shows for the status.';
COMMENT ON COLUMN scorecard.organization_scores.status_color IS 'The status colour as #rrggbb.';
COMMENT ON COLUMN scorecard.organization_scores.org_unit IS 'The unit whose scorecard this is (the root: the organisation''s).';
COMMENT ON COLUMN scorecard.organization_scores.goal_score IS 'Mean of the disciplines'' 0-10 goal scores (those that have one); the single number of a scorecard scored by goal score.';
COMMENT ON COLUMN scorecard.organization_scores.scoring_method IS 'The unit''s scoring method: ''balance'' or ''goal score''.';

CREATE OR REPLACE VIEW scorecard.deep_dives WITH (security_invoker = true) AS
WITH drivers AS (
    SELECT ms.org_unit, ms.period_start, ms.period_grain, ms.discipline,
           string_agg(ms.measure || ' (actual ' || round(ms.actual, 4)::text || ', balance ' || round(ms.balance, 4)::text || ')',
                      '; ' ORDER BY ms.balance, ms.measure) AS drivers
      FROM scorecard.measure_scores ms
     WHERE ms.balance < 0
     GROUP BY ms.org_unit, ms.period_start, ms.period_grain, ms.discipline
), flagged AS (
    SELECT ds.org_unit, ds.period_start, ds.period_grain, 'discipline'::text AS level, ds.discipline,
           NULL::text AS objective, NULL::text AS measure,
           ds.actual, ds.target, ds.balance, dr.drivers
      FROM scorecard.discipline_scores ds
      LEFT JOIN drivers dr USING (org_unit, period_start, period_grain, discipline)
     WHERE ds.needs_deep_dive
    UNION ALL
    SELECT ms.org_unit, ms.period_start, ms.period_grain, 'measure', ms.discipline, ms.objective, ms.measure,
           ms.actual, ms.target, ms.balance,
           NULL::text
      FROM scorecard.measure_scores ms
     WHERE ms.needs_deep_dive
)
SELECT f.period_start,
       f.period_grain,
       (rank() OVER (PARTITION BY f.org_unit, f.period_start, f.period_grain
                     ORDER BY f.level = 'measure', f.balance))::integer AS rank,
       f.level,
       f.discipline,
       f.objective,
       f.measure,
       f.actual,
       f.target,
       f.balance,
       f.drivers,
       r.open_initiatives,
       CASE WHEN r.open_initiatives IS NULL THEN 'no remedy yet' ELSE 'in hand' END AS remedy,
       (SELECT c.analysis || coalesce(' Recommendation: ' || c.recommendation, '') || ' (' || c.author || ')'
          FROM scorecard.commentary c
          LEFT JOIN scorecard.measure cm ON cm.measure_id = c.measure_id
         WHERE c.period_grain = f.period_grain AND c.period_start = f.period_start
           AND CASE WHEN f.level = 'measure' THEN cm.name = f.measure
                    ELSE c.discipline = f.discipline AND c.org_unit = f.org_unit END
         ORDER BY c.written_at DESC, c.commentary_id DESC LIMIT 1) AS latest_commentary,
       f.org_unit
  FROM flagged f
  LEFT JOIN LATERAL (
        -- Open initiatives behind the flag: on the measure or its
        -- objective, or, for a discipline, on any of the unit's measures
        -- in it or any of its objectives.
        SELECT string_agg(i.name || ' (' || coalesce(i.owner_name, 'no owner') || ', due '
                          || scorecard.date_text(i.due_on) || ', ' || trim_scale(i.percent_complete) || '%)',
                          '; ' ORDER BY i.due_on, i.name) AS open_initiatives
          FROM scorecard.initiative i
          LEFT JOIN scorecard.measure im ON im.measure_id = i.measure_id
         WHERE i.status IN ('planned', 'in progress')
           AND CASE WHEN f.level = 'measure' THEN im.name = f.measure OR (i.discipline = f.discipline AND i.objective = f.objective)
                    ELSE (im.discipline = f.discipline AND im.org_unit = f.org_unit) OR i.discipline = f.discipline END) r ON true
 ORDER BY f.org_unit, f.period_grain, f.period_start, 3;

COMMENT ON VIEW scorecard.deep_dives IS
    'Every discipline and measure whose balance is past the deep-dive threshold, per period, worst first (disciplines before measures, most negative balance first), with the measures below target that drive each discipline.';

COMMENT ON COLUMN scorecard.deep_dives.period_start IS 'First day of the period.';
COMMENT ON COLUMN scorecard.deep_dives.period_grain IS '''month'', ''week'', ''quarter'' or ''year''.';
COMMENT ON COLUMN scorecard.deep_dives.rank IS 'Position in the unit''s deep-dive list for the period: disciplines first, then measures, each most negative balance first.';
COMMENT ON COLUMN scorecard.deep_dives.level IS '''discipline'' or ''measure''.';
COMMENT ON COLUMN scorecard.deep_dives.discipline IS 'Discipline concerned.';
COMMENT ON COLUMN scorecard.deep_dives.objective IS 'Objective of the measure (NULL on discipline rows).';
COMMENT ON COLUMN scorecard.deep_dives.measure IS 'Measure concerned (NULL on discipline rows).';
COMMENT ON COLUMN scorecard.deep_dives.actual IS 'Actual of the discipline or measure.';
COMMENT ON COLUMN scorecard.deep_dives.target IS 'Target it is held to.';
COMMENT ON COLUMN scorecard.deep_dives.balance IS 'Balance (positive is better than target).';
COMMENT ON COLUMN scorecard.deep_dives.drivers IS 'On discipline rows: the discipline''s measures below their target, worst first, with actual and balance rounded to 4 places.';
COMMENT ON COLUMN scorecard.deep_dives.open_initiatives IS 'Open (planned or in progress) initiatives behind the flag, with owner, due date and percent complete: on the measure or its objective, or for a discipline on any of its measures and objectives.';
COMMENT ON COLUMN scorecard.deep_dives.remedy IS '''in hand'' when an open initiative addresses the variance; ''no remedy yet'' when none does: the source requires a deep dive to identify how the variance will be remedied.';
COMMENT ON COLUMN scorecard.deep_dives.latest_commentary IS 'The latest commentary on the flagged measure or discipline (on the unit''s scorecard) for the period: analysis, recommendation and author.';
COMMENT ON COLUMN scorecard.deep_dives.org_unit IS 'The unit whose scorecard raised the deep dive.';

CREATE OR REPLACE VIEW scorecard.discipline_trend WITH (security_invoker = true) AS
WITH scores AS (
    -- Read twice below (this period and the one before), computed once.
    SELECT d.org_unit, d.discipline, d.period_grain, d.period_start, d.target, d.actual, d.balance
      FROM scorecard.discipline_scores d
)
SELECT cur.period_start,
       cur.period_grain,
       cur.discipline,
       cur.target,
       cur.actual,
       cur.balance,
       scorecard.previous_period_start(cur.period_grain, cur.period_start) AS previous_period_start,
       prev.actual AS previous_actual,
       prev.balance AS previous_balance,
       cur.actual - prev.actual AS actual_change,
       cur.balance - prev.balance AS balance_change,
       CASE WHEN prev.balance IS NULL OR cur.balance IS NULL THEN NULL
            WHEN cur.balance > prev.balance THEN 'improving'
            WHEN cur.balance < prev.balance THEN 'worsening'
            ELSE 'steady'
       END AS direction,
       cur.org_unit
  FROM scores cur
  LEFT JOIN scores prev
    ON prev.org_unit = cur.org_unit
   AND prev.discipline = cur.discipline
   AND prev.period_grain = cur.period_grain
   AND prev.period_start = scorecard.previous_period_start(cur.period_grain, cur.period_start);

COMMENT ON VIEW scorecard.discipline_trend IS
    'Each discipline''s actual and balance beside the previous period''s (the calendar month or ISO week before) and the change. NULL changes where the previous period did not report.';

COMMENT ON COLUMN scorecard.discipline_trend.period_start IS 'First day of the period.';
COMMENT ON COLUMN scorecard.discipline_trend.period_grain IS '''month'', ''week'', ''quarter'' or ''year''.';
COMMENT ON COLUMN scorecard.discipline_trend.discipline IS 'Discipline.';
COMMENT ON COLUMN scorecard.discipline_trend.target IS 'Target in force for the period.';
COMMENT ON COLUMN scorecard.discipline_trend.actual IS 'Actual in the period.';
COMMENT ON COLUMN scorecard.discipline_trend.balance IS 'Balance in the period.';
COMMENT ON COLUMN scorecard.discipline_trend.previous_period_start IS 'Start of the previous period of the grain (month, ISO week, quarter or year).';
COMMENT ON COLUMN scorecard.discipline_trend.previous_actual IS 'Actual in the previous period (NULL if it did not report).';
COMMENT ON COLUMN scorecard.discipline_trend.previous_balance IS 'Balance in the previous period.';
COMMENT ON COLUMN scorecard.discipline_trend.actual_change IS 'actual - previous_actual.';
COMMENT ON COLUMN scorecard.discipline_trend.balance_change IS 'balance - previous_balance; positive is improvement.';
COMMENT ON COLUMN scorecard.discipline_trend.direction IS '''improving'', ''worsening'' or ''steady'' by balance; NULL without a previous period.';
COMMENT ON COLUMN scorecard.discipline_trend.org_unit IS 'The unit whose scorecard this is.';

-- Only the views above used the three-argument form, which 0.2.0 replaces.
DROP FUNCTION scorecard.status_band_of(numeric, text, integer);

CREATE OR REPLACE VIEW scorecard.revenue_clean_claims WITH (security_invoker = true) AS
SELECT date_trunc('month', c.created_on)::date AS period_start,
       count(*) FILTER (WHERE c.edit_reason IS NULL)::numeric AS numerator,
       count(*)::numeric AS denominator,
       coalesce(s.service_line, b.service_line) AS service_line
  FROM scorecard.claim c
  JOIN scorecard.patient_factory b
    ON b.beneficiary_id = c.beneficiary_id
   AND (b.valid_from IS NULL OR c.service_from >= b.valid_from)
   AND (b.valid_until IS NULL OR c.service_from < b.valid_until)
  LEFT JOIN scorecard.service s ON s.service_id = c.service_id
 GROUP BY 1, 4;
COMMENT ON VIEW scorecard.revenue_clean_claims IS
    'Clean claim rate (higher is better) as a measure source, as HFMA MAP defines it: claims created in the month that passed every billing edit without manual intervention / claims created in the month (entering the edits, billed yet or not), by month and service line.';
COMMENT ON COLUMN scorecard.revenue_clean_claims.period_start IS 'Month the claims were created (entered the billing edits).';
COMMENT ON COLUMN scorecard.revenue_clean_claims.numerator IS 'Claims created in the month that hit no billing edit.';
COMMENT ON COLUMN scorecard.revenue_clean_claims.denominator IS 'Claims created in the month, billed yet or not.';
COMMENT ON COLUMN scorecard.revenue_clean_claims.service_line IS 'Service line (the service''s, else the patient''s on the date of service): a month has a row per line.';

CREATE OR REPLACE VIEW scorecard.revenue_initial_denials WITH (security_invoker = true) AS
SELECT date_trunc('month', LEAST(c.denied_on, c.first_paid_on))::date AS period_start,
       count(*) FILTER (WHERE c.denied_on <= coalesce(c.first_paid_on, c.denied_on))::numeric AS numerator,
       count(*)::numeric AS denominator,
       coalesce(s.service_line, b.service_line) AS service_line
  FROM scorecard.claim c
  JOIN scorecard.patient_factory b
    ON b.beneficiary_id = c.beneficiary_id
   AND (b.valid_from IS NULL OR c.service_from >= b.valid_from)
   AND (b.valid_until IS NULL OR c.service_from < b.valid_until)
  LEFT JOIN scorecard.service s ON s.service_id = c.service_id
 WHERE c.denied_on IS NOT NULL OR c.first_paid_on IS NOT NULL
 GROUP BY 1, 4;
COMMENT ON VIEW scorecard.revenue_initial_denials IS
    'Initial denial rate (lower is better) as a measure source, as HFMA MAP defines it: claims whose first remittance in the month was a denial / claims first remitted (denied, or first paid) in the month, by month of first remittance and service line.';
COMMENT ON COLUMN scorecard.revenue_initial_denials.period_start IS 'Month of the first remittance.';
COMMENT ON COLUMN scorecard.revenue_initial_denials.numerator IS 'Claims whose first remittance in the month was a denial (initial denials).';
COMMENT ON COLUMN scorecard.revenue_initial_denials.denominator IS 'Claims first remitted in the month: denied, or first paid.';
COMMENT ON COLUMN scorecard.revenue_initial_denials.service_line IS 'Service line (the service''s, else the patient''s on the date of service): a month has a row per line.';

CREATE OR REPLACE VIEW scorecard.revenue_reconciled_within_72h WITH (security_invoker = true) AS
SELECT date_trunc('month', y.received_on)::date AS period_start,
       count(*) FILTER (WHERE scorecard.reconciled_on_time(y.received_on, y.reconciled_on, t.today))::numeric AS numerator,
       count(*) FILTER (WHERE scorecard.reconciled_on_time(y.received_on, y.reconciled_on, t.today)
                           OR scorecard.reconciled_late(y.received_on, y.reconciled_on, t.today))::numeric AS denominator,
       coalesce(s.service_line, b.service_line) AS service_line
  FROM scorecard.payment y
 CROSS JOIN (SELECT scorecard.today() AS today OFFSET 0) AS t  -- once, not per row
  JOIN scorecard.claim c ON c.claim_id = y.claim_id
  JOIN scorecard.patient_factory b
    ON b.beneficiary_id = c.beneficiary_id
   AND (b.valid_from IS NULL OR c.service_from >= b.valid_from)
   AND (b.valid_until IS NULL OR c.service_from < b.valid_until)
  LEFT JOIN scorecard.service s ON s.service_id = c.service_id
 GROUP BY 1, 4
HAVING count(*) FILTER (WHERE scorecard.reconciled_on_time(y.received_on, y.reconciled_on, t.today)
                           OR scorecard.reconciled_late(y.received_on, y.reconciled_on, t.today)) > 0;
COMMENT ON VIEW scorecard.revenue_reconciled_within_72h IS
    'Payments reconciled within 72 hours (higher is better) as a measure source: payments received in the month and reconciled within three days / payments whose three days are decided as of scorecard.today() (a payment younger than that and not yet reconciled is in neither), by month of receipt and service line.';
COMMENT ON COLUMN scorecard.revenue_reconciled_within_72h.period_start IS 'Month of receipt.';
COMMENT ON COLUMN scorecard.revenue_reconciled_within_72h.numerator IS 'Payments received in the month and reconciled within three days.';
COMMENT ON COLUMN scorecard.revenue_reconciled_within_72h.denominator IS 'Payments received in the month, reconciled within three days or past them as of scorecard.today().';
COMMENT ON COLUMN scorecard.revenue_reconciled_within_72h.service_line IS 'Service line (the service''s, else the patient''s on the date of service): a month has a row per line.';

CREATE OR REPLACE VIEW scorecard.revenue_documented_within_4h WITH (security_invoker = true) AS
SELECT date_trunc('month', s.service_at)::date AS period_start,
       count(*) FILTER (WHERE s.documented_at <= s.service_at + interval '4 hours')::numeric AS numerator,
       count(*)::numeric AS denominator,
       coalesce(s.service_line, b.service_line) AS service_line
  FROM scorecard.service s
  JOIN scorecard.patient_factory b
    ON b.beneficiary_id = s.beneficiary_id
   AND (b.valid_from IS NULL OR s.service_at >= b.valid_from)
   AND (b.valid_until IS NULL OR s.service_at < b.valid_until)
 GROUP BY 1, 4;
COMMENT ON VIEW scorecard.revenue_documented_within_4h IS
    'Documentation within the 4-hour target (higher is better) as a measure source: services documented within 4 hours of delivery / services, by month of service and service line (undocumented services count as late).';
COMMENT ON COLUMN scorecard.revenue_documented_within_4h.period_start IS 'Month of service (in the session time zone).';
COMMENT ON COLUMN scorecard.revenue_documented_within_4h.numerator IS 'Services of the month documented within 4 hours.';
COMMENT ON COLUMN scorecard.revenue_documented_within_4h.denominator IS 'Services of the month.';
COMMENT ON COLUMN scorecard.revenue_documented_within_4h.service_line IS 'Service line (the service''s, else the patient''s on the date of service): a month has a row per line.';


-- scorecard.revenue_ar_over_90: below, after scorecard.ar_month_ends.

CREATE OR REPLACE FUNCTION scorecard.register_measure_source(measure_name text, source regclass,
                                                  period_grain text DEFAULT 'month')
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    col record;
    missing text;
BEGIN
    IF NOT (has_table_privilege('scorecard.measure', 'UPDATE')
            AND has_table_privilege('scorecard.observation', 'INSERT, UPDATE')) THEN
        RAISE EXCEPTION 'only a role that may write the scorecard can register a measure source'
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'It needs UPDATE on scorecard.measure and INSERT, UPDATE on scorecard.observation.';
    END IF;
    IF period_grain IS DISTINCT FROM 'month' AND period_grain IS DISTINCT FROM 'week' THEN
        RAISE EXCEPTION 'period_grain must be ''month'' or ''week'', not %', coalesce(quote_literal(period_grain), 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT string_agg(w.name, ', ') INTO missing
      FROM (VALUES ('period_start'), ('numerator'), ('denominator')) AS w(name)
     WHERE NOT EXISTS (SELECT 1 FROM pg_attribute a
                        WHERE a.attrelid = register_measure_source.source AND a.attname = w.name AND a.attnum > 0 AND NOT a.attisdropped);
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'measure source % lacks column(s) %', source, missing
            USING ERRCODE = 'undefined_column',
                  HINT = 'A source returns period_start date, numerator numeric, denominator numeric.';
    END IF;
    FOR col IN SELECT a.attname, a.atttypid FROM pg_attribute a
                WHERE a.attrelid = register_measure_source.source AND a.attnum > 0 AND NOT a.attisdropped
                  AND a.attname IN ('period_start', 'numerator', 'denominator', 'service_line')
    LOOP
        IF (col.attname = 'period_start' AND col.atttypid <> 'date'::regtype)
           OR (col.attname = 'service_line' AND col.atttypid <> 'text'::regtype)
           OR (col.attname IN ('numerator', 'denominator')
               AND col.atttypid NOT IN ('numeric'::regtype, 'integer'::regtype, 'bigint'::regtype, 'smallint'::regtype)) THEN
            RAISE EXCEPTION 'column % of measure source % has type %', col.attname, source, format_type(col.atttypid, NULL)
                USING ERRCODE = 'datatype_mismatch',
                      HINT = 'period_start must be a date; numerator and denominator numeric or integer; service_line, if there is one, text.';
        END IF;
    END LOOP;
    IF NOT has_table_privilege(source, 'SELECT') THEN
        RAISE EXCEPTION 'you (%) may not read measure source %', quote_ident(current_user), source
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'A source is read with the rights of the role that registers it.';
    END IF;
    UPDATE scorecard.measure m
       SET source = (SELECT format('%I.%I', n.nspname, c.relname)
                       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                      WHERE c.oid = register_measure_source.source),
           source_grain = register_measure_source.period_grain,
           source_owner = current_user
     WHERE m.name = register_measure_source.measure_name;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown measure %', quote_literal(measure_name)
            USING ERRCODE = 'foreign_key_violation';
    END IF;
END
$$;
COMMENT ON FUNCTION scorecard.register_measure_source(text, regclass, text) IS
    'Defines a measure by a query: source is a view or table returning period_start date, numerator, denominator (one row per period of the grain; or, with a service_line text column, one per period and line: a measure in a unit with a service line reads its line''s rows, any other measure the sum of a period''s rows). The caller becomes the source''s owner: refresh_measures reads it with the caller''s rights. Refused (42501) for a role that may not write the scorecard or read the source, and for a source without those columns and types.';

CREATE OR REPLACE FUNCTION scorecard.refresh_measures(measure_name text DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    m record;
    parts text[];
    caller_role text := current_setting('role');
    starts date[];
    nums numeric[];
    dens numeric[];
    rows integer;
    total integer := 0;
    line text;
    by_line boolean;
BEGIN
    FOR m IN SELECT * FROM scorecard.measure
              WHERE source IS NOT NULL AND (measure_name IS NULL OR name = measure_name)
              ORDER BY measure_id
    LOOP
        BEGIN
            parts := parse_ident(m.source);
        EXCEPTION WHEN invalid_parameter_value THEN
            parts := NULL;
        END;
        IF parts IS NULL OR cardinality(parts) <> 2 THEN
            RAISE EXCEPTION 'the source % of measure % is not schema.relation; it is not read', quote_literal(m.source), quote_literal(m.name)
                USING ERRCODE = 'invalid_name',
                      HINT = 'Register it again with scorecard.register_measure_source.';
        END IF;
        IF NOT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = m.source_owner) THEN
            RAISE EXCEPTION 'the source of measure % belongs to role %, which does not exist', quote_literal(m.name), quote_ident(m.source_owner)
                USING ERRCODE = 'undefined_object',
                      HINT = 'Register the source again as the role that should read it.';
        END IF;
        IF NOT pg_has_role(current_user, m.source_owner, 'MEMBER') THEN
            RAISE EXCEPTION 'the source of measure % is read with the rights of role %, of which % is not a member',
                            quote_literal(m.name), quote_ident(m.source_owner), quote_ident(current_user)
                USING ERRCODE = 'insufficient_privilege',
                      HINT = 'Refresh it as that role (or a member of it).';
        END IF;
        SELECT u.service_line INTO line FROM scorecard.org_unit u WHERE u.name = m.org_unit;
        -- Read the source as its owner, then write as the caller.
        PERFORM set_config('role', m.source_owner, true);
        IF to_regclass(format('%I.%I', parts[1], parts[2])) IS NULL THEN
            RAISE EXCEPTION 'the source % of measure % no longer exists', m.source, quote_literal(m.name)
                USING ERRCODE = 'undefined_table';
        END IF;
        -- A source with a service_line column has a row per period and line:
        -- a measure of a unit that is a service line reads its line's rows,
        -- any other the sum of each period's. The line is a parameter.
        by_line := EXISTS (SELECT 1 FROM pg_attribute a
                            WHERE a.attrelid = format('%I.%I', parts[1], parts[2])::regclass
                              AND a.attname = 'service_line' AND a.attnum > 0 AND NOT a.attisdropped);
        IF line IS NOT NULL AND NOT by_line THEN
            RAISE EXCEPTION 'measure % is on the scorecard of service line %, but its source % has no service_line column',
                            quote_literal(m.name), quote_literal(line), m.source
                USING ERRCODE = 'invalid_table_definition',
                      HINT = 'Give the source a service_line column, or put the measure on a unit without a service line.';
        END IF;
        IF by_line THEN
            EXECUTE format('SELECT array_agg(s.period_start ORDER BY s.period_start), array_agg(s.numerator ORDER BY s.period_start),
                                   array_agg(s.denominator ORDER BY s.period_start)
                              FROM (SELECT r.period_start, sum(r.numerator)::numeric AS numerator, sum(r.denominator)::numeric AS denominator
                                      FROM %I.%I AS r WHERE $1 IS NULL OR r.service_line = $1
                                     GROUP BY r.period_start) AS s', parts[1], parts[2])
               INTO starts, nums, dens
              USING line;
        ELSE
            EXECUTE format('SELECT array_agg(s.period_start ORDER BY s.period_start), array_agg(s.numerator::numeric ORDER BY s.period_start),
                                   array_agg(s.denominator::numeric ORDER BY s.period_start) FROM %I.%I AS s', parts[1], parts[2])
               INTO starts, nums, dens;
        END IF;
        PERFORM set_config('role', caller_role, true);
        INSERT INTO scorecard.observation AS o (measure_id, period_grain, period_start, numerator, denominator, note)
        SELECT m.measure_id, m.source_grain, r.period_start, r.numerator, r.denominator, 'computed from ' || m.source
          FROM unnest(starts, nums, dens) AS r(period_start, numerator, denominator)
        ON CONFLICT (measure_id, period_grain, period_start) DO UPDATE
           SET numerator = EXCLUDED.numerator, denominator = EXCLUDED.denominator, value = NULL,
               recorded_at = now(), note = EXCLUDED.note
         WHERE o.numerator IS DISTINCT FROM EXCLUDED.numerator OR o.denominator IS DISTINCT FROM EXCLUDED.denominator;
        GET DIAGNOSTICS rows = ROW_COUNT;
        total := total + rows;
    END LOOP;
    RETURN total;
END
$$;
COMMENT ON FUNCTION scorecard.refresh_measures(text) IS
    'Writes the observations of every measure with a registered source (or of one), from the source''s rows (a source with a service_line column: the rows of the line of the measure''s unit, else each period''s sum), read with the rights of the source''s owner (the role that registered it; the caller must be a member of it, 42501 otherwise): new periods are added, changed ones updated, unchanged ones left alone; returns the rows written. The same checks as hand-entered observations apply, and a bad row writes nothing. Schedule it (e.g. nightly with pg_cron) to keep the scorecard current.';

CREATE POLICY service_line_access ON scorecard.org_unit
    USING (service_line IS NULL OR (SELECT scorecard.visible_service_lines()) IS NULL
           OR service_line = ANY (CAST((SELECT scorecard.visible_service_lines()) AS text[])));
ALTER TABLE scorecard.org_unit ENABLE ROW LEVEL SECURITY;


-- ---------------------------------------------------------------------
-- Warehouse scale (issue: every view and report fast on a million
-- services a year). Indexes the as-of reports need; the A/R reports read
-- the claims open on a date from each claim's settled totals
-- (scorecard.open_claims_as_of) instead of every posting ever made; every
-- month end's A/R in one pass (scorecard.ar_month_ends) instead of one
-- recomputation per month; grouped joins instead of a search per row in
-- service_line_metrics and finance_placement_outcomes. No table changes;
-- the results are the same.
-- ---------------------------------------------------------------------
CREATE INDEX IF NOT EXISTS payment_posted_on_idx ON scorecard.payment (posted_on);
CREATE INDEX IF NOT EXISTS adjustment_adjusted_on_idx ON scorecard.adjustment (adjusted_on);

CREATE OR REPLACE FUNCTION scorecard.open_claims_as_of(as_of date)
RETURNS TABLE (claim_id text, payer_id text, payer_type text, beneficiary_id text, status text,
               service_from date, bill_date date, due_date date, amount numeric, paid numeric,
               adjusted numeric, balance numeric)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH later AS (
        SELECT l.claim_id, sum(l.paid) AS paid, sum(l.adjusted) AS adjusted
          FROM (SELECT y.claim_id, y.amount AS paid, 0 AS adjusted
                  FROM scorecard.payment y
                 WHERE y.claim_id IS NOT NULL
                   AND (y.posted_on > open_claims_as_of.as_of OR y.posted_on IS NULL)
                UNION ALL
                SELECT a.claim_id, 0, a.amount
                  FROM scorecard.adjustment a
                 WHERE a.adjusted_on > open_claims_as_of.as_of) AS l
         GROUP BY l.claim_id
    )
    SELECT c.claim_id, c.payer_id, p.payer_type, c.beneficiary_id, c.status, c.service_from, c.bill_date,
           coalesce(c.due_date, c.bill_date + p.payment_terms_days),
           c.amount, c.paid_amount, c.adjusted_amount, c.amount - c.paid_amount - c.adjusted_amount
      FROM scorecard.claim c
      JOIN scorecard.payer p ON p.payer_id = c.payer_id
     WHERE c.amount <> c.paid_amount + c.adjusted_amount
       AND c.bill_date <= open_claims_as_of.as_of
       AND NOT EXISTS (SELECT 1 FROM later l WHERE l.claim_id = c.claim_id)
    UNION ALL
    SELECT b.claim_id, b.payer_id, b.payer_type, b.beneficiary_id, b.status, b.service_from, b.bill_date,
           b.due_date, b.amount, b.paid, b.adjusted, b.amount - b.paid - b.adjusted
      FROM (SELECT c.claim_id, c.payer_id, p.payer_type, c.beneficiary_id, c.status, c.service_from, c.bill_date,
                   coalesce(c.due_date, c.bill_date + p.payment_terms_days) AS due_date, c.amount,
                   c.paid_amount - l.paid AS paid, c.adjusted_amount - l.adjusted AS adjusted
              FROM later l
              JOIN scorecard.claim c ON c.claim_id = l.claim_id
              JOIN scorecard.payer p ON p.payer_id = c.payer_id
             WHERE c.bill_date <= open_claims_as_of.as_of) AS b
     WHERE b.amount - b.paid - b.adjusted <> 0;
END;
COMMENT ON FUNCTION scorecard.open_claims_as_of(date) IS
    'The claims billed by as_of with an open balance on that date, as scorecard.claim_balances_as_of(as_of) WHERE balance <> 0 gives them, read from each claim''s settled totals and the postings made after as_of: fast for recent dates. The A/R reports use it.';

CREATE OR REPLACE FUNCTION scorecard.ar_aging_by_payer_as_of(as_of date, age_basis text DEFAULT 'bill_date')
RETURNS TABLE (as_of_date date, aged_from text, payer_id text, payer_name text, payer_type text,
               days_0_30 numeric, days_31_60 numeric, days_61_90 numeric, days_91_120 numeric,
               days_over_120 numeric, total numeric, over_90_share numeric, not_yet_due numeric,
               open_claims bigint)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT ar_aging_by_payer_as_of.as_of, ar_aging_by_payer_as_of.age_basis, p.payer_id, p.name, p.payer_type,
           (a.r).buckets[1], (a.r).buckets[2], (a.r).buckets[3], (a.r).buckets[4], (a.r).buckets[5],
           (a.r).receivable,
           round(((a.r).buckets[4] + (a.r).buckets[5]) / NULLIF((a.r).receivable, 0), 4),
           (a.r).after_as_of, a.items
      FROM (SELECT b.payer_id,
                   scorecard.ar_aging(b.balance,
                                      scorecard.aging_date(ar_aging_by_payer_as_of.age_basis, b.service_from, b.bill_date, b.due_date),
                                      ar_aging_by_payer_as_of.as_of) AS r,
                   count(*) AS items
              FROM scorecard.open_claims_as_of(ar_aging_by_payer_as_of.as_of) AS b
             GROUP BY b.payer_id) AS a
      JOIN scorecard.payer p ON p.payer_id = a.payer_id
     ORDER BY (a.r).receivable DESC, p.payer_id;
END;
COMMENT ON FUNCTION scorecard.ar_aging_by_payer_as_of(date, text) IS
    'Report 1, wide: open A/R by payer on as_of, aged from the bill date (or ''service_date'', ''due_date''), in the default buckets, with the total, the share over 90 days, and what is not yet due (due-date aging only).';

CREATE OR REPLACE FUNCTION scorecard.ar_aging_by_payer_long_as_of(as_of date, age_basis text DEFAULT 'bill_date',
                                                       bucket_edges integer[] DEFAULT '{30,60,90,120}')
RETURNS TABLE (as_of_date date, aged_from text, payer_id text, payer_name text, payer_type text,
               bucket integer, bucket_label text, min_days integer, max_days integer, amount numeric)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT ar_aging_by_payer_long_as_of.as_of, ar_aging_by_payer_long_as_of.age_basis, p.payer_id, p.name,
           p.payer_type, k.bucket, k.label, k.min_days, k.max_days, (a.r).buckets[k.bucket]
      FROM (SELECT b.payer_id,
                   scorecard.ar_aging(b.balance,
                                      scorecard.aging_date(ar_aging_by_payer_long_as_of.age_basis, b.service_from, b.bill_date, b.due_date),
                                      ar_aging_by_payer_long_as_of.as_of,
                                      ar_aging_by_payer_long_as_of.bucket_edges) AS r
              FROM scorecard.open_claims_as_of(ar_aging_by_payer_long_as_of.as_of) AS b
             GROUP BY b.payer_id) AS a
      JOIN scorecard.payer p ON p.payer_id = a.payer_id
     CROSS JOIN scorecard.aging_buckets(ar_aging_by_payer_long_as_of.bucket_edges) AS k
     ORDER BY p.payer_id, k.bucket;
END;
COMMENT ON FUNCTION scorecard.ar_aging_by_payer_long_as_of(date, text, integer[]) IS
    'Report 1, long: one row per payer and bucket, for any as_of, age basis and list of bucket edges.';

CREATE OR REPLACE FUNCTION scorecard.self_pay_delinquency_as_of(as_of date, days_overdue integer DEFAULT 30)
RETURNS TABLE (beneficiary_id text, claim_id text, payer_id text, service_from date, bill_date date,
               due_date date, balance numeric, overdue_days integer)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT b.beneficiary_id, b.claim_id, b.payer_id, b.service_from, b.bill_date, b.due_date, b.balance,
           self_pay_delinquency_as_of.as_of - b.due_date
      FROM scorecard.open_claims_as_of(self_pay_delinquency_as_of.as_of) AS b
     WHERE b.payer_type = 'self-pay'
       AND b.balance > 0
       AND self_pay_delinquency_as_of.as_of - b.due_date > self_pay_delinquency_as_of.days_overdue
     ORDER BY self_pay_delinquency_as_of.as_of - b.due_date DESC, b.claim_id;
END;
COMMENT ON FUNCTION scorecard.self_pay_delinquency_as_of(date, integer) IS
    'Report 5: self-pay claims with an open balance more than days_overdue (30) days past due on as_of, most overdue first.';

CREATE OR REPLACE FUNCTION scorecard.snapshot_ar_aging(as_of date DEFAULT scorecard.today(), age_basis text DEFAULT 'bill_date')
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    written integer;
BEGIN
    -- An upsert, so two sessions taking the same day's snapshot both
    -- succeed (the later one's figures stay); rows of payers and buckets
    -- this snapshot no longer has go.
    -- One aging per payer (as scorecard.ar_aging_by_payer_long_as_of and
    -- the wide report's not_yet_due have it), read once.
    WITH aged AS (
        SELECT b.payer_id,
               scorecard.ar_aging(b.balance, scorecard.aging_date(snapshot_ar_aging.age_basis, b.service_from, b.bill_date, b.due_date),
                                  snapshot_ar_aging.as_of) AS r
          FROM scorecard.open_claims_as_of(snapshot_ar_aging.as_of) AS b
         GROUP BY b.payer_id
    ), snap AS (
        SELECT a.payer_id, k.bucket, k.label AS bucket_label, (a.r).buckets[k.bucket] AS amount
          FROM aged a CROSS JOIN scorecard.aging_buckets('{30,60,90,120}') AS k
        UNION ALL
        SELECT a.payer_id, 0, 'not yet due', (a.r).after_as_of
          FROM aged a
         WHERE (a.r).after_as_of <> 0
    ), upserted AS (
        INSERT INTO scorecard.ar_aging_history AS h (as_of, age_basis, payer_id, bucket, bucket_label, amount)
        SELECT snapshot_ar_aging.as_of, snapshot_ar_aging.age_basis, n.payer_id, n.bucket, n.bucket_label, n.amount
          FROM snap n
        ON CONFLICT ON CONSTRAINT ar_aging_history_pkey DO UPDATE
           SET bucket_label = EXCLUDED.bucket_label, amount = EXCLUDED.amount, taken_at = EXCLUDED.taken_at
        RETURNING 1
    ), removed AS (
        DELETE FROM scorecard.ar_aging_history h
         WHERE h.as_of = snapshot_ar_aging.as_of AND h.age_basis = snapshot_ar_aging.age_basis
           AND NOT EXISTS (SELECT 1 FROM snap n WHERE n.payer_id = h.payer_id AND n.bucket = h.bucket)
        RETURNING 1
    )
    SELECT count(*) INTO written FROM upserted;
    RETURN written;
END
$$;
COMMENT ON FUNCTION scorecard.snapshot_ar_aging(date, text) IS
    'Writes the A/R aging by payer of as_of (default today) into scorecard.ar_aging_history, replacing an earlier snapshot of the same date and basis; returns the rows written. Schedule it weekly, e.g. with pg_cron: SELECT cron.schedule(''ar-aging'', ''0 6 * * 1'', $$SELECT scorecard.snapshot_ar_aging()$$).';




CREATE OR REPLACE FUNCTION scorecard.ar_over_90_by_payer_type_as_of(as_of date)
RETURNS TABLE (payer_type text, billed_ar numeric, ar_over_90 numeric, over_90_share numeric)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT a.payer_type, (a.r).receivable, (a.r).buckets[4] + (a.r).buckets[5],
           round(((a.r).buckets[4] + (a.r).buckets[5]) / NULLIF((a.r).receivable, 0), 4)
      FROM (SELECT b.payer_type, scorecard.ar_aging(b.balance, b.bill_date, ar_over_90_by_payer_type_as_of.as_of) AS r
              FROM scorecard.open_claims_as_of(ar_over_90_by_payer_type_as_of.as_of) AS b
             GROUP BY b.payer_type) AS a
     ORDER BY a.payer_type;
END;
COMMENT ON FUNCTION scorecard.ar_over_90_by_payer_type_as_of(date) IS
    'Aged A/R over 90 days (from the bill date) as a share of billed A/R, per payer type, on as_of.';

CREATE OR REPLACE FUNCTION scorecard.ar_month_ends(age_basis text DEFAULT 'service_date')
RETURNS TABLE (period_start date, net_ar numeric, ar_over_90 numeric)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    -- An unknown basis is refused (22023) even when there are no claims.
    SELECT scorecard.aging_date(ar_month_ends.age_basis, NULL::date, NULL::date, NULL::date);
    -- (Months as date_trunc of a timestamp without time zone: the same
    -- first day as through timestamptz, without the time-zone work.)
    WITH claims AS NOT MATERIALIZED (
        SELECT c.claim_id, c.amount,
               date_trunc('month', c.bill_date::timestamp) AS bill_month,
               date_trunc('month', (CASE ar_month_ends.age_basis
                                        WHEN 'service_date' THEN c.service_from
                                        WHEN 'bill_date' THEN c.bill_date
                                        ELSE coalesce(c.due_date, c.bill_date + p.payment_terms_days)
                                    END + 91)::timestamp) AS aged_91_month
          FROM scorecard.claim c
          JOIN scorecard.payer p ON p.payer_id = c.payer_id
         WHERE c.bill_date IS NOT NULL
    ), moves AS (
        SELECT k.bill_month::date AS open_from, greatest(k.bill_month, k.aged_91_month)::date AS over_90_from,
               k.amount, 1 AS bills
          FROM claims k
        UNION ALL
        SELECT greatest(date_trunc('month', x.posted_on::timestamp), k.bill_month)::date,
               greatest(date_trunc('month', x.posted_on::timestamp), k.bill_month, k.aged_91_month)::date,
               -x.amount, 0
          FROM (SELECT y.claim_id, y.posted_on, y.amount FROM scorecard.payment y WHERE y.posted_on IS NOT NULL
                UNION ALL
                SELECT a.claim_id, a.adjusted_on, a.amount FROM scorecard.adjustment a) AS x
          JOIN claims k ON k.claim_id = x.claim_id
    ), grouped AS (
        SELECT m.open_from, m.over_90_from, sum(m.amount) AS amount, sum(m.bills) AS bills
          FROM moves m GROUP BY m.open_from, m.over_90_from
    ), per_month AS (
        SELECT x.month, sum(x.net) AS net, sum(x.over_90) AS over_90, sum(x.bills) AS bills
          FROM (SELECT g.open_from AS month, g.amount AS net, 0 AS over_90, g.bills FROM grouped g
                UNION ALL
                SELECT g.over_90_from, 0, g.amount, 0 FROM grouped g) AS x
         GROUP BY x.month
    )
    SELECT r.month, r.net_ar, r.ar_over_90
      FROM (SELECT p.month, p.bills, sum(p.net) OVER w AS net_ar, sum(p.over_90) OVER w AS ar_over_90
              FROM per_month p WINDOW w AS (ORDER BY p.month)) AS r
     WHERE r.bills > 0;
END;
COMMENT ON FUNCTION scorecard.ar_month_ends(text) IS
    'Open A/R at the end of every month with billing: net A/R (amounts billed by then less payments posted and adjustments made by then) and the part over 90 days old, aged from the date of service (age_basis ''service_date'', HFMA MAP''s default), the bill date or the due date, as scorecard.claim_balances_as_of(month end) sums them, in one pass over claims, payments and adjustments.';










CREATE OR REPLACE VIEW scorecard.revenue_ar_over_90 WITH (security_invoker = true) AS
SELECT r.period_start, r.ar_over_90 AS numerator, r.net_ar AS denominator
  FROM scorecard.ar_month_ends() AS r
 WHERE r.net_ar > 0;
COMMENT ON VIEW scorecard.revenue_ar_over_90 IS
    'Share of billed A/R over 90 days from the date of service (HFMA MAP) at month end (lower is better; unit ''ratio'') as a measure source: the ar_over_90_share KPI of scorecard.revenue_cycle_kpis unrounded. Months without open billed A/R are left out.';

COMMENT ON COLUMN scorecard.revenue_ar_over_90.period_start IS 'Month.';
COMMENT ON COLUMN scorecard.revenue_ar_over_90.numerator IS 'Open billed A/R over 90 days from the date of service at month end.';
COMMENT ON COLUMN scorecard.revenue_ar_over_90.denominator IS 'Open billed A/R at month end.';

CREATE OR REPLACE VIEW scorecard.finance_placement_outcomes WITH (security_invoker = true) AS
WITH high AS (
    SELECT s.stay_id, s.admitted_on, s.discharged_on
      FROM scorecard.stay s JOIN scorecard.acuity_level l ON l.acuity_level = s.acuity_level
     WHERE l.high_acuity
), months AS (
    SELECT date_trunc('month', h.admitted_on)::date AS period_start, count(*) AS placements
      FROM high h GROUP BY 1
), discharges AS (
    SELECT date_trunc('month', h.discharged_on)::date AS period_start, count(*) AS n
      FROM high h WHERE h.discharged_on IS NOT NULL GROUP BY 1
), readmissions AS (
    SELECT date_trunc('month', r.admitted_on)::date AS period_start, count(*) AS n
      FROM scorecard.stay r JOIN high h ON h.stay_id = r.readmission_of GROUP BY 1
)
SELECT m.period_start,
       (coalesce(d.n, 0) - coalesce(r.n, 0))::numeric AS numerator,
       m.placements::numeric AS denominator
  FROM months m
  LEFT JOIN discharges d ON d.period_start = m.period_start
  LEFT JOIN readmissions r ON r.period_start = m.period_start;
COMMENT ON VIEW scorecard.finance_placement_outcomes IS
    'Finance measure 4 (Reduce Placement Costs): (discharges from high-acuity placements - readmissions after them) / high-acuity placements, by month (placements by admission month).';

CREATE OR REPLACE VIEW scorecard.service_line_metrics WITH (security_invoker = true) AS
WITH pnl AS (
    -- Read twice below, computed once.
    SELECT p.period_start, p.service_line, p.patients, p.encounters, p.total_cost FROM scorecard.service_line_pnl p
), reimbursed AS (
    -- Payments received per patient and month, on any of the patient's
    -- claims: one grouped join, not a search per patient and month.
    SELECT c.beneficiary_id, date_trunc('month', y.received_on)::date AS period_start, sum(y.amount) AS amount
      FROM scorecard.payment y JOIN scorecard.claim c ON c.claim_id = y.claim_id
     GROUP BY 1, 2
), patient_month AS (
    -- Each patient's charges, payments and outcome in the month, within
    -- the patient's own service line.
    SELECT date_trunc('month', s.service_at)::date AS period_start, b.service_line, s.beneficiary_id,
           sum(s.charge) AS charges
      FROM scorecard.service s
      JOIN scorecard.patient_factory b
        ON b.beneficiary_id = s.beneficiary_id
       AND (b.valid_from IS NULL OR s.service_at >= b.valid_from)
       AND (b.valid_until IS NULL OR s.service_at < b.valid_until)
     GROUP BY 1, 2, 3
), costed AS (
    -- Cost per patient: the line's total cost of the month shared by
    -- charges, to the cent.
    SELECT pm.*, round(p.total_cost * pm.charges / NULLIF(sum(pm.charges) OVER (PARTITION BY pm.period_start, pm.service_line), 0), 2) AS cost,
           coalesce(r.amount, 0) AS reimbursement,
           o.outcome
      FROM patient_month pm
      JOIN pnl p ON p.period_start = pm.period_start AND p.service_line = pm.service_line
      LEFT JOIN reimbursed r ON r.beneficiary_id = pm.beneficiary_id AND r.period_start = pm.period_start
      LEFT JOIN scorecard.outcome o ON o.beneficiary_id = pm.beneficiary_id AND o.period_start = pm.period_start
), per_line AS (
    SELECT c.period_start, c.service_line,
           max(c.cost) AS max_cost_per_patient,
           max(c.reimbursement) AS max_reimbursement_per_patient,
           scorecard.value_of_service(c.outcome, c.cost) AS v
      FROM costed c
     GROUP BY c.period_start, c.service_line
), stays AS (
    SELECT date_trunc('month', st.discharged_on)::date AS period_start, b.service_line,
           avg(st.discharged_on - st.admitted_on) AS avg_los,
           pg_catalog.trim_scale(
               (percentile_disc(0.5) WITHIN GROUP (ORDER BY st.discharged_on - st.admitted_on)
                + percentile_disc(0.5) WITHIN GROUP (ORDER BY st.discharged_on - st.admitted_on DESC))::numeric / 2) AS median_los,
           count(*) AS discharges
      FROM scorecard.stay st
      JOIN scorecard.patient_factory b
        ON b.beneficiary_id = st.beneficiary_id
       AND (b.valid_from IS NULL OR st.admitted_on >= b.valid_from)
       AND (b.valid_until IS NULL OR st.admitted_on < b.valid_until)
     WHERE st.discharged_on IS NOT NULL
     GROUP BY 1, 2
), readmits AS (
    SELECT date_trunc('month', st.admitted_on)::date AS period_start, b.service_line, count(*) AS readmissions
      FROM scorecard.stay st
      JOIN scorecard.patient_factory b
        ON b.beneficiary_id = st.beneficiary_id
       AND (b.valid_from IS NULL OR st.admitted_on >= b.valid_from)
       AND (b.valid_until IS NULL OR st.admitted_on < b.valid_until)
     WHERE st.readmission_of IS NOT NULL
     GROUP BY 1, 2
)
SELECT p.period_start,
       'month'::text AS period_grain,
       p.service_line,
       p.patients,
       p.encounters,
       round(p.total_cost / NULLIF(p.patients, 0), 2) AS avg_cost_per_patient,
       round(s.avg_los, 2) AS avg_los_days,
       s.median_los AS median_los_days,
       coalesce(s.discharges, 0) AS discharges,
       coalesce(r.readmissions, 0) AS readmissions,
       l.max_cost_per_patient,
       l.max_reimbursement_per_patient,
       round((l.v).outcome_per_dollar, 6) AS outcome_per_dollar,
       round((l.v).cost_cv, 4) AS cost_cv
  FROM pnl p
  LEFT JOIN per_line l ON l.period_start = p.period_start AND l.service_line = p.service_line
  LEFT JOIN stays s ON s.period_start = p.period_start AND s.service_line = p.service_line
  LEFT JOIN readmits r ON r.period_start = p.period_start AND r.service_line = p.service_line;
COMMENT ON VIEW scorecard.service_line_metrics IS
    'Product-line metrics per service line and month, for the line''s own patients: patients, encounters, average cost per patient, length of stay (mean and median of stays discharged), readmissions, the highest cost and reimbursement of one patient, and value of service (outcomes per dollar, coefficient of variation of cost per patient). Cost per patient shares the line''s total cost by the patient''s charges.';
COMMENT ON COLUMN scorecard.service_line_metrics.period_start IS 'First day of the month.';
COMMENT ON COLUMN scorecard.service_line_metrics.period_grain IS '''month''.';
COMMENT ON COLUMN scorecard.service_line_metrics.service_line IS 'Service line.';
COMMENT ON COLUMN scorecard.service_line_metrics.patients IS 'Patients of the line served in the month.';
COMMENT ON COLUMN scorecard.service_line_metrics.encounters IS 'Their services.';
COMMENT ON COLUMN scorecard.service_line_metrics.avg_cost_per_patient IS 'Total cost / patients.';
COMMENT ON COLUMN scorecard.service_line_metrics.avg_los_days IS 'Mean length of stay (days) of the line''s patients'' stays discharged in the month.';
COMMENT ON COLUMN scorecard.service_line_metrics.median_los_days IS 'Median length of stay (days), exact (the mean of the two middle stays for an even count).';
COMMENT ON COLUMN scorecard.service_line_metrics.discharges IS 'Stays discharged in the month.';
COMMENT ON COLUMN scorecard.service_line_metrics.readmissions IS 'Readmissions admitted in the month.';
COMMENT ON COLUMN scorecard.service_line_metrics.max_cost_per_patient IS 'Highest cost of one patient (line cost shared by charges).';
COMMENT ON COLUMN scorecard.service_line_metrics.max_reimbursement_per_patient IS 'Highest payments received in the month for one patient.';
COMMENT ON COLUMN scorecard.service_line_metrics.outcome_per_dollar IS 'Value of service: outcomes achieved / cost, over patients with a recorded outcome (scorecard.value_of_service).';
COMMENT ON COLUMN scorecard.service_line_metrics.cost_cv IS 'Coefficient of variation of cost per patient: value rises as it falls.';




-- The aggregate ar_aging's transition function is now called through the
-- bare fmgr interface (ar_aging_trans_v1: arguments read in place, no
-- pgrx argument boxing); same signatures, same results, same errors.
CREATE OR REPLACE FUNCTION scorecard.ar_aging_trans(state internal, amount numeric, aged_from date, as_of date, bucket_edges integer[]) RETURNS internal
IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'ar_aging_trans_v1';
CREATE OR REPLACE FUNCTION scorecard.ar_aging_trans(state internal, amount numeric, aged_from date, as_of date) RETURNS internal
IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'ar_aging_trans_v1';

-- ---------------------------------------------------------------------
-- The as-of-today views are as of scorecard.today() (defined above); late
-- entries are judged as of the end of their window.
-- ---------------------------------------------------------------------
CREATE OR REPLACE FUNCTION scorecard.late_entries_between(from_date date, to_date date)
RETURNS TABLE (service_id text, service_date date, beneficiary_id text, clinician_id text,
               clinician_name text, service_line text, service_at timestamptz, documented_at timestamptz,
               hours_to_document numeric, documented boolean)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    -- Judged as of the end of the window (scorecard.report_time): a service
    -- is late once 24 hours have passed by then without its note, and a
    -- note entered after then is not known to the report (still missing).
    SELECT s.service_id, s.service_at::date, s.beneficiary_id, s.clinician_id, c.name,
           coalesce(s.service_line, b.service_line), s.service_at, k.documented_at,
           round(extract(epoch FROM k.documented_at - s.service_at) / 3600, 2),
           k.documented_at IS NOT NULL
      FROM scorecard.service s
      JOIN scorecard.patient_factory b
        ON b.beneficiary_id = s.beneficiary_id
       AND (b.valid_from IS NULL OR s.service_at >= b.valid_from)
       AND (b.valid_until IS NULL OR s.service_at < b.valid_until)
      LEFT JOIN scorecard.clinician c ON c.clinician_id = s.clinician_id
     CROSS JOIN LATERAL (SELECT scorecard.report_time(late_entries_between.to_date - 1) AS at) AS r
     CROSS JOIN LATERAL (SELECT CASE WHEN s.documented_at <= r.at THEN s.documented_at END AS documented_at) AS k
     WHERE s.service_at >= late_entries_between.from_date
       AND s.service_at < late_entries_between.to_date
       AND s.service_at + interval '24 hours' <= r.at
       AND (s.documented_at IS NULL OR s.documented_at > s.service_at + interval '24 hours')
     ORDER BY s.service_at, s.service_id;
END;
COMMENT ON FUNCTION scorecard.late_entries_between(date, date) IS
    'Report 4: services delivered in [from_date, to_date) whose documentation was not entered within 24 hours (entered late, or still missing), with the hours it took, as of the end of the window (scorecard.report_time(to_date - 1)): services not yet 24 hours old then are not judged, and notes entered after then count as missing.';

CREATE OR REPLACE VIEW scorecard.ar_aging_by_payer WITH (security_invoker = true) AS
SELECT a.as_of_date, a.aged_from, a.payer_id, a.payer_name, a.payer_type, a.days_0_30, a.days_31_60,
       a.days_61_90, a.days_91_120, a.days_over_120, a.total, a.over_90_share, a.not_yet_due, a.open_claims
  FROM scorecard.ar_aging_by_payer_as_of(scorecard.today(), 'bill_date') AS a;
COMMENT ON VIEW scorecard.ar_aging_by_payer IS
    'Report 1: open A/R by payer as of today, aged from the bill date, one column per default bucket. For another date or basis: scorecard.ar_aging_by_payer_as_of(as_of, age_basis).';

CREATE OR REPLACE VIEW scorecard.ar_aging_by_payer_long WITH (security_invoker = true) AS
SELECT a.as_of_date, a.aged_from, a.payer_id, a.payer_name, a.payer_type, a.bucket, a.bucket_label,
       a.min_days, a.max_days, a.amount
  FROM scorecard.ar_aging_by_payer_long_as_of(scorecard.today(), 'bill_date', '{30,60,90,120}') AS a;
COMMENT ON VIEW scorecard.ar_aging_by_payer_long IS
    'Report 1, long: open A/R as of today by payer and default bucket (aged from the bill date), one row each.';

CREATE OR REPLACE VIEW scorecard.claim_errors WITH (security_invoker = true) AS
SELECT (scorecard.today() - 7) AS from_date, scorecard.today() AS to_date, e.kind, e.reason, e.claims, e.amount,
       e.share_of_claims, e.share_of_amount
  FROM scorecard.claim_errors_between(scorecard.today() - 7, scorecard.today()) AS e;
COMMENT ON VIEW scorecard.claim_errors IS
    'Report 2 for the last 7 days: billing edits and claims denials by error, counts and amounts. Any window: scorecard.claim_errors_between.';

CREATE OR REPLACE VIEW scorecard.write_offs WITH (security_invoker = true) AS
SELECT (scorecard.today() - 7) AS from_date, scorecard.today() AS to_date, w.kind, w.reason, w.adjustments, w.amount,
       w.share_of_amount
  FROM scorecard.write_offs_between(scorecard.today() - 7, scorecard.today()) AS w;
COMMENT ON VIEW scorecard.write_offs IS 'Report 2 for the last 7 days: write-offs and bad debt by reason. Any window: scorecard.write_offs_between.';

CREATE OR REPLACE VIEW scorecard.unposted_payments WITH (security_invoker = true) AS
SELECT u.payment_id, u.payer_id, u.payer_name, u.claim_id, u.received_on, u.amount, u.days_waiting
  FROM scorecard.unposted_payments_as_of(scorecard.today()) AS u;
COMMENT ON VIEW scorecard.unposted_payments IS 'Report 3: payments received but not yet posted, as of today.';

CREATE OR REPLACE VIEW scorecard.late_entries WITH (security_invoker = true) AS
SELECT l.service_id, l.service_date, l.beneficiary_id, l.clinician_id, l.clinician_name, l.service_line,
       l.documented_at::date AS documented_date, l.hours_to_document, l.documented
  FROM scorecard.late_entries_between(scorecard.today() - 6, scorecard.today() + 1) AS l;
COMMENT ON VIEW scorecard.late_entries IS 'Report 4 for the last 7 days: services without documentation entered within 24 hours. Any window: scorecard.late_entries_between.';

CREATE OR REPLACE VIEW scorecard.documentation_timeliness WITH (security_invoker = true) AS
SELECT date_trunc('week', s.service_at)::date AS week_start,
       count(*)::integer AS services,
       (count(*) FILTER (WHERE s.documented_at <= s.service_at + interval '4 hours'))::integer AS within_4_hours,
       round((count(*) FILTER (WHERE s.documented_at <= s.service_at + interval '4 hours'))::numeric / count(*), 4) AS within_4_hours_share,
       (count(*) FILTER (WHERE s.documented_at IS NULL OR s.documented_at > s.service_at + interval '24 hours'))::integer AS late_24_hours,
       round((count(*) FILTER (WHERE s.documented_at IS NULL OR s.documented_at > s.service_at + interval '24 hours'))::numeric / count(*), 4) AS late_24_hours_share,
       (count(*) FILTER (WHERE s.documented_at IS NULL OR s.documented_at > (SELECT scorecard.report_time(scorecard.today()))))::integer AS undocumented
  FROM scorecard.service s
 WHERE s.service_at + interval '24 hours' <= (SELECT scorecard.report_time(scorecard.today()))
 GROUP BY 1;
COMMENT ON VIEW scorecard.documentation_timeliness IS
    'Per ISO week of service: how many services were documented within the source''s 4-hour target, and how many not within 24 hours (late entries).';


CREATE OR REPLACE VIEW scorecard.self_pay_delinquency WITH (security_invoker = true) AS
SELECT d.beneficiary_id, d.claim_id, d.payer_id, d.service_from, d.bill_date, d.due_date, d.balance, d.overdue_days
  FROM scorecard.self_pay_delinquency_as_of(scorecard.today(), 30) AS d;
COMMENT ON VIEW scorecard.self_pay_delinquency IS 'Report 5: self-pay accounts overdue by more than 30 days, as of today.';

CREATE OR REPLACE VIEW scorecard.ar_over_90_by_payer_type WITH (security_invoker = true) AS
SELECT scorecard.today() AS as_of_date, a.payer_type, a.billed_ar, a.ar_over_90, a.over_90_share
  FROM scorecard.ar_over_90_by_payer_type_as_of(scorecard.today()) AS a;
COMMENT ON VIEW scorecard.ar_over_90_by_payer_type IS 'Aged A/R over 90 days as a share of billed A/R, per payer type, as of today.';


-- ---------------------------------------------------------------------
-- Expected reimbursement and accrual revenue: payer contract terms
-- (scorecard.payer_contract), each claim priced when billed
-- (claim.expected_amount, contract_id), charity as an adjustment kind,
-- accrual NPSR and net A/R (scorecard.net_patient_revenue), the HFMA MAP
-- keys on it, monthly rate reconciliation, the P&L on NPSR and break-even
-- on net reimbursement.
-- ---------------------------------------------------------------------
CREATE TABLE scorecard.payer_contract (
    contract_id    text PRIMARY KEY,
    payer_id       text NOT NULL REFERENCES scorecard.payer (payer_id) ON UPDATE CASCADE,
    service_line   text REFERENCES scorecard.service_line (service_line) ON UPDATE CASCADE,
    acuity_level   text REFERENCES scorecard.acuity_level (acuity_level) ON UPDATE CASCADE,
    method         text NOT NULL
        CONSTRAINT payer_contract_method_known CHECK (method IN ('fee schedule', 'per diem', 'case rate', 'percent of charges')),
    rate           numeric NOT NULL
        CONSTRAINT payer_contract_rate_in_range CHECK (rate >= 0 AND rate < 1e15),
    effective_from date NOT NULL
        CONSTRAINT payer_contract_effective_from_in_range CHECK (effective_from BETWEEN DATE '1900-01-01' AND DATE '2199-12-31'),
    effective_to   date
        CONSTRAINT payer_contract_effective_to_in_range CHECK (effective_to BETWEEN DATE '1900-01-01' AND DATE '2199-12-31'),
    description    text,
    requires_authorization boolean NOT NULL DEFAULT false,
    CONSTRAINT payer_contract_dates_in_order CHECK (effective_to >= effective_from),
    CONSTRAINT payer_contract_percent_is_fraction CHECK (method <> 'percent of charges' OR rate <= 1)
);
COMMENT ON TABLE scorecard.payer_contract IS
    'Payer contract terms, effective-dated: what a payer is expected to pay for a service line and/or acuity level (or for everything it is billed). A claim is priced by the most specific term in effect on its first date of service (line and level, then level, then line, then the payer''s catch-all); two terms for the same payer, line and level may not overlap in time.';
COMMENT ON COLUMN scorecard.payer_contract.contract_id IS 'Identifier of the term (e.g. ''MC-FFS 2016 OP'').';
COMMENT ON COLUMN scorecard.payer_contract.payer_id IS 'Payer.';
COMMENT ON COLUMN scorecard.payer_contract.service_line IS 'Service line the term prices (where the service was delivered); NULL: any line.';
COMMENT ON COLUMN scorecard.payer_contract.acuity_level IS 'Acuity level the term prices; NULL: any level.';
COMMENT ON COLUMN scorecard.payer_contract.method IS 'fee schedule (rate per unit of service), per diem (rate per day: the units of a per-diem service are days), case rate (rate per claim), or percent of charges (rate is a fraction of the amount billed).';
COMMENT ON COLUMN scorecard.payer_contract.rate IS 'Rate: dollars per unit, per day or per claim, or a fraction of charges (0 to 1).';
COMMENT ON COLUMN scorecard.payer_contract.effective_from IS 'First date of service the term applies to.';
COMMENT ON COLUMN scorecard.payer_contract.effective_to IS 'Last date of service it applies to; NULL: open-ended.';
COMMENT ON COLUMN scorecard.payer_contract.description IS 'Free text (contract name, amendment).';
COMMENT ON COLUMN scorecard.payer_contract.requires_authorization IS 'Services priced by this term need the payer''s prior authorization (scorecard.prior_authorization; the authorization rate of scorecard.patient_access).';

CREATE INDEX payer_contract_payer_idx ON scorecard.payer_contract (payer_id, effective_from);

-- Two terms for the same (payer, line, level) may not be in effect on the
-- same day. The check rewrites the payer's row (a no-op update) before it
-- looks: a concurrent writer of the same payer's terms waits, and under
-- REPEATABLE READ or SERIALIZABLE fails with 40001, instead of both
-- passing. (So a role that writes contracts needs UPDATE on payer.)
CREATE OR REPLACE FUNCTION scorecard.payer_contract_check()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    other text;
BEGIN
    UPDATE scorecard.payer p SET payer_id = p.payer_id WHERE p.payer_id = NEW.payer_id;
    SELECT k.contract_id INTO other
      FROM scorecard.payer_contract k
     WHERE k.contract_id <> NEW.contract_id
       AND k.payer_id = NEW.payer_id
       AND k.service_line IS NOT DISTINCT FROM NEW.service_line
       AND k.acuity_level IS NOT DISTINCT FROM NEW.acuity_level
       AND k.effective_from <= coalesce(NEW.effective_to, DATE '2199-12-31')
       AND coalesce(k.effective_to, DATE '2199-12-31') >= NEW.effective_from
     ORDER BY k.contract_id
     LIMIT 1;
    IF other IS NOT NULL THEN
        RAISE EXCEPTION 'contract term % overlaps term % for payer %, service line %, acuity level %',
            quote_literal(NEW.contract_id), quote_literal(other), quote_literal(NEW.payer_id),
            coalesce(quote_literal(NEW.service_line), 'any'), coalesce(quote_literal(NEW.acuity_level), 'any')
            USING ERRCODE = 'exclusion_violation',
                  HINT = 'End the earlier term (effective_to) the day before the new one starts.';
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION scorecard.payer_contract_check() IS
    'Trigger function: refuses (23P01) a payer contract term in effect on a day another term for the same payer, service line and acuity level is.';
CREATE OR REPLACE TRIGGER payer_contract_check AFTER INSERT OR UPDATE ON scorecard.payer_contract
    FOR EACH ROW EXECUTE FUNCTION scorecard.payer_contract_check();

SELECT pg_catalog.pg_extension_config_dump('scorecard.payer_contract', '');

ALTER TABLE scorecard.claim ADD COLUMN expected_amount numeric,
    ADD COLUMN contract_id text REFERENCES scorecard.payer_contract (contract_id) ON UPDATE CASCADE;
-- 0.1.0 had no contracts: every billed claim was expected to pay its
-- amount (NPSR then equals billed - adjustments, as 0.1.0 reported it).
UPDATE scorecard.claim SET expected_amount = amount WHERE bill_date IS NOT NULL;
ALTER TABLE scorecard.claim ADD CONSTRAINT claim_expected_within_amount
        CHECK (expected_amount = amount OR (expected_amount >= 0 AND expected_amount <= amount)),
    ADD CONSTRAINT claim_billed_is_priced CHECK (bill_date IS NULL OR expected_amount IS NOT NULL);
COMMENT ON COLUMN scorecard.claim.expected_amount IS 'Expected reimbursement, set when the claim is billed (scorecard.claim_price): from the contract term in effect (contract_id), never above the amount; the amount itself when no term applies (self-pay, no contract) and for a credit claim. Re-priced when the payer, service, first date of service or amount changes; a value written with the claim is kept (a billing system''s own expected amount, between 0 and the amount). amount - expected_amount is the contractual allowance, accrued when the claim is billed.';
COMMENT ON COLUMN scorecard.claim.contract_id IS 'The payer contract term that priced expected_amount; NULL when none did.';

ALTER TABLE scorecard.payment ADD COLUMN point_of_service boolean NOT NULL DEFAULT false;
COMMENT ON COLUMN scorecard.payment.point_of_service IS 'Collected from the patient at the point of service (at or before a visit, e.g. a self-pay balance at the next appointment), for HFMA MAP''s point-of-service collections; false for remittances and mailed payments.';

ALTER TABLE scorecard.adjustment DROP CONSTRAINT adjustment_kind_known,
    ADD CONSTRAINT adjustment_kind_known CHECK (kind IN ('contractual', 'write-off', 'bad debt', 'charity', 'refund', 'other'));
COMMENT ON COLUMN scorecard.adjustment.kind IS 'contractual (the payer''s allowance, already accrued at billing up to amount - expected_amount), write-off (e.g. a denial not recovered), bad debt, charity (care given free under the charity policy), refund, or other.';

CREATE OR REPLACE FUNCTION scorecard.claim_check()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    open_edit record;
BEGIN
    IF NEW.status NOT IN ('suspended', 'submitted', 'paid', 'denied', 'written off') THEN
        RAISE EXCEPTION 'unknown claim status %', quote_literal(NEW.status)
            USING ERRCODE = 'check_violation',
                  HINT = 'One of suspended, submitted, paid, denied, written off.';
    END IF;
    -- Priced when billed, and again when what the price depends on changes,
    -- unless the writer sets expected_amount itself.
    IF NEW.bill_date IS NOT NULL
       AND (NEW.expected_amount IS NULL
            OR (TG_OP = 'UPDATE' AND NEW.expected_amount IS NOT DISTINCT FROM OLD.expected_amount
                AND (NEW.amount, NEW.payer_id, NEW.service_id, NEW.service_from)
                    IS DISTINCT FROM (OLD.amount, OLD.payer_id, OLD.service_id, OLD.service_from))) THEN
        SELECT x.contract_id, x.expected_amount INTO NEW.contract_id, NEW.expected_amount
          FROM scorecard.claim_price(NEW.payer_id, NEW.service_id, NEW.service_from, NEW.amount) AS x;
    END IF;
    IF NOT (NEW.expected_amount = NEW.amount OR (NEW.expected_amount >= 0 AND NEW.expected_amount <= NEW.amount)) THEN
        RAISE EXCEPTION 'claim % cannot be expected to pay % on an amount of %', NEW.claim_id, NEW.expected_amount, NEW.amount
            USING ERRCODE = 'check_violation',
                  HINT = 'Expected reimbursement lies between 0 and the amount billed (equals it for a credit claim).';
    END IF;
    IF NEW.amount < 0 AND NEW.status NOT IN ('submitted', 'paid') THEN
        RAISE EXCEPTION 'claim % has a negative amount (%) but status %: only a submitted or paid credit claim may be negative',
            NEW.claim_id, NEW.amount, NEW.status
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.status = 'suspended' AND NEW.bill_date IS NOT NULL THEN
        RAISE EXCEPTION 'claim % is suspended but has a bill date', NEW.claim_id
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.status <> 'suspended' AND NEW.bill_date IS NULL THEN
        RAISE EXCEPTION 'claim % has status % but no bill date', NEW.claim_id, NEW.status
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.status = 'denied' AND NEW.denial_reason IS NULL THEN
        RAISE EXCEPTION 'denied claim % needs a denial reason', NEW.claim_id
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.bill_date < NEW.service_from THEN
        RAISE EXCEPTION 'claim % was billed (%) before its first date of service (%)', NEW.claim_id,
            scorecard.date_text(NEW.bill_date), scorecard.date_text(NEW.service_from)
            USING ERRCODE = 'check_violation';
    END IF;
    -- The totals are written by scorecard.settle_claims: from the posting
    -- triggers (depth > 1), or by hand to rebuild them, when each total it
    -- changes must equal the sum of the claim's rows.
    IF TG_OP = 'UPDATE' AND pg_trigger_depth() = 1
       AND ((NEW.paid_amount IS DISTINCT FROM OLD.paid_amount
             AND NEW.paid_amount IS DISTINCT FROM (SELECT coalesce(sum(p.amount), 0) FROM scorecard.payment p WHERE p.claim_id = NEW.claim_id))
            OR (NEW.adjusted_amount IS DISTINCT FROM OLD.adjusted_amount
                AND NEW.adjusted_amount IS DISTINCT FROM (SELECT coalesce(sum(a.amount), 0) FROM scorecard.adjustment a WHERE a.claim_id = NEW.claim_id))
            OR (NEW.first_paid_on IS DISTINCT FROM OLD.first_paid_on
                AND NEW.first_paid_on IS DISTINCT FROM (SELECT min(p.received_on) FROM scorecard.payment p WHERE p.claim_id = NEW.claim_id))) THEN
        RAISE EXCEPTION 'paid_amount, adjusted_amount and first_paid_on of claim % are kept by pg_scorecard from its payments and adjustments', NEW.claim_id
            USING ERRCODE = 'check_violation',
                  HINT = 'Post a payment or an adjustment instead; SELECT scorecard.settle_claims(ARRAY[claim_id], ''payment'') recomputes a total.';
    END IF;
    IF NEW.paid_amount + NEW.adjusted_amount > GREATEST(NEW.amount, 0) THEN
        RAISE EXCEPTION 'claim % cannot be billed at %: payments % and adjustments % have been posted to it', NEW.claim_id,
            NEW.amount, NEW.paid_amount, NEW.adjusted_amount
            USING ERRCODE = 'check_violation',
                  HINT = 'Record a refund adjustment first if the claim is reduced below what was received.';
    END IF;
    -- Suspended claims are corrected before the bill goes out: billing a
    -- claim (a bill date set or moved) while an edit found before the end of
    -- that day is open is refused. (A new claim has no edits yet; the edits'
    -- own trigger holds the rule from their side.)
    IF TG_OP = 'UPDATE' AND NEW.bill_date IS NOT NULL AND NEW.bill_date IS DISTINCT FROM OLD.bill_date THEN
        SELECT e.edit_id, e.category, e.found_at INTO open_edit
          FROM scorecard.claim_edit e
         WHERE e.claim_id = NEW.claim_id AND e.found_at < (NEW.bill_date + 1)::timestamptz
           AND (e.corrected_at IS NULL OR e.corrected_at >= (NEW.bill_date + 1)::timestamptz)
         ORDER BY e.found_at, e.edit_id
         LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'claim % cannot be billed on %: edit % (%) found % is not corrected by then', NEW.claim_id,
                scorecard.date_text(NEW.bill_date), open_edit.edit_id, open_edit.category,
                to_char(open_edit.found_at, 'YYYY-MM-DD HH24:MI TZ')
                USING ERRCODE = 'check_violation',
                      HINT = 'Suspended claims must be corrected before the bill goes out (scorecard.claim_edit.corrected_at).';
        END IF;
    END IF;
    IF NEW.due_date < NEW.bill_date OR NEW.denied_on < NEW.bill_date THEN
        RAISE EXCEPTION 'claim % is due (%) or denied (%) before it was billed (%)', NEW.claim_id,
            coalesce(scorecard.date_text(NEW.due_date), '-'), coalesce(scorecard.date_text(NEW.denied_on), '-'),
            scorecard.date_text(NEW.bill_date)
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION scorecard.claim_check() IS
    'Trigger function: prices a claim when it is billed (scorecard.claim_price: expected_amount, contract_id) and again when its payer, service, first date of service or amount changes unless expected_amount is written with it; refuses an expected amount outside 0 to the amount, a bill date set while an edit found by the end of that day is open (scorecard.claim_edit), a claim with an unknown status, a negative amount its status does not allow, a bill date that contradicts its status, a denial without a reason, dates out of order, an amount below what was paid and adjusted, or a paid_amount, adjusted_amount or first_paid_on written by hand that is not the sum of the claim''s payments or adjustments (the date of its first payment).';

CREATE OR REPLACE FUNCTION scorecard.claim_price(payer_id text, service_id text, service_from date, amount numeric)
RETURNS TABLE (contract_id text, expected_amount numeric)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT p.contract_id, coalesce(p.price, claim_price.amount)
      FROM (SELECT 1) AS one
      LEFT JOIN LATERAL (
          SELECT k.contract_id,
                 LEAST(claim_price.amount,
                       round(CASE k.method WHEN 'percent of charges' THEN k.rate * claim_price.amount
                                           WHEN 'case rate' THEN k.rate
                                           ELSE k.rate * s.units END, 2)) AS price
            FROM scorecard.payer_contract k
            LEFT JOIN scorecard.service s ON s.service_id = claim_price.service_id
           WHERE claim_price.amount > 0
             AND k.payer_id = claim_price.payer_id
             AND claim_price.service_from BETWEEN k.effective_from AND coalesce(k.effective_to, DATE '2199-12-31')
             AND (k.service_line IS NULL OR k.service_line = s.service_line)
             AND (k.acuity_level IS NULL OR k.acuity_level = s.acuity_level)
             AND (k.method IN ('percent of charges', 'case rate') OR s.service_id IS NOT NULL)
           ORDER BY k.acuity_level IS NOT NULL DESC, k.service_line IS NOT NULL DESC
           LIMIT 1) AS p ON true;
END;
COMMENT ON FUNCTION scorecard.claim_price(text, text, date, numeric) IS
    'Expected reimbursement of a claim: the most specific contract term of the payer in effect on the first date of service (the service''s line and acuity level, then its level, then its line, then the payer''s catch-all) applied to the service''s units (fee schedule, per diem), to the claim (case rate) or to the amount (percent of charges), to the cent and never above the amount; the amount itself (contract_id NULL) when no term applies or the amount is not positive. A claim without a service is priced only by case-rate or percent-of-charges terms.';

CREATE OR REPLACE FUNCTION scorecard.reprice_claims(billed_from date, billed_to date)
RETURNS bigint
LANGUAGE sql
BEGIN ATOMIC
    WITH priced AS (
        UPDATE scorecard.claim c
           SET expected_amount = x.expected_amount, contract_id = x.contract_id
          FROM scorecard.claim k
         CROSS JOIN LATERAL scorecard.claim_price(k.payer_id, k.service_id, k.service_from, k.amount) AS x
         WHERE c.claim_id = k.claim_id
           AND k.bill_date BETWEEN reprice_claims.billed_from AND reprice_claims.billed_to
           AND (c.expected_amount IS DISTINCT FROM x.expected_amount OR c.contract_id IS DISTINCT FROM x.contract_id)
        RETURNING 1)
    SELECT count(*) FROM priced;
END;
COMMENT ON FUNCTION scorecard.reprice_claims(date, date) IS
    'Prices again, under today''s contract terms, every claim billed between billed_from and billed_to (inclusive) and returns how many changed. Billed claims keep the price they were billed at otherwise: re-pricing moves revenue already booked, so it is an explicit step (after a retroactive contract amendment, for example).';

-- A claim's net receivable from its amount, expected amount and postings
-- to date. Plain expression, inlined.
CREATE OR REPLACE FUNCTION scorecard.claim_net_receivable(amount numeric, expected numeric, paid numeric,
                                                         contractual numeric, other_adjustments numeric)
RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN amount < 0 THEN amount - paid - contractual - other_adjustments
            ELSE GREATEST(0, expected - paid - other_adjustments - GREATEST(0, contractual - (amount - expected)))
       END;
COMMENT ON FUNCTION scorecard.claim_net_receivable(numeric, numeric, numeric, numeric, numeric) IS
    'Net receivable of a claim (what is still expected from it): expected - paid - non-contractual adjustments - contractual adjustments beyond the accrued allowance (amount - expected), never below 0; a credit claim''s open balance.';

CREATE OR REPLACE FUNCTION scorecard.claim_accrual_rows(claims text[])
RETURNS TABLE (claim_id text, month date, service_line text, payer_id text, acuity_level text, gross numeric,
               allowance numeric, cash_posted numeric, net_change numeric, npsr numeric, deduction numeric,
               deduction_kind text)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH claims AS MATERIALIZED (
        -- Each claim in the line the patient was in on its first date of
        -- service, with its payer and level (of its service).
        SELECT c.claim_id, c.amount, c.expected_amount AS expected, c.denial_reason IS NOT NULL AS denied,
               date_trunc('month', c.bill_date::timestamp)::date AS bill_month,
               b.service_line, c.payer_id, coalesce(s.acuity_level, 'unknown') AS acuity_level
          FROM scorecard.claim c
          JOIN (SELECT DISTINCT u.id FROM unnest(claim_accrual_rows.claims) AS u(id)) AS w ON w.id = c.claim_id
          JOIN scorecard.patient_factory b
            ON b.beneficiary_id = c.beneficiary_id
           AND (b.valid_from IS NULL OR c.service_from >= b.valid_from)
           AND (b.valid_until IS NULL OR c.service_from < b.valid_until)
          LEFT JOIN scorecard.service s ON s.service_id = c.service_id
         WHERE c.bill_date IS NOT NULL
    ), moves AS (
        -- The billing month of every claim, and each posting in its month (a
        -- posting dated before the claim was billed counts in that month).
        SELECT k.claim_id, k.bill_month AS month, 0 AS paid, 0 AS contractual, 0 AS write_off, 0 AS bad_debt,
               0 AS charity, 0 AS other
          FROM claims k
        UNION ALL
        SELECT k.claim_id, GREATEST(date_trunc('month', x.on_date::timestamp)::date, k.bill_month),
               x.paid, x.contractual, x.write_off, x.bad_debt, x.charity, x.other
          FROM (SELECT y.claim_id, y.posted_on AS on_date, y.amount AS paid, 0 AS contractual, 0 AS write_off,
                       0 AS bad_debt, 0 AS charity, 0 AS other
                  FROM scorecard.payment y
                 WHERE y.posted_on IS NOT NULL AND y.claim_id IN (SELECT k.claim_id FROM claims k)
                UNION ALL
                SELECT a.claim_id, a.adjusted_on, 0,
                       CASE WHEN a.kind = 'contractual' THEN a.amount ELSE 0 END,
                       CASE WHEN a.kind = 'write-off' THEN a.amount ELSE 0 END,
                       CASE WHEN a.kind = 'bad debt' THEN a.amount ELSE 0 END,
                       CASE WHEN a.kind = 'charity' THEN a.amount ELSE 0 END,
                       CASE WHEN a.kind IN ('refund', 'other') THEN a.amount ELSE 0 END
                  FROM scorecard.adjustment a
                 WHERE a.claim_id IN (SELECT k.claim_id FROM claims k)) AS x
          JOIN claims k ON k.claim_id = x.claim_id
    ), claim_month AS (
        SELECT m.claim_id, m.month, sum(m.paid) AS paid, sum(m.contractual) AS contractual, sum(m.write_off) AS write_off,
               sum(m.bad_debt) AS bad_debt, sum(m.charity) AS charity, sum(m.other) AS other
          FROM moves m
         GROUP BY m.claim_id, m.month
    ), net AS (
        -- The claim's net receivable after the month's postings and before
        -- them (its first month is its billing month: nothing before). One
        -- pass of running sums per claim.
        SELECT r.*,
               scorecard.claim_net_receivable(k.amount, k.expected, r.cum_paid, r.cum_contractual, r.cum_other) AS net_after,
               CASE WHEN r.month = k.bill_month THEN 0
                    ELSE scorecard.claim_net_receivable(k.amount, k.expected, r.cum_paid - r.paid,
                                                        r.cum_contractual - r.contractual,
                                                        r.cum_other - (r.write_off + r.bad_debt + r.charity + r.other))
               END AS net_before,
               k.amount, k.expected, k.denied, k.bill_month, k.service_line, k.payer_id, k.acuity_level
          FROM (SELECT cm.*,
                       sum(cm.paid) OVER w AS cum_paid, sum(cm.contractual) OVER w AS cum_contractual,
                       sum(cm.write_off + cm.bad_debt + cm.charity + cm.other) OVER w AS cum_other
                  FROM claim_month cm
                WINDOW w AS (PARTITION BY cm.claim_id ORDER BY cm.month ROWS UNBOUNDED PRECEDING)) AS r
          JOIN claims k ON k.claim_id = r.claim_id
    ), revenue AS (
        -- Each claim's revenue in the month (cash posted + change of its net
        -- receivable) and what the month took off what was booked at billing,
        -- named by what was posted: bad debt, charity, a write-off (of a
        -- denied claim: a denial write-off), else a settlement difference.
        SELECT n.*,
               n.paid + n.net_after - n.net_before AS npsr,
               n.net_after - n.net_before AS net_change
          FROM net n
    ), deducted AS (
        SELECT v.*,
               CASE WHEN v.month = v.bill_month THEN v.expected ELSE 0 END - v.npsr AS deduction,
               CASE WHEN v.bad_debt <> 0 THEN 'bad debt'
                    WHEN v.charity <> 0 THEN 'charity'
                    WHEN v.write_off <> 0 AND v.denied THEN 'denial write-off'
                    ELSE 'other' END AS deduction_kind
          FROM revenue v
    )
    SELECT d.claim_id, d.month, d.service_line, d.payer_id, d.acuity_level,
           CASE WHEN d.month = d.bill_month THEN d.amount ELSE 0 END,
           CASE WHEN d.month = d.bill_month THEN d.amount - d.expected ELSE 0 END,
           d.paid, d.net_change, d.npsr, d.deduction, d.deduction_kind
      FROM deducted d;
END;
COMMENT ON FUNCTION scorecard.claim_accrual_rows(text[]) IS
    'The accrual of the given claims (those billed), one row per claim and month with activity (its billing month, and each month a payment was posted or an adjustment made; postings before billing count in the billing month), with the claim''s service line (the patient''s on its first date of service), payer and level: the gross charge and contractual allowance booked in the billing month, cash posted, change of the net receivable (scorecard.claim_net_receivable), NPSR = cash + change, and what the month took off the expected amount, named by what was posted. What scorecard.claim_accrual keeps.';

-- The accrual of every billed claim, kept by pg_scorecard: rebuilt for a
-- claim whenever its amount, expected amount, bill date or denial, or its
-- payments or adjustments change (scorecard.accrue_claims), so that the
-- monthly views add up stored rows instead of replaying every claim's
-- postings on every read. Derived data: not dumped; a restore rebuilds it
-- as claims, payments and adjustments load.
CREATE TABLE scorecard.claim_accrual (
    claim_id       text NOT NULL REFERENCES scorecard.claim (claim_id) ON UPDATE CASCADE ON DELETE CASCADE,
    month          date NOT NULL,
    service_line   text,
    payer_id       text NOT NULL,
    acuity_level   text NOT NULL,
    gross          numeric NOT NULL,
    allowance      numeric NOT NULL,
    cash_posted    numeric NOT NULL,
    net_change     numeric NOT NULL,
    npsr           numeric NOT NULL,
    deduction      numeric NOT NULL,
    deduction_kind text NOT NULL,
    PRIMARY KEY (claim_id, month)
);
COMMENT ON TABLE scorecard.claim_accrual IS
    'Each billed claim''s accrual per month with activity (scorecard.claim_accrual_rows), kept by pg_scorecard whenever the claim or its postings change; scorecard.net_patient_revenue adds it up. Derived: not dumped, rebuilt on restore; scorecard.accrue_claims rebuilds claims by hand.';
COMMENT ON COLUMN scorecard.claim_accrual.claim_id IS 'The claim.';
COMMENT ON COLUMN scorecard.claim_accrual.month IS 'First day of the month: the billing month, or a month with a posting after it.';
COMMENT ON COLUMN scorecard.claim_accrual.service_line IS 'The claim''s service line: the patient''s on its first date of service (scorecard.patient_factory).';
COMMENT ON COLUMN scorecard.claim_accrual.payer_id IS 'The claim''s payer.';
COMMENT ON COLUMN scorecard.claim_accrual.acuity_level IS 'The level of the claim''s service (''unknown'' without one).';
COMMENT ON COLUMN scorecard.claim_accrual.gross IS 'The claim''s amount in its billing month, else 0.';
COMMENT ON COLUMN scorecard.claim_accrual.allowance IS 'Its contractual allowance (amount - expected_amount) in its billing month, else 0.';
COMMENT ON COLUMN scorecard.claim_accrual.cash_posted IS 'Payments posted in the month.';
COMMENT ON COLUMN scorecard.claim_accrual.net_change IS 'Change of the claim''s net receivable over the month (from 0 before billing).';
COMMENT ON COLUMN scorecard.claim_accrual.npsr IS 'The claim''s NPSR in the month: cash_posted + net_change.';
COMMENT ON COLUMN scorecard.claim_accrual.deduction IS 'What the month took off the expected amount booked at billing: (expected_amount in the billing month, else 0) - npsr.';
COMMENT ON COLUMN scorecard.claim_accrual.deduction_kind IS '''bad debt'', ''charity'', ''denial write-off'' (a write-off of a denied claim) or ''other'' (settlement differences), by what was posted.';
CREATE INDEX claim_accrual_month_idx ON scorecard.claim_accrual (month);

CREATE OR REPLACE FUNCTION scorecard.accrue_claims(claims text[])
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    written integer;
BEGIN
    IF claims IS NULL OR cardinality(claims) = 0 THEN
        RETURN 0;
    END IF;
    DELETE FROM scorecard.claim_accrual a
     USING (SELECT DISTINCT u.id FROM unnest(claims) AS u(id)) AS w
     WHERE a.claim_id = w.id;
    INSERT INTO scorecard.claim_accrual (claim_id, month, service_line, payer_id, acuity_level, gross, allowance,
                                         cash_posted, net_change, npsr, deduction, deduction_kind)
    SELECT r.claim_id, r.month, r.service_line, r.payer_id, r.acuity_level, r.gross, r.allowance,
           r.cash_posted, r.net_change, r.npsr, r.deduction, r.deduction_kind
      FROM scorecard.claim_accrual_rows(claims) AS r;
    GET DIAGNOSTICS written = ROW_COUNT;
    RETURN written;
END
$$;
COMMENT ON FUNCTION scorecard.accrue_claims(text[]) IS
    'Rebuilds scorecard.claim_accrual for the given claims from their current rows; returns the rows written. Called by scorecard.settle_claims (after it has locked the claims) and by the statement triggers of claim.';

-- A claim billed, re-priced, re-dated, denied or un-denied, or moved to
-- another payer, service or patient, is re-accrued. (Its postings
-- re-accrue it through scorecard.settle_claims.)
CREATE OR REPLACE FUNCTION scorecard.accrue_after_claims()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    claims text[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(n.claim_id) INTO claims FROM new_rows n WHERE n.bill_date IS NOT NULL;
    ELSE
        SELECT array_agg(n.claim_id) INTO claims
          FROM new_rows n JOIN old_rows o ON o.claim_id = n.claim_id
         WHERE (n.amount, n.expected_amount, n.bill_date, n.denial_reason IS NULL, n.payer_id, n.service_id,
                n.beneficiary_id, n.service_from)
               IS DISTINCT FROM (o.amount, o.expected_amount, o.bill_date, o.denial_reason IS NULL, o.payer_id,
                                 o.service_id, o.beneficiary_id, o.service_from);
    END IF;
    PERFORM scorecard.accrue_claims(claims);
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION scorecard.accrue_after_claims() IS
    'Statement-level trigger function of claim: re-accrues (scorecard.accrue_claims) the claims billed, or whose amount, expected amount, bill date, denial, payer, service, patient or date of service changed.';
CREATE OR REPLACE TRIGGER claim_accrue_insert AFTER INSERT ON scorecard.claim
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION scorecard.accrue_after_claims();
CREATE OR REPLACE TRIGGER claim_accrue_update AFTER UPDATE ON scorecard.claim
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION scorecard.accrue_after_claims();

-- A claim's line and level live in other tables: a service whose level
-- changes, or a patient who changes line (beneficiary.service_line, a
-- transfer), re-accrues the claims concerned, after locking them as
-- settlement does (so a posting session and this one take turns).
CREATE OR REPLACE FUNCTION scorecard.accrue_after_claim_context()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    claims text[];
    ids    text[];
    froms  date[];
BEGIN
    IF TG_TABLE_NAME = 'service' THEN
        SELECT array_agg(c.claim_id) INTO claims
          FROM scorecard.claim c
         WHERE c.bill_date IS NOT NULL
           AND c.service_id IN (SELECT n.service_id
                                  FROM new_rows n JOIN old_rows o ON o.service_id = n.service_id
                                 WHERE n.acuity_level IS DISTINCT FROM o.acuity_level);
    ELSIF TG_TABLE_NAME = 'beneficiary' THEN
        SELECT array_agg(c.claim_id) INTO claims
          FROM scorecard.claim c
         WHERE c.bill_date IS NOT NULL
           AND c.beneficiary_id IN (SELECT n.beneficiary_id
                                      FROM new_rows n JOIN old_rows o ON o.beneficiary_id = n.beneficiary_id
                                     WHERE n.service_line IS DISTINCT FROM o.service_line);
    ELSE
        IF TG_OP <> 'DELETE' THEN
            SELECT array_agg(n.beneficiary_id), array_agg(n.effective_from) INTO ids, froms FROM new_rows n;
        END IF;
        IF TG_OP <> 'INSERT' THEN
            SELECT ids || array_agg(o.beneficiary_id), froms || array_agg(o.effective_from) INTO ids, froms
              FROM old_rows o;
        END IF;
        SELECT array_agg(c.claim_id) INTO claims
          FROM scorecard.claim c
          JOIN (SELECT u.beneficiary_id, min(u.effective_from) AS effective_from
                  FROM unnest(ids, froms) AS u(beneficiary_id, effective_from)
                 GROUP BY u.beneficiary_id) AS moved
            ON moved.beneficiary_id = c.beneficiary_id AND c.service_from >= moved.effective_from
         WHERE c.bill_date IS NOT NULL;
    END IF;
    IF claims IS NOT NULL THEN
        PERFORM 1 FROM scorecard.claim c WHERE c.claim_id = ANY (claims) ORDER BY c.claim_id FOR UPDATE;
        PERFORM scorecard.accrue_claims(claims);
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION scorecard.accrue_after_claim_context() IS
    'Statement-level trigger function of service (a changed acuity level), beneficiary (a changed service line) and factory_transfer: locks and re-accrues (scorecard.accrue_claims) the billed claims whose level or line may have changed.';
CREATE OR REPLACE TRIGGER service_accrue_update AFTER UPDATE ON scorecard.service
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION scorecard.accrue_after_claim_context();
CREATE OR REPLACE TRIGGER beneficiary_accrue_update AFTER UPDATE ON scorecard.beneficiary
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION scorecard.accrue_after_claim_context();
CREATE OR REPLACE TRIGGER factory_transfer_accrue_insert AFTER INSERT ON scorecard.factory_transfer
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION scorecard.accrue_after_claim_context();
CREATE OR REPLACE TRIGGER factory_transfer_accrue_update AFTER UPDATE ON scorecard.factory_transfer
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION scorecard.accrue_after_claim_context();
CREATE OR REPLACE TRIGGER factory_transfer_accrue_delete AFTER DELETE ON scorecard.factory_transfer
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION scorecard.accrue_after_claim_context();
CREATE POLICY service_line_access ON scorecard.claim_accrual
    USING ((SELECT scorecard.visible_service_lines()) IS NULL
           OR EXISTS (SELECT 1 FROM scorecard.claim c WHERE c.claim_id = claim_accrual.claim_id));
ALTER TABLE scorecard.claim_accrual ENABLE ROW LEVEL SECURITY;
-- Every billed claim accrued from its rows as they stand.
SELECT scorecard.accrue_claims(ARRAY(SELECT c.claim_id FROM scorecard.claim c WHERE c.bill_date IS NOT NULL));

CREATE OR REPLACE VIEW scorecard.net_patient_revenue WITH (security_invoker = true) AS
WITH grouped AS (
    -- The stored accrual of every claim (scorecard.claim_accrual, which
    -- carries its line, payer and level), added up.
    SELECT a.month, a.service_line, a.payer_id, a.acuity_level,
           sum(a.gross) AS gross_revenue, sum(a.allowance) AS contractual_allowances,
           sum(a.deduction) FILTER (WHERE a.deduction_kind = 'denial write-off') AS denial_write_offs,
           sum(a.deduction) FILTER (WHERE a.deduction_kind = 'bad debt') AS bad_debt,
           sum(a.deduction) FILTER (WHERE a.deduction_kind = 'charity') AS charity,
           sum(a.deduction) FILTER (WHERE a.deduction_kind = 'other') AS other_deductions,
           sum(a.npsr) AS npsr, sum(a.cash_posted) AS cash_posted, sum(a.net_change) AS net_change
      FROM scorecard.claim_accrual a
     GROUP BY 1, 2, 3, 4
), dense AS (
    -- Every month from the first billing to the last activity for every
    -- (line, payer, level) seen, so that net A/R at a month end sums over
    -- rows of that month.
    SELECT m.month::date AS month, k.service_line, k.payer_id, k.acuity_level
      FROM (SELECT DISTINCT g.service_line, g.payer_id, g.acuity_level FROM grouped g) AS k
     CROSS JOIN (SELECT generate_series(min(g.month), max(g.month), interval '1 month') AS month FROM grouped g) AS m
)
SELECT x.month AS period_start,
       'month'::text AS period_grain,
       x.service_line,
       x.payer_id,
       x.acuity_level,
       coalesce(g.gross_revenue, 0) AS gross_revenue,
       coalesce(g.contractual_allowances, 0) AS contractual_allowances,
       coalesce(g.denial_write_offs, 0) AS denial_write_offs,
       coalesce(g.bad_debt, 0) AS bad_debt,
       coalesce(g.charity, 0) AS charity,
       coalesce(g.other_deductions, 0) AS other_deductions,
       coalesce(g.npsr, 0) AS net_patient_revenue,
       coalesce(g.cash_posted, 0) AS cash_posted,
       sum(coalesce(g.net_change, 0)) OVER (PARTITION BY x.service_line, x.payer_id, x.acuity_level ORDER BY x.month) AS net_ar
  FROM dense x
  LEFT JOIN grouped g ON g.month = x.month AND g.service_line IS NOT DISTINCT FROM x.service_line
                     AND g.payer_id = x.payer_id AND g.acuity_level = x.acuity_level;
COMMENT ON VIEW scorecard.net_patient_revenue IS
    'Accrual net patient service revenue (HFMA MAP''s NPSR) per month, service line (of the patient), payer and acuity level: gross charges billed less the contractual allowance accrued at billing (amount - expected reimbursement) and less what later postings took off the expected amount (denial write-offs, bad debt, charity, settlement differences), with the cash posted and the net A/R at month end; net_patient_revenue = cash_posted + the month''s change of net A/R. One row for every month from the first billing on and every (line, payer, level) seen.';
COMMENT ON COLUMN scorecard.net_patient_revenue.period_start IS 'First day of the month.';
COMMENT ON COLUMN scorecard.net_patient_revenue.period_grain IS '''month''.';
COMMENT ON COLUMN scorecard.net_patient_revenue.service_line IS 'The patient''s service line (focused factory) on the claim''s first date of service (scorecard.patient_factory).';
COMMENT ON COLUMN scorecard.net_patient_revenue.payer_id IS 'Payer billed.';
COMMENT ON COLUMN scorecard.net_patient_revenue.acuity_level IS 'Acuity level of the claim''s service (''unknown'' without one).';
COMMENT ON COLUMN scorecard.net_patient_revenue.gross_revenue IS 'Amount of the claims billed in the month (gross charges).';
COMMENT ON COLUMN scorecard.net_patient_revenue.contractual_allowances IS 'Their contractual allowance, accrued at billing: amount - expected_amount.';
COMMENT ON COLUMN scorecard.net_patient_revenue.denial_write_offs IS 'Expected revenue taken off in the month by write-offs of denied claims.';
COMMENT ON COLUMN scorecard.net_patient_revenue.bad_debt IS 'Expected revenue taken off in the month by bad-debt adjustments.';
COMMENT ON COLUMN scorecard.net_patient_revenue.charity IS 'Expected revenue taken off in the month by charity adjustments.';
COMMENT ON COLUMN scorecard.net_patient_revenue.other_deductions IS 'Settlement differences: what payments and contractual adjustments posted in the month took off (negative: added to) the expected amount, other write-offs, refunds and other adjustments.';
COMMENT ON COLUMN scorecard.net_patient_revenue.net_patient_revenue IS 'gross_revenue - contractual_allowances - denial_write_offs - bad_debt - charity - other_deductions = cash_posted + the change of net_ar over the month.';
COMMENT ON COLUMN scorecard.net_patient_revenue.cash_posted IS 'Payments posted in the month.';
COMMENT ON COLUMN scorecard.net_patient_revenue.net_ar IS 'Net A/R at month end: what is still expected of the claims billed by then (scorecard.claim_net_receivable).';

-- Net receivables on any date, for the as-of KPIs.
CREATE OR REPLACE FUNCTION scorecard.claim_net_balances_as_of(as_of date)
RETURNS TABLE (claim_id text, payer_id text, beneficiary_id text, amount numeric, expected_amount numeric,
               balance numeric, net_balance numeric)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT c.claim_id, c.payer_id, c.beneficiary_id, c.amount, c.expected_amount,
           c.amount - coalesce(p.paid, 0) - coalesce(a.contractual, 0) - coalesce(a.other, 0),
           scorecard.claim_net_receivable(c.amount, c.expected_amount, coalesce(p.paid, 0),
                                          coalesce(a.contractual, 0), coalesce(a.other, 0))
      FROM scorecard.claim c
      LEFT JOIN (SELECT y.claim_id, sum(y.amount) AS paid
                   FROM scorecard.payment y
                  WHERE y.posted_on <= claim_net_balances_as_of.as_of
                  GROUP BY y.claim_id) AS p ON p.claim_id = c.claim_id
      LEFT JOIN (SELECT d.claim_id, sum(d.amount) FILTER (WHERE d.kind = 'contractual') AS contractual,
                        sum(d.amount) FILTER (WHERE d.kind <> 'contractual') AS other
                   FROM scorecard.adjustment d
                  WHERE d.adjusted_on <= claim_net_balances_as_of.as_of
                  GROUP BY d.claim_id) AS a ON a.claim_id = c.claim_id
     WHERE c.bill_date <= claim_net_balances_as_of.as_of;
END;
COMMENT ON FUNCTION scorecard.claim_net_balances_as_of(date) IS
    'Every claim billed by as_of with its open balance (gross) and its net receivable (scorecard.claim_net_receivable) from the payments posted and adjustments made by then.';

CREATE OR REPLACE FUNCTION scorecard.net_patient_revenue_for(period_start date, period_end date)
RETURNS TABLE (gross_revenue numeric, contractual_allowances numeric, net_patient_revenue numeric,
               cash_posted numeric, net_ar numeric, billed_ar numeric)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT b.gross, b.allowance,
           y.cash + e.net - s.net,
           y.cash, e.net, e.gross
      FROM (SELECT coalesce(sum(c.amount), 0) AS gross, coalesce(sum(c.amount - c.expected_amount), 0) AS allowance
              FROM scorecard.claim c
             WHERE c.bill_date BETWEEN net_patient_revenue_for.period_start AND net_patient_revenue_for.period_end) AS b,
           -- Cash posted in the period on claims billed by its end (a
           -- payment posted before its claim was billed counts from then).
           (SELECT coalesce(sum(y.amount), 0) AS cash
              FROM scorecard.payment y
              JOIN scorecard.claim c ON c.claim_id = y.claim_id
             WHERE y.posted_on IS NOT NULL AND c.bill_date IS NOT NULL
               AND GREATEST(y.posted_on, c.bill_date) BETWEEN net_patient_revenue_for.period_start
                                                           AND net_patient_revenue_for.period_end) AS y,
           (SELECT coalesce(sum(n.net_balance), 0) AS net, coalesce(sum(n.balance), 0) AS gross
              FROM scorecard.claim_net_balances_as_of(net_patient_revenue_for.period_end) AS n) AS e,
           (SELECT coalesce(sum(n.net_balance), 0) AS net
              FROM scorecard.claim_net_balances_as_of(net_patient_revenue_for.period_start - 1) AS n) AS s
     WHERE net_patient_revenue_for.period_start <= net_patient_revenue_for.period_end;
END;
COMMENT ON FUNCTION scorecard.net_patient_revenue_for(date, date) IS
    'Accrual NPSR of any period [period_start, period_end], as scorecard.net_patient_revenue books it: cash posted in the period + net A/R at its end - net A/R the day before it starts; with the gross revenue billed, its accrued contractual allowance, and the net and gross (billed) A/R at period end. No row for an empty or NULL period.';

-- Monthly rate reconciliation: what each payer paid against what its
-- contract says, on the claims it paid, in the month of their first
-- payment, so that an underpayment is caught and appealed before cost
-- settlement (the source).
CREATE OR REPLACE VIEW scorecard.rate_reconciliation WITH (security_invoker = true) AS
SELECT date_trunc('month', c.first_paid_on::timestamp)::date AS period_start,
       'month'::text AS period_grain,
       c.payer_id,
       c.contract_id,
       k.method,
       count(*) AS claims_paid,
       sum(c.amount) AS charges,
       sum(c.expected_amount) AS expected_amount,
       sum(c.paid_amount) AS paid_amount,
       sum(c.paid_amount - c.expected_amount) AS variance,
       round(sum(c.paid_amount - c.expected_amount) / NULLIF(sum(c.expected_amount), 0), 4) AS variance_share,
       count(*) FILTER (WHERE c.paid_amount < c.expected_amount) AS underpaid_claims,
       coalesce(sum(c.expected_amount - c.paid_amount) FILTER (WHERE c.paid_amount < c.expected_amount), 0) AS underpaid_amount,
       count(*) FILTER (WHERE c.paid_amount > c.expected_amount) AS overpaid_claims,
       coalesce(sum(c.paid_amount - c.expected_amount) FILTER (WHERE c.paid_amount > c.expected_amount), 0) AS overpaid_amount
  FROM scorecard.claim c
  LEFT JOIN scorecard.payer_contract k ON k.contract_id = c.contract_id
 WHERE c.status = 'paid' AND c.first_paid_on IS NOT NULL
 GROUP BY 1, 3, 4, 5;
COMMENT ON VIEW scorecard.rate_reconciliation IS
    'Monthly rate reconciliation: the claims each payer paid (status paid), by the month of their first payment and the contract term that priced them, with what the term expected and what was paid (all payments to date), the variance and the under- and overpaid claims. A contract_id NULL row holds claims priced at charges (no term applied) or with an expected amount supplied by the billing system.';
COMMENT ON COLUMN scorecard.rate_reconciliation.period_start IS 'Month of the claims'' first payment.';
COMMENT ON COLUMN scorecard.rate_reconciliation.period_grain IS '''month''.';
COMMENT ON COLUMN scorecard.rate_reconciliation.payer_id IS 'Payer.';
COMMENT ON COLUMN scorecard.rate_reconciliation.contract_id IS 'Contract term that priced the claims (NULL: none).';
COMMENT ON COLUMN scorecard.rate_reconciliation.method IS 'Its pricing method.';
COMMENT ON COLUMN scorecard.rate_reconciliation.claims_paid IS 'Claims paid.';
COMMENT ON COLUMN scorecard.rate_reconciliation.charges IS 'Their amount billed.';
COMMENT ON COLUMN scorecard.rate_reconciliation.expected_amount IS 'What the contract expected of them.';
COMMENT ON COLUMN scorecard.rate_reconciliation.paid_amount IS 'What was paid on them (all payments to date).';
COMMENT ON COLUMN scorecard.rate_reconciliation.variance IS 'paid_amount - expected_amount: negative when the payer paid less than its contract.';
COMMENT ON COLUMN scorecard.rate_reconciliation.variance_share IS 'variance / expected_amount.';
COMMENT ON COLUMN scorecard.rate_reconciliation.underpaid_claims IS 'Claims paid below their expected amount (to appeal).';
COMMENT ON COLUMN scorecard.rate_reconciliation.underpaid_amount IS 'What they fell short by.';
COMMENT ON COLUMN scorecard.rate_reconciliation.overpaid_claims IS 'Claims paid above their expected amount (a refund may be due, or the contract is out of date).';
COMMENT ON COLUMN scorecard.rate_reconciliation.overpaid_amount IS 'What they were paid over.';

CREATE OR REPLACE VIEW scorecard.revenue_cycle_kpis WITH (security_invoker = true) AS
WITH claim_groups AS (
    -- One pass over the claims, by month created, billed and first
    -- remitted: the billing of each month, the suspended claims at each
    -- month end and the initial denials all follow from these groups.
    SELECT date_trunc('month', c.created_on::timestamp)::date AS created_month,
           date_trunc('month', c.bill_date::timestamp)::date AS bill_month,
           date_trunc('month', LEAST(c.denied_on, c.first_paid_on)::timestamp)::date AS remit_month,
           count(*) AS n, sum(c.amount) AS amount,
           count(*) FILTER (WHERE c.edit_reason IS NULL) AS clean_n,
           count(*) FILTER (WHERE c.denied_on <= coalesce(c.first_paid_on, c.denied_on)) AS denied_n,
           sum(c.amount) FILTER (WHERE c.denied_on <= coalesce(c.first_paid_on, c.denied_on)) AS denied_amount
      FROM scorecard.claim c
     GROUP BY 1, 2, 3
), billed AS (
    SELECT g.bill_month AS period_start, sum(g.n)::bigint AS n, sum(g.amount) AS amount
      FROM claim_groups g
     WHERE g.bill_month IS NOT NULL
     GROUP BY 1
), created AS (
    -- HFMA MAP's clean claim rate: of the claims entering the billing edits
    -- in the month (created then), those that passed every edit without
    -- manual intervention, billed yet or not.
    SELECT g.created_month AS period_start, sum(g.n)::bigint AS n, sum(g.clean_n)::bigint AS clean_n
      FROM claim_groups g
     GROUP BY 1
), adjudicated AS (
    -- HFMA MAP's initial denial rate: each claim counts in the month of its
    -- first remittance (its denial, or its first payment received), as an
    -- initial denial when that first remittance was the denial.
    -- (From the claim groups: remit_month is the month of LEAST(denied_on,
    -- first_paid_on), NULL for a claim with no remittance yet.)
    SELECT g.remit_month AS period_start, sum(g.n) AS n, sum(g.amount) AS amount,
           sum(g.denied_n) AS denied_n, coalesce(sum(g.denied_amount), 0) AS denied_amount
      FROM claim_groups g
     WHERE g.remit_month IS NOT NULL
     GROUP BY 1
), adj AS (
    SELECT date_trunc('month', a.adjusted_on::timestamp)::date AS period_start, sum(a.amount) AS amount
      FROM scorecard.adjustment a GROUP BY 1
), cash AS (
    SELECT date_trunc('month', y.received_on::timestamp)::date AS period_start, count(*) AS n, sum(y.amount) AS amount,
           count(*) FILTER (WHERE scorecard.reconciled_late(y.received_on, y.reconciled_on, t.today)) AS late_n,
           count(*) FILTER (WHERE scorecard.reconciled_late(y.received_on, y.reconciled_on, t.today)
                               OR scorecard.reconciled_on_time(y.received_on, y.reconciled_on, t.today)) AS judged_n,
           coalesce(sum(y.amount) FILTER (WHERE p.payer_type = 'self-pay'), 0) AS patient_cash,
           coalesce(sum(y.amount) FILTER (WHERE p.payer_type = 'self-pay' AND y.point_of_service), 0) AS pos_cash
      FROM scorecard.payment y
      JOIN scorecard.payer p ON p.payer_id = y.payer_id
     CROSS JOIN (SELECT scorecard.today() AS today OFFSET 0) AS t  -- once, not per row
     GROUP BY 1
), service_claims AS (
    -- Services not final billed (HFMA MAP's DNFB): a service is unbilled
    -- from its month until the month the first claim naming it
    -- (claim.service_id) is created; a service no claim names stays
    -- unbilled. Running sums over (service month, claim month) groups.
    SELECT date_trunc('month', s.service_at)::date AS service_month,
           date_trunc('month', f.first_created::timestamp)::date AS claim_month, sum(s.charge) AS charges
      FROM scorecard.service s
      LEFT JOIN (SELECT c.service_id, min(c.created_on) AS first_created
                   FROM scorecard.claim c WHERE c.service_id IS NOT NULL GROUP BY c.service_id) AS f
        ON f.service_id = s.service_id
     GROUP BY 1, 2
), unbilled AS (
    SELECT x.month, sum(x.amount) AS amount
      FROM (SELECT g.service_month AS month, g.charges AS amount
              FROM service_claims g
             WHERE g.claim_month IS NULL OR g.claim_month > g.service_month
            UNION ALL
            SELECT g.claim_month, -g.charges
              FROM service_claims g
             WHERE g.claim_month > g.service_month
            UNION ALL
            SELECT b.period_start, 0 FROM billed b) AS x
     GROUP BY x.month
), dnfb AS (
    SELECT u.month AS period_start, sum(u.amount) OVER (ORDER BY u.month) AS amount FROM unbilled u
), suspended_moves AS (
    -- A claim is suspended at the end of every month from the one it was
    -- created in to the one before it was billed (never, if billed in the
    -- month it was created): +1 then -1, summed month by month below.
    SELECT x.month, sum(x.n) AS n, sum(x.amount) AS amount
      FROM (SELECT g.created_month AS month, g.n, g.amount
              FROM claim_groups g
             WHERE g.bill_month IS NULL OR g.bill_month > g.created_month
            UNION ALL
            SELECT g.bill_month, -g.n, -g.amount
              FROM claim_groups g
             WHERE g.bill_month > g.created_month
            UNION ALL
            SELECT b.period_start, 0, 0 FROM billed b) AS x
     GROUP BY x.month
), suspended AS (
    SELECT m.month AS period_start, (sum(m.n) OVER w)::bigint AS n,
           CASE WHEN sum(m.n) OVER w = 0 THEN 0 ELSE sum(m.amount) OVER w END AS amount
      FROM suspended_moves m WINDOW w AS (ORDER BY m.month)
), accrual AS (
    -- Accrual NPSR and net A/R as scorecard.net_patient_revenue has them
    -- for the whole organisation (a row for every month from the first
    -- billing on), added up from the stored accrual of the claims
    -- (scorecard.claim_accrual) without their lines and levels, and HFMA
    -- MAP's average daily NPSR window: the month and the two before it.
    SELECT n.period_start, n.gross, n.allowances, n.denial_write_offs, n.bad_debt, n.charity, n.other_deductions,
           n.npsr, n.net_ar,
           sum(n.npsr) OVER w3 AS npsr_3, (sum(n.days) OVER w3)::integer AS days_3, count(*) OVER w3 AS months_3,
           sum(n.gross) OVER w3 AS gross_3
      FROM (SELECT m.month AS period_start, coalesce(b.gross, 0) AS gross, coalesce(b.allowances, 0) AS allowances,
                   coalesce(d.denial_write_offs, 0) AS denial_write_offs, coalesce(d.bad_debt, 0) AS bad_debt,
                   coalesce(d.charity, 0) AS charity, coalesce(d.other_deductions, 0) AS other_deductions,
                   coalesce(d.npsr, 0) AS npsr,
                   sum(coalesce(d.net_change, 0)) OVER (ORDER BY m.month) AS net_ar,
                   (m.month + interval '1 month')::date - m.month AS days
              FROM (SELECT generate_series(min(x.month), max(x.month), interval '1 month')::date AS month
                      FROM scorecard.claim_accrual x) AS m
              LEFT JOIN (SELECT a.month,
                                sum(a.deduction) FILTER (WHERE a.deduction_kind = 'denial write-off') AS denial_write_offs,
                                sum(a.deduction) FILTER (WHERE a.deduction_kind = 'bad debt') AS bad_debt,
                                sum(a.deduction) FILTER (WHERE a.deduction_kind = 'charity') AS charity,
                                sum(a.deduction) FILTER (WHERE a.deduction_kind = 'other') AS other_deductions,
                                sum(a.npsr) AS npsr, sum(a.net_change) AS net_change
                           FROM scorecard.claim_accrual a
                          GROUP BY a.month) AS d ON d.month = m.month
              LEFT JOIN (SELECT date_trunc('month', c.bill_date::timestamp)::date AS month, sum(c.amount) AS gross,
                                sum(c.amount - c.expected_amount) AS allowances
                           FROM scorecard.claim c
                          WHERE c.bill_date IS NOT NULL
                          GROUP BY 1) AS b ON b.month = m.month) AS n
    WINDOW w3 AS (ORDER BY n.period_start ROWS 2 PRECEDING)
), k AS (
    SELECT b.period_start, b.n, b.amount, coalesce(j.n, 0) AS adjudicated_n, coalesce(j.amount, 0) AS adjudicated_amount,
           coalesce(j.denied_n, 0) AS denied_n, coalesce(j.denied_amount, 0) AS denied_amount,
           coalesce(e.n, 0) AS created_n, coalesce(e.clean_n, 0) AS clean_n,
           coalesce(a.amount, 0) AS adjusted, coalesce(y.n, 0) AS cash_n, coalesce(y.amount, 0) AS cash,
           coalesce(y.late_n, 0) AS late_n, coalesce(y.judged_n, 0) AS judged_n, r.net_ar AS billed_ar, r.ar_over_90,
           s.n AS suspended_n, s.amount AS suspended_amount,
           n.allowances, n.denial_write_offs, n.bad_debt, n.charity, n.other_deductions, n.npsr, n.net_ar,
           n.npsr_3, n.days_3, n.months_3, n.gross_3, coalesce(y.patient_cash, 0) AS patient_cash,
           coalesce(y.pos_cash, 0) AS pos_cash, d.amount AS dnfb_amount
      FROM billed b
      LEFT JOIN created e ON e.period_start = b.period_start
      LEFT JOIN adjudicated j ON j.period_start = b.period_start
      LEFT JOIN adj a ON a.period_start = b.period_start
      LEFT JOIN cash y ON y.period_start = b.period_start
      JOIN scorecard.ar_month_ends() r ON r.period_start = b.period_start
      JOIN suspended s ON s.period_start = b.period_start
      JOIN accrual n ON n.period_start = b.period_start
      JOIN dnfb d ON d.period_start = b.period_start
)
SELECT k.period_start,
       'month'::text AS period_grain,
       k.n AS billed_claims,
       k.amount AS billed_amount,
       k.adjusted AS adjustments,
       k.npsr AS net_revenue,
       k.cash AS cash_collected,
       k.net_ar,
       k.ar_over_90,
       CASE WHEN k.npsr_3 > 0 AND k.net_ar >= 0
            THEN round(scorecard.days_in_ar(k.net_ar, k.npsr_3, k.days_3), 1)
       END AS net_days_in_ar,
       round(k.ar_over_90 / NULLIF(k.billed_ar, 0), 4) AS ar_over_90_share,
       round(k.denied_n::numeric / NULLIF(k.adjudicated_n, 0), 4) AS initial_denial_rate,
       round(k.denied_amount / NULLIF(k.adjudicated_amount, 0), 4) AS initial_denial_rate_dollars,
       round(k.clean_n::numeric / NULLIF(k.created_n, 0), 4) AS clean_claim_rate,
       CASE WHEN k.npsr_3 > 0 THEN round(k.cash * k.months_3 / k.npsr_3, 4) END AS cash_collected_share,
       k.suspended_n AS suspended_claims,
       k.suspended_amount,
       k.cash_n AS payments_received,
       k.late_n AS payments_unreconciled_72h,
       round(k.late_n::numeric / NULLIF(k.judged_n, 0), 4) AS unreconciled_72h_share,
       k.judged_n AS payments_judged_72h,
       k.adjudicated_n::bigint AS claims_adjudicated,
       k.denied_n::bigint AS initial_denials,
       k.created_n AS claims_entering_edits,
       ((k.period_start + interval '1 month')::date - 1) + 3 <= t.today AS is_complete,
       k.billed_ar,
       k.allowances AS contractual_allowances,
       k.denial_write_offs,
       k.bad_debt,
       k.charity,
       k.other_deductions,
       k.npsr_3 AS net_revenue_3_months,
       k.days_3 AS days_3_months,
       CASE WHEN k.npsr > 0 THEN round(k.denial_write_offs / k.npsr, 4) END AS denial_write_off_share,
       round((k.bad_debt + k.charity) / NULLIF(k.amount, 0), 4) AS bad_debt_charity_share,
       k.dnfb_amount AS unbilled_amount,
       CASE WHEN k.gross_3 > 0 THEN round(k.dnfb_amount * k.days_3 / k.gross_3, 1) END AS days_in_dnfb,
       CASE WHEN k.gross_3 > 0 THEN round(k.suspended_amount * k.days_3 / k.gross_3, 1) END AS days_in_fbns,
       k.patient_cash,
       k.pos_cash AS point_of_service_cash,
       round(k.pos_cash / NULLIF(k.patient_cash, 0), 4) AS point_of_service_share
  FROM k
 CROSS JOIN (SELECT scorecard.today() AS today OFFSET 0) AS t;
COMMENT ON VIEW scorecard.revenue_cycle_kpis IS
    'Revenue-cycle KPIs per month with billing (HFMA MAP Keys in the source''s terms). Shares are fractions.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.period_start IS 'First day of the month.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.period_grain IS '''month''.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.billed_claims IS 'Claims billed in the month.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.billed_amount IS 'Amount billed in the month (gross).';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.adjustments IS 'Adjustments and write-offs posted in the month (every kind, as posted).';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.net_revenue IS 'Net patient service revenue (NPSR), accrual: billed_amount - contractual_allowances - denial_write_offs - bad_debt - charity - other_deductions (scorecard.net_patient_revenue).';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.cash_collected IS 'Payments received in the month (patient service cash collected).';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.net_ar IS 'Net A/R at month end (HFMA MAP): what is still expected of the open claims, net of their contractual allowances, write-offs, bad debt and charity (scorecard.claim_net_receivable); billed_ar is the gross open balance.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.ar_over_90 IS 'Open A/R over 90 days from the date of service (HFMA MAP) at month end; scorecard.ar_month_ends(''bill_date'') ages from the bill date.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.net_days_in_ar IS 'HFMA MAP net days in A/R: net_ar / average daily NPSR of the month and the two before it (net_revenue_3_months / days_3_months); NULL without net revenue in them.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.ar_over_90_share IS 'HFMA MAP aged A/R over 90 days as a share of billed A/R: ar_over_90 / billed_ar.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.initial_denial_rate IS 'HFMA MAP initial denial rate: initial_denials / claims_adjudicated.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.initial_denial_rate_dollars IS 'The same in dollars: amount of the initial denials / amount of the claims adjudicated.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.clean_claim_rate IS 'HFMA MAP clean claim rate: claims created in the month that passed every billing edit without manual intervention / claims_entering_edits (a claim still held by an edit counts against it).';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.cash_collected_share IS 'HFMA MAP cash collection as a share of NPSR: cash_collected / average monthly NPSR of the month and the two before it.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.suspended_claims IS 'Claims created but not billed at month end (awaiting billing; the source''s target is zero).';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.suspended_amount IS 'Their amount.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.payments_received IS 'Payments received in the month.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.payments_unreconciled_72h IS 'Of those, not reconciled against the invoice within 72 hours (3 days), as of scorecard.today().';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.unreconciled_72h_share IS 'payments_unreconciled_72h / payments_judged_72h.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.claims_adjudicated IS 'Claims whose first remittance (a denial, or the first payment received) fell in the month.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.initial_denials IS 'Of those, claims whose first remittance was a denial (denied_on on or before any payment received).';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.claims_entering_edits IS 'Claims created in the month (entering the billing edits), billed yet or not.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.is_complete IS 'Data maturity: true once the month has ended and the 72 hours of its last payments are over (month end + 3 days <= scorecard.today()), so no figure of the row still waits on the calendar (a posting entered late with an earlier date can still change it). False for the current month and the three days after it: a dashboard should mark or leave out such a row.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.billed_ar IS 'Open (billed, gross) A/R at month end: amounts billed less payments posted and adjustments made by then.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.contractual_allowances IS 'Contractual allowance of the month''s billing, accrued at billing (amount - expected reimbursement).';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.denial_write_offs IS 'Expected revenue written off in the month on denied claims.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.bad_debt IS 'Expected revenue written off in the month as bad debt.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.charity IS 'Expected revenue written off in the month as charity care.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.other_deductions IS 'Settlement differences (payments and contractual adjustments beyond the expected amount, negative when above it), other write-offs, refunds.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.net_revenue_3_months IS 'NPSR of the month and the two before it (fewer at the start of the data).';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.days_3_months IS 'Days in those months.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.denial_write_off_share IS 'HFMA MAP denial write-offs as a share of NPSR: denial_write_offs / net_revenue.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.bad_debt_charity_share IS 'HFMA MAP bad debt and charity as a share of gross revenue: (bad_debt + charity) / billed_amount.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.unbilled_amount IS 'Charges of the services delivered by month end that no claim created by then names (claim.service_id): discharged (served) not final billed.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.days_in_dnfb IS 'HFMA MAP days in discharged-not-final-billed: unbilled_amount / average daily gross revenue of the month and the two before it.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.days_in_fbns IS 'HFMA MAP days in final-billed-not-submitted: suspended_amount (claims created, not yet sent) / the same average daily gross revenue.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.patient_cash IS 'Cash received in the month from self-pay payers (patient cash).';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.point_of_service_cash IS 'Of it, collected at the point of service (payment.point_of_service).';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.point_of_service_share IS 'HFMA MAP point-of-service cash collections: point_of_service_cash / patient_cash.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.payments_judged_72h IS 'Payments received in the month whose 72 hours are decided as of scorecard.today(): reconciled within them, or past them. A payment younger than 72 hours and not yet reconciled is neither late nor on time.';

-- (After the view, which no longer calls it: 0.1.0's two-argument form
-- gives way to one with an age basis and more result columns.)
DROP FUNCTION scorecard.revenue_cycle_kpis_for(date, date);
CREATE OR REPLACE FUNCTION scorecard.revenue_cycle_kpis_for(period_start date, period_end date, age_basis text DEFAULT 'service_date')
RETURNS TABLE (billed_claims bigint, billed_amount numeric, adjustments numeric, net_revenue numeric,
               cash_collected numeric, net_ar numeric, ar_over_90 numeric, net_days_in_ar numeric,
               ar_over_90_share numeric, initial_denial_rate numeric, initial_denial_rate_dollars numeric,
               clean_claim_rate numeric, cash_collected_share numeric, suspended_claims bigint,
               suspended_amount numeric, payments_received bigint, payments_unreconciled_72h bigint,
               unreconciled_72h_share numeric, payments_judged_72h bigint, claims_adjudicated bigint,
               initial_denials bigint, claims_entering_edits bigint, is_complete boolean,
               billed_ar numeric, contractual_allowances numeric, net_revenue_3_months numeric, days_3_months integer,
               unbilled_amount numeric, days_in_dnfb numeric, days_in_fbns numeric, patient_cash numeric,
               point_of_service_cash numeric, point_of_service_share numeric)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    WITH billed AS (
        SELECT count(*) AS n, coalesce(sum(c.amount), 0) AS amount
          FROM scorecard.claim c
         WHERE c.bill_date BETWEEN revenue_cycle_kpis_for.period_start AND revenue_cycle_kpis_for.period_end
    ), created AS (
        -- Clean claim rate (HFMA MAP): of the claims entering the billing
        -- edits in the period (created then), those that passed every edit
        -- without manual intervention, billed yet or not: a claim still
        -- held by an edit counts against the rate.
        SELECT count(*) AS n, count(*) FILTER (WHERE c.edit_reason IS NULL) AS clean_n
          FROM scorecard.claim c
         WHERE c.created_on BETWEEN revenue_cycle_kpis_for.period_start AND revenue_cycle_kpis_for.period_end
    ), adjudicated AS (
        -- Claims whose first remittance (a denial, or the first payment
        -- received: claim.first_paid_on) falls in the period; initial
        -- denials: those whose first remittance was the denial.
        SELECT count(*) AS n, coalesce(sum(c.amount), 0) AS amount,
               count(*) FILTER (WHERE c.denied_on <= coalesce(c.first_paid_on, c.denied_on)) AS denied_n,
               coalesce(sum(c.amount) FILTER (WHERE c.denied_on <= coalesce(c.first_paid_on, c.denied_on)), 0) AS denied_amount
          FROM scorecard.claim c
         WHERE LEAST(c.denied_on, c.first_paid_on) BETWEEN revenue_cycle_kpis_for.period_start AND revenue_cycle_kpis_for.period_end
    ), adj AS (
        SELECT coalesce(sum(a.amount), 0) AS amount
          FROM scorecard.adjustment a
         WHERE a.adjusted_on BETWEEN revenue_cycle_kpis_for.period_start AND revenue_cycle_kpis_for.period_end
    ), cash AS (
        SELECT count(*) AS n, coalesce(sum(y.amount), 0) AS amount,
               count(*) FILTER (WHERE scorecard.reconciled_late(y.received_on, y.reconciled_on, t.today)) AS late_n,
               count(*) FILTER (WHERE scorecard.reconciled_late(y.received_on, y.reconciled_on, t.today)
                                   OR scorecard.reconciled_on_time(y.received_on, y.reconciled_on, t.today)) AS judged_n,
               coalesce(sum(y.amount) FILTER (WHERE p.payer_type = 'self-pay'), 0) AS patient_cash,
               coalesce(sum(y.amount) FILTER (WHERE p.payer_type = 'self-pay' AND y.point_of_service), 0) AS pos_cash
          FROM scorecard.payment y
          JOIN scorecard.payer p ON p.payer_id = y.payer_id
         CROSS JOIN (SELECT scorecard.today() AS today OFFSET 0) AS t  -- once, not per row
         WHERE y.received_on BETWEEN revenue_cycle_kpis_for.period_start AND revenue_cycle_kpis_for.period_end
    ), accrual AS (
        -- Accrual NPSR of the period and of HFMA MAP's window for average
        -- daily NPSR: from the first day of the month two before the
        -- period's last (not before the first billing) to period_end.
        SELECT n.gross_revenue, n.contractual_allowances, n.net_patient_revenue, n.net_ar, n.billed_ar,
               w.net_patient_revenue AS npsr_3, w.gross_revenue AS gross_3, revenue_cycle_kpis_for.period_end - ws.start + 1 AS days_3,
               (SELECT count(*) FROM generate_series(ws.start, revenue_cycle_kpis_for.period_end, interval '1 month')) AS months_3
          FROM scorecard.net_patient_revenue_for(revenue_cycle_kpis_for.period_start, revenue_cycle_kpis_for.period_end) AS n,
               (SELECT GREATEST((date_trunc('month', revenue_cycle_kpis_for.period_end::timestamp) - interval '2 months')::date,
                                (SELECT date_trunc('month', min(c.bill_date)::timestamp)::date FROM scorecard.claim c)) AS start) AS ws,
               scorecard.net_patient_revenue_for(ws.start, revenue_cycle_kpis_for.period_end) AS w
    ), ar AS (
        SELECT coalesce(sum(b.balance), 0) AS net_ar,
               scorecard.ar_aging(b.balance,
                                  CASE revenue_cycle_kpis_for.age_basis
                                      WHEN 'service_date' THEN b.service_from
                                      WHEN 'bill_date' THEN b.bill_date
                                      ELSE b.due_date
                                  END,
                                  revenue_cycle_kpis_for.period_end) AS aging
          FROM scorecard.open_claims_as_of(revenue_cycle_kpis_for.period_end) AS b
    ), unbilled AS (
        -- Services delivered by period end that no claim created by then
        -- names (discharged not final billed).
        SELECT coalesce(sum(s.charge), 0) AS amount
          FROM scorecard.service s
         WHERE s.service_at < (revenue_cycle_kpis_for.period_end + 1)::timestamptz
           AND NOT EXISTS (SELECT 1 FROM scorecard.claim c
                            WHERE c.service_id = s.service_id AND c.created_on <= revenue_cycle_kpis_for.period_end)
    ), suspended AS (
        SELECT count(*) AS n, coalesce(sum(c.amount), 0) AS amount
          FROM scorecard.claim c
         WHERE c.created_on <= revenue_cycle_kpis_for.period_end
           AND (c.bill_date IS NULL OR c.bill_date > revenue_cycle_kpis_for.period_end)
    )
    SELECT billed.n, billed.amount, adj.amount, accrual.net_patient_revenue, cash.amount,
           accrual.net_ar, coalesce((ar.aging).buckets[4] + (ar.aging).buckets[5], 0),
           CASE WHEN accrual.npsr_3 > 0 AND accrual.net_ar >= 0
                THEN round(scorecard.days_in_ar(accrual.net_ar, accrual.npsr_3, accrual.days_3), 1)
           END,
           round(((ar.aging).buckets[4] + (ar.aging).buckets[5]) / NULLIF((ar.aging).receivable, 0), 4),
           round(adjudicated.denied_n::numeric / NULLIF(adjudicated.n, 0), 4),
           round(adjudicated.denied_amount / NULLIF(adjudicated.amount, 0), 4),
           round(created.clean_n::numeric / NULLIF(created.n, 0), 4),
           CASE WHEN accrual.npsr_3 > 0 THEN round(cash.amount * accrual.months_3 / accrual.npsr_3, 4) END,
           suspended.n, suspended.amount, cash.n, cash.late_n,
           round(cash.late_n::numeric / NULLIF(cash.judged_n, 0), 4), cash.judged_n,
           adjudicated.n, adjudicated.denied_n, created.n,
           revenue_cycle_kpis_for.period_end + 3 <= scorecard.today(),
           accrual.billed_ar, accrual.contractual_allowances, accrual.npsr_3, accrual.days_3,
           unbilled.amount,
           CASE WHEN accrual.gross_3 > 0 THEN round(unbilled.amount * accrual.days_3 / accrual.gross_3, 1) END,
           CASE WHEN accrual.gross_3 > 0 THEN round(suspended.amount * accrual.days_3 / accrual.gross_3, 1) END,
           cash.patient_cash, cash.pos_cash, round(cash.pos_cash / NULLIF(cash.patient_cash, 0), 4)
      FROM billed, created, adjudicated, adj, cash, ar, suspended, accrual, unbilled,
           -- An unknown basis is refused (22023): aging_date raises.
           (SELECT scorecard.aging_date(revenue_cycle_kpis_for.age_basis, NULL::date, NULL::date, NULL::date) AS checked) AS v
     WHERE v.checked IS NULL;
END;
COMMENT ON FUNCTION scorecard.revenue_cycle_kpis_for(date, date, text) IS
    'HFMA-style revenue-cycle KPIs for one period [period_start, period_end] (no row when either is NULL): billing, accrual net patient service revenue (scorecard.net_patient_revenue_for), cash received, net A/R (net of expected allowances) and A/R over 90 days at period end (aged from the date of service as HFMA MAP does, or age_basis ''bill_date'' / ''due_date''), net days in A/R (HFMA MAP: net A/R / average daily NPSR from the first day of the month two before period_end''s, or of the first billing, to period_end), cash collected as a share of average monthly NPSR over the same months, days in discharged-not-final-billed and final-billed-not-submitted (over the average daily gross revenue of the same months), point-of-service collections, initial denial rate (HFMA MAP: claims whose first remittance in the period was a denial / claims first remitted in the period, by count and dollars), clean claim rate (HFMA MAP: claims created in the period that passed every edit / claims created in the period), cash collected share, suspended claims at period end, payments not reconciled within 72 hours (judged as of scorecard.today(): a payment younger than that with no reconciliation yet is not counted), and is_complete: period_end + 3 days <= scorecard.today().';

CREATE OR REPLACE VIEW scorecard.revenue_net_days_in_ar WITH (security_invoker = true) AS
SELECT k.period_start,
       k.net_ar * k.days_3_months AS numerator,
       k.net_revenue_3_months AS denominator
  FROM scorecard.revenue_cycle_kpis k
 WHERE k.net_revenue_3_months > 0 AND k.net_ar >= 0;
COMMENT ON VIEW scorecard.revenue_net_days_in_ar IS
    'Net days in A/R (HFMA MAP; lower is better; unit ''days'') as a measure source: numerator / denominator = net A/R at month end / (NPSR of the month and the two before it / days in them), the KPI of scorecard.revenue_cycle_kpis unrounded. Months without net revenue in those three, or with a credit net A/R, are left out (missing). A quarter''s figure is the sum of its months'' numerators over the sum of their denominators.';
COMMENT ON COLUMN scorecard.revenue_net_days_in_ar.period_start IS 'Month.';
COMMENT ON COLUMN scorecard.revenue_net_days_in_ar.numerator IS 'Net A/R at month end x days in the month and the two before it.';
COMMENT ON COLUMN scorecard.revenue_net_days_in_ar.denominator IS 'Accrual NPSR of the month and the two before it.';

CREATE OR REPLACE VIEW scorecard.service_line_pnl WITH (security_invoker = true) AS
WITH billed AS (
    -- Accrual revenue of the line's patients (scorecard.net_patient_revenue):
    -- R = gross charges billed, the contractual allowance accrued at
    -- billing, CD = what the month took off the expected revenue.
    SELECT n.period_start, n.service_line,
           sum(n.gross_revenue) AS revenue_billed,
           sum(n.contractual_allowances) AS contractual_allowances,
           sum(n.gross_revenue - n.contractual_allowances - n.net_patient_revenue) AS claims_denied
      FROM scorecard.net_patient_revenue n
     GROUP BY 1, 2
), months AS (
    SELECT DISTINCT a.period_start FROM scorecard.cost_allocation a
    UNION
    SELECT DISTINCT b.period_start FROM billed b
), volume AS (
    SELECT date_trunc('month', s.service_at)::date AS period_start, f.service_line,
           count(DISTINCT s.beneficiary_id) AS patients, count(*) AS encounters, sum(s.units) AS units
      FROM scorecard.service s
      JOIN scorecard.patient_factory f
        ON f.beneficiary_id = s.beneficiary_id
       AND (f.valid_from IS NULL OR s.service_at >= f.valid_from)
       AND (f.valid_until IS NULL OR s.service_at < f.valid_until)
     GROUP BY 1, 2
), costed AS (
    -- Costs as the factories carry them, allocated over every line
    -- (scorecard.cost_allocation): direct costs that followed the
    -- patient, indirect cost and reserve. A role that sees only some lines
    -- (row-level security) gets their figures exactly as the whole
    -- organisation's P&L has them.
    SELECT m.period_start, l.service_line,
           coalesce(al.direct_variable_cost, 0) AS direct_variable_cost,
           coalesce(al.direct_fixed_cost, 0) AS direct_fixed_cost,
           al.allocated_indirect_cost, al.reserve_contribution
      FROM months m
     CROSS JOIN scorecard.service_line l
      LEFT JOIN scorecard.cost_allocation al ON al.period_start = m.period_start AND al.service_line = l.service_line
), assembled AS (
    SELECT k.period_start, k.service_line,
           coalesce(v.patients, 0) AS patients, coalesce(v.encounters, 0) AS encounters, coalesce(v.units, 0) AS units,
           coalesce(bl.revenue_billed, 0) AS revenue_billed, coalesce(bl.contractual_allowances, 0) AS contractual_allowances,
           coalesce(bl.claims_denied, 0) AS claims_denied,
           k.direct_variable_cost, k.direct_fixed_cost, k.allocated_indirect_cost, k.reserve_contribution
      FROM costed k
      LEFT JOIN billed bl ON bl.period_start = k.period_start AND bl.service_line = k.service_line
      LEFT JOIN volume v ON v.period_start = k.period_start AND v.service_line = k.service_line
)
SELECT x.period_start,
       'month'::text AS period_grain,
       x.service_line,
       x.patients::bigint AS patients,
       x.encounters::bigint AS encounters,
       x.units,
       x.revenue_billed,
       x.contractual_allowances,
       x.claims_denied,
       x.revenue_billed - x.contractual_allowances - x.claims_denied AS net_revenue,
       x.direct_variable_cost,
       x.direct_fixed_cost,
       x.allocated_indirect_cost,
       x.direct_variable_cost + x.direct_fixed_cost + x.allocated_indirect_cost AS total_cost,
       x.revenue_billed - x.contractual_allowances - x.claims_denied
         - (x.direct_variable_cost + x.direct_fixed_cost + x.allocated_indirect_cost) AS margin,
       x.reserve_contribution,
       -- (R - CD) - (E + ARC), written out: CD is negative in a month that
       -- recovers more than it deducts (a written-off claim paid after
       -- all), which scorecard.solvency_gap refuses as an input.
       x.revenue_billed - x.contractual_allowances - x.claims_denied
         - (x.direct_variable_cost + x.direct_fixed_cost + x.allocated_indirect_cost) - x.reserve_contribution AS solvency_gap
  FROM assembled x;
COMMENT ON VIEW scorecard.service_line_pnl IS
    'Profit and loss of each service line (focused factory) per month, on accrual net patient service revenue (scorecard.net_patient_revenue). Revenue, deductions, volume and direct cost follow the line the patient was in on the date of service (scorecard.patient_factory); indirect cost and the reserve contribution are allocated by share of direct cost, exact to the cent (scorecard.cost_allocation).';
COMMENT ON COLUMN scorecard.service_line_pnl.period_start IS 'First day of the month.';
COMMENT ON COLUMN scorecard.service_line_pnl.period_grain IS '''month''.';
COMMENT ON COLUMN scorecard.service_line_pnl.service_line IS 'Service line (focused factory).';
COMMENT ON COLUMN scorecard.service_line_pnl.patients IS 'Patients of the line (on the date of service) served in the month, anywhere.';
COMMENT ON COLUMN scorecard.service_line_pnl.encounters IS 'Services delivered to the line''s patients in the month.';
COMMENT ON COLUMN scorecard.service_line_pnl.units IS 'Units of service delivered to the line''s patients.';
COMMENT ON COLUMN scorecard.service_line_pnl.revenue_billed IS 'Claims billed in the month for the line''s patients.';
COMMENT ON COLUMN scorecard.service_line_pnl.contractual_allowances IS 'Contractual allowance of the month''s billing, accrued at billing: amount - expected reimbursement under the payer''s contract.';
COMMENT ON COLUMN scorecard.service_line_pnl.claims_denied IS 'CD: what the month took off the expected revenue of the line''s claims: denial write-offs, bad debt, charity and settlement differences (scorecard.net_patient_revenue). A denied claim still being worked is not deducted; one written off is, when it is.';
COMMENT ON COLUMN scorecard.service_line_pnl.net_revenue IS 'Accrual net patient service revenue: revenue_billed - contractual_allowances - claims_denied (R - CD).';
COMMENT ON COLUMN scorecard.service_line_pnl.direct_variable_cost IS 'Variable cost of the services delivered to the line''s patients: every line''s own variable cost shared by the units it delivered to them.';
COMMENT ON COLUMN scorecard.service_line_pnl.direct_fixed_cost IS 'Fixed cost of the services delivered to the line''s patients, shared the same way.';
COMMENT ON COLUMN scorecard.service_line_pnl.allocated_indirect_cost IS 'Its share of the month''s indirect cost (by share of direct cost, to the cent).';
COMMENT ON COLUMN scorecard.service_line_pnl.total_cost IS 'Direct variable + direct fixed + allocated indirect (E).';
COMMENT ON COLUMN scorecard.service_line_pnl.margin IS 'net_revenue - total_cost.';
COMMENT ON COLUMN scorecard.service_line_pnl.reserve_contribution IS 'Its share of the month''s planned reserve contribution (ARC).';
COMMENT ON COLUMN scorecard.service_line_pnl.solvency_gap IS '(R - CD) - (E + ARC) for the line: margin - reserve_contribution; negative: the line does not carry its share.';

CREATE OR REPLACE FUNCTION scorecard.break_even_on_net(fixed_costs numeric, reserve numeric, net_revenue numeric,
                                                      variable_cost numeric, encounters bigint)
RETURNS TABLE (encounters_needed bigint, status text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT CASE WHEN break_even_on_net.encounters > 0 AND break_even_on_net.net_revenue > break_even_on_net.variable_cost
                THEN ceil((break_even_on_net.fixed_costs + break_even_on_net.reserve) * break_even_on_net.encounters
                          / (break_even_on_net.net_revenue - break_even_on_net.variable_cost))::bigint
           END,
           CASE WHEN break_even_on_net.encounters = 0 OR break_even_on_net.net_revenue <= break_even_on_net.variable_cost
                THEN 'no break-even'
                WHEN break_even_on_net.net_revenue - break_even_on_net.variable_cost - break_even_on_net.fixed_costs
                     >= break_even_on_net.reserve
                THEN 'at or above break-even'
                ELSE 'below break-even'
           END;
END;
COMMENT ON FUNCTION scorecard.break_even_on_net(numeric, numeric, numeric, numeric, bigint) IS
    'Break-even of a month''s delivery on net reimbursement, from its totals: encounters needed = ceil((fixed_costs + reserve) / (net revenue per encounter - variable cost per encounter)); status ''at or above break-even'' exactly when net_revenue - variable_cost - fixed_costs >= reserve, else ''below break-even''; ''no break-even'' (encounters needed NULL) without encounters or when net revenue does not exceed variable cost.';

CREATE OR REPLACE VIEW scorecard.service_line_break_even WITH (security_invoker = true) AS
WITH pnl AS (
    SELECT l.period_start, l.service_line, l.encounters, l.direct_variable_cost, l.direct_fixed_cost,
           l.allocated_indirect_cost, l.reserve_contribution, l.claims_denied, l.revenue_billed, l.net_revenue
      FROM scorecard.service_line_pnl l
), mix AS (
    -- Mix-weighted charge per encounter across the acuity levels the
    -- line's patients were served at (the gross price, for reference).
    SELECT p.period_start, p.service_line,
           scorecard.mix_price(p.charge_per_encounter, p.encounters) AS unit_price
      FROM (SELECT date_trunc('month', s.service_at)::date AS period_start, b.service_line,
                   coalesce(s.acuity_level, 'unknown') AS acuity_level,
                   sum(s.charge) / count(*) AS charge_per_encounter, count(*) AS encounters
              FROM scorecard.service s
              JOIN scorecard.patient_factory b
                ON b.beneficiary_id = s.beneficiary_id
               AND (b.valid_from IS NULL OR s.service_at >= b.valid_from)
               AND (b.valid_until IS NULL OR s.service_at < b.valid_until)
             GROUP BY 1, 2, 3) AS p
     GROUP BY p.period_start, p.service_line
), inputs AS (
    SELECT l.period_start, l.service_line, l.encounters, l.net_revenue, l.direct_variable_cost,
           l.direct_fixed_cost + coalesce(l.allocated_indirect_cost, 0) AS fixed_costs,
           coalesce(l.reserve_contribution, 0) AS reserve,
           m.unit_price,
           coalesce(round(l.claims_denied / NULLIF(l.revenue_billed, 0), 4), 0) AS denial_rate
      FROM pnl l
      JOIN mix m ON m.period_start = l.period_start AND m.service_line = l.service_line
)
SELECT i.period_start,
       'month'::text AS period_grain,
       i.service_line,
       i.fixed_costs,
       i.reserve,
       round(i.unit_price, 2) AS unit_price,
       i.denial_rate,
       round(i.net_revenue / NULLIF(i.encounters, 0), 2) AS net_unit_price,
       round(i.direct_variable_cost / NULLIF(i.encounters, 0), 2) AS variable_cost,
       c.encounters_needed,
       i.encounters AS encounters_delivered,
       c.status
  FROM inputs i
 CROSS JOIN LATERAL scorecard.break_even_on_net(i.fixed_costs, i.reserve, i.net_revenue, i.direct_variable_cost,
                                                i.encounters) AS c;
COMMENT ON VIEW scorecard.service_line_break_even IS
    'Break-even of each service line per month on net reimbursement: fixed costs (direct fixed + allocated indirect) and reserve over the accrual net revenue per encounter less the month''s variable cost per encounter (scorecard.break_even_on_net); encounters needed against encounters delivered. Consistent with scorecard.service_line_pnl by construction: at or above break-even exactly when margin >= reserve_contribution.';
COMMENT ON COLUMN scorecard.service_line_break_even.period_start IS 'First day of the month.';
COMMENT ON COLUMN scorecard.service_line_break_even.period_grain IS '''month''.';
COMMENT ON COLUMN scorecard.service_line_break_even.service_line IS 'Service line.';
COMMENT ON COLUMN scorecard.service_line_break_even.fixed_costs IS 'Direct fixed cost + allocated indirect cost of the month.';
COMMENT ON COLUMN scorecard.service_line_break_even.reserve IS 'Reserve contribution assigned to the line.';
COMMENT ON COLUMN scorecard.service_line_break_even.unit_price IS 'Mix-weighted gross charge per encounter across acuity levels (scorecard.mix_price), for reference.';
COMMENT ON COLUMN scorecard.service_line_break_even.denial_rate IS 'Share of the month''s gross revenue deducted beyond the contractual allowance (claims_denied / revenue_billed of the P&L), for reference.';
COMMENT ON COLUMN scorecard.service_line_break_even.net_unit_price IS 'Accrual net revenue per encounter delivered (net_revenue / encounters of the P&L): the price break-even uses.';
COMMENT ON COLUMN scorecard.service_line_break_even.variable_cost IS 'Direct variable cost per encounter delivered in the month.';
COMMENT ON COLUMN scorecard.service_line_break_even.encounters_needed IS 'Encounters needed to cover fixed costs and reserve at net_unit_price and variable_cost (exact, rounded up); NULL when no break-even exists.';
COMMENT ON COLUMN scorecard.service_line_break_even.encounters_delivered IS 'Encounters delivered to the line''s patients.';
COMMENT ON COLUMN scorecard.service_line_break_even.status IS '''at or above break-even'' (margin covers the reserve), ''below break-even'', or ''no break-even'' (no encounters, or net revenue does not exceed variable cost).';

CREATE OR REPLACE VIEW scorecard.acuity_break_even WITH (security_invoker = true) AS
WITH by_level AS (
    SELECT date_trunc('month', s.service_at)::date AS period_start, b.service_line,
           coalesce(s.acuity_level, 'unknown') AS acuity_level,
           count(*) AS encounters, sum(s.charge) AS charges
      FROM scorecard.service s
      JOIN scorecard.patient_factory b
        ON b.beneficiary_id = s.beneficiary_id
       AND (b.valid_from IS NULL OR s.service_at >= b.valid_from)
       AND (b.valid_until IS NULL OR s.service_at < b.valid_until)
     GROUP BY 1, 2, 3
), revenue AS (
    -- Accrual net revenue of the line's claims at each level (the level of
    -- each claim's service).
    SELECT n.period_start, n.service_line, n.acuity_level, sum(n.net_patient_revenue) AS net_revenue
      FROM scorecard.net_patient_revenue n
     GROUP BY 1, 2, 3
), shared AS (
    SELECT l.*, l.charges / NULLIF(sum(l.charges) OVER (PARTITION BY l.period_start, l.service_line), 0) AS share
      FROM by_level l
), inputs AS (
    SELECT h.period_start, h.service_line, h.acuity_level, h.encounters,
           round((p.direct_fixed_cost + coalesce(p.allocated_indirect_cost, 0)) * h.share, 2) AS fixed_costs,
           round(coalesce(p.reserve_contribution, 0) * h.share, 2) AS reserve,
           round(h.charges / h.encounters, 2) AS unit_price,
           coalesce(r.net_revenue, 0) AS net_revenue,
           coalesce(round(p.claims_denied / NULLIF(p.revenue_billed, 0), 4), 0) AS denial_rate,
           round(p.direct_variable_cost * h.share, 2) AS variable_cost
      FROM shared h
      JOIN scorecard.service_line_pnl p ON p.period_start = h.period_start AND p.service_line = h.service_line
      LEFT JOIN revenue r ON r.period_start = h.period_start AND r.service_line = h.service_line
                         AND r.acuity_level = h.acuity_level
)
SELECT i.period_start,
       'month'::text AS period_grain,
       i.service_line,
       i.acuity_level,
       i.fixed_costs,
       i.reserve,
       i.unit_price,
       i.denial_rate,
       round(i.variable_cost / i.encounters, 2) AS variable_cost,
       c.encounters_needed,
       i.encounters AS encounters_delivered,
       c.status,
       round(i.net_revenue / i.encounters, 2) AS net_unit_price,
       i.net_revenue,
       i.net_revenue - i.variable_cost - i.fixed_costs AS margin
  FROM inputs i
 CROSS JOIN LATERAL scorecard.break_even_on_net(i.fixed_costs, i.reserve, i.net_revenue, i.variable_cost,
                                                i.encounters) AS c;
COMMENT ON VIEW scorecard.acuity_break_even IS
    'Break-even per service line and acuity level per month on net reimbursement: the line''s fixed cost (direct + allocated indirect), reserve and variable cost shared by each level''s share of the line''s charges (to the cent); the level''s accrual net revenue per encounter (claims at the level of their service); encounters needed against delivered (scorecard.break_even_on_net): at or above break-even exactly when the level''s margin covers its share of the reserve.';
COMMENT ON COLUMN scorecard.acuity_break_even.period_start IS 'First day of the month.';
COMMENT ON COLUMN scorecard.acuity_break_even.period_grain IS '''month''.';
COMMENT ON COLUMN scorecard.acuity_break_even.service_line IS 'Service line (of the patients).';
COMMENT ON COLUMN scorecard.acuity_break_even.acuity_level IS 'Acuity level of the services (''unknown'' where none is recorded).';
COMMENT ON COLUMN scorecard.acuity_break_even.fixed_costs IS 'The line''s fixed and allocated indirect cost, shared by the level''s charges.';
COMMENT ON COLUMN scorecard.acuity_break_even.reserve IS 'The line''s reserve contribution, shared the same way.';
COMMENT ON COLUMN scorecard.acuity_break_even.unit_price IS 'Gross charge per encounter at the level, for reference.';
COMMENT ON COLUMN scorecard.acuity_break_even.denial_rate IS 'The line''s share of gross revenue deducted beyond the contractual allowance in the month, for reference.';
COMMENT ON COLUMN scorecard.acuity_break_even.net_unit_price IS 'Accrual net revenue per encounter at the level: the price break-even uses.';
COMMENT ON COLUMN scorecard.acuity_break_even.variable_cost IS 'The line''s variable cost shared by the level''s charges, per encounter.';
COMMENT ON COLUMN scorecard.acuity_break_even.encounters_needed IS 'Encounters needed at net_unit_price and variable_cost to cover the level''s fixed costs and reserve (exact, rounded up); NULL when no break-even exists.';
COMMENT ON COLUMN scorecard.acuity_break_even.encounters_delivered IS 'Encounters at the level.';
COMMENT ON COLUMN scorecard.acuity_break_even.status IS '''at or above break-even'' (margin covers the reserve share), ''below break-even'' or ''no break-even''.';
COMMENT ON COLUMN scorecard.acuity_break_even.net_revenue IS 'Accrual net revenue of the level''s claims in the month.';
COMMENT ON COLUMN scorecard.acuity_break_even.margin IS 'net_revenue - its share of variable cost - its share of fixed costs.';


-- ---------------------------------------------------------------------
-- Quarterly target prices per service line (scorecard.target_price, under
-- the service-line policy) against the rate-setting unit cost
-- (scorecard.target_price_gaps).
-- ---------------------------------------------------------------------
-- Target prices per service line, set each fiscal quarter and revised when
-- cost reports arrive (the source); compared with the rate-setting unit
-- cost in scorecard.target_price_gaps.
CREATE TABLE scorecard.target_price (
    service_line  text NOT NULL REFERENCES scorecard.service_line (service_line) ON UPDATE CASCADE,
    quarter_start date NOT NULL
        CONSTRAINT target_price_quarter_start_in_range CHECK (quarter_start BETWEEN DATE '1900-01-01' AND DATE '2199-12-31'),
    set_on        date NOT NULL
        CONSTRAINT target_price_set_on_in_range CHECK (set_on BETWEEN DATE '1900-01-01' AND DATE '2199-12-31'),
    price         numeric NOT NULL
        CONSTRAINT target_price_price_in_range CHECK (price > 0 AND price < 1e15),
    basis         text,
    PRIMARY KEY (service_line, quarter_start, set_on)
);
COMMENT ON TABLE scorecard.target_price IS
    'Target price per unit of service of each service line for a fiscal quarter, as set at the quarter''s start and revised (a later set_on) when cost reports arrive; the latest revision is in force.';
COMMENT ON COLUMN scorecard.target_price.service_line IS 'Service line.';
COMMENT ON COLUMN scorecard.target_price.quarter_start IS 'First day of the fiscal quarter (of the organisation''s fiscal year, scorecard.fiscal_year_start()).';
COMMENT ON COLUMN scorecard.target_price.set_on IS 'When this price was set: the first row of a quarter sets it, a later one revises it.';
COMMENT ON COLUMN scorecard.target_price.price IS 'Target price per unit of service (positive).';
COMMENT ON COLUMN scorecard.target_price.basis IS 'What it rests on (e.g. the rate-setting unit cost of a month, a cost report).';

CREATE OR REPLACE FUNCTION scorecard.target_price_check()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NEW.quarter_start <> scorecard.period_start('quarter', NEW.quarter_start, scorecard.fiscal_year_start()) THEN
        RAISE EXCEPTION 'target price of % for % does not start a fiscal quarter (the quarter starts %)', NEW.service_line,
            scorecard.date_text(NEW.quarter_start),
            scorecard.date_text(scorecard.period_start('quarter', NEW.quarter_start, scorecard.fiscal_year_start()))
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION scorecard.target_price_check() IS
    'Trigger function: refuses a target price whose quarter_start is not the first day of a fiscal quarter.';
CREATE OR REPLACE TRIGGER target_price_check BEFORE INSERT OR UPDATE ON scorecard.target_price
    FOR EACH ROW EXECUTE FUNCTION scorecard.target_price_check();

SELECT pg_catalog.pg_extension_config_dump('scorecard.target_price', '');
CREATE POLICY service_line_access ON scorecard.target_price
    USING ((SELECT scorecard.visible_service_lines()) IS NULL OR service_line = ANY (CAST((SELECT scorecard.visible_service_lines()) AS text[])));
ALTER TABLE scorecard.target_price ENABLE ROW LEVEL SECURITY;

CREATE OR REPLACE VIEW scorecard.target_price_gaps WITH (security_invoker = true) AS
WITH prices AS (
    SELECT t.service_line, t.quarter_start,
           (array_agg(t.price ORDER BY t.set_on))[1] AS price_set,
           (array_agg(t.price ORDER BY t.set_on DESC))[1] AS price,
           max(t.set_on) AS set_on,
           (count(*) - 1)::integer AS revisions
      FROM scorecard.target_price t
     GROUP BY t.service_line, t.quarter_start
)
SELECT r.period_start,
       'month'::text AS period_grain,
       r.service_line,
       p.quarter_start,
       p.price_set,
       p.price AS target_price,
       p.set_on AS price_set_on,
       p.revisions,
       r.unit_cost,
       p.price - r.unit_cost AS gap,
       round((p.price - r.unit_cost) / NULLIF(r.unit_cost, 0), 4) AS gap_share,
       CASE WHEN r.unit_cost IS NULL THEN 'no unit cost'
            WHEN p.price >= r.unit_cost THEN 'covers unit cost'
            ELSE 'below unit cost' END AS status
  FROM scorecard.service_line_rate_setting r
  JOIN prices p ON p.service_line = r.service_line
               AND r.period_start >= p.quarter_start
               AND r.period_start < (p.quarter_start + interval '3 months')::date;
COMMENT ON VIEW scorecard.target_price_gaps IS
    'Each service line''s target price for the quarter (scorecard.target_price, latest revision) against its rate-setting unit cost (scorecard.service_line_rate_setting) in each month of the quarter: the gap, and whether the price covers the cost.';
COMMENT ON COLUMN scorecard.target_price_gaps.period_start IS 'First day of the month.';
COMMENT ON COLUMN scorecard.target_price_gaps.period_grain IS '''month''.';
COMMENT ON COLUMN scorecard.target_price_gaps.service_line IS 'Service line.';
COMMENT ON COLUMN scorecard.target_price_gaps.quarter_start IS 'First day of the fiscal quarter the price is for.';
COMMENT ON COLUMN scorecard.target_price_gaps.price_set IS 'The price as first set for the quarter.';
COMMENT ON COLUMN scorecard.target_price_gaps.target_price IS 'The price in force: the latest revision.';
COMMENT ON COLUMN scorecard.target_price_gaps.price_set_on IS 'When the price in force was set.';
COMMENT ON COLUMN scorecard.target_price_gaps.revisions IS 'How many times the quarter''s price was revised.';
COMMENT ON COLUMN scorecard.target_price_gaps.unit_cost IS 'Rate-setting unit cost of the month (actual 2 months + projected 2, per unit of service).';
COMMENT ON COLUMN scorecard.target_price_gaps.gap IS 'target_price - unit_cost: negative when the price does not cover the cost.';
COMMENT ON COLUMN scorecard.target_price_gaps.gap_share IS 'gap / unit_cost.';
COMMENT ON COLUMN scorecard.target_price_gaps.status IS '''covers unit cost'', ''below unit cost'', or ''no unit cost'' (fewer than 3 months of history).';


-- ---------------------------------------------------------------------
-- The source's billing controls: pre-billing QA with timestamps
-- (scorecard.claim_edit; a claim is never billed with an open edit, held
-- from both sides: claim_check above and claim_edit_check), billing runs
-- with their pre-billing report, readiness, corrections within 48 hours,
-- suspended claims by category.
-- ---------------------------------------------------------------------
CREATE TABLE scorecard.claim_edit (
    edit_id      text PRIMARY KEY,
    claim_id     text NOT NULL REFERENCES scorecard.claim (claim_id) ON UPDATE CASCADE ON DELETE CASCADE,
    category     text NOT NULL,
    found_at     timestamptz NOT NULL
        CONSTRAINT claim_edit_found_at_in_range CHECK (found_at >= TIMESTAMPTZ '1900-01-01 00:00+00' AND found_at < TIMESTAMPTZ '2200-01-01 00:00+00'),
    returned_to  text
        CONSTRAINT claim_edit_returned_to_known CHECK (returned_to IN ('clinician', 'clerk')),
    returned_at  timestamptz
        CONSTRAINT claim_edit_returned_at_in_range CHECK (returned_at < TIMESTAMPTZ '2200-01-01 00:00+00'),
    corrected_at timestamptz
        CONSTRAINT claim_edit_corrected_at_in_range CHECK (corrected_at < TIMESTAMPTZ '2200-01-01 00:00+00'),
    CONSTRAINT claim_edit_returned_with_whom CHECK ((returned_to IS NULL) = (returned_at IS NULL)),
    CONSTRAINT claim_edit_returned_after_found CHECK (returned_at >= found_at),
    CONSTRAINT claim_edit_corrected_after_found CHECK (corrected_at >= found_at)
);
COMMENT ON TABLE scorecard.claim_edit IS
    'Pre-billing quality assurance: each billing edit a claim hit, when it was found, to whom and when it was returned for correction, and when it was corrected (the source''s target: within 48 hours). A claim is never billed while an edit found before the end of its bill date is still open (23514).';
COMMENT ON COLUMN scorecard.claim_edit.edit_id IS 'Identifier of the edit hit.';
COMMENT ON COLUMN scorecard.claim_edit.claim_id IS 'The claim it held.';
COMMENT ON COLUMN scorecard.claim_edit.category IS 'Category of error (e.g. ''missing authorization'', ''invalid diagnosis code'', ''missing clinician signature''): the suspended-claims reports group by it.';
COMMENT ON COLUMN scorecard.claim_edit.found_at IS 'When the edit was found (the claim entered suspense).';
COMMENT ON COLUMN scorecard.claim_edit.returned_to IS 'clinician or clerk: who was asked to correct it; NULL while not returned.';
COMMENT ON COLUMN scorecard.claim_edit.returned_at IS 'When it was returned to them.';
COMMENT ON COLUMN scorecard.claim_edit.corrected_at IS 'When it was corrected; NULL while open. Never before found_at.';

CREATE INDEX claim_edit_claim_idx ON scorecard.claim_edit (claim_id);
CREATE INDEX claim_edit_found_at_idx ON scorecard.claim_edit (found_at);

-- The rule from the edit's side: rewrites the claim row first (a no-op
-- update) so that billing the claim and correcting or adding its edit
-- serialise on it; claim_check holds the rule from the claim's side.
CREATE OR REPLACE FUNCTION scorecard.claim_edit_check()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    billed date;
BEGIN
    UPDATE scorecard.claim c SET claim_id = c.claim_id WHERE c.claim_id = NEW.claim_id RETURNING c.bill_date INTO billed;
    IF billed IS NOT NULL AND NEW.found_at < (billed + 1)::timestamptz
       AND (NEW.corrected_at IS NULL OR NEW.corrected_at >= (billed + 1)::timestamptz) THEN
        RAISE EXCEPTION 'edit % (%) of claim % was found % and is not corrected by its bill date %', NEW.edit_id,
            NEW.category, NEW.claim_id, to_char(NEW.found_at, 'YYYY-MM-DD HH24:MI TZ'), scorecard.date_text(billed)
            USING ERRCODE = 'check_violation',
                  HINT = 'Suspended claims must be corrected before the bill goes out: record the correction time, or the edit as found after billing.';
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION scorecard.claim_edit_check() IS
    'Trigger function: refuses (23514) an edit found before the end of its claim''s bill date and not corrected by then.';
CREATE OR REPLACE TRIGGER claim_edit_check AFTER INSERT OR UPDATE ON scorecard.claim_edit
    FOR EACH ROW EXECUTE FUNCTION scorecard.claim_edit_check();

SELECT pg_catalog.pg_extension_config_dump('scorecard.claim_edit', '');

CREATE TABLE scorecard.billing_run (
    run_on               date PRIMARY KEY
        CONSTRAINT billing_run_run_on_in_range CHECK (run_on BETWEEN DATE '1900-01-08' AND DATE '2199-12-31'),
    prebilling_report_on date GENERATED ALWAYS AS (run_on - 7) STORED,
    released_at          timestamptz
        CONSTRAINT billing_run_released_at_in_range CHECK (released_at >= TIMESTAMPTZ '1900-01-01 00:00+00' AND released_at < TIMESTAMPTZ '2200-01-01 00:00+00'),
    note                 text
);
COMMENT ON TABLE scorecard.billing_run IS
    'Billing runs: the day bills go out, the pre-billing report a week before (the source), and when the run was released. A run may be released with claims still held by edits: they stay out of it (a claim is never billed with an open edit) and scorecard.billing_run_readiness flags them.';
COMMENT ON COLUMN scorecard.billing_run.run_on IS 'Day of the run.';
COMMENT ON COLUMN scorecard.billing_run.prebilling_report_on IS 'Day of its pre-billing report: one week before (run_on - 7).';
COMMENT ON COLUMN scorecard.billing_run.released_at IS 'When the run was released; NULL while planned.';
COMMENT ON COLUMN scorecard.billing_run.note IS 'Free text.';

SELECT pg_catalog.pg_extension_config_dump('scorecard.billing_run', '');

-- Claims held by an open edit at a moment: created by then, not billed by
-- then, with an edit found by then and not corrected by then.
CREATE OR REPLACE FUNCTION scorecard.suspended_claims_at(at_time timestamptz)
RETURNS TABLE (claim_id text, payer_id text, beneficiary_id text, service_from date, amount numeric,
               edit_id text, category text, found_at timestamptz, returned_to text, returned_at timestamptz,
               hours_open numeric, correct_by timestamptz)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT c.claim_id, c.payer_id, c.beneficiary_id, c.service_from, c.amount,
           e.edit_id, e.category, e.found_at,
           CASE WHEN e.returned_at <= suspended_claims_at.at_time THEN e.returned_to END,
           CASE WHEN e.returned_at <= suspended_claims_at.at_time THEN e.returned_at END,
           round(extract(epoch FROM suspended_claims_at.at_time - e.found_at) / 3600, 1),
           e.found_at + interval '48 hours'
      FROM scorecard.claim_edit e
      JOIN scorecard.claim c ON c.claim_id = e.claim_id
     WHERE e.found_at <= suspended_claims_at.at_time
       AND (e.corrected_at IS NULL OR e.corrected_at > suspended_claims_at.at_time)
       AND (c.bill_date IS NULL OR (c.bill_date + 1)::timestamptz > suspended_claims_at.at_time);
END;
COMMENT ON FUNCTION scorecard.suspended_claims_at(timestamptz) IS
    'The claims held by an open billing edit at at_time (not billed by then; the edit found by then and not corrected by then), one row per open edit, with how long it has been open and when it is due corrected (found_at + 48 hours).';

CREATE OR REPLACE VIEW scorecard.prebilling_report WITH (security_invoker = true) AS
SELECT r.run_on, r.prebilling_report_on, s.claim_id, s.payer_id, s.beneficiary_id, s.service_from, s.amount,
       s.edit_id, s.category, s.found_at::date AS found_on, s.returned_to, s.returned_at::date AS returned_on,
       s.hours_open, 48 - s.hours_open AS hours_left,
       s.correct_by < scorecard.report_time(r.prebilling_report_on) AS overdue
  FROM scorecard.billing_run r
 CROSS JOIN LATERAL scorecard.suspended_claims_at(scorecard.report_time(r.prebilling_report_on)) AS s;
COMMENT ON VIEW scorecard.prebilling_report IS
    'The pre-billing report of every billing run, a week before it (the source): the claims held by open edits at the end of the report''s day, with the edit''s category, who has it and since when, and whether its 48 hours are past. (Exact times: scorecard.suspended_claims_at.)';
COMMENT ON COLUMN scorecard.prebilling_report.run_on IS 'Billing run.';
COMMENT ON COLUMN scorecard.prebilling_report.prebilling_report_on IS 'Day of the report (run_on - 7).';
COMMENT ON COLUMN scorecard.prebilling_report.claim_id IS 'Claim held.';
COMMENT ON COLUMN scorecard.prebilling_report.payer_id IS 'Payer.';
COMMENT ON COLUMN scorecard.prebilling_report.beneficiary_id IS 'Beneficiary.';
COMMENT ON COLUMN scorecard.prebilling_report.service_from IS 'First date of service.';
COMMENT ON COLUMN scorecard.prebilling_report.amount IS 'Amount of the claim.';
COMMENT ON COLUMN scorecard.prebilling_report.edit_id IS 'The open edit.';
COMMENT ON COLUMN scorecard.prebilling_report.category IS 'Category of error.';
COMMENT ON COLUMN scorecard.prebilling_report.found_on IS 'Day it was found (session time zone).';
COMMENT ON COLUMN scorecard.prebilling_report.returned_to IS 'clinician or clerk, once returned.';
COMMENT ON COLUMN scorecard.prebilling_report.returned_on IS 'Day it was returned.';
COMMENT ON COLUMN scorecard.prebilling_report.hours_open IS 'Hours open at the end of the report''s day.';
COMMENT ON COLUMN scorecard.prebilling_report.hours_left IS '48 - hours_open: hours left of the source''s 48 for the correction (negative when past).';
COMMENT ON COLUMN scorecard.prebilling_report.overdue IS 'Past its 48 hours at the report.';

CREATE OR REPLACE VIEW scorecard.billing_run_readiness WITH (security_invoker = true) AS
SELECT r.run_on, r.prebilling_report_on, r.released_at IS NOT NULL AS released, r.released_at::date AS released_on,
       coalesce(p.claims, 0) AS held_at_prebilling, coalesce(p.amount, 0) AS amount_at_prebilling,
       coalesce(p.overdue, 0) AS overdue_at_prebilling,
       coalesce(h.claims, 0) AS held_at_run, coalesce(h.amount, 0) AS amount_at_run,
       coalesce(h.claims, 0) = 0 AS ready,
       CASE WHEN coalesce(h.claims, 0) = 0 THEN 'ready' ELSE 'claims held by edits' END AS status_label
  FROM scorecard.billing_run r
  LEFT JOIN LATERAL (SELECT count(DISTINCT s.claim_id) AS claims, sum(s.amount) FILTER (WHERE s.first_of_claim) AS amount,
                            count(DISTINCT s.claim_id) FILTER (WHERE s.correct_by < scorecard.report_time(r.prebilling_report_on)) AS overdue
                       FROM (SELECT x.*, row_number() OVER (PARTITION BY x.claim_id ORDER BY x.edit_id) = 1 AS first_of_claim
                               FROM scorecard.suspended_claims_at(scorecard.report_time(r.prebilling_report_on)) AS x) AS s) AS p ON true
  LEFT JOIN LATERAL (SELECT count(DISTINCT s.claim_id) AS claims, sum(s.amount) FILTER (WHERE s.first_of_claim) AS amount
                       FROM (SELECT x.*, row_number() OVER (PARTITION BY x.claim_id ORDER BY x.edit_id) = 1 AS first_of_claim
                               FROM scorecard.suspended_claims_at(coalesce(r.released_at, scorecard.report_time(r.run_on))) AS x) AS s) AS h ON true;
COMMENT ON VIEW scorecard.billing_run_readiness IS
    'Each billing run: the claims held by open edits at its pre-billing report (count, dollars, past their 48 hours) and when it is released (or at the end of its day): the source wants the latter zero before the bill goes out. Held claims never go out with the run (a claim is not billed with an open edit); a run with some is flagged, not refused.';
COMMENT ON COLUMN scorecard.billing_run_readiness.run_on IS 'Billing run.';
COMMENT ON COLUMN scorecard.billing_run_readiness.prebilling_report_on IS 'Its pre-billing report''s day.';
COMMENT ON COLUMN scorecard.billing_run_readiness.released IS 'Whether the run was released.';
COMMENT ON COLUMN scorecard.billing_run_readiness.released_on IS 'Day it was released; NULL while planned.';
COMMENT ON COLUMN scorecard.billing_run_readiness.held_at_prebilling IS 'Claims held by open edits at the end of the pre-billing report''s day.';
COMMENT ON COLUMN scorecard.billing_run_readiness.amount_at_prebilling IS 'Their amount.';
COMMENT ON COLUMN scorecard.billing_run_readiness.overdue_at_prebilling IS 'Of those, claims with an edit open more than 48 hours.';
COMMENT ON COLUMN scorecard.billing_run_readiness.held_at_run IS 'Claims still held when the run was released (or at the end of its day while planned).';
COMMENT ON COLUMN scorecard.billing_run_readiness.amount_at_run IS 'Their amount.';
COMMENT ON COLUMN scorecard.billing_run_readiness.ready IS 'held_at_run = 0.';
COMMENT ON COLUMN scorecard.billing_run_readiness.status_label IS '''ready'' or ''claims held by edits''.';

CREATE OR REPLACE VIEW scorecard.suspended_claims_by_category WITH (security_invoker = true) AS
SELECT scorecard.today() AS as_of_date, s.category, count(DISTINCT s.claim_id) AS claims, sum(s.amount) AS amount,
       count(*) FILTER (WHERE s.correct_by < scorecard.report_time(scorecard.today())) AS past_48_hours,
       max(s.hours_open) AS oldest_hours_open
  FROM scorecard.suspended_claims_at(scorecard.report_time(scorecard.today())) AS s
 GROUP BY s.category;
COMMENT ON VIEW scorecard.suspended_claims_by_category IS
    'Suspended claims by category of error as of scorecard.today() (end of day): claims held by open edits, their amount, the edits past their 48 hours and the oldest. A claim with edits of two categories counts in both.';
COMMENT ON COLUMN scorecard.suspended_claims_by_category.as_of_date IS 'scorecard.today().';
COMMENT ON COLUMN scorecard.suspended_claims_by_category.category IS 'Category of error.';
COMMENT ON COLUMN scorecard.suspended_claims_by_category.claims IS 'Claims held by an open edit of the category.';
COMMENT ON COLUMN scorecard.suspended_claims_by_category.amount IS 'Their amount.';
COMMENT ON COLUMN scorecard.suspended_claims_by_category.past_48_hours IS 'Open edits of the category found more than 48 hours before.';
COMMENT ON COLUMN scorecard.suspended_claims_by_category.oldest_hours_open IS 'Hours the oldest open edit has been open at the end of the day.';

-- Corrections within 48 hours, by month found: an edit is judged once it
-- is corrected or its 48 hours are over as of scorecard.today().
CREATE OR REPLACE VIEW scorecard.edit_corrections WITH (security_invoker = true) AS
SELECT date_trunc('month', e.found_at)::date AS period_start,
       'month'::text AS period_grain,
       count(*) AS edits_found,
       count(*) FILTER (WHERE e.corrected_at <= t.report_time) AS corrected,
       count(*) FILTER (WHERE e.corrected_at <= e.found_at + interval '48 hours' AND e.corrected_at <= t.report_time) AS corrected_within_48h,
       count(*) FILTER (WHERE e.corrected_at <= t.report_time OR e.found_at + interval '48 hours' <= t.report_time) AS judged,
       round((count(*) FILTER (WHERE e.corrected_at <= e.found_at + interval '48 hours' AND e.corrected_at <= t.report_time))::numeric
             / NULLIF(count(*) FILTER (WHERE e.corrected_at <= t.report_time OR e.found_at + interval '48 hours' <= t.report_time), 0), 4)
           AS within_48h_share,
       round((extract(epoch FROM percentile_cont(0.5) WITHIN GROUP (ORDER BY e.corrected_at - e.found_at)
                     FILTER (WHERE e.corrected_at <= t.report_time)) / 3600)::numeric, 1) AS median_hours_to_correct
  FROM scorecard.claim_edit e
 CROSS JOIN (SELECT scorecard.report_time(scorecard.today()) AS report_time OFFSET 0) AS t
 WHERE e.found_at <= t.report_time
 GROUP BY 1;
COMMENT ON VIEW scorecard.edit_corrections IS
    'Pre-billing corrections within 48 hours (the source''s target), by month the edit was found (session time zone), as of scorecard.today(): an edit is judged once corrected or 48 hours old; within_48h_share = corrected_within_48h / judged.';
COMMENT ON COLUMN scorecard.edit_corrections.period_start IS 'Month the edits were found.';
COMMENT ON COLUMN scorecard.edit_corrections.period_grain IS '''month''.';
COMMENT ON COLUMN scorecard.edit_corrections.edits_found IS 'Edits found in the month (by the report time).';
COMMENT ON COLUMN scorecard.edit_corrections.corrected IS 'Of those, corrected by the report time.';
COMMENT ON COLUMN scorecard.edit_corrections.corrected_within_48h IS 'Corrected within 48 hours of being found.';
COMMENT ON COLUMN scorecard.edit_corrections.judged IS 'Corrected, or open for 48 hours or more: those the target can be judged on.';
COMMENT ON COLUMN scorecard.edit_corrections.within_48h_share IS 'corrected_within_48h / judged.';
COMMENT ON COLUMN scorecard.edit_corrections.median_hours_to_correct IS 'Median hours from found to corrected, of those corrected.';
CREATE POLICY service_line_access ON scorecard.claim_edit
    USING ((SELECT scorecard.visible_service_lines()) IS NULL
           OR EXISTS (SELECT 1 FROM scorecard.claim c WHERE c.claim_id = claim_edit.claim_id));
ALTER TABLE scorecard.claim_edit ENABLE ROW LEVEL SECURITY;


-- ---------------------------------------------------------------------
-- Patient access: eligibility checks at intake and re-verification,
-- prior authorizations (and payer_contract.requires_authorization above),
-- HFMA MAP's insurance-verification and authorization rates.
-- ---------------------------------------------------------------------
CREATE TABLE scorecard.eligibility_check (
    check_id       text PRIMARY KEY,
    beneficiary_id text NOT NULL REFERENCES scorecard.beneficiary (beneficiary_id) ON UPDATE CASCADE,
    payer_id       text NOT NULL REFERENCES scorecard.payer (payer_id) ON UPDATE CASCADE,
    checked_on     date NOT NULL
        CONSTRAINT eligibility_check_checked_on_in_range CHECK (checked_on BETWEEN DATE '1900-01-01' AND DATE '2199-12-31'),
    kind           text NOT NULL
        CONSTRAINT eligibility_check_kind_known CHECK (kind IN ('intake', 're-verification')),
    result         text NOT NULL
        CONSTRAINT eligibility_check_result_known CHECK (result IN ('eligible', 'not eligible', 'unable to verify'))
);
COMMENT ON TABLE scorecard.eligibility_check IS
    'Eligibility and insurance verification: each check of a beneficiary''s coverage with a payer, at intake or re-verified at a later visit, and its result.';
COMMENT ON COLUMN scorecard.eligibility_check.check_id IS 'Identifier of the check.';
COMMENT ON COLUMN scorecard.eligibility_check.beneficiary_id IS 'Whose coverage.';
COMMENT ON COLUMN scorecard.eligibility_check.payer_id IS 'With which payer.';
COMMENT ON COLUMN scorecard.eligibility_check.checked_on IS 'Day of the check.';
COMMENT ON COLUMN scorecard.eligibility_check.kind IS 'intake or re-verification.';
COMMENT ON COLUMN scorecard.eligibility_check.result IS 'eligible, not eligible, or unable to verify.';
CREATE INDEX eligibility_check_beneficiary_idx ON scorecard.eligibility_check (beneficiary_id, payer_id, checked_on);
SELECT pg_catalog.pg_extension_config_dump('scorecard.eligibility_check', '');

CREATE TABLE scorecard.prior_authorization (
    authorization_id text PRIMARY KEY,
    beneficiary_id   text NOT NULL REFERENCES scorecard.beneficiary (beneficiary_id) ON UPDATE CASCADE,
    payer_id         text NOT NULL REFERENCES scorecard.payer (payer_id) ON UPDATE CASCADE,
    service_line     text REFERENCES scorecard.service_line (service_line) ON UPDATE CASCADE,
    valid_from       date NOT NULL
        CONSTRAINT prior_authorization_valid_from_in_range CHECK (valid_from BETWEEN DATE '1900-01-01' AND DATE '2199-12-31'),
    valid_to         date NOT NULL
        CONSTRAINT prior_authorization_valid_to_in_range CHECK (valid_to BETWEEN DATE '1900-01-01' AND DATE '2199-12-31'),
    CONSTRAINT prior_authorization_dates_in_order CHECK (valid_to >= valid_from)
);
COMMENT ON TABLE scorecard.prior_authorization IS
    'Prior authorizations a payer granted for a beneficiary''s services (of one service line, or any), valid over a span of dates of service.';
COMMENT ON COLUMN scorecard.prior_authorization.authorization_id IS 'The payer''s authorization number.';
COMMENT ON COLUMN scorecard.prior_authorization.beneficiary_id IS 'For whom.';
COMMENT ON COLUMN scorecard.prior_authorization.payer_id IS 'Granted by.';
COMMENT ON COLUMN scorecard.prior_authorization.service_line IS 'For services delivered in this line; NULL: any.';
COMMENT ON COLUMN scorecard.prior_authorization.valid_from IS 'First date of service it covers.';
COMMENT ON COLUMN scorecard.prior_authorization.valid_to IS 'Last date of service it covers.';
CREATE INDEX prior_authorization_beneficiary_idx ON scorecard.prior_authorization (beneficiary_id, payer_id, valid_from);
SELECT pg_catalog.pg_extension_config_dump('scorecard.prior_authorization', '');

-- Per month of service, over the claims billed (or awaiting billing) for a
-- service: insured services verified within window_days before the date
-- of service (an eligible check with the claim's payer), and services
-- whose contract term requires authorization covered by one.
CREATE OR REPLACE FUNCTION scorecard.patient_access_rates(window_days integer DEFAULT 30)
RETURNS TABLE (period_start date, insured_services bigint, verified_services bigint, verification_rate numeric,
               services_requiring_authorization bigint, authorized_services bigint, authorization_rate numeric)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT x.month,
           count(*) FILTER (WHERE x.insured),
           count(*) FILTER (WHERE x.insured AND x.verified),
           round((count(*) FILTER (WHERE x.insured AND x.verified))::numeric / NULLIF(count(*) FILTER (WHERE x.insured), 0), 4),
           count(*) FILTER (WHERE x.needs_authorization),
           count(*) FILTER (WHERE x.needs_authorization AND x.authorized),
           round((count(*) FILTER (WHERE x.needs_authorization AND x.authorized))::numeric
                 / NULLIF(count(*) FILTER (WHERE x.needs_authorization), 0), 4)
      FROM (SELECT date_trunc('month', c.service_from::timestamp)::date AS month,
                   p.payer_type <> 'self-pay' AS insured,
                   EXISTS (SELECT 1 FROM scorecard.eligibility_check e
                            WHERE e.beneficiary_id = c.beneficiary_id AND e.payer_id = c.payer_id AND e.result = 'eligible'
                              AND e.checked_on BETWEEN c.service_from - patient_access_rates.window_days AND c.service_from) AS verified,
                   coalesce(k.requires_authorization, false) AS needs_authorization,
                   EXISTS (SELECT 1 FROM scorecard.prior_authorization a
                            WHERE a.beneficiary_id = c.beneficiary_id AND a.payer_id = c.payer_id
                              AND (a.service_line IS NULL OR a.service_line = s.service_line)
                              AND c.service_from BETWEEN a.valid_from AND a.valid_to) AS authorized
              FROM scorecard.claim c
              JOIN scorecard.payer p ON p.payer_id = c.payer_id
              JOIN scorecard.service s ON s.service_id = c.service_id
              LEFT JOIN scorecard.payer_contract k ON k.contract_id = c.contract_id
             WHERE c.amount > 0 AND patient_access_rates.window_days >= 0) AS x
     GROUP BY x.month;
END;
COMMENT ON FUNCTION scorecard.patient_access_rates(integer) IS
    'Per month of service, over the claims for a service (claim.service_id; credit claims left out): insured services (payer not self-pay) and those whose coverage with the claim''s payer was verified eligible within window_days before the date of service (HFMA MAP insurance verification rate), and services priced by a contract term that requires authorization and those covered by an authorization of that payer (HFMA MAP service authorization rate). No rows for a negative window.';

CREATE OR REPLACE VIEW scorecard.patient_access WITH (security_invoker = true) AS
SELECT r.period_start, 'month'::text AS period_grain, r.insured_services, r.verified_services, r.verification_rate,
       r.services_requiring_authorization, r.authorized_services, r.authorization_rate
  FROM scorecard.patient_access_rates(30) AS r;
COMMENT ON VIEW scorecard.patient_access IS
    'Patient access per month of service: insurance verification rate (insured services verified eligible within 30 days before the service: at intake or re-verified at a later visit) and service authorization rate (services whose contract term requires authorization that had one). Another window: scorecard.patient_access_rates(days).';
COMMENT ON COLUMN scorecard.patient_access.period_start IS 'Month of service.';
COMMENT ON COLUMN scorecard.patient_access.period_grain IS '''month''.';
COMMENT ON COLUMN scorecard.patient_access.insured_services IS 'Services billed to a payer that is not self-pay.';
COMMENT ON COLUMN scorecard.patient_access.verified_services IS 'Of those, with an eligible check with that payer within 30 days before the date of service.';
COMMENT ON COLUMN scorecard.patient_access.verification_rate IS 'HFMA MAP insurance verification rate: verified_services / insured_services.';
COMMENT ON COLUMN scorecard.patient_access.services_requiring_authorization IS 'Services priced by a contract term that requires authorization.';
COMMENT ON COLUMN scorecard.patient_access.authorized_services IS 'Of those, covered by an authorization of the payer (for the service''s line or any) on the date of service.';
COMMENT ON COLUMN scorecard.patient_access.authorization_rate IS 'HFMA MAP service authorization rate: authorized_services / services_requiring_authorization.';
CREATE POLICY service_line_access ON scorecard.eligibility_check
    USING ((SELECT scorecard.visible_service_lines()) IS NULL OR beneficiary_id IN (SELECT b.beneficiary_id FROM scorecard.beneficiary b));
CREATE POLICY service_line_access ON scorecard.prior_authorization
    USING ((SELECT scorecard.visible_service_lines()) IS NULL OR beneficiary_id IN (SELECT b.beneficiary_id FROM scorecard.beneficiary b));
ALTER TABLE scorecard.eligibility_check ENABLE ROW LEVEL SECURITY;
ALTER TABLE scorecard.prior_authorization ENABLE ROW LEVEL SECURITY;


-- ---------------------------------------------------------------------
-- The service delivery profile: diagnostic categories on services and
-- stays, the mix by category and acuity, LOS by acuity, step-ups to a
-- higher level of care.
-- ---------------------------------------------------------------------
CREATE TABLE scorecard.diagnostic_category (
    diagnostic_category text PRIMARY KEY,
    description         text
);
COMMENT ON TABLE scorecard.diagnostic_category IS
    'Diagnostic categories services and stays are grouped by (e.g. mood disorders, psychotic disorders, substance use disorders), for the service delivery profile.';
COMMENT ON COLUMN scorecard.diagnostic_category.diagnostic_category IS 'Category name or code.';
COMMENT ON COLUMN scorecard.diagnostic_category.description IS 'What it covers (e.g. the ICD-10 blocks).';
SELECT pg_catalog.pg_extension_config_dump('scorecard.diagnostic_category', '');

ALTER TABLE scorecard.service ADD COLUMN diagnostic_category text REFERENCES scorecard.diagnostic_category (diagnostic_category) ON UPDATE CASCADE;
COMMENT ON COLUMN scorecard.service.diagnostic_category IS 'Diagnostic category of the service (its primary diagnosis); NULL: not recorded.';
ALTER TABLE scorecard.stay ADD COLUMN diagnostic_category text REFERENCES scorecard.diagnostic_category (diagnostic_category) ON UPDATE CASCADE;
COMMENT ON COLUMN scorecard.stay.diagnostic_category IS 'Diagnostic category of the stay (its principal diagnosis); NULL: not recorded.';

CREATE OR REPLACE VIEW scorecard.service_delivery_profile WITH (security_invoker = true) AS
SELECT x.period_start,
       'month'::text AS period_grain,
       x.service_line,
       x.acuity_level,
       x.diagnostic_category,
       x.patients,
       x.encounters,
       x.units,
       x.charges,
       round(x.encounters::numeric / sum(x.encounters) OVER (PARTITION BY x.period_start, x.service_line), 4) AS encounter_share
  FROM (SELECT date_trunc('month', s.service_at)::date AS period_start, b.service_line,
               coalesce(s.acuity_level, 'unknown') AS acuity_level,
               coalesce(s.diagnostic_category, 'unknown') AS diagnostic_category,
               count(DISTINCT s.beneficiary_id) AS patients, count(*) AS encounters, sum(s.units) AS units,
               sum(s.charge) AS charges
          FROM scorecard.service s
          JOIN scorecard.patient_factory b
            ON b.beneficiary_id = s.beneficiary_id
           AND (b.valid_from IS NULL OR s.service_at >= b.valid_from)
           AND (b.valid_until IS NULL OR s.service_at < b.valid_until)
         GROUP BY 1, 2, 3, 4) AS x;
COMMENT ON VIEW scorecard.service_delivery_profile IS
    'The mix of services per month and service line (the patient''s), by acuity level and diagnostic category: patients, encounters, units, charges and the share of the line''s encounters.';
COMMENT ON COLUMN scorecard.service_delivery_profile.period_start IS 'First day of the month of service.';
COMMENT ON COLUMN scorecard.service_delivery_profile.period_grain IS '''month''.';
COMMENT ON COLUMN scorecard.service_delivery_profile.service_line IS 'The patients'' service line (focused factory).';
COMMENT ON COLUMN scorecard.service_delivery_profile.acuity_level IS 'Acuity level of the services (''unknown'' where none is recorded).';
COMMENT ON COLUMN scorecard.service_delivery_profile.diagnostic_category IS 'Diagnostic category of the services (''unknown'' where none is recorded).';
COMMENT ON COLUMN scorecard.service_delivery_profile.patients IS 'Patients served.';
COMMENT ON COLUMN scorecard.service_delivery_profile.encounters IS 'Services delivered.';
COMMENT ON COLUMN scorecard.service_delivery_profile.units IS 'Units of service.';
COMMENT ON COLUMN scorecard.service_delivery_profile.charges IS 'Gross charges.';
COMMENT ON COLUMN scorecard.service_delivery_profile.encounter_share IS 'Share of the line''s encounters in the month.';

CREATE OR REPLACE VIEW scorecard.los_by_acuity WITH (security_invoker = true) AS
SELECT date_trunc('month', st.discharged_on::timestamp)::date AS period_start,
       'month'::text AS period_grain,
       st.acuity_level,
       coalesce(st.diagnostic_category, 'unknown') AS diagnostic_category,
       count(*) AS discharges,
       round(avg(st.discharged_on - st.admitted_on), 2) AS avg_los_days,
       pg_catalog.trim_scale(
           (percentile_disc(0.5) WITHIN GROUP (ORDER BY st.discharged_on - st.admitted_on)
            + percentile_disc(0.5) WITHIN GROUP (ORDER BY st.discharged_on - st.admitted_on DESC))::numeric / 2) AS median_los_days,
       l.target_los_days,
       count(*) FILTER (WHERE st.discharged_on - st.admitted_on > l.target_los_days) AS over_target,
       round((count(*) FILTER (WHERE st.discharged_on - st.admitted_on > l.target_los_days))::numeric / count(*), 4)
           AS over_target_share
  FROM scorecard.stay st
  JOIN scorecard.acuity_level l ON l.acuity_level = st.acuity_level
 WHERE st.discharged_on IS NOT NULL
 GROUP BY 1, 3, 4, l.target_los_days;
COMMENT ON VIEW scorecard.los_by_acuity IS
    'Length of stay per month of discharge, acuity level and diagnostic category: discharges, mean and exact median LOS in days, the level''s target LOS and the stays over it.';
COMMENT ON COLUMN scorecard.los_by_acuity.period_start IS 'First day of the month of discharge.';
COMMENT ON COLUMN scorecard.los_by_acuity.period_grain IS '''month''.';
COMMENT ON COLUMN scorecard.los_by_acuity.acuity_level IS 'Acuity level of the stay.';
COMMENT ON COLUMN scorecard.los_by_acuity.diagnostic_category IS 'Diagnostic category of the stay (''unknown'' where none is recorded).';
COMMENT ON COLUMN scorecard.los_by_acuity.discharges IS 'Stays discharged in the month.';
COMMENT ON COLUMN scorecard.los_by_acuity.avg_los_days IS 'Mean length of stay (discharge - admission, days).';
COMMENT ON COLUMN scorecard.los_by_acuity.median_los_days IS 'Median length of stay, exact (the mean of the two middle stays for an even count).';
COMMENT ON COLUMN scorecard.los_by_acuity.target_los_days IS 'The level''s target LOS (acuity_level.target_los_days); NULL: none.';
COMMENT ON COLUMN scorecard.los_by_acuity.over_target IS 'Stays longer than the target.';
COMMENT ON COLUMN scorecard.los_by_acuity.over_target_share IS 'over_target / discharges (0 without a target).';

-- Services followed by a higher level of care: within within_days after a
-- service, the same patient received a service, or was admitted to a
-- stay, at an acuity level of higher rank.
CREATE OR REPLACE FUNCTION scorecard.step_ups_within(within_days integer DEFAULT 7)
RETURNS TABLE (period_start date, acuity_level text, services bigint, followed_by_higher_level bigint, step_up_share numeric)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT x.period_start, x.acuity_level, count(*), count(*) FILTER (WHERE x.stepped_up),
           round((count(*) FILTER (WHERE x.stepped_up))::numeric / count(*), 4)
      FROM (SELECT date_trunc('month', s.service_at)::date AS period_start, s.acuity_level,
                   EXISTS (SELECT 1 FROM scorecard.service h
                             JOIN scorecard.acuity_level hl ON hl.acuity_level = h.acuity_level
                            WHERE h.beneficiary_id = s.beneficiary_id AND hl.rank > l.rank
                              AND h.service_at > s.service_at
                              AND h.service_at <= s.service_at + make_interval(days => step_ups_within.within_days))
                   OR EXISTS (SELECT 1 FROM scorecard.stay t
                                JOIN scorecard.acuity_level tl ON tl.acuity_level = t.acuity_level
                               WHERE t.beneficiary_id = s.beneficiary_id AND tl.rank > l.rank
                                 AND t.admitted_on >= s.service_at::date
                                 AND t.admitted_on <= (s.service_at + make_interval(days => step_ups_within.within_days))::date) AS stepped_up
              FROM scorecard.service s
              JOIN scorecard.acuity_level l ON l.acuity_level = s.acuity_level
             WHERE step_ups_within.within_days >= 0) AS x
     GROUP BY x.period_start, x.acuity_level;
END;
COMMENT ON FUNCTION scorecard.step_ups_within(integer) IS
    'Per month of service and acuity level: services, and those followed within within_days (after the service; admissions from its day on) by a service or a stay admission of the same patient at a higher acuity level (rank), e.g. crisis services followed by inpatient care. No rows for a negative window.';

CREATE OR REPLACE VIEW scorecard.step_ups WITH (security_invoker = true) AS
SELECT u.period_start, 'month'::text AS period_grain, u.acuity_level, u.services, u.followed_by_higher_level, u.step_up_share
  FROM scorecard.step_ups_within(7) AS u;
COMMENT ON VIEW scorecard.step_ups IS
    'Services followed by a higher level of care within 7 days, per month of service and acuity level (the crisis level''s row: crisis services followed by a higher level of care). Another window: scorecard.step_ups_within(days).';
COMMENT ON COLUMN scorecard.step_ups.period_start IS 'First day of the month of service.';
COMMENT ON COLUMN scorecard.step_ups.period_grain IS '''month''.';
COMMENT ON COLUMN scorecard.step_ups.acuity_level IS 'Acuity level of the services.';
COMMENT ON COLUMN scorecard.step_ups.services IS 'Services at the level.';
COMMENT ON COLUMN scorecard.step_ups.followed_by_higher_level IS 'Of those, followed within 7 days by care at a higher level.';
COMMENT ON COLUMN scorecard.step_ups.step_up_share IS 'followed_by_higher_level / services.';


-- ---------------------------------------------------------------------
-- The revenue-cycle KPIs in long form against their targets
-- (kpi_definitions, kpi_target, revenue_cycle_kpi_status).
-- ---------------------------------------------------------------------
-- The KPIs and their default targets: the thresholds commonly cited for
-- HFMA's MAP Keys (docs/revenue-cycle.md), not HFMA's own benchmarks. A
-- row of scorecard.kpi_target overrides a default from a month on.
-- The month labels of the long KPI view (scorecard_core::period).
CREATE FUNCTION scorecard.period_label(period_grain text, period_start date, fiscal_year_start integer DEFAULT 1) RETURNS text
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'period_label_wrapper';
COMMENT ON FUNCTION scorecard.period_label(text, date, integer) IS
    'How a dashboard names the period of the grain that contains the date: ''2016-W26'' (ISO week), ''Jun 2016'', ''Q2 2016'' and ''2016'' on the calendar year, ''Q4 FY2016'' and ''FY2016'' on a fiscal year starting in month fiscal_year_start (named by the year it ends in). NULL for an unknown grain or an infinite date; 22023 for a start outside 1-12.';

CREATE OR REPLACE VIEW scorecard.kpi_definitions WITH (security_invoker = true) AS
SELECT d.kpi, d.kpi_label, d.unit, d.higher_is_better, d.default_target, d.sort_order, d.definition
  FROM (VALUES
    ('net_days_in_ar', 'Net days in A/R', 'days', false, 50::numeric, 1,
     'HFMA MAP: net A/R / (NPSR of the last 3 months / days in them).'),
    ('ar_over_90_share', 'Aged A/R over 90 days', 'share', false, 0.20, 2,
     'HFMA MAP: billed A/R over 90 days from the date of service / billed A/R.'),
    ('initial_denial_rate', 'Initial denial rate', 'share', false, 0.05, 3,
     'HFMA MAP: claims whose first remittance was a denial / claims first remitted in the month.'),
    ('clean_claim_rate', 'Clean claim rate', 'share', true, 0.90, 4,
     'HFMA MAP: claims entering the edits that passed every edit untouched / claims entering the edits.'),
    ('cash_collected_share', 'Cash collection as % of NPSR', 'share', true, 1.00, 5,
     'HFMA MAP: cash received in the month / average monthly NPSR of the last 3 months.'),
    ('denial_write_off_share', 'Denial write-offs as % of NPSR', 'share', false, 0.02, 6,
     'HFMA MAP: expected revenue written off on denied claims / NPSR.'),
    ('bad_debt_charity_share', 'Bad debt and charity as % of gross revenue', 'share', false, NULL, 7,
     'HFMA MAP: (bad debt + charity written off) / gross charges billed. No default target: it depends on the payer mix.'),
    ('days_in_dnfb', 'Days in discharged not final billed', 'days', false, 5, 8,
     'HFMA MAP: charges of services no claim names yet / average daily gross revenue of the last 3 months.'),
    ('days_in_fbns', 'Days in final billed not submitted', 'days', false, 2, 9,
     'HFMA MAP: claims created but not yet sent / average daily gross revenue of the last 3 months.'),
    ('point_of_service_share', 'Point-of-service collections', 'share', true, NULL, 10,
     'HFMA MAP: patient cash collected at the point of service / patient cash. No default target.'),
    ('insurance_verification_rate', 'Insurance verification rate', 'share', true, 0.95, 11,
     'HFMA MAP: insured services verified eligible within 30 days before the service / insured services.'),
    ('service_authorization_rate', 'Service authorization rate', 'share', true, 0.95, 12,
     'HFMA MAP: services needing prior authorization that had one / services needing it.'),
    ('unreconciled_72h_share', 'Payments not reconciled within 72 hours', 'share', false, 0, 13,
     'The source: payments not reconciled by day three / payments old enough to judge.')
  ) AS d(kpi, kpi_label, unit, higher_is_better, default_target, sort_order, definition);
COMMENT ON VIEW scorecard.kpi_definitions IS
    'The revenue-cycle KPIs of scorecard.revenue_cycle_kpi_status: name, label, unit, direction, default target (the thresholds commonly cited for HFMA MAP Keys; scorecard.kpi_target overrides them) and definition.';
COMMENT ON COLUMN scorecard.kpi_definitions.kpi IS 'Key of the KPI (the column of scorecard.revenue_cycle_kpis or scorecard.patient_access it comes from).';
COMMENT ON COLUMN scorecard.kpi_definitions.kpi_label IS 'Its name for a reader (the HFMA MAP Key''s name).';
COMMENT ON COLUMN scorecard.kpi_definitions.unit IS '''days'' or ''share'' (a fraction: 0.05 is 5%).';
COMMENT ON COLUMN scorecard.kpi_definitions.higher_is_better IS 'True when a higher value is better.';
COMMENT ON COLUMN scorecard.kpi_definitions.default_target IS 'Default target (a ceiling when lower is better, a floor when higher is); NULL: none.';
COMMENT ON COLUMN scorecard.kpi_definitions.sort_order IS 'Position on a dashboard.';
COMMENT ON COLUMN scorecard.kpi_definitions.definition IS 'How it is computed.';

CREATE OR REPLACE FUNCTION scorecard.kpi_known(kpi text)
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
RETURN EXISTS (SELECT 1 FROM scorecard.kpi_definitions d WHERE d.kpi = kpi_known.kpi);
COMMENT ON FUNCTION scorecard.kpi_known(text) IS 'True when kpi is one of scorecard.kpi_definitions.';

CREATE TABLE scorecard.kpi_target (
    kpi            text NOT NULL,
    effective_from date NOT NULL
        CONSTRAINT kpi_target_effective_from_in_range CHECK (effective_from BETWEEN DATE '1900-01-01' AND DATE '2199-12-31')
        CONSTRAINT kpi_target_effective_from_month_start CHECK (pg_catalog.date_part('day', effective_from) = 1),
    target         numeric
        CONSTRAINT kpi_target_target_in_range CHECK (target >= 0 AND target < 1e15),
    note           text,
    PRIMARY KEY (kpi, effective_from)
);
COMMENT ON TABLE scorecard.kpi_target IS
    'The organisation''s own targets for the revenue-cycle KPIs, from a month on (the latest effective_from on or before a month applies); without one, the default of scorecard.kpi_definitions.';
COMMENT ON COLUMN scorecard.kpi_target.kpi IS 'The KPI (scorecard.kpi_definitions.kpi).';
COMMENT ON COLUMN scorecard.kpi_target.effective_from IS 'First month the target applies to (its first day).';
COMMENT ON COLUMN scorecard.kpi_target.target IS 'Target: a ceiling when lower is better, a floor when higher is (a share as a fraction); NULL: no target from then on.';
COMMENT ON COLUMN scorecard.kpi_target.note IS 'Free text (where the target comes from).';
SELECT pg_catalog.pg_extension_config_dump('scorecard.kpi_target', '');

CREATE OR REPLACE FUNCTION scorecard.kpi_target_check()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT scorecard.kpi_known(NEW.kpi) THEN
        RAISE EXCEPTION 'unknown KPI %', quote_literal(NEW.kpi)
            USING ERRCODE = 'foreign_key_violation',
                  HINT = 'One of ' || (SELECT string_agg(d.kpi, ', ' ORDER BY d.sort_order) FROM scorecard.kpi_definitions d) || '.';
    END IF;
    IF NEW.target > 1 AND (SELECT d.unit FROM scorecard.kpi_definitions d WHERE d.kpi = NEW.kpi) = 'share' THEN
        RAISE EXCEPTION 'target % of % is a share: a fraction from 0 to 1 (0.05 is 5%%)', NEW.target, quote_literal(NEW.kpi)
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION scorecard.kpi_target_check() IS
    'Trigger function: refuses a target for an unknown KPI (23503) or a share target above 1 (23514).';
CREATE OR REPLACE TRIGGER kpi_target_check BEFORE INSERT OR UPDATE ON scorecard.kpi_target
    FOR EACH ROW EXECUTE FUNCTION scorecard.kpi_target_check();

CREATE OR REPLACE VIEW scorecard.revenue_cycle_kpi_status WITH (security_invoker = true) AS
WITH t AS MATERIALIZED (
    SELECT scorecard.today() AS today
), measured AS (
    SELECT k.period_start, k.is_complete, x.kpi, x.value
      FROM scorecard.revenue_cycle_kpis k
     CROSS JOIN LATERAL (VALUES ('net_days_in_ar', k.net_days_in_ar), ('ar_over_90_share', k.ar_over_90_share),
                                ('initial_denial_rate', k.initial_denial_rate), ('clean_claim_rate', k.clean_claim_rate),
                                ('cash_collected_share', k.cash_collected_share),
                                ('denial_write_off_share', k.denial_write_off_share),
                                ('bad_debt_charity_share', k.bad_debt_charity_share), ('days_in_dnfb', k.days_in_dnfb),
                                ('days_in_fbns', k.days_in_fbns), ('point_of_service_share', k.point_of_service_share),
                                ('unreconciled_72h_share', k.unreconciled_72h_share)) AS x(kpi, value)
    UNION ALL
    -- Patient access, by month of service: complete on the same terms as
    -- the month's other KPIs (month end + 3 days).
    SELECT a.period_start, ((a.period_start + interval '1 month')::date - 1) + 3 <= t.today, x.kpi, x.value
      FROM scorecard.patient_access a
     CROSS JOIN t
     CROSS JOIN LATERAL (VALUES ('insurance_verification_rate', a.verification_rate),
                                ('service_authorization_rate', a.authorization_rate)) AS x(kpi, value)
), targeted AS (
    SELECT m.period_start, m.is_complete, m.kpi, m.value, d.kpi_label, d.unit, d.higher_is_better, d.sort_order,
           CASE WHEN o.kpi IS NOT NULL THEN o.target ELSE d.default_target END AS target
      FROM measured m
      JOIN scorecard.kpi_definitions d ON d.kpi = m.kpi
      LEFT JOIN LATERAL (SELECT u.kpi, u.target FROM scorecard.kpi_target u
                          WHERE u.kpi = m.kpi AND u.effective_from <= m.period_start
                          ORDER BY u.effective_from DESC LIMIT 1) AS o ON true
), judged AS (
    SELECT g.*,
           CASE WHEN g.value IS NULL THEN 'no value'
                WHEN g.target IS NULL THEN 'no target'
                WHEN NOT g.is_complete THEN 'not yet complete'
                WHEN g.higher_is_better AND g.value >= g.target THEN 'on target'
                WHEN NOT g.higher_is_better AND g.value <= g.target THEN 'on target'
                ELSE 'off target' END AS status
      FROM targeted g
)
SELECT j.period_start,
       'month'::text AS period_grain,
       scorecard.period_label('month', j.period_start) AS period_label,
       j.kpi,
       j.kpi_label,
       round(j.value, CASE j.unit WHEN 'share' THEN 4 ELSE 1 END) AS value,
       j.unit,
       j.higher_is_better,
       j.target,
       j.status,
       CASE j.status WHEN 'on target' THEN '#2e7d32' WHEN 'off target' THEN '#c62828' ELSE '#9e9e9e' END AS status_color,
       j.is_complete,
       j.is_complete AND j.period_start = max(j.period_start) FILTER (WHERE j.is_complete) OVER (PARTITION BY j.kpi)
           AS is_latest_complete,
       j.sort_order
  FROM judged j;
COMMENT ON VIEW scorecard.revenue_cycle_kpi_status IS
    'The revenue-cycle KPIs in long form, one row per month and KPI (scorecard.revenue_cycle_kpis and scorecard.patient_access), with the target in force (scorecard.kpi_target, else the default of scorecard.kpi_definitions) and a status: a month whose claims are not yet old enough to judge is ''not yet complete'', whatever its value. Values rounded for display (shares to 4 places, days to 1); the exact ones are in the source views.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpi_status.period_start IS 'First day of the month.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpi_status.period_grain IS '''month''.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpi_status.period_label IS 'The month for a reader, e.g. ''Jun 2016''.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpi_status.kpi IS 'Key of the KPI (scorecard.kpi_definitions).';
COMMENT ON COLUMN scorecard.revenue_cycle_kpi_status.kpi_label IS 'Its name for a reader.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpi_status.value IS 'The month''s value: a share as a fraction (4 places) or days (1 place); NULL when there is nothing to measure.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpi_status.unit IS '''share'' or ''days''.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpi_status.higher_is_better IS 'True when a higher value is better.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpi_status.target IS 'Target in force that month: a ceiling when lower is better, a floor when higher is; NULL: none.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpi_status.status IS '''on target'', ''off target'', ''not yet complete'' (the month is not old enough to judge), ''no target'' or ''no value''.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpi_status.status_color IS 'Colour of the status: green on target, red off target, grey otherwise.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpi_status.is_complete IS 'Data maturity: the month ended at least 3 days before scorecard.today(), so its figures no longer wait on the calendar.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpi_status.is_latest_complete IS 'True on the latest complete month of each KPI: what a Big Number shows as "this month".';
COMMENT ON COLUMN scorecard.revenue_cycle_kpi_status.sort_order IS 'Position of the KPI on a dashboard.';

-- ---------------------------------------------------------------------
-- Dashboards: the scorecard as a dashboard reads it, one grain per view
-- (sql/scorecard/cards.sql): four cards with labels, rounded figures and
-- latest-period flags, and their monthly, weekly, quarterly and yearly
-- views.
-- ---------------------------------------------------------------------
-- pg_scorecard: the scorecard as a dashboard reads it, one grain per view.
--
-- The score views (organization_scores, discipline_scores, measure_scores,
-- deep_dives) mix months, weeks, quarters and years, so a BI tool's default
-- SUM by month adds a month's weeks to it. The four cards below carry the
-- same figures ready to show: a period label ('Jun 2016'), figures rounded
-- to 4 places (the exact ones stay in the score views), labels instead of
-- bare booleans, sort keys, one row per deep-dive driver, and is_latest /
-- is_latest_complete so that a Big Number shows "this period" without a
-- hard-coded date. Each card then has one view per grain, e.g.
-- scorecard.discipline_card_monthly: a dataset per grain, no filter needed.

-- Is this the unit's latest period of its grain that has begun by
-- scorecard.today() (is_latest: "now"; observations entered for later
-- periods, a plan or a back-dated demo, are not "now"), and the latest
-- one that has ended (is_latest_complete)?
-- Used by the four cards.
CREATE OR REPLACE FUNCTION scorecard.card_period_flags(period_grain text, period_start date,
                                                      latest date, latest_complete date,
                                                      OUT is_complete boolean, OUT is_latest boolean, OUT is_latest_complete boolean)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT scorecard.period_end(card_period_flags.period_grain, card_period_flags.period_start) < scorecard.today(),
           card_period_flags.period_start = card_period_flags.latest,
           card_period_flags.period_start IS NOT DISTINCT FROM card_period_flags.latest_complete;
END;
COMMENT ON FUNCTION scorecard.card_period_flags(text, date, date, date) IS
    'Used by the scorecard cards: whether the period has ended by scorecard.today() (is_complete), is the unit''s latest of its grain begun by then (is_latest), and is the latest that has ended (is_latest_complete), given those two period starts.';

-- ---------------------------------------------------------------------
-- organization_card: the single number per unit and period.
-- ---------------------------------------------------------------------
CREATE OR REPLACE VIEW scorecard.organization_card WITH (security_invoker = true) AS
WITH scored AS (
    SELECT o.*,
           max(o.period_start) FILTER (WHERE o.period_start <= scorecard.today()) OVER w AS latest,
           max(o.period_start) FILTER (WHERE scorecard.period_end(o.period_grain, o.period_start) < scorecard.today()) OVER w
               AS latest_complete
      FROM scorecard.organization_scores o
    WINDOW w AS (PARTITION BY o.org_unit, o.period_grain)
)
SELECT s.period_start,
       s.period_grain,
       scorecard.period_label(s.period_grain, s.period_start, scorecard.fiscal_year_start()) AS period_label,
       s.org_unit,
       round(s.balance, 4) AS balance,
       s.status,
       s.status_label,
       s.status_color,
       s.disciplines_reported,
       s.disciplines_missing,
       s.deep_dives,
       round(s.goal_score, 2) AS goal_score,
       u.sort_order::integer AS org_unit_sort_order,
       f.is_complete,
       f.is_latest,
       f.is_latest_complete
  FROM scored s
  JOIN scorecard.org_unit u ON u.name = s.org_unit
 CROSS JOIN LATERAL scorecard.card_period_flags(s.period_grain, s.period_start, s.latest, s.latest_complete) f;
COMMENT ON VIEW scorecard.organization_card IS
    'Each unit''s single number per period, ready to show (scorecard.organization_scores rounded, labelled and flagged). One view per grain: organization_card_monthly, _weekly, _quarterly, _yearly.';
COMMENT ON COLUMN scorecard.organization_card.period_start IS 'First day of the period.';
COMMENT ON COLUMN scorecard.organization_card.period_grain IS '''month'', ''week'', ''quarter'' or ''year''.';
COMMENT ON COLUMN scorecard.organization_card.period_label IS 'The period for a reader: ''Jun 2016'', ''2016-W26'', ''Q4 FY2016'', ''FY2016'' (scorecard.period_label on the organisation''s fiscal year).';
COMMENT ON COLUMN scorecard.organization_card.org_unit IS 'The unit whose scorecard this is (the root: the organisation''s).';
COMMENT ON COLUMN scorecard.organization_card.balance IS 'Sum of the discipline balances, to 4 places (exact in scorecard.organization_scores); zero is perfect balance, negative below target.';
COMMENT ON COLUMN scorecard.organization_card.status IS 'The status band the balance falls in, or ''missing'' (scorecard.organization_scores.status).';
COMMENT ON COLUMN scorecard.organization_card.status_label IS 'What a dashboard shows for the status.';
COMMENT ON COLUMN scorecard.organization_card.status_color IS 'The status colour as #rrggbb.';
COMMENT ON COLUMN scorecard.organization_card.disciplines_reported IS 'Disciplines with a balance in the period.';
COMMENT ON COLUMN scorecard.organization_card.disciplines_missing IS 'Disciplines with measures but no balance.';
COMMENT ON COLUMN scorecard.organization_card.deep_dives IS 'Disciplines past their deep-dive threshold.';
COMMENT ON COLUMN scorecard.organization_card.goal_score IS 'Mean 0-10 goal score of the disciplines, to 2 places; NULL when none has one.';
COMMENT ON COLUMN scorecard.organization_card.org_unit_sort_order IS 'Display order of the unit among its siblings (scorecard.org_unit.sort_order).';
COMMENT ON COLUMN scorecard.organization_card.is_complete IS 'The period has ended by scorecard.today().';
COMMENT ON COLUMN scorecard.organization_card.is_latest IS 'The unit''s latest period of this grain that has begun by scorecard.today(): what a Big Number shows as "now".';
COMMENT ON COLUMN scorecard.organization_card.is_latest_complete IS 'The unit''s latest period of this grain that has ended by scorecard.today().';

-- ---------------------------------------------------------------------
-- discipline_card: Target, Actual, Balance per unit, discipline, period.
-- ---------------------------------------------------------------------
CREATE OR REPLACE VIEW scorecard.discipline_card WITH (security_invoker = true) AS
WITH scored AS (
    SELECT d.*,
           max(d.period_start) FILTER (WHERE d.period_start <= scorecard.today()) OVER w AS latest,
           max(d.period_start) FILTER (WHERE scorecard.period_end(d.period_grain, d.period_start) < scorecard.today()) OVER w
               AS latest_complete
      FROM scorecard.discipline_scores d
    WINDOW w AS (PARTITION BY d.org_unit, d.period_grain)
)
SELECT s.period_start,
       s.period_grain,
       scorecard.period_label(s.period_grain, s.period_start, scorecard.fiscal_year_start()) AS period_label,
       s.org_unit,
       s.discipline,
       s.sort_order,
       round(s.target, 4) AS target,
       round(s.actual, 4) AS actual,
       round(s.balance, 4) AS balance,
       s.status,
       s.status_label,
       s.status_color,
       CASE WHEN s.needs_deep_dive THEN 'Deep dive' WHEN s.needs_deep_dive IS NOT NULL THEN 'Within threshold' ELSE 'Not scored' END
           AS deep_dive_label,
       s.measures_reported,
       s.measures_missing,
       f.is_complete,
       f.is_latest,
       f.is_latest_complete
  FROM scored s
 CROSS JOIN LATERAL scorecard.card_period_flags(s.period_grain, s.period_start, s.latest, s.latest_complete) f;
COMMENT ON VIEW scorecard.discipline_card IS
    'The Director''s numbers per discipline and period, ready to show (scorecard.discipline_scores rounded, labelled and flagged). One view per grain: discipline_card_monthly, _weekly, _quarterly, _yearly.';
COMMENT ON COLUMN scorecard.discipline_card.period_start IS 'First day of the period.';
COMMENT ON COLUMN scorecard.discipline_card.period_grain IS '''month'', ''week'', ''quarter'' or ''year''.';
COMMENT ON COLUMN scorecard.discipline_card.period_label IS 'The period for a reader: ''Jun 2016'', ''2016-W26'', ''Q4 FY2016'', ''FY2016''.';
COMMENT ON COLUMN scorecard.discipline_card.org_unit IS 'The unit whose scorecard this is.';
COMMENT ON COLUMN scorecard.discipline_card.discipline IS 'Discipline.';
COMMENT ON COLUMN scorecard.discipline_card.sort_order IS 'Display order of the discipline.';
COMMENT ON COLUMN scorecard.discipline_card.target IS 'Target in force (fraction, 4 places).';
COMMENT ON COLUMN scorecard.discipline_card.actual IS 'Actual: Target + Balance (4 places; exact in scorecard.discipline_scores).';
COMMENT ON COLUMN scorecard.discipline_card.balance IS 'Balance = Actual - Target (4 places); negative is below target.';
COMMENT ON COLUMN scorecard.discipline_card.status IS 'The status band the balance falls in, or ''no target'', ''missing''.';
COMMENT ON COLUMN scorecard.discipline_card.status_label IS 'What a dashboard shows for the status.';
COMMENT ON COLUMN scorecard.discipline_card.status_color IS 'The status colour as #rrggbb.';
COMMENT ON COLUMN scorecard.discipline_card.deep_dive_label IS '''Deep dive'' when the balance is past the deep-dive threshold, ''Within threshold'', or ''Not scored'' (no balance).';
COMMENT ON COLUMN scorecard.discipline_card.measures_reported IS 'Measures with an actual in the period.';
COMMENT ON COLUMN scorecard.discipline_card.measures_missing IS 'Active measures without an actual in the period.';
COMMENT ON COLUMN scorecard.discipline_card.is_complete IS 'The period has ended by scorecard.today().';
COMMENT ON COLUMN scorecard.discipline_card.is_latest IS 'The unit''s latest period of this grain that has begun by scorecard.today().';
COMMENT ON COLUMN scorecard.discipline_card.is_latest_complete IS 'The unit''s latest period of this grain that has ended by scorecard.today().';

-- ---------------------------------------------------------------------
-- measure_card: each measure against its target.
-- ---------------------------------------------------------------------
CREATE OR REPLACE VIEW scorecard.measure_card WITH (security_invoker = true) AS
WITH ordered AS (
    -- A stable display order per unit: discipline, objective, measure.
    SELECT m.measure_id,
           (row_number() OVER (PARTITION BY m.org_unit ORDER BY d.sort_order, m.objective, m.name))::integer AS sort_order
      FROM scorecard.measure m
      JOIN scorecard.discipline d ON d.name = m.discipline
), scored AS (
    SELECT s.*,
           max(s.period_start) FILTER (WHERE s.period_start <= scorecard.today()) OVER w AS latest,
           max(s.period_start) FILTER (WHERE scorecard.period_end(s.period_grain, s.period_start) < scorecard.today()) OVER w
               AS latest_complete
      FROM scorecard.measure_scores s
    WINDOW w AS (PARTITION BY s.org_unit, s.period_grain)
)
SELECT s.period_start,
       s.period_grain,
       scorecard.period_label(s.period_grain, s.period_start, scorecard.fiscal_year_start()) AS period_label,
       s.org_unit,
       s.discipline,
       s.objective,
       s.measure,
       o.sort_order,
       s.unit,
       CASE WHEN s.higher_is_better THEN 'Higher is better' ELSE 'Lower is better' END AS direction,
       round(s.actual, 4) AS actual,
       round(s.target, 4) AS target,
       round(s.balance, 4) AS balance,
       s.status,
       s.status_label,
       s.status_color,
       CASE WHEN s.needs_deep_dive THEN 'Deep dive' WHEN s.needs_deep_dive IS NOT NULL THEN 'Within threshold' ELSE 'Not scored' END
           AS deep_dive_label,
       f.is_complete,
       f.is_latest,
       f.is_latest_complete
  FROM scored s
  JOIN ordered o ON o.measure_id = s.measure_id
 CROSS JOIN LATERAL scorecard.card_period_flags(s.period_grain, s.period_start, s.latest, s.latest_complete) f;
COMMENT ON VIEW scorecard.measure_card IS
    'Each measure per period against its own target, ready to show (scorecard.measure_scores rounded, labelled and flagged). One view per grain: measure_card_monthly, _weekly, _quarterly, _yearly.';
COMMENT ON COLUMN scorecard.measure_card.period_start IS 'First day of the period.';
COMMENT ON COLUMN scorecard.measure_card.period_grain IS '''month'', ''week'', ''quarter'' or ''year''.';
COMMENT ON COLUMN scorecard.measure_card.period_label IS 'The period for a reader: ''Jun 2016'', ''2016-W26'', ''Q4 FY2016'', ''FY2016''.';
COMMENT ON COLUMN scorecard.measure_card.org_unit IS 'The unit whose scorecard the measure is on.';
COMMENT ON COLUMN scorecard.measure_card.discipline IS 'Discipline the measure counts towards.';
COMMENT ON COLUMN scorecard.measure_card.objective IS 'Objective the measure tracks.';
COMMENT ON COLUMN scorecard.measure_card.measure IS 'Measure name.';
COMMENT ON COLUMN scorecard.measure_card.sort_order IS 'Display order on the unit''s scorecard: by discipline, objective, then measure name.';
COMMENT ON COLUMN scorecard.measure_card.unit IS 'Unit of the actual (''ratio'' for fractions).';
COMMENT ON COLUMN scorecard.measure_card.direction IS '''Higher is better'' or ''Lower is better''.';
COMMENT ON COLUMN scorecard.measure_card.actual IS 'Actual (4 places; exact in scorecard.measure_scores).';
COMMENT ON COLUMN scorecard.measure_card.target IS 'Target in force (4 places).';
COMMENT ON COLUMN scorecard.measure_card.balance IS 'Balance (4 places): positive is better than target, in the measure''s direction.';
COMMENT ON COLUMN scorecard.measure_card.status IS 'The status band the measure''s balance falls in, or ''missing'', ''no target'', ''not computable''.';
COMMENT ON COLUMN scorecard.measure_card.status_label IS 'What a dashboard shows for the status.';
COMMENT ON COLUMN scorecard.measure_card.status_color IS 'The status colour as #rrggbb.';
COMMENT ON COLUMN scorecard.measure_card.deep_dive_label IS '''Deep dive'' when the balance is past the deep-dive threshold, ''Within threshold'', or ''Not scored''.';
COMMENT ON COLUMN scorecard.measure_card.is_complete IS 'The period has ended by scorecard.today().';
COMMENT ON COLUMN scorecard.measure_card.is_latest IS 'The unit''s latest period of this grain that has begun by scorecard.today().';
COMMENT ON COLUMN scorecard.measure_card.is_latest_complete IS 'The unit''s latest period of this grain that has ended by scorecard.today().';

-- ---------------------------------------------------------------------
-- deep_dive_card: what the Director must look into, one row per driver.
-- ---------------------------------------------------------------------
CREATE OR REPLACE VIEW scorecard.deep_dive_card WITH (security_invoker = true) AS
WITH flagged AS (
    SELECT d.*,
           max(d.period_start) FILTER (WHERE d.period_start <= scorecard.today()) OVER w AS latest,
           max(d.period_start) FILTER (WHERE scorecard.period_end(d.period_grain, d.period_start) < scorecard.today()) OVER w
               AS latest_complete
      FROM scorecard.deep_dives d
    WINDOW w AS (PARTITION BY d.org_unit, d.period_grain)
), drivers AS (
    -- A flagged discipline's measures below their target, worst first.
    SELECT ms.org_unit, ms.period_start, ms.period_grain, ms.discipline, ms.measure, ms.actual, ms.balance,
           (row_number() OVER (PARTITION BY ms.org_unit, ms.period_start, ms.period_grain, ms.discipline
                               ORDER BY ms.balance, ms.measure))::integer AS driver_rank
      FROM scorecard.measure_scores ms
     WHERE ms.balance < 0
)
SELECT f.period_start,
       f.period_grain,
       scorecard.period_label(f.period_grain, f.period_start, scorecard.fiscal_year_start()) AS period_label,
       f.org_unit,
       f.rank,
       f.level,
       f.discipline,
       f.objective,
       coalesce(f.measure, f.discipline) AS flagged,
       round(f.actual, 4) AS actual,
       round(f.target, 4) AS target,
       round(f.balance, 4) AS balance,
       coalesce(dr.driver_rank, 0) AS driver_rank,
       dr.measure AS driver,
       round(dr.actual, 4) AS driver_actual,
       round(dr.balance, 4) AS driver_balance,
       f.remedy,
       f.open_initiatives,
       f.latest_commentary,
       p.is_complete,
       p.is_latest,
       p.is_latest_complete
  FROM flagged f
  LEFT JOIN drivers dr
    ON f.level = 'discipline' AND dr.org_unit = f.org_unit AND dr.period_start = f.period_start
   AND dr.period_grain = f.period_grain AND dr.discipline = f.discipline
 CROSS JOIN LATERAL scorecard.card_period_flags(f.period_grain, f.period_start, f.latest, f.latest_complete) p;
COMMENT ON VIEW scorecard.deep_dive_card IS
    'Every flagged discipline and measure per period (scorecard.deep_dives), worst first, with one row per driver of a flagged discipline (its measures below target, worst first) instead of one long string. One view per grain: deep_dive_card_monthly, _weekly, _quarterly, _yearly. Count flagged items with driver_rank <= 1.';
COMMENT ON COLUMN scorecard.deep_dive_card.period_start IS 'First day of the period.';
COMMENT ON COLUMN scorecard.deep_dive_card.period_grain IS '''month'', ''week'', ''quarter'' or ''year''.';
COMMENT ON COLUMN scorecard.deep_dive_card.period_label IS 'The period for a reader: ''Jun 2016'', ''2016-W26'', ''Q4 FY2016'', ''FY2016''.';
COMMENT ON COLUMN scorecard.deep_dive_card.org_unit IS 'The unit whose scorecard raised the deep dive.';
COMMENT ON COLUMN scorecard.deep_dive_card.rank IS 'Position of the flagged item in the unit''s list for the period: disciplines first, then measures, most negative balance first.';
COMMENT ON COLUMN scorecard.deep_dive_card.level IS '''discipline'' or ''measure''.';
COMMENT ON COLUMN scorecard.deep_dive_card.discipline IS 'Discipline concerned.';
COMMENT ON COLUMN scorecard.deep_dive_card.objective IS 'Objective of a flagged measure (NULL on discipline rows).';
COMMENT ON COLUMN scorecard.deep_dive_card.flagged IS 'What is flagged: the measure, or the discipline.';
COMMENT ON COLUMN scorecard.deep_dive_card.actual IS 'Actual of the flagged item (4 places).';
COMMENT ON COLUMN scorecard.deep_dive_card.target IS 'Target it is held to (4 places).';
COMMENT ON COLUMN scorecard.deep_dive_card.balance IS 'Its balance (4 places); negative is below target.';
COMMENT ON COLUMN scorecard.deep_dive_card.driver_rank IS 'On a flagged discipline''s rows: 1 for its worst measure below target, 2 for the next, ...; 0 on a measure row and on a discipline with no measure below target.';
COMMENT ON COLUMN scorecard.deep_dive_card.driver IS 'A measure below target that drives the flagged discipline (NULL on measure rows).';
COMMENT ON COLUMN scorecard.deep_dive_card.driver_actual IS 'The driver''s actual (4 places).';
COMMENT ON COLUMN scorecard.deep_dive_card.driver_balance IS 'The driver''s balance against its own target (4 places).';
COMMENT ON COLUMN scorecard.deep_dive_card.remedy IS '''in hand'' when an open initiative addresses the variance, ''no remedy yet'' otherwise.';
COMMENT ON COLUMN scorecard.deep_dive_card.open_initiatives IS 'Open initiatives behind the flag, with owner, due date and percent complete.';
COMMENT ON COLUMN scorecard.deep_dive_card.latest_commentary IS 'The latest commentary on the flagged item for the period.';
COMMENT ON COLUMN scorecard.deep_dive_card.is_complete IS 'The period has ended by scorecard.today().';
COMMENT ON COLUMN scorecard.deep_dive_card.is_latest IS 'The unit''s latest period of this grain with a deep dive that has begun by scorecard.today().';
COMMENT ON COLUMN scorecard.deep_dive_card.is_latest_complete IS 'The unit''s latest period of this grain with a deep dive that has ended by scorecard.today().';

-- ---------------------------------------------------------------------
-- One view per card and grain: <card>_monthly, _weekly, _quarterly and
-- _yearly, the card's rows of that grain without the period_grain column,
-- with the card's comments. Made from the catalogue so that they cannot
-- drift from their card (only the extension's own names go into the DDL).
-- ---------------------------------------------------------------------
DO $cards$
DECLARE
    card text;
    g record;
    view_name text;
    columns text;
BEGIN
    FOREACH card IN ARRAY ARRAY['organization_card', 'discipline_card', 'measure_card', 'deep_dive_card'] LOOP
        SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY a.attnum) INTO columns
          FROM pg_catalog.pg_attribute a
         WHERE a.attrelid = pg_catalog.format('scorecard.%I', card)::pg_catalog.regclass
           AND a.attnum > 0 AND NOT a.attisdropped AND a.attname <> 'period_grain';
        FOR g IN SELECT * FROM (VALUES ('month', 'monthly', 'month'), ('week', 'weekly', 'ISO week'),
                                       ('quarter', 'quarterly', 'fiscal quarter'), ('year', 'yearly', 'fiscal year'))
                                   AS v(grain, suffix, noun) LOOP
            view_name := card || '_' || g.suffix;
            EXECUTE pg_catalog.format('CREATE OR REPLACE VIEW scorecard.%I WITH (security_invoker = true) AS '
                                      'SELECT %s FROM scorecard.%I WHERE period_grain = %L', view_name, columns, card, g.grain);
            EXECUTE pg_catalog.format('COMMENT ON VIEW scorecard.%I IS %L', view_name,
                                      pg_catalog.format('%s This view: one row per %s (the rows of scorecard.%s whose period_grain is %L).',
                                                        pg_catalog.obj_description(pg_catalog.format('scorecard.%I', card)::pg_catalog.regclass,
                                                                                   'pg_class'),
                                                        g.noun, card, g.grain));
            EXECUTE (SELECT pg_catalog.string_agg(pg_catalog.format('COMMENT ON COLUMN scorecard.%I.%I IS %L', view_name, a.attname,
                                                                    pg_catalog.col_description(a.attrelid, a.attnum)), '; ')
                       FROM pg_catalog.pg_attribute a
                      WHERE a.attrelid = pg_catalog.format('scorecard.%I', card)::pg_catalog.regclass
                        AND a.attnum > 0 AND NOT a.attisdropped AND a.attname <> 'period_grain');
        END LOOP;
    END LOOP;
END
$cards$;

-- ---------------------------------------------------------------------
-- The card as a document and as a picture (src/card.rs):
-- scorecard.scorecard_document / scorecard_json (serde) and
-- scorecard.scorecard_svg.
-- ---------------------------------------------------------------------
CREATE FUNCTION scorecard.scorecard_document(period_start date, grain text DEFAULT 'month', unit text DEFAULT NULL) RETURNS text
STABLE PARALLEL SAFE SET search_path TO pg_catalog, pg_temp
LANGUAGE c AS 'MODULE_PATHNAME', 'scorecard_document_wrapper';
CREATE FUNCTION scorecard.scorecard_svg(period_start date, grain text DEFAULT 'month', unit text DEFAULT NULL) RETURNS text
STABLE PARALLEL SAFE SET search_path TO pg_catalog, pg_temp
LANGUAGE c AS 'MODULE_PATHNAME', 'scorecard_svg_wrapper';
CREATE FUNCTION scorecard.scorecard_json(period_start date, grain text DEFAULT 'month', unit text DEFAULT NULL)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT scorecard.scorecard_document(scorecard_json.period_start, scorecard_json.grain, scorecard_json.unit)::jsonb;
END;
COMMENT ON FUNCTION scorecard.scorecard_document(date, text, text) IS
    'A unit''s scorecard for one period as JSON text, keys in the card''s order (scorecard.scorecard_json gives it as jsonb): the organisation, unit, period and label, the single number with its status, and each discipline with Target, Actual, Balance, status, deep-dive flag, its measures, the period''s commentary, its open initiatives and its balance over the last 12 periods; figures are exact JSON numbers. Read as the caller (row-level security applies). ERROR 22023 for an unknown grain or unit, or a date that does not start a period of the grain.';
COMMENT ON FUNCTION scorecard.scorecard_json(date, text, text) IS
    'scorecard.scorecard_document as jsonb, for applications: SELECT scorecard.scorecard_json(''2016-06-01'') -> ''disciplines''.';
COMMENT ON FUNCTION scorecard.scorecard_svg(date, text, text) IS
    'A unit''s scorecard for one period as an SVG picture in the source''s layout: the four disciplines around the organisation''s number and R - CD = E + ARC, Target / Actual / Balance in status colours, the measures, and the balance trend of the organisation and of each discipline (small multiples, last 12 periods). psql -Atc "SELECT scorecard.scorecard_svg(''2016-06-01'')" > card.svg. Same errors as scorecard.scorecard_document.';

-- ---------------------------------------------------------------------
-- Dated history for the weekly reports (sql/revenue/history.sql):
-- scorecard.ar_aging_period_ends, ar_aging_by_payer_monthly / _weekly,
-- claim_errors_weekly, write_offs_weekly, unposted_payments_monthly.
-- ---------------------------------------------------------------------
-- pg_scorecard: the weekly reports as dated history, for dashboards.
--
-- The as-of reports (ar_aging_by_payer, claim_errors, write_offs,
-- unposted_payments) answer for one date: scorecard.today(), or a
-- function's parameter, which a BI dataset cannot pass. The views here
-- hold every month end (or week end) with a date column, so a dashboard's
-- time filter replaces the parameter. Each equals its as-of function at
-- every period end (regress suite history).

-- ---------------------------------------------------------------------
-- A/R aging by payer and bucket at every month or week end.
--
-- One pass, not one aging per period end: a claim's balance on a date is
-- its amount less what was posted by then, and its bucket on that date
-- depends only on the date, so each posting adds its amount, for each
-- bucket, to the period ends at which the claim is in that bucket and the
-- posting has happened: a run of consecutive period ends. Postings are
-- first summed per payer, aging date and period (a few thousand groups
-- however many claims), each group adds +amount at the first period end of
-- its run and -amount after the last, and a running sum per payer and
-- bucket gives every period end.
-- ---------------------------------------------------------------------
CREATE OR REPLACE FUNCTION scorecard.ar_aging_period_ends(grain text DEFAULT 'month', age_basis text DEFAULT 'bill_date',
                                                         bucket_edges integer[] DEFAULT '{30,60,90,120}')
RETURNS TABLE (as_of_date date, payer_id text, bucket integer, amount numeric)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    today date := scorecard.today();
    step interval;
BEGIN
    step := CASE grain WHEN 'month' THEN interval '1 month' WHEN 'week' THEN interval '1 week' END;
    IF step IS NULL THEN
        RAISE EXCEPTION 'grain must be month or week, not %', coalesce(quote_literal(grain), 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- Refuses an unknown basis (22023) and bad edges (22023) before any work.
    PERFORM scorecard.aging_date(age_basis, NULL::date, NULL::date, NULL::date);
    PERFORM scorecard.aging_buckets(bucket_edges);
    RETURN QUERY
    WITH claims AS NOT MATERIALIZED (
        SELECT c.claim_id, c.payer_id, c.amount, c.bill_date,
               -- The basis was checked above: scorecard.aging_date's choice
               -- inline, not a PL/pgSQL call per claim in each of the three
               -- scans below (as scorecard.ar_month_ends does).
               CASE age_basis WHEN 'service_date' THEN c.service_from
                              WHEN 'bill_date' THEN c.bill_date
                              ELSE coalesce(c.due_date, c.bill_date + p.payment_terms_days) END AS aged_from
          FROM scorecard.claim c
          JOIN scorecard.payer p ON p.payer_id = c.payer_id
         WHERE c.bill_date <= today
    ), postings AS (
        -- A claim counts from its bill date; a posting from its own date,
        -- or the bill date if it came first. Payments not yet posted do
        -- not count (as in scorecard.open_claims_as_of).
        SELECT k.payer_id, k.aged_from, k.bill_date AS on_date, k.amount FROM claims k
        UNION ALL
        SELECT k.payer_id, k.aged_from, greatest(y.posted_on, k.bill_date), -y.amount
          FROM scorecard.payment y JOIN claims k ON k.claim_id = y.claim_id
         WHERE y.posted_on IS NOT NULL
        UNION ALL
        SELECT k.payer_id, k.aged_from, greatest(a.adjusted_on, k.bill_date), -a.amount
          FROM scorecard.adjustment a JOIN claims k ON k.claim_id = a.claim_id
    ), by_day AS (
        SELECT x.payer_id, x.aged_from, x.on_date, sum(x.amount) AS amount
          FROM postings x
         WHERE x.aged_from IS NOT NULL
         GROUP BY 1, 2, 3
    ), grouped AS (
        SELECT d.payer_id, d.aged_from,
               scorecard.period_end(grain, scorecard.period_start(grain, d.on_date)) AS from_end, sum(d.amount) AS amount
          FROM by_day d
         GROUP BY 1, 2, 3
    ), deltas AS (
        -- In bucket b on the dates aged_from + min_days .. aged_from +
        -- max_days: from the end of the period holding the later of that
        -- and the posting, up to the end of the period before the one
        -- holding aged_from + max_days + 1.
        SELECT g.payer_id, b.bucket,
               greatest(g.from_end, scorecard.period_end(grain, scorecard.period_start(grain, g.aged_from + b.min_days))) AS at_end,
               g.amount
          FROM grouped g CROSS JOIN scorecard.aging_buckets(bucket_edges) b
        UNION ALL
        SELECT g.payer_id, b.bucket,
               greatest(g.from_end, scorecard.period_end(grain, scorecard.period_start(grain, g.aged_from + b.max_days + 1))),
               -g.amount
          FROM grouped g CROSS JOIN scorecard.aging_buckets(bucket_edges) b
         WHERE b.max_days IS NOT NULL
    ), summed AS (
        SELECT d.payer_id, d.bucket, d.at_end, sum(d.amount) AS amount
          FROM deltas d
         GROUP BY 1, 2, 3
    ), ends AS (
        SELECT scorecard.period_end(grain, s::date) AS as_of
          FROM generate_series((SELECT scorecard.period_start(grain, min(k.bill_date)) FROM claims k)::timestamp,
                               scorecard.period_start(grain, today)::timestamp, step) AS s
    ), grid AS (
        SELECT e.as_of, k.payer_id, k.bucket
          FROM ends e
         CROSS JOIN (SELECT DISTINCT s.payer_id, s.bucket FROM summed s) AS k
         WHERE e.as_of <= today
    ), running AS (
        SELECT g.as_of, g.payer_id, g.bucket,
               sum(coalesce(s.amount, 0)) OVER (PARTITION BY g.payer_id, g.bucket ORDER BY g.as_of) AS amount
          FROM grid g
          LEFT JOIN summed s ON s.payer_id = g.payer_id AND s.bucket = g.bucket AND s.at_end = g.as_of
    )
    SELECT r.as_of, r.payer_id, r.bucket, r.amount
      FROM (SELECT u.*, bool_or(u.amount <> 0) OVER (PARTITION BY u.as_of, u.payer_id) AS payer_open
              FROM running u) AS r
     -- A payer shows at a period end when it has an open balance then.
     WHERE r.payer_open
    UNION ALL
    -- The period under way, as of today.
    SELECT today, l.payer_id, l.bucket, l.amount
      FROM scorecard.ar_aging_by_payer_long_as_of(today, age_basis, bucket_edges) AS l
     WHERE today <> scorecard.period_end(grain, scorecard.period_start(grain, today))
     ORDER BY 1, 2, 3;
END
$$;
COMMENT ON FUNCTION scorecard.ar_aging_period_ends(text, text, integer[]) IS
    'Open A/R by payer and aging bucket at every month end (grain ''month'') or ISO week end (''week'') from the first billing up to scorecard.today(), and as of today for the period under way; each period end as scorecard.ar_aging_by_payer_long_as_of(period end, age_basis, bucket_edges) gives it, in one pass over claims and postings. ERROR 22023 for another grain, an unknown basis or bad edges.';


-- The dashboards' A/R aging: bill-date aging in the default buckets, one
-- row per period end, payer and bucket, with the payer's place by open A/R
-- on that date (1 = most).
CREATE OR REPLACE VIEW scorecard.ar_aging_by_payer_monthly WITH (security_invoker = true) AS
SELECT a.as_of_date,
       scorecard.period_start('month', a.as_of_date) AS period_start,
       scorecard.period_label('month', a.as_of_date) AS period_label,
       a.as_of_date = scorecard.period_end('month', scorecard.period_start('month', a.as_of_date)) AS is_period_end,
       'bill_date'::text AS aged_from,
       a.payer_id, p.name AS payer_name, p.payer_type,
       (dense_rank() OVER (PARTITION BY a.as_of_date ORDER BY a.payer_total DESC, a.payer_id))::integer AS payer_sort_order,
       a.bucket, k.label AS bucket_label, k.min_days, k.max_days, a.amount
  FROM (SELECT x.*, sum(x.amount) OVER (PARTITION BY x.as_of_date, x.payer_id) AS payer_total
          FROM scorecard.ar_aging_period_ends('month', 'bill_date', '{30,60,90,120}') AS x) AS a
  JOIN scorecard.payer p ON p.payer_id = a.payer_id
  JOIN scorecard.aging_buckets('{30,60,90,120}') AS k ON k.bucket = a.bucket;
COMMENT ON VIEW scorecard.ar_aging_by_payer_monthly IS
    'Report 1 as history: open A/R by payer and bucket (aged from the bill date) at every month end, and as of today for the month under way (scorecard.ar_aging_period_ends). Filter on as_of_date or period_start instead of passing a date; another basis or other buckets: the function.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_monthly.as_of_date IS 'The date the aging is taken as of: a month end, or today for the month under way.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_monthly.period_start IS 'First day of the month the date closes.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_monthly.period_label IS 'The month for a reader (''Jun 2016'').';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_monthly.is_period_end IS 'True at a month end; false on the row as of today for the month under way.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_monthly.aged_from IS 'What the age counts from: bill_date.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_monthly.payer_id IS 'Payer.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_monthly.payer_name IS 'Payer name.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_monthly.payer_type IS 'Payer type.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_monthly.payer_sort_order IS 'The payer''s place by open A/R on that date, 1 = most: a sort key for charts.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_monthly.bucket IS 'Bucket number, 1 = youngest.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_monthly.bucket_label IS 'Bucket label, e.g. ''31-60''.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_monthly.min_days IS 'Youngest age in the bucket, in days.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_monthly.max_days IS 'Oldest age in the bucket (NULL for the last).';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_monthly.amount IS 'Open balance in the bucket on that date.';

CREATE OR REPLACE VIEW scorecard.ar_aging_by_payer_weekly WITH (security_invoker = true) AS
SELECT a.as_of_date,
       scorecard.period_start('week', a.as_of_date) AS period_start,
       scorecard.period_label('week', a.as_of_date) AS period_label,
       a.as_of_date = scorecard.period_end('week', scorecard.period_start('week', a.as_of_date)) AS is_period_end,
       'bill_date'::text AS aged_from,
       a.payer_id, p.name AS payer_name, p.payer_type,
       (dense_rank() OVER (PARTITION BY a.as_of_date ORDER BY a.payer_total DESC, a.payer_id))::integer AS payer_sort_order,
       a.bucket, k.label AS bucket_label, k.min_days, k.max_days, a.amount
  FROM (SELECT x.*, sum(x.amount) OVER (PARTITION BY x.as_of_date, x.payer_id) AS payer_total
          FROM scorecard.ar_aging_period_ends('week', 'bill_date', '{30,60,90,120}') AS x) AS a
  JOIN scorecard.payer p ON p.payer_id = a.payer_id
  JOIN scorecard.aging_buckets('{30,60,90,120}') AS k ON k.bucket = a.bucket;
COMMENT ON VIEW scorecard.ar_aging_by_payer_weekly IS
    'Report 1 as history, weekly: open A/R by payer and bucket (aged from the bill date) at every ISO week end (Sunday), and as of today for the week under way (scorecard.ar_aging_period_ends).';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_weekly.as_of_date IS 'The date the aging is taken as of: a Sunday, or today for the week under way.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_weekly.period_start IS 'Monday of the ISO week the date closes.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_weekly.period_label IS 'The week for a reader (''2016-W26'').';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_weekly.is_period_end IS 'True at a week end; false on the row as of today for the week under way.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_weekly.aged_from IS 'What the age counts from: bill_date.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_weekly.payer_id IS 'Payer.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_weekly.payer_name IS 'Payer name.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_weekly.payer_type IS 'Payer type.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_weekly.payer_sort_order IS 'The payer''s place by open A/R on that date, 1 = most: a sort key for charts.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_weekly.bucket IS 'Bucket number, 1 = youngest.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_weekly.bucket_label IS 'Bucket label, e.g. ''31-60''.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_weekly.min_days IS 'Youngest age in the bucket, in days.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_weekly.max_days IS 'Oldest age in the bucket (NULL for the last).';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_weekly.amount IS 'Open balance in the bucket on that date.';

-- ---------------------------------------------------------------------
-- Claim errors and write-offs per ISO week (Report 2 as history).
-- ---------------------------------------------------------------------
CREATE OR REPLACE VIEW scorecard.claim_errors_weekly WITH (security_invoker = true) AS
WITH errors AS (
    SELECT 'billing edit'::text AS kind, c.edit_reason AS reason, c.created_on AS on_date, c.amount
      FROM scorecard.claim c
     WHERE c.edit_reason IS NOT NULL AND c.created_on <= scorecard.today()
    UNION ALL
    SELECT 'denial', c.denial_reason, coalesce(c.denied_on, c.bill_date), c.amount
      FROM scorecard.claim c
     WHERE c.denial_reason IS NOT NULL AND coalesce(c.denied_on, c.bill_date) <= scorecard.today()
), counted AS (
    SELECT scorecard.period_start('week', e.on_date) AS week_start, e.kind, e.reason, count(*) AS claims, sum(e.amount) AS amount
      FROM errors e
     GROUP BY 1, 2, 3
)
SELECT c.week_start, scorecard.period_label('week', c.week_start) AS period_label, c.kind, c.reason, c.claims, c.amount,
       round(c.claims / sum(c.claims) OVER (PARTITION BY c.week_start, c.kind), 4) AS share_of_claims,
       round(c.amount / NULLIF(sum(c.amount) OVER (PARTITION BY c.week_start, c.kind), 0), 4) AS share_of_amount
  FROM counted c;
COMMENT ON VIEW scorecard.claim_errors_weekly IS
    'Report 2 as history: billing edits (by the week the claim was created) and denials (by the week denied) per ISO week and reason, up to scorecard.today(); each week as scorecard.claim_errors_between(Monday, next Monday) gives it.';
COMMENT ON COLUMN scorecard.claim_errors_weekly.week_start IS 'Monday of the ISO week.';
COMMENT ON COLUMN scorecard.claim_errors_weekly.period_label IS 'The week for a reader (''2016-W26'').';
COMMENT ON COLUMN scorecard.claim_errors_weekly.kind IS '''billing edit'' or ''denial''.';
COMMENT ON COLUMN scorecard.claim_errors_weekly.reason IS 'Edit or denial reason code.';
COMMENT ON COLUMN scorecard.claim_errors_weekly.claims IS 'Claims with this error in the week.';
COMMENT ON COLUMN scorecard.claim_errors_weekly.amount IS 'Their amount billed.';
COMMENT ON COLUMN scorecard.claim_errors_weekly.share_of_claims IS 'Share of the week''s claims of that kind (4 places).';
COMMENT ON COLUMN scorecard.claim_errors_weekly.share_of_amount IS 'Share of the week''s amount of that kind (4 places).';

CREATE OR REPLACE VIEW scorecard.write_offs_weekly WITH (security_invoker = true) AS
SELECT w.week_start, scorecard.period_label('week', w.week_start) AS period_label, w.kind, w.reason, w.adjustments, w.amount,
       round(w.amount / NULLIF(sum(w.amount) OVER (PARTITION BY w.week_start), 0), 4) AS share_of_amount
  FROM (SELECT scorecard.period_start('week', a.adjusted_on) AS week_start, a.kind, a.reason,
               count(*) AS adjustments, sum(a.amount) AS amount
          FROM scorecard.adjustment a
         WHERE a.kind IN ('write-off', 'bad debt') AND a.adjusted_on <= scorecard.today()
         GROUP BY 1, 2, 3) AS w;
COMMENT ON VIEW scorecard.write_offs_weekly IS
    'Report 2 as history: write-offs and bad debt per ISO week and reason, up to scorecard.today(); each week as scorecard.write_offs_between(Monday, next Monday) gives it.';
COMMENT ON COLUMN scorecard.write_offs_weekly.week_start IS 'Monday of the ISO week.';
COMMENT ON COLUMN scorecard.write_offs_weekly.period_label IS 'The week for a reader (''2016-W26'').';
COMMENT ON COLUMN scorecard.write_offs_weekly.kind IS '''write-off'' or ''bad debt''.';
COMMENT ON COLUMN scorecard.write_offs_weekly.reason IS 'Reason.';
COMMENT ON COLUMN scorecard.write_offs_weekly.adjustments IS 'Write-offs with this reason in the week.';
COMMENT ON COLUMN scorecard.write_offs_weekly.amount IS 'Amount written off.';
COMMENT ON COLUMN scorecard.write_offs_weekly.share_of_amount IS 'Share of the week''s write-offs (4 places).';

-- ---------------------------------------------------------------------
-- Payments received and not yet posted, at every month end (Report 3 as
-- history): a payment is waiting at a month end on or after the day it
-- came and before the day it was posted, so it adds itself from the end
-- of the month it came in up to the end of the month before the one it
-- was posted in; running sums give every month end.
-- ---------------------------------------------------------------------
CREATE OR REPLACE VIEW scorecard.unposted_payments_monthly WITH (security_invoker = true) AS
WITH today AS (
    SELECT scorecard.today() AS d
), deltas AS (
    SELECT y.payer_id, scorecard.period_end('month', scorecard.period_start('month', y.received_on)) AS at_end,
           1 AS payments, y.amount
      FROM scorecard.payment y
     WHERE y.received_on <= (SELECT t.d FROM today t)
    UNION ALL
    SELECT y.payer_id,
           greatest(scorecard.period_end('month', scorecard.period_start('month', y.received_on)),
                    scorecard.period_end('month', scorecard.period_start('month', y.posted_on))),
           -1, -y.amount
      FROM scorecard.payment y
     WHERE y.received_on <= (SELECT t.d FROM today t) AND y.posted_on IS NOT NULL
), summed AS (
    SELECT d.payer_id, d.at_end, sum(d.payments) AS payments, sum(d.amount) AS amount
      FROM deltas d GROUP BY 1, 2
), ends AS (
    SELECT scorecard.period_end('month', s::date) AS as_of_date
      FROM generate_series((SELECT scorecard.period_start('month', min(s.at_end)) FROM summed s)::timestamp,
                           (SELECT t.d FROM today t)::timestamp, interval '1 month') AS s
), running AS (
    SELECT e.as_of_date, p.payer_id,
           sum(coalesce(s.payments, 0)) OVER w AS payments, sum(coalesce(s.amount, 0)) OVER w AS amount
      FROM ends e
     CROSS JOIN (SELECT DISTINCT s.payer_id FROM summed s) AS p
      LEFT JOIN summed s ON s.payer_id = p.payer_id AND s.at_end = e.as_of_date
    WINDOW w AS (PARTITION BY p.payer_id ORDER BY e.as_of_date)
)
SELECT r.as_of_date, scorecard.period_start('month', r.as_of_date) AS period_start,
       scorecard.period_label('month', r.as_of_date) AS period_label,
       r.payer_id, p.name AS payer_name, r.payments::bigint AS payments, r.amount
  FROM running r
  JOIN scorecard.payer p ON p.payer_id = r.payer_id
 WHERE r.payments > 0 AND r.as_of_date <= (SELECT t.d FROM today t);
COMMENT ON VIEW scorecard.unposted_payments_monthly IS
    'Report 3 as history: per payer, the payments received by each month end and not posted by then, and their amount, for every month end up to scorecard.today(); each month end as scorecard.unposted_payments_as_of(month end) counts them. Payers with none waiting are left out.';
COMMENT ON COLUMN scorecard.unposted_payments_monthly.as_of_date IS 'The month end.';
COMMENT ON COLUMN scorecard.unposted_payments_monthly.period_start IS 'First day of the month.';
COMMENT ON COLUMN scorecard.unposted_payments_monthly.period_label IS 'The month for a reader (''Jun 2016'').';
COMMENT ON COLUMN scorecard.unposted_payments_monthly.payer_id IS 'Payer.';
COMMENT ON COLUMN scorecard.unposted_payments_monthly.payer_name IS 'Payer name.';
COMMENT ON COLUMN scorecard.unposted_payments_monthly.payments IS 'Payments received by the month end and not posted by then.';
COMMENT ON COLUMN scorecard.unposted_payments_monthly.amount IS 'Their amount.';

-- ---------------------------------------------------------------------
-- The bad-debt policy (sql/revenue/reports.sql):
-- scorecard.write_off_aged_self_pay.
-- ---------------------------------------------------------------------
-- ---------------------------------------------------------------------
-- The bad-debt policy: self-pay balances still open a set number of days
-- after billing are written off as bad debt, as a job (pg_cron) or at the
-- month's close. Each claim is locked before its balance is read, so a
-- payment posted at the same moment is either in the balance or waits.
-- ---------------------------------------------------------------------
CREATE OR REPLACE FUNCTION scorecard.write_off_aged_self_pay(as_of date DEFAULT NULL, after_days integer DEFAULT 150,
                                                            reason text DEFAULT 'uncollectible')
RETURNS TABLE (claim_id text, adjustment_id text, amount numeric)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    day date := coalesce(as_of, scorecard.today());
BEGIN
    IF after_days IS NULL OR after_days < 30 OR after_days > 3650 THEN
        RAISE EXCEPTION 'after_days must be from 30 to 3650, got %', coalesce(after_days::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value', HINT = 'The days after billing a self-pay balance is given before it is written off, e.g. 150.';
    END IF;
    IF NOT isfinite(day) THEN
        RAISE EXCEPTION 'the write-off date must be a real date, got %', day USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF reason IS NULL OR btrim(reason) = '' THEN
        RAISE EXCEPTION 'a bad-debt write-off needs a reason' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
    WITH due AS (
        SELECT c.claim_id, c.amount - c.paid_amount - c.adjusted_amount AS balance
          FROM scorecard.claim c
         WHERE c.bill_date <= day - after_days
           AND c.amount - c.paid_amount - c.adjusted_amount > 0
           AND c.payer_id IN (SELECT p.payer_id FROM scorecard.payer p WHERE p.payer_type = 'self-pay')
         ORDER BY c.claim_id
           FOR UPDATE OF c
    )
    INSERT INTO scorecard.adjustment AS a (adjustment_id, claim_id, adjusted_on, kind, reason, amount)
    SELECT 'BD-' || d.claim_id || '-' || to_char(day, 'YYYYMMDD'), d.claim_id, day, 'bad debt',
           write_off_aged_self_pay.reason, d.balance
      FROM due d
    ON CONFLICT ON CONSTRAINT adjustment_pkey DO NOTHING
    RETURNING a.claim_id, a.adjustment_id, a.amount;
END
$$;
COMMENT ON FUNCTION scorecard.write_off_aged_self_pay(date, integer, text) IS
    'The bad-debt policy: writes off as bad debt (an adjustment ''BD-<claim>-<yyyymmdd>'' dated as_of, default scorecard.today()) the open balance of every self-pay claim billed at least after_days (default 150) before as_of; returns what it wrote. Running it again writes nothing more. Claims are locked first, so a concurrent payment is either counted or waits. Only claims the caller may see (row-level security) are touched. ERROR 22023 for after_days outside 30-3650, an infinite date or an empty reason. Schedule it, e.g. SELECT cron.schedule(''bad-debt'', ''0 5 1 * *'', $$SELECT count(*) FROM scorecard.write_off_aged_self_pay()$$).';

-- ---------------------------------------------------------------------
-- Show-ready service lines: scorecard.service_line.sort_order, and
-- period_label / service_line_sort_order on the P&L and break-even views;
-- self-pay delinquency at every month end.
-- ---------------------------------------------------------------------
ALTER TABLE scorecard.service_line ADD COLUMN sort_order integer CONSTRAINT service_line_sort_order_positive CHECK (sort_order > 0);
COMMENT ON COLUMN scorecard.service_line.sort_order IS 'Where the line shows in lists and charts, 1 = first (e.g. along the continuum of care); the views'' service_line_sort_order. NULL: after the numbered lines, by name.';

CREATE OR REPLACE VIEW scorecard.service_line_pnl WITH (security_invoker = true) AS
WITH billed AS (
    -- Accrual revenue of the line's patients (scorecard.net_patient_revenue):
    -- R = gross charges billed, the contractual allowance accrued at
    -- billing, CD = what the month took off the expected revenue.
    SELECT n.period_start, n.service_line,
           sum(n.gross_revenue) AS revenue_billed,
           sum(n.contractual_allowances) AS contractual_allowances,
           sum(n.gross_revenue - n.contractual_allowances - n.net_patient_revenue) AS claims_denied
      FROM scorecard.net_patient_revenue n
     GROUP BY 1, 2
), months AS (
    SELECT DISTINCT a.period_start FROM scorecard.cost_allocation a
    UNION
    SELECT DISTINCT b.period_start FROM billed b
), volume AS (
    SELECT date_trunc('month', s.service_at)::date AS period_start, f.service_line,
           count(DISTINCT s.beneficiary_id) AS patients, count(*) AS encounters, sum(s.units) AS units
      FROM scorecard.service s
      JOIN scorecard.patient_factory f
        ON f.beneficiary_id = s.beneficiary_id
       AND (f.valid_from IS NULL OR s.service_at >= f.valid_from)
       AND (f.valid_until IS NULL OR s.service_at < f.valid_until)
     GROUP BY 1, 2
), costed AS (
    -- Costs as the factories carry them, allocated over every line
    -- (scorecard.cost_allocation): direct costs that followed the
    -- patient, indirect cost and reserve. A role that sees only some lines
    -- (row-level security) gets their figures exactly as the whole
    -- organisation's P&L has them.
    SELECT m.period_start, l.service_line,
           coalesce(al.direct_variable_cost, 0) AS direct_variable_cost,
           coalesce(al.direct_fixed_cost, 0) AS direct_fixed_cost,
           al.allocated_indirect_cost, al.reserve_contribution, l.sort_order
      FROM months m
     CROSS JOIN scorecard.service_line l
      LEFT JOIN scorecard.cost_allocation al ON al.period_start = m.period_start AND al.service_line = l.service_line
), assembled AS (
    SELECT k.period_start, k.service_line,
           coalesce(v.patients, 0) AS patients, coalesce(v.encounters, 0) AS encounters, coalesce(v.units, 0) AS units,
           coalesce(bl.revenue_billed, 0) AS revenue_billed, coalesce(bl.contractual_allowances, 0) AS contractual_allowances,
           coalesce(bl.claims_denied, 0) AS claims_denied,
           k.direct_variable_cost, k.direct_fixed_cost, k.allocated_indirect_cost, k.reserve_contribution, k.sort_order
      FROM costed k
      LEFT JOIN billed bl ON bl.period_start = k.period_start AND bl.service_line = k.service_line
      LEFT JOIN volume v ON v.period_start = k.period_start AND v.service_line = k.service_line
)
SELECT x.period_start,
       'month'::text AS period_grain,
       x.service_line,
       x.patients::bigint AS patients,
       x.encounters::bigint AS encounters,
       x.units,
       x.revenue_billed,
       x.contractual_allowances,
       x.claims_denied,
       x.revenue_billed - x.contractual_allowances - x.claims_denied AS net_revenue,
       x.direct_variable_cost,
       x.direct_fixed_cost,
       x.allocated_indirect_cost,
       x.direct_variable_cost + x.direct_fixed_cost + x.allocated_indirect_cost AS total_cost,
       x.revenue_billed - x.contractual_allowances - x.claims_denied
         - (x.direct_variable_cost + x.direct_fixed_cost + x.allocated_indirect_cost) AS margin,
       x.reserve_contribution,
       -- (R - CD) - (E + ARC), written out: CD is negative in a month that
       -- recovers more than it deducts (a written-off claim paid after
       -- all), which scorecard.solvency_gap refuses as an input.
       x.revenue_billed - x.contractual_allowances - x.claims_denied
         - (x.direct_variable_cost + x.direct_fixed_cost + x.allocated_indirect_cost) - x.reserve_contribution AS solvency_gap,
       scorecard.period_label('month', x.period_start) AS period_label,
       x.sort_order AS service_line_sort_order
  FROM assembled x;
COMMENT ON VIEW scorecard.service_line_pnl IS
    'Profit and loss of each service line (focused factory) per month, on accrual net patient service revenue (scorecard.net_patient_revenue). Revenue, deductions, volume and direct cost follow the line the patient was in on the date of service (scorecard.patient_factory); indirect cost and the reserve contribution are allocated by share of direct cost, exact to the cent (scorecard.cost_allocation).';
COMMENT ON COLUMN scorecard.service_line_pnl.period_start IS 'First day of the month.';
COMMENT ON COLUMN scorecard.service_line_pnl.period_grain IS '''month''.';
COMMENT ON COLUMN scorecard.service_line_pnl.service_line IS 'Service line (focused factory).';
COMMENT ON COLUMN scorecard.service_line_pnl.patients IS 'Patients of the line (on the date of service) served in the month, anywhere.';
COMMENT ON COLUMN scorecard.service_line_pnl.encounters IS 'Services delivered to the line''s patients in the month.';
COMMENT ON COLUMN scorecard.service_line_pnl.units IS 'Units of service delivered to the line''s patients.';
COMMENT ON COLUMN scorecard.service_line_pnl.revenue_billed IS 'Claims billed in the month for the line''s patients.';
COMMENT ON COLUMN scorecard.service_line_pnl.contractual_allowances IS 'Contractual allowance of the month''s billing, accrued at billing: amount - expected reimbursement under the payer''s contract.';
COMMENT ON COLUMN scorecard.service_line_pnl.claims_denied IS 'CD: what the month took off the expected revenue of the line''s claims: denial write-offs, bad debt, charity and settlement differences (scorecard.net_patient_revenue). A denied claim still being worked is not deducted; one written off is, when it is.';
COMMENT ON COLUMN scorecard.service_line_pnl.net_revenue IS 'Accrual net patient service revenue: revenue_billed - contractual_allowances - claims_denied (R - CD).';
COMMENT ON COLUMN scorecard.service_line_pnl.direct_variable_cost IS 'Variable cost of the services delivered to the line''s patients: every line''s own variable cost shared by the units it delivered to them.';
COMMENT ON COLUMN scorecard.service_line_pnl.direct_fixed_cost IS 'Fixed cost of the services delivered to the line''s patients, shared the same way.';
COMMENT ON COLUMN scorecard.service_line_pnl.allocated_indirect_cost IS 'Its share of the month''s indirect cost (by share of direct cost, to the cent).';
COMMENT ON COLUMN scorecard.service_line_pnl.total_cost IS 'Direct variable + direct fixed + allocated indirect (E).';
COMMENT ON COLUMN scorecard.service_line_pnl.margin IS 'net_revenue - total_cost.';
COMMENT ON COLUMN scorecard.service_line_pnl.reserve_contribution IS 'Its share of the month''s planned reserve contribution (ARC).';
COMMENT ON COLUMN scorecard.service_line_pnl.solvency_gap IS '(R - CD) - (E + ARC) for the line: margin - reserve_contribution; negative: the line does not carry its share.';
COMMENT ON COLUMN scorecard.service_line_pnl.period_label IS 'The month for a reader (''Jun 2016'').';
COMMENT ON COLUMN scorecard.service_line_pnl.service_line_sort_order IS 'The line''s place in lists and charts (scorecard.service_line.sort_order, 1 = first; NULL: not placed, sort by name).';

CREATE OR REPLACE VIEW scorecard.service_line_break_even WITH (security_invoker = true) AS
WITH pnl AS (
    SELECT l.period_start, l.service_line, l.encounters, l.direct_variable_cost, l.direct_fixed_cost,
           l.allocated_indirect_cost, l.reserve_contribution, l.claims_denied, l.revenue_billed, l.net_revenue,
           l.service_line_sort_order
      FROM scorecard.service_line_pnl l
), mix AS (
    -- Mix-weighted charge per encounter across the acuity levels the
    -- line's patients were served at (the gross price, for reference).
    SELECT p.period_start, p.service_line,
           scorecard.mix_price(p.charge_per_encounter, p.encounters) AS unit_price
      FROM (SELECT date_trunc('month', s.service_at)::date AS period_start, b.service_line,
                   coalesce(s.acuity_level, 'unknown') AS acuity_level,
                   sum(s.charge) / count(*) AS charge_per_encounter, count(*) AS encounters
              FROM scorecard.service s
              JOIN scorecard.patient_factory b
                ON b.beneficiary_id = s.beneficiary_id
               AND (b.valid_from IS NULL OR s.service_at >= b.valid_from)
               AND (b.valid_until IS NULL OR s.service_at < b.valid_until)
             GROUP BY 1, 2, 3) AS p
     GROUP BY p.period_start, p.service_line
), inputs AS (
    SELECT l.period_start, l.service_line, l.encounters, l.net_revenue, l.direct_variable_cost,
           l.direct_fixed_cost + coalesce(l.allocated_indirect_cost, 0) AS fixed_costs,
           coalesce(l.reserve_contribution, 0) AS reserve,
           m.unit_price,
           coalesce(round(l.claims_denied / NULLIF(l.revenue_billed, 0), 4), 0) AS denial_rate,
           l.service_line_sort_order
      FROM pnl l
      JOIN mix m ON m.period_start = l.period_start AND m.service_line = l.service_line
)
SELECT i.period_start,
       'month'::text AS period_grain,
       i.service_line,
       i.fixed_costs,
       i.reserve,
       round(i.unit_price, 2) AS unit_price,
       i.denial_rate,
       round(i.net_revenue / NULLIF(i.encounters, 0), 2) AS net_unit_price,
       round(i.direct_variable_cost / NULLIF(i.encounters, 0), 2) AS variable_cost,
       c.encounters_needed,
       i.encounters AS encounters_delivered,
       c.status,
       scorecard.period_label('month', i.period_start) AS period_label,
       i.service_line_sort_order
  FROM inputs i
 CROSS JOIN LATERAL scorecard.break_even_on_net(i.fixed_costs, i.reserve, i.net_revenue, i.direct_variable_cost,
                                                i.encounters) AS c;
COMMENT ON VIEW scorecard.service_line_break_even IS
    'Break-even of each service line per month on net reimbursement: fixed costs (direct fixed + allocated indirect) and reserve over the accrual net revenue per encounter less the month''s variable cost per encounter (scorecard.break_even_on_net); encounters needed against encounters delivered. Consistent with scorecard.service_line_pnl by construction: at or above break-even exactly when margin >= reserve_contribution.';
COMMENT ON COLUMN scorecard.service_line_break_even.period_start IS 'First day of the month.';
COMMENT ON COLUMN scorecard.service_line_break_even.period_grain IS '''month''.';
COMMENT ON COLUMN scorecard.service_line_break_even.service_line IS 'Service line.';
COMMENT ON COLUMN scorecard.service_line_break_even.fixed_costs IS 'Direct fixed cost + allocated indirect cost of the month.';
COMMENT ON COLUMN scorecard.service_line_break_even.reserve IS 'Reserve contribution assigned to the line.';
COMMENT ON COLUMN scorecard.service_line_break_even.unit_price IS 'Mix-weighted gross charge per encounter across acuity levels (scorecard.mix_price), for reference.';
COMMENT ON COLUMN scorecard.service_line_break_even.denial_rate IS 'Share of the month''s gross revenue deducted beyond the contractual allowance (claims_denied / revenue_billed of the P&L), for reference.';
COMMENT ON COLUMN scorecard.service_line_break_even.net_unit_price IS 'Accrual net revenue per encounter delivered (net_revenue / encounters of the P&L): the price break-even uses.';
COMMENT ON COLUMN scorecard.service_line_break_even.variable_cost IS 'Direct variable cost per encounter delivered in the month.';
COMMENT ON COLUMN scorecard.service_line_break_even.encounters_needed IS 'Encounters needed to cover fixed costs and reserve at net_unit_price and variable_cost (exact, rounded up); NULL when no break-even exists.';
COMMENT ON COLUMN scorecard.service_line_break_even.encounters_delivered IS 'Encounters delivered to the line''s patients.';
COMMENT ON COLUMN scorecard.service_line_break_even.status IS '''at or above break-even'' (margin covers the reserve), ''below break-even'', or ''no break-even'' (no encounters, or net revenue does not exceed variable cost).';
COMMENT ON COLUMN scorecard.service_line_break_even.period_label IS 'The month for a reader (''Jun 2016'').';
COMMENT ON COLUMN scorecard.service_line_break_even.service_line_sort_order IS 'The line''s place in lists and charts (scorecard.service_line.sort_order, 1 = first; NULL: not placed, sort by name).';

CREATE OR REPLACE VIEW scorecard.self_pay_delinquency_monthly WITH (security_invoker = true) AS
SELECT a.as_of_date,
       scorecard.period_start('month', a.as_of_date) AS period_start,
       scorecard.period_label('month', a.as_of_date) AS period_label,
       a.as_of_date = scorecard.period_end('month', scorecard.period_start('month', a.as_of_date)) AS is_period_end,
       a.payer_id, p.name AS payer_name,
       (a.bucket - 1) AS overdue_bucket, k.label || ' days overdue' AS overdue_label, k.min_days AS min_days_overdue,
       k.max_days AS max_days_overdue, a.amount
  FROM scorecard.ar_aging_period_ends('month', 'due_date', '{30,60,90,120}') AS a
  JOIN scorecard.payer p ON p.payer_id = a.payer_id AND p.payer_type = 'self-pay'
  JOIN scorecard.aging_buckets('{30,60,90,120}') AS k ON k.bucket = a.bucket
 WHERE a.bucket >= 2;
COMMENT ON VIEW scorecard.self_pay_delinquency_monthly IS
    'Report 5 as history: per self-pay payer, the open balance more than 30 days past due at every month end, and as of today for the month under way, in overdue buckets (31-60, 61-90, 91-120, 121+ days); each month end''s total per payer is what scorecard.self_pay_delinquency_as_of(month end, 30) lists. The due-date aging of scorecard.ar_aging_period_ends.';
COMMENT ON COLUMN scorecard.self_pay_delinquency_monthly.as_of_date IS 'The date: a month end, or today for the month under way.';
COMMENT ON COLUMN scorecard.self_pay_delinquency_monthly.period_start IS 'First day of the month the date closes.';
COMMENT ON COLUMN scorecard.self_pay_delinquency_monthly.period_label IS 'The month for a reader (''Jun 2016'').';
COMMENT ON COLUMN scorecard.self_pay_delinquency_monthly.is_period_end IS 'True at a month end; false on the rows as of today for the month under way.';
COMMENT ON COLUMN scorecard.self_pay_delinquency_monthly.payer_id IS 'Self-pay payer (self-pay, sliding fee).';
COMMENT ON COLUMN scorecard.self_pay_delinquency_monthly.payer_name IS 'Payer name.';
COMMENT ON COLUMN scorecard.self_pay_delinquency_monthly.overdue_bucket IS 'Overdue bucket, 1 = 31-60 days past due: a sort key.';
COMMENT ON COLUMN scorecard.self_pay_delinquency_monthly.overdue_label IS 'The bucket for a reader (''31-60 days overdue'').';
COMMENT ON COLUMN scorecard.self_pay_delinquency_monthly.min_days_overdue IS 'Fewest days past due in the bucket.';
COMMENT ON COLUMN scorecard.self_pay_delinquency_monthly.max_days_overdue IS 'Most days past due in the bucket (NULL for the last).';
COMMENT ON COLUMN scorecard.self_pay_delinquency_monthly.amount IS 'Open self-pay balance in the bucket on that date.';


-- ---------------------------------------------------------------------
-- Dashboard filters without naming a date or the organisation:
-- is_organization on the organisation and discipline cards (and their
-- per-grain views, made again), is_latest on the A/R aging history.
-- ---------------------------------------------------------------------
CREATE OR REPLACE VIEW scorecard.organization_card WITH (security_invoker = true) AS
WITH scored AS (
    SELECT o.*,
           max(o.period_start) FILTER (WHERE o.period_start <= scorecard.today()) OVER w AS latest,
           max(o.period_start) FILTER (WHERE scorecard.period_end(o.period_grain, o.period_start) < scorecard.today()) OVER w
               AS latest_complete
      FROM scorecard.organization_scores o
    WINDOW w AS (PARTITION BY o.org_unit, o.period_grain)
)
SELECT s.period_start,
       s.period_grain,
       scorecard.period_label(s.period_grain, s.period_start, scorecard.fiscal_year_start()) AS period_label,
       s.org_unit,
       round(s.balance, 4) AS balance,
       s.status,
       s.status_label,
       s.status_color,
       s.disciplines_reported,
       s.disciplines_missing,
       s.deep_dives,
       round(s.goal_score, 2) AS goal_score,
       u.sort_order::integer AS org_unit_sort_order,
       f.is_complete,
       f.is_latest,
       f.is_latest_complete,
       u.is_root AS is_organization
  FROM scored s
  JOIN scorecard.org_unit u ON u.name = s.org_unit
 CROSS JOIN LATERAL scorecard.card_period_flags(s.period_grain, s.period_start, s.latest, s.latest_complete) f;
COMMENT ON VIEW scorecard.organization_card IS
    'Each unit''s single number per period, ready to show (scorecard.organization_scores rounded, labelled and flagged). One view per grain: organization_card_monthly, _weekly, _quarterly, _yearly.';
COMMENT ON COLUMN scorecard.organization_card.period_start IS 'First day of the period.';
COMMENT ON COLUMN scorecard.organization_card.period_grain IS '''month'', ''week'', ''quarter'' or ''year''.';
COMMENT ON COLUMN scorecard.organization_card.period_label IS 'The period for a reader: ''Jun 2016'', ''2016-W26'', ''Q4 FY2016'', ''FY2016'' (scorecard.period_label on the organisation''s fiscal year).';
COMMENT ON COLUMN scorecard.organization_card.org_unit IS 'The unit whose scorecard this is (the root: the organisation''s).';
COMMENT ON COLUMN scorecard.organization_card.balance IS 'Sum of the discipline balances, to 4 places (exact in scorecard.organization_scores); zero is perfect balance, negative below target.';
COMMENT ON COLUMN scorecard.organization_card.status IS 'The status band the balance falls in, or ''missing'' (scorecard.organization_scores.status).';
COMMENT ON COLUMN scorecard.organization_card.status_label IS 'What a dashboard shows for the status.';
COMMENT ON COLUMN scorecard.organization_card.status_color IS 'The status colour as #rrggbb.';
COMMENT ON COLUMN scorecard.organization_card.disciplines_reported IS 'Disciplines with a balance in the period.';
COMMENT ON COLUMN scorecard.organization_card.disciplines_missing IS 'Disciplines with measures but no balance.';
COMMENT ON COLUMN scorecard.organization_card.deep_dives IS 'Disciplines past their deep-dive threshold.';
COMMENT ON COLUMN scorecard.organization_card.goal_score IS 'Mean 0-10 goal score of the disciplines, to 2 places; NULL when none has one.';
COMMENT ON COLUMN scorecard.organization_card.org_unit_sort_order IS 'Display order of the unit among its siblings (scorecard.org_unit.sort_order).';
COMMENT ON COLUMN scorecard.organization_card.is_complete IS 'The period has ended by scorecard.today().';
COMMENT ON COLUMN scorecard.organization_card.is_latest IS 'The unit''s latest period of this grain that has begun by scorecard.today(): what a Big Number shows as "now".';
COMMENT ON COLUMN scorecard.organization_card.is_latest_complete IS 'The unit''s latest period of this grain that has ended by scorecard.today().';
COMMENT ON COLUMN scorecard.organization_card.is_organization IS 'True on the organisation''s own card (the root unit, scorecard.root_unit()): a dashboard''s filter for the single number, without naming the organisation.';

CREATE OR REPLACE VIEW scorecard.discipline_card WITH (security_invoker = true) AS
WITH scored AS (
    SELECT d.*,
           max(d.period_start) FILTER (WHERE d.period_start <= scorecard.today()) OVER w AS latest,
           max(d.period_start) FILTER (WHERE scorecard.period_end(d.period_grain, d.period_start) < scorecard.today()) OVER w
               AS latest_complete
      FROM scorecard.discipline_scores d
    WINDOW w AS (PARTITION BY d.org_unit, d.period_grain)
)
SELECT s.period_start,
       s.period_grain,
       scorecard.period_label(s.period_grain, s.period_start, scorecard.fiscal_year_start()) AS period_label,
       s.org_unit,
       s.discipline,
       s.sort_order,
       round(s.target, 4) AS target,
       round(s.actual, 4) AS actual,
       round(s.balance, 4) AS balance,
       s.status,
       s.status_label,
       s.status_color,
       CASE WHEN s.needs_deep_dive THEN 'Deep dive' WHEN s.needs_deep_dive IS NOT NULL THEN 'Within threshold' ELSE 'Not scored' END
           AS deep_dive_label,
       s.measures_reported,
       s.measures_missing,
       f.is_complete,
       f.is_latest,
       f.is_latest_complete,
       s.org_unit = scorecard.root_unit() AS is_organization
  FROM scored s
 CROSS JOIN LATERAL scorecard.card_period_flags(s.period_grain, s.period_start, s.latest, s.latest_complete) f;
COMMENT ON VIEW scorecard.discipline_card IS
    'The Director''s numbers per discipline and period, ready to show (scorecard.discipline_scores rounded, labelled and flagged). One view per grain: discipline_card_monthly, _weekly, _quarterly, _yearly.';
COMMENT ON COLUMN scorecard.discipline_card.period_start IS 'First day of the period.';
COMMENT ON COLUMN scorecard.discipline_card.period_grain IS '''month'', ''week'', ''quarter'' or ''year''.';
COMMENT ON COLUMN scorecard.discipline_card.period_label IS 'The period for a reader: ''Jun 2016'', ''2016-W26'', ''Q4 FY2016'', ''FY2016''.';
COMMENT ON COLUMN scorecard.discipline_card.org_unit IS 'The unit whose scorecard this is.';
COMMENT ON COLUMN scorecard.discipline_card.discipline IS 'Discipline.';
COMMENT ON COLUMN scorecard.discipline_card.sort_order IS 'Display order of the discipline.';
COMMENT ON COLUMN scorecard.discipline_card.target IS 'Target in force (fraction, 4 places).';
COMMENT ON COLUMN scorecard.discipline_card.actual IS 'Actual: Target + Balance (4 places; exact in scorecard.discipline_scores).';
COMMENT ON COLUMN scorecard.discipline_card.balance IS 'Balance = Actual - Target (4 places); negative is below target.';
COMMENT ON COLUMN scorecard.discipline_card.status IS 'The status band the balance falls in, or ''no target'', ''missing''.';
COMMENT ON COLUMN scorecard.discipline_card.status_label IS 'What a dashboard shows for the status.';
COMMENT ON COLUMN scorecard.discipline_card.status_color IS 'The status colour as #rrggbb.';
COMMENT ON COLUMN scorecard.discipline_card.deep_dive_label IS '''Deep dive'' when the balance is past the deep-dive threshold, ''Within threshold'', or ''Not scored'' (no balance).';
COMMENT ON COLUMN scorecard.discipline_card.measures_reported IS 'Measures with an actual in the period.';
COMMENT ON COLUMN scorecard.discipline_card.measures_missing IS 'Active measures without an actual in the period.';
COMMENT ON COLUMN scorecard.discipline_card.is_complete IS 'The period has ended by scorecard.today().';
COMMENT ON COLUMN scorecard.discipline_card.is_latest IS 'The unit''s latest period of this grain that has begun by scorecard.today().';
COMMENT ON COLUMN scorecard.discipline_card.is_latest_complete IS 'The unit''s latest period of this grain that has ended by scorecard.today().';
COMMENT ON COLUMN scorecard.discipline_card.is_organization IS 'True on the organisation''s own disciplines (the root unit, scorecard.root_unit()): a dashboard''s filter for the Director''s scorecard, without naming the organisation.';

-- ---------------------------------------------------------------------
-- One view per card and grain: <card>_monthly, _weekly, _quarterly and
-- _yearly, the card's rows of that grain without the period_grain column,
-- with the card's comments. Made from the catalogue so that they cannot
-- drift from their card (only the extension's own names go into the DDL).
-- ---------------------------------------------------------------------
DO $cards$
DECLARE
    card text;
    g record;
    view_name text;
    columns text;
BEGIN
    FOREACH card IN ARRAY ARRAY['organization_card', 'discipline_card', 'measure_card', 'deep_dive_card'] LOOP
        SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY a.attnum) INTO columns
          FROM pg_catalog.pg_attribute a
         WHERE a.attrelid = pg_catalog.format('scorecard.%I', card)::pg_catalog.regclass
           AND a.attnum > 0 AND NOT a.attisdropped AND a.attname <> 'period_grain';
        FOR g IN SELECT * FROM (VALUES ('month', 'monthly', 'month'), ('week', 'weekly', 'ISO week'),
                                       ('quarter', 'quarterly', 'fiscal quarter'), ('year', 'yearly', 'fiscal year'))
                                   AS v(grain, suffix, noun) LOOP
            view_name := card || '_' || g.suffix;
            EXECUTE pg_catalog.format('CREATE OR REPLACE VIEW scorecard.%I WITH (security_invoker = true) AS '
                                      'SELECT %s FROM scorecard.%I WHERE period_grain = %L', view_name, columns, card, g.grain);
            EXECUTE pg_catalog.format('COMMENT ON VIEW scorecard.%I IS %L', view_name,
                                      pg_catalog.format('%s This view: one row per %s (the rows of scorecard.%s whose period_grain is %L).',
                                                        pg_catalog.obj_description(pg_catalog.format('scorecard.%I', card)::pg_catalog.regclass,
                                                                                   'pg_class'),
                                                        g.noun, card, g.grain));
            EXECUTE (SELECT pg_catalog.string_agg(pg_catalog.format('COMMENT ON COLUMN scorecard.%I.%I IS %L', view_name, a.attname,
                                                                    pg_catalog.col_description(a.attrelid, a.attnum)), '; ')
                       FROM pg_catalog.pg_attribute a
                      WHERE a.attrelid = pg_catalog.format('scorecard.%I', card)::pg_catalog.regclass
                        AND a.attnum > 0 AND NOT a.attisdropped AND a.attname <> 'period_grain');
        END LOOP;
    END LOOP;
END
$cards$;

CREATE OR REPLACE VIEW scorecard.ar_aging_by_payer_monthly WITH (security_invoker = true) AS
SELECT a.as_of_date,
       scorecard.period_start('month', a.as_of_date) AS period_start,
       scorecard.period_label('month', a.as_of_date) AS period_label,
       a.as_of_date = scorecard.period_end('month', scorecard.period_start('month', a.as_of_date)) AS is_period_end,
       'bill_date'::text AS aged_from,
       a.payer_id, p.name AS payer_name, p.payer_type,
       (dense_rank() OVER (PARTITION BY a.as_of_date ORDER BY a.payer_total DESC, a.payer_id))::integer AS payer_sort_order,
       a.bucket, k.label AS bucket_label, k.min_days, k.max_days, a.amount,
       a.as_of_date = max(a.as_of_date) OVER () AS is_latest
  FROM (SELECT x.*, sum(x.amount) OVER (PARTITION BY x.as_of_date, x.payer_id) AS payer_total
          FROM scorecard.ar_aging_period_ends('month', 'bill_date', '{30,60,90,120}') AS x) AS a
  JOIN scorecard.payer p ON p.payer_id = a.payer_id
  JOIN scorecard.aging_buckets('{30,60,90,120}') AS k ON k.bucket = a.bucket;
COMMENT ON VIEW scorecard.ar_aging_by_payer_monthly IS
    'Report 1 as history: open A/R by payer and bucket (aged from the bill date) at every month end, and as of today for the month under way (scorecard.ar_aging_period_ends). Filter on as_of_date or period_start instead of passing a date; another basis or other buckets: the function.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_monthly.as_of_date IS 'The date the aging is taken as of: a month end, or today for the month under way.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_monthly.period_start IS 'First day of the month the date closes.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_monthly.period_label IS 'The month for a reader (''Jun 2016'').';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_monthly.is_period_end IS 'True at a month end; false on the row as of today for the month under way.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_monthly.aged_from IS 'What the age counts from: bill_date.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_monthly.payer_id IS 'Payer.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_monthly.payer_name IS 'Payer name.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_monthly.payer_type IS 'Payer type.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_monthly.payer_sort_order IS 'The payer''s place by open A/R on that date, 1 = most: a sort key for charts.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_monthly.bucket IS 'Bucket number, 1 = youngest.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_monthly.bucket_label IS 'Bucket label, e.g. ''31-60''.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_monthly.min_days IS 'Youngest age in the bucket, in days.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_monthly.max_days IS 'Oldest age in the bucket (NULL for the last).';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_monthly.amount IS 'Open balance in the bucket on that date.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_monthly.is_latest IS 'True on the rows of the latest date (today, or the last period end): a dashboard''s filter for the current aging.';

CREATE OR REPLACE VIEW scorecard.ar_aging_by_payer_weekly WITH (security_invoker = true) AS
SELECT a.as_of_date,
       scorecard.period_start('week', a.as_of_date) AS period_start,
       scorecard.period_label('week', a.as_of_date) AS period_label,
       a.as_of_date = scorecard.period_end('week', scorecard.period_start('week', a.as_of_date)) AS is_period_end,
       'bill_date'::text AS aged_from,
       a.payer_id, p.name AS payer_name, p.payer_type,
       (dense_rank() OVER (PARTITION BY a.as_of_date ORDER BY a.payer_total DESC, a.payer_id))::integer AS payer_sort_order,
       a.bucket, k.label AS bucket_label, k.min_days, k.max_days, a.amount,
       a.as_of_date = max(a.as_of_date) OVER () AS is_latest
  FROM (SELECT x.*, sum(x.amount) OVER (PARTITION BY x.as_of_date, x.payer_id) AS payer_total
          FROM scorecard.ar_aging_period_ends('week', 'bill_date', '{30,60,90,120}') AS x) AS a
  JOIN scorecard.payer p ON p.payer_id = a.payer_id
  JOIN scorecard.aging_buckets('{30,60,90,120}') AS k ON k.bucket = a.bucket;
COMMENT ON VIEW scorecard.ar_aging_by_payer_weekly IS
    'Report 1 as history, weekly: open A/R by payer and bucket (aged from the bill date) at every ISO week end (Sunday), and as of today for the week under way (scorecard.ar_aging_period_ends).';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_weekly.as_of_date IS 'The date the aging is taken as of: a Sunday, or today for the week under way.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_weekly.period_start IS 'Monday of the ISO week the date closes.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_weekly.period_label IS 'The week for a reader (''2016-W26'').';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_weekly.is_period_end IS 'True at a week end; false on the row as of today for the week under way.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_weekly.aged_from IS 'What the age counts from: bill_date.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_weekly.payer_id IS 'Payer.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_weekly.payer_name IS 'Payer name.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_weekly.payer_type IS 'Payer type.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_weekly.payer_sort_order IS 'The payer''s place by open A/R on that date, 1 = most: a sort key for charts.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_weekly.bucket IS 'Bucket number, 1 = youngest.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_weekly.bucket_label IS 'Bucket label, e.g. ''31-60''.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_weekly.min_days IS 'Youngest age in the bucket, in days.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_weekly.max_days IS 'Oldest age in the bucket (NULL for the last).';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_weekly.amount IS 'Open balance in the bucket on that date.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_weekly.is_latest IS 'True on the rows of the latest date (today, or the last period end): a dashboard''s filter for the current aging.';


-- ---------------------------------------------------------------------
-- The four Finance measure sources with their ratio, a label and the
-- month's label (the columns a source needs are unchanged).
-- ---------------------------------------------------------------------
CREATE OR REPLACE VIEW scorecard.finance_billable_days WITH (security_invoker = true) AS
SELECT x.period_start, x.numerator, x.denominator,
       round(x.numerator / NULLIF(x.denominator, 0), 4) AS ratio,
       'Billable inpatient days, Medi-Cal'::text AS measure_label,
       scorecard.period_label('month', x.period_start) AS period_label
  FROM (SELECT date_trunc('month', s.discharged_on)::date AS period_start,
              sum(s.billable_days)::numeric AS numerator,
              sum(s.discharged_on - s.admitted_on)::numeric AS denominator
         FROM scorecard.stay s
         JOIN scorecard.payer p ON p.payer_id = s.payer_id
        WHERE p.payer_type = 'Medi-Cal' AND s.discharged_on IS NOT NULL AND s.billable_days IS NOT NULL
        GROUP BY 1) AS x;
COMMENT ON VIEW scorecard.finance_billable_days IS
    'Finance measure 1 (Reduce In-patient Hospital Costs - Medi-Cal): billable inpatient days / total inpatient days of Medi-Cal stays, by month of discharge.';
COMMENT ON COLUMN scorecard.finance_billable_days.period_start IS 'Month of discharge.';
COMMENT ON COLUMN scorecard.finance_billable_days.numerator IS 'Billable days of the Medi-Cal stays discharged in the month.';
COMMENT ON COLUMN scorecard.finance_billable_days.denominator IS 'Their total days (discharge - admission).';
COMMENT ON COLUMN scorecard.finance_billable_days.ratio IS 'numerator / denominator (billable days / total days), to 4 places; NULL without a denominator.';
COMMENT ON COLUMN scorecard.finance_billable_days.measure_label IS 'What the ratio measures, for a reader.';
COMMENT ON COLUMN scorecard.finance_billable_days.period_label IS 'The month for a reader (''Jun 2016'').';

CREATE OR REPLACE VIEW scorecard.finance_los_on_target WITH (security_invoker = true) AS
SELECT x.period_start, x.numerator, x.denominator,
       round(x.numerator / NULLIF(x.denominator, 0), 4) AS ratio,
       'Stays within their target length of stay'::text AS measure_label,
       scorecard.period_label('month', x.period_start) AS period_label
  FROM (SELECT date_trunc('month', s.discharged_on)::date AS period_start,
              (count(*) FILTER (WHERE s.discharged_on - s.admitted_on <= l.target_los_days))::numeric AS numerator,
              count(*)::numeric AS denominator
         FROM scorecard.stay s
         JOIN scorecard.acuity_level l ON l.acuity_level = s.acuity_level
        WHERE s.discharged_on IS NOT NULL AND l.target_los_days IS NOT NULL
        GROUP BY 1) AS x;
COMMENT ON VIEW scorecard.finance_los_on_target IS
    'Finance measure 2 (Reduce In-patient Hospital Costs - LOS): stays with a length of stay on or below their level''s target LOS / stays, by month of discharge.';
COMMENT ON COLUMN scorecard.finance_los_on_target.period_start IS 'Month of discharge.';
COMMENT ON COLUMN scorecard.finance_los_on_target.numerator IS 'Stays discharged in the month with LOS <= target LOS.';
COMMENT ON COLUMN scorecard.finance_los_on_target.denominator IS 'Stays discharged in the month (at levels with a target LOS).';
COMMENT ON COLUMN scorecard.finance_los_on_target.ratio IS 'numerator / denominator (stays on or below target LOS / stays), to 4 places; NULL without a denominator.';
COMMENT ON COLUMN scorecard.finance_los_on_target.measure_label IS 'What the ratio measures, for a reader.';
COMMENT ON COLUMN scorecard.finance_los_on_target.period_label IS 'The month for a reader (''Jun 2016'').';

CREATE OR REPLACE VIEW scorecard.finance_maa_time_study WITH (security_invoker = true) AS
SELECT x.period_start, x.numerator, x.denominator,
       round(x.numerator / NULLIF(x.denominator, 0), 4) AS ratio,
       'MAA time against the Medi-Cal share'::text AS measure_label,
       scorecard.period_label('month', x.period_start) AS period_label
  FROM (SELECT date_trunc('month', t.study_date)::date AS period_start,
              sum(t.minutes) FILTER (WHERE t.maa_reimbursable) AS numerator,
              pg_catalog.trim_scale(sum(t.minutes) * m.share) AS denominator
         FROM scorecard.time_study t
         JOIN scorecard.medi_cal_share m ON m.period_start = date_trunc('month', t.study_date)::date
        GROUP BY 1, m.share) AS x;
COMMENT ON VIEW scorecard.finance_maa_time_study IS
    'Finance measure 3 (Maintain TCM / MAA eligible productivity): minutes time-studied to reimbursable MAA, compared to the minutes the Medi-Cal share of beneficiaries would predict (all minutes studied x Medi-Cal share), by month.';
COMMENT ON COLUMN scorecard.finance_maa_time_study.period_start IS 'Month of the time study.';
COMMENT ON COLUMN scorecard.finance_maa_time_study.numerator IS 'Minutes studied to reimbursable MAA.';
COMMENT ON COLUMN scorecard.finance_maa_time_study.denominator IS 'All minutes studied x the month''s Medi-Cal share.';
COMMENT ON COLUMN scorecard.finance_maa_time_study.ratio IS 'numerator / denominator (MAA minutes / minutes the Medi-Cal share predicts), to 4 places; NULL without a denominator.';
COMMENT ON COLUMN scorecard.finance_maa_time_study.measure_label IS 'What the ratio measures, for a reader.';
COMMENT ON COLUMN scorecard.finance_maa_time_study.period_label IS 'The month for a reader (''Jun 2016'').';

CREATE OR REPLACE VIEW scorecard.finance_placement_outcomes WITH (security_invoker = true) AS
SELECT x.period_start, x.numerator, x.denominator,
       round(x.numerator / NULLIF(x.denominator, 0), 4) AS ratio,
       'High-acuity placement outcomes'::text AS measure_label,
       scorecard.period_label('month', x.period_start) AS period_label
  FROM (WITH high AS (
           SELECT s.stay_id, s.admitted_on, s.discharged_on
             FROM scorecard.stay s JOIN scorecard.acuity_level l ON l.acuity_level = s.acuity_level
            WHERE l.high_acuity
       ), months AS (
           SELECT date_trunc('month', h.admitted_on)::date AS period_start, count(*) AS placements
             FROM high h GROUP BY 1
       ), discharges AS (
           SELECT date_trunc('month', h.discharged_on)::date AS period_start, count(*) AS n
             FROM high h WHERE h.discharged_on IS NOT NULL GROUP BY 1
       ), readmissions AS (
           SELECT date_trunc('month', r.admitted_on)::date AS period_start, count(*) AS n
             FROM scorecard.stay r JOIN high h ON h.stay_id = r.readmission_of GROUP BY 1
       )
       SELECT m.period_start,
              (coalesce(d.n, 0) - coalesce(r.n, 0))::numeric AS numerator,
              m.placements::numeric AS denominator
         FROM months m
         LEFT JOIN discharges d ON d.period_start = m.period_start
         LEFT JOIN readmissions r ON r.period_start = m.period_start) AS x;
COMMENT ON VIEW scorecard.finance_placement_outcomes IS
    'Finance measure 4 (Reduce Placement Costs): (discharges from high-acuity placements - readmissions after them) / high-acuity placements, by month (placements by admission month).';
COMMENT ON COLUMN scorecard.finance_placement_outcomes.period_start IS 'Month.';
COMMENT ON COLUMN scorecard.finance_placement_outcomes.numerator IS 'Discharges from high-acuity placements in the month minus readmissions in the month after a high-acuity stay.';
COMMENT ON COLUMN scorecard.finance_placement_outcomes.denominator IS 'High-acuity placements admitted in the month.';
COMMENT ON COLUMN scorecard.finance_placement_outcomes.ratio IS 'numerator / denominator ((discharges - readmissions) / placements), to 4 places; NULL without a denominator.';
COMMENT ON COLUMN scorecard.finance_placement_outcomes.measure_label IS 'What the ratio measures, for a reader.';
COMMENT ON COLUMN scorecard.finance_placement_outcomes.period_label IS 'The month for a reader (''Jun 2016'').';


-- ---------------------------------------------------------------------
-- Services a funding stream pays instead of a claim, and stays in house
-- (sql/revenue/tables.sql, sql/revenue/kpis.sql): service.funding_stream;
-- DNFB (revenue_cycle_kpis, revenue_cycle_kpis_for) leaves out the
-- services a funding stream pays (not billable) and those of stays still
-- open at month end (in house, not discharged). Existing services keep
-- NULL (billable), as before. The view and the function are created again
-- here, whole, after their new column: the column must follow
-- diagnostic_category (added above) to match a fresh install's order.
-- ---------------------------------------------------------------------
ALTER TABLE scorecard.service ADD COLUMN funding_stream text REFERENCES scorecard.payer (payer_id) ON UPDATE CASCADE;
COMMENT ON COLUMN scorecard.service.funding_stream IS
    'The funding stream that pays for the service instead of a claim (a payer row such as 1991/2011 Realignment, MHSA or a county general fund): the service is not billable, so it is never discharged-not-final-billed (DNFB). NULL: the service is billable and waits for a claim.';

CREATE OR REPLACE FUNCTION scorecard.revenue_cycle_kpis_for(period_start date, period_end date, age_basis text DEFAULT 'service_date')
RETURNS TABLE (billed_claims bigint, billed_amount numeric, adjustments numeric, net_revenue numeric,
               cash_collected numeric, net_ar numeric, ar_over_90 numeric, net_days_in_ar numeric,
               ar_over_90_share numeric, initial_denial_rate numeric, initial_denial_rate_dollars numeric,
               clean_claim_rate numeric, cash_collected_share numeric, suspended_claims bigint,
               suspended_amount numeric, payments_received bigint, payments_unreconciled_72h bigint,
               unreconciled_72h_share numeric, payments_judged_72h bigint, claims_adjudicated bigint,
               initial_denials bigint, claims_entering_edits bigint, is_complete boolean,
               billed_ar numeric, contractual_allowances numeric, net_revenue_3_months numeric, days_3_months integer,
               unbilled_amount numeric, days_in_dnfb numeric, days_in_fbns numeric, patient_cash numeric,
               point_of_service_cash numeric, point_of_service_share numeric)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    WITH billed AS (
        SELECT count(*) AS n, coalesce(sum(c.amount), 0) AS amount
          FROM scorecard.claim c
         WHERE c.bill_date BETWEEN revenue_cycle_kpis_for.period_start AND revenue_cycle_kpis_for.period_end
    ), created AS (
        -- Clean claim rate (HFMA MAP): of the claims entering the billing
        -- edits in the period (created then), those that passed every edit
        -- without manual intervention, billed yet or not: a claim still
        -- held by an edit counts against the rate.
        SELECT count(*) AS n, count(*) FILTER (WHERE c.edit_reason IS NULL) AS clean_n
          FROM scorecard.claim c
         WHERE c.created_on BETWEEN revenue_cycle_kpis_for.period_start AND revenue_cycle_kpis_for.period_end
    ), adjudicated AS (
        -- Claims whose first remittance (a denial, or the first payment
        -- received: claim.first_paid_on) falls in the period; initial
        -- denials: those whose first remittance was the denial.
        SELECT count(*) AS n, coalesce(sum(c.amount), 0) AS amount,
               count(*) FILTER (WHERE c.denied_on <= coalesce(c.first_paid_on, c.denied_on)) AS denied_n,
               coalesce(sum(c.amount) FILTER (WHERE c.denied_on <= coalesce(c.first_paid_on, c.denied_on)), 0) AS denied_amount
          FROM scorecard.claim c
         WHERE LEAST(c.denied_on, c.first_paid_on) BETWEEN revenue_cycle_kpis_for.period_start AND revenue_cycle_kpis_for.period_end
    ), adj AS (
        SELECT coalesce(sum(a.amount), 0) AS amount
          FROM scorecard.adjustment a
         WHERE a.adjusted_on BETWEEN revenue_cycle_kpis_for.period_start AND revenue_cycle_kpis_for.period_end
    ), cash AS (
        SELECT count(*) AS n, coalesce(sum(y.amount), 0) AS amount,
               count(*) FILTER (WHERE scorecard.reconciled_late(y.received_on, y.reconciled_on, t.today)) AS late_n,
               count(*) FILTER (WHERE scorecard.reconciled_late(y.received_on, y.reconciled_on, t.today)
                                   OR scorecard.reconciled_on_time(y.received_on, y.reconciled_on, t.today)) AS judged_n,
               coalesce(sum(y.amount) FILTER (WHERE p.payer_type = 'self-pay'), 0) AS patient_cash,
               coalesce(sum(y.amount) FILTER (WHERE p.payer_type = 'self-pay' AND y.point_of_service), 0) AS pos_cash
          FROM scorecard.payment y
          JOIN scorecard.payer p ON p.payer_id = y.payer_id
         CROSS JOIN (SELECT scorecard.today() AS today OFFSET 0) AS t  -- once, not per row
         WHERE y.received_on BETWEEN revenue_cycle_kpis_for.period_start AND revenue_cycle_kpis_for.period_end
    ), accrual AS (
        -- Accrual NPSR of the period and of HFMA MAP's window for average
        -- daily NPSR: from the first day of the month two before the
        -- period's last (not before the first billing) to period_end.
        SELECT n.gross_revenue, n.contractual_allowances, n.net_patient_revenue, n.net_ar, n.billed_ar,
               w.net_patient_revenue AS npsr_3, w.gross_revenue AS gross_3, revenue_cycle_kpis_for.period_end - ws.start + 1 AS days_3,
               (SELECT count(*) FROM generate_series(ws.start, revenue_cycle_kpis_for.period_end, interval '1 month')) AS months_3
          FROM scorecard.net_patient_revenue_for(revenue_cycle_kpis_for.period_start, revenue_cycle_kpis_for.period_end) AS n,
               (SELECT GREATEST((date_trunc('month', revenue_cycle_kpis_for.period_end::timestamp) - interval '2 months')::date,
                                (SELECT date_trunc('month', min(c.bill_date)::timestamp)::date FROM scorecard.claim c)) AS start) AS ws,
               scorecard.net_patient_revenue_for(ws.start, revenue_cycle_kpis_for.period_end) AS w
    ), ar AS (
        SELECT coalesce(sum(b.balance), 0) AS net_ar,
               scorecard.ar_aging(b.balance,
                                  CASE revenue_cycle_kpis_for.age_basis
                                      WHEN 'service_date' THEN b.service_from
                                      WHEN 'bill_date' THEN b.bill_date
                                      ELSE b.due_date
                                  END,
                                  revenue_cycle_kpis_for.period_end) AS aging
          FROM scorecard.open_claims_as_of(revenue_cycle_kpis_for.period_end) AS b
    ), unbilled AS (
        -- Billable services (no funding stream pays them) delivered by
        -- period end that no claim created by then names, leaving out
        -- those of stays still open then (in house): discharged not final
        -- billed.
        SELECT coalesce(sum(s.charge), 0) AS amount
          FROM scorecard.service s
         WHERE s.service_at < (revenue_cycle_kpis_for.period_end + 1)::timestamptz
           AND s.funding_stream IS NULL
           AND (s.stay_id IS NULL
                OR EXISTS (SELECT 1 FROM scorecard.stay st
                            WHERE st.stay_id = s.stay_id AND st.discharged_on <= revenue_cycle_kpis_for.period_end))
           AND NOT EXISTS (SELECT 1 FROM scorecard.claim c
                            WHERE c.service_id = s.service_id AND c.created_on <= revenue_cycle_kpis_for.period_end)
    ), suspended AS (
        SELECT count(*) AS n, coalesce(sum(c.amount), 0) AS amount
          FROM scorecard.claim c
         WHERE c.created_on <= revenue_cycle_kpis_for.period_end
           AND (c.bill_date IS NULL OR c.bill_date > revenue_cycle_kpis_for.period_end)
    )
    SELECT billed.n, billed.amount, adj.amount, accrual.net_patient_revenue, cash.amount,
           accrual.net_ar, coalesce((ar.aging).buckets[4] + (ar.aging).buckets[5], 0),
           CASE WHEN accrual.npsr_3 > 0 AND accrual.net_ar >= 0
                THEN round(scorecard.days_in_ar(accrual.net_ar, accrual.npsr_3, accrual.days_3), 1)
           END,
           round(((ar.aging).buckets[4] + (ar.aging).buckets[5]) / NULLIF((ar.aging).receivable, 0), 4),
           round(adjudicated.denied_n::numeric / NULLIF(adjudicated.n, 0), 4),
           round(adjudicated.denied_amount / NULLIF(adjudicated.amount, 0), 4),
           round(created.clean_n::numeric / NULLIF(created.n, 0), 4),
           CASE WHEN accrual.npsr_3 > 0 THEN round(cash.amount * accrual.months_3 / accrual.npsr_3, 4) END,
           suspended.n, suspended.amount, cash.n, cash.late_n,
           round(cash.late_n::numeric / NULLIF(cash.judged_n, 0), 4), cash.judged_n,
           adjudicated.n, adjudicated.denied_n, created.n,
           revenue_cycle_kpis_for.period_end + 3 <= scorecard.today(),
           accrual.billed_ar, accrual.contractual_allowances, accrual.npsr_3, accrual.days_3,
           unbilled.amount,
           CASE WHEN accrual.gross_3 > 0 THEN round(unbilled.amount * accrual.days_3 / accrual.gross_3, 1) END,
           CASE WHEN accrual.gross_3 > 0 THEN round(suspended.amount * accrual.days_3 / accrual.gross_3, 1) END,
           cash.patient_cash, cash.pos_cash, round(cash.pos_cash / NULLIF(cash.patient_cash, 0), 4)
      FROM billed, created, adjudicated, adj, cash, ar, suspended, accrual, unbilled,
           -- An unknown basis is refused (22023): aging_date raises.
           (SELECT scorecard.aging_date(revenue_cycle_kpis_for.age_basis, NULL::date, NULL::date, NULL::date) AS checked) AS v
     WHERE v.checked IS NULL;
END;
COMMENT ON FUNCTION scorecard.revenue_cycle_kpis_for(date, date, text) IS
    'HFMA-style revenue-cycle KPIs for one period [period_start, period_end] (no row when either is NULL): billing, accrual net patient service revenue (scorecard.net_patient_revenue_for), cash received, net A/R (net of expected allowances) and A/R over 90 days at period end (aged from the date of service as HFMA MAP does, or age_basis ''bill_date'' / ''due_date''), net days in A/R (HFMA MAP: net A/R / average daily NPSR from the first day of the month two before period_end''s, or of the first billing, to period_end), cash collected as a share of average monthly NPSR over the same months, days in discharged-not-final-billed and final-billed-not-submitted (over the average daily gross revenue of the same months), point-of-service collections, initial denial rate (HFMA MAP: claims whose first remittance in the period was a denial / claims first remitted in the period, by count and dollars), clean claim rate (HFMA MAP: claims created in the period that passed every edit / claims created in the period), cash collected share, suspended claims at period end, payments not reconciled within 72 hours (judged as of scorecard.today(): a payment younger than that with no reconciliation yet is not counted), and is_complete: period_end + 3 days <= scorecard.today().';

CREATE OR REPLACE VIEW scorecard.revenue_cycle_kpis WITH (security_invoker = true) AS
WITH claim_groups AS (
    -- One pass over the claims, by month created, billed and first
    -- remitted: the billing of each month, the suspended claims at each
    -- month end and the initial denials all follow from these groups.
    SELECT date_trunc('month', c.created_on::timestamp)::date AS created_month,
           date_trunc('month', c.bill_date::timestamp)::date AS bill_month,
           date_trunc('month', LEAST(c.denied_on, c.first_paid_on)::timestamp)::date AS remit_month,
           count(*) AS n, sum(c.amount) AS amount,
           count(*) FILTER (WHERE c.edit_reason IS NULL) AS clean_n,
           count(*) FILTER (WHERE c.denied_on <= coalesce(c.first_paid_on, c.denied_on)) AS denied_n,
           sum(c.amount) FILTER (WHERE c.denied_on <= coalesce(c.first_paid_on, c.denied_on)) AS denied_amount
      FROM scorecard.claim c
     GROUP BY 1, 2, 3
), billed AS (
    SELECT g.bill_month AS period_start, sum(g.n)::bigint AS n, sum(g.amount) AS amount
      FROM claim_groups g
     WHERE g.bill_month IS NOT NULL
     GROUP BY 1
), created AS (
    -- HFMA MAP's clean claim rate: of the claims entering the billing edits
    -- in the month (created then), those that passed every edit without
    -- manual intervention, billed yet or not.
    SELECT g.created_month AS period_start, sum(g.n)::bigint AS n, sum(g.clean_n)::bigint AS clean_n
      FROM claim_groups g
     GROUP BY 1
), adjudicated AS (
    -- HFMA MAP's initial denial rate: each claim counts in the month of its
    -- first remittance (its denial, or its first payment received), as an
    -- initial denial when that first remittance was the denial.
    -- (From the claim groups: remit_month is the month of LEAST(denied_on,
    -- first_paid_on), NULL for a claim with no remittance yet.)
    SELECT g.remit_month AS period_start, sum(g.n) AS n, sum(g.amount) AS amount,
           sum(g.denied_n) AS denied_n, coalesce(sum(g.denied_amount), 0) AS denied_amount
      FROM claim_groups g
     WHERE g.remit_month IS NOT NULL
     GROUP BY 1
), adj AS (
    SELECT date_trunc('month', a.adjusted_on::timestamp)::date AS period_start, sum(a.amount) AS amount
      FROM scorecard.adjustment a GROUP BY 1
), cash AS (
    SELECT date_trunc('month', y.received_on::timestamp)::date AS period_start, count(*) AS n, sum(y.amount) AS amount,
           count(*) FILTER (WHERE scorecard.reconciled_late(y.received_on, y.reconciled_on, t.today)) AS late_n,
           count(*) FILTER (WHERE scorecard.reconciled_late(y.received_on, y.reconciled_on, t.today)
                               OR scorecard.reconciled_on_time(y.received_on, y.reconciled_on, t.today)) AS judged_n,
           coalesce(sum(y.amount) FILTER (WHERE p.payer_type = 'self-pay'), 0) AS patient_cash,
           coalesce(sum(y.amount) FILTER (WHERE p.payer_type = 'self-pay' AND y.point_of_service), 0) AS pos_cash
      FROM scorecard.payment y
      JOIN scorecard.payer p ON p.payer_id = y.payer_id
     CROSS JOIN (SELECT scorecard.today() AS today OFFSET 0) AS t  -- once, not per row
     GROUP BY 1
), service_claims AS (
    -- Services not final billed (HFMA MAP's DNFB): a billable service (no
    -- funding stream pays it) is unbilled from its month (for a service of
    -- a stay, from the month the stay ended: until then it is in house)
    -- until the month the first claim naming it (claim.service_id) is
    -- created; a service no claim names stays unbilled. Running sums over
    -- (service month, claim month) groups.
    SELECT greatest(date_trunc('month', s.service_at)::date, date_trunc('month', st.discharged_on::timestamp)::date) AS service_month,
           date_trunc('month', f.first_created::timestamp)::date AS claim_month, sum(s.charge) AS charges
      FROM scorecard.service s
      LEFT JOIN scorecard.stay st ON st.stay_id = s.stay_id
      LEFT JOIN (SELECT c.service_id, min(c.created_on) AS first_created
                   FROM scorecard.claim c WHERE c.service_id IS NOT NULL GROUP BY c.service_id) AS f
        ON f.service_id = s.service_id
     WHERE s.funding_stream IS NULL
       AND (s.stay_id IS NULL OR st.discharged_on IS NOT NULL)
     GROUP BY 1, 2
), unbilled AS (
    SELECT x.month, sum(x.amount) AS amount
      FROM (SELECT g.service_month AS month, g.charges AS amount
              FROM service_claims g
             WHERE g.claim_month IS NULL OR g.claim_month > g.service_month
            UNION ALL
            SELECT g.claim_month, -g.charges
              FROM service_claims g
             WHERE g.claim_month > g.service_month
            UNION ALL
            SELECT b.period_start, 0 FROM billed b) AS x
     GROUP BY x.month
), dnfb AS (
    SELECT u.month AS period_start, sum(u.amount) OVER (ORDER BY u.month) AS amount FROM unbilled u
), suspended_moves AS (
    -- A claim is suspended at the end of every month from the one it was
    -- created in to the one before it was billed (never, if billed in the
    -- month it was created): +1 then -1, summed month by month below.
    SELECT x.month, sum(x.n) AS n, sum(x.amount) AS amount
      FROM (SELECT g.created_month AS month, g.n, g.amount
              FROM claim_groups g
             WHERE g.bill_month IS NULL OR g.bill_month > g.created_month
            UNION ALL
            SELECT g.bill_month, -g.n, -g.amount
              FROM claim_groups g
             WHERE g.bill_month > g.created_month
            UNION ALL
            SELECT b.period_start, 0, 0 FROM billed b) AS x
     GROUP BY x.month
), suspended AS (
    SELECT m.month AS period_start, (sum(m.n) OVER w)::bigint AS n,
           CASE WHEN sum(m.n) OVER w = 0 THEN 0 ELSE sum(m.amount) OVER w END AS amount
      FROM suspended_moves m WINDOW w AS (ORDER BY m.month)
), accrual AS (
    -- Accrual NPSR and net A/R as scorecard.net_patient_revenue has them
    -- for the whole organisation (a row for every month from the first
    -- billing on), added up from the stored accrual of the claims
    -- (scorecard.claim_accrual) without their lines and levels, and HFMA
    -- MAP's average daily NPSR window: the month and the two before it.
    SELECT n.period_start, n.gross, n.allowances, n.denial_write_offs, n.bad_debt, n.charity, n.other_deductions,
           n.npsr, n.net_ar,
           sum(n.npsr) OVER w3 AS npsr_3, (sum(n.days) OVER w3)::integer AS days_3, count(*) OVER w3 AS months_3,
           sum(n.gross) OVER w3 AS gross_3
      FROM (SELECT m.month AS period_start, coalesce(b.gross, 0) AS gross, coalesce(b.allowances, 0) AS allowances,
                   coalesce(d.denial_write_offs, 0) AS denial_write_offs, coalesce(d.bad_debt, 0) AS bad_debt,
                   coalesce(d.charity, 0) AS charity, coalesce(d.other_deductions, 0) AS other_deductions,
                   coalesce(d.npsr, 0) AS npsr,
                   sum(coalesce(d.net_change, 0)) OVER (ORDER BY m.month) AS net_ar,
                   (m.month + interval '1 month')::date - m.month AS days
              FROM (SELECT generate_series(min(x.month), max(x.month), interval '1 month')::date AS month
                      FROM scorecard.claim_accrual x) AS m
              LEFT JOIN (SELECT a.month,
                                sum(a.deduction) FILTER (WHERE a.deduction_kind = 'denial write-off') AS denial_write_offs,
                                sum(a.deduction) FILTER (WHERE a.deduction_kind = 'bad debt') AS bad_debt,
                                sum(a.deduction) FILTER (WHERE a.deduction_kind = 'charity') AS charity,
                                sum(a.deduction) FILTER (WHERE a.deduction_kind = 'other') AS other_deductions,
                                sum(a.npsr) AS npsr, sum(a.net_change) AS net_change
                           FROM scorecard.claim_accrual a
                          GROUP BY a.month) AS d ON d.month = m.month
              LEFT JOIN (SELECT date_trunc('month', c.bill_date::timestamp)::date AS month, sum(c.amount) AS gross,
                                sum(c.amount - c.expected_amount) AS allowances
                           FROM scorecard.claim c
                          WHERE c.bill_date IS NOT NULL
                          GROUP BY 1) AS b ON b.month = m.month) AS n
    WINDOW w3 AS (ORDER BY n.period_start ROWS 2 PRECEDING)
), k AS (
    SELECT b.period_start, b.n, b.amount, coalesce(j.n, 0) AS adjudicated_n, coalesce(j.amount, 0) AS adjudicated_amount,
           coalesce(j.denied_n, 0) AS denied_n, coalesce(j.denied_amount, 0) AS denied_amount,
           coalesce(e.n, 0) AS created_n, coalesce(e.clean_n, 0) AS clean_n,
           coalesce(a.amount, 0) AS adjusted, coalesce(y.n, 0) AS cash_n, coalesce(y.amount, 0) AS cash,
           coalesce(y.late_n, 0) AS late_n, coalesce(y.judged_n, 0) AS judged_n, r.net_ar AS billed_ar, r.ar_over_90,
           s.n AS suspended_n, s.amount AS suspended_amount,
           n.allowances, n.denial_write_offs, n.bad_debt, n.charity, n.other_deductions, n.npsr, n.net_ar,
           n.npsr_3, n.days_3, n.months_3, n.gross_3, coalesce(y.patient_cash, 0) AS patient_cash,
           coalesce(y.pos_cash, 0) AS pos_cash, d.amount AS dnfb_amount
      FROM billed b
      LEFT JOIN created e ON e.period_start = b.period_start
      LEFT JOIN adjudicated j ON j.period_start = b.period_start
      LEFT JOIN adj a ON a.period_start = b.period_start
      LEFT JOIN cash y ON y.period_start = b.period_start
      JOIN scorecard.ar_month_ends() r ON r.period_start = b.period_start
      JOIN suspended s ON s.period_start = b.period_start
      JOIN accrual n ON n.period_start = b.period_start
      JOIN dnfb d ON d.period_start = b.period_start
)
SELECT k.period_start,
       'month'::text AS period_grain,
       k.n AS billed_claims,
       k.amount AS billed_amount,
       k.adjusted AS adjustments,
       k.npsr AS net_revenue,
       k.cash AS cash_collected,
       k.net_ar,
       k.ar_over_90,
       CASE WHEN k.npsr_3 > 0 AND k.net_ar >= 0
            THEN round(scorecard.days_in_ar(k.net_ar, k.npsr_3, k.days_3), 1)
       END AS net_days_in_ar,
       round(k.ar_over_90 / NULLIF(k.billed_ar, 0), 4) AS ar_over_90_share,
       round(k.denied_n::numeric / NULLIF(k.adjudicated_n, 0), 4) AS initial_denial_rate,
       round(k.denied_amount / NULLIF(k.adjudicated_amount, 0), 4) AS initial_denial_rate_dollars,
       round(k.clean_n::numeric / NULLIF(k.created_n, 0), 4) AS clean_claim_rate,
       CASE WHEN k.npsr_3 > 0 THEN round(k.cash * k.months_3 / k.npsr_3, 4) END AS cash_collected_share,
       k.suspended_n AS suspended_claims,
       k.suspended_amount,
       k.cash_n AS payments_received,
       k.late_n AS payments_unreconciled_72h,
       round(k.late_n::numeric / NULLIF(k.judged_n, 0), 4) AS unreconciled_72h_share,
       k.judged_n AS payments_judged_72h,
       k.adjudicated_n::bigint AS claims_adjudicated,
       k.denied_n::bigint AS initial_denials,
       k.created_n AS claims_entering_edits,
       ((k.period_start + interval '1 month')::date - 1) + 3 <= t.today AS is_complete,
       k.billed_ar,
       k.allowances AS contractual_allowances,
       k.denial_write_offs,
       k.bad_debt,
       k.charity,
       k.other_deductions,
       k.npsr_3 AS net_revenue_3_months,
       k.days_3 AS days_3_months,
       CASE WHEN k.npsr > 0 THEN round(k.denial_write_offs / k.npsr, 4) END AS denial_write_off_share,
       round((k.bad_debt + k.charity) / NULLIF(k.amount, 0), 4) AS bad_debt_charity_share,
       k.dnfb_amount AS unbilled_amount,
       CASE WHEN k.gross_3 > 0 THEN round(k.dnfb_amount * k.days_3 / k.gross_3, 1) END AS days_in_dnfb,
       CASE WHEN k.gross_3 > 0 THEN round(k.suspended_amount * k.days_3 / k.gross_3, 1) END AS days_in_fbns,
       k.patient_cash,
       k.pos_cash AS point_of_service_cash,
       round(k.pos_cash / NULLIF(k.patient_cash, 0), 4) AS point_of_service_share
  FROM k
 CROSS JOIN (SELECT scorecard.today() AS today OFFSET 0) AS t;
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.unbilled_amount IS 'Charges of the billable services (service.funding_stream NULL) delivered by month end that no claim created by then names (claim.service_id), leaving out the services of stays still open at month end (in house): discharged (served) not final billed.';

-- ---------------------------------------------------------------------
-- Every aggregate's transition state becomes a real SQL type (it was
-- internal), so Citus can run the partial step on its workers (it ships
-- a state as the type's text) and parallel query ships it as it is: six
-- fixed-length types with JSON text I/O and binary I/O (src/pg/state_type.rs).
-- The aggregates keep their OIDs (CREATE OR REPLACE AGGREGATE), so the
-- views that call them stay; the internal-state support functions go.
-- ---------------------------------------------------------------------
CREATE TYPE scorecard.weighted_mean_state;
CREATE FUNCTION scorecard.weighted_mean_state_in(input cstring) RETURNS scorecard.weighted_mean_state
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'weighted_mean_state_in_wrapper';
CREATE FUNCTION scorecard.weighted_mean_state_out(state scorecard.weighted_mean_state) RETURNS cstring
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'weighted_mean_state_out_wrapper';
CREATE FUNCTION scorecard.weighted_mean_state_recv(buf internal) RETURNS scorecard.weighted_mean_state
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'weighted_mean_state_recv_wrapper';
CREATE FUNCTION scorecard.weighted_mean_state_send(state scorecard.weighted_mean_state) RETURNS bytea
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'weighted_mean_state_send_wrapper';
CREATE TYPE scorecard.weighted_mean_state (
    INPUT = scorecard.weighted_mean_state_in, OUTPUT = scorecard.weighted_mean_state_out,
    RECEIVE = scorecard.weighted_mean_state_recv, SEND = scorecard.weighted_mean_state_send,
    INTERNALLENGTH = 56, ALIGNMENT = double, STORAGE = plain
);
COMMENT ON TYPE scorecard.weighted_mean_state IS 'Transition state of scorecard.composite and scorecard.mix_price: exact weighted sum, sum of weights and count. Its text form is JSON ({"weighted_sum":"37.50","weight_sum":"3","count":1}); Citus ships it between nodes that way.';
COMMENT ON FUNCTION scorecard.weighted_mean_state_in(cstring) IS 'Input function of scorecard.weighted_mean_state: its JSON text form, checked like an argument (ERROR 22P02).';
COMMENT ON FUNCTION scorecard.weighted_mean_state_out(scorecard.weighted_mean_state) IS 'Output function of scorecard.weighted_mean_state: its JSON text form.';
COMMENT ON FUNCTION scorecard.weighted_mean_state_recv(internal) IS 'Binary input function of scorecard.weighted_mean_state (ERROR 22P03 on a bad state).';
COMMENT ON FUNCTION scorecard.weighted_mean_state_send(scorecard.weighted_mean_state) IS 'Binary output function of scorecard.weighted_mean_state.';
CREATE TYPE scorecard.case_rate_state;
CREATE FUNCTION scorecard.case_rate_state_in(input cstring) RETURNS scorecard.case_rate_state
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'case_rate_state_in_wrapper';
CREATE FUNCTION scorecard.case_rate_state_out(state scorecard.case_rate_state) RETURNS cstring
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'case_rate_state_out_wrapper';
CREATE FUNCTION scorecard.case_rate_state_recv(buf internal) RETURNS scorecard.case_rate_state
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'case_rate_state_recv_wrapper';
CREATE FUNCTION scorecard.case_rate_state_send(state scorecard.case_rate_state) RETURNS bytea
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'case_rate_state_send_wrapper';
CREATE TYPE scorecard.case_rate_state (
    INPUT = scorecard.case_rate_state_in, OUTPUT = scorecard.case_rate_state_out,
    RECEIVE = scorecard.case_rate_state_recv, SEND = scorecard.case_rate_state_send,
    INTERNALLENGTH = 80, ALIGNMENT = double, STORAGE = plain
);
COMMENT ON TYPE scorecard.case_rate_state IS 'Transition state of scorecard.case_rate_range: count, exact sum and sum of squares of expenditure, and the band. Its text form is JSON; Citus ships it between nodes that way.';
COMMENT ON FUNCTION scorecard.case_rate_state_in(cstring) IS 'Input function of scorecard.case_rate_state: its JSON text form, checked like an argument (ERROR 22P02).';
COMMENT ON FUNCTION scorecard.case_rate_state_out(scorecard.case_rate_state) IS 'Output function of scorecard.case_rate_state: its JSON text form.';
COMMENT ON FUNCTION scorecard.case_rate_state_recv(internal) IS 'Binary input function of scorecard.case_rate_state (ERROR 22P03 on a bad state).';
COMMENT ON FUNCTION scorecard.case_rate_state_send(scorecard.case_rate_state) IS 'Binary output function of scorecard.case_rate_state.';
CREATE TYPE scorecard.linear_fit_state;
CREATE FUNCTION scorecard.linear_fit_state_in(input cstring) RETURNS scorecard.linear_fit_state
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'linear_fit_state_in_wrapper';
CREATE FUNCTION scorecard.linear_fit_state_out(state scorecard.linear_fit_state) RETURNS cstring
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'linear_fit_state_out_wrapper';
CREATE FUNCTION scorecard.linear_fit_state_recv(buf internal) RETURNS scorecard.linear_fit_state
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'linear_fit_state_recv_wrapper';
CREATE FUNCTION scorecard.linear_fit_state_send(state scorecard.linear_fit_state) RETURNS bytea
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'linear_fit_state_send_wrapper';
CREATE TYPE scorecard.linear_fit_state (
    INPUT = scorecard.linear_fit_state_in, OUTPUT = scorecard.linear_fit_state_out,
    RECEIVE = scorecard.linear_fit_state_recv, SEND = scorecard.linear_fit_state_send,
    INTERNALLENGTH = 128, ALIGNMENT = double, STORAGE = plain
);
COMMENT ON TYPE scorecard.linear_fit_state IS 'Transition state of scorecard.cost_behavior: count and the exact sums of a least-squares fit. Its text form is JSON; Citus ships it between nodes that way.';
COMMENT ON FUNCTION scorecard.linear_fit_state_in(cstring) IS 'Input function of scorecard.linear_fit_state: its JSON text form, checked like an argument (ERROR 22P02).';
COMMENT ON FUNCTION scorecard.linear_fit_state_out(scorecard.linear_fit_state) IS 'Output function of scorecard.linear_fit_state: its JSON text form.';
COMMENT ON FUNCTION scorecard.linear_fit_state_recv(internal) IS 'Binary input function of scorecard.linear_fit_state (ERROR 22P03 on a bad state).';
COMMENT ON FUNCTION scorecard.linear_fit_state_send(scorecard.linear_fit_state) IS 'Binary output function of scorecard.linear_fit_state.';
CREATE TYPE scorecard.cost_trend_state;
CREATE FUNCTION scorecard.cost_trend_state_in(input cstring) RETURNS scorecard.cost_trend_state
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'cost_trend_state_in_wrapper';
CREATE FUNCTION scorecard.cost_trend_state_out(state scorecard.cost_trend_state) RETURNS cstring
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'cost_trend_state_out_wrapper';
CREATE FUNCTION scorecard.cost_trend_state_recv(buf internal) RETURNS scorecard.cost_trend_state
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'cost_trend_state_recv_wrapper';
CREATE FUNCTION scorecard.cost_trend_state_send(state scorecard.cost_trend_state) RETURNS bytea
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'cost_trend_state_send_wrapper';
CREATE TYPE scorecard.cost_trend_state (
    INPUT = scorecard.cost_trend_state_in, OUTPUT = scorecard.cost_trend_state_out,
    RECEIVE = scorecard.cost_trend_state_recv, SEND = scorecard.cost_trend_state_send,
    INTERNALLENGTH = 144, ALIGNMENT = double, STORAGE = plain
);
COMMENT ON TYPE scorecard.cost_trend_state IS 'Transition state of scorecard.cost_trend: the exact sums of a least-squares fit on the month number, and the first and last month. Its text form is JSON; Citus ships it between nodes that way.';
COMMENT ON FUNCTION scorecard.cost_trend_state_in(cstring) IS 'Input function of scorecard.cost_trend_state: its JSON text form, checked like an argument (ERROR 22P02).';
COMMENT ON FUNCTION scorecard.cost_trend_state_out(scorecard.cost_trend_state) IS 'Output function of scorecard.cost_trend_state: its JSON text form.';
COMMENT ON FUNCTION scorecard.cost_trend_state_recv(internal) IS 'Binary input function of scorecard.cost_trend_state (ERROR 22P03 on a bad state).';
COMMENT ON FUNCTION scorecard.cost_trend_state_send(scorecard.cost_trend_state) IS 'Binary output function of scorecard.cost_trend_state.';
CREATE TYPE scorecard.value_of_service_state;
CREATE FUNCTION scorecard.value_of_service_state_in(input cstring) RETURNS scorecard.value_of_service_state
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'value_of_service_state_in_wrapper';
CREATE FUNCTION scorecard.value_of_service_state_out(state scorecard.value_of_service_state) RETURNS cstring
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'value_of_service_state_out_wrapper';
CREATE FUNCTION scorecard.value_of_service_state_recv(buf internal) RETURNS scorecard.value_of_service_state
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'value_of_service_state_recv_wrapper';
CREATE FUNCTION scorecard.value_of_service_state_send(state scorecard.value_of_service_state) RETURNS bytea
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'value_of_service_state_send_wrapper';
CREATE TYPE scorecard.value_of_service_state (
    INPUT = scorecard.value_of_service_state_in, OUTPUT = scorecard.value_of_service_state_out,
    RECEIVE = scorecard.value_of_service_state_recv, SEND = scorecard.value_of_service_state_send,
    INTERNALLENGTH = 80, ALIGNMENT = double, STORAGE = plain
);
COMMENT ON TYPE scorecard.value_of_service_state IS 'Transition state of scorecard.value_of_service: count, exact sums of cost and its square, and of outcome. Its text form is JSON; Citus ships it between nodes that way.';
COMMENT ON FUNCTION scorecard.value_of_service_state_in(cstring) IS 'Input function of scorecard.value_of_service_state: its JSON text form, checked like an argument (ERROR 22P02).';
COMMENT ON FUNCTION scorecard.value_of_service_state_out(scorecard.value_of_service_state) IS 'Output function of scorecard.value_of_service_state: its JSON text form.';
COMMENT ON FUNCTION scorecard.value_of_service_state_recv(internal) IS 'Binary input function of scorecard.value_of_service_state (ERROR 22P03 on a bad state).';
COMMENT ON FUNCTION scorecard.value_of_service_state_send(scorecard.value_of_service_state) IS 'Binary output function of scorecard.value_of_service_state.';
CREATE TYPE scorecard.aging_state;
CREATE FUNCTION scorecard.aging_state_in(input cstring) RETURNS scorecard.aging_state
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'aging_state_in_wrapper';
CREATE FUNCTION scorecard.aging_state_out(state scorecard.aging_state) RETURNS cstring
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'aging_state_out_wrapper';
CREATE FUNCTION scorecard.aging_state_recv(buf internal) RETURNS scorecard.aging_state
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'aging_state_recv_wrapper';
CREATE FUNCTION scorecard.aging_state_send(state scorecard.aging_state) RETURNS bytea
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'aging_state_send_wrapper';
CREATE TYPE scorecard.aging_state (
    INPUT = scorecard.aging_state_in, OUTPUT = scorecard.aging_state_out,
    RECEIVE = scorecard.aging_state_recv, SEND = scorecard.aging_state_send,
    INTERNALLENGTH = 512, ALIGNMENT = double, STORAGE = plain
);
COMMENT ON TYPE scorecard.aging_state IS 'Transition state of scorecard.ar_aging: the bucket edges and an exact sum per bucket, after as_of and undated, and the count. Its text form is JSON; Citus ships it between nodes that way.';
COMMENT ON FUNCTION scorecard.aging_state_in(cstring) IS 'Input function of scorecard.aging_state: its JSON text form, checked like an argument (ERROR 22P02).';
COMMENT ON FUNCTION scorecard.aging_state_out(scorecard.aging_state) IS 'Output function of scorecard.aging_state: its JSON text form.';
COMMENT ON FUNCTION scorecard.aging_state_recv(internal) IS 'Binary input function of scorecard.aging_state (ERROR 22P03 on a bad state).';
COMMENT ON FUNCTION scorecard.aging_state_send(scorecard.aging_state) IS 'Binary output function of scorecard.aging_state.';
CREATE FUNCTION scorecard.composite_trans(state scorecard.weighted_mean_state, score NUMERIC) RETURNS scorecard.weighted_mean_state
IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'composite_trans_unweighted_wrapper';
CREATE FUNCTION scorecard.composite_trans(state scorecard.weighted_mean_state, score NUMERIC, weight NUMERIC) RETURNS scorecard.weighted_mean_state
IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'composite_trans_wrapper';
CREATE FUNCTION scorecard.composite_combine(a scorecard.weighted_mean_state, b scorecard.weighted_mean_state) RETURNS scorecard.weighted_mean_state
IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'composite_combine_wrapper';
CREATE FUNCTION scorecard.composite_final(state scorecard.weighted_mean_state) RETURNS NUMERIC
IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'composite_final_wrapper';
CREATE FUNCTION scorecard.case_rate_trans(state scorecard.case_rate_state, expenditure NUMERIC, band NUMERIC) RETURNS scorecard.case_rate_state
IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'case_rate_trans_wrapper';
CREATE FUNCTION scorecard.case_rate_trans(state scorecard.case_rate_state, expenditure NUMERIC) RETURNS scorecard.case_rate_state
IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'case_rate_trans_default_band_wrapper';
CREATE FUNCTION scorecard.case_rate_combine(a scorecard.case_rate_state, b scorecard.case_rate_state) RETURNS scorecard.case_rate_state
IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'case_rate_combine_wrapper';
CREATE FUNCTION scorecard.case_rate_final(state scorecard.case_rate_state) RETURNS scorecard.case_rate /* Option < :: pgrx :: heap_tuple :: PgHeapTuple < '_, :: pgrx :: pgbox ::
AllocatedByRust > > */
IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'case_rate_final_wrapper';
CREATE FUNCTION scorecard.mix_price_trans(state scorecard.weighted_mean_state, unit_price NUMERIC, volume_share NUMERIC) RETURNS scorecard.weighted_mean_state
IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mix_price_trans_wrapper';
CREATE FUNCTION scorecard.mix_price_combine(a scorecard.weighted_mean_state, b scorecard.weighted_mean_state) RETURNS scorecard.weighted_mean_state
IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mix_price_combine_wrapper';
CREATE FUNCTION scorecard.mix_price_final(state scorecard.weighted_mean_state) RETURNS NUMERIC
IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mix_price_final_wrapper';
CREATE FUNCTION scorecard.cost_behavior_trans(state scorecard.linear_fit_state, total_cost NUMERIC, volume NUMERIC) RETURNS scorecard.linear_fit_state
IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'cost_behavior_trans_wrapper';
CREATE FUNCTION scorecard.cost_behavior_combine(a scorecard.linear_fit_state, b scorecard.linear_fit_state) RETURNS scorecard.linear_fit_state
IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'cost_behavior_combine_wrapper';
CREATE FUNCTION scorecard.cost_behavior_final(state scorecard.linear_fit_state) RETURNS scorecard.cost_fit /* Option < :: pgrx :: heap_tuple :: PgHeapTuple < '_, :: pgrx :: pgbox ::
AllocatedByRust > > */
IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'cost_behavior_final_wrapper';
CREATE FUNCTION scorecard.cost_trend_trans(state scorecard.cost_trend_state, period_start date, total_cost NUMERIC) RETURNS scorecard.cost_trend_state
IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'cost_trend_trans_wrapper';
CREATE FUNCTION scorecard.cost_trend_combine(a scorecard.cost_trend_state, b scorecard.cost_trend_state) RETURNS scorecard.cost_trend_state
IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'cost_trend_combine_wrapper';
CREATE FUNCTION scorecard.cost_trend_final(state scorecard.cost_trend_state) RETURNS scorecard.cost_trend_fit /* Option < :: pgrx :: heap_tuple :: PgHeapTuple < '_, :: pgrx :: pgbox ::
AllocatedByRust > > */
IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'cost_trend_final_wrapper';
CREATE FUNCTION scorecard.value_of_service_trans(state scorecard.value_of_service_state, outcome NUMERIC, cost NUMERIC) RETURNS scorecard.value_of_service_state
IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'value_of_service_trans_wrapper';
CREATE FUNCTION scorecard.value_of_service_combine(a scorecard.value_of_service_state, b scorecard.value_of_service_state) RETURNS scorecard.value_of_service_state
IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'value_of_service_combine_wrapper';
CREATE FUNCTION scorecard.value_of_service_final(state scorecard.value_of_service_state) RETURNS scorecard.service_value /* Option < :: pgrx :: heap_tuple :: PgHeapTuple < '_, :: pgrx :: pgbox ::
AllocatedByRust > > */
IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'value_of_service_final_wrapper';
CREATE FUNCTION scorecard.ar_aging_combine(a scorecard.aging_state, b scorecard.aging_state) RETURNS scorecard.aging_state
IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'ar_aging_combine_wrapper';
CREATE FUNCTION scorecard.ar_aging_final(state scorecard.aging_state) RETURNS scorecard.aging /* Option < :: pgrx :: heap_tuple :: PgHeapTuple < '_, :: pgrx :: pgbox ::
AllocatedByRust > > */
IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'ar_aging_final_wrapper';
CREATE FUNCTION scorecard.ar_aging_trans(state scorecard.aging_state, amount numeric, aged_from date, as_of date, bucket_edges integer[]) RETURNS scorecard.aging_state
IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'ar_aging_trans_v1';
CREATE FUNCTION scorecard.ar_aging_trans(state scorecard.aging_state, amount numeric, aged_from date, as_of date) RETURNS scorecard.aging_state
IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'ar_aging_trans_v1';
CREATE OR REPLACE AGGREGATE scorecard.composite(score numeric, weight numeric) (
    sfunc = scorecard.composite_trans, stype = scorecard.weighted_mean_state,
    finalfunc = scorecard.composite_final, combinefunc = scorecard.composite_combine, parallel = safe
);
CREATE OR REPLACE AGGREGATE scorecard.composite(score numeric) (
    sfunc = scorecard.composite_trans, stype = scorecard.weighted_mean_state,
    finalfunc = scorecard.composite_final, combinefunc = scorecard.composite_combine, parallel = safe
);
CREATE OR REPLACE AGGREGATE scorecard.case_rate_range(expenditure numeric, band numeric) (
    sfunc = scorecard.case_rate_trans, stype = scorecard.case_rate_state, finalfunc = scorecard.case_rate_final,
    combinefunc = scorecard.case_rate_combine, parallel = safe
);
CREATE OR REPLACE AGGREGATE scorecard.case_rate_range(expenditure numeric) (
    sfunc = scorecard.case_rate_trans, stype = scorecard.case_rate_state, finalfunc = scorecard.case_rate_final,
    combinefunc = scorecard.case_rate_combine, parallel = safe
);
CREATE OR REPLACE AGGREGATE scorecard.mix_price(unit_price numeric, volume_share numeric) (
    sfunc = scorecard.mix_price_trans, stype = scorecard.weighted_mean_state, finalfunc = scorecard.mix_price_final,
    combinefunc = scorecard.mix_price_combine, parallel = safe
);
CREATE OR REPLACE AGGREGATE scorecard.cost_behavior(total_cost numeric, volume numeric) (
    sfunc = scorecard.cost_behavior_trans, stype = scorecard.linear_fit_state, finalfunc = scorecard.cost_behavior_final,
    combinefunc = scorecard.cost_behavior_combine, parallel = safe
);
CREATE OR REPLACE AGGREGATE scorecard.cost_trend(period_start date, total_cost numeric) (
    sfunc = scorecard.cost_trend_trans, stype = scorecard.cost_trend_state, finalfunc = scorecard.cost_trend_final,
    combinefunc = scorecard.cost_trend_combine, parallel = safe
);
CREATE OR REPLACE AGGREGATE scorecard.value_of_service(outcome numeric, cost numeric) (
    sfunc = scorecard.value_of_service_trans, stype = scorecard.value_of_service_state, finalfunc = scorecard.value_of_service_final,
    combinefunc = scorecard.value_of_service_combine, parallel = safe
);
CREATE OR REPLACE AGGREGATE scorecard.ar_aging(amount numeric, aged_from date, as_of date, bucket_edges integer[]) (
    sfunc = scorecard.ar_aging_trans, stype = scorecard.aging_state, finalfunc = scorecard.ar_aging_final,
    combinefunc = scorecard.ar_aging_combine, parallel = safe
);
CREATE OR REPLACE AGGREGATE scorecard.ar_aging(amount numeric, aged_from date, as_of date) (
    sfunc = scorecard.ar_aging_trans, stype = scorecard.aging_state, finalfunc = scorecard.ar_aging_final,
    combinefunc = scorecard.ar_aging_combine, parallel = safe
);
DROP FUNCTION scorecard.composite_trans(internal, numeric, numeric), scorecard.composite_trans(internal, numeric),
    scorecard.composite_combine(internal, internal), scorecard.composite_serialize(internal),
    scorecard.composite_deserialize(bytea, internal), scorecard.composite_final(internal),
    scorecard.case_rate_trans(internal, numeric, numeric), scorecard.case_rate_trans(internal, numeric),
    scorecard.case_rate_combine(internal, internal), scorecard.case_rate_serialize(internal),
    scorecard.case_rate_deserialize(bytea, internal), scorecard.case_rate_final(internal),
    scorecard.mix_price_trans(internal, numeric, numeric),
    scorecard.mix_price_combine(internal, internal), scorecard.mix_price_serialize(internal),
    scorecard.mix_price_deserialize(bytea, internal), scorecard.mix_price_final(internal),
    scorecard.cost_behavior_trans(internal, numeric, numeric),
    scorecard.cost_behavior_combine(internal, internal), scorecard.cost_behavior_serialize(internal),
    scorecard.cost_behavior_deserialize(bytea, internal), scorecard.cost_behavior_final(internal),
    scorecard.cost_trend_trans(internal, date, numeric),
    scorecard.cost_trend_combine(internal, internal), scorecard.cost_trend_serialize(internal),
    scorecard.cost_trend_deserialize(bytea, internal), scorecard.cost_trend_final(internal),
    scorecard.value_of_service_trans(internal, numeric, numeric),
    scorecard.value_of_service_combine(internal, internal), scorecard.value_of_service_serialize(internal),
    scorecard.value_of_service_deserialize(bytea, internal), scorecard.value_of_service_final(internal),
    scorecard.ar_aging_trans(internal, numeric, date, date, integer[]), scorecard.ar_aging_trans(internal, numeric, date, date),
    scorecard.ar_aging_combine(internal, internal), scorecard.ar_aging_serialize(internal),
    scorecard.ar_aging_deserialize(bytea, internal), scorecard.ar_aging_final(internal);
COMMENT ON FUNCTION scorecard.composite_trans(scorecard.weighted_mean_state, numeric, numeric) IS 'Support function of scorecard.composite(numeric, numeric): adds one score and weight to the state.';
COMMENT ON FUNCTION scorecard.composite_trans(scorecard.weighted_mean_state, numeric) IS 'Support function of scorecard.composite(numeric): adds one score with weight 1.';
COMMENT ON FUNCTION scorecard.composite_combine(scorecard.weighted_mean_state, scorecard.weighted_mean_state) IS 'Support function of scorecard.composite: merges two partial states (parallel query, Citus).';
COMMENT ON FUNCTION scorecard.composite_final(scorecard.weighted_mean_state) IS 'Support function of scorecard.composite: the weighted mean, or NULL.';
COMMENT ON FUNCTION scorecard.case_rate_trans(scorecard.case_rate_state, numeric, numeric) IS 'Support function of scorecard.case_rate_range(numeric, numeric).';
COMMENT ON FUNCTION scorecard.case_rate_trans(scorecard.case_rate_state, numeric) IS 'Support function of scorecard.case_rate_range(numeric).';
COMMENT ON FUNCTION scorecard.case_rate_combine(scorecard.case_rate_state, scorecard.case_rate_state) IS 'Support function of scorecard.case_rate_range: merges partial states.';
COMMENT ON FUNCTION scorecard.case_rate_final(scorecard.case_rate_state) IS 'Support function of scorecard.case_rate_range: the scorecard.case_rate result.';
COMMENT ON FUNCTION scorecard.mix_price_trans(scorecard.weighted_mean_state, numeric, numeric) IS 'Support function of scorecard.mix_price: adds one price and volume share.';
COMMENT ON FUNCTION scorecard.mix_price_combine(scorecard.weighted_mean_state, scorecard.weighted_mean_state) IS 'Support function of scorecard.mix_price: merges partial states.';
COMMENT ON FUNCTION scorecard.mix_price_final(scorecard.weighted_mean_state) IS 'Support function of scorecard.mix_price: the mix-weighted price, or NULL.';
COMMENT ON FUNCTION scorecard.cost_behavior_trans(scorecard.linear_fit_state, numeric, numeric) IS 'Support function of scorecard.cost_behavior.';
COMMENT ON FUNCTION scorecard.cost_behavior_combine(scorecard.linear_fit_state, scorecard.linear_fit_state) IS 'Support function of scorecard.cost_behavior: merges partial states.';
COMMENT ON FUNCTION scorecard.cost_behavior_final(scorecard.linear_fit_state) IS 'Support function of scorecard.cost_behavior: the scorecard.cost_fit result.';
COMMENT ON FUNCTION scorecard.cost_trend_trans(scorecard.cost_trend_state, date, numeric) IS 'Support function of scorecard.cost_trend.';
COMMENT ON FUNCTION scorecard.cost_trend_combine(scorecard.cost_trend_state, scorecard.cost_trend_state) IS 'Support function of scorecard.cost_trend: merges partial states.';
COMMENT ON FUNCTION scorecard.cost_trend_final(scorecard.cost_trend_state) IS 'Support function of scorecard.cost_trend: the scorecard.cost_trend_fit result.';
COMMENT ON FUNCTION scorecard.value_of_service_trans(scorecard.value_of_service_state, numeric, numeric) IS 'Support function of scorecard.value_of_service.';
COMMENT ON FUNCTION scorecard.value_of_service_combine(scorecard.value_of_service_state, scorecard.value_of_service_state) IS 'Support function of scorecard.value_of_service: merges partial states.';
COMMENT ON FUNCTION scorecard.value_of_service_final(scorecard.value_of_service_state) IS 'Support function of scorecard.value_of_service: the scorecard.service_value result.';
COMMENT ON FUNCTION scorecard.ar_aging_trans(scorecard.aging_state, numeric, date, date, integer[]) IS 'Support function of scorecard.ar_aging(numeric, date, date, integer[]).';
COMMENT ON FUNCTION scorecard.ar_aging_trans(scorecard.aging_state, numeric, date, date) IS 'Support function of scorecard.ar_aging(numeric, date, date).';
COMMENT ON FUNCTION scorecard.ar_aging_combine(scorecard.aging_state, scorecard.aging_state) IS 'Support function of scorecard.ar_aging: merges partial states (parallel query, Citus).';
COMMENT ON FUNCTION scorecard.ar_aging_final(scorecard.aging_state) IS 'Support function of scorecard.ar_aging: the scorecard.aging result.';

-- ---------------------------------------------------------------------
-- scorecard.claim_accrual_rows no longer joins back to its claims after
-- aggregating their postings: its statement is planned without knowing how
-- many claims it is given, and that join, planned for one claim, took 8
-- minutes for the 8,000 claims of the small generated organisation (now
-- 0.2 s). Same rows.
-- ---------------------------------------------------------------------
CREATE OR REPLACE FUNCTION scorecard.claim_accrual_rows(claims text[])
RETURNS TABLE (claim_id text, month date, service_line text, payer_id text, acuity_level text, gross numeric,
               allowance numeric, cash_posted numeric, net_change numeric, npsr numeric, deduction numeric,
               deduction_kind text)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH claims AS MATERIALIZED (
        -- Each claim in the line the patient was in on its first date of
        -- service, with its payer and level (of its service).
        SELECT c.claim_id, c.amount, c.expected_amount AS expected, c.denial_reason IS NOT NULL AS denied,
               date_trunc('month', c.bill_date::timestamp)::date AS bill_month,
               b.service_line, c.payer_id, coalesce(s.acuity_level, 'unknown') AS acuity_level
          FROM scorecard.claim c
          JOIN (SELECT DISTINCT u.id FROM unnest(claim_accrual_rows.claims) AS u(id)) AS w ON w.id = c.claim_id
          JOIN scorecard.patient_factory b
            ON b.beneficiary_id = c.beneficiary_id
           AND (b.valid_from IS NULL OR c.service_from >= b.valid_from)
           AND (b.valid_until IS NULL OR c.service_from < b.valid_until)
          LEFT JOIN scorecard.service s ON s.service_id = c.service_id
         WHERE c.bill_date IS NOT NULL
    ), moves AS (
        -- The billing month of every claim, and each posting in its month (a
        -- posting dated before the claim was billed counts in that month),
        -- each row carrying its claim's attributes, so that nothing below
        -- joins back to the claims: the function's statement is planned
        -- without knowing how many claims it is given (a SQL function's
        -- plan is generic), and a join back planned for one claim ran in
        -- quadratic time for thousands.
        SELECT k.claim_id, k.bill_month AS month, 0 AS paid, 0 AS contractual, 0 AS write_off, 0 AS bad_debt,
               0 AS charity, 0 AS other, k.amount, k.expected, k.denied, k.bill_month, k.service_line, k.payer_id,
               k.acuity_level
          FROM claims k
        UNION ALL
        SELECT k.claim_id, GREATEST(date_trunc('month', y.posted_on::timestamp)::date, k.bill_month),
               y.amount, 0, 0, 0, 0, 0, k.amount, k.expected, k.denied, k.bill_month, k.service_line, k.payer_id,
               k.acuity_level
          FROM claims k
          JOIN scorecard.payment y ON y.claim_id = k.claim_id
         WHERE y.posted_on IS NOT NULL
        UNION ALL
        SELECT k.claim_id, GREATEST(date_trunc('month', a.adjusted_on::timestamp)::date, k.bill_month), 0,
               CASE WHEN a.kind = 'contractual' THEN a.amount ELSE 0 END,
               CASE WHEN a.kind = 'write-off' THEN a.amount ELSE 0 END,
               CASE WHEN a.kind = 'bad debt' THEN a.amount ELSE 0 END,
               CASE WHEN a.kind = 'charity' THEN a.amount ELSE 0 END,
               CASE WHEN a.kind IN ('refund', 'other') THEN a.amount ELSE 0 END,
               k.amount, k.expected, k.denied, k.bill_month, k.service_line, k.payer_id, k.acuity_level
          FROM claims k
          JOIN scorecard.adjustment a ON a.claim_id = k.claim_id
    ), claim_month AS (
        SELECT m.claim_id, m.month, sum(m.paid) AS paid, sum(m.contractual) AS contractual, sum(m.write_off) AS write_off,
               sum(m.bad_debt) AS bad_debt, sum(m.charity) AS charity, sum(m.other) AS other,
               m.amount, m.expected, m.denied, m.bill_month, m.service_line, m.payer_id, m.acuity_level
          FROM moves m
         GROUP BY m.claim_id, m.month, m.amount, m.expected, m.denied, m.bill_month, m.service_line, m.payer_id,
                  m.acuity_level
    ), net AS (
        -- The claim's net receivable after the month's postings and before
        -- them (its first month is its billing month: nothing before). One
        -- pass of running sums per claim.
        SELECT r.*,
               scorecard.claim_net_receivable(r.amount, r.expected, r.cum_paid, r.cum_contractual, r.cum_other) AS net_after,
               CASE WHEN r.month = r.bill_month THEN 0
                    ELSE scorecard.claim_net_receivable(r.amount, r.expected, r.cum_paid - r.paid,
                                                        r.cum_contractual - r.contractual,
                                                        r.cum_other - (r.write_off + r.bad_debt + r.charity + r.other))
               END AS net_before
          FROM (SELECT cm.*,
                       sum(cm.paid) OVER w AS cum_paid, sum(cm.contractual) OVER w AS cum_contractual,
                       sum(cm.write_off + cm.bad_debt + cm.charity + cm.other) OVER w AS cum_other
                  FROM claim_month cm
                WINDOW w AS (PARTITION BY cm.claim_id ORDER BY cm.month ROWS UNBOUNDED PRECEDING)) AS r
    ), revenue AS (
        -- Each claim's revenue in the month (cash posted + change of its net
        -- receivable) and what the month took off what was booked at billing,
        -- named by what was posted: bad debt, charity, a write-off (of a
        -- denied claim: a denial write-off), else a settlement difference.
        SELECT n.*,
               n.paid + n.net_after - n.net_before AS npsr,
               n.net_after - n.net_before AS net_change
          FROM net n
    ), deducted AS (
        SELECT v.*,
               CASE WHEN v.month = v.bill_month THEN v.expected ELSE 0 END - v.npsr AS deduction,
               CASE WHEN v.bad_debt <> 0 THEN 'bad debt'
                    WHEN v.charity <> 0 THEN 'charity'
                    WHEN v.write_off <> 0 AND v.denied THEN 'denial write-off'
                    ELSE 'other' END AS deduction_kind
          FROM revenue v
    )
    SELECT d.claim_id, d.month, d.service_line, d.payer_id, d.acuity_level,
           CASE WHEN d.month = d.bill_month THEN d.amount ELSE 0 END,
           CASE WHEN d.month = d.bill_month THEN d.amount - d.expected ELSE 0 END,
           d.paid, d.net_change, d.npsr, d.deduction, d.deduction_kind
      FROM deducted d;
END;


-- ---------------------------------------------------------------------
-- Last: the read-only role's grants, as a fresh install ends
-- (sql/shared/grants.sql), so new objects are readable by it.
-- ---------------------------------------------------------------------
GRANT USAGE ON SCHEMA scorecard TO scorecard_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA scorecard TO scorecard_reader;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA scorecard TO scorecard_reader;
