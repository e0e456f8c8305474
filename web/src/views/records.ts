// Records: the token (kept in localStorage), the caller's role, a list of
// each collection (applications with their workflow buttons), and the typed
// create form of each record type (recordforms.ts). Input is checked here
// first; the API's 422 problems are shown field by field.
import { ApiError, get, getToken, post, setToken } from "../api";
import type { Me, Page } from "../types";
import { type Column, el, field, message, sortableTable } from "../ui";
import { type Errors, type FieldSpec, FORMS, type FormSpec, type Rec, type Refs, recordLabel } from "./recordforms";
import { type Mover, statusCell } from "./workflow";

const COLLECTIONS = ["priorities", "partnerships", "partnership-members", "projects", "calls", "applications", "expert-teams", "action-plans"];

function problems(list: Errors, title: string): HTMLElement {
  return el("div", { class: "msg error", role: "alert", "data-testid": "form-errors" }, el("strong", {}, title), el("ul", {}, ...list.map(([f, m]) => el("li", {}, f ? `${f}: ${m}` : m))));
}

async function fetchRefs(spec: FormSpec): Promise<Refs> {
  const refs: Refs = {};
  await Promise.all(
    (spec.refs ?? []).map(async (c) => {
      refs[c] = await get<Page<Rec>>(`/v1/${c}?limit=500`)
        .then((p) => p.items)
        .catch(() => []);
    }),
  );
  return refs;
}

function form(spec: FormSpec, refs: Refs, onCreated: () => void): HTMLElement {
  const controls = new Map<string, HTMLInputElement>();
  const notes = new Map<string, HTMLElement>();
  const out = el("div", { class: "form-out" });
  const box = (fd: FieldSpec): HTMLElement => {
    const c = fd.control(refs) as HTMLInputElement;
    c.name = fd.name;
    controls.set(fd.name, c);
    const b = field(fd.label, c, fd.hint);
    const note = el("small", { class: "field-error", "data-field": fd.name, role: "alert" });
    notes.set(fd.name, note);
    b.append(note);
    return b;
  };
  // a repeatable group: item n ≥ 2 appended by its button
  const repeated = el("div", { class: "repeated" });
  let items = 1;
  const repeat = spec.repeat;
  const more = repeat
    ? el("button", { type: "button", class: "secondary", "data-testid": "add-item" }, repeat.label)
    : null;
  more?.addEventListener("click", () => {
    items += 1;
    repeated.append(el("fieldset", {}, ...(repeat?.fields(items) ?? []).map(box)));
  });
  const f = el(
    "form",
    { class: "record-form", "data-collection": spec.collection, novalidate: true },
    el("h3", {}, spec.title),
    ...spec.fields.map(box),
    repeated,
    more,
    el("label", { class: "check" }, el("input", { type: "checkbox", name: "published" }), " published (public)"),
    el("button", { type: "submit" }, "Create"),
    out,
  );
  // marks each field with its problems (client's or API's)
  const mark = (errors: Errors) => {
    for (const [k, c] of controls) {
      const mine = errors.filter(([fld]) => fld === k).map(([, m]) => m);
      c.setAttribute("aria-invalid", String(mine.length > 0));
      (notes.get(k) as HTMLElement).textContent = mine.join("; ");
    }
  };
  f.addEventListener("submit", async (e) => {
    e.preventDefault();
    out.replaceChildren();
    const values: Record<string, string> = {};
    controls.forEach((c, k) => (values[k] = c.value));
    const errors: Errors = [];
    const body = spec.build(values, errors);
    mark(errors);
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
        const fieldOf = spec.fieldOf ?? ((x: string) => x.split(/[[.]/)[0] ?? x);
        const list: Errors = err.errors.length ? err.errors.map((x) => [x.field, x.message]) : [["", err.detail || err.title]];
        mark(list.map(([fld, m]) => [fieldOf(fld), m]));
        out.replaceChildren(problems(list, `${err.status} ${err.title}`));
      } else out.replaceChildren(message(String(err), "error"));
    }
  });
  return f;
}

/** Who may move applications: admins, and experts for their teams' applications. */
async function mover(): Promise<Mover | null> {
  if (!getToken()) return null;
  try {
    const me = await get<Me>("/v1/me");
    const who: Mover = { role: me.role, name: me.name ?? me.user ?? "", experts: new Map() };
    if (me.role === "expert") {
      const teams = await get<Page<Rec>>("/v1/expert-teams?limit=500");
      for (const t of teams.items) {
        const id = Number(t.application_id);
        const names = ((t.members as { user: string }[] | undefined) ?? []).map((m) => m.user);
        who.experts.set(id, [...(who.experts.get(id) ?? []), ...names]);
      }
    }
    return who;
  } catch {
    return null;
  }
}

