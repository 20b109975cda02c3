// A topological order that moves items as little as possible from their given order, the way
// pg_dump's TopoSort does: fill the output from the end, each time taking the item latest in
// the input that nothing still unplaced has to follow. Ties therefore keep input order, and an
// item only moves up when something needs it earlier.
//
// On top of that, a constraint can be soft (an FK edge we know how to break): when no item is
// free, we place the item with the fewest soft constraints still pending and report those as
// broken. Only when even that is impossible is a hard constraint given up (reported as forced).

export interface OrderConstraint {
  /** Item that must come first. */
  before: number;
  /** Item that must come after it. */
  after: number;
  /** May be broken when there is no other way. */
  soft: boolean;
}

export interface StableOrder {
  /** Item numbers in output order. */
  order: number[];
  /** Indexes (into the constraints) of soft constraints the order does not satisfy. */
  broken: number[];
  /** Indexes of hard constraints the order does not satisfy (only when they form a cycle). */
  forced: number[];
}

/**
 * Orders items `0..count-1`, which are given in order of preference. Constraints of an item on
 * itself are ignored: they say nothing about where the item goes.
 */
export function stableOrder(count: number, constraints: readonly OrderConstraint[]): StableOrder {
  // For each item, the constraints naming it as `before` / `after`.
  const asBefore: number[][] = Array.from({ length: count }, () => []);
  const asAfter: number[][] = Array.from({ length: count }, () => []);
  // Constraints whose `after` item is not placed yet, per `before` item.
  const hardPending = new Int32Array(count);
  const softPending = new Int32Array(count);
  constraints.forEach((c, i) => {
    if (c.before === c.after) return;
    asBefore[c.before]?.push(i);
    asAfter[c.after]?.push(i);
    add(c.soft ? softPending : hardPending, c.before, 1);
  });

  const placed = new Uint8Array(count);
  const ready = new MaxHeap();
  for (let i = 0; i < count; i++) {
    if (hardPending[i] === 0 && softPending[i] === 0) ready.push(i);
  }

  const order = new Array<number>(count);
  const broken: number[] = [];
  const forced: number[] = [];
  for (let slot = count - 1; slot >= 0; slot--) {
    let item = ready.pop();
    while (item !== undefined && placed[item]) item = ready.pop();
    if (item === undefined) {
      item = leastConstrained(count, placed, hardPending, softPending);
      // Everything still waiting to follow `item` will now precede it instead.
      for (const i of asBefore[item] ?? []) {
        const c = constraints[i] as OrderConstraint;
        if (!placed[c.after]) (c.soft ? broken : forced).push(i);
      }
    }
    placed[item] = 1;
    order[slot] = item;
    for (const i of asAfter[item] ?? []) {
      const c = constraints[i] as OrderConstraint;
      add(c.soft ? softPending : hardPending, c.before, -1);
      if (!placed[c.before] && hardPending[c.before] === 0 && softPending[c.before] === 0) {
        ready.push(c.before);
      }
    }
  }
  return { order, broken: broken.sort((a, b) => a - b), forced: forced.sort((a, b) => a - b) };
}

function add(counts: Int32Array, i: number, delta: number): void {
  counts[i] = (counts[i] as number) + delta;
}

/** The unplaced item to place when none is free: no hard constraints pending if possible,
 *  then the fewest soft ones, then the latest in the input (as the free items are chosen). */
function leastConstrained(
  count: number,
  placed: Uint8Array,
  hardPending: Int32Array,
  softPending: Int32Array,
): number {
  let best = -1;
  for (let i = count - 1; i >= 0; i--) {
    if (placed[i]) continue;
    if (
      best === -1 ||
      (hardPending[i] as number) < (hardPending[best] as number) ||
      (hardPending[i] === hardPending[best] &&
        (softPending[i] as number) < (softPending[best] as number))
    ) {
      best = i;
    }
  }
  return best;
}

/** A binary max-heap of item numbers. */
class MaxHeap {
  private readonly items: number[] = [];

  push(value: number): void {
    const items = this.items;
    let i = items.length;
    items.push(value);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((items[parent] as number) >= value) break;
      items[i] = items[parent] as number;
      i = parent;
    }
    items[i] = value;
  }

  pop(): number | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= items.length) break;
      if (child + 1 < items.length && (items[child + 1] as number) > (items[child] as number)) {
        child++;
      }
      if ((items[child] as number) <= last) break;
      items[i] = items[child] as number;
      i = child;
    }
    items[i] = last;
    return top;
  }
}
