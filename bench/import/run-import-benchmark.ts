import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { CliModule } from '../../src/cli/cli.module';
import { ChildRegistry } from '../../src/children/registration/child-registry';
import { AccessRepository } from '../../src/access/access-repository';
import { ApiKeyCodec } from '../../src/access/api-key-codec';
import { cpuNow } from '../projections/bench-service';
import { samplePeakRss } from '../process-memory';
import { withScratchDatabase } from '../scratch-database';

/*
 * Import benchmark (issue 4): EVENTS lines over CHILDREN children in an NDJSON file, imported by the
 * CLI (`node dist/src/cli/main.js import`) into a scratch database of a real server. Reports the
 * rate and the CLI's peak resident memory (sampled from /proc).
 * Usage: DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres BENCH_EVENTS=1000000 npm run bench:import
 * (BENCH_PROFILE=<directory>: a CPU profile of the CLI's import, written there)
 */
const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const CHILDREN = Number(process.env.BENCH_CHILDREN ?? 20_000);

async function main(): Promise<void> {
  await withScratchDatabase('import', async (url) => {
    const folder = mkdtempSync(join(tmpdir(), 'ledger-import-bench-'));
    try {
      process.env.DATABASE_URL = url;
      process.env.LOG_LEVEL = 'warn';
      const context = await NestFactory.createApplicationContext(CliModule, { logger: ['error'] });
      const registry = context.get(ChildRegistry);
      await context.get(AccessRepository).createAgency({ id: 'health-bench', name: 'HV', kind: 'health', canImport: true }, new ApiKeyCodec(Buffer.alloc(32)).issue());
      const children: string[] = [];
      for (let i = 0; i < CHILDREN; i++) children.push((await registry.register({ dateOfBirth: '2014-01-01' }, { agencyId: 'health-bench', sensitivity: 'normal' })).childId);
      await context.close();

      const file = join(folder, 'history.ndjson');
      const out = createWriteStream(file);
      for (let i = 0; i < EVENTS; i++) {
        const line = JSON.stringify({
          childId: children[i % CHILDREN], agencyId: 'health-bench', eventId: randomUUID(), type: 'AppointmentMissed',
          occurredAt: '2015-05-05', recordedAt: '2015-05-06T10:00:00Z',
          data: { service: 'community paediatrics', appointmentKind: 'developmental review', wasNotBrought: true, followUp: 'Health visitor to call mother.' },
        });
        if (!out.write(`${line}\n`)) await new Promise<void>((done) => out.once('drain', () => done()));
      }
      await new Promise<void>((done) => out.end(() => done()));

      const started = Date.now();
      // BENCH_PROFILE=<directory>: the CLI writes a CPU profile of its main thread there.
      const profiling = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${resolve(process.env.BENCH_PROFILE)}`] : [];
      // BENCH_CLI_NODE_FLAGS: more flags for the CLI's node (for trying a setting before `npm run ledger` takes it).
      const flags = (process.env.BENCH_CLI_NODE_FLAGS ?? '').split(' ').filter(Boolean);
      const cli = spawn(process.execPath, [`--max-old-space-size=${process.env.BENCH_CLI_HEAP_MB ?? 256}` /* as `npm run ledger` runs it */, ...flags, ...profiling, resolve('dist/src/cli/main.js'), 'import', file, '--no-progress'], { env: { PATH: process.env.PATH, DATABASE_URL: url }, stdio: ['ignore', 'pipe', 'inherit'] });
      const memory = samplePeakRss(cli.pid!);
      const cpu = sampleCpu(cli.pid!);
      let output = '';
      cli.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const code = await new Promise((done) => cli.once('exit', done));
      const peakMb = memory.stop();
      const { cliUs, restUs } = cpu.stop();
      const seconds = (Date.now() - started) / 1000;
      console.log(output.trim().split('\n').pop());
      console.log(`| events | children | seconds | events/s | CLI peak RSS MB | CPU µs/event: CLI (all threads) / rest (PostgreSQL) | exit |`);
      console.log(`|---:|---:|---:|---:|---:|---|---:|`);
      console.log(`| ${EVENTS} | ${CHILDREN} | ${seconds.toFixed(1)} | ${(EVENTS / seconds).toFixed(0)} | ${peakMb.toFixed(0)} | ${(cliUs / EVENTS).toFixed(0)} / ${(restUs / EVENTS).toFixed(0)} | ${code} |`);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
}

/**
 * CPU used by the CLI (all its threads) and by the rest of the machine while it runs, from /proc,
 * sampled every 100 ms: the CLI's last sample is at most 100 ms before it exits.
 */
function sampleCpu(pid: number): { stop(): { cliUs: number; restUs: number } } {
  const machineBefore = cpuNow().machine;
  let cli = 0;
  const read = () => {
    try {
      cli = cpuNow(pid).other;
    } catch {
      // exited: keep the last reading
    }
  };
  const timer = setInterval(read, 100);
  return {
    stop: () => {
      clearInterval(timer);
      const machine = cpuNow().machine - machineBefore;
      return { cliUs: cli, restUs: machine - cli };
    },
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
