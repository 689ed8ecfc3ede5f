import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export interface ProcessOutcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a compiled entry point (`npm test` builds first) as a user would, with its own environment. */
export function runBuilt(entry: string, args: string[], env: Record<string, string | undefined>, timeoutMs = 60_000): Promise<ProcessOutcome> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [resolve('dist', entry), ...args], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}
