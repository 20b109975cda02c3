// Where the pagila sample schema is: FKDOCTOR_PAGILA_SCHEMA, else ../shared beside the project
// (the layout of this project's machines), else /work/shared. Tests need it; none skips.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const candidates = [
  process.env.FKDOCTOR_PAGILA_SCHEMA,
  fileURLToPath(new URL('../../../shared/reference/pagila/pagila-schema.sql', import.meta.url)),
  '/work/shared/reference/pagila/pagila-schema.sql',
].filter((path): path is string => Boolean(path));

export const PAGILA = candidates.find((path) => existsSync(path)) ?? candidates[0]!;
