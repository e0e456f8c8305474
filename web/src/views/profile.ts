// A region's profile: structure (employment by NACE section against the
// EU28, largest divisions), specialisations (RCA bars), ECI and
// diversity among all regions, peers, opportunities, declared priorities
// with their evidence verdicts.
import { get, qs } from "../api";
import { mapOf } from "../choropleth";
import type { Activity, MapReply, Opportunities, Page, Peers, Profile, SectionShare } from "../types";
import { el, fmt, message, pct, regionLink } from "../ui";

function bars(rows: Activity[], value: (a: Activity) => number, label: (a: Activity) => string, max?: number, ref?: number): HTMLElement {
  const m = max ?? Math.max(...rows.map(value), 1e-9);
  return el(
    "ul",
    { class: "bars" },
    ...rows.map((a) => {
      const bar = el("span", { class: "bar" });
      bar.style.width = `${Math.max(0, (value(a) / m) * 100)}%`;
      const li = el("li", {}, el("span", { class: "bar-label", title: a.name }, `${a.activity} ${a.name}`), el("span", { class: "bar-track" }, bar), el("span", { class: "bar-value" }, label(a)));
      if (ref !== undefined) {
        const mark = el("span", { class: "bar-ref", title: `RCA = ${ref}` });
        mark.style.left = `${(ref / m) * 100}%`;
        li.querySelector(".bar-track")?.append(mark);
      }
      return li;
    }),
  );
}

/**
 * Employment by NACE section: the region's share as a bar, the EU28's as a
 * mark on the same scale; confidential sections listed, not drawn as 0.
 */
function sectionBars(rows: SectionShare[]): HTMLElement {
  const m = Math.max(...rows.flatMap((r) => [r.share ?? 0, r.eu28_share ?? 0]), 1e-9);
  const known = rows.filter((r) => r.share !== null);
  const missing = rows.filter((r) => r.share === null).map((r) => r.section);
  return el(
    "div",
    { "data-testid": "section-bars" },
    el("p", { class: "legend-note" }, el("span", { class: "bar key" }), " this region ", el("span", { class: "bar-ref key" }), " EU28"),
    el(
      "ul",
      { class: "bars" },
      ...known.map((r) => {
        const bar = el("span", { class: "bar" });
        bar.style.width = `${((r.share ?? 0) / m) * 100}%`;
        const track = el("span", { class: "bar-track" }, bar);
        if (r.eu28_share !== null) {
          const mark = el("span", { class: "bar-ref", title: `EU28 ${pct(r.eu28_share)}` });
          mark.style.left = `${(r.eu28_share / m) * 100}%`;
          track.append(mark);
        }
        const label = `${r.section} ${r.name}`;
        return el(
          "li",
          { "data-section": r.section, "data-share": String(r.share), "data-eu28": String(r.eu28_share), "aria-label": `${label}: ${pct(r.share)}, EU28 ${pct(r.eu28_share)}` },
          el("span", { class: "bar-label", title: label }, label),
          track,
          el("span", { class: "bar-value" }, pct(r.share)),
        );
      }),
    ),
    missing.length ? el("p", { class: "legend-note" }, `Confidential or missing: ${missing.join(", ")}.`) : null,
  );
}

/** A strip of all regions' values with this one marked. */
function strip(reply: MapReply, region: string): HTMLElement {
  const vals = reply.values.filter((v) => v.value !== null) as { region: string; name: string; value: number }[];
  const box = el("div", { class: "strip", role: "img" });
  if (!vals.length) return box;
  const lo = Math.min(...vals.map((v) => v.value));
  const hi = Math.max(...vals.map((v) => v.value));
  const mine = vals.find((v) => v.region === region);
  const below = mine ? vals.filter((v) => v.value < mine.value).length : 0;
  box.setAttribute("aria-label", mine ? `${reply.label}: ${fmt(mine.value)}, above ${below} of ${vals.length} regions` : `${reply.label}: no data for this region`);
  for (const v of vals) {
    const t = el("span", { class: v.region === region ? "tick mine" : "tick" });
    t.style.left = `${((v.value - lo) / (hi - lo || 1)) * 100}%`;
    box.append(t);
  }
  return el(
    "figure",
    { class: "dist" },
    el("figcaption", {}, `${reply.label}: ${mine ? `${fmt(mine.value)} (above ${below} of ${vals.length} regions)` : "no data"}`),
    box,
    el("div", { class: "legend-ticks" }, el("span", {}, fmt(lo)), el("span", {}, fmt(hi))),
  );
}

const CONTEXT_LABELS: Record<string, string> = {
  gdp_pps_per_head: "GDP per head (PPS)",
  population_ths: "Population (thousands)",
};

interface Innovation {
  year: number;
  relative_to_eu: number | null;
  group: string;
  rank: number | null;
  scored: number;
  rank_p05: number | null;
  rank_p95: number | null;
  balance: string;
}

interface Skills {
  year: number;
  verdict: string | null;
  actual: number | null;
  expected: number | null;
}

interface PriorityRecord {
  id: number;
  title: string;
  region: string;
  economic_domains: string[];
  published: boolean;
}

