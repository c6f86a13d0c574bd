-- pg_scorecard: focused factories. Each service line is a profit centre
-- with its own P&L. Every service of a patient, inpatient or outpatient,
-- belongs to the line the patient was in on its date
-- (scorecard.patient_factory), wherever it was delivered: its revenue and
-- its cost follow the patient.
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

-- The stored allocation (scorecard.cost_allocation) of the given months,
-- recomputed over every line. Run by the statement triggers of cost_entry,
-- reserve_plan, service, beneficiary and factory_transfer, with the
-- writer's rights: a role limited to some service lines may not change a
-- month's costs, since it would allocate over the lines it sees. Each
-- month is locked (a transaction advisory lock, in date order) before it
-- is rebuilt, so two writers of the same month take turns and the second
-- rebuilds from what the first committed (under READ COMMITTED; under
-- REPEATABLE READ or SERIALIZABLE the second fails with 40001).
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

CREATE OR REPLACE FUNCTION scorecard.break_even_check(fixed_costs numeric, unit_price numeric, variable_cost numeric,
                                           reserve numeric, denial_rate numeric, encounters_delivered bigint)
RETURNS TABLE (encounters_needed bigint, status text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT n.needed,
           CASE WHEN break_even_check.variable_cost < 0 THEN 'no fit'
                WHEN n.needed IS NULL THEN 'no break-even'
                WHEN break_even_check.encounters_delivered >= n.needed THEN 'at or above break-even'
                ELSE 'below break-even'
           END
      FROM (SELECT CASE WHEN break_even_check.variable_cost >= 0
                         AND break_even_check.unit_price * (1 - break_even_check.denial_rate) > break_even_check.variable_cost
                        THEN scorecard.break_even_encounters(break_even_check.fixed_costs, break_even_check.unit_price,
                                                             break_even_check.variable_cost, 0, break_even_check.reserve,
                                                             break_even_check.denial_rate)
                   END AS needed) AS n;
END;
COMMENT ON FUNCTION scorecard.break_even_check(numeric, numeric, numeric, numeric, numeric, bigint) IS
    'Encounters needed to break even (NULL where no break-even exists) and the status against the encounters delivered: ''at or above break-even'', ''below break-even'', ''no break-even'' (net price does not exceed variable cost) or ''no fit'' (a negative variable cost). Used by the break-even views.';

-- Break-even on net reimbursement. The price of an encounter is the
-- accrual net revenue per encounter the line earned in the month and the
-- variable cost is the month's own per encounter, so the status is the
-- P&L's: a line is at or above break-even exactly when its margin covers
-- its reserve contribution (margin - reserve >= 0, the solvency gap), and
-- encounters_needed is the volume at which it would, at that price and
-- cost. (Decided on the exact sums; the rounded price and cost shown
-- cannot flip it.)
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

CREATE OR REPLACE VIEW scorecard.service_line_rate_setting WITH (security_invoker = true) AS
WITH series AS (
    SELECT l.period_start, l.service_line, l.direct_variable_cost + l.direct_fixed_cost + coalesce(l.allocated_indirect_cost, 0) AS cost, l.units
      FROM scorecard.service_line_pnl l
), trend AS (
    -- Trends over the 12 months up to and including each month.
    SELECT s.period_start, s.service_line,
           (SELECT scorecard.cost_trend(h.period_start, h.cost) FROM series h
             WHERE h.service_line = s.service_line AND h.period_start > s.period_start - interval '12 months'
               AND h.period_start <= s.period_start) AS cost_trend,
           (SELECT scorecard.cost_trend(h.period_start, h.units) FROM series h
             WHERE h.service_line = s.service_line AND h.period_start > s.period_start - interval '12 months'
               AND h.period_start <= s.period_start) AS units_trend
      FROM series s
)
SELECT t.period_start,
       'month'::text AS period_grain,
       t.service_line,
       a.cost AS actual_cost_last_2_months,
       p.cost AS projected_cost_next_2_months,
       a.units AS actual_units_last_2_months,
       p.units AS projected_units_next_2_months,
       CASE WHEN a.units + p.units > 0 AND p.cost >= 0 THEN
            round(scorecard.rate_setting_unit_cost(a.cost, p.cost, a.units + p.units), 2)
       END AS unit_cost
  FROM trend t
  CROSS JOIN LATERAL (SELECT sum(h.cost) AS cost, sum(h.units) AS units FROM series h
                       WHERE h.service_line = t.service_line
                         AND h.period_start IN (t.period_start, (t.period_start - interval '1 month')::date)) AS a
  CROSS JOIN LATERAL (SELECT round((SELECT sum(f.projected_cost) FROM scorecard.forecast_trend(t.cost_trend, 2) f), 2) AS cost,
                             round((SELECT sum(f.projected_cost) FROM scorecard.forecast_trend(t.units_trend, 2) f), 2) AS units) AS p
 WHERE (t.cost_trend).months >= 3;
COMMENT ON VIEW scorecard.service_line_rate_setting IS
    'The rate-setting measure per service line and month: (actual cost of the last two months + projected cost of the next two) / units of service over the same four months; projections follow the linear trend of the 12 months to date (at least 3 months of history).';
COMMENT ON COLUMN scorecard.service_line_rate_setting.period_start IS 'The month (the later of the two actual months).';
COMMENT ON COLUMN scorecard.service_line_rate_setting.period_grain IS '''month''.';
COMMENT ON COLUMN scorecard.service_line_rate_setting.service_line IS 'Service line.';
COMMENT ON COLUMN scorecard.service_line_rate_setting.actual_cost_last_2_months IS 'Total cost (direct + allocated indirect) of the month and the month before.';
COMMENT ON COLUMN scorecard.service_line_rate_setting.projected_cost_next_2_months IS 'Trend projection of the next two months'' total cost.';
COMMENT ON COLUMN scorecard.service_line_rate_setting.actual_units_last_2_months IS 'Units of service of the month and the month before.';
COMMENT ON COLUMN scorecard.service_line_rate_setting.projected_units_next_2_months IS 'Trend projection of the next two months'' units.';
COMMENT ON COLUMN scorecard.service_line_rate_setting.unit_cost IS 'scorecard.rate_setting_unit_cost over the four months, to the cent.';

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

-- Quarterly target prices against the rate-setting unit cost, month by
-- month: the gap the source asks to watch between price and cost.
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
-- The service delivery profile (the source's "most important
-- ingredient"): the mix of services by diagnostic category and acuity,
-- length of stay by acuity level, and services followed by a higher level
-- of care.
-- ---------------------------------------------------------------------
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
