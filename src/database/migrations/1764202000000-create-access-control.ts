import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Need-to-know and traceability (issue 7): keys that expire after a rotation's grace period, review
 * assignments (a reviewer reads only the children assigned, for a purpose, until an expiry), and the
 * access log: every read of a child's record, append-only with the ledger's kind of immutability.
 */
export class CreateAccessControl1764202000000 implements MigrationInterface {
  readonly name = 'CreateAccessControl1764202000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      -- The few streams where an agency may not see every event: a sealed event, or a change of sensitivity.
      CREATE INDEX ledger_events_sealing_marks ON ledger_events (stream_id)
        WHERE metadata->>'sensitivity' = 'sealed' OR type = 'SensitivityChanged';

      -- Set on the old keys when a principal's key is rotated: they keep working until then.
      ALTER TABLE api_keys ADD COLUMN expires_at timestamptz;

      CREATE TABLE review_assignments (
        id           uuid PRIMARY KEY,
        reviewer_id  uuid NOT NULL REFERENCES principals (id),
        purpose      text NOT NULL,
        expires_at   timestamptz NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE review_assignment_children (
        assignment_id  uuid NOT NULL REFERENCES review_assignments (id),
        child_id       uuid NOT NULL,
        PRIMARY KEY (assignment_id, child_id)
      );
      CREATE INDEX review_assignment_children_child ON review_assignment_children (child_id);

      CREATE TABLE access_log (
        id            bigserial PRIMARY KEY,
        at            timestamptz NOT NULL DEFAULT now(),
        principal_id  text NOT NULL,
        role          text NOT NULL,
        agency_id     text,
        child_id      uuid,
        action        text NOT NULL,
        purpose       text,
        detail        jsonb NOT NULL DEFAULT '{}'
      );
      CREATE INDEX access_log_child ON access_log (child_id, id);

      CREATE FUNCTION access_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the access log is append-only: % refused', TG_OP USING ERRCODE = 'LDG09';
      END $$;
      CREATE TRIGGER access_log_no_update_or_delete BEFORE UPDATE OR DELETE ON access_log
        FOR EACH ROW EXECUTE FUNCTION access_log_refuse_change();
      CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log
        FOR EACH STATEMENT EXECUTE FUNCTION access_log_refuse_change();
      REVOKE UPDATE, DELETE, TRUNCATE ON access_log FROM PUBLIC;
    `);
  }

  async down(): Promise<void> {
    throw new Error('The access log is never dropped by a migration: it is the record of who read what.');
  }
}
