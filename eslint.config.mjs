// ESLint flat config: TypeScript lint of the suite's library, tasks, scripts, Ignition modules and tests.
// @eslint/js recommended + typescript-eslint recommendedTypeChecked (type-aware: it catches an un-awaited
// `expect(tx).to.be.revertedWithCustomError(...)`, which would otherwise assert nothing), on the project's strict
// tsconfig. Solidity is linted by solhint (`npm run lint:sol`), formatting by prettier.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "artifacts/",
      "cache/",
      "typechain-types/",
      "coverage/",
      ".coverage-shards/",
      "node_modules/",
      "ignition/deployments/",
      "reports/",
      "dist/",
      ".solcover.js",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // Unused names are errors, except those named `_…` on purpose (destructuring away, required callbacks).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      // Hardhat tasks and mocha callbacks are async by contract even when a body awaits nothing.
      "@typescript-eslint/require-await": "off",
    },
  },
  {
    // chai's property assertions (`expect(x).to.be.true`) are expressions by design.
    files: ["test/**/*.ts"],
    rules: {
      "@typescript-eslint/no-unused-expressions": "off",
    },
  },
  {
    // Custom-error arguments come out of ethers' ABI decoder typed `unknown`: they are bigint, string, boolean or
    // address values, which the words-for-errors table interpolates on purpose.
    files: ["src/errors.ts"],
    rules: {
      "@typescript-eslint/restrict-template-expressions": "off",
    },
  },
  {
    // This file and any other plain JavaScript: no type information.
    files: ["**/*.{js,mjs,cjs}"],
    ...tseslint.configs.disableTypeChecked,
  },
);
