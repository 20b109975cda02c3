// After tsc: the CLI entry must be executable, because `npx fkdoctor` in this project's own
// folder runs the bin file itself (npm links and marks bins only for installed packages).

import { chmodSync } from 'node:fs';

chmodSync(new URL('../dist/cli/main.js', import.meta.url), 0o755);
