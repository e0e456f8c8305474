// End-to-end tests of the dashboard in a real browser: playwright-core
// driving Debian's chromium headless against a running `smartspec serve`
// (started by scripts/test_web.sh, which passes):
//   BASE_URL        the server, e.g. http://127.0.0.1:40123
//   SMARTSPEC_BIN   the smartspec binary (the CLI the values are compared with)
//   EDITOR_TOKEN    a region editor of ITC1
//   VIEWER_TOKEN    a viewer
//   ADMIN_TOKEN     an admin
//   EXPERT_TOKEN    an expert, user name "eva"
//   SCREENSHOTS     a folder for dashboard-*.png (optional)
//   DATASET_URL     a second server, `serve --dataset DATASET_DIR` (optional)
//   DATASET_DIR     that dataset (built from tests/data by `dataset build`)
//   ONLY            run only the tests whose name contains this (optional)
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
// ONLY=text runs the tests whose name contains it (while developing)
const test = (name, f) => {
  if (!process.env.ONLY || name.includes(process.env.ONLY)) tests.push([name, f]);
};

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
  // the score rule and the validity of complexity are shown beside the list
  const cliJson = JSON.parse(cli("opportunities", "ITC1", "--format", "json"));
  const rule = await page.locator('[data-testid="score-rule"]').textContent();
  assert(rule.startsWith("score = (feasibility + value) / 2"), `rule ${rule}`);
  assert(cliJson.notes.some((n) => n === rule), `the CLI prints the same rule: ${rule}`);
  const validity = await page.locator('[data-testid="validity"]').textContent();
  assert(/ECI\/PCI passes in 2014/.test(validity) && /Fitness fails in 2014/.test(validity), `validity ${validity}`);
  await page.context().close();
});

async function recordsPage(token, collection, size) {
  const page = await newPage(size);
  await open(page, `#/records/${collection}`, "records");
  await page.fill('input[aria-label="API token"]', token);
  await page.click('form.controls button[type="submit"]');
  await page.waitForFunction(() => /signed in as|refused/.test(document.querySelector('[data-testid="whoami"]')?.textContent ?? ""));
  await page.waitForSelector("form.record-form");
  return page;
}

/** Fills the form (selects by option value) and submits it. */
async function submit(page, values) {
  const form = page.locator("form.record-form");
  for (const [name, v] of Object.entries(values)) {
    const c = form.locator(`[name="${name}"]`);
    if ((await c.evaluate((e) => e.tagName)) === "SELECT") await c.selectOption(v);
    else await c.fill(v);
  }
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
  // the list reloads after the form reports success: wait for the new row
  await page
    .waitForFunction(() => [...document.querySelectorAll('[data-testid="records-table"] tbody tr')].some((tr) => tr.textContent.includes("Electrification of automotive")), null, { timeout: 10000 })
    .catch(() => {});
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
  // listed with its bankability: 100 × (0.25 · 1/5 stages (C27 is in "components") + 0.25 · ITC1's
  // strength in components, as the matchmaking serves it + 0.30 · 0 secured + 0.20 · (5 − 1)/8)
  const m = await api(process.env.ADMIN_TOKEN, "GET", "/v1/themes/advanced-manufacturing/partners/DE11?top=300");
  const itc1 = m.json.partners.find((p) => p.region === "ITC1").stages.find((st) => st.stage === "components").strength;
  const expected = 100 * (0.25 * 0.2 + 0.25 * itc1 + 0.2 * 0.5);
  const row = page.locator('[data-testid="records-table"] tbody tr', { hasText: "Battery pilot line" });
  await row.waitFor();
  const score = Number((await row.locator("td").last().textContent()).trim());
  assert(Math.abs(score - expected) < 0.051, `bankability ${score}, expected ${expected}`);
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
  r = await submit(p2, { partnership_id: "", title: "Bad", value_chain_stages: "marketing", activities: "C27", partners: "ITC1 only", budget_eur: "-5", trl: "12", start: "2027-01-01", end: "2026-01-01" });
  for (const f of ["partnership_id", "value_chain_stages", "partners", "budget_eur", "trl", "end"]) assert(r.errors.includes(`${f}:`), `${f} not flagged: ${r.errors}`);
  await p2.context().close();

});

