// The application workflow in the applications list: the status and, for a
// caller whose role may move it, one button per transition allowed from it
// (crates/smartspec-store/src/workflow.rs: one step forward, or `closed`
// from any open status; policy.rs: admins, and the experts of the
// application's team). A click POSTs /v1/applications/{id}/transition; the
// API's refusal (403, 409, 422) is shown in the row, and on success the row's
// cell is redrawn from the record the API returns.
import { ApiError, post } from "../api";
import { el } from "../ui";
import type { Rec } from "./recordforms";

const NEXT: Record<string, string[]> = {
  submitted: ["eligible", "closed"],
  eligible: ["selected", "closed"],
  selected: ["active", "closed"],
  active: ["closed"],
  closed: [],
};

/** The statuses an application may move to from `status`. */
export function transitionsFrom(status: string): string[] {
  return NEXT[status] ?? [];
}

/** Who may move which application: the caller's role, name and (experts) assignments. */
export interface Mover {
  role: string;
  name: string;
  /** application id → expert user names of its teams */
  experts: Map<number, string[]>;
}

export function mayMove(who: Mover | null, app: Rec): boolean {
  if (!who) return false;
  if (who.role === "admin") return true;
  return who.role === "expert" && (who.experts.get(app.id) ?? []).includes(who.name);
}

/** The status cell of an application row, with its buttons. */
export function statusCell(app: Rec, who: Mover | null, onMoved: (r: Rec) => void): HTMLElement {
  const cell = el("span", { class: "workflow", "data-application": app.id });
  const render = (r: Rec, note?: HTMLElement) => {
    const status = String(r.status ?? "");
    const buttons = mayMove(who, r)
      ? transitionsFrom(status).map((to) => {
          const b = el("button", { type: "button", class: "small", "data-to": to, title: `move to ${to}` }, `→ ${to}`);
          b.addEventListener("click", async () => {
            cell.querySelectorAll("button").forEach((x) => ((x as HTMLButtonElement).disabled = true));
            try {
              const moved = await post<Rec>(`/v1/applications/${r.id}/transition`, { to });
              render(moved, el("span", { class: "msg ok", role: "status", "data-testid": "transition-ok" }, `moved to ${moved.status}`));
              onMoved(moved);
            } catch (e) {
              const text = e instanceof ApiError ? `${e.status} ${e.title}${e.detail ? `: ${e.detail}` : ""}` : String(e);
              render(r, el("span", { class: "msg error", role: "alert", "data-testid": "transition-error" }, text));
            }
          });
          return b;
        })
      : [];
    cell.replaceChildren(el("span", { class: "badge", "data-status": status }, status || "?"), ...buttons, ...(note ? [note] : []));
  };
  render(app);
  return cell;
}
