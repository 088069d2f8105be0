// Quantities with units: capacity, load and demand. A rate is kept in its base unit (per second, bytes,
// watts) with its dimension, so "1.2k rpm" and "20 rps" compare, and "40 kW" never meets "300 rps".
import type { Parsed } from './values';
import { clip } from './values';
import { didYouMean } from './suggest';

/**
 * rate: operations per second (requests, messages, events, queries, tokens...: one flow, converted by
 * the call ratio of each dependency). bandwidth: bytes per second. power: watts (a power feed's load,
 * a cooling loop's heat).
 */
export type Dimension = 'rate' | 'bandwidth' | 'power';

export interface Quantity {
  /** In the base unit of the dimension: per second, bytes per second, watts. */
  value: number;
  dimension: Dimension;
  /** The unit as written, for display: "rps", "msg/s", "kW". */
  unit: string;
}

interface UnitDef {
  dimension: Dimension;
  /** Multiplies a value in this unit into the base unit. */
  factor: number;
}

const units = new Map<string, UnitDef>();
const rate = (names: string[], perSecond: number) => names.forEach((n) => units.set(n, { dimension: 'rate', factor: perSecond }));
// Nouns a rate may count. Requests and messages are one flow: a service that turns each request into a
// message passes its rate on with a call ratio of 1.
const nouns = ['req', 'reqs', 'request', 'requests', 'msg', 'msgs', 'message', 'messages', 'event', 'events', 'query', 'queries', 'op', 'ops', 'operation', 'operations', 'tx', 'txn', 'transactions', 'token', 'tokens', 'job', 'jobs', 'record', 'records', 'row', 'rows', 'call', 'calls', 'write', 'writes', 'read', 'reads'];
rate(['rps', 'qps', 'tps', 'mps', 'eps', 'ops', '/s'], 1);
rate(['rpm', 'qpm', 'tpm', '/min', '/m'], 1 / 60);
rate(['rph', '/h'], 1 / 3600);
for (const n of nouns) {
  rate([`${n}/s`, `${n}/sec`], 1);
  rate([`${n}/min`, `${n}/m`], 1 / 60);
  rate([`${n}/h`, `${n}/hour`], 1 / 3600);
}
const bytes: [string, number][] = [['B', 1], ['KB', 1e3], ['MB', 1e6], ['GB', 1e9], ['TB', 1e12], ['KiB', 1024], ['MiB', 1024 ** 2], ['GiB', 1024 ** 3], ['TiB', 1024 ** 4]];
for (const [u, f] of bytes) {
  units.set(`${u}/s`, { dimension: 'bandwidth', factor: f });
}
for (const [u, f] of [['bps', 1 / 8], ['kbps', 1e3 / 8], ['Kbps', 1e3 / 8], ['Mbps', 1e6 / 8], ['Gbps', 1e9 / 8], ['Tbps', 1e12 / 8]] as const) {
  units.set(u, { dimension: 'bandwidth', factor: f });
}
for (const [u, f] of [['W', 1], ['kW', 1e3], ['MW', 1e6]] as const) {
  units.set(u, { dimension: 'power', factor: f });
}

/** Lower-case spellings of the rate units, so "RPS" and "Msg/S" are understood; bandwidth and power keep their case (Mbps is not MBps). */
const lowerRate = new Map<string, string>();
for (const [u, d] of units) {
  if (d.dimension === 'rate') {
    lowerRate.set(u.toLowerCase(), u);
  }
}

/** The units a did-you-mean offers: the common spellings, so a typo of rps is not answered with /s. */
const suggested = ['rps', 'rpm', 'qps', 'tps', 'req/s', 'msg/s', 'events/s', 'tokens/s', 'jobs/s', 'B/s', 'KB/s', 'MB/s', 'GB/s', 'Mbps', 'Gbps', 'W', 'kW', 'MW'];

