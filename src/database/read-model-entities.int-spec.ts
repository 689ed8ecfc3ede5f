import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openTestDatabase, type TestDatabase } from '../../test/setup/test-database';
import { openDataSource } from './database-connection';

// The read models' tables come from migrations, never from `synchronize`: this keeps the entities
// (what TypeORM reads and writes) and the migrations (what the database has) the same.
describe('read-model entities and migrations', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(2);
  });
  afterAll(() => database.close());

  it('given the migrated schema, then TypeORM finds nothing to change for any entity', async () => {
    const dataSource = await openDataSource({ connectionString: database.url }, 2);
    try {
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((query) => query.query)).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });
});
