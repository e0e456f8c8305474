// Partners: a theme and a region → ranked partners with the reason,
// proposed whole partnerships led by the region, the theme's strength map.
import { ApiError, get, getToken, post } from "../api";
import { drawChoropleth, geometry, mapOf } from "../choropleth";
import type { Partners, Proposals, Theme } from "../types";
import { el, field, fmt, message, regionLink, select, sortableTable } from "../ui";

export async function partnersView(main: HTMLElement, args: string[]): Promise<void> {
  const themes = await get<Theme[]>("/v1/themes");
  if (!themes.length) {
    main.replaceChildren(el("h1", {}, "Partners"), message("No themes are defined."));
    return;
  }
  const theme = themes.find((t) => t.id === args[0]) ?? themes[0];
  const region = (args[1] ?? "ITC1").toUpperCase();
  const input = el("input", { type: "text", value: region, size: 6, "aria-label": "Region code" });
  const themeSel = select(themes.map((t) => ({ value: t.id, label: t.name })), theme.id);
  const form = el("form", { class: "controls" }, field("Theme", themeSel), field("Region", input), el("button", { type: "submit" }, "Find partners"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    location.hash = `#/partners/${themeSel.value}/${input.value.trim().toUpperCase()}`;
  });
  themeSel.addEventListener("change", () => form.requestSubmit());
  main.replaceChildren(el("h1", {}, `Partners in ${theme.name}`), form, message("Loading…"));
  const [partners, proposals, geo, map] = await Promise.all([
    get<Partners>(`/v1/themes/${theme.id}/partners/${encodeURIComponent(region)}?top=15`),
    get<Proposals>(`/v1/themes/${theme.id}/proposals?size=4&lead=${encodeURIComponent(region)}`).catch((e) => e as Error),
    geometry(),
    mapOf("theme_strength", { theme: theme.id }).catch(() => null),
  ]);
  const stages = el("p", { class: "lead" }, theme.description ?? "", " Stages: ", theme.stages.map((s) => `${s.name} (${s.activities.join(", ")})`).join(" → "), ".");
  main.replaceChildren(
    el("h1", {}, `Partners in ${theme.name}`),
    form,
    stages,
    el(
      "div",
      { class: "split" },
      el(
        "section",
        { class: "card" },
        el("h2", {}, `Partners for ${partners.region} (${partners.year})`),
        sortableTable(
          partners.partners,
          [
            { key: "rank", label: "Rank", value: (p) => p.rank, numeric: true },
            { key: "region", label: "Region", value: (p) => p.name, render: (p) => regionLink(p.region, p.name) },
            { key: "score", label: "Score", value: (p) => p.score, numeric: true },
            { key: "strength", label: "Strength", value: (p) => p.strength, numeric: true },
            { key: "reason", label: "Why", value: (p) => p.reason },
          ],
          { initial: "rank", testid: "partners-table", onOpen: (p) => (location.hash = `#/region/${p.region}`) },
        ),
      ),
      el(
        "section",
        { class: "card" },
        el("h2", {}, `Proposed partnerships led by ${region}`),
        proposals instanceof Error
          ? message(`Proposals: ${proposals.message}`, "error")
          : el(
              "ol",
              { class: "plain" },
              ...proposals.proposals.map((p) =>
                el("li", {}, p.members.map((m) => `${m.name} (${m.region})`).join(", "), el("small", {}, ` coverage ${fmt(p.coverage)}, strength ${fmt(p.strength)}, ${p.member_states} member states `), saveButton(theme, region, p.members.map((m) => m.region))),
              ),
            ),
        map ? el("h2", {}, "Strength in the theme") : null,
        map ? drawChoropleth(geo, map, { title: `Strength in ${theme.name}`, highlight: region, onOpen: (r) => (location.hash = `#/partners/${theme.id}/${r}`) }) : message("The theme map is not available."),
      ),
    ),
  );
}

/** Stores a proposal as a `proposed` partnership with its members, in one
 * transaction (POST /v1/partnerships/proposals); the API decides who may. */
function saveButton(theme: Theme, lead: string, regions: string[]): HTMLElement {
  const out = el("span", { "data-testid": "proposal-saved" });
  const b = el("button", { type: "button", class: "small", "data-testid": "save-proposal" }, "Save as a proposed partnership");
  if (!getToken()) b.setAttribute("title", "set a token on the records page to save");
  b.addEventListener("click", async () => {
    b.disabled = true;
    try {
      const r = await post<{ partnership: { id: number } }>("/v1/partnerships/proposals", {
        partnership: { theme: theme.id, title: `${theme.name}: partnership led by ${lead}`, lead_regions: [lead], status: "proposed" },
        members: regions.filter((r) => r !== lead).map((region) => ({ region, role: "member" })),
      });
      out.replaceChildren(el("span", { class: "msg ok", role: "status" }, ` saved as partnership #${r.partnership.id}`));
    } catch (e) {
      b.disabled = false;
      out.replaceChildren(el("span", { class: "msg error", role: "alert" }, ` ${e instanceof ApiError ? `${e.status} ${e.title}` : String(e)}`));
    }
  });
  return el("span", {}, b, out);
}
