import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { resolve } from 'node:path';
import { TEST_ADMIN_KEY } from './test-app';

export interface ServiceProcess {
  url: string;
  pid: number;
  output(): string;
  /** SIGKILL: no shutdown hooks, as a crash or an out-of-memory kill would. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** The built service (`dist/src/main.js`) in a process of its own, as `npm start` runs it, on a port of its choosing. */
export async function startService(env: Record<string, string>): Promise<ServiceProcess> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [resolve('dist/src/main.js')], {
    env: {
      PATH: process.env.PATH, PORT: '0', LEDGER_ADMIN_KEY: TEST_ADMIN_KEY, LOG_LEVEL: 'log',
      AUTH_FAILURES_PER_MINUTE: '100000', AUTH_FAILURE_DELAY_MS: '0', RATE_LIMIT_PER_MINUTE: '0', ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('close', () => done()));
  const port = await new Promise<string>((resolvePort, reject) => {
    const timer = setTimeout(() => reject(new Error(`service did not start in time: ${output.slice(-2000)}`)), 60_000);
    child.stdout.on('data', () => {
      const match = /Listening on http:\/\/localhost:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolvePort(match[1]);
      }
    });
    child.once('exit', () => reject(new Error(`service exited: ${output.slice(-2000)}`)));
  });
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return { url: `http://127.0.0.1:${port}`, pid: child.pid!, output: () => output, kill: () => end('SIGKILL'), stop: () => end('SIGTERM') };
}
