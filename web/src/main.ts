// Hash router: #/map, #/region/CODE, #/opportunities/CODE,
// #/product-space/CODE, #/partners[/THEME/CODE], #/transition, #/records.
import "./style.css";
import { message } from "./ui";
import { mapView } from "./views/map";
import { profileView } from "./views/profile";
import { opportunitiesView } from "./views/opportunities";
import { productSpaceView } from "./views/productspace";
import { partnersView } from "./views/partners";
import { transitionView } from "./views/transition";
import { recordsView } from "./views/records";

type View = (main: HTMLElement, args: string[]) => Promise<void>;

const views: Record<string, View> = {
  map: mapView,
  region: profileView,
  opportunities: opportunitiesView,
  "product-space": productSpaceView,
  partners: partnersView,
  transition: transitionView,
  records: recordsView,
};

let lastRegion = "ITC1";

export function currentRegion(): string {
  return lastRegion;
}

async function route(): Promise<void> {
  const parts = location.hash.replace(/^#\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
  const name = parts[0] ?? "map";
  const view = views[name] ?? mapView;
  const args = parts.slice(1);
  if (["region", "opportunities", "product-space"].includes(name) && args[0]) lastRegion = args[0].toUpperCase();
  // region-bound links follow the last region opened
  document.querySelectorAll<HTMLAnchorElement>("nav a[data-view]").forEach((a) => {
    const v = a.dataset.view;
    if (v !== "partners") a.href = `#/${v}/${lastRegion}`;
    a.toggleAttribute("aria-current", v === name);
  });
  document.querySelectorAll<HTMLAnchorElement>("nav a:not([data-view])").forEach((a) => {
    a.toggleAttribute("aria-current", a.getAttribute("href") === `#/${name}`);
  });
  const main = document.getElementById("main") as HTMLElement;
  main.replaceChildren(message("Loading…"));
  main.dataset.view = name;
  main.removeAttribute("data-ready");
  try {
    await view(main, args);
  } catch (e) {
    main.replaceChildren(message(`Could not load this view: ${e instanceof Error ? e.message : String(e)}`, "error"));
  }
  main.setAttribute("data-ready", name);
}

window.addEventListener("hashchange", () => void route());
void route();
