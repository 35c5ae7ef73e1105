-- dealmath pareto as SQL (postgres): METRICS.md "Pareto / top performers", by account.
WITH
records AS (
  -- The table's columns read as deal fields; amounts converted to the base currency.
  SELECT
    CAST("deal_id" AS TEXT) AS deal_id,
    CASE
      WHEN regexp_replace(lower(TRIM(CAST("stage" AS TEXT))), '[^a-z0-9]', '', 'g') IN ('closedwon') THEN 'won'
      WHEN regexp_replace(lower(TRIM(CAST("stage" AS TEXT))), '[^a-z0-9]', '', 'g') IN ('closedlost') THEN 'lost'
      WHEN NULLIF(TRIM(CAST("stage" AS TEXT)), '') IS NOT NULL THEN 'open'
    END AS stated_status,
    CASE COALESCE(UPPER(TRIM(CAST("currency" AS TEXT))), '')
      WHEN '' THEN CAST("amount" AS DOUBLE PRECISION)
      WHEN 'USD' THEN CAST("amount" AS DOUBLE PRECISION)
      WHEN 'EUR' THEN CAST("amount" AS DOUBLE PRECISION) * 1.08
      WHEN 'GBP' THEN CAST("amount" AS DOUBLE PRECISION) * 1.27
    END AS amount,
    CAST("created" AS DATE) AS created,
    CAST("close" AS DATE) AS close_date,
    CAST(NULL AS DOUBLE PRECISION) AS cycle_column,
    COALESCE(NULLIF(TRIM(CAST("account" AS TEXT)), ''), '(none)') AS "account"
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
    CASE WHEN created IS NOT NULL AND close_date IS NOT NULL THEN CAST((close_date - created) AS DOUBLE PRECISION) ELSE cycle_column END AS cycle_days,
    CASE WHEN created IS NULL THEN NULL ELSE (DATE '2026-11-20' - created) END AS age_days,
    "account"
  FROM records
  WHERE stated_status IS NOT NULL
    -- A closed deal without its close date is a row the command rejects (missing-close).
    AND (stated_status = 'open' OR close_date IS NOT NULL)
    AND (created IS NULL OR created <= DATE '2026-11-20')
),
entities AS (
  -- Every entity with a closed deal in the window or an open deal worked during it; measure: won amount.
  SELECT "account" AS entity, COALESCE(SUM(CASE WHEN status = 'won' THEN CAST(COALESCE(amount, 0) AS DOUBLE PRECISION) END), CAST(0 AS DOUBLE PRECISION)) AS measure
  FROM deals
  WHERE (status <> 'open' AND TRUE) OR status = 'open'
  GROUP BY "account"
),
ranked AS (
  -- The cumulative curve: entities by measure, largest first.
  SELECT entity, measure,
    ROW_NUMBER() OVER (ORDER BY measure DESC, entity) AS rank_desc,
    ROW_NUMBER() OVER (ORDER BY measure ASC, entity DESC) AS rank_asc,
    SUM(measure) OVER (ORDER BY measure DESC, entity ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cumulative,
    SUM(measure) OVER () AS grand_total,
    COUNT(*) OVER () AS entity_count
  FROM entities
),
curve_summary AS (
  -- k: the fewest entities whose cumulative share reaches 0.8 (a relative 1e-12 of slack for rounding).
  SELECT COUNT(*) AS entities,
    COALESCE(SUM(measure), 0) AS total,
    MIN(CASE WHEN grand_total > 0 AND cumulative >= 0.8 * grand_total * (1 - 1e-12) THEN rank_desc END) AS k,
    -- Gini = sum of (2i - n - 1) x_i over the ascending order / (n x total).
    SUM((2 * rank_asc - entity_count - 1) * CAST(measure AS DOUBLE PRECISION)) AS gini_numerator
  FROM ranked
),
top_group AS (
  SELECT curve_summary.*, ranked.cumulative AS top_measure
  FROM curve_summary LEFT JOIN ranked ON ranked.rank_desc = curve_summary.k
)
SELECT
  entities, total, k,
  CAST(k AS DOUBLE PRECISION) / NULLIF(entities, 0) AS share,
  CAST(top_measure AS DOUBLE PRECISION) / NULLIF(total, 0) AS top_share,
  CASE WHEN entities = 0 OR total = 0 THEN NULL ELSE GREATEST(0, gini_numerator / (CAST(entities AS DOUBLE PRECISION) * total)) END AS gini,
  CASE WHEN k IS NULL THEN NULL ELSE CAST(entities AS DOUBLE PRECISION) * (CAST(top_measure AS DOUBLE PRECISION) / k) / total END AS multiplier,
  CASE WHEN k IS NULL THEN NULL ELSE CAST(entities AS DOUBLE PRECISION) * (CAST(top_measure AS DOUBLE PRECISION) / k) / total - 1 END AS increase
FROM top_group
