// The industrial-transition screen: the ranking (sortable) with the
// criteria met, and the map of the score.
import { get } from "../api";
import { drawChoropleth, geometry, mapOf } from "../choropleth";
import type { Transition, TransitionRegion } from "../types";
import { el, fmt, regionLink, sortableTable } from "../ui";

export async function transitionView(main: HTMLElement): Promise<void> {
  const [t, geo, map] = await Promise.all([get<Transition>("/v1/transition"), geometry(), mapOf("transition_score").catch(() => null)]);
  const labels = new Map(t.criteria.map((c) => [c.id, c.label]));
  main.replaceChildren(
    el("h1", {}, `Industrial-transition screen, ${t.year}`),
    el(
      "p",
      { class: "lead" },
      `${t.regions.filter((r) => r.score !== null).length} regions scored${t.eu28_regions ? ` (${t.scored_eu28 ?? "?"} of ${t.eu28_regions} EU28 regions)` : ""}. Score = 100 × weight of the criteria met / weight of those with data. Criteria (✓ met, · not met, ? no data):`,
    ),
    el("ol", { class: "criteria" }, ...t.criteria.map((c) => el("li", {}, `${c.label} (weight ${fmt(c.weight)})`))),
    el(
      "div",
      { class: "split" },
      el(
        "section",
        { class: "card" },
        sortableTable(
          t.regions,
          [
            { key: "rank", label: "Rank", value: (r) => r.rank, numeric: true },
            { key: "region", label: "Region", value: (r) => r.name, render: (r) => regionLink(r.region, r.name) },
            { key: "country", label: "Country", value: (r) => r.country },
            { key: "score", label: "Score", value: (r) => r.score, numeric: true },
            { key: "met", label: "Met", value: (r) => r.met.length, numeric: true },
            ...t.criteria.map((c, i) => ({
              key: c.id,
              label: String(i + 1),
              value: (r: TransitionRegion) => (r.met.includes(c.id) ? 2 : r.missing.includes(c.id) ? 0 : 1),
              render: (r: TransitionRegion) =>
                el("span", { title: `${labels.get(c.id)}: ${r.met.includes(c.id) ? "met" : r.missing.includes(c.id) ? "no data" : "not met"}` }, r.met.includes(c.id) ? "✓" : r.missing.includes(c.id) ? "?" : "·"),
              numeric: true,
            })),
          ],
          { initial: "rank", testid: "transition-table", onOpen: (r) => (location.hash = `#/region/${r.region}`) },
        ),
      ),
      el("section", { class: "card" }, map ? drawChoropleth(geo, map, { title: "Transition score", onOpen: (r) => (location.hash = `#/region/${r}`) }) : el("p", {}, "The score map is not available.")),
    ),
  );
}
