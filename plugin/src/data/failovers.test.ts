import { buildFailoverTimeline } from './failovers';

const series = (labels: Record<string, string>, points: Array<[number, number]>) => ({ labels, points });

describe('buildFailoverTimeline', () => {
  it('joins a counter increment with the master change and the duration histogram', () => {
    const events = buildFailoverTimeline(
      {
        masterAddress: [
          series({ master_name: 'm', master_address: 'a:1' }, [
            [1000, 1],
            [2000, 1],
          ]),
          series({ master_name: 'm', master_address: 'b:1' }, [
            [3000, 1],
            [4000, 1],
          ]),
        ],
        failoversTotal: [
          series({ master_name: 'm', result: 'success' }, [
            [1000, 0],
            [2000, 0],
            [4000, 1],
          ]),
        ],
        durationSum: [
          series({ master_name: 'm' }, [
            [2000, 0],
            [4000, 3.5],
          ]),
        ],
        durationCount: [
          series({ master_name: 'm' }, [
            [2000, 0],
            [4000, 1],
          ]),
        ],
      },
      5000
    );
    expect(events).toEqual([
      { masterName: 'm', time: 3000, fromAddress: 'a:1', toAddress: 'b:1', result: 'success', durationSeconds: 3.5 },
    ]);
  });

  it('shows aborted failovers and address changes that no counter explains', () => {
    const events = buildFailoverTimeline(
      {
        masterAddress: [
          series({ master_name: 'm', master_address: 'a:1' }, [[1000, 1]]),
          series({ master_name: 'm', master_address: 'b:1' }, [[90_000, 1]]),
        ],
        failoversTotal: [
          series({ master_name: 'm', result: 'aborted' }, [
            [1000, 2],
            [2000, 3],
          ]),
        ],
        durationSum: [],
        durationCount: [],
      },
      5000
    );
    expect(events.map((e) => [e.result, e.time, e.toAddress])).toEqual([
      ['unknown', 90_000, 'b:1'],
      ['aborted', 2000, undefined],
    ]);
  });

  it('gives a counter increment the closest of two master changes', () => {
    const events = buildFailoverTimeline(
      {
        masterAddress: [
          series({ master_name: 'm', master_address: 'a:1' }, [[1000, 1]]),
          series({ master_name: 'm', master_address: 'b:1' }, [
            [2000, 1],
            [3000, 1],
          ]),
          series({ master_name: 'm', master_address: 'c:1' }, [[10_000, 1]]),
        ],
        failoversTotal: [
          series({ master_name: 'm', result: 'success' }, [
            [9000, 0],
            [11_000, 1],
          ]),
        ],
        durationSum: [],
        durationCount: [],
      },
      60_000
    );
    expect(events.map((e) => [e.fromAddress, e.toAddress, e.result])).toEqual([
      ['b:1', 'c:1', 'success'],
      ['a:1', 'b:1', 'unknown'],
    ]);
  });

  it('ignores an old address that overlaps the new one for a step', () => {
    const events = buildFailoverTimeline(
      {
        masterAddress: [
          series({ master_name: 'm', master_address: 'a:1' }, [
            [1000, 1],
            [2000, 1],
          ]),
          series({ master_name: 'm', master_address: 'b:1' }, [
            [2000, 1],
            [3000, 1],
          ]),
        ],
        failoversTotal: [],
        durationSum: [],
        durationCount: [],
      },
      5000
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ fromAddress: 'a:1', toAddress: 'b:1' });
  });
});
