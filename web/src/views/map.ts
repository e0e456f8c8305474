// The Europe map: an indicator chosen from /v1/indicators on the NUTS-2 shapes.
import { get } from "../api";
import { drawChoropleth, geometry, mapOf } from "../choropleth";
import type { Indicators } from "../types";
import { el, field, message, select } from "../ui";

export async function mapView(main: HTMLElement, args: string[]): Promise<void> {
  const params = new URLSearchParams(args[0] ?? "");
  const indicator = params.get("indicator") ?? "eci";
  const [inds, geo] = await Promise.all([get<Indicators>("/v1/indicators"), geometry()]);
  const choice = inds.indicators.find((i) => i.id === indicator) ?? inds.indicators[0];
  const activity = params.get("activity") ?? inds.activities.find((a) => a.code === "C29")?.code ?? inds.activities[0]?.code ?? "";
  const theme = params.get("theme") ?? inds.themes[0]?.id ?? "";
  const go = (p: Record<string, string>) => {
    const next = new URLSearchParams({ indicator: choice.id, ...(choice.needs === "activity" ? { activity } : {}), ...(choice.needs === "theme" ? { theme } : {}), ...p });
    if (next.get("indicator") !== choice.id) {
      const n = inds.indicators.find((i) => i.id === next.get("indicator"));
      if (n?.needs !== "activity") next.delete("activity");
      if (n?.needs !== "theme") next.delete("theme");
      if (n?.needs === "activity" && !next.get("activity")) next.set("activity", activity);
      if (n?.needs === "theme" && !next.get("theme")) next.set("theme", theme);
    }
    location.hash = `#/map/${next}`;
  };
  const controls = el(
    "div",
    { class: "controls" },
    field("Indicator", select(inds.indicators.map((i) => ({ value: i.id, label: i.label })), choice.id, (v) => go({ indicator: v }))),
    choice.needs === "activity"
      ? field("Activity (NACE division)", select(inds.activities.map((a) => ({ value: a.code, label: `${a.code} ${a.name}` })), activity, (v) => go({ activity: v })))
      : null,
    choice.needs === "theme" ? field("Theme", select(inds.themes.map((t) => ({ value: t.id, label: t.name })), theme, (v) => go({ theme: v }))) : null,
  );
  const q: Record<string, string> = {};
  if (choice.needs === "activity") q.activity = activity;
  if (choice.needs === "theme") q.theme = theme;
  main.replaceChildren(el("h1", {}, "Europe: NUTS-2 regions"), controls, message("Loading the map…"));
  const reply = await mapOf(choice.id, q);
  const withData = reply.values.filter((v) => v.value !== null).length;
  main.replaceChildren(
    el(
      "div",
      { class: "map-layout" },
      el(
        "div",
        { class: "map-side" },
        el("h1", {}, "Europe: NUTS-2 regions"),
        controls,
        el("p", { class: "lead" }, `${reply.label}, ${reply.year}: ${withData} of ${reply.values.length} regions with data. Hover or focus a region (Tab) for its value; click or press Enter to open it.`),
      ),
      drawChoropleth(geo, reply, { title: `Map of ${reply.label}`, onOpen: (r) => (location.hash = `#/region/${r}`) }),
    ),
  );
}
