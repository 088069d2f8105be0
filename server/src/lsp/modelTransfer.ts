// Moving a Model from the analysis worker to the main thread. Cloning a 1,000-component model costs
// about 50 ms to serialise in the worker and 80 ms to deserialise on the main thread, a turn of the
// main loop the user feels on every keystroke. The core's chunk cache hands back the same component
// object for a block whose text did not change, so a component the previous reply carried travels as
// a reference. Both sides keep exactly the previous reply's components: no unbounded growth, and a
// reference can only name what the other side still holds.
import type { Component, Model } from '../core/index';

export type WireComponent = { ref: number } | { id: number; value: Component };
export type WireModel = Omit<Model, 'components'> & { components: WireComponent[] };

export class ModelEncoder {
  private previous = new Map<Component, number>();
  private next = 0;

  encode(model: Model): WireModel {
    const current = new Map<Component, number>();
    const components = [...model.components.values()].map((c): WireComponent => {
      const ref = this.previous.get(c);
      if (ref !== undefined) {
        current.set(c, ref);
        return { ref };
      }
      const id = this.next++;
      current.set(c, id);
      return { id, value: c };
    });
    this.previous = current;
    return { ...model, components };
  }
}

export class ModelDecoder {
  private known = new Map<number, Component>();

  /** Must see every reply the encoder produced, in order (also those nobody waits for any more). */
  decode(wire: WireModel): Model {
    const current = new Map<number, Component>();
    const components = new Map<string, Component>();
    for (const w of wire.components) {
      const key = 'ref' in w ? w.ref : w.id;
      const c = 'ref' in w ? this.known.get(w.ref) : w.value;
      if (!c) {
        throw new Error(`analysis worker reply refers to component #${key}, which the previous reply did not carry`);
      }
      current.set(key, c);
      components.set(c.id, c);
    }
    this.known = current;
    return { ...wire, components };
  }
}
