/** The metrics dealmath writes as SQL (the command line's choices; no code loaded with them). */
export const SQL_METRICS = ['winrate', 'velocity', 'pareto', 'coverage', 'retention', 'funnel', 'movement'] as const;
export type SqlMetric = (typeof SQL_METRICS)[number];
