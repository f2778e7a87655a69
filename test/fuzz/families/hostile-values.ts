import fc from 'fast-check';

/** A value to put into a document, with how a report should show it. */
export interface HostileValue {
  label: string;
  value: unknown;
}

const v = (label: string, value: unknown): HostileValue => ({ label, value });

/** Numbers at the edges: zero, negatives, the largest and smallest doubles, non-finite ones, counts far past every limit. */
const extremeNumbers: HostileValue[] = [
  v('0', 0),
  v('-1', -1),
  v('1', 1),
  v('0.5', 0.5),
  v('1e308', 1e308),
  v('-1e308', -1e308),
  v('5e-324', 5e-324),
  v('1e-300', 1e-300),
  v('1e6', 1e6),
  v('1e9', 1e9),
  v('2^53 + 2', 2 ** 53 + 2),
  v('.nan', Number.NaN),
  v('.inf', Number.POSITIVE_INFINITY),
  v('-.inf', Number.NEGATIVE_INFINITY),
];

/** Strings that look like numbers or keywords to some reader, and some that are merely unusual. */
const oddStrings: HostileValue[] = ['NaN', 'Infinity', '1e999', '0x10', '1_000', '', ' ', 'null', '~', 'yes', '１２', 'bogus', 'FIFO', 'Poisson', 'gpu ', '${i}', '../../etc/passwd', '北京', '🚀', 'a\u0000b', '\u202Eevil', 'ü'.repeat(300)].map(
  (s) => v(JSON.stringify(s.length > 20 ? `${s.slice(0, 20)}…` : s), s),
);

/** Other types where a number or string belongs. */
const otherTypes: HostileValue[] = [
  v('true', true),
  v('null', null),
  v('[]', []),
  v('{}', {}),
  v('[1, "x"]', [1, 'x']),
  v('{ a: 1 }', { a: 1 }),
  v('{ __proto__: { polluted: 1 } }', JSON.parse('{"__proto__": {"polluted": 1}}')),
  v('{ constructor: { prototype: { polluted: 1 } } }', { constructor: { prototype: { polluted: 1 } } }),
];

/** A map or list nested `depth` levels deep. */
function nested(depth: number, list: boolean): HostileValue {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = list ? [value] : { a: value };
  return v(`${list ? 'list' : 'map'} nested ${depth} deep`, value);
}

/** An extreme number alone: where a number stays a number, validation must judge the value, and the run must survive what passes. */
export const extremeNumber: fc.Arbitrary<HostileValue> = fc.constantFrom(...extremeNumbers);

export const hostileValue: fc.Arbitrary<HostileValue> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...extremeNumbers) },
  { weight: 2, arbitrary: fc.constantFrom(...oddStrings) },
  { weight: 2, arbitrary: fc.constantFrom(...otherTypes) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(20, 200), fc.boolean()).map(([d, list]) => nested(d, list)) },
);
