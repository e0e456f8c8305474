// The NUTS-2 choropleth: the shipped NUTS 2021 polygons (GISCO 1:20M),
// each drawn with the value of the NUTS 2013 region the API maps it to.
// Azimuthal equal-area projection centred on Europe; the outermost regions
// (Canarias, Açores, Madeira, the French overseas departments), which fall
// outside that frame, are drawn in framed boxes down the left (the Atlantic),
// each with its own projection fitted to it, coloured, hoverable and
// clickable like the rest. Shapes without a value are grey ("no data").

import { geoAzimuthalEqualArea, geoCentroid, geoPath } from "d3-geo";
import { scaleSequential } from "d3-scale";
import { interpolateYlGnBu, interpolateRdBu } from "d3-scale-chromatic";
import type * as GeoJSON from "geojson";
import { get } from "./api";
import type { GeoFeature, Geometry, MapReply } from "./types";
import { el, fmt, hideTip, showTip, tipAt } from "./ui";

const SVG = "http://www.w3.org/2000/svg";
export const NO_DATA = "#c8c8c8";
const W = 960;
const H = 800;

/** The outermost regions (NUTS 2021 polygons) drawn in insets, in box order; the wide archipelagos get a whole row. */
const INSETS: { nuts: string; label: string; wide?: boolean; fit?: [number, number, number, number] }[] = [
  { nuts: "PT20", label: "Açores", wide: true },
  { nuts: "ES70", label: "Canarias", wide: true },
  // Madeira and Porto Santo; the Selvagens, 250 km south, outside the box
  { nuts: "PT30", label: "Madeira", fit: [-17.3, 32.6, -16.25, 33.15] },
  // Basse-Terre, Grande-Terre and the islands south; Saint-Martin and Saint-Barthélemy (north) outside the box
  { nuts: "FRY1", label: "Guadeloupe", fit: [-61.85, 15.82, -61.0, 16.52] },
  { nuts: "FRY2", label: "Martinique" },
  { nuts: "FRY3", label: "Guyane" },
  { nuts: "FRY4", label: "La Réunion" },
  { nuts: "FRY5", label: "Mayotte" },
];
const INSET_W = 88;
const INSET_GAP = 6;
const WIDE_H = 64;
const NARROW_H = 86;

/** The boxes [x, y, width, height] of the insets: down the left, ending at the bottom of the frame. */
function insetBoxes(): [number, number, number, number][] {
  const boxes: [number, number, number, number][] = [];
  let x = 0;
  let y = 0;
  for (const i of INSETS) {
    if (i.wide) {
      if (x > 0) y += NARROW_H + INSET_GAP;
      boxes.push([0, y, 2 * INSET_W + INSET_GAP, WIDE_H]);
      y += WIDE_H + INSET_GAP;
      x = 0;
    } else {
      boxes.push([x, y, INSET_W, NARROW_H]);
      if (x > 0) {
        x = 0;
        y += NARROW_H + INSET_GAP;
      } else x = INSET_W + INSET_GAP;
    }
  }
  const bottom = Math.max(...boxes.map(([, by, , bh]) => by + bh));
  return boxes.map(([bx, by, bw, bh]) => [8 + bx, H - 8 - bottom + by, bw, bh]);
}

/** What an inset is fitted to: the region, or the box `fit` (lon/lat corners) when given. */
function fitTarget(f: GeoJSON.Feature, fit?: [number, number, number, number]): GeoJSON.Feature {
  if (!fit) return f;
  const [x0, y0, x1, y1] = fit;
  return { type: "Feature", properties: {}, geometry: { type: "MultiPoint", coordinates: [[x0, y0], [x1, y1], [x0, y1], [x1, y0]] } };
}

export function geometry(): Promise<Geometry> {
  return get<Geometry>("/v1/geometry");
}

export interface Choropleth {
  root: HTMLElement;
}

