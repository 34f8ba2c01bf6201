// The default key of a memoized call: stable, distinct for distinct arguments,
// and a TypeError naming the argument for what it cannot serialise.
import { describe, expect, it } from 'vitest';
import { serialiseArguments } from '../src/read-through/argument-key';

const key = (...args: unknown[]): string => serialiseArguments(args, 'f');

describe('serialiseArguments', () => {
  it('gives distinct keys to distinct argument lists', () => {
    const lists: unknown[][] = [
      [],
      [undefined],
      [undefined, undefined],
      [null],
      [0],
      [-0],
      [NaN],
      [Infinity],
      [-Infinity],
      [1],
      ['1'],
      [1n],
      [true],
      ['true'],
      [false],
      [''],
      ['undefined'],
      ['a', 'b'],
      ['a,b'],
      [['a', 'b']],
      [['a'], 'b'],
      [[]],
      [{}],
      [[undefined]],
      [[, 1]],
      [[null, 1]],
      [{ a: 1 }],
      [{ a: '1' }],
      [{ a: undefined }],
      [{ b: 1 }],
      [{ a: { b: 1 } }],
      [{ 'a.b': 1 }],
      [{ '"': 1 }],
      ['"', ':'],
      [{ a: [1, { b: 2 }] }],
      [{ a: [1, { b: 3 }] }],
      [1.5],
      ['1.5'],
      [1e21],
      [2 ** 53],
      [2n ** 53n],
    ];
    const keys = lists.map((args) => key(...args));
    expect(new Set(keys).size).toBe(lists.length);
    expect(keys.slice(0, 4)).toEqual(['[]', '[undefined]', '[undefined,undefined]', '[null]']);
  });

  it('is stable: equal arguments, and objects with keys in another order, give one key', () => {
    expect(key({ a: 1, b: [1, 2], c: { d: 'x' } }, 'y')).toBe(key({ c: { d: 'x' }, b: [1, 2], a: 1 }, 'y'));
    const withNullPrototype = Object.assign(Object.create(null) as object, { a: 1 });
    expect(key(withNullPrototype)).toBe(key({ a: 1 }));
    expect(key([, 1])).toBe(key([undefined, 1])); // a hole reads as undefined
  });

  it('accepts an object met twice when it does not contain itself', () => {
    const shared = { id: 1 };
    expect(key([shared, shared], shared)).toBe('[[{"id":1},{"id":1}],{"id":1}]');
  });

  it.each([
    ['a function', [() => 1], /arguments\[0\] is a function/],
    ['a symbol', [1, Symbol('s')], /arguments\[1\] is a symbol/],
    ['a Date', [{ when: new Date(0) }], /arguments\[0\]\.when is an instance of Date/],
    ['a Map', [[new Map()]], /arguments\[0\]\[0\] is an instance of Map/],
    ['a boxed string', [new String('x')], /instance of String/],
    ['a class instance', [new (class Point {})()], /instance of Point/],
    ['an object with an unnamed prototype', [Object.create({ inherited: 1 }) as object], /custom prototype/],
  ])('rejects %s with a TypeError naming where it is', (_name, args, message) => {
    expect(() => key(...args)).toThrow(TypeError);
    expect(() => key(...args)).toThrow(message);
    expect(() => key(...args)).toThrow(/memoize f: .*pass options\.key/);
  });

  it('rejects cycles', () => {
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    expect(() => key(1, cyclic)).toThrow(/arguments\[1\]\.self contains itself/);
    const list: unknown[] = [];
    list.push([list]);
    expect(() => key(list)).toThrow(TypeError);
  });
});
