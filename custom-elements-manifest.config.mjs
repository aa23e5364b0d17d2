/** `cem analyze --litelement` reads this: the manifest describes the elements package's public API. */
export default {
  globs: ['packages/elements/src/**/*.ts'],
  exclude: ['packages/elements/src/**/*.styles.ts', 'packages/elements/src/locales/**', 'packages/elements/src/cdn-entry.ts', 'packages/elements/src/cdn-memory-entry.ts'],
  outdir: 'packages/elements',
  litelement: true,
  dev: false,
};
