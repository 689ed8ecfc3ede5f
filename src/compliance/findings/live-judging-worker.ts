import { workerData } from 'node:worker_threads';
import { Client, type ClientConfig } from 'pg';
import { serveInThread } from '../../common/serve-in-thread';
import { giveWayToForeground } from '../../projections/runner/foreground-work';
import { RULES } from '../rules/rule-catalogue';
import { readMissingHistories } from './child-histories';
import type { EventRows } from './compliance-tables';
import { LiveJudge } from './live-judge';
import type { LiveJudgingRequest, LiveJudgingThreadData } from './live-judging';

/*
 * The live compliance judging thread (see live-judging.ts): it holds the children's histories and
 * judges each batch it is handed; the projection, in the service's thread, writes. On a database
 * server it also reads the histories it lacks, on a connection of its own (ADR 0026).
 */
const { ruleIds, profile, server } = workerData as LiveJudgingThreadData;
const judge = new LiveJudge(ruleIds.map((id) => RULES.find((rule) => rule.id === id)!), profile);
/**
 * Waits while the chronology or the case state steps: before each read and between two children (a
 * millisecond or two of judging each). At most a second at a time, so judging always moves on, and
 * at most 10 s a batch: the batch's transaction waits, idle, meanwhile, and PostgreSQL ends a
 * transaction idle for longer than IDLE_IN_TRANSACTION_TIMEOUT_MS (60 s by default).
 */
function givingWay(foreground: SharedArrayBuffer): () => void {
  let left = 10_000;
  return () => {
    if (left <= 0) return;
    const started = Date.now();
    giveWayToForeground(foreground, Math.min(1000, left));
    left -= Date.now() - started;
  };
}

serveInThread<LiveJudgingRequest, unknown>(async (request) => {
  if (request.kind === 'missing') return judge.missing(request.table, request.children);
  if (request.kind === 'forget') {
    judge.forget(request.table, request.children);
    return null;
  }
  const giveWay = server && givingWay(server.foreground);
  const between = giveWay && { everyChildren: 1, pause: giveWay };
  if (request.rows) return judge.judge({ ...request.request, rows: request.rows }, between);
  if (!server || !giveWay) throw new Error('no rows to judge, and no connection to read them on');
  const connection = await connected(server.connection);
  return judge.readAndJudge(request.request, (missing) => readInParts(connection, request.request.table, missing, giveWay), between);
});

/** Children whose histories are read in one query: after a start a step lacks hundreds, and one query for all of them kept PostgreSQL busy for 150 ms or more. */
const CHILDREN_PER_READ = 50;

/** The histories, read a few children at a time, giving way before each read as between children. */
async function readInParts(connection: Client, table: string, missing: readonly string[], giveWay: () => void): Promise<EventRows> {
  const rows: EventRows = { childIds: [], events: [] };
  for (let start = 0; start < missing.length; start += CHILDREN_PER_READ) {
    giveWay();
    const part = await readMissingHistories(connection, table, missing.slice(start, start + CHILDREN_PER_READ));
    for (const [index, childId] of part.childIds.entries()) {
      rows.childIds.push(childId);
      rows.events.push(part.events[index]);
    }
  }
  return rows;
}

/**
 * The thread's one connection, opened at its first read. Outside the projection's transaction, which
 * is safe: only the projection writes its events table, and what it wrote before this batch has
 * committed. A connection that fails is dropped; the batch fails (the runner tries again) and the
 * next read opens another.
 */
let client: Promise<Client> | undefined;
function connected(config: ClientConfig): Promise<Client> {
  if (!client) {
    const fresh = new Client(config);
    fresh.on('error', () => { client = undefined; });
    client = fresh.connect().then(() => fresh, (error: unknown) => {
      client = undefined;
      throw error;
    });
  }
  return client;
}
