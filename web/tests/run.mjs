// End-to-end tests of the dashboard in a real browser: playwright-core
// driving Debian's chromium headless against a running `smartspec serve`
// (started by scripts/test_web.sh, which passes):
//   BASE_URL        the server, e.g. http://127.0.0.1:40123
//   SMARTSPEC_BIN   the smartspec binary (the CLI the values are compared with)
//   EDITOR_TOKEN    a region editor of ITC1
//   VIEWER_TOKEN    a viewer
//   SCREENSHOTS     a folder for dashboard-*.png (optional)
// Exit status 0 when every test passed.
import { chromium } from "playwright-core";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const BASE = process.env.BASE_URL ?? "http://127.0.0.1:8080";
const BIN = process.env.SMARTSPEC_BIN ?? "smartspec";
const SHOTS = process.env.SCREENSHOTS ?? "";
const NO_DATA = "#c8c8c8";

// launch() gives chromium a fresh temporary user-data dir of its own
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
  ],
});

/** The dashboard's number format (web/src/ui.ts `fmt`). */
function fmt(v) {
  if (v === null || v === undefined || !Number.isFinite(v)) return "no data";
  const a = Math.abs(v);
  if (a >= 1000) return Math.round(v).toLocaleString("en-GB");
  if (a === 0) return "0";
  return Number(v.toPrecision(3)).toString();
}

function cli(...args) {
  return execFileSync(BIN, args, { encoding: "utf8", maxBuffer: 64 << 20, stdio: ["ignore", "pipe", "ignore"] });
}

function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

/** A fresh page at `size` that records console errors and failed requests. */
async function newPage(size = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport: size });
  const page = await context.newPage();
  page.errors = [];
  page.on("console", (m) => {
    if (m.type() === "error") page.errors.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => page.errors.push(`page error: ${e.message}`));
  return page;
}

async function open(page, hash, view) {
  await page.goto(`${BASE}/${hash}`);
  await page.waitForSelector(`main[data-ready="${view}"]`, { timeout: 30000 });
}

async function noLayoutBreak(page) {
  const [sw, iw] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert(sw <= iw, `horizontal overflow: page ${sw}px wide in a ${iw}px window`);
}

async function shot(page, name) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `dashboard-${name}.png`), fullPage: false });
}

const VIEWS = [
  ["map", "#/map", "map"],
  ["region", "#/region/ITC1", "region"],
  ["opportunities", "#/opportunities/ITC1", "opportunities"],
  ["product-space", "#/product-space/ITC1", "product-space"],
  ["partners", "#/partners/advanced-manufacturing/ITC1", "partners"],
  ["transition", "#/transition", "transition"],
  ["records", "#/records/priorities", "records"],
];

const tests = [];
const test = (name, f) => tests.push([name, f]);

for (const [name, hash, view] of VIEWS) {
  test(`view ${name} loads without console errors, no layout break at 1280×800 and 390×844`, async () => {
    for (const size of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
      const page = await newPage(size);
      await open(page, hash, view);
      const failed = await page.locator("main .msg.error").allTextContents();
      assert(failed.length === 0, `error messages shown: ${failed.join(" | ")}`);
      assert(page.errors.length === 0, page.errors.join("\n"));
      await noLayoutBreak(page);
      if (size.width === 1280) await shot(page, name);
      else if (name === "map" || name === "region") await shot(page, `${name}-mobile`);
      await page.context().close();
    }
  });
}

test("the map draws ≥ 250 coloured NUTS-2 shapes, grey where there is no data", async () => {
  const page = await newPage();
  await open(page, "#/map/indicator=eci", "map");
  const shapes = await page.$$eval("svg.choropleth path.region", (ps) => ps.map((p) => ({ region: p.getAttribute("data-region"), value: p.getAttribute("data-value"), fill: p.getAttribute("fill") })));
  const coloured = shapes.filter((s) => s.fill !== NO_DATA);
  assert(coloured.length >= 250, `only ${coloured.length} coloured shapes of ${shapes.length}`);
  for (const s of shapes) assert((s.value === "") === (s.fill === NO_DATA), `${s.region}: value '${s.value}' drawn ${s.fill}`);
  // the values drawn are the API's
  const api = await (await fetch(`${BASE}/v1/map?indicator=eci`)).json();
  const byRegion = new Map(api.values.map((v) => [v.region, v.value]));
  for (const s of shapes.filter((x) => x.region)) {
    // a region outside the panel (e.g. Switzerland) is drawn as no data
    const v = byRegion.get(s.region) ?? null;
    assert(s.value === (v === null ? "" : String(v)), `${s.region}: drawn ${s.value}, API ${v}`);
  }
  await page.context().close();
});

