// @ts-check
/**
 * ESLint flat config. Beyond typescript-eslint's type-checked rules it enforces the house's layering
 * (docs/architecture.md): which folder may import what, so a wrong import fails `npm run lint`.
 */
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Node built-ins under both spellings (`fs`, `node:fs`, `fs/promises`, ...). */
const nodeBuiltins = {
  paths: builtinModules.map((name) => ({
    name,
    message: 'Node built-ins are not available here; keep this code free of Node APIs.',
  })),
  patterns: [
    {
      regex: '^node:',
      message: 'Node built-ins are not available here; keep this code free of Node APIs.',
    },
  ],
};

const noElectron = {
  name: 'electron',
  message: 'Domain code never imports electron: take what it needs as arguments (see docs/architecture.md).',
};

const noElectronSubpaths = {
  regex: '^electron/',
  message: 'Domain code never imports electron: take what it needs as arguments (see docs/architecture.md).',
};

const noRenderer = {
  regex: '(^|/)src-renderer(/|$)',
  message: 'Main-side code never imports the renderer: they meet in the contract (src-shared/api).',
};

/**
 * Forbids importing the named sibling rooms of src-main (`../client/...`, `../../app/...`).
 * @param {string[]} rooms
 * @param {string} who
 */
function mainRooms(rooms, who) {
  return {
    regex: `(^|/)(src-main/)?(${rooms.join('|')})/`,
    message: `${who} does not import src-main/{${rooms.join(',')}} (docs/architecture.md).`,
  };
}

export default defineConfig(
  {
    ignores: ['out/', 'dist/', 'node_modules/', 'bench/results/', 'coverage/'],
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // The nearest tsconfig.json decides each file's project; root JS config files have none.
        projectService: { allowDefaultProject: ['*.js', 'scripts/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: {
      reportUnusedDisableDirectives: 'error',
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      // verbatimModuleSyntax already demands `type` on type-only imports; this keeps them from
      // leaving an empty side-effect import behind.
      '@typescript-eslint/no-import-type-side-effects': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/prefer-promise-reject-errors': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },

  // Layering, one block per room. Later blocks don't merge option lists with earlier ones, so
  // each block states its room's whole rule.
  {
    files: ['src-shared/**/*.ts', 'src-shared/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltins.paths, noElectron],
          patterns: [
            ...nodeBuiltins.patterns,
            noElectronSubpaths,
            {
              regex: '(^|/)src-(main|renderer)(/|$)',
              message: 'src-shared is plain TypeScript shared by every room; it imports from no other room.',
            },
          ],
        },
      ],
    },
  },
  // The server (with its store) and the client share the protocol room and nothing else; the app core
  // and browser mode sit on top of both; only the shell may import electron.
  {
    files: ['src-main/server/**/*.ts', 'src-main/store/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            noElectronSubpaths,
            noRenderer,
            mainRooms(['client', 'app', 'web', 'shell'], 'The server'),
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/client/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            noElectronSubpaths,
            noRenderer,
            mainRooms(['server', 'store', 'app', 'web', 'shell'], 'The client'),
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/app/**/*.ts', 'src-main/web/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [noElectronSubpaths, noRenderer, mainRooms(['shell'], 'The app core and browser mode')],
        },
      ],
    },
  },
  {
    files: ['src-main/shell/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [noRenderer] }],
    },
  },
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltins.paths, noElectron],
          patterns: [
            ...nodeBuiltins.patterns,
            noElectronSubpaths,
            {
              regex: '(^|/)src-main(/|$)',
              message:
                'The renderer reaches main only through window.parley (the contract in src-shared/api).',
            },
          ],
        },
      ],
    },
  },

  // Plain JavaScript tools (npm scripts, CI's result counter) run under Node and read JSON reports;
  // tsc does not check them, so Node's globals and untyped JSON are expected there.
  {
    files: ['scripts/*.mjs'],
    rules: {
      'no-undef': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
  // Tests: a non-null assertion on a value the test just arranged reads better than a guard, and
  // `expect(obj.method).toHaveBeenCalled()` passes methods around on purpose.
  {
    files: ['**/*.test.ts', 'tests/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  // The benchmark's hot loops index parallel arrays in range; noUncheckedIndexedAccess would
  // otherwise demand a guard per access.
  {
    files: ['bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
