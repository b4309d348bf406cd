import { parseMeasureReply } from '../../src/memory/measure-script';

describe('measuring script reply', () => {
  const keys = ['a', 'b', 'c'].map((k) => Buffer.from(k));
  it('reads sizes, and type/ttl/count for flagged keys; drops keys that are gone', () => {
    const out = parseMeasureReply(keys, [true, false, true], [120, 'hash', -1, 7, -1, 64, 'stream', 5000, -1]);
    expect(out).toEqual([
      { key: keys[0], bytes: 120, type: 'hash', ttl: -1, elements: 7 },
      { key: keys[2], bytes: 64, type: 'stream', ttl: 5000 },
    ]);
  });
  it('refuses a reply of the wrong shape', () => {
    expect(() => parseMeasureReply(keys, [false, false, false], [1, 2])).toThrow(/length/);
    expect(() => parseMeasureReply(keys, [false, false, false], 'OK')).toThrow(/array/);
  });
});
