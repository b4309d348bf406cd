import { ConfigError, loadConfig } from '../../src/config';
import { DEFAULT_MEMORY_OPTIONS } from '../../src/memory/options';

describe('memory sampler configuration', () => {
  it('is on by default with bounded defaults', () => {
    expect(loadConfig([], {}).memory).toEqual(DEFAULT_MEMORY_OPTIONS);
  });

  it('reads flags and env vars (redis_exporter names for the key-group flags)', () => {
    const config = loadConfig(
      [
        '--memory.enabled=false',
        '--memory.interval',
        '2s',
        '--memory.max-cycle-ms',
        '50',
        '--memory.max-commands-per-second',
        '1000',
        '--memory.samples',
        '0',
        '--memory.forecast-window',
        '20s',
        '--check-key-groups',
        '^(a):,^(b):',
      ],
      { REDIS_EXPORTER_MAX_DISTINCT_KEY_GROUPS: '7', REDIS_LENS_MEMORY_WINDOW_KEYS: '5000' },
    );
    expect(config.memory).toEqual({
      enabled: false,
      intervalMs: 2000,
      maxCycleMs: 50,
      maxCommandsPerSecond: 1000,
      samples: 0,
      windowKeys: 5000,
      forecastWindowMs: 20_000,
      keyGroups: ['^(a):', '^(b):'],
      maxDistinctKeyGroups: 7,
    });
  });

  it.each([
    [['--memory.enabled', 'maybe'], '--memory.enabled'],
    [['--memory.max-cycle-ms', '0'], '--memory.max-cycle-ms'],
    [['--memory.max-cycle-ms', '10ms'], '--memory.max-cycle-ms'],
    [['--memory.max-commands-per-second', '-5'], '--memory.max-commands-per-second'],
    [['--memory.samples', 'x'], '--memory.samples'],
    [['--memory.interval', 'soon'], '--memory.interval'],
    [['--memory.forecast-window', '10ms'], '--memory.forecast-window'],
    [['--check-key-groups', '^(unclosed'], '--check-key-groups'],
    [['--max-distinct-key-groups', '0'], '--max-distinct-key-groups'],
  ])('refuses %j naming %s', (argv, setting) => {
    let error: unknown;
    try {
      loadConfig(argv, {});
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(setting);
  });
});
