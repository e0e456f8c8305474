// The region chooser shared by region-bound views.
import { el } from "../ui";

export function regionPicker(view: string, region: string): HTMLElement {
  const input = el("input", { type: "text", value: region, size: 6, pattern: "[A-Za-z]{2}[A-Za-z0-9]{0,3}", "aria-label": "NUTS-2 region code" });
  const form = el("form", { class: "controls" }, el("label", {}, "Region ", input), el("button", { type: "submit" }, "Show"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const v = input.value.trim().toUpperCase();
    if (v) location.hash = `#/${view}/${v}`;
  });
  return form;
}
