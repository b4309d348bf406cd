import { FlaggedCounts } from '../src/flagged-counts';
import { hash32 } from '../src/hash';

describe('FlaggedCounts', () => {
  it('counts only flagged keys, from the moment they are flagged, over the live sub-windows', () => {
    const counts = new FlaggedCounts(3, 10);
    counts.count('a');
    counts.flag(['a'], 1_000);
    counts.count('a');
    counts.count('b');
    expect(counts.get('a')).toEqual({ count: 1, sinceMs: 1_000 });
    expect(counts.get('b')).toBeUndefined();
    counts.rotate();
    counts.count('a');
    counts.flag(['a'], 2_000); // already counted: keeps its start
    expect(counts.get('a')).toEqual({ count: 2, sinceMs: 1_000 });
    counts.rotate();
    counts.rotate(); // the first sub-window's count leaves the window
    expect(counts.get('a')).toEqual({ count: 1, sinceMs: 1_000 });
  });

  it('forgets a key not flagged for a whole window, and holds at most `capacity` keys', () => {
    const counts = new FlaggedCounts(2, 2);
    counts.flag(['a'], 0);
    counts.rotate();
    counts.flag(['b', 'c'], 0); // over capacity: the least recently flagged (a) goes
    expect(counts.size).toBe(2);
    expect(counts.get('a')).toBeUndefined();
    counts.rotate();
    counts.rotate();
    expect(counts.size).toBe(0);
  });

  it('finds flagged keys by hash, and its signature check never turns a flagged key away', () => {
    const counts = new FlaggedCounts(2, 40);
    const flagged = Array.from({ length: 40 }, (_, i) => `session:${(i * 7919).toString(36)}:data`);
    counts.flag(flagged, 0);
    for (const key of flagged) {
      expect(counts.mayBeFlagged(key)).toBe(true);
      // A fresh string with the same text (as an application builds it) counts too.
      const copy = ['session:', key.slice(8)].join('');
      counts.count(copy, hash32(copy));
    }
    expect(flagged.every((key) => counts.get(key)?.count === 1)).toBe(true);
    // Most other keys are turned away without hashing (about 40 in 4096 signatures are set).
    const others = Array.from({ length: 10_000 }, (_, i) => `session:${(i * 104_729 + 1).toString(36)}:data`);
    const passed = others.filter((key) => counts.mayBeFlagged(key)).length;
    expect(passed).toBeLessThan(500);
    for (const key of others) counts.count(key, hash32(key));
    expect(flagged.every((key) => counts.get(key)?.count === 1)).toBe(true);
  });
});
