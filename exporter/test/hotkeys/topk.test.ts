import { TopKeys } from '../../src/hotkeys/topk';

const k = (s: string) => Buffer.from(s);

describe('TopKeys', () => {
  it('keeps the N hottest, hottest first', () => {
    const top = new TopKeys(3);
    for (let i = 0; i < 100; i++) top.offer(0, k(`key:${i}`), i % 50);
    expect(top.entries().map((e) => [e.key.toString(), e.freq])).toEqual([
      ['key:49', 49],
      ['key:99', 49],
      ['key:48', 48],
    ]);
  });

  it('updates a key in place instead of listing it twice', () => {
    const top = new TopKeys(2);
    top.offer(0, k('a'), 1);
    top.offer(0, k('a'), 9);
    top.offer(0, k('b'), 5);
    expect(top.entries().map((e) => `${e.key}=${e.freq}`)).toEqual(['a=9', 'b=5']);
  });

  it('tells the same key bytes in different dbs apart', () => {
    const top = new TopKeys(5);
    top.offer(0, k('x'), 3);
    top.offer(1, k('x'), 4);
    expect(top.size).toBe(2);
    expect(top.remove(1, k('x'))).toBe(true);
    expect(top.has(0, k('x'))).toBe(true);
    expect(top.has(1, k('x'))).toBe(false);
  });

  it('handles binary and huge keys and ignores non-finite frequencies', () => {
    const top = new TopKeys(2);
    const binary = Buffer.from([0, 255, 10, 13]);
    const huge = Buffer.alloc(100 * 1024, 0x61);
    top.offer(0, binary, 200);
    top.offer(0, huge, 100);
    top.offer(0, k('nan'), NaN);
    expect(top.entries().map((e) => e.key.length)).toEqual([4, 100 * 1024]);
  });

  it('rejects a capacity below 1', () => {
    expect(() => new TopKeys(0)).toThrow(RangeError);
  });
});
