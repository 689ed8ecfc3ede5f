import { workerData } from 'node:worker_threads';
import { serveInThread } from '../../common/serve-in-thread';
import type { PolicyProfile, ProfileSchedule } from '../profile/policy-profile';
import { RULES } from '../rules/rule-catalogue';
import { LiveJudge } from './live-judge';
import type { LiveJudgingRequest } from './live-judging';

/*
 * The live compliance judging thread (see live-judging.ts): it holds the children's histories and
 * judges each batch it is handed; the projection, in the service's thread, reads and writes.
 */
const { ruleIds, profile } = workerData as { ruleIds: string[]; profile: PolicyProfile | ProfileSchedule };
const judge = new LiveJudge(ruleIds.map((id) => RULES.find((rule) => rule.id === id)!), profile);

serveInThread<LiveJudgingRequest, unknown>((request) => {
  if (request.kind === 'missing') return judge.missing(request.table, request.children);
  if (request.kind === 'judge') return judge.judge(request.step);
  judge.forget(request.table, request.children);
  return null;
});
