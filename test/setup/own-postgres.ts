import { execFile } from 'node:child_process';
import { describe } from '@jest/globals';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const BIN = process.env.LEDGER_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/**
 * A PostgreSQL cluster of a test's own, made with `initdb` in a temporary folder on a free port, so
 * that a test may stop, restart or replicate it without touching the machine's shared server.
 * PostgreSQL refuses to run as root: as root, its commands run as the `postgres` user.
 */
export interface OwnPostgres {
  port: number;
  url: string;
  dataDir: string;
  start(): Promise<void>;
  /** `fast`: a clean shutdown; `immediate`: like a crash (recovery at the next start). */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  destroy(): Promise<void>;
}

/**
 * Suites that need clusters of their own: skipped, with the reason, where PostgreSQL's server
 * programs are not installed, except in CI, where they must run.
 */
export function describeWithOwnPostgres(name: string, body: () => void): void {
  if (existsSync(join(BIN, 'initdb')) || process.env.CI) describe(name, body);
  else describe.skip(`${name} [skipped: no PostgreSQL server programs in ${BIN} (set LEDGER_PG_BIN)]`, body);
}

/** A new primary (`replicaOf` unset) or a streaming replica of `replicaOf`, started. */
export async function createOwnPostgres(options: { replicaOf?: OwnPostgres } = {}): Promise<OwnPostgres> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-own-pg-'));
  if (process.getuid?.() === 0) chownSync(dataDir, ...postgresUser());
  const port = await freePort();
  if (options.replicaOf) {
    await pg('pg_basebackup', ['-h', '127.0.0.1', '-p', String(options.replicaOf.port), '-U', 'postgres', '-D', dataDir, '-R', '-X', 'stream']);
  } else {
    await pg('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale', 'C']);
  }
  await pg('sh', ['-c', `printf "%s\\n" "port = ${port}" "listen_addresses = '127.0.0.1'" "unix_socket_directories = '${dataDir}'" "wal_level = replica" "max_wal_senders = 5" "hot_standby = on" >> ${dataDir}/postgresql.auto.conf`]);
  const cluster: OwnPostgres = {
    port,
    dataDir,
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    start: async () => void (await pg('pg_ctl', ['-D', dataDir, '-l', join(dataDir, 'server.log'), '-w', '-t', '60', 'start'])),
    stop: async (mode = 'fast') => void (await pg('pg_ctl', ['-D', dataDir, '-m', mode, '-w', '-t', '60', 'stop']).catch(() => undefined)),
    destroy: async () => {
      await cluster.stop('immediate');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  await cluster.start();
  return cluster;
}

async function pg(command: string, args: string[]): Promise<string> {
  const program = command === 'sh' ? 'sh' : join(BIN, command);
  const asPostgres = process.getuid?.() === 0;
  const { stdout } = await run(asPostgres ? 'runuser' : program, asPostgres ? ['-u', 'postgres', '--', program, ...args] : args, { timeout: 120_000 });
  return stdout;
}

/** The uid and gid of the `postgres` user, who owns the cluster's folder when the tests run as root. */
function postgresUser(): [number, number] {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((entry) => entry.startsWith('postgres:'));
  if (!line) throw new Error('no postgres user to run PostgreSQL as');
  const [, , uid, gid] = line.split(':');
  return [Number(uid), Number(gid)];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}
