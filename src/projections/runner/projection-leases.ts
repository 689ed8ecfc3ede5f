import { Client, type ClientConfig } from 'pg';

/** Any fixed number, the same in every instance: the first half of each projection's advisory-lock key. */
const LEASE_LOCK_CLASS = 7_271_002;

/**
 * One active runner per projection across every instance of the service. The lease is a session
 * advisory lock on a connection of its own: it is held while that connection lives and released by
 * PostgreSQL the moment the holder dies or loses its connection, so another instance takes over.
 * The `projection_leases` row only says who holds it, for operators. Correctness does not rest on the
 * lease (the checkpoint's compare-and-set does that); the lease keeps the others from wasting work.
 */
export class ProjectionLeases {
  private client: Client | undefined;
  private readonly held = new Set<string>();
  /** The runners of every projection share this connection: their queries take turns on it. */
  private turn: Promise<unknown> = Promise.resolve();

  constructor(private readonly clientConfig: ClientConfig, readonly owner: string) {}

  /** True when this instance holds the lease for `name` (taking it if it is free). */
  async holdOrAcquire(name: string): Promise<boolean> {
    if (this.held.has(name)) return true;
    return this.inTurn(() => this.acquire(name));
  }

  private async acquire(name: string): Promise<boolean> {
    if (this.held.has(name)) return true;
    const client = await this.connection();
    try {
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked', [LEASE_LOCK_CLASS, name]);
      if (!rows[0].locked) return false;
      this.held.add(name);
      await client.query(
        `INSERT INTO projection_leases (projection, owner, acquired_at, renewed_at) VALUES ($1, $2, now(), now())
         ON CONFLICT (projection) DO UPDATE SET owner = excluded.owner, acquired_at = now(), renewed_at = now()`,
        [name, this.owner],
      );
      return true;
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  holds(name: string): boolean {
    return this.held.has(name);
  }

  /** Proves the lease connection is alive and stamps `renewed_at`; a dead connection has lost every lease. */
  async renew(): Promise<void> {
    if (!this.client || this.held.size === 0) return;
    const client = this.client;
    try {
      await this.inTurn(() => client.query('UPDATE projection_leases SET renewed_at = now() WHERE owner = $1 AND projection = ANY($2)', [this.owner, [...this.held]]));
    } catch {
      this.lost();
    }
  }

  async release(name: string): Promise<void> {
    if (!this.held.delete(name) || !this.client) return;
    const client = this.client;
    await this.inTurn(() => client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LEASE_LOCK_CLASS, name])).catch(() => undefined);
  }

  async close(): Promise<void> {
    const client = this.client;
    this.lost();
    await client?.end().catch(() => undefined);
  }

  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const result = this.turn.then(work, work);
    this.turn = result.catch(() => undefined);
    return result;
  }

  private async connection(): Promise<Client> {
    if (this.client) return this.client;
    const client = new Client(this.clientConfig);
    client.on('error', () => this.lost()); // the server went away: PostgreSQL has released our locks
    await client.connect();
    this.client = client;
    return client;
  }

  private lost(): void {
    this.held.clear();
    this.client = undefined;
  }
}
