-- pg_scorecard: cost data for focused factories (service lines run as
-- profit centres).

CREATE TABLE scorecard.cost_entry (
    entry_id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    period_start date NOT NULL
        CONSTRAINT cost_entry_month_start CHECK (pg_catalog.date_part('day', period_start) = 1),
    service_line text REFERENCES scorecard.service_line (service_line) ON UPDATE CASCADE,
    cost_type    text NOT NULL
        CONSTRAINT cost_entry_type_known CHECK (cost_type IN ('variable', 'fixed', 'indirect')),
    category     text NOT NULL,
    amount       numeric NOT NULL
        CONSTRAINT cost_entry_amount_not_negative CHECK (amount >= 0 AND amount <> 'Infinity'),
    CONSTRAINT cost_entry_direct_has_line CHECK ((cost_type = 'indirect') = (service_line IS NULL))
);
COMMENT ON TABLE scorecard.cost_entry IS
    'Costs per month: direct variable and fixed costs of a service line, or indirect (overhead) costs of the organisation, which the P&L allocates to lines by their share of direct cost.';
COMMENT ON COLUMN scorecard.cost_entry.entry_id IS 'Surrogate key.';
COMMENT ON COLUMN scorecard.cost_entry.period_start IS 'Month of the cost (its first day).';
COMMENT ON COLUMN scorecard.cost_entry.service_line IS 'Service line of a direct cost; NULL for an indirect cost.';
COMMENT ON COLUMN scorecard.cost_entry.cost_type IS 'variable (moves with volume), fixed (the line''s own), or indirect (organisation overhead).';
COMMENT ON COLUMN scorecard.cost_entry.category IS 'Cost pool category: salaries, benefits, per diem, overtime, shift differentials, on-call, mileage, education, case consultation, facilities, administration, ...';
COMMENT ON COLUMN scorecard.cost_entry.amount IS 'Amount (not negative).';

CREATE INDEX cost_entry_period_idx ON scorecard.cost_entry (period_start, service_line);

CREATE TABLE scorecard.reserve_plan (
    period_start date PRIMARY KEY
        CONSTRAINT reserve_plan_month_start CHECK (pg_catalog.date_part('day', period_start) = 1),
    amount       numeric NOT NULL
        CONSTRAINT reserve_plan_amount_not_negative CHECK (amount >= 0 AND amount <> 'Infinity')
);
COMMENT ON TABLE scorecard.reserve_plan IS 'The annual reserve contribution (ARC of R - CD = E + ARC), planned per month.';
COMMENT ON COLUMN scorecard.reserve_plan.period_start IS 'Month (its first day).';
COMMENT ON COLUMN scorecard.reserve_plan.amount IS 'Reserve contribution planned for the month; the P&L assigns it to lines by their share of direct cost.';

SELECT pg_catalog.pg_extension_config_dump('scorecard.cost_entry', '');
SELECT pg_catalog.pg_extension_config_dump('scorecard.cost_entry_entry_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('scorecard.reserve_plan', '');

CREATE TABLE scorecard.outcome (
    beneficiary_id text NOT NULL REFERENCES scorecard.beneficiary (beneficiary_id) ON UPDATE CASCADE,
    period_start   date NOT NULL
        CONSTRAINT outcome_month_start CHECK (pg_catalog.date_part('day', period_start) = 1),
    outcome        numeric NOT NULL
        CONSTRAINT outcome_finite_not_negative CHECK (outcome >= 0 AND outcome <> 'Infinity'),
    instrument     text,
    PRIMARY KEY (beneficiary_id, period_start)
);
COMMENT ON TABLE scorecard.outcome IS
    'Outcomes achieved per beneficiary and month (e.g. improvement on a standard instrument), for value of service: outcomes per dollar.';
COMMENT ON COLUMN scorecard.outcome.beneficiary_id IS 'Beneficiary.';
COMMENT ON COLUMN scorecard.outcome.period_start IS 'Month (its first day).';
COMMENT ON COLUMN scorecard.outcome.outcome IS 'Outcome achieved (not negative; larger is better).';
COMMENT ON COLUMN scorecard.outcome.instrument IS 'How it was measured (e.g. SAMHSA NOMs, a functioning scale).';

SELECT pg_catalog.pg_extension_config_dump('scorecard.outcome', '');

-- Each line's costs as a focused factory carries them (direct costs that
-- followed the patient, indirect cost and reserve allocated), kept by
-- pg_scorecard (scorecard.allocate_months) so that the P&L of a line does
-- not depend on which lines the reader may see. Derived data: not dumped;
-- a restore rebuilds it as the costs and then the services load.
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

-- ---------------------------------------------------------------------
-- Values that could take a view down for everyone: NaN (which compares
-- above every number, so "> 0" lets it through), the infinities, absurd
-- magnitudes (|x| >= 1e15, past what the exact arithmetic keeps with 13
-- decimals), infinite or absurd dates (outside 1900-2199). Each column is
-- refused at the table, 23514, by a constraint named table_column_in_range.
-- The same statements are in the upgrade script.
-- ---------------------------------------------------------------------
ALTER TABLE scorecard.cost_entry ADD CONSTRAINT cost_entry_period_start_in_range CHECK (period_start BETWEEN DATE '1900-01-01' AND DATE '2199-12-31');
ALTER TABLE scorecard.cost_entry ADD CONSTRAINT cost_entry_amount_in_range CHECK (amount < 1e15);
ALTER TABLE scorecard.reserve_plan ADD CONSTRAINT reserve_plan_period_start_in_range CHECK (period_start BETWEEN DATE '1900-01-01' AND DATE '2199-12-31');
ALTER TABLE scorecard.reserve_plan ADD CONSTRAINT reserve_plan_amount_in_range CHECK (amount < 1e15);
ALTER TABLE scorecard.outcome ADD CONSTRAINT outcome_period_start_in_range CHECK (period_start BETWEEN DATE '1900-01-01' AND DATE '2199-12-31');
ALTER TABLE scorecard.outcome ADD CONSTRAINT outcome_outcome_in_range CHECK (outcome < 1e15);
