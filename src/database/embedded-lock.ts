import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * PGlite has no lock of its own: two processes opening one data folder would corrupt it. The first
 * to open it writes its pid here; another process refuses while that pid is alive.
 */
export function lockEmbeddedDataDir(dataDir: string): () => void {
  const lockFile = join(dataDir, 'ledger.pid');
  const holder = readHolder(lockFile);
  if (holder !== undefined && holder !== process.pid && isAlive(holder)) {
    throw new Error(`The embedded database in ${dataDir} is in use by process ${holder}. Stop it first (or use a PostgreSQL server).`);
  }
  writeFileSync(lockFile, String(process.pid));
  return () => rmSync(lockFile, { force: true });
}

function readHolder(lockFile: string): number | undefined {
  try {
    return Number(readFileSync(lockFile, 'utf8').trim()) || undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
