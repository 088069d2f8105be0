// Moving an analysis result from the worker to the main thread without a long turn of the main loop.
//
// Two costs, both measured (docs/PERFORMANCE.md, "The main loop, measured"):
// - Size: cloning a 1,000-component model every keystroke. The core's chunk cache hands back the same
//   component object for a block whose text did not change, so a component the previous reply carried
//   travels as its number. Both sides keep exactly the previous reply's components: no unbounded
//   growth, and a number can only name what the other side still holds.
// - One turn: a structured clone is deserialised whole when the message arrives, 150-430 ms for the
//   first reply after opening a 2,000-component map. New components and findings therefore travel as
//   small V8-serialised batches, and the main thread decodes them a time slice at a time, letting the
//   loop read its input between slices.
import { deserialize, serialize } from 'node:v8';
import type { Component, Model } from '../core/index';

export interface WireModel {
  /** Everything but the components: a handful of small maps, cloned as they are. */
  rest: Omit<Model, 'components'>;
  /** The components in map order, by number: the next unused number is a new component, in `fresh`. */
  slots: number[];
  fresh: Uint8Array[];
}

const componentsPerBatch = 64;
const findingsPerBatch = 256;

/** Serialises a list in batches small enough to decode within one time slice. */
export function encodeList<T>(items: readonly T[], perBatch = findingsPerBatch): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < items.length; i += perBatch) {
    out.push(serialize(items.slice(i, i + perBatch)));
  }
  return out;
}

export async function decodeList<T>(batches: readonly Uint8Array[], slicer: Slicer): Promise<T[]> {
  const out: T[] = [];
  for (const b of batches) {
    await slicer.pause();
    for (const item of deserialize(b) as T[]) {
      out.push(item);
    }
  }
  return out;
}

/** Gives the event loop a turn whenever the current one has run longer than its slice. */
export class Slicer {
  private sliceStart = performance.now();
  constructor(private readonly sliceMs = 8) {}

  pause(): Promise<void> | undefined {
    if (performance.now() - this.sliceStart < this.sliceMs) {
      return undefined;
    }
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        this.sliceStart = performance.now();
        resolve();
      }),
    );
  }
}

export class ModelEncoder {
  private previous = new Map<Component, number>();
  private next = 0;

  encode(model: Model): WireModel {
    const current = new Map<Component, number>();
    const slots: number[] = [];
    const added: Component[] = [];
    for (const c of model.components.values()) {
      let n = current.get(c) ?? this.previous.get(c);
      if (n === undefined) {
        n = this.next++;
        added.push(c);
      }
      current.set(c, n);
      slots.push(n);
    }
    this.previous = current;
    const { components: _, ...rest } = model;
    return { rest, slots, fresh: encodeList(added, componentsPerBatch) };
  }
}

export class ModelDecoder {
  private known = new Map<number, Component>();
  private next = 0;

  /** Must see every reply the encoder produced, in order (also those nobody waits for any more). */
  async decode(wire: WireModel, slicer = new Slicer()): Promise<Model> {
    const added = await decodeList<Component>(wire.fresh, slicer);
    const current = new Map<number, Component>();
    const components = new Map<string, Component>();
    let taken = 0;
    for (const n of wire.slots) {
      let c = current.get(n) ?? this.known.get(n);
      if (!c && n === this.next) {
        c = added[taken++];
        this.next++;
      }
      if (!c) {
        throw new Error(`analysis worker reply refers to component #${n}, which the previous reply did not carry`);
      }
      current.set(n, c);
      components.set(c.id, c);
    }
    if (taken !== added.length) {
      throw new Error(`analysis worker reply carried ${added.length} new components but placed ${taken}`);
    }
    this.known = current;
    return { ...wire.rest, components };
  }
}
