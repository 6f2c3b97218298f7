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
  // Two cores: the slow suites (terraform, synth subprocesses) overlap with the rest.
  maxWorkers: 2,
};

export default config;
