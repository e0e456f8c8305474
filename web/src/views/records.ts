// Records: the token (kept in localStorage), the caller's role, a list of
// each collection, and create forms (priority, partnership, project, and a
// JSON form for the other record types). Input is checked here first; the
// API's 422 problems are shown field by field.
import { ApiError, get, getToken, post, setToken } from "../api";
import type { Me, Page } from "../types";
import { type Column, el, field, message, select, sortableTable } from "../ui";

const COLLECTIONS = ["priorities", "partnerships", "partnership-members", "projects", "calls", "applications", "expert-teams", "action-plans"];
const REGION = /^[A-Z]{2}[A-Z0-9]{0,3}$/;
const NACE = /^[A-U](\d{2}(\.\d{1,2})?)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

type Rec = Record<string, unknown> & { id: number; published?: boolean };

function list(s: string): string[] {
  return s
    .split(/[,;\s]+/)
    .map((x) => x.trim().toUpperCase())
    .filter(Boolean);
}

function realDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

type Errors = [string, string][];
type FormSpec = {
  title: string;
  collection: string;
  fields: { name: string; label: string; control: () => HTMLElement; hint?: string }[];
  build: (v: Record<string, string>, errors: Errors) => unknown;
};

const text = (placeholder = "") => el("input", { type: "text", placeholder });
const num = (min: string, max?: string, step = "any") => el("input", { type: "number", min, max, step });

const FORMS: FormSpec[] = [
  {
    title: "New priority",
    collection: "priorities",
    fields: [
      { name: "region", label: "Region (NUTS code)", control: () => text("ITC1") },
      { name: "title", label: "Title", control: () => text() },
      { name: "description", label: "Description", control: () => el("textarea", { rows: 2 }) },
      { name: "economic_domains", label: "Economic domains (NACE codes)", control: () => text("C29, C28"), hint: "comma separated, e.g. C29" },
      { name: "date", label: "Date adopted", control: () => el("input", { type: "text", placeholder: "YYYY-MM-DD" }) },
    ],
    build: (v, errors) => {
      const region = v.region.trim().toUpperCase();
      if (!REGION.test(region)) errors.push(["region", "a NUTS code such as ITC1"]);
      if (!v.title.trim()) errors.push(["title", "required"]);
      const domains = list(v.economic_domains);
      const bad = domains.filter((d) => !NACE.test(d));
      if (bad.length) errors.push(["economic_domains", `not NACE codes: ${bad.join(", ")}`]);
      if (v.date.trim() && !realDate(v.date.trim())) errors.push(["date", "a real date, YYYY-MM-DD"]);
      return { region, title: v.title.trim(), description: v.description.trim(), economic_domains: domains, ...(v.date.trim() ? { date: v.date.trim() } : {}) };
    },
  },
  {
    title: "New partnership",
    collection: "partnerships",
    fields: [
      { name: "theme", label: "Theme", control: () => text("e.g. batteries") },
      { name: "title", label: "Title", control: () => text() },
      { name: "lead_regions", label: "Lead regions", control: () => text("ITC1"), hint: "comma separated NUTS codes" },
      { name: "status", label: "Status", control: () => select(["proposed", "active", "closed"].map((s) => ({ value: s, label: s })), "proposed") },
    ],
    build: (v, errors) => {
      const leads = list(v.lead_regions);
      if (!v.theme.trim()) errors.push(["theme", "required"]);
      if (!v.title.trim()) errors.push(["title", "required"]);
      if (!leads.length) errors.push(["lead_regions", "at least one region"]);
      const bad = leads.filter((r) => !REGION.test(r));
      if (bad.length) errors.push(["lead_regions", `not NUTS codes: ${bad.join(", ")}`]);
      return { theme: v.theme.trim(), title: v.title.trim(), lead_regions: leads, status: v.status };
    },
  },
  {
    title: "New project",
    collection: "projects",
    fields: [
      { name: "partnership_id", label: "Partnership id", control: () => num("1", undefined, "1") },
      { name: "title", label: "Title", control: () => text() },
      { name: "value_chain_stages", label: "Value-chain stages", control: () => text("research, demonstration"), hint: "research, demonstration, production, deployment" },
      { name: "activities", label: "Activities (NACE)", control: () => text("C27") },
      { name: "partners", label: "Partners", control: () => el("textarea", { rows: 2, placeholder: "ITC1; Politecnico di Torino; coordinator" }), hint: "one a line: region; organisation; role" },
      { name: "budget_eur", label: "Budget (EUR)", control: () => num("0") },
      { name: "trl", label: "TRL (1–9)", control: () => num("1", "9", "1") },
      { name: "start", label: "Start", control: () => el("input", { type: "text", placeholder: "YYYY-MM-DD" }) },
      { name: "end", label: "End", control: () => el("input", { type: "text", placeholder: "YYYY-MM-DD" }) },
    ],
    build: (v, errors) => {
      const pid = Number(v.partnership_id);
      if (!Number.isInteger(pid) || pid < 1) errors.push(["partnership_id", "the id of an existing partnership"]);
      if (!v.title.trim()) errors.push(["title", "required"]);
      const stages = v.value_chain_stages
        .split(/[,;\s]+/)
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean);
      const badStage = stages.filter((s) => !["research", "demonstration", "production", "deployment"].includes(s));
      if (badStage.length) errors.push(["value_chain_stages", `unknown stages: ${badStage.join(", ")}`]);
      const acts = list(v.activities);
      const badAct = acts.filter((a) => !NACE.test(a));
      if (badAct.length) errors.push(["activities", `not NACE codes: ${badAct.join(", ")}`]);
      const partners = v.partners
        .split("\n")
        .map((l) => l.trim())
        .filter(Boolean)
        .map((l) => l.split(";").map((x) => x.trim()));
      if (!partners.length) errors.push(["partners", "at least one partner"]);
      partners.forEach((p, i) => {
        if (p.length !== 3 || !REGION.test((p[0] ?? "").toUpperCase()) || !p[1] || !p[2]) errors.push(["partners", `line ${i + 1}: region; organisation; role`]);
      });
      const budget = Number(v.budget_eur);
      if (v.budget_eur.trim() === "" || !Number.isFinite(budget) || budget < 0) errors.push(["budget_eur", "a non-negative amount"]);
      const trl = Number(v.trl);
      if (!Number.isInteger(trl) || trl < 1 || trl > 9) errors.push(["trl", "an integer from 1 to 9"]);
      if (!realDate(v.start.trim())) errors.push(["start", "a real date, YYYY-MM-DD"]);
      if (!realDate(v.end.trim())) errors.push(["end", "a real date, YYYY-MM-DD"]);
      else if (realDate(v.start.trim()) && v.start.trim() > v.end.trim()) errors.push(["end", "not before the start"]);
      return {
        partnership_id: pid,
        title: v.title.trim(),
        value_chain_stages: stages,
        activities: acts,
        partners: partners.map(([region, organisation, role]) => ({ region: (region ?? "").toUpperCase(), organisation, role })),
        budget_eur: budget,
        trl,
        start: v.start.trim(),
        end: v.end.trim(),
      };
    },
  },
];

