import { luaFind, luaPatternProblem } from '../../src/memory/lua-pattern';
import { luaGrouper, splitKeyGroups, UNCLASSIFIED } from '../../src/memory/key-groups';

describe('Lua patterns (string.find semantics)', () => {
  it.each([
    // [subject, pattern, captures or null]
    ['key_exp_1', '^(key_exp)_%d+$', ['key_exp']],
    ['user:42:cart', '^(user):(%d+)', ['user', '42']],
    ['a.b', '%.', []],
    ['hello', 'l+', []],
    ['abc', '^b', null],
    ['xabc', 'b', []],
    ['abc', 'c$', []],
    ['abcd', 'c$', null],
    ['aaa', '^a-$', []],
    ['key-1', '^([%w_]+)%-', ['key']],
    ['f(a(b)c)', '%b()', []],
    ['THE (quick) fox', '%f[%a]%a+', []],
    ['abab', '^(ab)%1$', ['ab']],
    ['zz', '()z', ['1']],
    ['set:x', '^[^:]+', []],
    ['A1', '^[%u][0-9]$', []],
    ['a?', '^a%?$', []],
    ['ac', '^ab?c$', []],
  ])('%s ~ %s', (subject, pattern, captures) => {
    const found = luaFind(subject, pattern);
    if (captures === null) expect(found).toBeUndefined();
    else expect(found?.captures).toEqual(captures);
  });

  it('reports malformed patterns as redis_exporter would refuse them', () => {
    expect(luaPatternProblem('^(key')).toMatch(/capture/);
    expect(luaPatternProblem('[abc')).toMatch(/\]/);
    expect(luaPatternProblem('abc%')).toMatch(/%/);
    expect(luaPatternProblem('^(key_exp)_%d+$')).toBeUndefined();
  });

  it('groups keys like --check-key-groups: first matching pattern, captures concatenated, else unclassified', () => {
    const group = luaGrouper(['^(key_ex)_%d+$', '^(key_exp)_%d+$', '^(a)(b)', 'nocapture']);
    expect(group(Buffer.from('key_ex_1'))).toBe('key_ex');
    expect(group(Buffer.from('key_exp_22'))).toBe('key_exp');
    expect(group(Buffer.from('abz'))).toBe('ab');
    expect(group(Buffer.from('x-nocapture-y'))).toBe('');
    expect(group(Buffer.from('other'))).toBe(UNCLASSIFIED);
    // Binary keys and pathological backtracking never throw.
    expect(group(Buffer.from([0xff, 0x00, 0x3a]))).toBe(UNCLASSIFIED);
    const slow = luaGrouper(['^(a*)*b', '^(a)']);
    expect(slow(Buffer.from('a'.repeat(5000)))).toBe('a');
  });

  it('splits the flag as one CSV record', () => {
    expect(splitKeyGroups('^(a), ^(b) ,"^(c,d)"')).toEqual(['^(a)', '^(b)', '^(c,d)']);
    expect(splitKeyGroups('')).toEqual([]);
  });
});
