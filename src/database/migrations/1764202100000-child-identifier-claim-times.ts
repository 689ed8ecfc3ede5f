import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When each identifier was claimed (issue 9). With the events in KurrentDB, registering a child
 * claims its identifiers in PostgreSQL first and writes `ChildRegistered` after, in two systems: a
 * crash in between leaves a claim for a child with no record. A later registration takes such a
 * claim over once it is old enough not to be a registration still in flight (ADR 0017).
 */
export class ChildIdentifierClaimTimes1764202100000 implements MigrationInterface {
  readonly name = 'ChildIdentifierClaimTimes1764202100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE child_identifiers ADD COLUMN claimed_at timestamptz NOT NULL DEFAULT now()');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE child_identifiers DROP COLUMN claimed_at');
  }
}
