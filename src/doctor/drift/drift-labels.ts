// What the two databases are called in messages: the reference (A) and the one compared with it
// (B), e.g. `staging` and `production`.

export interface DriftLabels {
  a: string;
  b: string;
}

export const defaultLabels: DriftLabels = { a: 'A', b: 'B' };
