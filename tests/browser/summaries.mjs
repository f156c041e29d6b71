// Writes the HTML summary of every shipped agreement with the release
// binary, alone and with its returns assessed (agreements/returns/NAME.*),
// opens each in headless Chromium and fails on any console error, page error
// or network request other than the page itself, on a page wider than the
// window at 900 and 390 pixels, and, laid out for A4 print, on any text of a
// picture under 8 pt as printed, text outside its picture or text wider than
// its box; saves screenshots and an A4 PDF of each in target/screenshots/.
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
        return box.width === 0 || box.left < 0 || box.right > window.innerWidth;
      }).length,
    }));
    if (phone.overflowing) problems.push('at 390 px the page is wider than the window');
    if (phone.hidden > 0) problems.push(`at 390 px ${phone.hidden} table captions are off screen`);
    await page.screenshot({ path: join(out, `${name}-phone.png`), fullPage: true });
    // Printed on A4 (the width inside the page's margins, 210 mm less
    // 16 mm each side, is 673 CSS pixels): no text of a picture under 8 pt
    // as printed (its font size times the scale the picture is drawn at),
    // no text outside its picture, and no text wider than its box.
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 673, height: 952 });
    const a4 = await page.evaluate(() => {
      const small = [];
      const outside = [];
      for (const svg of document.querySelectorAll('svg')) {
        const box = svg.viewBox.baseVal;
        const shown = svg.getBoundingClientRect();
        if (!box || box.width === 0 || shown.width === 0) continue;
        const scale = shown.width / box.width;
        for (const text of svg.querySelectorAll('text')) {
          if (!text.textContent.trim()) continue;
          const px = parseFloat(getComputedStyle(text).fontSize) * scale;
          const pt = px * 0.75;
          if (pt < 7.95) small.push(`${svg.id || 'svg'}: "${text.textContent.trim().slice(0, 40)}" at ${pt.toFixed(1)} pt`);
          const b = text.getBBox();
          if (b.x < box.x - 1 || b.y < box.y - 1 || b.x + b.width > box.x + box.width + 1 || b.y + b.height > box.y + box.height + 1) {
            outside.push(`${svg.id || 'svg'}: "${text.textContent.trim().slice(0, 40)}"`);
          }
        }
      }
      const wide = [...document.querySelectorAll('p, li, td, th, caption, h1, h2, h3, figcaption')]
        .filter((el) => el.scrollWidth > el.clientWidth + 1)
        .map((el) => `${el.tagName.toLowerCase()}: "${el.textContent.trim().slice(0, 40)}"`);
      return { small, outside, wide, overflowing: document.documentElement.scrollWidth > window.innerWidth };
    });
    for (const label of a4.small.slice(0, 5)) problems.push(`on A4, a label under 8 pt: ${label}`);
    if (a4.small.length > 5) problems.push(`on A4, ${a4.small.length - 5} more labels under 8 pt`);
    for (const label of a4.outside.slice(0, 5)) problems.push(`on A4, text outside its picture: ${label}`);
    for (const box of a4.wide.slice(0, 5)) problems.push(`on A4, text wider than its box: ${box}`);
    if (a4.overflowing) problems.push('on A4 the page is wider than the paper');
    // At least one page, each with the running header (the title) and a
    // page number.
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
