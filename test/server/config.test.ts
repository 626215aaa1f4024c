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
    ['SORTIE_GROUND_LINK', 'inspect flight.tlog'],
    ['SORTIE_LINK_LOST_AFTER_S', '0'],
    ['SORTIE_INGEST_FOLD_INTERVAL_S', '-1'],
    ['SORTIE_INGEST_FOLD_INTERVAL_S', 'often'],
    ['SORTIE_REDIS_URL', 'localhost:6379'],
  ])('stops with a sentence naming %s when it is %j', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name} .*got "${value}"`));
  });

  it('splits SORTIE_GROUND_LINK into the ground-link’s arguments', () => {
    const config = loadConfig({ SORTIE_GROUND_LINK: ' listen  --udp 0.0.0.0:14550 ' });
    expect(config.groundLink).toEqual({
      args: ['listen', '--udp', '0.0.0.0:14550'],
      rangeName: undefined,
    });
    expect(loadConfig({}).groundLink).toBeNull();
  });

  it('joins other instances through Redis only when SORTIE_REDIS_URL is set', () => {
    expect(loadConfig({}).redisUrl).toBeUndefined();
    expect(loadConfig({ SORTIE_REDIS_URL: 'redis://:pw@10.0.0.20:6379' }).redisUrl).toBe(
      'redis://:pw@10.0.0.20:6379',
    );
  });

  it('folds each link at most once a second unless SORTIE_INGEST_FOLD_INTERVAL_S says otherwise', () => {
    expect(loadConfig({}).ingest.foldIntervalS).toBe(1);
    expect(loadConfig({ SORTIE_INGEST_FOLD_INTERVAL_S: '2.5' }).ingest.foldIntervalS).toBe(2.5);
  });
});