/** Colour of a value: sequential, reversed when lower is better; diverging around 0 for ECI-like scores. */
export function colourScale(reply: MapReply): (v: number | null) => string {
  const vals = reply.values.map((d) => d.value).filter((v): v is number => v !== null && Number.isFinite(v));
  if (vals.length === 0) return () => NO_DATA;
  let lo = Math.min(...vals);
  let hi = Math.max(...vals);
  if (lo === hi) {
    lo -= 1;
    hi += 1;
  }
  const diverging = lo < 0 && hi > 0;
  let f: (t: number) => string;
  if (diverging) {
    const m = Math.max(-lo, hi);
    // RdBu: red low, blue high (reversed when lower is better)
    const s = scaleSequential(interpolateRdBu).domain(reply.higher_is === "less" ? [m, -m] : [-m, m]);
    f = (v) => s(v);
  } else {
    const s = scaleSequential((t) => interpolateYlGnBu(0.08 + 0.92 * t)).domain(reply.higher_is === "less" ? [hi, lo] : [lo, hi]);
    f = (v) => s(v);
  }
  return (v) => (v === null || !Number.isFinite(v) ? NO_DATA : f(v));
}

function legend(reply: MapReply, colour: (v: number | null) => string): HTMLElement {
  const vals = reply.values.map((d) => d.value).filter((v): v is number => v !== null && Number.isFinite(v));
  const box = el("div", { class: "legend", "aria-label": "Legend" });
  box.append(el("div", { class: "legend-title" }, `${reply.label}${reply.unit ? ` (${reply.unit})` : ""}, ${reply.year}`));
  if (vals.length) {
    const lo = Math.min(...vals);
    const hi = Math.max(...vals);
    const stops = Array.from({ length: 11 }, (_, i) => `${colour(lo + ((hi - lo) * i) / 10)} ${i * 10}%`).join(", ");
    const bar = el("div", { class: "legend-bar" });
    bar.style.background = `linear-gradient(to right, ${stops})`;
    box.append(bar, el("div", { class: "legend-ticks" }, el("span", {}, fmt(lo)), el("span", {}, fmt((lo + hi) / 2)), el("span", {}, fmt(hi))));
  }
  const sw = el("span", { class: "swatch" });
  sw.style.background = NO_DATA;
  box.append(el("div", { class: "legend-nodata" }, sw, " no data"));
  const diverging = vals.length > 0 && Math.min(...vals) < 0 && Math.max(...vals) > 0;
  const note = diverging
    ? reply.higher_is === "less" ? "blue = lower (better), red = higher" : "blue = higher, red = lower"
    : reply.higher_is === "less" ? "darker = lower (better)" : "darker = higher";
  box.append(el("div", { class: "legend-note" }, note));
  return box;
}

/**
 * Draws `reply` on the geometry. `onOpen(region)` on click or Enter;
 * `highlight` gets a thick outline.
 */
