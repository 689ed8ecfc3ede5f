import type { Pool, PoolClient } from 'pg';
import { LedgerUnavailableError } from '../ledger/ledger-errors';

/** Connection-level failures become LEDGER.UNAVAILABLE so callers can answer 503; anything else is a bug. */
export function translateConnectionError(error: unknown): unknown {
  const code = (error as { code?: string }).code ?? '';
  const message = error instanceof Error ? error.message : String(error);
  const connectionLost = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '53300', '08000', '08003', '08006']
    .includes(code) || /Connection terminated|timeout exceeded when trying to connect|is not queryable/i.test(message);
  return connectionLost ? new LedgerUnavailableError('The database is not available') : error;
}

const guarded = new WeakSet<PoolClient>();

/**
 * pg-pool listens for a client's connection errors only while the client is idle. A client checked
 * out and between two queries when the server goes away (a restart, a failover) emits an `error`
 * nobody hears, and Node ends the process. Every client of the pool gets a listener of its own: the
 * failure then reaches the next query as an error (503), and the pool drops the broken client when
 * it is released. Found by the database-outage suite (test/reliability/).
 */
export function surviveLostConnections(pool: Pool): Pool {
  pool.on('acquire', (client) => {
    if (guarded.has(client)) return;
    guarded.add(client);
    client.on('error', () => undefined);
  });
  return pool;
}
