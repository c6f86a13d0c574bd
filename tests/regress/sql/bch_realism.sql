-- template: bch
-- The sample a finance director believes (samples/bch): the rules a real
-- county behavioural-health department's books keep, checked on the
-- sample's data as of its close, 30 June 2016. Each count of breaches is
-- 0; the tables after them are the figures the docs cite.
SET datestyle = 'ISO';
SET scorecard.today = '2016-06-30';

-- Stays are linked to services and claims: every inpatient or
-- residential service belongs to a stay; every stay of the year has a
-- service for each month it spans; a stay-month's claim (if any) names it.
SELECT (SELECT count(*) FROM scorecard.service s
         WHERE s.acuity_level IN ('Inpatient', 'Residential') AND s.stay_id IS NULL) AS stay_services_without_stay,
       (SELECT count(*) FROM scorecard.stay st
         WHERE st.admitted_on <= DATE '2016-06-30' AND coalesce(st.discharged_on, DATE '2016-07-01') > DATE '2015-07-01'
           AND st.admitted_on < coalesce(st.discharged_on, DATE '2016-07-01')
           AND NOT EXISTS (SELECT 1 FROM scorecard.service s WHERE s.stay_id = st.stay_id)) AS stays_without_service,
       (SELECT count(*) FROM scorecard.claim c JOIN scorecard.service s USING (service_id)
         WHERE s.stay_id IS NOT NULL) AS stay_claims;

-- No patient is in two beds at once.
SELECT count(*) AS overlapping_stays
  FROM scorecard.stay a
  JOIN scorecard.stay b ON b.beneficiary_id = a.beneficiary_id AND b.stay_id > a.stay_id
 WHERE daterange(a.admitted_on, coalesce(a.discharged_on, 'infinity'::date))
       && daterange(b.admitted_on, coalesce(b.discharged_on, 'infinity'::date));

-- One payer per patient and month, over claims, stays and the clinic
-- services a funding stream pays for an uninsured patient. (Medi-Cal
-- inpatient nights that were not billable are the County General Fund's,
-- not the patient's coverage: those services name CGF but their stay keeps
-- its payer.)
SELECT count(*) AS patient_months_with_two_payers
  FROM (SELECT x.beneficiary_id, x.month
          FROM (SELECT c.beneficiary_id, date_trunc('month', c.service_from)::date AS month, c.payer_id FROM scorecard.claim c
                UNION ALL
                SELECT st.beneficiary_id, date_trunc('month', st.admitted_on)::date, st.payer_id FROM scorecard.stay st
                UNION ALL
                SELECT s.beneficiary_id, date_trunc('month', s.service_at)::date, s.funding_stream FROM scorecard.service s
                 WHERE s.funding_stream IS NOT NULL AND s.stay_id IS NULL) AS x
         GROUP BY 1, 2
        HAVING count(DISTINCT x.payer_id) > 1) AS two;

-- Funding streams fund, they are not billed: no claim goes to a payer
-- that funds services, and every service has a claim or is funded, but
-- for the last days' (not coded yet at the close) and June's nights of
-- the stays still open (in house: billed when the month is over).
SELECT (SELECT count(*) FROM scorecard.claim c
         WHERE c.payer_id IN (SELECT DISTINCT s.funding_stream FROM scorecard.service s WHERE s.funding_stream IS NOT NULL))
           AS claims_to_funding_streams,
       (SELECT count(*) FROM scorecard.service s
         WHERE s.funding_stream IS NULL AND s.service_at < DATE '2016-06-25'
           AND NOT EXISTS (SELECT 1 FROM scorecard.claim c WHERE c.service_id = s.service_id)
           AND NOT EXISTS (SELECT 1 FROM scorecard.stay st WHERE st.stay_id = s.stay_id
                            AND coalesce(st.discharged_on, DATE '2016-07-01') > DATE '2016-06-30')) AS unbilled_before_25_june,
       (SELECT count(*) FROM scorecard.service s JOIN scorecard.stay st USING (stay_id)
         WHERE s.funding_stream IS NULL AND coalesce(st.discharged_on, DATE '2016-07-01') > DATE '2016-06-30'
           AND NOT EXISTS (SELECT 1 FROM scorecard.claim c WHERE c.service_id = s.service_id)) AS in_house_june_nights;
SELECT coalesce(s.funding_stream, '(billed)') AS funded_by, p.name, count(*) AS services, sum(s.charge) AS charges
  FROM scorecard.service s LEFT JOIN scorecard.payer p ON p.payer_id = s.funding_stream
 GROUP BY 1, 2 ORDER BY 1;

