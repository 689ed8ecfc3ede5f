import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reviewers' read models and the projection runner's bookkeeping. Every table here can be
 * dropped and rebuilt from the ledger (`ledger rebuild <projection>`); none is a record in itself.
 * Entities: the `*.entity.ts` files under src/projections (a test checks they match this schema).
 */
export class CreateReadModels1764201800000 implements MigrationInterface {
  readonly name = 'CreateReadModels1764201800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      -- Where each projection has got to in the ledger's global order. Written in the same
      -- transaction as the read-model changes (compare-and-set), so an event has exactly one effect.
      CREATE TABLE projection_checkpoints (
        projection         text PRIMARY KEY,
        checkpoint         text,
        position           bigint NOT NULL DEFAULT 0,
        events_handled     bigint NOT NULL DEFAULT 0,
        version            integer NOT NULL DEFAULT 1,
        parked_event_id    uuid,
        parked_checkpoint  text,
        parked_position    bigint,
        parked_error       text,
        parked_at          timestamptz,
        updated_at         timestamptz NOT NULL DEFAULT now()
      );
      -- Who runs each projection now (the advisory lock is the lease; this row says who holds it).
      CREATE TABLE projection_leases (
        projection   text PRIMARY KEY,
        owner        text NOT NULL,
        acquired_at  timestamptz NOT NULL,
        renewed_at   timestamptz NOT NULL
      );
      -- Events an operator chose to skip in a parked projection: kept, so the gap is never silent.
      CREATE TABLE projection_skips (
        projection  text NOT NULL,
        event_id    uuid NOT NULL,
        checkpoint  text NOT NULL,
        error       text NOT NULL,
        skipped_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (projection, event_id)
      );

      CREATE TABLE chronology_entries (
        event_id      uuid PRIMARY KEY,
        child_id      uuid NOT NULL,
        agency_id     text NOT NULL,
        type          text NOT NULL,
        sensitivity   text NOT NULL,
        occurred_sort timestamptz NOT NULL,
        recorded_at   timestamptz NOT NULL,
        position      bigint NOT NULL,
        entry         jsonb NOT NULL,
        data          jsonb
      );
      CREATE INDEX chronology_entries_child_order ON chronology_entries (child_id, occurred_sort, recorded_at, position);
      CREATE INDEX chronology_entries_agency_order ON chronology_entries (agency_id, occurred_sort, recorded_at, position);

      -- Agencies involved with a child (API.md "Roles"): they recorded an event about the child or
      -- were named as a referral's recipient, a recipient of shared information or an invited participant.
      CREATE TABLE child_involvements (
        child_id    uuid NOT NULL,
        agency_id   text NOT NULL,
        since       timestamptz NOT NULL,
        PRIMARY KEY (child_id, agency_id)
      );

      -- Records found to be the same child (DuplicateRecordsLinked): reads of either show both.
      CREATE TABLE child_links (
        child_id         uuid NOT NULL,
        linked_child_id  uuid NOT NULL,
        event_id         uuid NOT NULL,
        recorded_at      timestamptz NOT NULL,
        PRIMARY KEY (child_id, linked_child_id)
      );

      CREATE TABLE case_states (
        child_id    uuid PRIMARY KEY,
        revision    bigint NOT NULL,
        state       jsonb NOT NULL
      );
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE case_states, child_links, child_involvements, chronology_entries,
      projection_skips, projection_leases, projection_checkpoints`);
  }
}
