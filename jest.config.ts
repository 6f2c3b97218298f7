import type { Config } from "jest";

const config: Config = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // Transpile only (isolatedModules in tsconfig.json): `npm test` type-checks once with tsc before jest.
  transform: { "^.+\\.ts$": "<rootDir>/test/ts-transform.js", "/node_modules/@marcbachmann/cel-js/.+\\.js$": "<rootDir>/test/esm-transform.js" },
  // The CEL engine is published as ES modules only.
  transformIgnorePatterns: ["/node_modules/(?!@marcbachmann/cel-js/)"],
  // cdktf's and constructs' per-token stack traces, which the bundled synth leaves out as well (test/stubs/stack-trace.js).
  moduleNameMapper: { "^\\./(tokens/)?(private/)?stack-trace$": "<rootDir>/test/stubs/stack-trace.js" },
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  reporters: ["default", "<rootDir>/test/skip-reporter.js"],
  testTimeout: 60000,
  // Two cores, three workers: the suites that wait on terraform, promtool or a synth subprocess leave a core
  // idle part of the time, which a third worker fills (about 8% off the whole run, measured).
  maxWorkers: 3,
};

export default config;
