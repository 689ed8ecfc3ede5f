import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `ledger_append` keeps one plan per statement for good (docs/adr/0021-appends-reuse-their-plans.md).
 * PL/pgSQL otherwise goes on planning a statement afresh on every call whenever the general plan looks
 * costlier than the ones made for the first calls' values, which for these array-driven statements it
 * always did: a fifth of PostgreSQL's time for a one-event append went to planning. Every statement
 * in the function is a lookup by a unique key or an insert, so the general plan is the right one for
 * every call (with sequential scans off, see CreateLedger).
 */
export class LedgerAppendGenericPlans1764202200000 implements MigrationInterface {
  readonly name = 'LedgerAppendGenericPlans1764202200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER FUNCTION ledger_append SET plan_cache_mode = force_generic_plan');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER FUNCTION ledger_append RESET plan_cache_mode');
  }
}
