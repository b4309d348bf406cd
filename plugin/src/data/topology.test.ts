import { buildTopology } from './topology';

const s = (labels: Record<string, string>, value = 1, time = 1000) => ({
  labels,
  points: [[time, value]] as Array<[number, number]>,
});

describe('buildTopology', () => {
  it('prefers the announced master, joins replicas by address and reads Sentinel health', () => {
    const groups = buildTopology({
      currentMaster: [s({ master_name: 'mymaster', master_address: '10.0.0.2:6379' })],
      masterStatus: [s({ master_name: 'mymaster', master_address: '10.0.0.1:6379', master_status: 'ok' })],
      slaveLag: [
        s({ instance: 'redis://10.0.0.2:6379', slave_ip: '10.0.0.3', slave_port: '6379', slave_state: 'online' }, 0),
        s({ instance: '10.0.0.1:6379', slave_ip: '10.0.0.9', slave_port: '6379', slave_state: 'online' }, 0),
      ],
      sentinels: [s({ master_name: 'mymaster' }, 3)],
      okSentinels: [s({ master_name: 'mymaster' }, 3)],
      ckquorum: [s({ master_name: 'mymaster' }, 1)],
    });
    expect(groups).toEqual([
      {
        masterName: 'mymaster',
        masterAddress: '10.0.0.2:6379',
        source: 'announced',
        replicas: [{ address: '10.0.0.3:6379', state: 'online', lagSeconds: 0 }],
        sentinels: 3,
        okSentinels: 3,
        quorumOk: true,
      },
    ]);
  });

  it('falls back to the polled master status and takes the freshest address', () => {
    const groups = buildTopology({
      currentMaster: [],
      masterStatus: [
        s({ master_name: 'm', master_address: 'old:1' }, 1, 1000),
        s({ master_name: 'm', master_address: 'new:1' }, 1, 2000),
      ],
      slaveLag: [],
      sentinels: [],
      okSentinels: [],
      ckquorum: [],
    });
    expect(groups[0]).toMatchObject({ masterAddress: 'new:1', source: 'polled', quorumOk: undefined });
  });
});