/** A JSON request to the API with a token (set-up and checks beside the browser). */
async function api(token, method, path, body) {
  const res = await fetch(`${BASE}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, json: await res.json().catch(() => null) };
}

// one bad input per field for each record type's form: [token, collection, values, fields flagged]
const BAD = [
  ["EDITOR_TOKEN", "priorities", { region: "itc-1!", title: "  ", economic_domains: "car making", date: "2021-02-30" }, ["region", "title", "economic_domains", "date"]],
  ["EDITOR_TOKEN", "partnerships", { title: " ", lead_regions: "Piemonte!" }, ["title", "lead_regions"]],
  ["EDITOR_TOKEN", "partnership-members", { partnership_id: "", region: "Bavaria", committed_on: "2025-13-01" }, ["partnership_id", "region", "committed_on"]],
  ["EDITOR_TOKEN", "projects", { partnership_id: "", title: "", partners: "ITC1", budget_eur: "-1", trl: "0", start: "2026-02-30", end: "2026-01-01" }, ["partnership_id", "title", "partners", "budget_eur", "trl", "start"]],
  ["ADMIN_TOKEN", "calls", { title: " ", opens: "2026-05-01", closes: "2026-04-30" }, ["title", "closes"]],
  ["ADMIN_TOKEN", "calls", { title: "Pilot", opens: "2026-02-29", closes: "2026-13-01" }, ["opens", "closes"]],
  ["EDITOR_TOKEN", "applications", { call_id: "", region: "it c1", motivation: "   " }, ["call_id", "region", "motivation"]],
  ["ADMIN_TOKEN", "expert-teams", { application_id: "", members: "; batteries" }, ["application_id", "members"]],
  ["EDITOR_TOKEN", "action-plans", { application_id: "", description: "", milestones: "pilot line; 2027-06-31" }, ["application_id", "description", "milestones"]],
];

test("every record type's form refuses bad input before sending it, with a message at each field", async () => {
  const seen = new Set();
  for (const [token, collection, values, fields] of BAD) {
    seen.add(collection);
    const page = await recordsPage(process.env[token], collection);
    let posts = 0;
    page.on("request", (q) => {
      if (q.method() === "POST") posts++;
    });
    const r = await submit(page, values);
    assert(!r.ok && r.errors, `${collection}: accepted ${JSON.stringify(values)}`);
    for (const f of fields) {
      assert(r.errors.includes(`${f}:`), `${collection}.${f} not in the summary: ${r.errors}`);
      const note = (await page.locator(`.field-error[data-field="${f}"]`).textContent()).trim();
      assert(note.length > 0, `${collection}.${f}: no message at the field`);
      assert((await page.locator(`form.record-form [name="${f}"]`).getAttribute("aria-invalid")) === "true", `${collection}.${f} not marked invalid`);
    }
    const others = await page.locator(".field-error").evaluateAll((ns, fs) => ns.filter((n) => n.textContent && !fs.includes(n.dataset.field)).map((n) => n.dataset.field), fields);
    assert(others.length === 0, `${collection}: fields flagged that are fine: ${others}`);
    assert(posts === 0, `${collection}: ${posts} POST sent for invalid input`);
    if (collection === "action-plans") await shot(page, "form-errors");
    await page.context().close();
  }
  // the longest form with its messages, on a phone
  const phone = await recordsPage(process.env.EDITOR_TOKEN, "projects", { width: 390, height: 844 });
  const r = await submit(phone, BAD[3][2]);
  assert(r.errors, "no errors on the phone");
  await noLayoutBreak(phone);
  await phone.context().close();
  assert(seen.size === 8, `forms tested: ${[...seen]}`);
});

/** Creates through the form and waits for the record in the list. */
async function createListed(token, collection, values, listed) {
  const page = await recordsPage(token, collection);
  const r = await submit(page, values);
  assert(r.ok && new RegExp(`Created ${collection} #\\d+`).test(r.ok), `${collection}: ${r.errors}`);
  const id = Number(r.ok.match(/#(\d+)/)[1]);
  await page.locator('[data-testid="records-table"] tbody tr', { hasText: listed }).first().waitFor({ timeout: 10000 });
  const row = await page.locator('[data-testid="records-table"] tbody tr', { hasText: listed }).first().locator("td").first().textContent();
  assert(Number(row) === id, `${collection}: listed row ${row}, created #${id}`);
  return { page, id };
}

let pilot = null; // the application the workflow test moves

test("a proposed partnership is saved with its members from the partners view, in one record", async () => {
  const { EDITOR_TOKEN: editor, ADMIN_TOKEN: admin } = process.env;
  const page = await recordsPage(editor, "partnerships");
  await open(page, "#/partners/big-data/ITC1", "partners");
  const first = page.locator('[data-testid="save-proposal"]').first();
  await first.waitFor();
  await first.click();
  const saved = page.locator('[data-testid="proposal-saved"] .msg.ok').first();
  await saved.waitFor();
  const id = Number((await saved.textContent()).match(/#(\d+)/)[1]);
  const p = await api(admin, "GET", `/v1/partnerships/${id}`);
  assert(p.json.status === "proposed" && p.json.theme === "big-data" && p.json.lead_regions[0] === "ITC1", JSON.stringify(p.json));
  const members = await api(admin, "GET", `/v1/partnership-members?partnership_id=${id}`);
  // the proposal's other members (size 4 in this view): three, none of them the lead
  assert(members.json.items.length === 3 && members.json.items.every((m) => m.region !== "ITC1"), JSON.stringify(members.json));
  await page.context().close();
});

test("the typed forms create a call, an application, an expert team, an action plan and a partnership member, each listed", async () => {
  const { ADMIN_TOKEN: admin, EDITOR_TOKEN: editor } = process.env;
  let { page, id: call } = await createListed(admin, "calls", { title: "Industrial transition pilot 2026", opens: "2026-01-15", closes: "2099-03-31", criteria: "industrial employment\nunemployment above the EU average" }, "Industrial transition pilot 2026");
  await page.context().close();
  const stored = await api(admin, "GET", `/v1/calls/${call}`);
  assert(stored.json.criteria.length === 2 && stored.json.closes === "2099-03-31" && stored.json.published === true, JSON.stringify(stored.json));

  // the editor of ITC1 applies, choosing the call from the list
  ({ page, id: pilot } = await createListed(editor, "applications", { call_id: String(call), region: "itc1", motivation: "Piedmont's automotive transition to electric drives" }, "Piedmont's automotive"));
  await page.context().close();
  const app = await api(editor, "GET", `/v1/applications/${pilot}`);
  assert(app.json.status === "submitted" && app.json.region === "ITC1" && app.json.call_id === call, JSON.stringify(app.json));

  // the admin names the expert team; a viewer named as expert is the API's 422 at the members field
  page = await recordsPage(admin, "expert-teams");
  let r = await submit(page, { application_id: String(pilot), members: "vi; statistics" });
  assert(r.errors && r.errors.includes("422"), `a viewer as expert: ${r.ok ?? r.errors}`);
  const note = await page.locator('.field-error[data-field="members"]').textContent();
  assert(note.length > 0 && (await page.locator('[name="members"]').getAttribute("aria-invalid")) === "true", "the API's problem not shown at the members field");
  await page.context().close();
  ({ page } = await createListed(admin, "expert-teams", { application_id: String(pilot), members: "eva; batteries, regional policy" }, `application #${pilot}: eva`));
  await page.context().close();

  // the editor writes the action plan of its region's application, with a second action
  page = await recordsPage(editor, "action-plans");
  await page.click('[data-testid="add-item"]');
  const plan1 = { application_id: String(pilot), status: "draft", area: "skills", description: "Re-skilling of powertrain workers", milestones: "first cohort trained; 2026-12-15\ncurriculum agreed; 2026-06-30; done" };
  r = await submit(page, { ...plan1, "area.2": "investment_barriers", "description.2": "A one-stop shop for battery investors", "milestones.2": "shop open; 2026-09-31" });
  assert(r.errors && r.errors.includes("milestones.2:") && !r.errors.includes("milestones:"), `second action's milestone: ${r.ok ?? r.errors}`);
  r = await submit(page, { "milestones.2": "shop open; 2026-09-30" });
  assert(r.ok, `action plan: ${r.errors}`);
  await page.locator('[data-testid="records-table"] tbody tr', { hasText: `application #${pilot}: draft, 2 action(s)` }).waitFor();
  await page.context().close();
  const plans = await api(editor, "GET", `/v1/action-plans?application_id=${pilot}`);
  const plan = plans.json.items[0];
  assert(plan.status === "draft" && plan.actions.length === 2 && plan.actions[0].area === "skills" && plan.actions[0].milestones.length === 2 && plan.actions[0].milestones[1].done === true, JSON.stringify(plan));
  assert(plan.actions[1].area === "investment_barriers" && plan.actions[1].milestones[0].due === "2026-09-30", JSON.stringify(plan.actions[1]));

  // a member of the editor's partnership, chosen from the list
  const ps = await api(editor, "GET", "/v1/partnerships?limit=500");
  const mine = ps.json.items.find((p) => p.title === "Piedmont batteries");
  assert(mine, "no Piedmont batteries partnership");
  ({ page } = await createListed(editor, "partnership-members", { partnership_id: String(mine.id), region: "DE11", role: "co-lead", committed_on: "2025-09-01" }, `co-lead of partnership #${mine.id}`));
  await page.context().close();
});

test("application workflow: buttons for the allowed transitions, the row redrawn after a move, a refusal shown", async () => {
  assert(pilot, "no application from the forms test");
  const { ADMIN_TOKEN: admin, EDITOR_TOKEN: editor, EXPERT_TOKEN: expert } = process.env;
  const cell = (page) => page.locator(`.workflow[data-application="${pilot}"]`);
  const buttons = async (page) => (await cell(page).locator("button").evaluateAll((bs) => bs.map((b) => b.dataset.to))).join(",");
  // the region editor may not move it: no buttons
  let page = await recordsPage(editor, "applications");
  await cell(page).waitFor();
  assert((await buttons(page)) === "", `editor sees buttons ${await buttons(page)}`);
  await page.context().close();
  // the admin: submitted → eligible
  page = await recordsPage(admin, "applications");
  await cell(page).waitFor();
  assert((await cell(page).locator(".badge").textContent()) === "submitted", "not submitted");
  assert((await buttons(page)) === "eligible,closed,closed", `from submitted: ${await buttons(page)}`);
  await cell(page).locator('[data-testid="transition-reason"]').fill("meets the call's criteria");
  await cell(page).locator('button[data-to="eligible"]').click();
  await cell(page).locator('[data-testid="transition-ok"]').waitFor();
  assert((await cell(page).locator(".badge").textContent()) === "eligible", "row not redrawn");
  assert((await buttons(page)) === "selected,closed,closed", `from eligible: ${await buttons(page)}`);
  const told = await api(admin, "GET", `/v1/applications/${pilot}`);
  assert(told.json.reason === "meets the call's criteria" && told.json.outcome === "eligible", JSON.stringify(told.json));
  await shot(page, "workflow");
  await page.context().close();
  page = await recordsPage(admin, "applications", { width: 390, height: 844 });
  await cell(page).locator("button").first().waitFor();
  await noLayoutBreak(page);
  await page.context().close();
  // the expert of its team may close it but not select it (an admin's decision)
  page = await recordsPage(expert, "applications");
  await cell(page).waitFor();
  assert((await buttons(page)) === "closed,closed", `expert sees ${await buttons(page)}`);
  // selected meanwhile by the admin: the expert's stale "not selected" is refused, shown in the row
  const moved = await api(admin, "POST", `/v1/applications/${pilot}/transition`, { to: "selected", reason: "chosen by the panel" });
  assert(moved.status === 200, `admin move: ${moved.status}`);
  await cell(page).locator('button[data-outcome="not_selected"]').click();
  const err = cell(page).locator('[data-testid="transition-error"]');
  await err.waitFor();
  const text = await err.textContent();
  assert(text.includes("422"), `refusal shown: ${text}`);
  await page.context().close();
});

test("the region profile draws employment by NACE section against the EU28, as the API gives it", async () => {
  const api1 = await (await fetch(`${BASE}/v1/regions/ITC1/profile`)).json();
  const page = await newPage();
  await open(page, "#/region/ITC1", "region");
  const rows = await page.$$eval('[data-testid="section-bars"] li', (ls) =>
    ls.map((l) => ({
      section: l.dataset.section,
      share: l.dataset.share,
      eu: l.dataset.eu28,
      value: l.querySelector(".bar-value").textContent,
      bar: l.querySelector(".bar").getBoundingClientRect().width,
      track: l.querySelector(".bar-track").getBoundingClientRect().width,
      mark: l.querySelector(".bar-ref").getBoundingClientRect().left - l.querySelector(".bar-track").getBoundingClientRect().left,
    })),
  );
  const known = api1.sections.filter((x) => x.share !== null);
  assert(rows.length === known.length && rows.length >= 10, `${rows.length} bars, ${known.length} sections with data`);
  const max = Math.max(...api1.sections.flatMap((x) => [x.share ?? 0, x.eu28_share ?? 0]));
  for (const x of known) {
    const r = rows.find((y) => y.section === x.section);
    assert(r && r.share === String(x.share) && r.eu === String(x.eu28_share), `${x.section}: drawn ${JSON.stringify(r)}, API ${x.share}`);
    assert(r.value === `${(x.share * 100).toFixed(1)} %`, `${x.section}: label ${r.value}`);
    assert(Math.abs(r.bar / r.track - x.share / max) < 0.01, `${x.section}: bar ${r.bar}/${r.track}, share ${x.share}/${max}`);
    assert(Math.abs(r.mark / r.track - x.eu28_share / max) < 0.01, `${x.section}: EU28 mark at ${r.mark}/${r.track}`);
  }
  // Piemonte: manufacturing above the EU28's share
  const c = rows.find((y) => y.section === "C");
  assert(Number(c.share) > Number(c.eu), `C ${c.share} vs EU28 ${c.eu}`);
  await page.context().close();
});

/** A point of the page on a (possibly scattered: an archipelago) shape, checked to hit it. */
async function onShape(shape) {
  const [x, y, hit] = await shape.evaluate((p) => {
    const m = p.getScreenCTM();
    const q = p.getPointAtLength(0).matrixTransform(m);
    return [q.x, q.y, document.elementFromPoint(q.x, q.y) === p];
  });
  assert(hit, "the point found is not on the shape");
  return [x, y];
}

test("outermost regions are drawn in framed insets, coloured by the data, visible and clickable", async () => {
  const api1 = await (await fetch(`${BASE}/v1/map?indicator=gdp_per_head_eu`)).json();
  const byRegion = new Map(api1.values.map((v) => [v.region, v.value]));
  for (const size of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    const page = await newPage(size);
    await open(page, "#/map/indicator=gdp_per_head_eu", "map");
    const insets = await page.$$eval("svg.choropleth g.inset", (gs) => gs.map((g) => g.dataset.inset));
    assert(insets.length === 8, `insets: ${insets}`);
    for (const [code, name] of [["ES70", "Canarias"], ["FRA1", "Guadeloupe"], ["PT20", "Açores"], ["FRA4", "Réunion"]]) {
      const shape = page.locator(`svg.choropleth g.inset path.region[data-region="${code}"]`);
      assert((await shape.count()) === 1, `${code}: ${await shape.count()} inset shapes`);
      assert((await page.locator(`svg.choropleth > g > path.region[data-region="${code}"]`).count()) === 0, `${code} also drawn (clipped) on the mainland frame`);
      const fill = await shape.getAttribute("fill");
      assert(fill !== NO_DATA && byRegion.get(code) !== null, `${code}: fill ${fill}`);
      assert((await shape.getAttribute("data-value")) === String(byRegion.get(code)), `${code}: value ${await shape.getAttribute("data-value")}`);
      const b = await shape.boundingBox();
      const frame = await shape.locator("xpath=../*[local-name()='rect']").boundingBox();
      assert(b && b.width >= 4 && b.height >= 4, `${code}: ${JSON.stringify(b)}`);
      const inside = (o, i) => o.x >= i.x - 0.5 && o.y >= i.y - 0.5 && o.x + o.width <= i.x + i.width + 0.5 && o.y + o.height <= i.y + i.height + 0.5;
      assert(inside(b, frame), `${code} outside its frame: ${JSON.stringify(b)} in ${JSON.stringify(frame)}`);
      if (size.width === 1280) {
        assert(inside(b, { x: 0, y: 0, width: size.width, height: size.height }), `${code} outside the viewport: ${JSON.stringify(b)}`);
        await page.mouse.move(...(await onShape(shape)));
        const tip = await page.locator("#tooltip").textContent();
        assert(tip.includes(name), `${code} tooltip: ${tip}`);
      }
    }
    if (size.width === 1280) {
      await page.mouse.click(...(await onShape(page.locator('g.inset path.region[data-region="ES70"]'))));
      await page.waitForSelector('main[data-ready="region"]');
      assert((await page.locator("h1").textContent()).includes("(ES70)"), "the Canarias inset does not open ES70");
    }
    await page.context().close();
  }
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

if (process.env.DATASET_URL) {
  test("serve --dataset: the dashboard shows the user's dataset (its regions on the map, its figures in the profile)", async () => {
    const D = process.env.DATASET_URL;
    const dir = process.env.DATASET_DIR;
    const page = await newPage();
    await page.goto(`${D}/#/map/indicator=eci`);
    await page.waitForSelector('main[data-ready="map"]', { timeout: 30000 });
    const shapes = await page.$$eval("svg.choropleth path.region", (ps) => ps.map((p) => ({ region: p.getAttribute("data-region"), value: p.getAttribute("data-value"), fill: p.getAttribute("fill") })));
    // one region per 2013 code (HU10 is drawn by the 2021 shapes HU11 and HU12)
    const coloured = [...new Set(shapes.filter((s) => s.fill !== NO_DATA).map((s) => s.region))];
    const api = await (await fetch(`${D}/v1/map?indicator=eci`)).json();
    const withValue = api.values.filter((v) => v.value !== null).map((v) => v.region);
    assert(coloured.length === withValue.length && coloured.length >= 30 && coloured.length <= 39, `coloured ${coloured.length}, API ${withValue.length}`);
    assert(coloured.includes("AT11") && !coloured.includes("ITC1"), "the map is not the dataset's");
    // the ECI drawn for AT11 is `smartspec indicators --dataset` for the map's year
    const year = api.year;
    const out = join(mkdtempSync(join(tmpdir(), "ds-ind-")), "ind");
    cli("indicators", "--dataset", dir, "--year", String(year), "--out", out);
    const line = readFileSync(join(out, "eci.csv"), "utf8").split("\n").find((l) => l.startsWith("AT11,"));
    const eci = Number(line.split(",")[2]);
    const drawn = Number(shapes.find((s) => s.region === "AT11").value);
    assert(Math.abs(drawn - eci) < 1e-9, `AT11 ECI drawn ${drawn}, CLI ${eci}`);
    // the profile is the dataset's: Burgenland, its year and employment total
    await page.goto(`${D}/#/region/AT11`);
    await page.waitForSelector('main[data-ready="region"]', { timeout: 30000 });
    assert((await page.locator("h1").textContent()).includes("(AT11)"), "no AT11 profile");
    const profile = JSON.parse(cli("region", "AT11", "--dataset", dir, "--format", "json"));
    const text = await page.locator("main").textContent();
    assert(text.includes(fmt(profile.employment_total)), `employment total ${fmt(profile.employment_total)} not shown`);
    const failed = await page.locator("main .msg.error").allTextContents();
    assert(failed.length === 0, `error messages shown: ${failed.join(" | ")}`);
    assert(page.errors.length === 0, page.errors.join("\n"));
    await shot(page, "dataset-region");
    await page.context().close();
  });
}

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
