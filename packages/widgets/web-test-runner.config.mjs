// Widget tests in a real Chromium: Debian's /usr/bin/chromium (test tools cannot download
// browsers here), through @web/test-runner-chrome. One group per component, as shoelace does.
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const executablePath = process.env.CHROME_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));
if (!executablePath) throw new Error('No Chromium found: install it (apt-get install chromium) or set CHROME_PATH');

const hasTests = (dir) => readdirSync(new URL(dir, import.meta.url)).some((f) => f.endsWith('.test.ts'));
const components = readdirSync(new URL('./src/components/', import.meta.url)).filter((name) => hasTests(`./src/components/${name}/`));

export default {
  rootDir: '../..',
  nodeResolve: { exportConditions: ['@casepath/source', 'browser', 'development'] },
  concurrency: 2,
  testFramework: { config: { timeout: 10000 } },
  // A failed assertion about an element is reported, not a run that hangs (see the module). The
  // page is the runner's own (standards mode), with that module before the framework.
  testRunnerHtml: (testFramework) =>
    `<!DOCTYPE html><html><head></head><body><script type="module" src="/packages/widgets/src/internal/reported-failures.test-support.ts"></script><script type="module" src="${testFramework}"></script></body></html>`,
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) })],
  browsers: [
    chromeLauncher({
      // Each test page in a window of its own: a page opened as a background tab is hidden and
      // gets no animation frames, and Chromium fires a <dialog>'s `close` event on a frame, so a
      // test that waits for it hung whenever its page was not the front tab.
      createPage: ({ context }) => context.newPage({ type: 'window' }),
      launchOptions: {
        executablePath,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
      },
    }),
  ],
  groups: [
    ...components.map((name) => ({ name, files: `src/components/${name}/*.test.ts` })),
    // src/sync/ (the sync client's parts) is named apart from the <cp-sync> component's group.
    ...['storage', 'i18n', 'internal', 'sync'].filter((dir) => hasTests(`./src/${dir}/`)).map((dir) => ({ name: dir === 'sync' ? 'sync-client' : dir, files: `src/${dir}/*.test.ts` })),
  ],
};
