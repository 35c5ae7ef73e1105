-- dealmath coverage as SQL (snowflake): METRICS.md "Pipeline coverage", team target 2000000, period 2026-10-01..2026-12-31.
WITH
records AS (
  -- The table's columns read as deal fields; amounts converted to the base currency.
  SELECT
    CAST("deal_id" AS VARCHAR) AS deal_id,
    CASE
      WHEN REGEXP_REPLACE(LOWER(TRIM(CAST("stage" AS VARCHAR))), '[^a-z0-9]', '') IN ('closedwon') THEN 'won'
      WHEN REGEXP_REPLACE(LOWER(TRIM(CAST("stage" AS VARCHAR))), '[^a-z0-9]', '') IN ('closedlost') THEN 'lost'
      WHEN NULLIF(TRIM(CAST("stage" AS VARCHAR)), '') IS NOT NULL THEN 'open'
    END AS stated_status,
    CASE COALESCE(UPPER(TRIM(CAST("currency" AS VARCHAR))), '')
      WHEN '' THEN CAST("amount" AS DOUBLE)
      WHEN 'USD' THEN CAST("amount" AS DOUBLE)
      WHEN 'EUR' THEN CAST("amount" AS DOUBLE) * 1.08
      WHEN 'GBP' THEN CAST("amount" AS DOUBLE) * 1.27
    END AS amount,
    CAST("created" AS DATE) AS created,
    CAST("close" AS DATE) AS close_date,
    CAST(NULL AS DOUBLE) AS cycle_column
  FROM "analytics"."deals"
),
deals AS (
  -- Each deal as it stood on 2026-11-20 (METRICS.md "Point in time"): one created later did not
  -- exist yet; one closed later was still open then.
  SELECT
    deal_id,
    CASE WHEN stated_status <> 'open' AND close_date > DATE '2026-11-20' THEN 'open' ELSE stated_status END AS status,
    amount,
    created,
    close_date,
    -- Sales cycle: close - created, else the cycle-days column.
    CASE WHEN created IS NOT NULL AND close_date IS NOT NULL THEN CAST(DATEDIFF(day, created, close_date) AS DOUBLE) ELSE cycle_column END AS cycle_days,
    CASE WHEN created IS NULL THEN NULL ELSE DATEDIFF(day, created, DATE '2026-11-20') END AS age_days
  FROM records
  WHERE stated_status IS NOT NULL
    -- A closed deal without its close date is a row the command rejects (missing-close).
    AND (stated_status = 'open' OR close_date IS NOT NULL)
    AND (created IS NULL OR created <= DATE '2026-11-20')
),
team AS (
  -- Won to date (period up to the as-of date), the rate window's closed deals, the open pipeline closing in the period.
  SELECT
    COALESCE(SUM(CASE WHEN status = 'won' AND close_date BETWEEN DATE '2026-10-01' AND DATE '2026-11-20' THEN amount END), 0) AS won_to_date,
    SUM(CASE WHEN status = 'won' AND close_date BETWEEN DATE '2026-10-01' AND DATE '2026-11-20' THEN 1 ELSE 0 END) AS won_to_date_deals,
    SUM(CASE WHEN status <> 'open' AND close_date BETWEEN DATE '2025-10-01' AND DATE '2026-09-30' AND status = 'won' THEN 1 ELSE 0 END) AS won,
    SUM(CASE WHEN status <> 'open' AND close_date BETWEEN DATE '2025-10-01' AND DATE '2026-09-30' AND status = 'lost' THEN 1 ELSE 0 END) AS lost,
    COALESCE(SUM(CASE WHEN status <> 'open' AND close_date BETWEEN DATE '2025-10-01' AND DATE '2026-09-30' AND status = 'won' THEN amount END), 0) AS won_value,
    SUM(CASE WHEN status <> 'open' AND close_date BETWEEN DATE '2025-10-01' AND DATE '2026-09-30' AND status = 'won' AND amount IS NOT NULL THEN 1 ELSE 0 END) AS won_with_amount,
    COALESCE(SUM(CASE WHEN status <> 'open' AND close_date BETWEEN DATE '2025-10-01' AND DATE '2026-09-30' AND status = 'lost' THEN amount END), 0) AS lost_value,
    SUM(CASE WHEN status <> 'open' AND close_date BETWEEN DATE '2025-10-01' AND DATE '2026-09-30' AND status = 'lost' AND amount > 0 THEN 1 ELSE 0 END) AS lost_with_amount,
    COALESCE(SUM(CASE WHEN status = 'open' AND close_date BETWEEN DATE '2026-10-01' AND DATE '2026-12-31' THEN amount END), 0) AS open_pipeline,
    SUM(CASE WHEN status = 'open' AND close_date BETWEEN DATE '2026-10-01' AND DATE '2026-12-31' THEN 1 ELSE 0 END) AS open_deals
  FROM deals
),
rates AS (
  SELECT team.*,
    CAST(2000000 AS DOUBLE) AS target,
    GREATEST(CAST(2000000 AS DOUBLE) - won_to_date, 0) AS remaining,
    won + lost AS n,
    CASE WHEN won + lost = 0 THEN NULL ELSE CAST(won AS DOUBLE) / CAST(won + lost AS DOUBLE) END AS unit_win_rate,
    CASE WHEN won + lost = 0 OR (lost > 0 AND lost_with_amount = 0) OR won_value + lost_value = 0 THEN NULL
      ELSE CAST(won_value AS DOUBLE) / CAST(won_value + lost_value AS DOUBLE) END AS value_win_rate,
    CASE WHEN won = 0 OR won_with_amount = 0 THEN NULL ELSE CAST(won_value AS DOUBLE) / CAST(won_with_amount AS DOUBLE) END AS average_won_amount
  FROM team
),
required AS (
  SELECT rates.*,
    -- 1 / W as n / won.
    CASE WHEN n = 0 OR won = 0 THEN NULL ELSE CAST(n AS DOUBLE) / CAST(won AS DOUBLE) END AS required_multiple,
    CASE WHEN remaining = 0 THEN 0 WHEN value_win_rate IS NULL OR value_win_rate = 0 THEN NULL ELSE remaining / value_win_rate END AS required_pipeline,
    -- NULL when the quotient overflows (an average won amount of 5e-324), as the command has it n/a.
    CASE WHEN remaining = 0 THEN 0 WHEN average_won_amount * unit_win_rate IS NULL OR average_won_amount * unit_win_rate = 0 OR NOT ABS(remaining / (average_won_amount * unit_win_rate)) <= 1.7976931348623157e308 THEN NULL
      ELSE CEIL(remaining / (average_won_amount * unit_win_rate) - 1e-9 * GREATEST(1, ABS(remaining / (average_won_amount * unit_win_rate)))) END AS required_deals
  FROM rates
)
SELECT
  target, won_to_date, won_to_date_deals, remaining, unit_win_rate, value_win_rate, average_won_amount, n,
  required_multiple, required_pipeline, required_deals, open_pipeline, open_deals,
  CASE WHEN target = 0 THEN NULL ELSE won_to_date / target END AS attainment,
  CASE WHEN remaining = 0 THEN NULL ELSE open_pipeline / remaining END AS coverage,
  required_pipeline - open_pipeline AS gap,
  CASE WHEN required_deals IS NULL THEN NULL ELSE CEIL(GREATEST(required_deals - open_deals, 0) / 0.1 - 1e-9 * GREATEST(1, ABS(GREATEST(required_deals - open_deals, 0) / 0.1))) END AS prospects_needed
FROM required
