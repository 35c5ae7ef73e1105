-- dealmath retention as SQL (bigquery): METRICS.md "Retention and concentration", by segment.
WITH
records AS (
  -- The table's columns read as deal fields; amounts converted to the base currency.
  SELECT
    CAST(`deal_id` AS STRING) AS deal_id,
    CASE
      WHEN REGEXP_REPLACE(LOWER(TRIM(CAST(`stage` AS STRING))), r'[^a-z0-9]', '') IN ('closedwon') THEN 'won'
      WHEN REGEXP_REPLACE(LOWER(TRIM(CAST(`stage` AS STRING))), r'[^a-z0-9]', '') IN ('closedlost') THEN 'lost'
      WHEN NULLIF(TRIM(CAST(`stage` AS STRING)), '') IS NOT NULL THEN 'open'
    END AS stated_status,
    CASE COALESCE(UPPER(TRIM(CAST(`currency` AS STRING))), '')
      WHEN '' THEN CAST(`amount` AS FLOAT64)
      WHEN 'USD' THEN CAST(`amount` AS FLOAT64)
      WHEN 'EUR' THEN CAST(`amount` AS FLOAT64) * 1.08
      WHEN 'GBP' THEN CAST(`amount` AS FLOAT64) * 1.27
    END AS amount,
    CAST(`created` AS DATE) AS created,
    CAST(`close` AS DATE) AS close_date,
    CAST(NULL AS FLOAT64) AS cycle_column,
    COALESCE(NULLIF(TRIM(CAST(`account` AS STRING)), ''), '(none)') AS `account`,
    COALESCE(NULLIF(TRIM(CAST(`owner` AS STRING)), ''), '(none)') AS `owner`,
    COALESCE(NULLIF(TRIM(CAST(`segment` AS STRING)), ''), '(none)') AS `segment`
  FROM `analytics`.`deals`
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
    CASE WHEN created IS NOT NULL AND close_date IS NOT NULL THEN CAST(DATE_DIFF(close_date, created, DAY) AS FLOAT64) ELSE cycle_column END AS cycle_days,
    CASE WHEN created IS NULL THEN NULL ELSE DATE_DIFF(DATE '2026-11-20', created, DAY) END AS age_days,
    `account`,
    `owner`,
    `segment`
  FROM records
  WHERE stated_status IS NOT NULL
    -- A closed deal without its close date is a row the command rejects (missing-close).
    AND (stated_status = 'open' OR close_date IS NOT NULL)
    AND (created IS NULL OR created <= DATE '2026-11-20')
),
won_in_periods AS (
  -- Won deals closed in P1 or P2 by the as-of date, with an account (a deal without one is left out).
  SELECT `account` AS account_key,
    CASE WHEN close_date BETWEEN DATE '2026-01-01' AND DATE '2026-11-20' THEN 'current' ELSE 'previous' END AS won_period,
    amount AS won_amount,
    close_date AS won_on,
    CASE WHEN `owner` = '(none)' THEN '' ELSE `owner` END AS owner_order,
    `segment`
  FROM deals
  WHERE status = 'won' AND close_date <= DATE '2026-11-20'
    AND (close_date BETWEEN DATE '2026-01-01' AND DATE '2026-11-20' OR close_date BETWEEN DATE '2025-01-01' AND DATE '2025-11-20')
    AND `account` <> '(none)'
),
account_group AS (
  -- Each account's group: that of its latest won deal in P1, else in P2 (same day: by owner, then group).
  SELECT account_key, `segment`
  FROM (
    SELECT account_key, `segment`,
      ROW_NUMBER() OVER (PARTITION BY account_key ORDER BY CASE WHEN won_period = 'previous' THEN 0 ELSE 1 END, won_on DESC, owner_order, `segment`) AS pick
    FROM won_in_periods
  ) latest
  WHERE pick = 1
),
account_revenue AS (
  -- R1 and R2 per account (a won deal without an amount adds nothing), with its group.
  SELECT per_account.account_key, r1, r2, `segment`
  FROM (
  SELECT account_key,
    COALESCE(SUM(CASE WHEN won_period = 'previous' THEN won_amount END), 0) AS r1,
    COALESCE(SUM(CASE WHEN won_period = 'current' THEN won_amount END), 0) AS r2
  FROM won_in_periods
  GROUP BY account_key
  ) per_account
  JOIN account_group ON account_group.account_key = per_account.account_key
),
retention_totals AS (
  -- Over the accounts with R1 > 0: start, retained (min(R2, R1)) and end revenue; new accounts apart.
  SELECT 0 AS level, CAST(NULL AS STRING) AS `segment`,
    SUM(CASE WHEN r1 > 0 THEN 1 ELSE 0 END) AS accounts_start,
    SUM(CASE WHEN r1 > 0 AND r2 > 0 THEN 1 ELSE 0 END) AS accounts_retained,
    SUM(CASE WHEN r1 > 0 AND r2 = 0 THEN 1 ELSE 0 END) AS churned,
    COALESCE(SUM(CASE WHEN r1 > 0 THEN r1 END), 0) AS revenue_start,
    COALESCE(SUM(CASE WHEN r1 > 0 THEN LEAST(r1, r2) END), 0) AS revenue_retained,
    COALESCE(SUM(CASE WHEN r1 > 0 THEN r2 END), 0) AS revenue_end,
    COALESCE(SUM(CASE WHEN r1 <= 0 AND r2 > 0 THEN r2 END), 0) AS new_account_revenue,
    SUM(CASE WHEN r1 <= 0 AND r2 > 0 THEN 1 ELSE 0 END) AS new_accounts
  FROM account_revenue
  UNION ALL
  SELECT 1 AS level, `segment`,
    SUM(CASE WHEN r1 > 0 THEN 1 ELSE 0 END) AS accounts_start,
    SUM(CASE WHEN r1 > 0 AND r2 > 0 THEN 1 ELSE 0 END) AS accounts_retained,
    SUM(CASE WHEN r1 > 0 AND r2 = 0 THEN 1 ELSE 0 END) AS churned,
    COALESCE(SUM(CASE WHEN r1 > 0 THEN r1 END), 0) AS revenue_start,
    COALESCE(SUM(CASE WHEN r1 > 0 THEN LEAST(r1, r2) END), 0) AS revenue_retained,
    COALESCE(SUM(CASE WHEN r1 > 0 THEN r2 END), 0) AS revenue_end,
    COALESCE(SUM(CASE WHEN r1 <= 0 AND r2 > 0 THEN r2 END), 0) AS new_account_revenue,
    SUM(CASE WHEN r1 <= 0 AND r2 > 0 THEN 1 ELSE 0 END) AS new_accounts
  FROM account_revenue
  GROUP BY `segment`
)
SELECT
  level, `segment`,
  COALESCE(accounts_start, 0) AS accounts_start, COALESCE(accounts_retained, 0) AS accounts_retained, COALESCE(churned, 0) AS churned,
  revenue_start, revenue_retained, revenue_end, new_account_revenue, COALESCE(new_accounts, 0) AS new_accounts,
  -- GRR, NRR and logo retention: NULL when no account won revenue in P1.
  CASE WHEN revenue_start > 0 THEN CAST(revenue_retained AS FLOAT64) / CAST(revenue_start AS FLOAT64) END AS grr,
  CASE WHEN revenue_start > 0 THEN CAST(revenue_end AS FLOAT64) / CAST(revenue_start AS FLOAT64) END AS nrr,
  CASE WHEN accounts_start > 0 THEN CAST(accounts_retained AS FLOAT64) / CAST(accounts_start AS FLOAT64) END AS logo_retention
FROM retention_totals
ORDER BY level, `segment`
