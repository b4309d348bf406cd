import { FlaggedCounts } from '../src/flagged-counts';

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
});
