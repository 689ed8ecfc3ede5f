import { parentPort, workerData } from 'node:worker_threads';
import type { PolicyProfile, ProfileSchedule } from '../profile/policy-profile';
import { RULES } from '../rules/rule-catalogue';
import { judgeChildRows, type ChildrenRows } from './judge-children';

/*
 * A judging thread of the compliance rebuild (see judging-threads.ts): it is handed the stored events
 * of some children as text, and hands back their findings written out for the insert. Nothing here
 * touches the database or logs: an error goes back as its message alone.
 */
const { ruleIds, profile } = workerData as { ruleIds: string[]; profile: PolicyProfile | ProfileSchedule };
const rules = ruleIds.map((id) => RULES.find((rule) => rule.id === id)!);

parentPort!.on('message', ({ rows }: { rows: ChildrenRows }) => {
  try {
    parentPort!.postMessage({ judged: judgeChildRows(rows, rules, profile) });
  } catch (error) {
    parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
