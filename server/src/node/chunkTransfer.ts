// Parsed chunks from a parse worker to the main thread. postMessage's structured clone of the validated
// trees (about 100 small objects per component: values, ranges, maps) cost the main thread a second at
// 10,000 components, half of what the worker saved it. Flattened into one Int32Array (transferred, not
// copied), one Float64Array and a string table, the main thread rebuilds them in a few tens of ms.
// Findings are rare in chunks and travel as they are.
import type { ChunkResult, Finding, Range } from '../core/index';
import type { V } from '../core/parse/validate';

export interface WireChunks {
  /** Per entry: key string, then 1 + the encoded value or 0; findings ride in `findings`. */
  ints: Int32Array;
  nums: Float64Array;
  strings: string[];
  /** Per entry: its findings, or null for an entry that could not be parsed alone. */
  findings: (Finding[] | null)[];
}

const STR = 0;
const NUM = 1;
const BOOL = 2;
const REF = 3;
const ARR = 4;
const OBJ = 5;

export function encodeChunks(entries: readonly [string, ChunkResult | null][]): WireChunks {
  let ints = new Int32Array(1024);
  let length = 0;
  const nums: number[] = [];
  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const int = (x: number) => {
    if (length === ints.length) {
      const grown = new Int32Array(length * 2);
      grown.set(ints);
      ints = grown;
    }
    ints[length++] = x;
  };
  const str = (s: string) => {
    let i = stringIndex.get(s);
    if (i === undefined) {
      i = strings.push(s) - 1;
      stringIndex.set(s, i);
    }
    int(i);
  };
  const range = (r: Range) => {
    int(r.start.line);
    int(r.start.character);
    int(r.end.line);
    int(r.end.character);
  };
  const value = (v: V): void => {
    switch (v.k) {
      case 'str':
        int(STR);
        range(v.range);
        str(v.v);
        return;
      case 'num':
        int(NUM);
        range(v.range);
        nums.push(v.v);
        return;
      case 'bool':
        int(BOOL);
        range(v.range);
        int(v.v ? 1 : 0);
        return;
      case 'ref':
        int(REF);
        range(v.range);
        str(v.id);
        return;
      case 'arr':
        int(ARR);
        range(v.range);
        int(v.items.length);
        v.items.forEach(value);
        return;
      case 'obj':
        int(OBJ);
        range(v.range);
        range(v.headRange);
        int(v.keyRanges.size);
        v.keyRanges.forEach((r, k) => {
          str(k);
          range(r);
        });
        int(v.fields.size);
        v.fields.forEach((x, k) => {
          str(k);
          value(x);
        });
        return;
    }
  };
  const findings: (Finding[] | null)[] = [];
  for (const [key, result] of entries) {
    str(key);
    findings.push(result ? result.findings : null);
    if (result?.value) {
      int(1);
      value(result.value);
    } else {
      int(0);
    }
  }
  return { ints: ints.slice(0, length), nums: Float64Array.from(nums), strings, findings };
}

export function decodeChunks(wire: WireChunks): [string, ChunkResult | null][] {
  const { ints, nums, strings } = wire;
  let p = 0;
  let q = 0;
  const range = (): Range => {
    const r = { start: { line: ints[p]!, character: ints[p + 1]! }, end: { line: ints[p + 2]!, character: ints[p + 3]! } };
    p += 4;
    return r;
  };
  // Literals in the parser's field order, so every V of a kind shares one hidden class (see chunkedLoad).
  const value = (): V => {
    const k = ints[p++]!;
    const r = range();
    switch (k) {
      case STR:
        return { k: 'str', v: strings[ints[p++]!]!, range: r };
      case NUM:
        return { k: 'num', v: nums[q++]!, range: r };
      case BOOL:
        return { k: 'bool', v: ints[p++] === 1, range: r };
      case REF:
        return { k: 'ref', id: strings[ints[p++]!]!, range: r };
      case ARR: {
        const items: V[] = new Array<V>(ints[p++]!);
        for (let i = 0; i < items.length; i++) {
          items[i] = value();
        }
        return { k: 'arr', items, range: r };
      }
      case OBJ: {
        const headRange = range();
        const keyRanges = new Map<string, Range>();
        for (let n = ints[p++]!; n > 0; n--) {
          const key = strings[ints[p++]!]!;
          keyRanges.set(key, range());
        }
        const fields = new Map<string, V>();
        for (let n = ints[p++]!; n > 0; n--) {
          const key = strings[ints[p++]!]!;
          fields.set(key, value());
        }
        return { k: 'obj', fields, keyRanges, range: r, headRange };
      }
      default:
        throw new Error(`corrupt chunk transfer: tag ${k} at ${p - 5}`);
    }
  };
  return wire.findings.map((findings) => {
    const key = strings[ints[p++]!]!;
    const hasValue = ints[p++] === 1;
    const v = hasValue ? value() : undefined;
    return [key, findings ? (v ? { value: v, findings } : { findings }) : null];
  });
}