function regions(r: Rec): string {
  return String(r.region ?? (r.lead_regions as string[] | undefined)?.join(", ") ?? (r.partners as { region: string }[] | undefined)?.map((p) => p.region).join(", ") ?? "");
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
  const listBox = el("div", { class: "card" });
  const showList = async () => {
    try {
      const page = await get<Page<Rec>>(`/v1/${collection}?limit=100`);
      // projects: the bankability score of each (docs/api.md)
      // and its parts: each component's value (null: unknown, counts 0), with the formula as a tooltip
      type Part = { name: string; value: number | null; weight: number; formula: string };
      const bank = new Map<number, { score: number | null; components: Part[] }>();
      if (collection === "projects") {
        await Promise.all(
          page.items.map((r) =>
            get<{ score: number | null; components: Part[] }>(`/v1/projects/${r.id}/bankability`)
              .then((b) => bank.set(r.id, b))
              .catch(() => bank.set(r.id, { score: null, components: [] })),
          ),
        );
      }
      const parts = (r: Rec) =>
        el(
          "span",
          { class: "parts", "data-testid": "bankability-parts" },
          ...(bank.get(r.id)?.components ?? []).map((c) =>
            el("span", { class: "part", title: `${c.formula}; weight ${c.weight}` }, `${c.name.replace(/_/g, " ")} ${c.value === null ? "unknown" : c.value.toFixed(2)} `),
          ),
        );
      const columns: Column<Rec>[] = [
        { key: "id", label: "Id", value: (r) => r.id, numeric: true },
        { key: "what", label: "Record", value: (r) => recordLabel(r) },
        { key: "region", label: "Region(s)", value: regions },
        { key: "published", label: "Published", value: (r) => (r.published ? "yes" : "no") },
      ];
      if (collection === "projects") {
        columns.push({ key: "parts", label: "Bankability parts (0–1; weights 0.25, 0.25, 0.30, 0.20)", value: (r) => (bank.get(r.id)?.components ?? []).map((c) => c.value ?? 0).join(" "), render: parts });
        columns.push({ key: "bankability", label: "Bankability (0–100)", value: (r) => bank.get(r.id)?.score ?? null, numeric: true });
      }
      if (collection === "applications") {
        const m = await mover();
        columns.push({
          key: "status",
          label: "Status / workflow",
          value: (r) => String(r.status ?? ""),
          render: (r) =>
            statusCell(r, m, (moved) => {
              r.status = moved.status; // sorting sees the new status
            }),
        });
      }
      listBox.replaceChildren(
        el("h2", {}, `${collection} (${page.items.length}${page.next_cursor !== null ? "+" : ""})`),
        page.items.length ? sortableTable(page.items, columns, { initial: "id", testid: "records-table" }) : message("No records visible to you."),
      );
    } catch (e) {
      listBox.replaceChildren(message(e instanceof Error ? e.message : String(e), "error"));
    }
  };
  const tabs = el("nav", { class: "tabs", "aria-label": "Collections" }, ...COLLECTIONS.map((c) => el("a", { href: `#/records/${c}`, "aria-current": c === collection ? "page" : undefined }, c)));
  const spec = FORMS.find((s) => s.collection === collection);
  // forms for signed-in users; the API decides by role and region (403 shown)
  const formBox = el("section", { class: "card" });
  const showForm = async () => {
    if (!getToken()) {
      formBox.replaceChildren(message("Set a token to create records: what you may create depends on your role (docs/api.md)."));
      return;
    }
    if (!spec) {
      formBox.replaceChildren(message("No form for this collection."));
      return;
    }
    const refs = await fetchRefs(spec);
    formBox.replaceChildren(
      form(spec, refs, () => {
        void showList();
      }),
    );
  };
  tokenForm.addEventListener("submit", (e) => {
    e.preventDefault();
    setToken(tokenInput.value);
    void refreshMe();
    void showList();
    void showForm();
  });
  main.replaceChildren(el("h1", {}, "Records"), tokenForm, tabs, el("div", { class: "split" }, listBox, formBox));
  await Promise.all([refreshMe(), showList(), showForm()]);
}
