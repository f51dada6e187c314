// The shopper's journey through the shop page in the machine's Chromium (Debian's chromium package;
// nothing here downloads a browser): sign in, grant browsing, view products, personalized
// recommendations with reasons, withdraw, non-personalized again and the browsing data gone, download,
// delete everything. Each step is screenshotted at 1280 px and 375 px and checked with axe-core (no
// serious or critical violation). Run by WebJourneyIT against the packaged suite:
//   GATEWAY_URL=http://127.0.0.1:PORT OUT_DIR=target/web-journey node journey.mjs
import { chromium } from 'playwright-core';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BASE = process.env.GATEWAY_URL ?? 'http://127.0.0.1:8080';
const OUT = process.env.OUT_DIR ?? 'web-journey';
const BROWSER = process.env.CHROMIUM ?? '/usr/bin/chromium';
const SHOPPER = process.env.SHOPPER ?? 'demo-shopper-1';
const WIDTHS = [1280, 375];
// deadlines for what travels over Kafka (consent to the views, features to recommendations); waits end
// as soon as the page shows the expected state
const ASYNC_DEADLINE_MS = Number(process.env.ASYNC_DEADLINE_MS ?? 60000);

if (!existsSync(BROWSER)) {
  console.error(`[journey] no Chromium at ${BROWSER}: install Debian's package (apt-get install -y chromium); .ci/run does`);
  process.exit(2);
}
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
mkdirSync(OUT, { recursive: true });

const report = { gateway: BASE, steps: [], violations: [], timings: {} };
let step = 0;

const profile = mkdtempSync(join(tmpdir(), 'journey-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: BROWSER,
  headless: true,
  acceptDownloads: true,
  viewport: { width: WIDTHS[0], height: 900 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const page = context.pages()[0] ?? await context.newPage();
const pageErrors = [];
page.on('pageerror', (error) => pageErrors.push(String(error)));
page.on('console', (message) => { if (message.type() === 'error') pageErrors.push(message.text()); });

function fail(message) {
  throw new Error(message);
}

async function axe(name, width) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  for (const violation of result.violations) {
    if (violation.impact === 'serious' || violation.impact === 'critical') {
      report.violations.push({ step: name, width, id: violation.id, impact: violation.impact,
        help: violation.help, targets: violation.nodes.map((node) => node.target.join(' ')) });
    }
  }
}

/** Screenshots (desktop and 375 px) and the accessibility check of what the page shows now. */
async function checkpoint(name) {
  step += 1;
  const label = `${String(step).padStart(2, '0')}-${name}`;
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: width < 600 ? 812 : 900 });
    await page.screenshot({ path: join(OUT, `${label}-${width}.png`), fullPage: true });
    await axe(label, width);
  }
  await page.setViewportSize({ width: WIDTHS[0], height: 900 });
  report.steps.push(label);
  console.log(`[journey] ${label}`);
}

async function waitForText(selector, text, what, { onRetry } = {}) {
  const deadline = Date.now() + ASYNC_DEADLINE_MS;
  for (;;) {
    const content = await page.locator(selector).first().textContent().catch(() => '');
    if (content && (text instanceof RegExp ? text.test(content) : content.includes(text))) return;
    const status = await page.locator('#status').textContent();
    if (status.startsWith('Something went wrong')) fail(`${what}: the page reported "${status}"`);
    if (Date.now() > deadline) fail(`${what}: "${selector}" never showed "${text}" (last: "${content}")`);
    if (onRetry) await onRetry();
    await page.waitForTimeout(500); // poll interval; the deadline above decides
  }
}

async function go(view) {
  await page.getByRole('link', { name: view === 'shop' ? 'Shop' : 'Privacy center' }).click();
  await page.waitForFunction((id) => !document.getElementById(id).hidden, view);
}

function switchOf(purpose) {
  return page.getByRole('switch', { name: new RegExp(`^Allow .*\\(${purpose}\\)$`) });
}

/** Flips a purpose's switch with the keyboard (Space), as a keyboard user would. */
async function toggle(purpose, expectedState) {
  const control = switchOf(purpose);
  await control.focus();
  await page.keyboard.press('Space');
  await waitForText(`#allow-${purpose}-state`, expectedState, `${purpose} switched`);
}

async function viewProductsUntilKept(count) {
  // the first views may reach profile-service before the grant has (Kafka); they are dropped, never kept,
  // and the page says so: view again until one is kept
  const deadline = Date.now() + ASYNC_DEADLINE_MS;
  for (;;) {
    let kept = 0;
    for (let i = 0; i < count; i += 1) {
      await page.locator('#products').getByRole('button', { name: /^View / }).nth(i).click();
      await page.waitForFunction(() => /recorded|Not kept/.test(document.getElementById('status').textContent));
      if ((await page.locator('#status').textContent()).includes('recorded')) kept += 1;
      await page.locator('#status').evaluate((node) => { node.textContent = ''; });
    }
    if (kept === count) return;
    if (Date.now() > deadline) fail('views were never kept after browsing was granted');
    await page.waitForTimeout(1000); // let the grant reach profile-service's consent view
  }
}