for (const c of ["partnership-members", "calls", "applications", "expert-teams", "action-plans"]) {
  FORMS.push({
    title: `New record in ${c} (JSON)`,
    collection: c,
    fields: [{ name: "json", label: "Record (JSON object; fields in docs/api.md)", control: () => el("textarea", { rows: 4, placeholder: "{ }" }) }],
    build: (v, errors) => {
      try {
        const o = JSON.parse(v.json);
        if (typeof o !== "object" || o === null || Array.isArray(o)) errors.push(["json", "must be a JSON object"]);
        return o;
      } catch (e) {
        errors.push(["json", `not JSON: ${e instanceof Error ? e.message : e}`]);
        return null;
      }
    },
  });
}

function problems(list: Errors, title: string): HTMLElement {
  return el("div", { class: "msg error", role: "alert", "data-testid": "form-errors" }, el("strong", {}, title), el("ul", {}, ...list.map(([f, m]) => el("li", {}, `${f}: ${m}`))));
}

function form(spec: FormSpec, onCreated: () => void): HTMLElement {
  const controls = new Map<string, HTMLInputElement>();
  const out = el("div", { class: "form-out" });
  const f = el(
    "form",
    { class: "record-form", "data-collection": spec.collection, novalidate: true },
    el("h3", {}, spec.title),
    ...spec.fields.map((fd) => {
      const c = fd.control() as HTMLInputElement;
      c.name = fd.name;
      controls.set(fd.name, c);
      return field(fd.label, c, fd.hint);
    }),
    el("label", { class: "check" }, el("input", { type: "checkbox", name: "published" }), " published (public)"),
    el("button", { type: "submit" }, "Create"),
    out,
  );
  f.addEventListener("submit", async (e) => {
    e.preventDefault();
    out.replaceChildren();
    const values: Record<string, string> = {};
    controls.forEach((c, k) => (values[k] = c.value));
    const errors: Errors = [];
    const body = spec.build(values, errors);
    for (const [k, c] of controls) c.setAttribute("aria-invalid", String(errors.some(([fld]) => fld === k)));
    if (errors.length) {
      out.replaceChildren(problems(errors, "Please correct:"));
      return;
    }
    const published = (f.querySelector("input[name=published]") as HTMLInputElement).checked;
    try {
      const rec = await post<Rec>(`/v1/${spec.collection}`, { ...(body as object), ...(published ? { published: true } : {}) });
      out.replaceChildren(el("p", { class: "msg ok", role: "status", "data-testid": "form-ok" }, `Created ${spec.collection} #${rec.id}.`));
      onCreated();
    } catch (err) {
      if (err instanceof ApiError) {
        const list: Errors = err.errors.length ? err.errors.map((x) => [x.field, x.message]) : [["", err.detail || err.title]];
        out.replaceChildren(problems(list, `${err.status} ${err.title}`));
      } else out.replaceChildren(message(String(err), "error"));
    }
  });
  return f;
}

