import { batchQueryText, firstKey, sanitizedQueryText } from '../src/query-text';

describe('span query text', () => {
  it('blanks every argument and caps long argument lists, whatever was asked before', () => {
    expect(sanitizedQueryText('get', 1)).toBe('GET ?');
    expect(sanitizedQueryText('GET', 1)).toBe('GET ?');
    expect(sanitizedQueryText('ping', 0)).toBe('PING');
    expect(sanitizedQueryText('set', 4)).toBe('SET ? ? ? ?');
    expect(sanitizedQueryText('mset', 40)).toBe('MSET' + ' ?'.repeat(32) + ' …');
    expect(sanitizedQueryText('mset', 33)).toBe('MSET' + ' ?'.repeat(32) + ' …');
    expect(sanitizedQueryText('mset', 32)).toBe('MSET' + ' ?'.repeat(32));
    expect(sanitizedQueryText('set', 4)).toBe('SET ? ? ? ?');
  });

  it('joins a batch with "; " and marks commands beyond the first 16', () => {
    const incr = { command: 'incr', argCount: 1 };
    expect(batchQueryText([])).toBe('');
    expect(batchQueryText([{ command: 'set', argCount: 2 }, incr])).toBe('SET ? ?; INCR ?');
    expect(batchQueryText(Array(16).fill(incr))).toBe(Array(16).fill('INCR ?').join('; '));
    expect(batchQueryText(Array(16).fill(incr), 17)).toBe(Array(16).fill('INCR ?').join('; ') + '; …');
    expect(batchQueryText(Array(20).fill(incr))).toBe(Array(16).fill('INCR ?').join('; ') + '; …');
  });

  it('takes the first key of keyed commands only', () => {
    expect(firstKey('get', ['user:1'])).toBe('user:1');
    expect(firstKey('GET', ['user:1'])).toBe('user:1');
    expect(firstKey('ping', ['x'])).toBeUndefined();
    expect(firstKey('PING', ['x'])).toBeUndefined();
    expect(firstKey('hget', ['?', '?'])).toBeUndefined();
    expect(firstKey('get', [])).toBeUndefined();
  });
});
