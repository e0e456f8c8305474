// The product space: activities linked by proximity (the maximum spanning
// tree plus the strongest other links), laid out by a force simulation run
// to rest before drawing (deterministic: d3-force seeds its own generator).
// Nodes sized by EU employment, coloured by NACE section; the region's
// specialisations (RCA ≥ 1) outlined, the others faded.
import { forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY, type SimulationNodeDatum } from "d3-force";
import { scaleOrdinal, scaleSqrt } from "d3-scale";
import { schemeTableau10 } from "d3-scale-chromatic";
import { get } from "../api";
import type { ProductSpace, PsNode, Specialisations } from "../types";
import { el, fmt, hideTip, message, showTip, tipAt } from "../ui";
import { regionPicker } from "./regionpick";

const SVG = "http://www.w3.org/2000/svg";
type N = PsNode & SimulationNodeDatum;

export async function productSpaceView(main: HTMLElement, args: string[]): Promise<void> {
  const code = (args[0] ?? "ITC1").toUpperCase();
  const [ps, spec] = await Promise.all([
    get<ProductSpace>("/v1/product-space"),
    get<Specialisations>(`/v1/regions/${encodeURIComponent(code)}/specialisations`),
  ]);
  const rca = new Map(spec.activities.map((a) => [a.activity, a]));
  const nodes: N[] = ps.nodes.map((n) => ({ ...n }));
  const ids = new Set(nodes.map((n) => n.activity));
  const links = ps.links.filter((l) => ids.has(l.source) && ids.has(l.target)).map((l) => ({ ...l }));
  const W = 900;
  const H = 640;
  const size = scaleSqrt().domain([0, Math.max(1, ...nodes.map((n) => n.employment ?? 0))]).range([3, 16]);
  const sections = [...new Set(nodes.map((n) => n.section))].sort();
  const colour = scaleOrdinal<string, string>().domain(sections).range([...schemeTableau10, "#8c564b", "#393b79", "#637939", "#7b4173", "#843c39", "#3182bd", "#636363", "#e6550d", "#31a354", "#756bb1"]);
  const sim = forceSimulation(nodes)
    .force("link", forceLink<N, (typeof links)[number] & { source: string | N; target: string | N }>(links as never).id((d) => (d as N).activity).distance((l) => ((l as { tree: boolean }).tree ? 30 : 60)).strength((l) => ((l as { tree: boolean }).tree ? 0.9 : 0.15)))
    .force("charge", forceManyBody().strength(-60))
    .force("collide", forceCollide<N>((d) => size(d.employment ?? 0) + 1))
    .force("x", forceX(W / 2).strength(0.05))
    .force("y", forceY(H / 2).strength(0.07))
    .stop();
  for (let i = 0; i < 400; i++) sim.tick();
  // fit the layout into the frame
  const xs = nodes.map((n) => n.x ?? 0);
  const ys = nodes.map((n) => n.y ?? 0);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const k = Math.min((W - 40) / (x1 - x0 || 1), (H - 40) / (y1 - y0 || 1));
  const px = (n: N) => 20 + ((n.x ?? 0) - x0) * k;
  const py = (n: N) => 20 + ((n.y ?? 0) - y0) * k;
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  svg.setAttribute("class", "network");
  svg.setAttribute("role", "group");
  svg.setAttribute("aria-label", `Product space, ${spec.region}'s specialisations outlined`);
  for (const l of links) {
    const s = l.source as unknown as N;
    const t = l.target as unknown as N;
    const line = document.createElementNS(SVG, "line");
    line.setAttribute("x1", String(px(s)));
    line.setAttribute("y1", String(py(s)));
    line.setAttribute("x2", String(px(t)));
    line.setAttribute("y2", String(py(t)));
    line.setAttribute("class", l.tree ? "link tree" : "link");
    svg.append(line);
  }
  let specialised = 0;
  for (const n of nodes) {
    const r = rca.get(n.activity);
    const on = !!r?.specialised;
    if (on) specialised++;
    const c = document.createElementNS(SVG, "circle");
    c.setAttribute("cx", String(px(n)));
    c.setAttribute("cy", String(py(n)));
    c.setAttribute("r", String(size(n.employment ?? 0)));
    c.setAttribute("fill", colour(n.section));
    c.setAttribute("class", on ? "node specialised" : "node");
    c.setAttribute("tabindex", "0");
    c.setAttribute("data-activity", n.activity);
    c.setAttribute("aria-label", `${n.activity} ${n.name}: RCA ${fmt(r?.rca)}${on ? ", specialised" : ""}`);
    const tip = () => el("div", {}, el("strong", {}, `${n.activity} ${n.name}`), el("br"), `section ${n.section} · EU employment ${fmt(n.employment)}`, el("br"), `${spec.region}: RCA ${fmt(r?.rca)}${on ? " (specialised)" : ""}`);
    c.addEventListener("mousemove", (e) => showTip(tip(), (e as MouseEvent).clientX, (e as MouseEvent).clientY));
    c.addEventListener("mouseleave", hideTip);
    c.addEventListener("focus", () => {
      const [x, y] = tipAt(c);
      showTip(tip(), x, y);
    });
    c.addEventListener("blur", hideTip);
    svg.append(c);
    if (on) {
      const t = document.createElementNS(SVG, "text");
      t.setAttribute("x", String(px(n) + size(n.employment ?? 0) + 2));
      t.setAttribute("y", String(py(n) + 4));
      t.setAttribute("class", "node-label");
      t.textContent = n.activity;
      svg.append(t);
    }
  }
  const key = el(
    "ul",
    { class: "key" },
    ...sections.map((s) => {
      const sw = el("span", { class: "swatch" });
      sw.style.background = colour(s);
      return el("li", {}, sw, ` ${s}`);
    }),
  );
  main.replaceChildren(
    el("h1", {}, `Product space, ${spec.region}`),
    regionPicker("product-space", spec.region),
    el("p", { class: "lead" }, `${nodes.length} activities, ${links.length} links (${links.filter((l) => l.tree).length} in the maximum spanning tree, dark). Outlined: the ${specialised} activities where ${spec.region} has RCA ≥ 1 (${spec.year}). Size: EU employment; colour: NACE section.`),
    ...(specialised === 0 ? [message("This region has no specialisation in the data for this year.")] : []),
    el("div", { class: "card" }, svg, key),
  );
}
