import type { PoolClient } from 'pg';

/**
 * Transactions of this process that never append to the ledger (the compliance projection's, while it
 * writes its findings), which readers of the global order need not wait for (ADR 0026).
 *
 * A reader sees only events of transactions older than every transaction still running, so that a
 * late commit is never skipped (`PostgresEventStore.readAll`). Every running transaction counts,
 * whatever it writes: the compliance projection's, a few hundred milliseconds of writing findings on a
 * busy machine, held back every event appended meanwhile from the chronology and the case state. A
 * transaction named here is left out of "still running"; that is safe because it cannot commit an
 * event. Another process's transactions are not known here, and are waited for as before.
 */
export class TransactionsNotAppending {
  private readonly ids = new Set<string>();

  /**
   * Names the transaction open on `transaction` (it takes its id now, if it had none) until the
   * function returned is called: once its writes are done, at the latest when it ends. (Unnamed
   * before it ends, it is waited for again meanwhile: safe, only slower.)
   */
  async name(transaction: Pick<PoolClient, 'query'>): Promise<() => void> {
    const { rows: [{ id }] } = await transaction.query<{ id: string }>('SELECT pg_current_xact_id()::text AS id');
    this.ids.add(id);
    return () => this.ids.delete(id);
  }

  /** The ids now (xid8, as text). */
  list(): string[] {
    return [...this.ids];
  }
}
