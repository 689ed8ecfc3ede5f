import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { Pool } from 'pg';
import { generateAndImport } from '../generate/generate-and-import';
import { call, json, startService, stopService, summary } from '../projections/bench-service';
import { samplePeakRss } from '../process-memory';
import { withScratchDatabase } from '../scratch-database';

/*
 * Scale benchmark (issue 10): the generated partnership (bench/generate: 1,000,000 events over 20,000
 * children and 40 agencies) loaded through the import path into a scratch database of a real
 * PostgreSQL server; then every read model rebuilt (`ledger rebuild all`: chronology, case state and
 * the full compliance evaluation), memory sampled; then the service started on it, and chronology
 * pages and the compliance report timed over HTTP.
 * Usage: DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npm run bench:scale
 * (BENCH_EVENTS and BENCH_CHILDREN for a smaller run.)
 */
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const CHILDREN = Number(process.env.BENCH_CHILDREN ?? 20_000);
const PAGE_REQUESTS = Number(process.env.BENCH_PAGES ?? 2_000);
const ADMIN_KEY = randomBytes(24).toString('hex');
/** As `npm run ledger` runs the CLI: a heap cap, so that the garbage of a long rebuild is collected rather than kept (docs/benchmarks.md). */
const CLI_NODE_FLAGS = ['--max-old-space-size=256'];

async function rebuildAll(url: string): Promise<{ output: string; seconds: number; peakRssMb: number }> {
  const started = Date.now();
  const cli = spawn(process.execPath, [...CLI_NODE_FLAGS, resolve('dist/src/cli/main.js'), 'rebuild', 'all', '--no-progress'], { env: { PATH: process.env.PATH, DATABASE_URL: url }, stdio: ['ignore', 'pipe', 'inherit'] });
  const memory = samplePeakRss(cli.pid!);
  let output = '';
  cli.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((done) => cli.once('exit', done));
  const peakRssMb = memory.stop();
  if (code !== 0) throw new Error(`rebuild exited with ${code}: ${output}`);
  return { output: output.trim(), seconds: (Date.now() - started) / 1000, peakRssMb };
}

async function main(): Promise<void> {
  await withScratchDatabase('scale', async (url) => {
    const loaded = await generateAndImport(url, { children: CHILDREN, events: EVENTS, progress: false });
    console.log(`Loaded: ${CHILDREN} children registered in ${loaded.registerSeconds.toFixed(0)} s; ${EVENTS} import lines written in ${loaded.writeSeconds.toFixed(0)} s; imported in ${loaded.importSeconds.toFixed(0)} s (${Math.round(EVENTS / loaded.importSeconds)} events/s), CLI peak RSS ${loaded.importPeakRssMb.toFixed(0)} MB`);
    console.log(`  ${loaded.importOutput}`);

    const rebuilt = await rebuildAll(url);
    console.log(`Rebuild of every read model: ${rebuilt.seconds.toFixed(0)} s, CLI peak RSS ${rebuilt.peakRssMb.toFixed(0)} MB`);
    for (const line of rebuilt.output.split('\n')) console.log(`  ${line}`);

    const service = await startService(url, ADMIN_KEY, { RUN_PROJECTIONS: 'true' });
    const serviceMemory = samplePeakRss(service.process.pid!);
    try {
      const pool = new Pool({ connectionString: url, max: 2 });
      const { rows: biggest } = await pool.query<{ child_id: string; events: string }>(
        `SELECT substr(stream_id, 7) AS child_id, revision + 1 AS events FROM ledger_streams WHERE stream_id LIKE 'child-%' ORDER BY revision DESC LIMIT 1`);
      const { rows: sample } = await pool.query<{ child_id: string }>(`SELECT substr(stream_id, 7) AS child_id FROM ledger_streams WHERE stream_id LIKE 'child-%' ORDER BY md5(stream_id) LIMIT 500`);
      await pool.end();
      const admin = { Authorization: `Bearer ${ADMIN_KEY}` };
      const reviewer = await json('POST', `${service.base}/v1/principals`, admin, { role: 'reviewer', name: 'Scale reviewer' });
      const auditor = await json('POST', `${service.base}/v1/principals`, admin, { role: 'auditor', name: 'Scale auditor' });
      const childIds = [biggest[0].child_id, ...sample.map((row) => row.child_id)];
      await json('POST', `${service.base}/v1/reviews`, admin, { reviewerId: reviewer.id, childIds, purpose: 'scale benchmark', expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
      const asReviewer = { Authorization: `Bearer ${reviewer.apiKey as string}`, 'X-Purpose': 'scale benchmark' };
      const asAuditor = { Authorization: `Bearer ${auditor.apiKey as string}`, 'X-Purpose': 'scale benchmark' };

      // First pages of the sampled children (default page size), one request at a time, after a warm-up pass.
      const page = (childId: string, cursor?: string) => call('GET', `${service.base}/v1/children/${childId}/chronology${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`, asReviewer);
      for (const childId of childIds) await page(childId);
      const firstPages: number[] = [];
      for (let i = 0; i < PAGE_REQUESTS; i++) {
        const response = await page(childIds[1 + (i % (childIds.length - 1))]);
        if (response.status !== 200) throw new Error(`chronology: ${response.status} ${response.body.toString().slice(0, 200)}`);
        firstPages.push(response.ms);
      }
      // Every page of the child with the most history, through its cursors, several times.
      const deepPages: number[] = [];
      for (let round = 0; round < 5; round++) {
        let cursor: string | undefined;
        do {
          const response = await page(childIds[0], cursor);
          if (response.status !== 200) throw new Error(`chronology: ${response.status}`);
          deepPages.push(response.ms);
          cursor = (JSON.parse(response.body.toString()) as { nextCursor?: string }).nextCursor;
        } while (cursor);
      }
      const reports: number[] = [];
      for (let i = 0; i < 20; i++) {
        const response = await call('GET', `${service.base}/v1/compliance/report?from=2016-01-01&to=2026-11-30`, asAuditor);
        if (response.status !== 200) throw new Error(`report: ${response.status} ${response.body.toString().slice(0, 200)}`);
        reports.push(response.ms);
      }
      const row = (name: string, figures: number[]) => {
        const s = summary(figures);
        console.log(`| ${name} | ${s.n} | ${s.p50.toFixed(1)} | ${s.p95.toFixed(1)} | ${s.p99.toFixed(1)} | ${s.max.toFixed(1)} |`);
      };
      console.log(`\n| read (HTTP, one at a time) | requests | p50 ms | p95 ms | p99 ms | max ms |`);
      console.log(`|---|---:|---:|---:|---:|---:|`);
      row(`chronology first page, ${childIds.length - 1} children`, firstPages);
      row(`chronology, every page of the child with ${biggest[0].events} events`, deepPages);
      row('compliance report, 2016-2026, all agencies and rules', reports);
      console.log(`\nService peak RSS while serving these: ${serviceMemory.stop().toFixed(0)} MB`);
    } finally {
      await stopService(service);
    }
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
