import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { systemClock } from '../common/clock';
import { openTestDatabase, type TestDatabase } from '../../test/setup/test-database';
import { AccessRepository } from './access-repository';
import { ApiKeyCodec } from './api-key-codec';
import { Authenticator } from './authenticator';

/*
 * The authenticator remembers each key's lookup for 10 seconds. Requests that arrive together, before
 * the first lookup has come back, must share it: a busy agency system's burst is one query (and one
 * "last used" write), not one per request.
 */
describe('Authenticator lookups', () => {
  let database: TestDatabase;
  let repository: AccessRepository;
  const codec = new ApiKeyCodec(Buffer.alloc(32, 7));

  beforeAll(async () => {
    database = await openTestDatabase();
    repository = new AccessRepository(database.pool);
  });
  afterAll(() => database.close());

  it('given 20 requests with one key at once, then the key is looked up once and all of them are let in', async () => {
    const key = codec.issue();
    await repository.createAgency({ id: `school-auth-${key.keyId.slice(0, 8)}`, name: 'School', kind: 'school', canImport: false }, key);
    const authenticator = new Authenticator(repository, codec, systemClock, undefined);
    const lookups = jest.spyOn(repository, 'findKey');
    const principals = await Promise.all(Array.from({ length: 20 }, () => authenticator.authenticate(key.token)));
    expect(principals.every((principal) => principal?.agencyId === `school-auth-${key.keyId.slice(0, 8)}`)).toBe(true);
    expect(lookups).toHaveBeenCalledTimes(1);
    lookups.mockRestore();
  });

  it('given a lookup that failed, then the next request looks the key up again', async () => {
    const key = codec.issue();
    await repository.createAgency({ id: `school-auth-${key.keyId.slice(0, 8)}`, name: 'School', kind: 'school', canImport: false }, key);
    const authenticator = new Authenticator(repository, codec, systemClock, undefined);
    const lookups = jest.spyOn(repository, 'findKey').mockRejectedValueOnce(new Error('connection refused'));
    await expect(authenticator.authenticate(key.token)).rejects.toThrow('connection refused');
    expect((await authenticator.authenticate(key.token))?.role).toBe('agency');
    expect(lookups).toHaveBeenCalledTimes(2);
    lookups.mockRestore();
  });
});
