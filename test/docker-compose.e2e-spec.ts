import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { load } from 'js-yaml';
import { validateEnvironment } from '../src/config/environment';

interface ComposeService {
  profiles?: string[];
  build?: string;
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string | number>;
}

// No Docker engine can run here, so this checks what can be checked of docker-compose.yml: each
// instance of the service starts with settings the service accepts, and the kurrentdb profile
// wires KurrentDB, PostgreSQL and the app together.
describe('docker-compose.yml', () => {
  const services = (load(readFileSync('docker-compose.yml', 'utf8')) as { services: Record<string, ComposeService> }).services;
  const settingsOf = (service: ComposeService) => Object.fromEntries(Object.entries(service.environment ?? {}).map(([name, value]) => [name, String(value).replace(/\$\{[A-Z_]+:-\}/, '')]));

  it.each(['ledger', 'ledger-on-kurrentdb'])('gives the %s service settings the service accepts', (name) => {
    expect(services[name].build).toBe('.');
    expect(() => validateEnvironment(settingsOf(services[name]))).not.toThrow();
  });

  it('runs the default service on PostgreSQL, and under the kurrentdb profile KurrentDB with a service keeping its events there and its read models in a database of their own', () => {
    expect(services.ledger.profiles).toBeUndefined();
    expect(validateEnvironment(settingsOf(services.ledger)).EVENT_STORE).toBe('postgres');
    const onKurrent = validateEnvironment(settingsOf(services['ledger-on-kurrentdb']));
    expect(services['ledger-on-kurrentdb'].profiles).toEqual(['kurrentdb']);
    expect(services.kurrentdb.profiles).toEqual(['kurrentdb']);
    expect(onKurrent).toMatchObject({ EVENT_STORE: 'kurrentdb', KURRENTDB_URL: expect.stringMatching(/^kurrentdb:\/\/kurrentdb:2113/) });
    expect(onKurrent.DATABASE_URL).not.toBe(validateEnvironment(settingsOf(services.ledger)).DATABASE_URL);
    expect(Object.keys(services['ledger-on-kurrentdb'].depends_on ?? {}).sort()).toEqual(['kurrentdb', 'postgres']);
    expect(readFileSync('docker/postgres-init/10-ledger-on-kurrentdb.sql', 'utf8')).toContain('CREATE DATABASE ledger_kurrentdb');
  });
});
