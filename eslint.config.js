import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

// Import direction (docs/architecture.md): common → nothing of ours; renderer → common only;
// only electron/main and electron/preload load `electron`; node-common (the shared Node layer)
// → common only; electron/services, electron/device-host and signaling-server → common and
// node-common; renderer and common never load node-common.
const nodeBuiltins = { group: ['node:*'], message: 'No Node built-ins here.' }
const electronModule = {
  name: 'electron',
  message: 'Only electron/main and electron/preload load electron.',
}

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'out',
      'dist',
      '.tsbuild',
      'test-results',
      'playwright-report',
      'bench/results',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['common/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronModule],
          patterns: [
            nodeBuiltins,
            {
              group: [
                '**/electron/**',
                '**/renderer/**',
                '**/signaling-server/**',
                '**/node-common/**',
                'react',
                'react-dom',
              ],
              message: 'common imports nothing of ours but common.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer'],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [electronModule],
          patterns: [
            nodeBuiltins,
            {
              group: ['**/electron/**', '**/signaling-server/**', '**/node-common/**'],
              message: 'The renderer talks to main only through platform/bridge.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['signaling-server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronModule],
          patterns: [
            {
              group: ['**/electron/**', '**/renderer/**'],
              message: 'The server depends on common and node-common only.',
            },
          ],
        },
      ],
    },
  },
  {
    // The video counter's domain: plain state machines; sockets and timers live at the edge.
    files: ['signaling-server/src/realtime/**/*.ts'],
    ignores: [
      'signaling-server/src/realtime/dispatch.ts',
      'signaling-server/src/realtime/gateway.ts',
      'signaling-server/src/realtime/handshake.ts',
      'signaling-server/src/realtime/notify.ts',
      'signaling-server/src/realtime/scheduler.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronModule, 'socket.io', 'node:timers', 'node:timers/promises'],
          patterns: [
            {
              group: ['**/electron/**', '**/renderer/**'],
              message: 'The server depends on common only.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        'setTimeout',
        'setInterval',
        'setImmediate',
        'clearTimeout',
        'clearInterval',
      ],
    },
  },
  {
    files: ['electron/services/**/*.ts', 'electron/device-host/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronModule],
          patterns: [
            {
              group: ['**/electron/main/**', '**/renderer/**', '**/signaling-server/**'],
              message: 'Services are plain Node.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['node-common/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronModule],
          patterns: [
            {
              group: ['**/electron/**', '**/renderer/**', '**/signaling-server/**'],
              message:
                'node-common is plain Node shared by kiosk and centre: it imports common only.',
            },
          ],
        },
      ],
    },
  },
  prettier,
)
