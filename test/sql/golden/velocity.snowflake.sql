-- dealmath velocity as SQL (snowflake): METRICS.md "Sales velocity", N = open deals.
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
    COALESCE(NULLIF(TRIM(CAST("segment" AS VARCHAR)), ''), '(none)') AS "segment"
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
    "segment"
  FROM records
  WHERE stated_status IS NOT NULL
    -- A closed deal without its close date is a row the command rejects (missing-close).
    AND (stated_status = 'open' OR close_date IS NOT NULL)
    AND (created IS NULL OR created <= DATE '2026-11-20')
),
deals_in_window AS (
  -- METRICS.md "Window" (basis close): closed deals of the window, open deals at the as-of date.
  SELECT * FROM deals WHERE ((status <> 'open' AND TRUE) OR status = 'open')
),
levers AS (
  SELECT 0 AS level, CAST(NULL AS VARCHAR) AS "segment",
    SUM(CASE WHEN status = 'open' THEN 1 ELSE 0 END) AS open_deals,
    SUM(CASE WHEN status = 'won' THEN 1 ELSE 0 END) AS won,
    SUM(CASE WHEN status = 'lost' THEN 1 ELSE 0 END) AS lost,
    -- A: average amount of the won deals that carry one.
    AVG(CASE WHEN status = 'won' THEN amount END) AS average_won_amount,
    -- L: average sales cycle of the won deals with a known one.
    AVG(CASE WHEN status = 'won' THEN cycle_days END) AS cycle_days
  FROM deals_in_window
  UNION ALL
  SELECT 1 AS level, "segment",
    SUM(CASE WHEN status = 'open' THEN 1 ELSE 0 END) AS open_deals,
    SUM(CASE WHEN status = 'won' THEN 1 ELSE 0 END) AS won,
    SUM(CASE WHEN status = 'lost' THEN 1 ELSE 0 END) AS lost,
    -- A: average amount of the won deals that carry one.
    AVG(CASE WHEN status = 'won' THEN amount END) AS average_won_amount,
    -- L: average sales cycle of the won deals with a known one.
    AVG(CASE WHEN status = 'won' THEN cycle_days END) AS cycle_days
  FROM deals_in_window
  GROUP BY "segment"
),
velocity_terms AS (
  SELECT levers.*,
    open_deals AS deals,
    -- W: unit win rate of the closed deals (open deals excluded).
    CASE WHEN won + lost = 0 THEN NULL ELSE CAST(won AS DOUBLE) / CAST(won + lost AS DOUBLE) END AS win_rate
  FROM levers
)
SELECT
  level, "segment",
  deals, average_won_amount, win_rate, won, lost, cycle_days,
  CASE WHEN average_won_amount IS NULL OR win_rate IS NULL OR cycle_days IS NULL OR cycle_days <= 0 THEN NULL
    ELSE CAST(deals AS DOUBLE) * average_won_amount * win_rate / cycle_days END AS per_day,
  (CASE WHEN average_won_amount IS NULL OR win_rate IS NULL OR cycle_days IS NULL OR cycle_days <= 0 THEN NULL
    ELSE CAST(deals AS DOUBLE) * average_won_amount * win_rate / cycle_days END) * 30.4375 AS per_month,
  (CASE WHEN average_won_amount IS NULL OR win_rate IS NULL OR cycle_days IS NULL OR cycle_days <= 0 THEN NULL
    ELSE CAST(deals AS DOUBLE) * average_won_amount * win_rate / cycle_days END) * 91.3125 AS per_quarter
FROM velocity_terms
ORDER BY level, "segment"
