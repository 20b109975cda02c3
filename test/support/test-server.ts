// The servers test/setup/servers.ts starts or finds, as handed to test files.

export interface TestServer {
  /** e.g. `postgres-15`, `postgres-18-embedded`. */
  label: string;
  /** Superuser URL of the server's maintenance database; create a scratch database from it. */
  url: string;
  /** Major version, e.g. 15. */
  major: number;
}

declare module 'vitest' {
  export interface ProvidedContext {
    testServers: TestServer[];
  }
}
