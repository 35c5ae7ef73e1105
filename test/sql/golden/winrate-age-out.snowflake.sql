-- dealmath winrate as SQL (snowflake): METRICS.md "Win rates", --open age-out.
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
    CAST(NULL AS DOUBLE) AS cycle_column,
    COALESCE(NULLIF(TRIM(CAST("owner" AS VARCHAR)), ''), '(none)') AS "owner"
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
    CASE WHEN created IS NULL THEN NULL ELSE DATEDIFF(day, created, DATE '2026-11-20') END AS age_days,
    "owner"
  FROM records
  WHERE stated_status IS NOT NULL
    -- A closed deal without its close date is a row the command rejects (missing-close).
    AND (stated_status = 'open' OR close_date IS NOT NULL)
    AND (created IS NULL OR created <= DATE '2026-11-20')
),
deals_in_window AS (
  -- The deals the rates count (METRICS.md "Window"; basis close); worked: an open deal worked during the window.
  SELECT deals.*,
    CASE WHEN (status = 'open' AND (created IS NULL OR created <= DATE '2026-12-31')) THEN 1 ELSE 0 END AS worked,
    2 * AVG(CASE WHEN status = 'won' THEN cycle_days END) OVER () AS age_out_days_total,
    2 * AVG(CASE WHEN status = 'won' THEN cycle_days END) OVER (PARTITION BY "owner") AS age_out_days_group
  FROM deals
  WHERE ((status <> 'open' AND (close_date BETWEEN DATE '2026-01-01' AND DATE '2026-12-31')) OR status = 'open')
),
decided_deals AS (
  -- Won and lost deals (and the open ones the policy counts) per group and in total.
  SELECT 0 AS level, CAST(NULL AS VARCHAR) AS "owner",
    SUM(CASE WHEN status = 'won' THEN 1 ELSE 0 END) AS won,
    COALESCE(SUM(CASE WHEN status = 'won' THEN amount END), 0) AS won_value,
    SUM(CASE WHEN status = 'won' AND amount IS NOT NULL THEN 1 ELSE 0 END) AS won_with_amount,
    COALESCE(SUM(CASE WHEN status = 'won' THEN cycle_days END), 0) AS won_cycle_days,
    SUM(CASE WHEN status = 'won' AND cycle_days IS NOT NULL THEN 1 ELSE 0 END) AS won_with_cycle,
    SUM(CASE WHEN status = 'lost' THEN 1 ELSE 0 END) AS lost_closed,
    COALESCE(SUM(CASE WHEN status = 'lost' THEN amount END), 0) AS lost_closed_value,
    SUM(CASE WHEN status = 'lost' AND amount > 0 THEN 1 ELSE 0 END) AS lost_with_amount,
    SUM(CASE WHEN status = 'open' THEN 1 ELSE 0 END) AS open_in_scope,
    COALESCE(SUM(CASE WHEN status = 'open' THEN amount END), 0) AS open_value,
    SUM(CASE WHEN worked = 1 THEN 1 ELSE 0 END) AS open_worked,
    COALESCE(SUM(CASE WHEN worked = 1 THEN amount END), 0) AS open_worked_value,
    MAX(age_out_days_total) AS age_out_days,
    SUM(CASE WHEN worked = 1 AND age_days IS NOT NULL THEN 1 ELSE 0 END) AS open_with_age,
    SUM(CASE WHEN worked = 1 AND age_days IS NULL THEN 1 ELSE 0 END) AS age_unknown,
    SUM(CASE WHEN worked = 1 AND age_days IS NOT NULL AND age_days > age_out_days_total THEN 1 ELSE 0 END) AS aged_out,
    COALESCE(SUM(CASE WHEN worked = 1 AND age_days IS NOT NULL AND age_days > age_out_days_total THEN amount END), 0) AS aged_value,
    SUM(CASE WHEN worked = 1 AND age_days IS NOT NULL AND age_days > age_out_days_total AND amount > 0 THEN 1 ELSE 0 END) AS aged_with_amount
  FROM deals_in_window
  UNION ALL
  SELECT 1 AS level, "owner",
    SUM(CASE WHEN status = 'won' THEN 1 ELSE 0 END) AS won,
    COALESCE(SUM(CASE WHEN status = 'won' THEN amount END), 0) AS won_value,
    SUM(CASE WHEN status = 'won' AND amount IS NOT NULL THEN 1 ELSE 0 END) AS won_with_amount,
    COALESCE(SUM(CASE WHEN status = 'won' THEN cycle_days END), 0) AS won_cycle_days,
    SUM(CASE WHEN status = 'won' AND cycle_days IS NOT NULL THEN 1 ELSE 0 END) AS won_with_cycle,
    SUM(CASE WHEN status = 'lost' THEN 1 ELSE 0 END) AS lost_closed,
    COALESCE(SUM(CASE WHEN status = 'lost' THEN amount END), 0) AS lost_closed_value,
    SUM(CASE WHEN status = 'lost' AND amount > 0 THEN 1 ELSE 0 END) AS lost_with_amount,
    SUM(CASE WHEN status = 'open' THEN 1 ELSE 0 END) AS open_in_scope,
    COALESCE(SUM(CASE WHEN status = 'open' THEN amount END), 0) AS open_value,
    SUM(CASE WHEN worked = 1 THEN 1 ELSE 0 END) AS open_worked,
    COALESCE(SUM(CASE WHEN worked = 1 THEN amount END), 0) AS open_worked_value,
    MAX(age_out_days_group) AS age_out_days,
    SUM(CASE WHEN worked = 1 AND age_days IS NOT NULL THEN 1 ELSE 0 END) AS open_with_age,
    SUM(CASE WHEN worked = 1 AND age_days IS NULL THEN 1 ELSE 0 END) AS age_unknown,
    SUM(CASE WHEN worked = 1 AND age_days IS NOT NULL AND age_days > age_out_days_group THEN 1 ELSE 0 END) AS aged_out,
    COALESCE(SUM(CASE WHEN worked = 1 AND age_days IS NOT NULL AND age_days > age_out_days_group THEN amount END), 0) AS aged_value,
    SUM(CASE WHEN worked = 1 AND age_days IS NOT NULL AND age_days > age_out_days_group AND amount > 0 THEN 1 ELSE 0 END) AS aged_with_amount
  FROM deals_in_window
  GROUP BY "owner"
),
win_rates AS (
  -- Wu = won / n; Wv = won value / (won value + value not won), NULL where undefined.
  SELECT decided_deals.*,
    won + lost_closed + CASE WHEN age_out_days IS NULL THEN 0 ELSE aged_out END AS n,
    lost_closed + CASE WHEN age_out_days IS NULL THEN 0 ELSE aged_out END AS lost,
    lost_closed_value + CASE WHEN age_out_days IS NULL THEN 0 ELSE aged_value END AS lost_value,
    open_in_scope AS open_deals,
    open_value AS open_reported_value,
    CASE WHEN age_out_days IS NULL AND open_with_age > 0 OR won + lost_closed + CASE WHEN age_out_days IS NULL THEN 0 ELSE aged_out END = 0 THEN NULL ELSE CAST(won AS DOUBLE) / CAST(won + lost_closed + CASE WHEN age_out_days IS NULL THEN 0 ELSE aged_out END AS DOUBLE) END AS unit_win_rate,
    CASE WHEN age_out_days IS NULL AND open_with_age > 0 OR won + lost_closed + CASE WHEN age_out_days IS NULL THEN 0 ELSE aged_out END = 0 OR (lost_closed > 0 AND lost_with_amount = 0) OR (age_out_days IS NOT NULL AND lost_closed = 0 AND aged_out > 0 AND aged_with_amount = 0) OR won_value + lost_closed_value + CASE WHEN age_out_days IS NULL THEN 0 ELSE aged_value END = 0 THEN NULL
      ELSE CAST(won_value AS DOUBLE) / CAST(won_value + lost_closed_value + CASE WHEN age_out_days IS NULL THEN 0 ELSE aged_value END AS DOUBLE) END AS value_win_rate
  FROM decided_deals
)
SELECT
  level, "owner",
  won, lost, open_deals, won_value, lost_value, open_reported_value AS open_value,
  n, unit_win_rate, value_win_rate,
  CASE WHEN unit_win_rate IS NULL THEN NULL ELSE CASE WHEN n = 0 THEN NULL WHEN won = 0 THEN 0 ELSE GREATEST(0, (((CAST(won AS DOUBLE) / CAST(n AS DOUBLE)) + (1.959964 * 1.959964) / (2 * CAST(n AS DOUBLE))) / (1 + (1.959964 * 1.959964) / CAST(n AS DOUBLE))) - ((1.959964 / (1 + (1.959964 * 1.959964) / CAST(n AS DOUBLE))) * SQRT((CAST(won AS DOUBLE) / CAST(n AS DOUBLE)) * (1 - (CAST(won AS DOUBLE) / CAST(n AS DOUBLE))) / CAST(n AS DOUBLE) + (1.959964 * 1.959964) / (4 * CAST(n AS DOUBLE) * CAST(n AS DOUBLE))))) END END AS wilson_low,
  CASE WHEN unit_win_rate IS NULL THEN NULL ELSE CASE WHEN n = 0 THEN NULL WHEN won = n THEN 1 ELSE LEAST(1, (((CAST(won AS DOUBLE) / CAST(n AS DOUBLE)) + (1.959964 * 1.959964) / (2 * CAST(n AS DOUBLE))) / (1 + (1.959964 * 1.959964) / CAST(n AS DOUBLE))) + ((1.959964 / (1 + (1.959964 * 1.959964) / CAST(n AS DOUBLE))) * SQRT((CAST(won AS DOUBLE) / CAST(n AS DOUBLE)) * (1 - (CAST(won AS DOUBLE) / CAST(n AS DOUBLE))) / CAST(n AS DOUBLE) + (1.959964 * 1.959964) / (4 * CAST(n AS DOUBLE) * CAST(n AS DOUBLE))))) END END AS wilson_high,
  n < 30 AS small_sample,
  CASE WHEN age_out_days IS NULL THEN 0 ELSE aged_out END AS aged_out,
  age_out_days
FROM win_rates
ORDER BY level, "owner"
