/**
 * The order of open stages when the config lists none: from the CRM's standard pipeline when
 * every open stage of the file belongs to one, else from the CRM probability per stage (a
 * later stage carries a higher probability). Pure: the caller says which labels it saw.
 */
import { lostLabels, wonLabels, type Config } from './config.js';
import { normalizeHeader, stageMeaning } from './mapping.js';

/** What was seen of one open stage label: its deals' CRM probabilities (0..1), if any. */
export interface StageSighting {
  readonly label: string;
  readonly probabilities: readonly number[];
}

export interface InferredStageOrder {
  /** Open stages, first stage first, spelled as the file spells them. */
  readonly open: readonly string[];
  readonly source: 'salesforce' | 'hubspot' | 'pipedrive' | 'probability';
  /** Why this order, in a few words (shown by inspect and the stage commands). */
  readonly reason: string;
}

/** The default open stages of each CRM's standard sales pipeline, in order. */
export const STANDARD_PIPELINES: Readonly<Record<'salesforce' | 'hubspot' | 'pipedrive', readonly string[]>> = {
  salesforce: ['Prospecting', 'Qualification', 'Needs Analysis', 'Value Proposition', 'Id. Decision Makers', 'Perception Analysis', 'Proposal/Price Quote', 'Negotiation/Review'],
  // HubSpot exports write labels or internal names (appointmentscheduled): both fold to one key.
  hubspot: ['Appointment Scheduled', 'Qualified To Buy', 'Presentation Scheduled', 'Decision Maker Bought-In', 'Contract Sent'],
  // Pipedrive's default pipeline, old (Lead In, Needs Defined) and new (Qualified, Demo Scheduled).
  pipedrive: ['Lead In', 'Qualified', 'Contact Made', 'Needs Defined', 'Demo Scheduled', 'Proposal Made', 'Negotiations Started'],
};

/** The sightings of true open stages: a closed-looking label (`Closed (Renewals)`) has no place in the order. */
export function openStageSightings<Sighting extends StageSighting>(sightings: readonly Sighting[], config: Config): Sighting[] {
  const won = new Set(wonLabels(config).map(normalizeHeader));
  const lost = new Set(lostLabels(config).map(normalizeHeader));
  return sightings.filter((sighting) => stageMeaning(sighting.label, won, lost) === 'open');
}

/** `Contract Sent (Renewals)` -> `contractsent`: the label without a pipeline suffix, folded. */
function baseKey(label: string): string {
  return normalizeHeader(label.replace(/\([^)]*\)|\[[^\]]*\]/g, ''));
}

/** The stage order, or null when neither a standard pipeline nor the probabilities decide it. */
export function inferStageOrder(sightings: readonly StageSighting[]): InferredStageOrder | null {
  if (sightings.length === 0) return null;
  for (const [crm, pipeline] of Object.entries(STANDARD_PIPELINES) as ['salesforce' | 'hubspot' | 'pipedrive', readonly string[]][]) {
    const rank = new Map(pipeline.map((stage, index) => [normalizeHeader(stage), index] as const));
    if (!sightings.every((sighting) => rank.has(baseKey(sighting.label)))) continue;
    const ordered = [...sightings].sort((a, b) => (rank.get(baseKey(a.label)) as number) - (rank.get(baseKey(b.label)) as number) || (a.label < b.label ? -1 : 1));
    return { open: ordered.map((sighting) => sighting.label), source: crm, reason: `every open stage is a stage of the standard ${crmName(crm)} pipeline` };
  }
  const medians = sightings.map((sighting) => ({ label: sighting.label, median: median(sighting.probabilities) }));
  if (medians.some((entry) => entry.median === null)) return null;
  const ordered = [...medians].sort((a, b) => (a.median as number) - (b.median as number));
  // Two stages at one probability: their order is unknown, and a guess would skew the funnel.
  if (ordered.some((entry, index) => index > 0 && entry.median === ordered[index - 1]?.median)) return null;
  return {
    open: ordered.map((entry) => entry.label),
    source: 'probability',
    reason: `ordered by the CRM probability per stage: ${ordered.map((entry) => `${entry.label} ${Math.round((entry.median as number) * 100)}%`).join(', ')}`,
  };
}

function crmName(crm: 'salesforce' | 'hubspot' | 'pipedrive'): string {
  return crm === 'salesforce' ? 'Salesforce' : crm === 'hubspot' ? 'HubSpot' : 'Pipedrive';
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
