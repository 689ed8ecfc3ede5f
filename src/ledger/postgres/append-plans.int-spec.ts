import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openTestLedger, type TestLedger } from '../../../test/setup/test-ledger';

/*
 * How `ledger_append` plans its statements (CreateLedger, LedgerAppendGenericPlans and
 * docs/adr/0021-appends-reuse-their-plans.md): a plan cached while the ledger was small must never
 * scan a table, and no call may pay for planning again.
 */
describe('The plans of ledger_append', () => {
  let ledger: TestLedger;

  beforeAll(async () => {
    ledger = await openTestLedger(2);
  });
  afterAll(() => ledger.close());

  it('given the migrated ledger, then the append function forbids sequential scans and keeps one general plan per statement', async () => {
    const { rows } = await ledger.database.pool.query<{ settings: string[] }>(
      "SELECT proconfig AS settings FROM pg_proc WHERE proname = 'ledger_append'",
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].settings).toEqual(expect.arrayContaining(['enable_seqscan=off', 'plan_cache_mode=force_generic_plan']));
  });
});
