// The industrial-transition screen: the ranking (sortable) with the
// criteria met, and the map of the score.
import { get } from "../api";
import { drawChoropleth, geometry, mapOf } from "../choropleth";
import type { Transition } from "../types";
import { el, fmt, regionLink, sortableTable } from "../ui";

export async function transitionView(main: HTMLElement): Promise<void> {
  const [t, geo, map] = await Promise.all([get<Transition>("/v1/transition"), geometry(), mapOf("transition_score").catch(() => null)]);
  const labels = new Map(t.criteria.map((c) => [c.id, c.label]));
  main.replaceChildren(
    el("h1", {}, `Industrial-transition screen, ${t.year}`),
    el(
      "p",
      { class: "lead" },
      `${t.regions.filter((r) => r.score !== null).length} regions scored${t.eu28_regions ? ` (${t.scored_eu28 ?? "?"} of ${t.eu28_regions} EU28 regions)` : ""}. Criteria: `,
      t.criteria.map((c) => `${c.label} (${c.direction} ${fmt(c.threshold)}, weight ${fmt(c.weight)})`).join("; "),
      ".",
    ),
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
            { key: "met", label: "Criteria met", value: (r) => r.met.length, numeric: true, render: (r) => el("span", { title: r.met.map((m) => labels.get(m) ?? m).join(", ") }, `${r.met.length}: ${r.met.join(", ")}`) },
          ],
          { initial: "rank", testid: "transition-table", onOpen: (r) => (location.hash = `#/region/${r.region}`) },
        ),
      ),
      el("section", { class: "card" }, map ? drawChoropleth(geo, map, { title: "Transition score", onOpen: (r) => (location.hash = `#/region/${r}`) }) : el("p", {}, "The score map is not available.")),
    ),
  );
}
