// The typed create form of each record type: labelled controls and the
// client-side checks, written to agree with the store's (crates/
// smartspec-store/src/records.rs, validate.rs) and the OpenAPI schemas:
// required texts not blank and at most 300 characters (20,000 for
// descriptions and motivations), NUTS and NACE codes well formed (whether
// they exist is the server's 422), real dates YYYY-MM-DD in 1900–2100 and in
// order, amounts finite and non-negative, references chosen from the records
// already visible. A failed check names the form field; the API's field
// paths (`members[0].user`) are mapped back to the form field with `fieldOf`.
import { el, select } from "../ui";

export type Rec = Record<string, unknown> & { id: number; published?: boolean };
export type Errors = [string, string][];
/** The records a form's selects choose from, by collection. */
export type Refs = Partial<Record<"partnerships" | "calls" | "applications", Rec[]>>;

export interface FieldSpec {
  name: string;
  label: string;
  control: (refs: Refs) => HTMLElement;
  hint?: string;
}

export interface FormSpec {
  title: string;
  collection: string;
  refs?: (keyof Refs)[];
  fields: FieldSpec[];
  build: (v: Record<string, string>, errors: Errors) => unknown;
  /** The form field of an API error's field path (default: its first segment). */
  fieldOf?: (apiField: string) => string;
  /** A repeatable group of fields (item n ≥ 2 added by a button; its fields named `NAME.n`). */
  repeat?: { label: string; fields: (n: number) => FieldSpec[] };
}

/** The name of field `name` of repeated item `n` (1: the first, unsuffixed). */
export const nth = (name: string, n: number): string => (n === 1 ? name : `${name}.${n}`);

const REGION = /^[A-Z]{2}[A-Z0-9]{0,3}$/;
const NACE = /^[A-U](\d{2}(\.\d{1,2})?)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const SHORT = 300;
const LONG = 20000;

export const PARTNERSHIP_STATUSES = ["proposed", "active", "closed"];
/** The seed themes the server checks partnerships against (smartspec_io::themes::SEED_IDS). */
export const THEMES = ["big-data", "bioeconomy", "resource-efficiency", "connected-mobility", "advanced-manufacturing"];
export const MEMBER_ROLES = ["lead", "co-lead", "member", "observer"];
export const PLAN_STATUSES = ["draft", "adopted", "in_progress", "completed"];
export const AREAS = ["innovation_capacity", "investment_barriers", "skills", "industrial_change"];
export const STAGES = ["research", "demonstration", "production", "deployment"];

function codes(s: string): string[] {
  return s
    .split(/[,;\s]+/)
    .map((x) => x.trim().toUpperCase())
    .filter(Boolean);
}

function lines(s: string): string[] {
  return s
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
}

/** A calendar date YYYY-MM-DD in 1900–2100, as the store's `is_iso_date`. */
export function realDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const y = Number(s.slice(0, 4));
  const d = new Date(`${s}T00:00:00Z`);
  return y >= 1900 && y <= 2100 && !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function text(errors: Errors, name: string, v: string, max = SHORT): string {
  const t = v.trim();
  if (!t) errors.push([name, "required"]);
  else if (t.length > max) errors.push([name, `at most ${max} characters`]);
  return t;
}

function region(errors: Errors, name: string, v: string): string {
  const r = v.trim().toUpperCase();
  if (!REGION.test(r)) errors.push([name, "a NUTS code such as ITC1"]);
  return r;
}

function date(errors: Errors, name: string, v: string, required: boolean): string | undefined {
  const d = v.trim();
  if (!d) {
    if (required) errors.push([name, "a real date, YYYY-MM-DD"]);
    return undefined;
  }
  if (!realDate(d)) errors.push([name, "a real date, YYYY-MM-DD"]);
  return d;
}

/** Two dates in order, both required (`opens ≤ closes`, `start ≤ end`). */
function ordered(errors: Errors, first: [string, string], last: [string, string]): [string, string] {
  const a = date(errors, first[0], first[1], true) ?? "";
  const b = date(errors, last[0], last[1], true) ?? "";
  if (realDate(a) && realDate(b) && a > b) errors.push([last[0], `not before ${first[0]}`]);
  return [a, b];
}

function ref(errors: Errors, name: string, v: string, what: string): number {
  const id = Number(v);
  if (!v || !Number.isInteger(id) || id < 1) errors.push([name, `choose ${what}`]);
  return id;
}

