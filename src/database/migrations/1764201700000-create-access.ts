import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Agencies, principals and their API keys. Keys are stored only as an HMAC-SHA-256 of their secret
 * part with the server's key secret; the key id in front of the secret finds the row.
 */
export class CreateAccess1764201700000 implements MigrationInterface {
  readonly name = 'CreateAccess1764201700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE agencies (
        id          text PRIMARY KEY,
        name        text NOT NULL,
        kind        text NOT NULL,
        can_import  boolean NOT NULL DEFAULT false,
        created_at  timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE principals (
        id          uuid PRIMARY KEY,
        role        text NOT NULL CHECK (role IN ('agency', 'reviewer', 'auditor')),
        name        text NOT NULL,
        agency_id   text REFERENCES agencies (id),
        created_at  timestamptz NOT NULL DEFAULT now(),
        CHECK ((role = 'agency') = (agency_id IS NOT NULL))
      );
      CREATE TABLE api_keys (
        id            uuid PRIMARY KEY,
        principal_id  uuid NOT NULL REFERENCES principals (id),
        secret_hmac   bytea NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        revoked_at    timestamptz,
        last_used_at  timestamptz
      );
      CREATE INDEX api_keys_principal ON api_keys (principal_id);
      -- One registration per NHS number or agency-local id: the second gets 409 and the first child's id.
      CREATE TABLE child_identifiers (
        kind      text NOT NULL,
        value     text NOT NULL,
        child_id  uuid NOT NULL,
        PRIMARY KEY (kind, value)
      );
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE child_identifiers, api_keys, principals, agencies');
  }
}
