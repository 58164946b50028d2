import { describe, expect, it } from 'vitest';
import { ConfigError, configOrThrow, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('defaults to an SQLite file under ./data on loopback', () => {
    const r = loadConfig({}, '/srv/app');
    expect(r).toMatchObject({
      ok: true,
      config: {
        host: '127.0.0.1',
        port: 3000,
        dataDir: '/srv/app/data',
        database: { kind: 'sqlite', file: '/srv/app/data/liftplan.sqlite' },
        photoDir: '/srv/app/data/photos',
        cookieSecure: false,
      },
    });
  });

  it('switches to PostgreSQL with DATABASE_URL and honours DATA_DIR', () => {
    const r = loadConfig({
      DATABASE_URL: 'postgres://u@db/x',
      DATA_DIR: '/var/lib/liftplan',
      NODE_ENV: 'production',
    });
    expect(r).toMatchObject({
      ok: true,
      config: {
        database: { kind: 'postgres', url: 'postgres://u@db/x' },
        dataDir: '/var/lib/liftplan',
        cookieSecure: true,
      },
    });
  });

  it('lists every problem readably instead of stopping at the first', () => {
    const r = loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', COOKIE_SECURE: 'maybe' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(3);
    expect(r.errors.join('\n')).toMatch(/^PORT: must be a port number/m);
    expect(r.errors.join('\n')).toMatch(/^DATABASE_URL: must be a postgres:\/\/ URL/m);
    expect(r.errors.join('\n')).toMatch(/^COOKIE_SECURE: must be true or false/m);
    expect(() => configOrThrow({ PORT: '99999' })).toThrow(ConfigError);
  });
});
