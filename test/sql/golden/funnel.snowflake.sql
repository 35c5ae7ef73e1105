-- dealmath funnel as SQL (snowflake): METRICS.md "Win rates", Stage conversion, from analytics.stage_history.
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
    CAST("stage_entered" AS DATE) AS stage_entered,
    COALESCE(NULLIF(TRIM(CAST("segment" AS VARCHAR)), ''), '(none)') AS "segment",
    COALESCE(NULLIF(TRIM(CAST("stage" AS VARCHAR)), ''), '(none)') AS "stage",
    COALESCE(NULLIF(TRIM(CAST("lost_stage" AS VARCHAR)), ''), '(none)') AS "lost_stage"
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
    stage_entered,
    "segment",
    "stage",
    "lost_stage"
  FROM records
  WHERE stated_status IS NOT NULL
    -- A closed deal without its close date is a row the command rejects (missing-close).
    AND (stated_status = 'open' OR close_date IS NOT NULL)
    AND (created IS NULL OR created <= DATE '2026-11-20')
),
history_entries AS (
  -- The stage history as entries (deal_id, stage, entered): a row without a deal id, a configured stage or a
  -- date is left out, as the history reader rejects it. stage_code: the open stage's index (0 = first), 4 and up
  -- for the won and lost labels.
  SELECT deal_id, stage_code, entered
  FROM (
    SELECT TRIM(CAST("deal_id" AS VARCHAR)) AS deal_id,
      CASE REGEXP_REPLACE(LOWER(TRIM(CAST("stage" AS VARCHAR))), '[^a-z0-9]', '')
      WHEN 'qualification' THEN 0
      WHEN 'discovery' THEN 1
      WHEN 'proposal' THEN 2
      WHEN 'negotiation' THEN 3
      WHEN 'closedwon' THEN 4
      WHEN 'closedlost' THEN 5
    END AS stage_code,
      CAST("entered" AS DATE) AS entered
    FROM "analytics"."stage_history"
  ) history_rows
  WHERE deal_id IS NOT NULL AND deal_id <> '' AND stage_code IS NOT NULL AND entered IS NOT NULL
),
funnel_deals AS (
  -- METRICS.md "Window" (basis close): closed deals of the window, open deals at the as-of date; an open
  -- deal's stage and a lost deal's lost_stage as stage codes.
  SELECT deal_id, status, amount, close_date, cycle_days, "segment",
    CASE WHEN status = 'open' AND "stage" <> '(none)' THEN CASE REGEXP_REPLACE(LOWER(TRIM(CAST("stage" AS VARCHAR))), '[^a-z0-9]', '')
      WHEN 'qualification' THEN 0
      WHEN 'discovery' THEN 1
      WHEN 'proposal' THEN 2
      WHEN 'negotiation' THEN 3
      WHEN 'closedwon' THEN 4
      WHEN 'closedlost' THEN 5
    END END AS stage_code_now,
    CASE WHEN stage_entered > DATE '2026-11-20' THEN 1 ELSE 0 END AS entered_after_as_of,
    CASE WHEN status = 'lost' AND "lost_stage" <> '(none)' THEN CASE REGEXP_REPLACE(LOWER(TRIM(CAST("lost_stage" AS VARCHAR))), '[^a-z0-9]', '')
      WHEN 'qualification' THEN 0
      WHEN 'discovery' THEN 1
      WHEN 'proposal' THEN 2
      WHEN 'negotiation' THEN 3
      WHEN 'closedwon' THEN 4
      WHEN 'closedlost' THEN 5
    END END AS lost_code
  FROM deals
  WHERE ((status <> 'open' AND (close_date BETWEEN DATE '2026-01-01' AND DATE '2026-12-31')) OR status = 'open')
),
deal_entries AS (
  -- Each deal's entries in time order (an open deal's up to 2026-11-20: later ones had not happened);
  -- on one day, in stage order with won and lost last, so same-day moves count as progress.
  SELECT e.deal_id, e.stage_code, CASE WHEN e.stage_code > 3 THEN 4 ELSE e.stage_code END AS stage_rank, e.entered,
    d.status, d.close_date
  FROM history_entries e
  JOIN funnel_deals d ON d.deal_id = e.deal_id
  WHERE d.status <> 'open' OR e.entered <= DATE '2026-11-20'
),
entries_ordered AS (
  SELECT deal_entries.*, LAG(stage_code) OVER (PARTITION BY deal_id ORDER BY entered, stage_rank, stage_code) AS previous_code
  FROM deal_entries
),
stage_visits AS (
  -- Consecutive entries of one stage are one visit. A visit lasts to the next entry, or (the last visit of a
  -- closed deal) to its close date; NULL when neither is known.
  SELECT deal_id, stage_code, status,
    CASE
      WHEN next_entered IS NOT NULL THEN DATEDIFF(day, entered, next_entered)
      WHEN status <> 'open' AND close_date >= entered THEN DATEDIFF(day, entered, close_date)
    END AS visit_days,
    from_last
  FROM (
    SELECT deal_id, stage_code, status, close_date, entered,
      LEAD(entered) OVER (PARTITION BY deal_id ORDER BY entered, stage_rank, stage_code) AS next_entered,
      ROW_NUMBER() OVER (PARTITION BY deal_id ORDER BY entered DESC, stage_rank DESC, stage_code DESC) AS from_last
    FROM entries_ordered
    WHERE previous_code IS NULL OR previous_code <> stage_code
  ) visits
),
history_reach AS (
  -- Per deal: the furthest open stage its history entered, and the stage of its last visit.
  SELECT deal_id,
    MAX(CASE WHEN stage_code <= 3 THEN stage_code END) AS history_furthest,
    MAX(CASE WHEN from_last = 1 THEN stage_code END) AS last_code
  FROM stage_visits
  GROUP BY deal_id
),
deal_positions AS (
  -- An open deal's current stage on 2026-11-20 (METRICS.md "Point in time"): its stage when that is
  -- an open stage, else its last visit's; but a deal that entered a stage after that day (a history entry or its
  -- stage-entered date) was where its last visit up to the day leaves it, or unknown.
  SELECT d.deal_id, d.status, d.amount, d.cycle_days, d."segment", d.lost_code, r.history_furthest,
    CASE WHEN h.deal_id IS NULL THEN 0 ELSE 1 END AS has_history,
    CASE WHEN d.status = 'open' THEN
      CASE WHEN m.deal_id IS NOT NULL OR d.entered_after_as_of = 1 THEN CASE WHEN r.last_code <= 3 THEN r.last_code END
      ELSE COALESCE(
        CASE WHEN d.stage_code_now <= 3 THEN d.stage_code_now END,
        CASE WHEN r.last_code <= 3 THEN r.last_code END) END
    END AS current_index
  FROM funnel_deals d
  LEFT JOIN history_reach r ON r.deal_id = d.deal_id
  LEFT JOIN (SELECT DISTINCT deal_id FROM history_entries) h ON h.deal_id = d.deal_id
  LEFT JOIN (SELECT DISTINCT deal_id FROM history_entries WHERE entered > DATE '2026-11-20') m ON m.deal_id = d.deal_id
),
deal_journeys AS (
  -- How far each deal got (METRICS.md: "reached s"): a won deal every open stage; else the furthest stage its
  -- history entered (or its current stage, if further); else a lost deal's lost_stage; else an open deal's
  -- current stage; else unknown (NULL), never guessed. Every stage up to the furthest counts as reached.
  SELECT deal_id, status, amount, cycle_days, "segment", has_history, current_index,
    CASE
      WHEN status = 'won' THEN 3
      WHEN history_furthest IS NOT NULL THEN CASE WHEN COALESCE(current_index, -1) > history_furthest THEN current_index ELSE history_furthest END
      WHEN lost_code <= 3 THEN lost_code
      WHEN current_index IS NOT NULL THEN current_index
    END AS furthest
  FROM deal_positions
),
journey_levels AS (
  -- Every deal in the total (level 0) and in its --by group (level 1).
  SELECT 0 AS level, CAST(NULL AS VARCHAR) AS "segment", deal_id, status, amount, cycle_days, has_history, current_index, furthest FROM deal_journeys
  UNION ALL
  SELECT 1 AS level, "segment", deal_id, status, amount, cycle_days, has_history, current_index, furthest FROM deal_journeys
),
funnel_groups AS (
  -- The total, always, and each group with a deal.
  SELECT 0 AS level, CAST(NULL AS VARCHAR) AS "segment"
  UNION ALL
  SELECT DISTINCT 1 AS level, "segment" FROM deal_journeys
),
open_stages AS (
  -- The open stages of the config, in order, each with the stage after it (won after the last).
  SELECT 0 AS stage_index, 'Qualification' AS stage, 'Discovery' AS next_stage
  UNION ALL SELECT 1 AS stage_index, 'Discovery' AS stage, 'Proposal' AS next_stage
  UNION ALL SELECT 2 AS stage_index, 'Proposal' AS stage, 'Negotiation' AS next_stage
  UNION ALL SELECT 3 AS stage_index, 'Negotiation' AS stage, 'won' AS next_stage
),
stage_reach AS (
  -- Per open stage: deals that reached it, closed ones (won, lost) with their amounts, open deals whose furthest
  -- stage it is (still undecided there), and open deals in it now.
  SELECT j.level, j."segment", s.stage_index,
    COUNT(*) AS reached,
    SUM(CASE WHEN j.status <> 'open' THEN 1 ELSE 0 END) AS closed_reached,
    SUM(CASE WHEN j.status = 'won' THEN 1 ELSE 0 END) AS won_reached,
    SUM(CASE WHEN j.status = 'lost' THEN 1 ELSE 0 END) AS lost_reached,
    COALESCE(SUM(CASE WHEN j.status = 'won' THEN j.amount END), 0) AS won_value,
    COALESCE(SUM(CASE WHEN j.status = 'lost' THEN j.amount END), 0) AS lost_value,
    SUM(CASE WHEN j.status = 'lost' AND j.amount > 0 THEN 1 ELSE 0 END) AS lost_with_amount,
    SUM(CASE WHEN j.status = 'open' AND j.furthest = s.stage_index THEN 1 ELSE 0 END) AS open_furthest,
    SUM(CASE WHEN j.status = 'open' AND j.current_index = s.stage_index THEN 1 ELSE 0 END) AS open_deals,
    COALESCE(SUM(CASE WHEN j.status = 'open' AND j.current_index = s.stage_index THEN j.amount END), 0) AS open_value
  FROM open_stages s
  CROSS JOIN journey_levels j
  WHERE j.furthest >= s.stage_index
  GROUP BY j.level, j."segment", s.stage_index
),
closed_dwell AS (
  -- Time in stage (closed deals only): per deal and open stage, the days of its visits with a known end.
  SELECT j.level, j."segment", v.deal_id, v.stage_code AS stage_index, SUM(v.visit_days) AS dwell_days
  FROM stage_visits v
  JOIN journey_levels j ON j.deal_id = v.deal_id
  WHERE v.status <> 'open' AND v.stage_code <= 3 AND v.visit_days IS NOT NULL
  GROUP BY j.level, j."segment", v.deal_id, v.stage_code
),
stage_dwell AS (
  -- Average and median days in each stage; the median is the middle value, or the mean of the two middle ones.
  SELECT level, "segment", stage_index, COUNT(*) AS dwell_n, AVG(CAST(dwell_days AS DOUBLE)) AS average_dwell_days,
    AVG(CASE WHEN dwell_rank IN (FLOOR(CAST(dwell_n - 1 AS DOUBLE) / 2), FLOOR(CAST(dwell_n AS DOUBLE) / 2)) THEN CAST(dwell_days AS DOUBLE) END) AS median_dwell_days
  FROM (
    SELECT level, "segment", stage_index, dwell_days,
      ROW_NUMBER() OVER (PARTITION BY level, "segment", stage_index ORDER BY dwell_days) - 1 AS dwell_rank,
      COUNT(*) OVER (PARTITION BY level, "segment", stage_index) AS dwell_n
    FROM closed_dwell
  ) ranked
  GROUP BY level, "segment", stage_index
),
funnel_totals AS (
  -- Stage conversion cannot be known when no deal has history and no lost deal says where it was lost.
  SELECT level, "segment", deals, closed, deals_with_history, lost - lost_with_reach AS lost_without_stage_information, average_won_cycle_days,
    CASE WHEN deals_with_history = 0 AND lost > 0 AND lost_with_reach = 0 THEN FALSE ELSE TRUE END AS stage_conversion_known
  FROM (
    SELECT g.level, g."segment", COUNT(j.level) AS deals,
      COALESCE(SUM(CASE WHEN j.status <> 'open' THEN 1 ELSE 0 END), 0) AS closed,
      COALESCE(SUM(j.has_history), 0) AS deals_with_history,
      COALESCE(SUM(CASE WHEN j.status = 'lost' THEN 1 ELSE 0 END), 0) AS lost,
      COALESCE(SUM(CASE WHEN j.status = 'lost' AND j.furthest IS NOT NULL THEN 1 ELSE 0 END), 0) AS lost_with_reach,
      -- The average sales cycle of the won deals with a known one (the input of pvf --assume-equal-dwell).
      AVG(CASE WHEN j.status = 'won' THEN j.cycle_days END) AS average_won_cycle_days
    FROM funnel_groups g
    LEFT JOIN journey_levels j ON j.level = g.level AND COALESCE(j."segment", '') = COALESCE(g."segment", '')
    GROUP BY g.level, g."segment"
  ) counted
),
stage_counts AS (
  -- Every open stage of every group, those no deal reached with zeros.
  SELECT g.level, g."segment", s.stage_index,
    COALESCE(r.reached, 0) AS reached,
    COALESCE(r.closed_reached, 0) AS closed_reached,
    COALESCE(r.won_reached, 0) AS won_reached,
    COALESCE(r.lost_reached, 0) AS lost_reached,
    COALESCE(r.won_value, 0) AS won_value,
    COALESCE(r.lost_value, 0) AS lost_value,
    COALESCE(r.lost_with_amount, 0) AS lost_with_amount,
    COALESCE(r.open_furthest, 0) AS open_furthest,
    COALESCE(r.open_deals, 0) AS open_deals,
    COALESCE(r.open_value, 0) AS open_value
  FROM funnel_groups g
  CROSS JOIN open_stages s
  LEFT JOIN stage_reach r ON r.level = g.level AND COALESCE(r."segment", '') = COALESCE(g."segment", '') AND r.stage_index = s.stage_index
),
stage_conversion AS (
  -- Next stage: of the deals that reached the stage and left it (open deals still at their furthest stage are
  -- undecided), the share that reached the next one (won after the last stage).
  SELECT stage_counts.*,
    reached - open_furthest AS next_stage_n,
    CASE WHEN stage_index = 3 THEN won_reached ELSE LEAD(reached) OVER (PARTITION BY level, "segment" ORDER BY stage_index) END AS next_stage_reached
  FROM stage_counts
)
SELECT
  c.level, c."segment", c.stage_index, s.stage, c.reached, c.closed_reached, c.won_reached, c.lost_reached, s.next_stage, c.next_stage_n,
  CASE WHEN t.stage_conversion_known THEN CAST(c.next_stage_reached AS DOUBLE) / NULLIF(CAST(c.next_stage_n AS DOUBLE), 0) END AS next_stage_conversion,
  -- Conversion to won by count (Wilson 95% interval) and by value: NULL with no closed deal, and by value when
  -- lost deals carry no amount above 0 (a CRM that zeroes them) or no closed deal carries one.
  CASE WHEN t.stage_conversion_known THEN CAST(c.won_reached AS DOUBLE) / NULLIF(CAST(c.closed_reached AS DOUBLE), 0) END AS win_conversion,
  CASE WHEN t.stage_conversion_known THEN CASE WHEN c.closed_reached = 0 THEN NULL WHEN c.won_reached = 0 THEN 0 ELSE GREATEST(0, (((CAST(c.won_reached AS DOUBLE) / CAST(c.closed_reached AS DOUBLE)) + (1.959964 * 1.959964) / (2 * CAST(c.closed_reached AS DOUBLE))) / (1 + (1.959964 * 1.959964) / CAST(c.closed_reached AS DOUBLE))) - ((1.959964 / (1 + (1.959964 * 1.959964) / CAST(c.closed_reached AS DOUBLE))) * SQRT((CAST(c.won_reached AS DOUBLE) / CAST(c.closed_reached AS DOUBLE)) * (1 - (CAST(c.won_reached AS DOUBLE) / CAST(c.closed_reached AS DOUBLE))) / CAST(c.closed_reached AS DOUBLE) + (1.959964 * 1.959964) / (4 * CAST(c.closed_reached AS DOUBLE) * CAST(c.closed_reached AS DOUBLE))))) END END AS wilson_low,
  CASE WHEN t.stage_conversion_known THEN CASE WHEN c.closed_reached = 0 THEN NULL WHEN c.won_reached = c.closed_reached THEN 1 ELSE LEAST(1, (((CAST(c.won_reached AS DOUBLE) / CAST(c.closed_reached AS DOUBLE)) + (1.959964 * 1.959964) / (2 * CAST(c.closed_reached AS DOUBLE))) / (1 + (1.959964 * 1.959964) / CAST(c.closed_reached AS DOUBLE))) + ((1.959964 / (1 + (1.959964 * 1.959964) / CAST(c.closed_reached AS DOUBLE))) * SQRT((CAST(c.won_reached AS DOUBLE) / CAST(c.closed_reached AS DOUBLE)) * (1 - (CAST(c.won_reached AS DOUBLE) / CAST(c.closed_reached AS DOUBLE))) / CAST(c.closed_reached AS DOUBLE) + (1.959964 * 1.959964) / (4 * CAST(c.closed_reached AS DOUBLE) * CAST(c.closed_reached AS DOUBLE))))) END END AS wilson_high,
  CASE WHEN t.stage_conversion_known THEN CASE WHEN c.closed_reached = 0 OR (c.lost_reached > 0 AND c.lost_with_amount = 0) THEN NULL ELSE CAST(c.won_value AS DOUBLE) / NULLIF(CAST(c.won_value + c.lost_value AS DOUBLE), 0) END END AS value_conversion,
  c.won_value, c.lost_value,
  c.closed_reached < 30 AS small_sample,
  c.open_deals, c.open_value,
  COALESCE(d.dwell_n, 0) AS dwell_n, d.average_dwell_days, d.median_dwell_days,
  t.deals, t.closed, t.deals_with_history, t.lost_without_stage_information, t.average_won_cycle_days, t.stage_conversion_known
FROM stage_conversion c
JOIN open_stages s ON s.stage_index = c.stage_index
LEFT JOIN stage_dwell d ON d.level = c.level AND COALESCE(d."segment", '') = COALESCE(c."segment", '') AND d.stage_index = c.stage_index
JOIN funnel_totals t ON t.level = c.level AND COALESCE(t."segment", '') = COALESCE(c."segment", '')
ORDER BY c.level, c."segment", c.stage_index
