import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { resolve } from 'node:path';

/** The service as `npm start` runs it, in its own process, on `databaseUrl` (with `env` over the defaults); resolves once it listens. */
export function startService(databaseUrl: string, adminKey: string, env: Record<string, string> = {}): Promise<{ process: ChildProcess; base: string }> {
  return new Promise((resolvePromise, reject) => {
    const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
    const child = spawn(process.execPath, [...profile, resolve('dist/src/main.js')], {
      env: { PATH: process.env.PATH, PORT: '0', DATABASE_URL: databaseUrl, LEDGER_ADMIN_KEY: adminKey, LOG_LEVEL: 'log', RATE_LIMIT_PER_MINUTE: '0', ...env }, // no rate limit for a load generator
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    const listening = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Listening on http:\/\/localhost:(\d+)/.exec(output);
      if (!match) return;
      child.stdout!.off('data', listening);
      child.stdout!.resume(); // keep draining its log
      resolvePromise({ process: child, base: `http://127.0.0.1:${match[1]}` });
    };
    child.stdout!.on('data', listening);
    child.once('exit', (code) => reject(new Error(`service exited with ${code}`)));
  });
}

export async function stopService(service: { process: ChildProcess }): Promise<void> {
  if (service.process.exitCode !== null) return;
  const closed = new Promise((done) => service.process.once('close', done));
  service.process.kill('SIGTERM');
  await closed;
}

// node:http with keep-alive: far less CPU per request than fetch, which shares the cores with the service.
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

export interface Response { status: number; body: Buffer; ms: number }

/** One request; `ms` runs from sending it to the last byte of the answer (parsing not included). */
export function call(method: 'GET' | 'POST', url: string, headers: Record<string, string>, body?: unknown): Promise<Response> {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolveCall, reject) => {
    const started = performance.now();
    const request = httpRequest(url, {
      method, agent,
      headers: { ...headers, ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': String(payload.length) } : {}) },
    }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolveCall({ status: response.statusCode ?? 0, body: Buffer.concat(chunks), ms: performance.now() - started }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(payload);
  });
}

/** `call`, refusing any status but `expected`; the answer's JSON. */
export async function json(method: 'GET' | 'POST', url: string, headers: Record<string, string>, body?: unknown, expected = method === 'POST' ? 201 : 200): Promise<Record<string, unknown>> {
  const response = await call(method, url, headers, body);
  if (response.status !== expected) throw new Error(`${method} ${url}: ${response.status} ${response.body.toString().slice(0, 500)}`);
  return JSON.parse(response.body.toString()) as Record<string, unknown>;
}

/** Nearest-rank percentile of already sorted figures. */
export function percentile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export function summary(figures: readonly number[]): { n: number; p50: number; p95: number; p99: number; max: number } {
  const sorted = [...figures].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), p99: percentile(sorted, 0.99), max: sorted[sorted.length - 1] };
}

/** CPU time (µs) used so far by the whole machine, by this process and by process `pid` (from /proc). */
export function cpuNow(pid?: number): { machine: number; own: number; other: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const stat = pid ? readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ') : undefined;
  const own = process.cpuUsage();
  return {
    machine: (fields[0] + fields[1] + fields[2] + fields[5] + fields[6]) * 10_000,
    own: own.user + own.system,
    other: stat ? (Number(stat[11]) + Number(stat[12])) * 10_000 : 0,
  };
}
