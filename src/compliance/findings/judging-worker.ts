import { workerData } from 'node:worker_threads';
import { serveInThread } from '../../common/serve-in-thread';
import type { PolicyProfile, ProfileSchedule } from '../profile/policy-profile';
import { RULES } from '../rules/rule-catalogue';
import { judgeChildRows, type ChildrenRows } from './judge-children';

/*
 * A judging thread of the compliance rebuild (see judging-threads.ts): it is handed the stored events
 * of some children as text, and hands back their findings written out for the insert.
 */
const { ruleIds, profile } = workerData as { ruleIds: string[]; profile: PolicyProfile | ProfileSchedule };
const rules = ruleIds.map((id) => RULES.find((rule) => rule.id === id)!);

serveInThread((rows: ChildrenRows) => judgeChildRows(rows, rules, profile));