const multipliers: Record<string, number> = { '': 1, k: 1e3, K: 1e3, M: 1e6, G: 1e9 };
const quantityRe = /^(\d+(?:\.\d+)?|\.\d+)\s*([kKMG]?)\s+(\S+)$|^(\d+(?:\.\d+)?|\.\d+)([kKMG]?)([A-Za-z/]\S*)$/;

/** The largest value the analysis accepts: beyond it, arithmetic stops meaning anything (a typo). */
export const maxQuantity = 1e15;

export const unitExamples = '1800 rps, 12k msg/s, 300 rpm, 40 MB/s, 10 Gbps, 400 kW';

/** `1800 rps`, `1.2k msg/s`, `300 rpm`, `40 MB/s`, `400 kW`. */
export function parseQuantity(text: string): Parsed<Quantity> {
  const t = text.trim();
  const m = quantityRe.exec(t);
  if (!m) {
    if (/^[-−]\s*(\d|\.\d)/.test(t) && quantityRe.test(t.replace(/^[-−]\s*/, ''))) {
      return { ok: false, message: `"${clip(text)}" is negative: a rate, a bandwidth or a power is zero or more.` };
    }
    return { ok: false, message: `"${clip(text)}" is not a quantity: write a number and a unit, e.g. ${unitExamples}.` };
  }
  const num = Number(m[1] ?? m[4]);
  const mult = multipliers[m[2] ?? m[5] ?? ''] ?? 1;
  const written = (m[3] ?? m[6])!;
  const key = units.has(written) ? written : lowerRate.get(written.toLowerCase());
  const def = key ? units.get(key) : undefined;
  if (!def || !key) {
    // Swapped letters first (rsp, pms): Levenshtein counts a swap as two edits and would tie with rpm.
    const sorted = [...written.toLowerCase()].sort().join('');
    const guess = suggested.find((u) => [...u.toLowerCase()].sort().join('') === sorted) ?? didYouMean(written, suggested);
    return {
      ok: false,
      message: `"${clip(written, 30)}" is not a unit incidentmap knows.${guess ? ` Did you mean ${guess}?` : ''} Rates: rps, rpm, msg/s, events/s, tokens/s; bandwidth: MB/s, Gbps; power: kW.`,
    };
  }
  const value = num * mult * def.factor;
  if (!Number.isFinite(value) || value > maxQuantity) {
    return { ok: false, message: `"${clip(text)}" is too large to be a real ${def.dimension}: check the number and its unit.` };
  }
  return { ok: true, value: { value, dimension: def.dimension, unit: key } };
}

/** A value in base units written back in `unit` (the unit its component declares), e.g. "1,170 rps". */
export function formatQuantity(value: number, unit: string): string {
  const def = units.get(unit) ?? units.get(lowerRate.get(unit.toLowerCase()) ?? '');
  const v = def ? value / def.factor : value;
  return `${formatNumber(v)} ${unit}`;
}

/** 1170 -> "1,170"; 12.5 -> "12.5"; 0.333 -> "0.33". */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) {
    return v > 0 ? '∞' : '-∞';
  }
  const abs = Math.abs(v);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return v.toLocaleString('en-US', { maximumFractionDigits: digits });
}

/** The noun of a dimension for messages: "requests per second", "bandwidth", "power". */
export function dimensionName(d: Dimension): string {
  return d === 'rate' ? 'a rate (requests, messages or events per second)' : d === 'bandwidth' ? 'bandwidth (bytes per second)' : 'power (watts)';
}

/** The base unit of a dimension, for a load that reaches a component without a capacity to borrow a unit from. */
export function baseUnit(d: Dimension): string {
  return d === 'rate' ? '/s' : d === 'bandwidth' ? 'B/s' : 'W';
}

/** 0.975 -> "98%"; 1.5 -> "150%". */
export function formatPercent(u: number): string {
  if (!Number.isFinite(u)) {
    return '∞%';
  }
  return `${Math.round(u * 100)}%`;
}
