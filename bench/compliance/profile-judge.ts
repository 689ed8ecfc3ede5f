import { performance } from 'node:perf_hooks';
import { DEFAULT_PROFILE } from '../../src/compliance/profile/policy-profile';
import { RULES } from '../../src/compliance/rules/rule-catalogue';
import { evaluateChild, historyAsKnown } from '../../src/compliance/evaluate-child';
import type { EventStore, RecordedEvent } from '../../src/ledger/event-store.port';
import { InMemoryEventStore } from '../../src/ledger/memory/in-memory-event-store';
import { writeHistory } from '../projections/bench-history';

/* Times one child's judgement by history size, in memory (no database): where the compliance projection's CPU goes. */
async function main(): Promise<void> {
  const store: EventStore = new InMemoryEventStore();
  const { big, children } = await writeHistory(store, { children: 20, perChild: 100, bigChild: Number(process.env.SIZE ?? 5000), batch: 10, writers: 4 });
  for (const history of [children[0], big]) {
    const events: RecordedEvent[] = await store.readStream(history.streamId);
    const asOf = new Date(Math.max(...events.map((event) => event.recordedAt.getTime())));
    for (let round = 0; round < 3; round++) {
      const started = performance.now();
      const judged = historyAsKnown('c', events, asOf);
      const folded = performance.now();
      const findings = evaluateChild(judged, RULES, DEFAULT_PROFILE, asOf);
      const done = performance.now();
      const perRule = RULES.map((rule) => {
        const before = performance.now();
        rule.evaluate(judged, { asOf, today: asOf.toISOString().slice(0, 10), profile: DEFAULT_PROFILE });
        return [rule.id, performance.now() - before] as const;
      }).sort((a, b) => b[1] - a[1]).slice(0, 5);
      const byRule = new Map<string, number>();
      for (const finding of findings) byRule.set(finding.rule, (byRule.get(finding.rule) ?? 0) + 1);
      if (round === 2) console.log([...byRule].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([rule, count]) => `${rule}:${count}`).join(' '));
      console.log(`${events.length} events: fold ${(folded - started).toFixed(1)} ms, rules ${(done - folded).toFixed(1)} ms, ${findings.length} findings; slowest rules ${perRule.map(([id, ms]) => `${id} ${ms.toFixed(1)}`).join(', ')}`);
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
