// Writes the HTML summary of every shipped agreement with the release
// binary, alone and with its returns assessed (agreements/returns/NAME.*),
// opens each in headless Chromium and fails on any console error, page error
// or network request other than the page itself; saves a full-page
// screenshot of each in target/screenshots/.
//
//   cargo build --release && (cd tests/browser && npm ci && node summaries.mjs)
//
// CHROMIUM (default /usr/bin/chromium) and CONCORDAT (default
// target/release/concordat) may be set in the environment.

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '..', '..');
const binary = process.env.CONCORDAT ?? join(root, 'target', 'release', 'concordat');
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const out = join(root, 'target', 'screenshots');
mkdirSync(out, { recursive: true });

const agreements = readdirSync(join(root, 'agreements'))
  .filter((name) => name.endsWith('.s75'))
  .sort();
if (agreements.length === 0) throw new Error('no agreements found');

const profile = mkdtempSync(join(tmpdir(), 'concordat-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});

const returns = readdirSync(join(root, 'agreements', 'returns')).sort();
const pages = [];
for (const agreement of agreements) {
  const name = basename(agreement, '.s75');
  const args = ['summary', '--format', 'html', join(root, 'agreements', agreement)];
  pages.push({ label: agreement, name, args });
  const ret = returns.find((file) => file.startsWith(`${name}.`));
  if (ret) {
    pages.push({
      label: `${agreement} with ${ret}`,
      name: `${name}-returns`,
      args: [...args, '--returns', join(root, 'agreements', 'returns', ret)],
    });
  }
}

const failures = [];
try {
  for (const { label: agreement, name, args } of pages) {
    const html = join(out, `${name}.html`);
    execFileSync(binary, [...args, '-o', html], { stdio: 'inherit' });
    const url = pathToFileURL(html).href;
    const page = await context.newPage();
    const problems = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') {
        problems.push(`console ${message.type()}: ${message.text()}`);
      }
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('request', (request) => {
      if (request.url() !== url) problems.push(`request: ${request.url()}`);
    });
    await page.route('**/*', (route) =>
      route.request().url() === url ? route.continue() : route.abort(),
    );
    await page.setViewportSize({ width: 900, height: 1200 });
    await page.goto(url, { waitUntil: 'load' });
    // What a reader relies on: a title, one h1, a caption on every table, a
    // title and description on every picture, no script.
    const facts = await page.evaluate(() => ({
      title: document.title,
      h1: document.querySelectorAll('h1').length,
      tables: document.querySelectorAll('table').length,
      captions: document.querySelectorAll('table > caption').length,
      svgs: document.querySelectorAll('svg').length,
      labelled: document.querySelectorAll('svg[role="img"] > title + desc').length,
      scripts: document.querySelectorAll('script').length,
      overflowing: document.documentElement.scrollWidth > window.innerWidth,
    }));
    if (!facts.title) problems.push('no title');
    if (facts.h1 !== 1) problems.push(`${facts.h1} h1 headings`);
    if (facts.captions !== facts.tables) problems.push('a table without a caption');
    if (facts.svgs === 0 || facts.labelled !== facts.svgs) problems.push('a picture without title and description');
    if (facts.scripts !== 0) problems.push('a script');
    if (facts.overflowing) problems.push('the page is wider than the window');
    await page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
    // On a phone: the page no wider than the window (tables scroll in
    // their own box) and every table's caption still on screen.
    await page.setViewportSize({ width: 390, height: 844 });
    const phone = await page.evaluate(() => ({
      overflowing: document.documentElement.scrollWidth > window.innerWidth,
      hidden: [...document.querySelectorAll('caption')].filter((c) => {
        const box = c.getBoundingClientRect();
        return box.width === 0 || box.left < 0 || box.left > window.innerWidth;
      }).length,
    }));
    if (phone.overflowing) problems.push('at 390 px the page is wider than the window');
    if (phone.hidden > 0) problems.push(`at 390 px ${phone.hidden} table captions are off screen`);
    await page.screenshot({ path: join(out, `${name}-phone.png`), fullPage: true });
    // On A4: at least one page, each with the running header (the title)
    // and a page number.
    const pdf = await page.pdf({ path: join(out, `${name}.pdf`), format: 'A4', preferCSSPageSize: true });
    const pdfText = pdf.toString('latin1');
    const pageCount = (pdfText.match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    if (pageCount === 0) problems.push('the PDF has no pages');
    facts.pages = pageCount;
    await page.close();
    for (const problem of problems) failures.push(`${agreement}: ${problem}`);
    console.log(`${agreement}: ${problems.length === 0 ? 'ok' : `${problems.length} problems`} (${facts.tables} tables, ${facts.svgs} pictures, ${facts.pages} A4 pages)`);
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}

if (failures.length > 0) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log(`${pages.length} summaries opened in Chromium: no errors, no requests; screenshots in ${out}`);
