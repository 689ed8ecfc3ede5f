import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { ProjectionStatus } from './runner/projection-status';

/**
 * The Prometheus registry behind GET /metrics: process metrics, and each projection's lag read
 * from the database at scrape time (so every instance reports the same figures).
 */
export function createMetricsRegistry(readStatuses: () => Promise<ProjectionStatus[]>): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  let pending: Promise<ProjectionStatus[]> | undefined;
  // One database read per scrape, shared by the gauges below.
  const statuses = () => (pending ??= readStatuses().finally(() => setImmediate(() => { pending = undefined; })));
  const gauge = (name: string, help: string, value: (status: ProjectionStatus) => number) => new Gauge({
    name, help, labelNames: ['projection'], registers: [registry],
    async collect() {
      for (const status of await statuses()) this.set({ projection: status.name }, value(status));
    },
  });
  gauge('ledger_projection_lag_events', 'Head position of the ledger minus the projection checkpoint position', (status) => status.lagEvents);
  gauge('ledger_projection_lag_seconds', 'How long the oldest event the projection has not applied has waited', (status) => status.lagSeconds);
  gauge('ledger_projection_parked', '1 when the projection is parked at an event it cannot apply', (status) => (status.status === 'parked' ? 1 : 0));
  gauge('ledger_projection_events_handled', 'Events the projection has applied since it was last rebuilt', (status) => status.eventsHandled);
  return registry;
}