const input = (placeholder = "") => el("input", { type: "text", placeholder });
const dateInput = () => el("input", { type: "text", placeholder: "YYYY-MM-DD", inputmode: "numeric" });
const textArea = (rows: number, placeholder = "") => el("textarea", { rows, placeholder });
const num = (min: string, max?: string, step = "any") => el("input", { type: "number", min, max, step });
const choice = (values: string[], value: string) => select(values.map((s) => ({ value: s, label: s.replace(/_/g, " ") })), value);

/** A short label of a record for lists and reference selects. */
export function recordLabel(r: Rec): string {
  if (typeof r.application_id === "number") {
    const users = ((r.members as { user: string }[] | undefined) ?? []).map((m) => m.user).join(", ");
    const actions = (r.actions as unknown[] | undefined)?.length;
    return `application #${r.application_id}: ${users || `${String(r.status ?? "").replace(/_/g, " ")}, ${actions ?? 0} action(s)`}`;
  }
  if (typeof r.partnership_id === "number" && typeof r.role === "string") return `${r.role} of partnership #${r.partnership_id}`;
  for (const k of ["title", "motivation", "role", "region"]) if (typeof r[k] === "string" && r[k]) return r[k] as string;
  return `#${r.id}`;
}

function refLabel(r: Rec): string {
  if (typeof r.call_id === "number") {
    const m = String(r.motivation ?? "");
    return `#${r.id} ${r.region} to call #${r.call_id}${r.status ? ` (${r.status})` : ""}: ${m.length > 30 ? `${m.slice(0, 30)}…` : m}`;
  }
  return `#${r.id} ${recordLabel(r)}`;
}

/** A select of the visible records of a collection, "choose" first. */
function refSelect(rows: Rec[] | undefined, what: string): HTMLSelectElement {
  const opts = (rows ?? []).map((r) => ({ value: String(r.id), label: refLabel(r) }));
  const noun = what.replace(/^an? /, "");
  return select([{ value: "", label: opts.length ? `— choose ${what} —` : `— no ${noun} visible to you —` }, ...opts], "");
}

/** The fields of action `n` of an action plan. */
function actionFields(n: number): FieldSpec[] {
  return [
    { name: nth("area", n), label: `Action ${n}: area`, control: () => choice(AREAS, "innovation_capacity") },
    { name: nth("description", n), label: `Action ${n}: what is done`, control: () => textArea(2) },
    { name: nth("milestones", n), label: `Action ${n}: milestones (optional)`, control: () => textArea(2, "pilot line running; 2027-06-30"), hint: "one a line: title; YYYY-MM-DD[; done]" },
  ];
}

