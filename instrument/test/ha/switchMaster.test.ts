import { parseSwitchMaster } from '../../src/ha/switchMaster';
import { errorType } from '../../src/ha/errorType';

describe('parseSwitchMaster', () => {
  it('parses a +switch-master payload', () => {
    expect(parseSwitchMaster('mymaster 127.0.0.1 6379 127.0.0.1 6380')).toEqual({
      masterName: 'mymaster',
      oldMaster: { host: '127.0.0.1', port: 6379 },
      newMaster: { host: '127.0.0.1', port: 6380 },
    });
  });

  it.each([
    ['not a string', 42],
    ['too few fields', 'mymaster 127.0.0.1 6379'],
    ['port not a number', 'mymaster a b 127.0.0.1 x'],
    ['port out of range', 'mymaster 127.0.0.1 6379 127.0.0.1 70000'],
    ['binary junk', '\u0000\uffff'.repeat(1000)],
  ])('rejects %s', (_what, message) => {
    expect(parseSwitchMaster(message)).toBeUndefined();
  });
});

describe('errorType', () => {
  it('keeps cardinality low and never echoes the message', () => {
    expect(errorType(new Error('Command timed out'))).toBe('timeout');
    expect(errorType(new Error('Connection is closed.'))).toBe('connection_closed');
    expect(errorType(new Error("READONLY You can't write against a read only replica."))).toBe('READONLY');
    expect(errorType(new Error('something about key session:abc'))).toBe('_OTHER');
    const named = new Error('x');
    named.name = 'OfflineQueueFullError';
    expect(errorType(named)).toBe('OfflineQueueFullError');
  });
});
