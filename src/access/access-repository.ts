import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { inTransaction } from '../database/in-transaction';
import { AgencyAlreadyExistsError } from './access-errors';
import type { IssuedKey } from './api-key-codec';
import type { Principal, Role } from './principal';

export interface StoredKey {
  principal: Principal;
  secretHmac: Buffer;
  revoked: boolean;
  /** After a rotation, when this (old) key stops working. */
  expiresAt: Date | null;
}

/** A key as the administrator sees it: never its secret. */
export interface KeySummary {
  keyId: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

/** Agencies, principals and keys, in plain SQL (migration CreateAccess). */
export class AccessRepository {
  constructor(private readonly pool: Pool) {}

  async createAgency(agency: { id: string; name: string; kind: string; canImport: boolean }, key: IssuedKey): Promise<string> {
    return inTransaction(this.pool, async (client) => {
      const inserted = await client.query(
        'INSERT INTO agencies (id, name, kind, can_import) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING',
        [agency.id, agency.name, agency.kind, agency.canImport],
      );
      if (inserted.rowCount === 0) throw new AgencyAlreadyExistsError(agency.id);
      return this.insertPrincipal(client, 'agency', agency.name, agency.id, key);
    });
  }

  async createPrincipal(role: Extract<Role, 'reviewer' | 'auditor'>, name: string, key: IssuedKey): Promise<string> {
    return inTransaction(this.pool, (client) => this.insertPrincipal(client, role, name, null, key));
  }

  async findKey(keyId: string): Promise<StoredKey | undefined> {
    const { rows } = await this.pool.query<{ principal_id: string; role: Role; name: string; agency_id: string | null; secret_hmac: Buffer; revoked: boolean; expires_at: Date | null }>(
      `SELECT p.id AS principal_id, p.role, p.name, p.agency_id, k.secret_hmac, k.revoked_at IS NOT NULL AS revoked, k.expires_at
         FROM api_keys k JOIN principals p ON p.id = k.principal_id WHERE k.id = $1`,
      [keyId],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      principal: { id: row.principal_id, role: row.role, name: row.name, ...(row.agency_id ? { agencyId: row.agency_id } : {}) },
      secretHmac: row.secret_hmac,
      revoked: row.revoked,
      expiresAt: row.expires_at,
    };
  }

  /**
   * The principal's id, given its id or, for an agency, the agency's id (the administrator knows
   * agencies by their ids); undefined when there is none.
   */
  async principalId(idOrAgency: string): Promise<string | undefined> {
    const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrAgency);
    const { rows } = await this.pool.query<{ id: string }>(
      isUuid ? 'SELECT id FROM principals WHERE id = $1::uuid' : 'SELECT id FROM principals WHERE agency_id = $1 ORDER BY created_at LIMIT 1', [idOrAgency],
    );
    return rows[0]?.id;
  }

  /** A new key; the principal's other live keys keep working until `graceUntil` (or their own earlier expiry). */
  async rotateKey(principalId: string, key: IssuedKey, graceUntil: Date): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      await client.query(
        `UPDATE api_keys SET expires_at = $2 WHERE principal_id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)`,
        [principalId, graceUntil],
      );
      await client.query('INSERT INTO api_keys (id, principal_id, secret_hmac) VALUES ($1, $2, $3)', [key.keyId, principalId, key.secretHmac]);
    });
  }

  /** Revokes one key now; false when the principal has no such key. */
  async revokeKey(principalId: string, keyId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1::uuid AND principal_id = $2', [keyId, principalId],
    );
    return (rowCount ?? 0) > 0;
  }

  async listKeys(principalId: string): Promise<KeySummary[]> {
    const { rows } = await this.pool.query<{ id: string; created_at: Date; last_used_at: Date | null; expires_at: Date | null; revoked_at: Date | null }>(
      'SELECT id, created_at, last_used_at, expires_at, revoked_at FROM api_keys WHERE principal_id = $1 ORDER BY created_at', [principalId],
    );
    return rows.map((row) => ({ keyId: row.id, createdAt: row.created_at, lastUsedAt: row.last_used_at, expiresAt: row.expires_at, revokedAt: row.revoked_at }));
  }

  async roleOf(principalId: string): Promise<Role | undefined> {
    const { rows } = await this.pool.query<{ role: Role }>('SELECT role FROM principals WHERE id = $1', [principalId]);
    return rows[0]?.role;
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
}
