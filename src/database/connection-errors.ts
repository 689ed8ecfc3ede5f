import { LedgerUnavailableError } from '../ledger/ledger-errors';

/** Connection-level failures become LEDGER.UNAVAILABLE so callers can answer 503; anything else is a bug. */
export function translateConnectionError(error: unknown): unknown {
  const code = (error as { code?: string }).code ?? '';
  const message = error instanceof Error ? error.message : String(error);
  const connectionLost = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '53300', '08000', '08003', '08006']
    .includes(code) || /Connection terminated|timeout exceeded when trying to connect/i.test(message);
  return connectionLost ? new LedgerUnavailableError('The database is not available') : error;
}
