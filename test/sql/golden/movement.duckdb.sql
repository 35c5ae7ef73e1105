-- dealmath movement as SQL (duckdb): METRICS.md "Pipeline movement (snapshots)", analytics.pipeline_2026_10_05 to analytics.pipeline_2026_11_16.
WITH
snapshot_before AS (
  -- The table's columns read as deal fields; amounts converted to the base currency.
  SELECT
    CAST("deal_id" AS VARCHAR) AS deal_id,
    CASE
      WHEN regexp_replace(lower(TRIM(CAST("stage" AS VARCHAR))), '[^a-z0-9]', '', 'g') IN ('closedwon') THEN 'won'
      WHEN regexp_replace(lower(TRIM(CAST("stage" AS VARCHAR))), '[^a-z0-9]', '', 'g') IN ('closedlost') THEN 'lost'
      WHEN NULLIF(TRIM(CAST("stage" AS VARCHAR)), '') IS NOT NULL THEN 'open'
    END AS stated_status,
    CASE COALESCE(UPPER(TRIM(CAST("currency" AS VARCHAR))), '')
      WHEN '' THEN CAST("amount" AS DOUBLE)
      WHEN 'USD' THEN CAST("amount" AS DOUBLE)
      WHEN 'EUR' THEN CAST("amount" AS DOUBLE) * 1.08
      WHEN 'GBP' THEN CAST("amount" AS DOUBLE) * 1.27
    END AS amount,
    CAST(NULL AS DATE) AS created,
    CAST("close" AS DATE) AS close_date,
    CAST(NULL AS DOUBLE) AS cycle_column,
    COALESCE(NULLIF(TRIM(CAST("segment" AS VARCHAR)), ''), '(none)') AS "segment"
  FROM "analytics"."pipeline_2026_10_05"
),
snapshot_after AS (
  -- The table's columns read as deal fields; amounts converted to the base currency.
  SELECT
    CAST("deal_id" AS VARCHAR) AS deal_id,
    CASE
      WHEN regexp_replace(lower(TRIM(CAST("stage" AS VARCHAR))), '[^a-z0-9]', '', 'g') IN ('closedwon') THEN 'won'
      WHEN regexp_replace(lower(TRIM(CAST("stage" AS VARCHAR))), '[^a-z0-9]', '', 'g') IN ('closedlost') THEN 'lost'
      WHEN NULLIF(TRIM(CAST("stage" AS VARCHAR)), '') IS NOT NULL THEN 'open'
    END AS stated_status,
    CASE COALESCE(UPPER(TRIM(CAST("currency" AS VARCHAR))), '')
      WHEN '' THEN CAST("amount" AS DOUBLE)
      WHEN 'USD' THEN CAST("amount" AS DOUBLE)
      WHEN 'EUR' THEN CAST("amount" AS DOUBLE) * 1.08
      WHEN 'GBP' THEN CAST("amount" AS DOUBLE) * 1.27
    END AS amount,
    CAST(NULL AS DATE) AS created,
    CAST("close" AS DATE) AS close_date,
    CAST(NULL AS DOUBLE) AS cycle_column,
    COALESCE(NULLIF(TRIM(CAST("segment" AS VARCHAR)), ''), '(none)') AS "segment"
  FROM "analytics"."pipeline_2026_11_16"
),
states_before AS (
  -- Each deal's state in the snapshot against the window (expected close 2026-10-01 to 2026-12-31): W won, L lost,
  -- A open closing in the window, B open closing outside it (or with no expected close).
  SELECT TRIM(deal_id) AS deal_id,
    COALESCE(amount, 0) AS amount,
    "segment",
    CASE
      WHEN stated_status = 'won' THEN 'W'
      WHEN stated_status = 'lost' THEN 'L'
      WHEN close_date BETWEEN DATE '2026-10-01' AND DATE '2026-12-31' THEN 'A'
      ELSE 'B'
    END AS movement_state
  FROM snapshot_before
  WHERE stated_status IS NOT NULL AND deal_id IS NOT NULL AND TRIM(deal_id) <> ''
),
states_after AS (
  -- Each deal's state in the snapshot against the window (expected close 2026-10-01 to 2026-12-31): W won, L lost,
  -- A open closing in the window, B open closing outside it (or with no expected close).
  SELECT TRIM(deal_id) AS deal_id,
    COALESCE(amount, 0) AS amount,
    "segment",
    CASE
      WHEN stated_status = 'won' THEN 'W'
      WHEN stated_status = 'lost' THEN 'L'
      WHEN close_date BETWEEN DATE '2026-10-01' AND DATE '2026-12-31' THEN 'A'
      ELSE 'B'
    END AS movement_state
  FROM snapshot_after
  WHERE stated_status IS NOT NULL AND deal_id IS NOT NULL AND TRIM(deal_id) <> ''
),
deal_pairs AS (
  -- The two snapshots joined by deal id; X: absent from one of them. A deal's group is the later snapshot's, else the earlier one's.
  SELECT COALESCE(s0.movement_state, 'X') AS state_before, COALESCE(s1.movement_state, 'X') AS state_after,
    COALESCE(s0.amount, 0) AS amount_before, COALESCE(s1.amount, 0) AS amount_after,
    CASE WHEN s1.deal_id IS NULL THEN s0."segment" ELSE s1."segment" END AS "segment"
  FROM states_before s0
  FULL OUTER JOIN states_after s1 ON s1.deal_id = s0.deal_id
),
deal_buckets AS (
  -- One bucket per deal by its pair of states, and the non-negative amount it moves.
  SELECT state_before, state_after, amount_before, amount_after, bucket, "segment",
    CASE
      WHEN bucket = 'increased' THEN amount_after - amount_before
      WHEN bucket = 'decreased' THEN amount_before - amount_after
      WHEN bucket IN ('pushed_out', 'won', 'lost', 'removed') THEN amount_before
      WHEN bucket IN ('created', 'pulled_in', 'reopened') THEN amount_after
      ELSE 0
    END AS moved
  FROM (
    SELECT deal_pairs.*,
      CASE
        WHEN state_before = 'A' AND state_after = 'A' AND amount_after > amount_before THEN 'increased'
        WHEN state_before = 'A' AND state_after = 'A' AND amount_after < amount_before THEN 'decreased'
        WHEN state_before = 'A' AND state_after = 'A' THEN 'unchanged'
        WHEN state_before = 'A' AND state_after = 'B' THEN 'pushed_out'
        WHEN state_before = 'A' AND state_after = 'W' THEN 'won'
        WHEN state_before = 'A' AND state_after = 'L' THEN 'lost'
        WHEN state_before = 'A' THEN 'removed'
        WHEN state_after = 'A' AND state_before = 'B' THEN 'pulled_in'
        WHEN state_after = 'A' AND state_before = 'X' THEN 'created'
        WHEN state_after = 'A' THEN 'reopened'
        ELSE 'outside'
      END AS bucket
    FROM deal_pairs
  ) bucketed
),
movement_totals AS (
  -- start: the window's open pipeline at the earlier snapshot (deals in A); end: at the later one. Level 0: the total; level 1: each group.
  SELECT 0 AS level, CAST(NULL AS VARCHAR) AS "segment",
    COALESCE(SUM(CASE WHEN state_before = 'A' THEN 1 ELSE 0 END), 0) AS start_deals,
    COALESCE(SUM(CASE WHEN state_before = 'A' THEN amount_before END), 0) AS start_amount,
    COALESCE(SUM(CASE WHEN bucket = 'created' THEN 1 ELSE 0 END), 0) AS created_deals,
    COALESCE(SUM(CASE WHEN bucket = 'created' THEN moved END), 0) AS created_amount,
    COALESCE(SUM(CASE WHEN bucket = 'pulled_in' THEN 1 ELSE 0 END), 0) AS pulled_in_deals,
    COALESCE(SUM(CASE WHEN bucket = 'pulled_in' THEN moved END), 0) AS pulled_in_amount,
    COALESCE(SUM(CASE WHEN bucket = 'reopened' THEN 1 ELSE 0 END), 0) AS reopened_deals,
    COALESCE(SUM(CASE WHEN bucket = 'reopened' THEN moved END), 0) AS reopened_amount,
    COALESCE(SUM(CASE WHEN bucket = 'increased' THEN 1 ELSE 0 END), 0) AS increased_deals,
    COALESCE(SUM(CASE WHEN bucket = 'increased' THEN moved END), 0) AS increased_amount,
    COALESCE(SUM(CASE WHEN bucket = 'decreased' THEN 1 ELSE 0 END), 0) AS decreased_deals,
    COALESCE(SUM(CASE WHEN bucket = 'decreased' THEN moved END), 0) AS decreased_amount,
    COALESCE(SUM(CASE WHEN bucket = 'pushed_out' THEN 1 ELSE 0 END), 0) AS pushed_out_deals,
    COALESCE(SUM(CASE WHEN bucket = 'pushed_out' THEN moved END), 0) AS pushed_out_amount,
    COALESCE(SUM(CASE WHEN bucket = 'won' THEN 1 ELSE 0 END), 0) AS won_deals,
    COALESCE(SUM(CASE WHEN bucket = 'won' THEN moved END), 0) AS won_amount,
    COALESCE(SUM(CASE WHEN bucket = 'lost' THEN 1 ELSE 0 END), 0) AS lost_deals,
    COALESCE(SUM(CASE WHEN bucket = 'lost' THEN moved END), 0) AS lost_amount,
    COALESCE(SUM(CASE WHEN bucket = 'removed' THEN 1 ELSE 0 END), 0) AS removed_deals,
    COALESCE(SUM(CASE WHEN bucket = 'removed' THEN moved END), 0) AS removed_amount,
    COALESCE(SUM(CASE WHEN state_after = 'A' THEN 1 ELSE 0 END), 0) AS end_deals,
    COALESCE(SUM(CASE WHEN state_after = 'A' THEN amount_after END), 0) AS end_amount,
    COALESCE(SUM(CASE WHEN bucket = 'unchanged' THEN 1 ELSE 0 END), 0) AS unchanged_deals,
    COALESCE(SUM(CASE WHEN bucket = 'unchanged' THEN moved END), 0) AS unchanged_amount,
    COALESCE(SUM(CASE WHEN bucket = 'outside' THEN 1 ELSE 0 END), 0) AS outside_deals,
    COALESCE(SUM(CASE WHEN bucket = 'outside' THEN moved END), 0) AS outside_amount
  FROM deal_buckets
  UNION ALL
  SELECT 1 AS level, "segment",
    COALESCE(SUM(CASE WHEN state_before = 'A' THEN 1 ELSE 0 END), 0) AS start_deals,
    COALESCE(SUM(CASE WHEN state_before = 'A' THEN amount_before END), 0) AS start_amount,
    COALESCE(SUM(CASE WHEN bucket = 'created' THEN 1 ELSE 0 END), 0) AS created_deals,
    COALESCE(SUM(CASE WHEN bucket = 'created' THEN moved END), 0) AS created_amount,
    COALESCE(SUM(CASE WHEN bucket = 'pulled_in' THEN 1 ELSE 0 END), 0) AS pulled_in_deals,
    COALESCE(SUM(CASE WHEN bucket = 'pulled_in' THEN moved END), 0) AS pulled_in_amount,
    COALESCE(SUM(CASE WHEN bucket = 'reopened' THEN 1 ELSE 0 END), 0) AS reopened_deals,
    COALESCE(SUM(CASE WHEN bucket = 'reopened' THEN moved END), 0) AS reopened_amount,
    COALESCE(SUM(CASE WHEN bucket = 'increased' THEN 1 ELSE 0 END), 0) AS increased_deals,
    COALESCE(SUM(CASE WHEN bucket = 'increased' THEN moved END), 0) AS increased_amount,
    COALESCE(SUM(CASE WHEN bucket = 'decreased' THEN 1 ELSE 0 END), 0) AS decreased_deals,
    COALESCE(SUM(CASE WHEN bucket = 'decreased' THEN moved END), 0) AS decreased_amount,
    COALESCE(SUM(CASE WHEN bucket = 'pushed_out' THEN 1 ELSE 0 END), 0) AS pushed_out_deals,
    COALESCE(SUM(CASE WHEN bucket = 'pushed_out' THEN moved END), 0) AS pushed_out_amount,
    COALESCE(SUM(CASE WHEN bucket = 'won' THEN 1 ELSE 0 END), 0) AS won_deals,
    COALESCE(SUM(CASE WHEN bucket = 'won' THEN moved END), 0) AS won_amount,
    COALESCE(SUM(CASE WHEN bucket = 'lost' THEN 1 ELSE 0 END), 0) AS lost_deals,
    COALESCE(SUM(CASE WHEN bucket = 'lost' THEN moved END), 0) AS lost_amount,
    COALESCE(SUM(CASE WHEN bucket = 'removed' THEN 1 ELSE 0 END), 0) AS removed_deals,
    COALESCE(SUM(CASE WHEN bucket = 'removed' THEN moved END), 0) AS removed_amount,
    COALESCE(SUM(CASE WHEN state_after = 'A' THEN 1 ELSE 0 END), 0) AS end_deals,
    COALESCE(SUM(CASE WHEN state_after = 'A' THEN amount_after END), 0) AS end_amount,
    COALESCE(SUM(CASE WHEN bucket = 'unchanged' THEN 1 ELSE 0 END), 0) AS unchanged_deals,
    COALESCE(SUM(CASE WHEN bucket = 'unchanged' THEN moved END), 0) AS unchanged_amount,
    COALESCE(SUM(CASE WHEN bucket = 'outside' THEN 1 ELSE 0 END), 0) AS outside_deals,
    COALESCE(SUM(CASE WHEN bucket = 'outside' THEN moved END), 0) AS outside_amount
  FROM deal_buckets
  GROUP BY "segment"
)
SELECT level, "segment", 1 AS step, 'start' AS category, 'start' AS direction, start_deals AS deals, CAST(start_amount AS DOUBLE) AS amount FROM movement_totals
UNION ALL
SELECT level, "segment", 2 AS step, 'created' AS category, 'add' AS direction, created_deals AS deals, CAST(created_amount AS DOUBLE) AS amount FROM movement_totals
UNION ALL
SELECT level, "segment", 3 AS step, 'pulled_in' AS category, 'add' AS direction, pulled_in_deals AS deals, CAST(pulled_in_amount AS DOUBLE) AS amount FROM movement_totals
UNION ALL
SELECT level, "segment", 4 AS step, 'reopened' AS category, 'add' AS direction, reopened_deals AS deals, CAST(reopened_amount AS DOUBLE) AS amount FROM movement_totals
UNION ALL
SELECT level, "segment", 5 AS step, 'increased' AS category, 'add' AS direction, increased_deals AS deals, CAST(increased_amount AS DOUBLE) AS amount FROM movement_totals
UNION ALL
SELECT level, "segment", 6 AS step, 'decreased' AS category, 'subtract' AS direction, decreased_deals AS deals, CAST(decreased_amount AS DOUBLE) AS amount FROM movement_totals
UNION ALL
SELECT level, "segment", 7 AS step, 'pushed_out' AS category, 'subtract' AS direction, pushed_out_deals AS deals, CAST(pushed_out_amount AS DOUBLE) AS amount FROM movement_totals
UNION ALL
SELECT level, "segment", 8 AS step, 'won' AS category, 'subtract' AS direction, won_deals AS deals, CAST(won_amount AS DOUBLE) AS amount FROM movement_totals
UNION ALL
SELECT level, "segment", 9 AS step, 'lost' AS category, 'subtract' AS direction, lost_deals AS deals, CAST(lost_amount AS DOUBLE) AS amount FROM movement_totals
UNION ALL
SELECT level, "segment", 10 AS step, 'removed' AS category, 'subtract' AS direction, removed_deals AS deals, CAST(removed_amount AS DOUBLE) AS amount FROM movement_totals
UNION ALL
SELECT level, "segment", 11 AS step, 'end' AS category, 'end' AS direction, end_deals AS deals, CAST(end_amount AS DOUBLE) AS amount FROM movement_totals
UNION ALL
SELECT level, "segment", 12 AS step, 'unchanged' AS category, 'none' AS direction, unchanged_deals AS deals, CAST(unchanged_amount AS DOUBLE) AS amount FROM movement_totals
UNION ALL
SELECT level, "segment", 13 AS step, 'outside' AS category, 'none' AS direction, outside_deals AS deals, CAST(outside_amount AS DOUBLE) AS amount FROM movement_totals
ORDER BY level, "segment", step
