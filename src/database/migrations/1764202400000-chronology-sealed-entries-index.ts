import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The sealed rows of a child's chronology, for an agency reading it: those another agency sealed are
 * named to it in no row (API.md "Roles"). Found through the child's whole-chronology index, every
 * page read by an agency read all the child's rows (thousands for a child known for years); this
 * partial index holds the sealed rows only, a handful per child.
 */
export class ChronologySealedEntriesIndex1764202400000 implements MigrationInterface {
  readonly name = 'ChronologySealedEntriesIndex1764202400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX chronology_entries_sealed ON chronology_entries (child_id) WHERE sensitivity = 'sealed'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX chronology_entries_sealed');
  }
}
