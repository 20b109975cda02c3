// Strongly connected components (Tarjan), iterative: FK graphs of real schemas can chain
// thousands of tables, deeper than the JavaScript call stack allows for a recursive walk.

export interface Components {
  /** Component number of each node. */
  componentOf: Int32Array;
  /**
   * The nodes of each component. A component is listed after every component it has an edge
   * to, so with edges pointing at dependencies this is already a valid dependency order.
   */
  components: number[][];
}

/** Components of the graph whose node `v` has edges to `successors[v]`. */
export function stronglyConnected(successors: readonly (readonly number[])[]): Components {
  const count = successors.length;
  const index = new Int32Array(count).fill(-1);
  const low = new Int32Array(count);
  const onStack = new Uint8Array(count);
  const componentOf = new Int32Array(count).fill(-1);
  const components: number[][] = [];
  const stack: number[] = [];
  // The explicit call stack: a node, and how far through its successors we are.
  const callNode: number[] = [];
  const callNext: number[] = [];
  let counter = 0;

  const enter = (v: number): void => {
    index[v] = counter;
    low[v] = counter;
    counter++;
    stack.push(v);
    onStack[v] = 1;
    callNode.push(v);
    callNext.push(0);
  };

  for (let root = 0; root < count; root++) {
    if (index[root] !== -1) continue;
    enter(root);
    while (callNode.length > 0) {
      const top = callNode.length - 1;
      const v = callNode[top] as number;
      const next = callNext[top] as number;
      const out = successors[v] as readonly number[];
      if (next < out.length) {
        callNext[top] = next + 1;
        const w = out[next] as number;
        if (index[w] === -1) enter(w);
        else if (onStack[w]) low[v] = Math.min(low[v] as number, index[w] as number);
        continue;
      }
      // All successors done: v is finished, as the recursive version would return here.
      callNode.pop();
      callNext.pop();
      if (low[v] === index[v]) {
        const members: number[] = [];
        let w: number;
        do {
          w = stack.pop() as number;
          onStack[w] = 0;
          componentOf[w] = components.length;
          members.push(w);
        } while (w !== v);
        components.push(members.reverse());
      }
      const caller = callNode[callNode.length - 1];
      if (caller !== undefined) low[caller] = Math.min(low[caller] as number, low[v] as number);
    }
  }
  return { componentOf, components };
}
