// The step runner every browser script shares: numbered PASS/FAIL lines, full-page screenshots, a failure's screenshot.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// a failure's screenshot is for whoever debugs the run, never for the docs: artifacts/e2e/failures (FLOCK_E2E_FAILURE_SHOTS)
const FAILURE_SHOTS = process.env.FLOCK_E2E_FAILURE_SHOTS
  || join(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts', 'e2e', 'failures');

export function expect(condition, message) {
  if (!condition) throw new Error(message);
}

/** Steps and screenshots named `{prefix}-NN-{name}.png` in `shotsDir`; `results` collects every step's outcome. */
export function stepRunner(shotsDir, prefix = 'e2e') {
  const results = [];
  let shotNo = 0;

  async function shot(page, name, dir = shotsDir) {
    shotNo++;
    const file = join(dir, `${prefix}-${String(shotNo).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  }

  async function step(name, fn, page) {
    const started = Date.now();
    try {
      const detail = await fn();
      results.push({ name, ok: true });
      console.log(`PASS ${name}${detail ? ` - ${detail}` : ''} (${Date.now() - started} ms)`);
      return true;
    } catch (e) {
      results.push({ name, ok: false, error: e.message.split('\n')[0] });
      console.log(`FAIL ${name} - ${e.message.split('\n')[0]}`);
      if (page) {
        mkdirSync(FAILURE_SHOTS, { recursive: true });
        const file = await shot(page, 'FAILED-step-' + name.split(' ')[0], FAILURE_SHOTS).catch(() => null);
        if (file) console.log(`     screenshot of the failure: ${file}`);
      }
      return false;
    }
  }

  return { results, step, shot };
}