test("fills follow the data: on a sequential indicator, darker means higher", async () => {
  const page = await newPage();
  await open(page, "#/map/indicator=diversity", "map");
  const shapes = await page.$$eval("svg.choropleth path.region[data-value]:not([data-value=''])", (ps) =>
    ps.map((p) => {
      const m = getComputedStyle(p).fill.match(/\d+(\.\d+)?/g).map(Number);
      return { value: Number(p.getAttribute("data-value")), lum: 0.2126 * m[0] + 0.7152 * m[1] + 0.0722 * m[2] };
    }),
  );
  assert(shapes.length >= 250, `${shapes.length} shapes with data`);
  shapes.sort((a, b) => a.value - b.value);
  for (let i = 1; i < shapes.length; i++) {
    assert(shapes[i].lum <= shapes[i - 1].lum + 1.5, `value ${shapes[i].value} drawn lighter (${shapes[i].lum}) than ${shapes[i - 1].value} (${shapes[i - 1].lum})`);
  }
  assert(shapes[0].lum - shapes[shapes.length - 1].lum > 100, "the scale does not span light to dark");
  await page.context().close();
});

test("hovering ITC1 shows the ECI of `smartspec indicators` for the map's year", async () => {
  const dir = mkdtempSync(join(tmpdir(), "smartspec-ind-"));
  try {
    cli("indicators", "--out", dir);
    const api = await (await fetch(`${BASE}/v1/map?indicator=eci`)).json();
    const line = readFileSync(join(dir, "eci.csv"), "utf8")
      .split("\n")
      .find((l) => l.startsWith(`ITC1,${api.year},`));
    assert(line, `no ITC1,${api.year} in eci.csv`);
    const expected = Number(line.split(",")[2]);
    const page = await newPage();
    await open(page, "#/map/indicator=eci", "map");
    const itc1 = page.locator('path.region[data-region="ITC1"]').first();
    await itc1.hover();
    const tip = page.locator("#tooltip");
    await tip.waitFor({ state: "visible" });
    const text = await tip.textContent();
    assert(text.includes("Piemonte"), `tooltip: ${text}`);
    const shown = await tip.locator(".tip-value").textContent();
    assert(shown === fmt(expected), `tooltip shows ${shown}, CLI ${expected} (${fmt(expected)})`);
    const drawn = Number(await itc1.getAttribute("data-value"));
    assert(Math.abs(drawn - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `drawn ${drawn}, CLI ${expected}`);
    await page.context().close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("clicking a region opens its profile; Enter on a focused region too", async () => {
  const page = await newPage();
  await open(page, "#/map", "map");
  await page.locator('path.region[data-region="ITC1"]').first().click();
  await page.waitForSelector('main[data-ready="region"]');
  const h1 = await page.locator("h1").textContent();
  assert(h1 === "Piemonte (ITC1)", `profile title: ${h1}`);
  assert(page.url().endsWith("#/region/ITC1"), page.url());
  await open(page, "#/map", "map");
  await page.locator('path.region[data-region="FR10"]').first().focus();
  await page.keyboard.press("Enter");
  await page.waitForSelector('main[data-ready="region"]');
  assert((await page.locator("h1").textContent()).includes("(FR10)"), "Enter did not open FR10");
  await page.context().close();
});

test("the opportunities view shows the top item of `smartspec opportunities ITC1`", async () => {
  const expected = JSON.parse(cli("opportunities", "ITC1", "--format", "json")).opportunities[0];
  const page = await newPage();
  await open(page, "#/opportunities/ITC1", "opportunities");
  const top = await page.locator('[data-testid="top-opportunity"]').textContent();
  assert(top === `${expected.activity} ${expected.activity_name}`, `top ${top}, CLI ${expected.activity} ${expected.activity_name}`);
  const dot = await page.locator("circle.dot.top").getAttribute("data-activity");
  assert(dot === expected.activity, `highlighted dot ${dot}`);
  const firstRow = await page.locator('[data-testid="opportunities-table"] tbody tr').first().locator("td").nth(1).textContent();
  assert(firstRow.startsWith(expected.activity), `first row ${firstRow}`);
  // sorting by complexity puts the most complex first
  await page.locator('[data-testid="opportunities-table"] th[data-key="complexity"] button').click();
  const cells = await page.locator('[data-testid="opportunities-table"] tbody tr td:nth-child(4)').allTextContents();
  const nums = cells.map(Number);
  assert(nums.every((v, i) => i === 0 || v <= nums[i - 1]), `not sorted: ${cells.slice(0, 5)}`);
  await page.context().close();
});

async function recordsPage(token, collection) {
  const page = await newPage();
  await open(page, `#/records/${collection}`, "records");
  await page.fill('input[aria-label="API token"]', token);
  await page.click('form.controls button[type="submit"]');
  await page.waitForFunction(() => /signed in as|refused/.test(document.querySelector('[data-testid="whoami"]')?.textContent ?? ""));
  return page;
}

async function submit(page, values) {
  const form = page.locator("form.record-form");
  for (const [name, v] of Object.entries(values)) await form.locator(`[name="${name}"]`).fill(v);
  await form.locator('button[type="submit"]').click();
  await page.waitForSelector('[data-testid="form-ok"], [data-testid="form-errors"]');
  const text = async (sel) => ((await page.locator(sel).count()) ? page.locator(sel).textContent() : null);
  return { ok: await text('[data-testid="form-ok"]'), errors: await text('[data-testid="form-errors"]') };
}

test("a region editor creates a priority, a partnership and a project for its region; not for another region", async () => {
  let page = await recordsPage(process.env.EDITOR_TOKEN, "priorities");
  const who = await page.locator('[data-testid="whoami"]').textContent();
  assert(who.includes("region_editor") || who.includes("region-editor"), who);
  let r = await submit(page, { region: "ITC1", title: "Electrification of automotive", economic_domains: "C29, C27", date: "2021-03-01" });
  assert(r.ok && /Created priorities #\d+/.test(r.ok), `priority: ${r.errors}`);
  const rows = await page.locator('[data-testid="records-table"] tbody tr').allTextContents();
  assert(rows.some((t) => t.includes("Electrification of automotive")), `not listed: ${rows}`);
  r = await submit(page, { region: "FR10", title: "Not mine", economic_domains: "C29" });
  assert(!r.ok && r.errors.includes("403"), `another region's priority: ${r.ok ?? r.errors}`);
  await page.context().close();

  page = await recordsPage(process.env.EDITOR_TOKEN, "partnerships");
  r = await submit(page, { theme: "advanced-manufacturing", title: "Piedmont batteries", lead_regions: "ITC1" });
  assert(r.ok, `partnership: ${r.errors}`);
  const pid = r.ok.match(/#(\d+)/)[1];
  await page.context().close();

  page = await recordsPage(process.env.EDITOR_TOKEN, "projects");
  r = await submit(page, {
    partnership_id: pid,
    title: "Battery pilot line",
    value_chain_stages: "research, demonstration",
    activities: "C27",
    partners: "ITC1; Politecnico di Torino; coordinator",
    budget_eur: "2500000",
    trl: "5",
    start: "2026-01-01",
    end: "2028-12-31",
  });
  assert(r.ok && /Created projects #\d+/.test(r.ok), `project: ${r.errors}`);
  // listed with its bankability: 100 × (0.25 · 2/4 stages + 0.25 · 0 strong partners (ITC1's
  // RCA in C27 is 0.864 in 2014, its latest year) + 0.30 · 0 secured + 0.20 · (5 − 1)/8) = 22.5
  const row = page.locator('[data-testid="records-table"] tbody tr', { hasText: "Battery pilot line" });
  await row.waitFor();
  const score = Number((await row.locator("td").last().textContent()).trim());
  assert(score === 22.5, `bankability ${score}, expected 22.5`);
  await page.context().close();
});

test("a viewer cannot create a priority or a project (403 shown)", async () => {
  let page = await recordsPage(process.env.VIEWER_TOKEN, "priorities");
  let r = await submit(page, { region: "ITC1", title: "Viewer's try", economic_domains: "C29" });
  assert(!r.ok && r.errors.includes("403"), `viewer priority: ${r.ok ?? r.errors}`);
  await page.context().close();
  page = await recordsPage(process.env.VIEWER_TOKEN, "projects");
  r = await submit(page, { partnership_id: "1", title: "Viewer's project", partners: "ITC1; X; Y", budget_eur: "1", trl: "3", start: "2026-01-01", end: "2026-12-31" });
  assert(!r.ok && r.errors.includes("403"), `viewer project: ${r.ok ?? r.errors}`);
  await page.context().close();
});

test("record forms refuse invalid input before sending it, and show the API's 422 problems", async () => {
  const page = await recordsPage(process.env.EDITOR_TOKEN, "priorities");
  let posts = 0;
  page.on("request", (q) => {
    if (q.method() === "POST") posts++;
  });
  let r = await submit(page, { region: "itc-1!", title: "  ", economic_domains: "car making", date: "2021-02-30" });
  assert(r.errors, "no errors shown");
  for (const f of ["region", "title", "economic_domains", "date"]) assert(r.errors.includes(`${f}:`), `${f} not flagged: ${r.errors}`);
  assert((await page.locator('[name="region"]').getAttribute("aria-invalid")) === "true", "region not marked invalid");
  assert(posts === 0, `${posts} POST sent for invalid input`);
  // well-formed but unknown: the API's 422, field by field
  r = await submit(page, { region: "ITC1", title: "Unknown activity", economic_domains: "C99", date: "" });
  assert(r.errors && r.errors.includes("422"), `no 422: ${r.ok ?? r.errors}`);
  assert(posts === 1, `${posts} POSTs`);
  await page.context().close();

  const p2 = await recordsPage(process.env.EDITOR_TOKEN, "projects");
  r = await submit(p2, { partnership_id: "0", title: "Bad", value_chain_stages: "marketing", activities: "C27", partners: "ITC1 only", budget_eur: "-5", trl: "12", start: "2027-01-01", end: "2026-01-01" });
  for (const f of ["partnership_id", "value_chain_stages", "partners", "budget_eur", "trl", "end"]) assert(r.errors.includes(`${f}:`), `${f} not flagged: ${r.errors}`);
  await p2.context().close();

  const p3 = await recordsPage(process.env.EDITOR_TOKEN, "calls");
  r = await submit(p3, { json: "{ not json" });
  assert(r.errors && r.errors.includes("json:"), `JSON form: ${r.errors}`);
  await p3.context().close();
});

test("sortable tables and rows open with the keyboard (transition ranking)", async () => {
  const page = await newPage();
  await open(page, "#/transition", "transition");
  const table = page.locator('[data-testid="transition-table"]');
  await table.locator('th[data-key="score"] button').focus();
  await page.keyboard.press("Enter");
  const scores = (await table.locator("tbody tr td:nth-child(4)").allTextContents()).filter((t) => t !== "no data").map(Number);
  assert(scores.length > 100 && scores.every((v, i) => i === 0 || v <= scores[i - 1]), "scores not sorted descending");
  const first = table.locator("tbody tr").first();
  await first.focus();
  await page.keyboard.press("Enter");
  await page.waitForSelector('main[data-ready="region"]');
  await page.context().close();
});

let failed = 0;
for (const [name, f] of tests) {
  const t0 = Date.now();
  try {
    await f();
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}\n     ${String(e.stack ?? e).split("\n").slice(0, 4).join("\n     ")}`);
  }
}
await browser.close();
console.log(`${tests.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
