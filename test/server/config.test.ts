import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';

describe('server configuration', () => {
  it('uses safe defaults when nothing is set', () => {
    const config = loadConfig({});

    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(8080);
    expect(config.database.mongodbUri).toBeUndefined();
    expect(config.database.dataDir).toMatch(/data$/);
    expect(config.database.dbName).toBe('sortie');
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ MONGODB_URI: '', PORT: ' ' }).port).toBe(8080);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['LOG_LEVEL', 'loud'],
    ['MONGODB_URI', 'http://db:27017'],
    ['SORTIE_DB_NAME', 'bad name'],
    ['SORTIE_BODY_LIMIT', 'lots'],
  ])('stops with a sentence naming %s when it is %j', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name} .*got "${value}"`));
  });
});
