import { parsePromResult } from './prometheusResponse';

describe('parsePromResult', () => {
  it('reads vectors and matrices into series in time order', () => {
    const vector = parsePromResult({
      status: 'success',
      data: { resultType: 'vector', result: [{ metric: { instance: 'a' }, value: [10, '1'] }] },
    });
    expect(vector).toEqual([{ labels: { instance: 'a' }, points: [[10_000, 1]] }]);
    const matrix = parsePromResult({
      status: 'success',
      data: {
        resultType: 'matrix',
        result: [
          {
            metric: {},
            values: [
              [2, '5'],
              [1, '4'],
            ],
          },
        ],
      },
    });
    expect(matrix[0].points).toEqual([
      [1000, 4],
      [2000, 5],
    ]);
  });

  it('skips malformed entries and values instead of throwing', () => {
    const series = parsePromResult({
      status: 'success',
      data: { result: [null, 'x', { metric: { a: 1, b: 'ok' }, values: [[1, 'NaN'], ['bad'], [3, '2']] }] },
    });
    expect(series).toEqual([{ labels: { b: 'ok' }, points: [[3000, 2]] }]);
  });

  it("throws Prometheus's error text", () => {
    expect(() => parsePromResult({ status: 'error', error: 'parse error' })).toThrow('Prometheus: parse error');
  });
});
