import type { Pool } from 'pg';

/*
 * A fixed piece of work timed before a benchmark, so that figures from different days can be compared.
 * This machine's speed varies from day to day: the commit that rebuilt the chronology at 19,000-22,500
 * events/s on 2026-11-27 rebuilt it at 6,500-6,900 on 2026-11-29 (docs/benchmarks.md). The work here
 * uses none of the project's code, so it stays the same whatever the code becomes: a change in these
 * figures is the machine, not the code.
 */

/** A row like a chronology entry (about 1 KB of JSON), fictional. */
const SAMPLE_ROW = {
  eventId: '0f6d3c1e-8a4b-4c2d-9e7f-1a2b3c4d5e6f', childId: '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d', revision: 41, position: 123_456,
  occurredAt: '2026-03-14', occurredAtPrecision: 'day', recordedAt: '2026-03-16T09:12:44.123Z', recordedAtKnown: true, recordingLag: 2,
  agencyId: 'school-meadowbank', agencyName: null, type: 'ConcernRaised',
  summary: 'The school raised a concern: the child arrived hungry and said there had been no food at home since the weekend. The designated safeguarding lead spoke with the child.',
  significance: 'concern', action: 'Spoke with the designated safeguarding lead.', outcome: null, provenance: 'live', importedAt: null, sensitivity: 'normal',
  relatedEvents: ['7c6b5a49-3827-4165-a4b3-c2d1e0f9a8b7'], correctedBy: [], corrections: [],
  data: { category: 'neglect', description: 'Arrived hungry; no food at home since the weekend.', observedBy: 'class teacher', childSpokeTo: true },
};

const NODE_ROUND_TRIPS = 100_000;
const POSTGRES_ROWS = 100_000;

export interface MachineReference {
  /** µs for one JSON.stringify and JSON.parse of SAMPLE_ROW in this process (the median of 5 rounds). */
  nodeJsonRoundTripMicros: number;
  /** µs a row for PostgreSQL to build, print and parse back a jsonb value of about the same size (the median of 3 rounds). */
  postgresJsonbRowMicros: number;
}

export async function measureMachineReference(pool: Pool): Promise<MachineReference> {
  return { nodeJsonRoundTripMicros: median(Array.from({ length: 5 }, nodeRound)), postgresJsonbRowMicros: median(await postgresRounds(pool, 3)) };
}

export function describeMachineReference(reference: MachineReference): string {
  return `Machine reference (the same work every run, for comparing runs on different days): Node ${reference.nodeJsonRoundTripMicros.toFixed(2)} µs `
    + `a JSON round trip of a 1 KB row, PostgreSQL ${reference.postgresJsonbRowMicros.toFixed(2)} µs a jsonb row`;
}

function nodeRound(): number {
  let length = 0; // used, so that the work cannot be optimised away
  const started = performance.now();
  for (let i = 0; i < NODE_ROUND_TRIPS; i++) length += (JSON.parse(JSON.stringify({ ...SAMPLE_ROW, position: i })) as { summary: string }).summary.length;
  const micros = ((performance.now() - started) * 1000) / NODE_ROUND_TRIPS;
  if (length === 0) throw new Error('unreachable');
  return micros;
}

async function postgresRounds(pool: Pool, rounds: number): Promise<number[]> {
  const text = JSON.stringify(SAMPLE_ROW);
  const timings: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    // Each row's value differs (its position), so PostgreSQL cannot parse the document once for all rows.
    await pool.query(
      `SELECT sum(length((jsonb_set($1::jsonb, '{position}', to_jsonb(g))::text)::jsonb ->> 'summary')) FROM generate_series(1, $2::int) AS g`,
      [text, POSTGRES_ROWS],
    );
    timings.push(((performance.now() - started) * 1000) / POSTGRES_ROWS);
  }
  return timings;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