async function priorities(region: string): Promise<HTMLElement> {
  let page: Page<PriorityRecord>;
  try {
    page = await get<Page<PriorityRecord>>(`/v1/priorities${qs({ region })}`);
  } catch (e) {
    return message(`Priorities: ${e instanceof Error ? e.message : e}`, "error");
  }
  if (!page.items.length) return message("No declared priorities visible to you (anonymous visitors see published ones; set a token under Records).");
  const items = await Promise.all(
    page.items.map(async (p) => {
      let verdict = "";
      try {
        const ev = await get<{ verdict?: string; assessment?: { verdict?: string } }>(`/v1/priorities/${p.id}/evidence`);
        verdict = ev.verdict ?? ev.assessment?.verdict ?? "";
      } catch {
        verdict = "evidence not available";
      }
      return el("li", {}, el("strong", {}, p.title), ` — ${p.economic_domains.join(", ") || "no NACE codes"}`, verdict ? el("span", { class: "badge" }, verdict.replace(/_/g, " ")) : null);
    }),
  );
  return el("ul", { class: "plain" }, ...items);
}

export async function profileView(main: HTMLElement, args: string[]): Promise<void> {
  const code = (args[0] ?? "ITC1").toUpperCase();
  const profile = await get<Profile>(`/v1/regions/${encodeURIComponent(code)}/profile?top=10`);
  const region = profile.region;
  const [peers, opps, eci, div, prios, innov, skills] = await Promise.all([
    get<Peers>(`/v1/regions/${region}/peers?top=5`).catch(() => null),
    get<Opportunities>(`/v1/regions/${region}/opportunities?top=5`).catch(() => null),
    mapOf("eci").catch(() => null),
    mapOf("diversity").catch(() => null),
    priorities(region),
    get<Innovation>(`/v1/regions/${region}/innovation`).catch(() => null),
    get<Skills>(`/v1/regions/${region}/skills`).catch(() => null),
  ]);
  const ctx = profile.context ?? {};
  const facts: [string, string][] = [
    ["Country", profile.country],
    ["Part of", profile.parents.map((p) => `${p.name} (${p.code})`).join(", ")],
    ["Employment total", fmt(profile.employment_total)],
    ["Diversity", fmt(profile.diversity)],
    ["ECI", fmt(profile.eci)],
    ["COI", fmt(profile.coi)],
    ...Object.entries(ctx).map(([k, v]): [string, string] => [CONTEXT_LABELS[k] ?? k.replace(/_/g, " "), `${fmt(v?.value)}${v?.year ? ` (${v.year})` : ""}`]),
  ];
  // the diagnostic summary: innovation capacity and skills, when the API has them
  const diag: [string, string][] = [];
  if (innov) {
    diag.push([
      `Innovation (${innov.year})`,
      `${fmt(innov.relative_to_eu)} (EU = 100), ${innov.group} innovator, rank ${innov.rank} of ${innov.scored}${innov.rank_p05 !== null && innov.rank_p95 !== null ? ` (${innov.rank_p05}–${innov.rank_p95})` : ""}, science–business ${innov.balance}`,
    ]);
  }
  if (skills) diag.push([`Skills (${skills.year})`, `${skills.verdict ?? "no verdict"}: tertiary-educated share of employment (25–64) ${fmt(skills.actual)} %, ${fmt(skills.expected)} % expected from its sector mix`]);
  main.replaceChildren(
    el("h1", { "data-testid": "profile-title" }, `${profile.name} (${region})`),
    ...(profile.note ? [message(profile.note)] : []),
    el(
      "p",
      { class: "links" },
      el("a", { href: `#/opportunities/${region}` }, "Opportunities"),
      " · ",
      el("a", { href: `#/product-space/${region}` }, "Product space"),
      " · ",
      el("a", { href: `#/partners//${region}` }, "Partners"),
    ),
    el(
      "div",
      { class: "grid" },
      el("section", { class: "card" }, el("h2", {}, "Summary"), el("dl", { class: "facts" }, ...facts.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]))),
      el(
        "section",
        { class: "card" },
        el("h2", {}, "In context"),
        eci ? strip(eci, region) : message("ECI map not available"),
        div ? strip(div, region) : null,
        diag.length ? el("h3", {}, "Diagnostic summary") : null,
        diag.length ? el("ul", { class: "plain" }, ...diag.map(([k, v]) => el("li", {}, el("strong", {}, `${k}: `), v))) : null,
      ),
      el(
        "section",
        { class: "card" },
        el("h2", {}, `Structure: employment by NACE section vs EU28${profile.year ? `, ${profile.year}` : ""}`),
        profile.sections?.length ? sectionBars(profile.sections) : message("No section data for this region."),
      ),
      el("section", { class: "card" }, el("h2", {}, "Structure: largest divisions"), bars(profile.top_activities, (a) => a.share ?? 0, (a) => pct(a.share))),
      el(
        "section",
        { class: "card" },
        el("h2", {}, "Specialisations (RCA, location quotient vs EU28)"),
        bars(profile.top_location_quotients, (a) => a.lq ?? 0, (a) => fmt(a.lq), undefined, 1),
      ),
      el(
        "section",
        { class: "card" },
        el("h2", {}, "Peers"),
        peers
          ? el("ol", { class: "plain" }, ...peers.peers.map((p) => el("li", {}, regionLink(p.region, p.name), ` ${p.country}, distance ${fmt(p.distance)}`)))
          : message("Peers not available"),
      ),
      el(
        "section",
        { class: "card" },
        el("h2", {}, "Opportunities"),
        opps
          ? el("ol", { class: "plain" }, ...opps.opportunities.map((o) => el("li", {}, `${o.activity} ${o.name}`, el("small", {}, ` density ${fmt(o.density)}, complexity ${fmt(o.complexity)}`))))
          : message("Opportunities not available"),
        el("a", { href: `#/opportunities/${region}` }, "All opportunities →"),
      ),
      el("section", { class: "card wide" }, el("h2", {}, "Declared priorities"), prios),
    ),
  );
}
