// Opportunities: feasibility (x: the entry probability, or the density where
// no entry model scores the candidates) × complexity (y), the quadrant cuts
// of the API drawn as lines, hover details; a sortable table beside.
import { scaleLinear } from "d3-scale";
import { get } from "../api";
import type { Opportunities, Opportunity, Validity } from "../types";
import { el, fmt, hideTip, message, showTip, sortableTable, tipAt } from "../ui";
import { regionPicker } from "./regionpick";

const SVG = "http://www.w3.org/2000/svg";

function svgEl(tag: string, attrs: Record<string, string | number>): SVGElement {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

function details(o: Opportunity): HTMLElement {
  return el(
    "div",
    {},
    el("strong", {}, `${o.rank}. ${o.activity} ${o.name}`),
    el("br"),
    `${o.entry_probability === null ? "" : `entry probability ${(o.entry_probability * 100).toFixed(1)} % · `}density ${fmt(o.density)} · complexity ${fmt(o.complexity)} · RCA ${fmt(o.rca)}`,
    el("br"),
    `${o.quadrant}`,
    el("br"),
    `explained by ${o.explained_by.map((e) => `${e.activity} (${fmt(e.proximity, 2)})`).join(", ")}`,
  );
}

function scatter(data: Opportunities): SVGSVGElement {
  const W = 560;
  const H = 420;
  const m = { l: 52, r: 12, t: 12, b: 42 };
  const xs = data.opportunities.map((o) => o.feasibility);
  const ys = data.opportunities.map((o) => o.complexity);
  const cut = data.feasibility_cut;
  const x = scaleLinear().domain([Math.min(...xs, cut), Math.max(...xs, cut)]).nice().range([m.l, W - m.r]);
  const y = scaleLinear().domain([Math.min(...ys, data.complexity_cut), Math.max(...ys, data.complexity_cut)]).nice().range([H - m.b, m.t]);
  const svg = svgEl("svg", { viewBox: `0 0 ${W} ${H}`, class: "scatter", role: "group", "aria-label": `Opportunities: ${data.feasibility_axis} against complexity` }) as SVGSVGElement;
  // quadrant shading: feasible and complex (only when complexity is a value)
  if (data.ranked_by_value) svg.append(svgEl("rect", { x: x(cut), y: m.t, width: W - m.r - x(cut), height: y(data.complexity_cut) - m.t, class: "best" }));
  for (const t of x.ticks(6)) {
    svg.append(svgEl("line", { x1: x(t), x2: x(t), y1: H - m.b, y2: H - m.b + 4, class: "axis" }));
    const l = svgEl("text", { x: x(t), y: H - m.b + 16, "text-anchor": "middle", class: "tick" });
    l.textContent = data.feasibility_by_model ? `${Math.round(t * 100)} %` : fmt(t, 2);
    svg.append(l);
  }
  for (const t of y.ticks(6)) {
    svg.append(svgEl("line", { x1: m.l - 4, x2: m.l, y1: y(t), y2: y(t), class: "axis" }));
    const l = svgEl("text", { x: m.l - 6, y: y(t) + 4, "text-anchor": "end", class: "tick" });
    l.textContent = fmt(t, 2);
    svg.append(l);
  }
  svg.append(svgEl("line", { x1: m.l, x2: W - m.r, y1: H - m.b, y2: H - m.b, class: "axis" }));
  svg.append(svgEl("line", { x1: m.l, x2: m.l, y1: m.t, y2: H - m.b, class: "axis" }));
  svg.append(svgEl("line", { x1: x(cut), x2: x(cut), y1: m.t, y2: H - m.b, class: "cut" }));
  if (data.ranked_by_value) svg.append(svgEl("line", { x1: m.l, x2: W - m.r, y1: y(data.complexity_cut), y2: y(data.complexity_cut), class: "cut" }));
  const xl = svgEl("text", { x: (m.l + W - m.r) / 2, y: H - 6, "text-anchor": "middle", class: "label" });
  xl.textContent = `feasibility: ${data.feasibility_axis} →`;
  const yl = svgEl("text", { x: 12, y: (m.t + H - m.b) / 2, "text-anchor": "middle", class: "label", transform: `rotate(-90 12 ${(m.t + H - m.b) / 2})` });
  yl.textContent = data.ranked_by_value ? "complexity (PCI) →" : "complexity (PCI, fails validity: not ranked)";
  const ql = svgEl("text", { x: W - m.r - 4, y: m.t + 14, "text-anchor": "end", class: "label" });
  ql.textContent = data.ranked_by_value ? "feasible and complex (best bets)" : "";
  svg.append(xl, yl, ql);
  for (const o of [...data.opportunities].reverse()) {
    const c = svgEl("circle", { cx: x(o.feasibility), cy: y(o.complexity), r: o.rank <= 5 ? 7 : 5, class: o.rank === 1 ? "dot top" : "dot", tabindex: 0, "data-activity": o.activity, "data-rank": o.rank, "aria-label": `${o.rank}. ${o.activity} ${o.name}` });
    c.addEventListener("mousemove", (e) => showTip(details(o), (e as MouseEvent).clientX, (e as MouseEvent).clientY));
    c.addEventListener("mouseleave", hideTip);
    c.addEventListener("focus", () => {
      const [px, py] = tipAt(c);
      showTip(details(o), px, py);
    });
    c.addEventListener("blur", hideTip);
    svg.append(c);
  }
  return svg;
}

export async function opportunitiesView(main: HTMLElement, args: string[]): Promise<void> {
  const code = (args[0] ?? "ITC1").toUpperCase();
  const data = await get<Opportunities>(`/v1/regions/${encodeURIComponent(code)}/opportunities?top=500`);
  const head = [el("h1", {}, `Opportunities of ${data.region}`), regionPicker("opportunities", data.region)];
  if (!data.opportunities.length) {
    main.replaceChildren(...head, message("No opportunities: the region has no candidate activities with data."));
    return;
  }
  const top = data.opportunities[0];
  main.replaceChildren(
    ...head,
    el(
      "p",
      { class: "lead" },
      `${data.candidates} candidate activities (not yet specialised, RCA < 1). Top: `,
      el("strong", { "data-testid": "top-opportunity" }, `${top.activity} ${top.name}`),
      `. Dashed lines: the feasibility (${data.feasibility_axis}) and complexity cuts of the quadrants, at the candidates' medians. `,
      el("a", { href: `#/region/${data.region}` }, "Back to the profile"),
    ),
    el("p", { class: data.ranked_by_value ? "note" : "note warn", "data-testid": "score-rule" }, data.score_rule),
    validityNote(data.validity),
    el(
      "div",
      { class: "split" },
      el("div", { class: "card" }, scatter(data)),
      el(
        "div",
        { class: "card" },
        sortableTable(
          data.opportunities,
          [
            { key: "rank", label: "Rank", value: (o) => o.rank, numeric: true },
            { key: "activity", label: "Activity", value: (o) => o.activity, render: (o) => el("span", { title: o.name }, `${o.activity} ${o.name}`) },
            { key: "density", label: "Density", value: (o) => o.density, numeric: true },
            { key: "complexity", label: "Complexity", value: (o) => o.complexity, numeric: true },
            { key: "entry_probability", label: "Entry prob. (%)", value: (o) => (o.entry_probability === null ? null : o.entry_probability * 100), numeric: true },
            { key: "feasibility_z", label: "Feasibility (z)", value: (o) => o.feasibility_z, numeric: true },
            { key: "value_z", label: data.ranked_by_value ? "Value (z)" : "Value (z, not ranked)", value: (o) => o.value_z, numeric: true },
            { key: "rca", label: "RCA", value: (o) => o.rca, numeric: true },
            { key: "quadrant", label: "Quadrant", value: (o) => o.quadrant },
          ],
          { initial: "rank", testid: "opportunities-table" },
        ),
      ),
    ),
  );
}

/** The year's validity of the complexity measures, one line each. */
function validityNote(v: Validity | null): HTMLElement {
  if (!v || !v.measurable) return el("p", { class: "note" }, "Validity of complexity: not measurable (no GDP per head in the dataset).");
  const f = (c: { spearman: number | null } | null) => (c && c.spearman !== null ? (c.spearman >= 0 ? "+" : "") + c.spearman.toFixed(2) : "n/a");
  return el(
    "ul",
    { class: "note", "data-testid": "validity" },
    ...v.measures.map((m) =>
      el(
        "li",
        {},
        `${m.measure === "eci" ? "ECI/PCI" : "Fitness"} ${m.passes ? "passes" : "fails"} in ${v.year}: Spearman with GDP per head ${f(m.region_vs_gdp_per_head)} (regions), ${f(m.activity_vs_gdp_of_specialised_regions)} (activities, mean GDP of specialised regions); with the knowledge-intensive share ${f(m.region_vs_knowledge_intensive_share)}. Passes at +0.30 on both.`,
      ),
    ),
  );
}
