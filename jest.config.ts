import type { Config } from "jest";

const config: Config = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // Transpile only (isolatedModules in tsconfig.json): `npm test` type-checks once with tsc before jest.
  transform: { "^.+\\.ts$": "<rootDir>/test/ts-transform.js", "/node_modules/@marcbachmann/cel-js/.+\\.js$": "<rootDir>/test/esm-transform.js" },
  // The CEL engine is published as ES modules only.
  transformIgnorePatterns: ["/node_modules/(?!@marcbachmann/cel-js/)"],
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  reporters: ["default", "<rootDir>/test/skip-reporter.js"],
  testTimeout: 60000,
  // Two cores, three workers: the suites that wait on terraform, promtool or a synth subprocess leave a core
  // idle part of the time, which a third worker fills (the whole run: 116 s with two, 107 s with three).
  maxWorkers: 3,
};

export default config;
