import { FailoverTracker, parseSentinelMessage, type FailoverRecord } from '../../src/sentinel/events';

const M = '127.0.0.1 6380';
const R1 = '127.0.0.1:6381 127.0.0.1 6381';
const R2 = '127.0.0.1:6382 127.0.0.1 6382';

/** A stream as recorded: [ms offset, sentinel, channel, payload]. */
type Recorded = [number, string, string, string][];

function replay(stream: Recorded, tracker = new FailoverTracker()): { records: FailoverRecord[]; counted: string[] } {
  const records: FailoverRecord[] = [];
  const counted: string[] = [];
  for (const [at, source, channel, payload] of stream) {
    const result = tracker.ingest(channel, payload, 1_000_000 + at, source);
    if (result.event && !result.duplicate) counted.push(result.event.event);
    records.push(...result.completed);
  }
  return { records, counted };
}

/** The leader's own sequence for an automatic failover of 127.0.0.1:6380 to :6381. */
function leaderSequence(source: string, t0: number): Recorded {
  return [
    [t0, source, '+sdown', `master mymaster ${M}`],
    [t0 + 10, source, '+odown', `master mymaster ${M} #quorum 2/2`],
    [t0 + 11, source, '+new-epoch', '1'],
    [t0 + 12, source, '+try-failover', `master mymaster ${M}`],
    [t0 + 13, source, '+vote-for-leader', 'abc123 1'],
    [t0 + 20, source, '+elected-leader', `master mymaster ${M}`],
    [t0 + 21, source, '+failover-state-select-slave', `master mymaster ${M}`],
    [t0 + 100, source, '+selected-slave', `slave ${R1} @ mymaster ${M}`],
    [t0 + 101, source, '+failover-state-send-slaveof-noone', `slave ${R1} @ mymaster ${M}`],
    [t0 + 150, source, '+failover-state-wait-promotion', `slave ${R1} @ mymaster ${M}`],
    [t0 + 900, source, '+promoted-slave', `slave ${R1} @ mymaster ${M}`],
    [t0 + 901, source, '+failover-state-reconf-slaves', `master mymaster ${M}`],
    [t0 + 950, source, '+slave-reconf-sent', `slave ${R2} @ mymaster ${M}`],
    [t0 + 1500, source, '+slave-reconf-inprog', `slave ${R2} @ mymaster ${M}`],
    [t0 + 1600, source, '+slave-reconf-done', `slave ${R2} @ mymaster ${M}`],
    [t0 + 1700, source, '+failover-end', `master mymaster ${M}`],
    [t0 + 1701, source, '+switch-master', `mymaster 127.0.0.1 6380 127.0.0.1 6381`],
  ];
}

describe('parseSentinelMessage', () => {
  it('parses a master instance event', () => {
    expect(parseSentinelMessage('+odown', `master mymaster ${M} #quorum 2/2`)).toMatchObject({
      event: '+odown',
      masterName: 'mymaster',
      instanceType: 'master',
      instanceAddress: '127.0.0.1:6380',
      masterAddress: '127.0.0.1:6380',
    });
  });

  it('parses a replica event with its master after @', () => {
    expect(parseSentinelMessage('+selected-slave', `slave ${R1} @ mymaster ${M}`)).toMatchObject({
      instanceType: 'slave',
      instanceAddress: '127.0.0.1:6381',
      masterName: 'mymaster',
      masterAddress: '127.0.0.1:6380',
    });
  });

  it('parses +switch-master', () => {
    expect(parseSentinelMessage('+switch-master', 'mymaster 10.0.0.1 6379 10.0.0.2 6380')).toMatchObject({
      masterName: 'mymaster',
      oldAddress: '10.0.0.1:6379',
      newAddress: '10.0.0.2:6380',
    });
  });

  it('keeps events without a master (epoch, tilt) unattributed', () => {
    expect(parseSentinelMessage('+new-epoch', '7')).toEqual({ event: '+new-epoch', payload: '7' });
    expect(parseSentinelMessage('+tilt', '#tilt mode entered')?.masterName).toBeUndefined();
  });

  it.each([
    ['__sentinel__:hello', '127.0.0.1,26379,abc,0,mymaster,127.0.0.1,6380,0'],
    ['+switch-master', 'mymaster 10.0.0.1 notaport 10.0.0.2 6380'],
    ['+switch-master', 'mymaster'],
    ['', ''],
    ['+ODOWN', 'master x 1.2.3.4 1'],
    ['+odown\n', 'master x 1.2.3.4 1'],
    ['+odown', 'x'.repeat(10_000)],
  ])('rejects garbage %j', (channel, payload) => {
    expect(parseSentinelMessage(channel, payload)).toBeNull();
  });

  it('ignores malformed instance parts instead of inventing a master', () => {
    expect(parseSentinelMessage('+sdown', 'slave a 1.2.3.4 99999 @ m 1.2.3.4 1')?.masterName).toBeUndefined();
    expect(parseSentinelMessage('+sdown', 'slave a 1.2.3.4 1 @ m 1.2.3.4')?.masterName).toBeUndefined();
  });
});

