import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The compliance projection's tables (rebuildable from the ledger like every read model). */
export class CreateCompliance1764201900000 implements MigrationInterface {
  readonly name = 'CreateCompliance1764201900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      -- Each child's events as the rules read them (the projection's own copy: it never reads the ledger inside its transaction).
      CREATE TABLE compliance_events (
        event_id  uuid PRIMARY KEY,
        child_id  uuid NOT NULL,
        revision  bigint NOT NULL,
        event     jsonb NOT NULL
      );
      CREATE INDEX compliance_events_child ON compliance_events (child_id, revision);
      CREATE TABLE compliance_households (
        child_id      uuid PRIMARY KEY,
        household_id  text NOT NULL
      );
      CREATE INDEX compliance_households_household ON compliance_households (household_id);
      -- Findings as judged when the child's history last changed; "open" past its due date reads as breached.
      CREATE TABLE compliance_findings (
        id           uuid PRIMARY KEY,
        rule         text NOT NULL,
        child_id     uuid NOT NULL,
        agency_id    text NOT NULL,
        status       text NOT NULL,
        due_at       date NOT NULL,
        breached_at  date,
        met_at       date,
        -- SHA-256 of the finding as judged: a re-judged child rewrites only the findings that changed.
        digest       text NOT NULL,
        finding      jsonb NOT NULL
      );
      CREATE INDEX compliance_findings_child ON compliance_findings (child_id, rule);
      CREATE INDEX compliance_findings_report ON compliance_findings (due_at, rule, agency_id);
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE compliance_findings, compliance_households, compliance_events');
  }
}
