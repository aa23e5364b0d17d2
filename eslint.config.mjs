import js from '@eslint/js';
import { configs as litConfigs } from 'eslint-plugin-lit';
import { configs as wcConfigs } from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * User text must never become HTML or code. These APIs are banned in every package's `src/`: under
 * Trusted Types Lit's own policy would let `unsafeHTML` through, so only lint can keep them out.
 */
const BANNED_RENDERING = [
  { selector: "ImportSpecifier[imported.name='unsafeHTML']", message: 'unsafeHTML renders text as HTML; render tokens with text bindings.' },
  { selector: "ImportSpecifier[imported.name='unsafeSVG']", message: 'unsafeSVG renders text as markup.' },
  { selector: "ImportDeclaration[source.value=/unsafe-(html|svg)/]", message: 'Lit unsafe-* directives are banned in src/.' },
  { selector: "MemberExpression[property.name='innerHTML']", message: 'innerHTML is banned in src/: use Lit templates.' },
  { selector: "MemberExpression[property.name='outerHTML']", message: 'outerHTML is banned in src/.' },
  { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: 'insertAdjacentHTML is banned in src/.' },
  { selector: "CallExpression[callee.property.name='write'][callee.object.name='document']", message: 'document.write is banned in src/.' },
  { selector: "CallExpression[callee.name='eval']", message: 'eval is banned in src/.' },
  { selector: "NewExpression[callee.name='Function']", message: 'new Function is banned in src/.' },
  { selector: "CallExpression[callee.property.name='createContextualFragment']", message: 'createContextualFragment parses HTML; banned in src/.' },
];

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', 'storybook-static/**', '.data/**', 'packages/elements/custom-elements.json', 'demo/vendor/**', 'packages/elements/src/locales/generated/**', '.cache/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: false }],
      '@typescript-eslint/no-unnecessary-condition': ['error', { allowConstantLoopConditions: true }],
    },
  },
  {
    files: ['packages/*/src/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', ...BANNED_RENDERING], 'no-eval': 'error', 'no-implied-eval': 'error' },
  },
  {
    files: ['packages/elements/src/**/*.ts', 'stories/**/*.ts'],
    ...litConfigs['flat/recommended'],
  },
  {
    files: ['packages/elements/src/**/*.ts'],
    ...wcConfigs['flat/recommended'],
    rules: {
      ...wcConfigs['flat/recommended'].rules,
      'wc/guard-super-call': 'off',
      // Lit calls `@event=${this.handler}` listeners with the host as `this`.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // @open-wc/testing's `expect(...)` chains are thenables the runner awaits for us.
    files: ['test/**/*.ts', 'stories/**/*.ts'],
    rules: {
      '@typescript-eslint/no-floating-promises': 'off',
      '@typescript-eslint/no-unused-expressions': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Tests build Unicode test strings from code points on purpose.
      '@typescript-eslint/no-misused-spread': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // The demo's page scripts run in the browser, unbundled.
    files: ['demo/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