export const FORMS: FormSpec[] = [
  {
    title: "New priority",
    collection: "priorities",
    fields: [
      { name: "region", label: "Region (NUTS code)", control: () => input("ITC1") },
      { name: "title", label: "Title", control: () => input() },
      { name: "description", label: "Description", control: () => textArea(2) },
      { name: "economic_domains", label: "Economic domains (NACE codes)", control: () => input("C29, C28"), hint: "comma separated, e.g. C29" },
      { name: "date", label: "Date adopted", control: dateInput },
    ],
    build: (v, errors) => {
      const r = region(errors, "region", v.region);
      const title = text(errors, "title", v.title);
      if (v.description.trim().length > LONG) errors.push(["description", `at most ${LONG} characters`]);
      const domains = codes(v.economic_domains);
      const bad = domains.filter((d) => !NACE.test(d));
      if (bad.length) errors.push(["economic_domains", `not NACE codes: ${bad.join(", ")}`]);
      const d = date(errors, "date", v.date, false);
      return { region: r, title, description: v.description.trim(), economic_domains: domains, ...(d ? { date: d } : {}) };
    },
  },
  {
    title: "New partnership",
    collection: "partnerships",
    fields: [
      { name: "theme", label: "Theme", control: () => choice(THEMES, "advanced-manufacturing"), hint: "a loaded theme: the project's activities are matched to its stages" },
      { name: "title", label: "Title", control: () => input() },
      { name: "lead_regions", label: "Lead regions", control: () => input("ITC1"), hint: "comma separated NUTS codes" },
      { name: "status", label: "Status", control: () => choice(["proposed"], "proposed"), hint: "created proposed; active once leads and members come from 3 Member States" },
    ],
    build: (v, errors) => {
      const theme = text(errors, "theme", v.theme);
      const title = text(errors, "title", v.title);
      const leads = codes(v.lead_regions);
      if (!leads.length) errors.push(["lead_regions", "at least one region"]);
      const bad = leads.filter((r) => !REGION.test(r));
      if (bad.length) errors.push(["lead_regions", `not NUTS codes: ${bad.join(", ")}`]);
      if (!PARTNERSHIP_STATUSES.includes(v.status)) errors.push(["status", "choose a status"]);
      return { theme, title, lead_regions: leads, status: v.status };
    },
  },
  {
    title: "New partnership member",
    collection: "partnership-members",
    refs: ["partnerships"],
    fields: [
      { name: "partnership_id", label: "Partnership", control: (refs) => refSelect(refs.partnerships, "a partnership") },
      { name: "region", label: "Member region (NUTS code)", control: () => input("DE11") },
      { name: "role", label: "Role", control: () => choice(MEMBER_ROLES, "member") },
      { name: "committed_on", label: "Committed on (optional)", control: dateInput },
    ],
    build: (v, errors) => {
      const pid = ref(errors, "partnership_id", v.partnership_id, "a partnership");
      const r = region(errors, "region", v.region);
      if (!MEMBER_ROLES.includes(v.role)) errors.push(["role", "choose a role"]);
      const d = date(errors, "committed_on", v.committed_on, false);
      return { partnership_id: pid, region: r, role: v.role, ...(d ? { committed_on: d } : {}) };
    },
  },
  {
    title: "New project",
    collection: "projects",
    refs: ["partnerships"],
    fields: [
      { name: "partnership_id", label: "Partnership", control: (refs) => refSelect(refs.partnerships, "a partnership") },
      { name: "title", label: "Title", control: () => input() },
      { name: "value_chain_stages", label: "Value-chain stages", control: () => input("research, demonstration"), hint: STAGES.join(", ") },
      { name: "activities", label: "Activities (NACE)", control: () => input("C27") },
      { name: "partners", label: "Partners", control: () => textArea(2, "ITC1; Politecnico di Torino; coordinator"), hint: "one a line: region; organisation; role" },
      { name: "budget_eur", label: "Budget (EUR)", control: () => num("0") },
      { name: "trl", label: "TRL (1–9)", control: () => num("1", "9", "1") },
      { name: "start", label: "Start", control: dateInput },
      { name: "end", label: "End", control: dateInput },
    ],
    build: (v, errors) => {
      const pid = ref(errors, "partnership_id", v.partnership_id, "a partnership");
      const title = text(errors, "title", v.title);
      const stages = v.value_chain_stages
        .split(/[,;\s]+/)
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean);
      const badStage = stages.filter((s) => !STAGES.includes(s));
      if (badStage.length) errors.push(["value_chain_stages", `unknown stages: ${badStage.join(", ")}`]);
      const acts = codes(v.activities);
      const badAct = acts.filter((a) => !NACE.test(a));
      if (badAct.length) errors.push(["activities", `not NACE codes: ${badAct.join(", ")}`]);
      const partners = lines(v.partners).map((l) => l.split(";").map((x) => x.trim()));
      if (!partners.length) errors.push(["partners", "at least one partner"]);
      partners.forEach((p, i) => {
        if (p.length !== 3 || !REGION.test((p[0] ?? "").toUpperCase()) || !p[1] || !p[2]) errors.push(["partners", `line ${i + 1}: region; organisation; role`]);
      });
      const budget = Number(v.budget_eur);
      if (v.budget_eur.trim() === "" || !Number.isFinite(budget) || budget < 0) errors.push(["budget_eur", "a non-negative amount"]);
      const trl = Number(v.trl);
      if (!Number.isInteger(trl) || trl < 1 || trl > 9) errors.push(["trl", "an integer from 1 to 9"]);
      const [start, end] = ordered(errors, ["start", v.start], ["end", v.end]);
      return {
        partnership_id: pid,
        title,
        value_chain_stages: stages,
        activities: acts,
        partners: partners.map(([r, organisation, role]) => ({ region: (r ?? "").toUpperCase(), organisation, role })),
        budget_eur: budget,
        trl,
        start,
        end,
      };
    },
  },
  {
    title: "New call for interest",
    collection: "calls",
    fields: [
      { name: "title", label: "Title", control: () => input("Industrial transition pilot 2026") },
      { name: "opens", label: "Opens", control: dateInput },
      { name: "closes", label: "Closes", control: dateInput, hint: "not before the opening" },
      { name: "criteria", label: "Selection criteria (optional)", control: () => textArea(3, "industrial employment above the EU average"), hint: "one a line" },
      { name: "published", label: "Published", control: () => choice(["yes", "no"], "yes"), hint: "applications are taken only while a call is published and open" },
    ],
    build: (v, errors) => {
      const title = text(errors, "title", v.title);
      const [opens, closes] = ordered(errors, ["opens", v.opens], ["closes", v.closes]);
      return { title, opens, closes, criteria: lines(v.criteria), published: v.published !== "no" };
    },
  },
  {
    title: "New application",
    collection: "applications",
    refs: ["calls"],
    fields: [
      { name: "call_id", label: "Call", control: (refs) => refSelect(refs.calls, "a call") },
      { name: "region", label: "Applying region (NUTS code)", control: () => input("ITC1") },
      { name: "motivation", label: "Motivation", control: () => textArea(3) },
    ],
    build: (v, errors) => {
      const call = ref(errors, "call_id", v.call_id, "a call");
      const r = region(errors, "region", v.region);
      const motivation = text(errors, "motivation", v.motivation, LONG);
      // the server attaches the region's screening figures
      return { call_id: call, region: r, motivation };
    },
  },
  {
    title: "New expert team",
    collection: "expert-teams",
    refs: ["applications"],
    fields: [
      { name: "application_id", label: "Application", control: (refs) => refSelect(refs.applications, "an application") },
      { name: "members", label: "Members", control: () => textArea(3, "eva; batteries, regional policy"), hint: "one a line: expert user name; fields of expertise (comma separated)" },
    ],
    build: (v, errors) => {
      const app = ref(errors, "application_id", v.application_id, "an application");
      const members = lines(v.members).map((l) => {
        const [user, expertise] = l.split(";", 2).map((x) => x.trim());
        return { user: user ?? "", expertise: (expertise ?? "").split(",").map((x) => x.trim()).filter(Boolean) };
      });
      if (!members.length) errors.push(["members", "at least one member"]);
      members.forEach((m, i) => {
        if (!m.user) errors.push(["members", `line ${i + 1}: a user name first`]);
        else if (m.user.length > SHORT) errors.push(["members", `line ${i + 1}: user name longer than ${SHORT} characters`]);
      });
      return { application_id: app, members };
    },
  },
  {
    title: "New action plan",
    collection: "action-plans",
    refs: ["applications"],
    fields: [
      { name: "application_id", label: "Application", control: (refs) => refSelect(refs.applications, "an application") },
      { name: "status", label: "Status", control: () => choice(PLAN_STATUSES, "draft") },
      ...actionFields(1),
    ],
    repeat: { label: "Add another action", fields: actionFields },
    build: (v, errors) => {
      const app = ref(errors, "application_id", v.application_id, "an application");
      if (!PLAN_STATUSES.includes(v.status)) errors.push(["status", "choose a status"]);
      const actions = [];
      for (let n = 1; v[nth("area", n)] !== undefined; n++) {
        const [area, description, milestones] = ["area", "description", "milestones"].map((f) => nth(f, n));
        if (!AREAS.includes(v[area] ?? "")) errors.push([area, "choose an area"]);
        actions.push({
          area: v[area],
          description: text(errors, description, v[description] ?? "", LONG),
          milestones: lines(v[milestones] ?? "").map((l, i) => {
            const [title, due, done, ...rest] = l.split(";").map((x) => x.trim());
            if (!title || !due || rest.length || (done !== undefined && done !== "done")) errors.push([milestones, `line ${i + 1}: title; YYYY-MM-DD[; done]`]);
            else if (title.length > SHORT) errors.push([milestones, `line ${i + 1}: title longer than ${SHORT} characters`]);
            else if (!realDate(due)) errors.push([milestones, `line ${i + 1}: ${due} is not a real date YYYY-MM-DD`]);
            return { title: title ?? "", due: due ?? "", done: done === "done" };
          }),
        });
      }
      return { application_id: app, status: v.status, actions };
    },
    // actions[i].description → description(.i+1); actions[i].milestones[j].due → milestones(.i+1)
    fieldOf: (f) => {
      const m = f.match(/^actions\[(\d+)\]\.(\w+)/);
      return m ? nth(m[2] ?? "", Number(m[1]) + 1) : (f.split(/[[.]/)[0] ?? f);
    },
  },
];
