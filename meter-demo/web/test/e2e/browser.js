// Debian's Chromium for the browser tests (playwright-core), and what the
// tests ask of the dashboard's page: a fresh page, and its chart's state.

import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { chromium } from 'playwright-core';

const TIMEOUT_MS = 20_000;
export const outputs = process.env.TEST_UNDECLARED_OUTPUTS_DIR ?? tmpdir();

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ], // and a fresh --user-data-dir, which launch() makes in the temp dir itself
  });
}

// A fresh page of `baseUrl` + `query` (none if null) in the viewer's zone
// Europe/Berlin (UTC+1 in March), waited for until its chart has drawn;
// saves a screenshot and checks for script errors when the test ends.
export async function openPage(browser, baseUrl, t, query = '',
  viewport = { width: 1280, height: 860 }) {
  const context = await browser.newContext({
    viewport, timezoneId: 'Europe/Berlin', locale: 'en-GB', acceptDownloads: true,
  });
  context.setDefaultTimeout(TIMEOUT_MS);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  t.after(async () => {
    await page.screenshot({
      path: path.join(outputs, `${t.name.replace(/[^a-z0-9]+/gi, '_')}.png`), fullPage: true,
    });
    await context.close();
    assert.deepEqual(errors, [], 'no errors in the page');
  });
  if (query !== null) {
    await page.goto(`${baseUrl}/${query}`);
    await settled(page, 0);
  }
  return page;
}

// Waits until the chart has drawn data newer than `generation` and nothing
// is loading; returns the chart's data-* attributes.
export async function settled(page, generation) {
  await page.waitForFunction((g) => document.body.dataset.state === 'ready'
    && Number(document.querySelector('#chart').dataset.generation) > g, generation);
  return chartData(page);
}

export function chartData(page) {
  return page.locator('#chart').evaluate((chart) => ({ ...chart.dataset }));
}
