import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openTestLedger, type TestLedger } from '../../../test/setup/test-ledger';

/*
 * How `ledger_append` (and `ledger_append_telling_marks`, which calls it) plan their statements (CreateLedger, LedgerAppendGenericPlans and
 * docs/adr/0021-appends-reuse-their-plans.md): a plan cached while the ledger was small must never
 * scan a table, and no call may pay for planning again.
 */
describe('The plans of ledger_append', () => {
  let ledger: TestLedger;

  beforeAll(async () => {
    ledger = await openTestLedger(2);
  });
  afterAll(() => ledger.close());

  it('given the migrated ledger, then the append function and the one that calls it forbid sequential scans and keep one general plan per statement', async () => {
    const { rows } = await ledger.database.pool.query<{ name: string; settings: string[] }>(
      "SELECT proname AS name, proconfig AS settings FROM pg_proc WHERE proname IN ('ledger_append', 'ledger_append_telling_marks') ORDER BY proname",
    );
    expect(rows.map((row) => row.name)).toEqual(['ledger_append', 'ledger_append_telling_marks']);
    for (const row of rows) expect(row.settings).toEqual(expect.arrayContaining(['enable_seqscan=off', 'plan_cache_mode=force_generic_plan']));
  });
});