describe('FailoverTracker', () => {
  it('turns one leader sequence into one successful failover with stages in order', () => {
    const { records } = replay(leaderSequence('s1', 0));
    expect(records).toHaveLength(1);
    const [r] = records;
    expect(r).toMatchObject({
      masterName: 'mymaster',
      result: 'success',
      oldAddress: '127.0.0.1:6380',
      newAddress: '127.0.0.1:6381',
      startedAt: 1_000_010,
      endedAt: 1_001_701,
    });
    expect(r.durationSeconds).toBeCloseTo(1.691, 3);
    expect(r.stages.map((s) => s.stage)).toEqual([
      'odown',
      'try-failover',
      'elected-leader',
      'selected-slave',
      'promoted-slave',
      'failover-end',
      'switch-master',
    ]);
    expect(r.events.map((e) => e.event)).toContain('+vote-for-leader');
  });

  it('collapses the copies three Sentinels publish into one failover and de-duplicated event counts', () => {
    const stream: Recorded = [
      ...leaderSequence('s1', 0),
      // The other two see the master down too and learn the new master from the leader's hello messages.
      [5, 's2', '+sdown', `master mymaster ${M}`],
      [12, 's2', '+odown', `master mymaster ${M} #quorum 3/2`],
      [7, 's3', '+sdown', `master mymaster ${M}`],
      [14, 's3', '+odown', `master mymaster ${M} #quorum 3/2`],
      [15, 's3', '+new-epoch', '1'],
      [16, 's3', '+vote-for-leader', 'abc123 1'],
      [3000, 's2', '+config-update-from', `sentinel abc123 127.0.0.1 26379 @ mymaster ${M}`],
      [3000, 's2', '+switch-master', 'mymaster 127.0.0.1 6380 127.0.0.1 6381'],
      [3200, 's3', '+switch-master', 'mymaster 127.0.0.1 6380 127.0.0.1 6381'],
    ].sort((a, b) => (a[0] as number) - (b[0] as number)) as Recorded;
    const { records, counted } = replay(stream);
    expect(records).toHaveLength(1);
    expect(records[0].result).toBe('success');
    expect(records[0].startedAt).toBe(1_000_010);
    expect(counted.filter((e) => e === '+switch-master')).toHaveLength(1);
    expect(counted.filter((e) => e === '+odown')).toHaveLength(1);
    expect(counted.filter((e) => e === '+sdown')).toHaveLength(1);
  });

  it('handles out-of-order arrival across Sentinels (a later stage first)', () => {
    const leader = leaderSequence('s1', 0);
    // s1's connection is slow: its +odown and +try-failover arrive after its +elected-leader.
    const shuffled: Recorded = [leader[5], leader[1], leader[3], ...leader.filter((_, i) => ![1, 3, 5].includes(i))];
    const { records } = replay(shuffled.map(([, ...rest], i) => [i, ...rest] as [number, string, string, string]));
    expect(records).toHaveLength(1);
    expect(records[0].stages[0].stage).toBe('elected-leader');
    expect(records[0].result).toBe('success');
  });

  it('starts a SENTINEL FAILOVER (no +odown) at +new-epoch/+try-failover', () => {
    const stream: Recorded = [
      [0, 's1', '+new-epoch', '2'],
      [0, 's1', '+try-failover', `master mymaster ${M}`],
      [1, 's1', '+elected-leader', `master mymaster ${M}`],
      [2, 's1', '+selected-slave', `slave ${R1} @ mymaster ${M}`],
      [500, 's1', '+promoted-slave', `slave ${R1} @ mymaster ${M}`],
      [1200, 's1', '+failover-end', `master mymaster ${M}`],
      [1200, 's1', '+switch-master', 'mymaster 127.0.0.1 6380 127.0.0.1 6381'],
    ];
    const { records } = replay(stream);
    expect(records).toHaveLength(1);
    expect(records[0].startedAt).toBe(1_000_000);
    expect(records[0].stages.map((s) => s.stage)).not.toContain('odown');
    expect(records[0].events[0].event).toBe('+new-epoch');
  });

  it('records an abort once every Sentinel that tried gave up', () => {
    const stream: Recorded = [
      [0, 's1', '+odown', `master mymaster ${M} #quorum 2/2`],
      [1, 's1', '+try-failover', `master mymaster ${M}`],
      [2, 's2', '+try-failover', `master mymaster ${M}`],
      [5000, 's2', '-failover-abort-not-elected', `master mymaster ${M}`],
      [6000, 's1', '-failover-abort-not-elected', `master mymaster ${M}`],
    ];
    const { records } = replay(stream);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ result: 'aborted', abortReason: '-failover-abort-not-elected' });
    expect(records[0].durationSeconds).toBeCloseTo(6, 3);
  });

  it('does not abort when a losing Sentinel gives up while the leader completes', () => {
    const stream: Recorded = [
      ...leaderSequence('s1', 0),
      [15, 's2', '+try-failover', `master mymaster ${M}`],
      [800, 's2', '-failover-abort-not-elected', `master mymaster ${M}`],
      [5000, 's3', '-failover-abort-not-elected', `master mymaster ${M}`],
    ].sort((a, b) => (a[0] as number) - (b[0] as number)) as Recorded;
    const { records } = replay(stream);
    expect(records.map((r) => r.result)).toEqual(['success']);
  });

  it('drops an +odown that clears before any Sentinel tries a failover', () => {
    const tracker = new FailoverTracker();
    const { records } = replay(
      [
        [0, 's1', '+odown', `master mymaster ${M} #quorum 2/2`],
        [500, 's1', '-odown', `master mymaster ${M}`],
      ],
      tracker,
    );
    expect(records).toEqual([]);
    expect(tracker.tick(1_000_000 + 10 * 60_000)).toEqual([]);
  });

  it('keeps +tilt/-tilt (no master name) as raw events of the failover in progress', () => {
    const stream = leaderSequence('s1', 0);
    stream.splice(5, 0, [15, 's2', '+tilt', '#tilt mode entered'], [16, 's2', '-tilt', '#tilt mode exited']);
    const { records, counted } = replay(stream);
    expect(records).toHaveLength(1);
    expect(records[0].events.map((e) => e.event)).toEqual(expect.arrayContaining(['+tilt', '-tilt']));
    expect(counted).toContain('+tilt');
  });

  it('ends a failover that went quiet as aborted (timeout)', () => {
    const tracker = new FailoverTracker({ staleFailoverMs: 10_000 });
    replay([[0, 's1', '+try-failover', `master mymaster ${M}`]], tracker);
    const [record] = tracker.tick(1_000_000 + 20_000);
    expect(record).toMatchObject({ result: 'aborted', abortReason: 'timeout' });
  });

  it('counts a +switch-master without a seen start once, with no duration', () => {
    const { records } = replay([
      [0, 's1', '+switch-master', 'mymaster 127.0.0.1 6380 127.0.0.1 6381'],
      [100, 's2', '+switch-master', 'mymaster 127.0.0.1 6380 127.0.0.1 6381'],
    ]);
    expect(records).toHaveLength(1);
    expect(records[0].durationSeconds).toBeNull();
  });

  it('tracks two failovers in a row and masters independently', () => {
    const tracker = new FailoverTracker();
    const back = leaderSequence('s1', 60_000).map(
      ([t, s, c, p]) =>
        [t, s, c, p.replace(/6380/g, 'OLD').replace(/6381/g, '6380').replace(/OLD/g, '6381')] as [
          number,
          string,
          string,
          string,
        ],
    );
    const other: Recorded = leaderSequence('s2', 30).map(([t, s, c, p]) => [t, s, c, p.replace(/mymaster/g, 'other')]);
    const { records } = replay(
      [...leaderSequence('s1', 0), ...other, ...back].sort((a, b) => a[0] - b[0]),
      tracker,
    );
    expect(records.map((r) => `${r.masterName} ${r.oldAddress}->${r.newAddress}`)).toEqual([
      'mymaster 127.0.0.1:6380->127.0.0.1:6381',
      'other 127.0.0.1:6380->127.0.0.1:6381',
      'mymaster 127.0.0.1:6381->127.0.0.1:6380',
    ]);
    expect(tracker.currentMaster('mymaster')).toBe('127.0.0.1:6380');
  });

  it('never throws on random input (fuzz)', () => {
    const tracker = new FailoverTracker({ dedupWindowMs: 50, staleFailoverMs: 200 });
    const channels = ['+odown', '+try-failover', '+switch-master', '-failover-abort-no-good-slave', '+tilt', 'x', ''];
    const words = ['master', 'slave', 'sentinel', '@', 'mymaster', '127.0.0.1', '6380', '-1', '99999', '#q', '\u0000'];
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 20_000; i++) {
      const payload = Array.from({ length: rand(10) }, () => words[rand(words.length)]).join(' ');
      const channel = rand(10) === 0 ? String.fromCharCode(rand(128)) : channels[rand(channels.length)];
      const value: unknown = rand(50) === 0 ? [payload] : rand(50) === 0 ? Buffer.from(payload) : payload;
      expect(() => tracker.ingest(channel, value, i * 7, `s${rand(3)}`)).not.toThrow();
      if (i % 100 === 0) expect(() => tracker.tick(i * 7)).not.toThrow();
    }
  });
});