export function drawChoropleth(
  geo: Geometry,
  reply: MapReply,
  opts: { onOpen?: (region: string) => void; highlight?: string; title: string },
): HTMLElement {
  const byRegion = new Map(reply.values.map((v) => [v.region, v]));
  const colour = colourScale(reply);
  // frame: mainland Europe from Iceland to Cyprus
  const frame: GeoJSON.Feature = {
    type: "Feature",
    properties: {},
    geometry: { type: "MultiPoint", coordinates: [[-22, 35], [40, 34.5], [-24, 66.5], [28, 71.2]] },
  };
  const projection = geoAzimuthalEqualArea().rotate([-10, -52]).fitExtent([[8, 8], [W - 8, H - 8]], frame).clipExtent([[0, 0], [W, H]]);
  const path = geoPath(projection);
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  svg.setAttribute("class", "choropleth");
  svg.setAttribute("role", "group");
  svg.setAttribute("aria-label", opts.title);
  const sea = document.createElementNS(SVG, "rect");
  sea.setAttribute("width", String(W));
  sea.setAttribute("height", String(H));
  sea.setAttribute("class", "sea");
  svg.append(sea);
  const g = document.createElementNS(SVG, "g");
  svg.append(g);
  const shape = (f: GeoFeature, d: string): SVGPathElement => {
    const code = f.properties.region;
    const v = code ? byRegion.get(code) : undefined;
    const value = v?.value ?? null;
    const p = document.createElementNS(SVG, "path");
    p.setAttribute("d", d);
    p.setAttribute("fill", colour(value));
    p.setAttribute("class", "region");
    p.setAttribute("data-nuts", f.properties.NUTS_ID);
    if (code) p.setAttribute("data-region", code);
    p.setAttribute("data-value", value === null ? "" : String(value));
    const name = v?.name ?? f.properties.name;
    const label = `${name} (${code ?? f.properties.NUTS_ID}): ${fmt(value)}`;
    p.setAttribute("aria-label", label);
    if (code && opts.highlight === code) p.classList.add("highlight");
    const tipNode = () =>
      el("div", {}, el("strong", {}, name), ` ${code ?? f.properties.NUTS_ID}`, el("br"), `${reply.label}: `, el("span", { class: "tip-value" }, fmt(value)));
    p.addEventListener("mousemove", (e) => showTip(tipNode(), e.clientX, e.clientY));
    p.addEventListener("mouseleave", hideTip);
    if (code && opts.onOpen) {
      const open = opts.onOpen;
      p.setAttribute("tabindex", "0");
      p.setAttribute("role", "link");
      p.addEventListener("click", () => open(code));
      p.addEventListener("keydown", (e) => {
        if (e.key === "Enter") open(code);
      });
      p.addEventListener("focus", () => {
        const [x, y] = tipAt(p);
        showTip(tipNode(), x, y);
      });
      p.addEventListener("blur", hideTip);
    }
    return p;
  };
  const inset = new Map<string, GeoFeature>();
  for (const f of geo.features) {
    if (INSETS.some((i) => i.nuts === f.properties.NUTS_ID)) {
      inset.set(f.properties.NUTS_ID, f);
      continue;
    }
    const d = path(f as unknown as GeoJSON.Feature);
    if (d) g.append(shape(f, d));
  }
  // the outermost regions, each in a framed box with its own projection
  const boxes = insetBoxes();
  INSETS.forEach((box, i) => {
    const f = inset.get(box.nuts);
    const [x, y, w, h] = boxes[i] ?? [0, 0, 0, 0];
    if (!f) return;
    const feature = f as unknown as GeoJSON.Feature;
    const fit = fitTarget(feature, box.fit);
    const [lon, lat] = geoCentroid(fit);
    const proj = geoAzimuthalEqualArea()
      .rotate([-lon, -lat])
      .fitExtent([[x + 5, y + 16], [x + w - 5, y + h - 5]], fit)
      .clipExtent([[x + 1, y + 1], [x + w - 1, y + h - 1]]);
    const d = geoPath(proj)(feature);
    if (!d) return;
    const frameG = document.createElementNS(SVG, "g");
    frameG.setAttribute("class", "inset");
    frameG.setAttribute("data-inset", box.nuts);
    const rect = document.createElementNS(SVG, "rect");
    for (const [k, v] of [["x", x], ["y", y], ["width", w], ["height", h]] as const) rect.setAttribute(k, String(v));
    rect.setAttribute("class", "inset-frame");
    const label = document.createElementNS(SVG, "text");
    label.setAttribute("x", String(x + 4));
    label.setAttribute("y", String(y + 12));
    label.setAttribute("class", "inset-label");
    label.textContent = box.label;
    frameG.append(rect, label, shape(f, d));
    g.append(frameG);
  });
  // the highlighted region on top (a mainland one: insets stay in their box)
  const hl = g.querySelector(":scope > .highlight");
  if (hl) g.append(hl);
  const wrap = el("div", { class: "map-wrap" });
  wrap.append(
    svg,
    el(
      "div",
      { class: "map-foot" },
      legend(reply, colour),
      el(
        "div",
        { class: "notes" },
        ...(reply.notes ?? []).map((n) => el("p", {}, n)),
        el("p", { class: "attr" }, "© EuroGeographics for the administrative boundaries; Source: Eurostat. Outermost regions in the boxes on the left, each at its own scale."),
      ),
    ),
  );
  return wrap;
}

export async function mapOf(indicator: string, params: Record<string, string> = {}): Promise<MapReply> {
  const q = new URLSearchParams({ indicator, ...params });
  return get<MapReply>(`/v1/map?${q}`);
}
