/**
 * Loaded before every test file (`testRunnerHtml` in web-test-runner.config.mjs): a failed
 * assertion about an element is reported as a failure, not as a run that never ends.
 *
 * @remarks
 * The test runner sends each result from the page with `structuredClone`, and an
 * `AssertionError` carries its `actual` and `expected` values. An element, a function or a window
 * cannot be cloned: the send threw, and the file's run hung until the runner gave up 120 s later
 * saying only that the tests "did not finish" (modernweb-dev/web#2967, open-wc/open-wc#2880).
 * The values that cannot be cloned are replaced by their description; the error's message,
 * written when it was thrown, already names them.
 */
// Chai itself, not @open-wc/testing: that one registers its fixtures' clean-up with the test
// framework when imported, and this module runs before the framework is there.
import { use } from '@esm-bundle/chai';

use(({ Assertion, AssertionError }, { inspect }) => {
  const assert = Assertion.prototype.assert;
  Assertion.prototype.assert = function (this: Chai.AssertionStatic, ...args: Parameters<typeof assert>) {
    try {
      assert.apply(this, args);
    } catch (error) {
      if (error instanceof AssertionError) {
        const values = error as unknown as Record<'actual' | 'expected', unknown>;
        for (const key of ['actual', 'expected'] as const) {
          if (!(key in values)) continue;
          try {
            structuredClone(values[key]);
          } catch {
            values[key] = inspect(values[key]);
          }
        }
      }
      throw error;
    }
  } as typeof assert;
});