function label(r: Rec): string {
  for (const k of ["title", "motivation", "role", "region"]) if (typeof r[k] === "string" && r[k]) return r[k] as string;
  return `#${r.id}`;
}

export async function recordsView(main: HTMLElement, args: string[]): Promise<void> {
  const collection = COLLECTIONS.includes(args[0] ?? "") ? (args[0] as string) : "priorities";
  const tokenInput = el("input", { type: "password", value: getToken(), size: 40, autocomplete: "off", "aria-label": "API token" });
  const who = el("span", { class: "who", "data-testid": "whoami" });
  const refreshMe = async () => {
    if (!getToken()) {
      who.textContent = "anonymous: you see published records and cannot write";
      return;
    }
    try {
      const me = await get<Me>("/v1/me");
      who.textContent = `signed in as ${me.name ?? me.user ?? "?"} (${me.role}${me.regions?.length ? `: ${me.regions.join(", ")}` : ""})`;
    } catch (e) {
      who.textContent = `token refused: ${e instanceof Error ? e.message : e}`;
    }
  };
  const tokenForm = el("form", { class: "controls" }, field("Token", tokenInput, "kept in this browser only"), el("button", { type: "submit" }, "Use token"), who);
  tokenForm.addEventListener("submit", (e) => {
    e.preventDefault();
    setToken(tokenInput.value);
    void refreshMe();
    void showList();
  });
  const listBox = el("div", { class: "card" });
  const showList = async () => {
    try {
      const page = await get<Page<Rec>>(`/v1/${collection}?limit=100`);
      // projects: the bankability score of each (docs/api.md)
      const bank = new Map<number, number | null>();
      if (collection === "projects") {
        await Promise.all(
          page.items.map((r) =>
            get<{ score: number | null }>(`/v1/projects/${r.id}/bankability`)
              .then((b) => bank.set(r.id, b.score))
              .catch(() => bank.set(r.id, null)),
          ),
        );
      }
      const columns: Column<Rec>[] = [
        { key: "id", label: "Id", value: (r) => r.id, numeric: true },
        { key: "what", label: "Record", value: (r) => label(r) },
        { key: "region", label: "Region(s)", value: (r) => String(r.region ?? (r.lead_regions as string[] | undefined)?.join(", ") ?? (r.partners as { region: string }[] | undefined)?.map((p) => p.region).join(", ") ?? "") },
        { key: "published", label: "Published", value: (r) => (r.published ? "yes" : "no") },
      ];
      if (collection === "projects") columns.push({ key: "bankability", label: "Bankability (0–100)", value: (r) => bank.get(r.id) ?? null, numeric: true });
      listBox.replaceChildren(
        el("h2", {}, `${collection} (${page.items.length}${page.next_cursor !== null ? "+" : ""})`),
        page.items.length
          ? sortableTable(page.items, columns, { initial: "id", testid: "records-table" })
          : message("No records visible to you."),
      );
    } catch (e) {
      listBox.replaceChildren(message(e instanceof Error ? e.message : String(e), "error"));
    }
  };
  const tabs = el("nav", { class: "tabs", "aria-label": "Collections" }, ...COLLECTIONS.map((c) => el("a", { href: `#/records/${c}`, "aria-current": c === collection ? "page" : undefined }, c)));
  const spec = FORMS.find((s) => s.collection === collection);
  // forms for signed-in users; the API decides by role and region (403 shown)
  const formBox = el("section", { class: "card" });
  const showForm = () =>
    formBox.replaceChildren(getToken() ? (spec ? form(spec, () => void showList()) : message("No form for this collection.")) : message("Set a token to create records: what you may create depends on your role (docs/api.md)."));
  tokenForm.addEventListener("submit", showForm);
  showForm();
  main.replaceChildren(el("h1", {}, "Records"), tokenForm, tabs, el("div", { class: "split" }, listBox, formBox));
  await Promise.all([refreshMe(), showList()]);
}