try {
  await page.goto(`${BASE}/`);
  await page.getByRole('heading', { name: 'Personalization only when you allow it' }).waitFor();
  await checkpoint('signed-out');

  // sign in with the keyboard: the shopper picker, then Tab to "Sign in" and Enter
  await page.getByLabel('Demo shopper').selectOption(SHOPPER);
  await page.getByLabel('Demo shopper').focus();
  await page.keyboard.press('Tab');
  if (await page.evaluate(() => document.activeElement?.textContent) !== 'Sign in') fail('Tab from the shopper picker does not reach "Sign in"');
  await page.keyboard.press('Enter');
  await waitForText('#signed-in', SHOPPER, 'signed in');
  await page.locator('#products li').first().waitFor();
  await checkpoint('signed-in-shop');

  // search before any consent: results for everyone, each saying why, the search itself not kept
  await page.getByLabel('Search the catalog').fill('candle');
  await page.keyboard.press('Enter');
  await waitForText('#results', 'candle', 'search results');
  await waitForText('#results-mark', 'Not personalized', 'search results without the search purpose');
  await waitForText('#status', 'Not kept', 'the search event refused without consent');
  await checkpoint('search-results');

  await go('privacy');
  await switchOf('browsing').waitFor().catch(() => fail('no browsing switch: the purposes list did not load'));
  await toggle('browsing', 'Allowed until');
  await waitForText('#history', 'granted', 'the grant in the history');
  await page.locator('#history').getByRole('button', { name: /^Verify the receipt/ }).first().click();
  await waitForText('#verify-result', 'Receipt valid', 'the receipt verified');
  await checkpoint('browsing-granted');

  await go('shop');
  await viewProductsUntilKept(3);
  await checkpoint('products-viewed');

  await waitForText('#recs-mark', 'Personalized for you', 'recommendations personalized');
  const why = page.locator('#discover details.why').first();
  await why.locator('summary').click();
  const reasons = await why.textContent();
  if (!reasons.includes('purpose: browsing')) fail(`a personalized item does not name browsing as its reason: ${reasons}`);
  await checkpoint('personalized-with-reasons');

  await go('privacy');
  await waitForText('#held', /browsing: [1-9]/, 'browsing data held', { onRetry: () => page.locator('#refresh-held').click() });
  await toggle('browsing', 'Withdrawn');
  const withdrawnAt = Date.now();
  await go('shop');
  await waitForText('#recs-mark', 'Not personalized', 'recommendations after the withdrawal');
  report.timings.withdrawalToNotPersonalizedMs = Date.now() - withdrawnAt;
  await checkpoint('withdrawn-not-personalized');

  await go('privacy');
  await waitForText('#held', 'browsing: 0 items', 'browsing data gone',
    { onRetry: () => page.locator('#refresh-held').click() });
  report.timings.withdrawalToBrowsingGoneMs = Date.now() - withdrawnAt;
  await checkpoint('browsing-data-gone');

  // something to delete: a purchase under the purchases purpose
  await toggle('purchases', 'Allowed until');
  await go('shop');
  const deadline = Date.now() + ASYNC_DEADLINE_MS;
  for (;;) { // the first purchase may beat the grant to profile-service (Kafka); buy again until kept
    await page.locator('#products').getByRole('button', { name: /^Buy / }).first().click();
    await page.waitForFunction(() => /recorded|Not kept/.test(document.getElementById('status').textContent));
    if ((await page.locator('#status').textContent()).includes('recorded')) break;
    if (Date.now() > deadline) fail('a purchase was never kept after purchases was granted');
    await page.waitForTimeout(1000); // let the grant reach profile-service's consent view
  }
  await go('privacy');
  await waitForText('#held-summary', 'items held about you', 'purchase data held',
    { onRetry: () => page.locator('#refresh-held').click() });
  await checkpoint('purchase-held');

  const [download] = await Promise.all([
    Promise.race([page.waitForEvent('download'),
      page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Something went wrong'))
        .then(async () => fail(`download: the page reported "${await page.locator('#status').textContent()}"`))]),
    page.getByRole('button', { name: 'Download all my data' }).click()]);
  const exported = join(OUT, 'my-data.json');
  await download.saveAs(exported);
  JSON.parse(readFileSync(exported, 'utf8'));

  await page.getByRole('button', { name: 'Delete all my data' }).click();
  await page.getByRole('button', { name: 'Yes, delete everything' }).click();
  await page.locator('#erasure').waitFor();
  await checkpoint('deletion-in-progress');
  await waitForText('#erasure-state', 'Deletion completed', 'every service confirmed the deletion');
  await waitForText('#held-summary', 'We hold nothing about you.', 'nothing held after deletion',
    { onRetry: () => page.locator('#refresh-held').click() });
  await go('shop');
  await waitForText('#recs-mark', 'Not personalized', 'recommendations after deletion');
  await checkpoint('everything-deleted');

  if (pageErrors.length) fail(`the page logged errors:\n${pageErrors.join('\n')}`);
  if (report.violations.length) {
    fail(`serious or critical accessibility violations:\n${JSON.stringify(report.violations, null, 2)}`);
  }
  report.result = 'passed';
} catch (error) {
  report.result = 'failed';
  report.error = String(error.stack || error);
  await page.screenshot({ path: join(OUT, 'failure.png'), fullPage: true }).catch(() => {});
  console.error(`[journey] FAILED: ${error.message}`);
} finally {
  writeFileSync(join(OUT, 'journey.json'), JSON.stringify(report, null, 2));
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(`[journey] ${report.result}; screenshots and journey.json in ${OUT}`);
process.exit(report.result === 'passed' ? 0 : 1);
