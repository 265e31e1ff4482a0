// The step runner every browser script shares: numbered PASS/FAIL lines, full-page screenshots, a failure's screenshot.
import { join } from 'node:path';

export function expect(condition, message) {
  if (!condition) throw new Error(message);
}

/** Steps and screenshots named `{prefix}-NN-{name}.png` in `shotsDir`; `results` collects every step's outcome. */
export function stepRunner(shotsDir, prefix = 'e2e') {
  const results = [];
  let shotNo = 0;

  async function shot(page, name) {
    shotNo++;
    const file = join(shotsDir, `${prefix}-${String(shotNo).padStart(2, '0')}-${name}.png`);
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
      if (page) await shot(page, 'FAILED-step-' + name.split(' ')[0]).catch(() => {});
      console.log(`FAIL ${name} - ${e.message.split('\n')[0]}`);
      return false;
    }
  }

  return { results, step, shot };
}
