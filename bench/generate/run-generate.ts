import { generateAndImport } from './generate-and-import';

/*
 * `npm run bench:generate`: loads a realistic, fictional partnership's ledger into the database in
 * DATABASE_URL through the import path: forty agencies, BENCH_CHILDREN children (20,000) and
 * BENCH_EVENTS events (1,000,000). Use an empty database of its own; the service builds its read
 * models when it next starts (or run `ledger rebuild all`).
 */
async function main(): Promise<void> {
  if (!process.env.DATABASE_URL) throw new Error('Set DATABASE_URL to an empty database of its own');
  const figures = await generateAndImport(process.env.DATABASE_URL, {
    children: Number(process.env.BENCH_CHILDREN ?? 20_000), events: Number(process.env.BENCH_EVENTS ?? 1_000_000), progress: true,
  });
  console.log(JSON.stringify(figures, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
