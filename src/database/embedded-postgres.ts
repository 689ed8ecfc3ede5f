import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { lockEmbeddedDataDir } from './embedded-lock';
import { keepProtocolSequencesTogether } from './embedded-protocol-order';

export interface EmbeddedPostgres {
  url: string;
  /** Absolute data folder, or `undefined` when held in memory (tests). */
  dataDir: string | undefined;
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL (PGlite, compiled to WebAssembly) served on 127.0.0.1 so the unchanged `pg` code
 * talks to it. For trying the service out and small single-user installs: one backend shared by
 * every connection, fsync off. Production uses a PostgreSQL server (DATABASE_URL).
 */
export async function startEmbeddedPostgres(options: { dataDir?: string; maxConnections: number }): Promise<EmbeddedPostgres> {
  const dataDir = options.dataDir ? resolve(options.dataDir) : undefined;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const unlock = dataDir ? lockEmbeddedDataDir(dataDir) : () => undefined;
  const db = await PGlite.create(dataDir ? { dataDir } : {});
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: options.maxConnections });
  keepProtocolSequencesTogether(server);
  await server.start();
  const [host, port] = server.getServerConn().split(':');
  return {
    url: `postgresql://postgres@${host}:${port}/postgres`,
    dataDir,
    async stop() {
      await server.stop();
      await db.close();
      unlock();
    },
  };
}
