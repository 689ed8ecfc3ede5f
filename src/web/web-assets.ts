import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const PROJECT = 'safeguarding-concern-ledger';

/**
 * The project's folder, found from where the service was started (its script, or the working
 * folder): the pages and the charting library are files of the project, served by the service itself
 * (no CDN: the pages work offline).
 */
export function projectRoot(): string {
  for (const start of [process.argv[1] ? dirname(resolve(process.argv[1])) : undefined, process.cwd()]) {
    for (let folder = start; folder; folder = dirname(folder) === folder ? undefined : dirname(folder)) {
      const manifest = join(folder, 'package.json');
      if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === PROJECT) return folder;
    }
  }
  throw new Error(`Cannot find the ${PROJECT} folder (its package.json) from ${process.argv[1]} or ${process.cwd()}`);
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

/** The files the pages are made of, read once at start: name → content and type. Only these are served. */
export function loadWebAssets(): Map<string, { body: Buffer; type: string }> {
  const root = projectRoot();
  const files: Array<[string, string]> = [
    ...['sign-in.html', 'child.html', 'auditor.html', 'app.css', 'common.js', 'sign-in.js', 'child.js', 'timeline.js', 'auditor.js'].map((name): [string, string] => [name, join(root, 'src/web/public', name)]),
    ['chart.umd.min.js', join(root, 'node_modules/chart.js/dist/chart.umd.min.js')],
  ];
  return new Map(files.map(([name, path]) => [name, { body: readFileSync(path), type: TYPES[name.slice(name.lastIndexOf('.'))] }]));
}
