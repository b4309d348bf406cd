import { satisfies } from './semver';

describe('satisfies (grafanaDependency ranges)', () => {
  it.each([
    ['12.4.10', '>=12.3.0', true],
    ['12.1.1', '>=12.3.0', false],
    ['12.3.0', '>=12.3.0', true],
    ['12.3.0-beta1', '>=12.3.0', false],
    ['13.0.0', '>=12.3.0 <13.0.0', false],
    ['11.6.2', '>=12.3.0 || >=11.6.0 <12.0.0', true],
  ])('%s in %s → %s', (version, range, expected) => {
    expect(satisfies(version, range)).toBe(expected);
  });
  it('throws on syntax it does not know (so a range cannot pass by accident)', () => {
    expect(() => satisfies('12.4.10', '^12.3.0')).toThrow(/semver/);
  });
});
