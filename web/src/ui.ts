// Small DOM helpers shared by the views: element builder, number format,
// the tooltip, a sortable and keyboard-usable table, status messages.

type Attrs = Record<string, string | number | boolean | undefined | null | EventListener>;
type Child = Node | string | number | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (typeof v === "function") e.addEventListener(k.replace(/^on/, ""), v);
    else if (k === "class") e.className = String(v);
    else if (v === true) e.setAttribute(k, "");
    else e.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : String(c));
  }
  return e;
}

/** A number for people: 3 significant digits below 1000, thousands separated above; "no data" for null. */
export function fmt(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "no data";
  const a = Math.abs(v);
  if (a >= 1000) return Math.round(v).toLocaleString("en-GB");
  if (a === 0) return "0";
  return Number(v.toPrecision(digits)).toString();
}

export function pct(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "no data";
  return `${(v * 100).toFixed(1)} %`;
}

const tip = (): HTMLElement => document.getElementById("tooltip") as HTMLElement;

export function showTip(html: Node | string, x: number, y: number): void {
  const t = tip();
  t.replaceChildren(typeof html === "string" ? document.createTextNode(html) : html);
  t.hidden = false;
  const w = t.offsetWidth;
  const h = t.offsetHeight;
  const left = Math.min(x + 14, window.innerWidth - w - 8);
  const top = y + 14 + h > window.innerHeight ? y - h - 10 : y + 14;
  t.style.left = `${Math.max(4, left)}px`;
  t.style.top = `${Math.max(4, top)}px`;
}

export function hideTip(): void {
  tip().hidden = true;
}

/** Tooltip position for an element focused from the keyboard. */
export function tipAt(target: Element): [number, number] {
  const r = target.getBoundingClientRect();
  return [r.left + r.width / 2, r.top + r.height / 2];
}

export interface Column<T> {
  key: string;
  label: string;
  value: (row: T) => number | string | null;
  render?: (row: T) => Child;
  numeric?: boolean;
}

/**
 * A table sorted by clicking (or Enter on) a header; rows are focusable and
 * Enter/click calls `onOpen`.
 */
export function sortableTable<T>(
  rows: T[],
  columns: Column<T>[],
  opts: { caption?: string; onOpen?: (row: T) => void; initial?: string; descending?: boolean; testid?: string } = {},
): HTMLElement {
  let sortKey = opts.initial ?? "";
  let desc = opts.descending ?? false;
  const table = el("table", { class: "data", "data-testid": opts.testid });
  const tbody = el("tbody");
  const headRow = el("tr");
  const render = () => {
    const col = columns.find((c) => c.key === sortKey);
    const sorted = [...rows];
    if (col) {
      sorted.sort((a, b) => {
        const x = col.value(a);
        const y = col.value(b);
        if (x === null && y === null) return 0;
        if (x === null) return 1; // missing last, whatever the direction
        if (y === null) return -1;
        const c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
        return desc ? -c : c;
      });
    }
    headRow.querySelectorAll("th").forEach((th) => {
      const k = th.getAttribute("data-key");
      th.setAttribute("aria-sort", k === sortKey ? (desc ? "descending" : "ascending") : "none");
    });
    tbody.replaceChildren(
      ...sorted.map((r) => {
        const tr = el(
          "tr",
          opts.onOpen ? { tabindex: 0, class: "clickable" } : {},
          ...columns.map((c) => el("td", { class: c.numeric ? "num" : undefined }, c.render ? c.render(r) : fmtCell(c.value(r)))),
        );
        if (opts.onOpen) {
          const open = opts.onOpen;
          tr.addEventListener("click", () => open(r));
          tr.addEventListener("keydown", (e) => {
            if (e.key === "Enter") open(r);
          });
        }
        return tr;
      }),
    );
  };
  for (const c of columns) {
    const btn = el("button", { type: "button", class: "sort" }, c.label);
    btn.addEventListener("click", () => {
      if (sortKey === c.key) desc = !desc;
      else {
        sortKey = c.key;
        desc = !!c.numeric;
      }
      render();
    });
    headRow.append(el("th", { scope: "col", "data-key": c.key, class: c.numeric ? "num" : undefined }, btn));
  }
  if (opts.caption) table.append(el("caption", {}, opts.caption));
  table.append(el("thead", {}, headRow), tbody);
  render();
  return el("div", { class: "table-wrap" }, table);
}

function fmtCell(v: number | string | null): string {
  if (typeof v === "number") return fmt(v);
  return v ?? "no data";
}

export function message(text: string, kind: "info" | "error" = "info"): HTMLElement {
  return el("p", { class: `msg ${kind}`, role: kind === "error" ? "alert" : "status" }, text);
}

export function loading(): HTMLElement {
  return message("Loading…");
}

export function regionLink(code: string, name?: string): HTMLElement {
  return el("a", { href: `#/region/${code}` }, name ? `${name} (${code})` : code);
}

let fieldCount = 0;

/** A labelled control. */
export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  const id = control.id || `f-${++fieldCount}`;
  control.id = id;
  return el("div", { class: "field" }, el("label", { for: id }, label), control, hint ? el("small", {}, hint) : null);
}

export function select(options: { value: string; label: string }[], value: string, onChange?: (v: string) => void): HTMLSelectElement {
  const s = el("select", {}, ...options.map((o) => el("option", { value: o.value, selected: o.value === value }, o.label)));
  if (onChange) s.addEventListener("change", () => onChange(s.value));
  return s;
}
