-- pg_scorecard: row-level security per service line.
--
-- A role with a grant here (directly, or through a role whose privileges it
-- uses) sees only its service lines, in every table that carries a service
-- line or a beneficiary of one, and so in every view (the views are
-- security_invoker: they run with the reader's rights and policies). A
-- role without any grant, scorecard_reader included, keeps seeing every
-- line; so do superusers and roles with BYPASSRLS. Grants are rows, so
-- pg_dump keeps them.

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
CREATE POLICY service_line_access ON scorecard.target_price
    USING ((SELECT scorecard.visible_service_lines()) IS NULL OR service_line = ANY (CAST((SELECT scorecard.visible_service_lines()) AS text[])));
CREATE POLICY service_line_access ON scorecard.stay
    USING ((SELECT scorecard.visible_service_lines()) IS NULL OR beneficiary_id IN (SELECT b.beneficiary_id FROM scorecard.beneficiary b));
CREATE POLICY service_line_access ON scorecard.service
    USING ((SELECT scorecard.visible_service_lines()) IS NULL OR beneficiary_id IN (SELECT b.beneficiary_id FROM scorecard.beneficiary b));
CREATE POLICY service_line_access ON scorecard.claim
    USING ((SELECT scorecard.visible_service_lines()) IS NULL OR beneficiary_id IN (SELECT b.beneficiary_id FROM scorecard.beneficiary b));
CREATE POLICY service_line_access ON scorecard.outcome
    USING ((SELECT scorecard.visible_service_lines()) IS NULL OR beneficiary_id IN (SELECT b.beneficiary_id FROM scorecard.beneficiary b));
CREATE POLICY service_line_access ON scorecard.eligibility_check
    USING ((SELECT scorecard.visible_service_lines()) IS NULL OR beneficiary_id IN (SELECT b.beneficiary_id FROM scorecard.beneficiary b));
CREATE POLICY service_line_access ON scorecard.prior_authorization
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
CREATE POLICY service_line_access ON scorecard.claim_accrual
    USING ((SELECT scorecard.visible_service_lines()) IS NULL
           OR EXISTS (SELECT 1 FROM scorecard.claim c WHERE c.claim_id = claim_accrual.claim_id));
CREATE POLICY service_line_access ON scorecard.claim_edit
    USING ((SELECT scorecard.visible_service_lines()) IS NULL
           OR EXISTS (SELECT 1 FROM scorecard.claim c WHERE c.claim_id = claim_edit.claim_id));
-- A unit that is a service line (its scorecard) is seen by those who see
-- the line; units without a line (the organisation, departments) by all.
CREATE POLICY service_line_access ON scorecard.org_unit
    USING (service_line IS NULL OR (SELECT scorecard.visible_service_lines()) IS NULL
           OR service_line = ANY (CAST((SELECT scorecard.visible_service_lines()) AS text[])));
ALTER TABLE scorecard.service_line ENABLE ROW LEVEL SECURITY;
ALTER TABLE scorecard.org_unit ENABLE ROW LEVEL SECURITY;
ALTER TABLE scorecard.beneficiary ENABLE ROW LEVEL SECURITY;
ALTER TABLE scorecard.factory_transfer ENABLE ROW LEVEL SECURITY;
ALTER TABLE scorecard.cost_entry ENABLE ROW LEVEL SECURITY;
ALTER TABLE scorecard.cost_allocation ENABLE ROW LEVEL SECURITY;
ALTER TABLE scorecard.target_price ENABLE ROW LEVEL SECURITY;
ALTER TABLE scorecard.stay ENABLE ROW LEVEL SECURITY;
ALTER TABLE scorecard.service ENABLE ROW LEVEL SECURITY;
ALTER TABLE scorecard.claim ENABLE ROW LEVEL SECURITY;
ALTER TABLE scorecard.outcome ENABLE ROW LEVEL SECURITY;
ALTER TABLE scorecard.payment ENABLE ROW LEVEL SECURITY;
ALTER TABLE scorecard.adjustment ENABLE ROW LEVEL SECURITY;
ALTER TABLE scorecard.claim_edit ENABLE ROW LEVEL SECURITY;
ALTER TABLE scorecard.claim_accrual ENABLE ROW LEVEL SECURITY;
ALTER TABLE scorecard.eligibility_check ENABLE ROW LEVEL SECURITY;
ALTER TABLE scorecard.prior_authorization ENABLE ROW LEVEL SECURITY;