-- The IMD exclusion: Medi-Cal is never billed for an Institute for Mental
-- Disease, and has no contract term for one; Realignment pays.
SELECT (SELECT count(*) FROM scorecard.claim c
          JOIN scorecard.payer p USING (payer_id)
          JOIN scorecard.service s USING (service_id)
         WHERE p.payer_type = 'Medi-Cal' AND s.service_line = 'Institutes of Mental Disease') AS medi_cal_imd_claims,
       (SELECT count(*) FROM scorecard.payer_contract k JOIN scorecard.payer p USING (payer_id)
         WHERE p.payer_type = 'Medi-Cal' AND k.service_line = 'Institutes of Mental Disease') AS medi_cal_imd_terms;
SELECT st.payer_id, count(*) AS imd_stays
  FROM scorecard.stay st JOIN scorecard.beneficiary b USING (beneficiary_id)
 WHERE b.service_line = 'Institutes of Mental Disease' GROUP BY 1 ORDER BY 1;

-- The bad-debt policy: no self-pay balance is left open 150 days after
-- billing; what it wrote off is bad debt in the month it ran.
SELECT count(*) AS self_pay_open_past_150_days
  FROM scorecard.claim c JOIN scorecard.payer p USING (payer_id)
 WHERE p.payer_type = 'self-pay' AND c.bill_date <= DATE '2016-06-30' - 150 AND c.amount > c.paid_amount + c.adjusted_amount;
SELECT count(*) AS write_offs, sum(a.amount) AS written_off, min(a.adjusted_on) AS first, max(a.adjusted_on) AS last
  FROM scorecard.adjustment a WHERE a.kind = 'bad debt';

-- The payer mix of the year's gross charges billed.
SELECT p.payer_type, count(*) AS claims, sum(c.amount) AS billed,
       round(sum(c.amount) / sum(sum(c.amount)) OVER (), 4) AS share
  FROM scorecard.claim c JOIN scorecard.payer p USING (payer_id)
 GROUP BY 1 ORDER BY billed DESC;

-- Costs on the scale of the services: the year's P&L per line. The
-- hospital and the psychiatric health facility run within 4% of
-- break-even; the community lines carry their own patients' hospital
-- stays; the IMD line (Realignment pays it all) and the MHSA-funded
-- quarter of the intermediate-care placements show the net county cost
-- as a negative margin.
SELECT service_line, sum(encounters) AS encounters, sum(net_revenue) AS net_revenue, sum(total_cost) AS total_cost,
       sum(margin) AS margin, round(sum(total_cost) / NULLIF(sum(net_revenue), 0), 3) AS cost_to_revenue
  FROM scorecard.service_line_pnl GROUP BY service_line ORDER BY min(service_line_sort_order);
-- Each stay's cost is its nights at its line's direct cost per unit.
SELECT a.acuity_level, count(*) AS stays, round(avg(st.cost), 2) AS mean_cost,
       round(avg(st.cost / greatest(coalesce(st.discharged_on, DATE '2016-07-01') - st.admitted_on, 1)), 2) AS cost_per_night
  FROM scorecard.stay st JOIN scorecard.acuity_level a USING (acuity_level)
 WHERE st.admitted_on BETWEEN DATE '2015-07-01' AND DATE '2016-06-30'
 GROUP BY 1 ORDER BY min(a.rank);

-- Outcomes that follow care: the functioning score rises with months in
-- care and drops in a month of readmission.
SELECT least(m.months_in_care, 6) AS months_in_care, count(*) AS patient_months, round(avg(o.outcome), 2) AS mean_outcome
  FROM scorecard.outcome o
  JOIN (SELECT beneficiary_id, period_start,
               (row_number() OVER (PARTITION BY beneficiary_id ORDER BY period_start))::integer - 1 AS months_in_care
          FROM scorecard.outcome) AS m USING (beneficiary_id, period_start)
 GROUP BY 1 ORDER BY 1;
SELECT r.readmitted, count(*) AS patient_months, round(avg(o.outcome), 2) AS mean_outcome
  FROM scorecard.outcome o
 CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM scorecard.stay s
                                     WHERE s.beneficiary_id = o.beneficiary_id AND s.readmission_of IS NOT NULL
                                       AND date_trunc('month', s.admitted_on)::date = o.period_start) AS readmitted) AS r
 GROUP BY 1 ORDER BY 1;
