import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { AgencyAlreadyExistsError } from './access-errors';
import type { IssuedKey } from './api-key-codec';
import type { Principal, Role } from './principal';

export interface StoredKey {
  principal: Principal;
  secretHmac: Buffer;
  revoked: boolean;
}

/** Agencies, principals and keys, in plain SQL (migration CreateAccess). */
export class AccessRepository {
  constructor(private readonly pool: Pool) {}

  async createAgency(agency: { id: string; name: string; kind: string; canImport: boolean }, key: IssuedKey): Promise<string> {
    return this.inTransaction(async (client) => {
      const inserted = await client.query(
        'INSERT INTO agencies (id, name, kind, can_import) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING',
        [agency.id, agency.name, agency.kind, agency.canImport],
      );
      if (inserted.rowCount === 0) throw new AgencyAlreadyExistsError(agency.id);
      return this.insertPrincipal(client, 'agency', agency.name, agency.id, key);
    });
  }

  async createPrincipal(role: Extract<Role, 'reviewer' | 'auditor'>, name: string, key: IssuedKey): Promise<string> {
    return this.inTransaction((client) => this.insertPrincipal(client, role, name, null, key));
  }

  async findKey(keyId: string): Promise<StoredKey | undefined> {
    const { rows } = await this.pool.query<{ principal_id: string; role: Role; name: string; agency_id: string | null; secret_hmac: Buffer; revoked: boolean }>(
      `SELECT p.id AS principal_id, p.role, p.name, p.agency_id, k.secret_hmac, k.revoked_at IS NOT NULL AS revoked
         FROM api_keys k JOIN principals p ON p.id = k.principal_id WHERE k.id = $1`,
      [keyId],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      principal: { id: row.principal_id, role: row.role, name: row.name, ...(row.agency_id ? { agencyId: row.agency_id } : {}) },
      secretHmac: row.secret_hmac,
      revoked: row.revoked,
    };
  }

  /** Records when a key was last used, at most once a minute per key (it is read on every request). */
  async touch(keyId: string): Promise<void> {
    await this.pool.query(
      `UPDATE api_keys SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [keyId],
    );
  }

  async mayImport(agencyId: string): Promise<boolean> {
    const { rows } = await this.pool.query<{ can_import: boolean }>('SELECT can_import FROM agencies WHERE id = $1', [agencyId]);
    return rows[0]?.can_import === true;
  }

  async agencyExists(agencyId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM agencies WHERE id = $1', [agencyId]);
    return (rowCount ?? 0) > 0;
  }

  private async insertPrincipal(client: PoolClient, role: Role, name: string, agencyId: string | null, key: IssuedKey): Promise<string> {
    const principalId = randomUUID();
    await client.query('INSERT INTO principals (id, role, name, agency_id) VALUES ($1, $2, $3, $4)', [principalId, role, name, agencyId]);
    await client.query('INSERT INTO api_keys (id, principal_id, secret_hmac) VALUES ($1, $2, $3)', [key.keyId, principalId, key.secretHmac]);
    return principalId;
  }

  private async inTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
