import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { AccessRepository } from '../../src/access/access-repository';
import { ApiKeyCodec } from '../../src/access/api-key-codec';
import { CliModule } from '../../src/cli/cli.module';
import { ChildRegistry } from '../../src/children/registration/child-registry';
import { samplePeakRss } from '../process-memory';
import { GENERATED_AGENCIES, writeLedgerFile } from './ledger-generator';

export interface ImportFigures {
  children: number;
  events: number;
  registerSeconds: number;
  writeSeconds: number;
  importSeconds: number;
  importPeakRssMb: number;
  importOutput: string;
}

/**
 * Registers the forty agencies and `children` children in the database at `url` (as agencies'
 * systems would, one registration each), writes `events` import lines for them, and imports the file
 * through the real CLI (`ledger import`), sampling its memory.
 */
export async function generateAndImport(url: string, options: { children: number; events: number; progress: boolean }): Promise<ImportFigures> {
  const folder = mkdtempSync(join(tmpdir(), 'ledger-generate-'));
  try {
    process.env.DATABASE_URL = url;
    process.env.LOG_LEVEL = 'warn';
    const registering = Date.now();
    const context = await NestFactory.createApplicationContext(CliModule, { logger: ['error'] });
    const access = context.get(AccessRepository);
    const codec = new ApiKeyCodec(Buffer.alloc(32));
    for (const agency of GENERATED_AGENCIES) await access.createAgency({ ...agency, canImport: true }, codec.issue());
    const registry = context.get(ChildRegistry);
    const childIds: string[] = [];
    for (let i = 0; i < options.children; i++) {
      const school = GENERATED_AGENCIES[i % 12].id;
      childIds.push((await registry.register({ dateOfBirth: `20${String(8 + (i % 8)).padStart(2, '0')}-0${1 + (i % 9)}-1${i % 10}` }, { agencyId: school, sensitivity: 'normal' })).childId);
    }
    await context.close();
    const registerSeconds = (Date.now() - registering) / 1000;

    const writing = Date.now();
    const file = join(folder, 'partnership-history.ndjson');
    await writeLedgerFile(file, childIds, options.events);
    const writeSeconds = (Date.now() - writing) / 1000;

    const importing = Date.now();
    const cli = spawn(process.execPath, ['--max-old-space-size=256' /* as `npm run ledger` runs it */, resolve('dist/src/cli/main.js'), 'import', file, '--batch', 'generated', ...(options.progress ? [] : ['--no-progress'])], {
      env: { PATH: process.env.PATH, DATABASE_URL: url }, stdio: ['ignore', 'pipe', options.progress ? 'inherit' : 'ignore'],
    });
    const memory = samplePeakRss(cli.pid!);
    let output = '';
    cli.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((done) => cli.once('exit', done));
    const importPeakRssMb = memory.stop();
    if (code !== 0) throw new Error(`import exited with ${code}: ${output.slice(-2000)}`);
    return {
      children: options.children, events: options.events, registerSeconds, writeSeconds,
      importSeconds: (Date.now() - importing) / 1000, importPeakRssMb, importOutput: output.trim().split('\n').slice(-3).join(' / '),
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
