// The application workflow in the applications list: the status, the last
// move's outcome and, for a caller whose role may move it, a reason box and
// one button per move allowed from it (crates/smartspec-store/src/
// workflow.rs: one step forward, or `closed` with an outcome that fits;
// policy: admins, and the experts of the application's team, who may not
// select). A click POSTs /v1/applications/{id}/transition with the reason;
// the API's refusal (400, 403, 409, 422) is shown in the row, and on success
// the row's cell is redrawn from the record the API returns.
import { ApiError, post } from "../api";
import { el } from "../ui";
import type { Rec } from "./recordforms";

/** The moves from each status: [to, outcome] (the outcomes of workflow.rs). */
const MOVES: Record<string, [string, string | null][]> = {
  submitted: [["eligible", null], ["closed", "not_eligible"], ["closed", "withdrawn"]],
  eligible: [["selected", null], ["closed", "not_selected"], ["closed", "withdrawn"]],
  selected: [["active", null], ["closed", "withdrawn"]],
  active: [["closed", "completed"], ["closed", "withdrawn"]],
  closed: [],
};

/** The statuses an application may move to from `status`. */
export function transitionsFrom(status: string): string[] {
  return [...new Set((MOVES[status] ?? []).map(([to]) => to))];
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
    const reason = el("input", { type: "text", class: "reason", placeholder: "reason (required)", "aria-label": "reason of the move", "data-testid": "transition-reason" }) as HTMLInputElement;
    const moves = mayMove(who, r) ? (MOVES[status] ?? []).filter(([to]) => to !== "selected" || who?.role === "admin") : [];
    const buttons = moves.map(([to, outcome]) => {
          const label = outcome ? `→ ${to} (${outcome.replace(/_/g, " ")})` : `→ ${to}`;
          const b = el("button", { type: "button", class: "small", "data-to": to, "data-outcome": outcome ?? "", title: `move to ${to}` }, label);
          b.addEventListener("click", async () => {
            cell.querySelectorAll("button").forEach((x) => ((x as HTMLButtonElement).disabled = true));
            try {
              const moved = await post<Rec>(`/v1/applications/${r.id}/transition`, { to, outcome, reason: reason.value.trim() || `moved to ${to} in the dashboard` });
              render(moved, el("span", { class: "msg ok", role: "status", "data-testid": "transition-ok" }, `moved to ${moved.status}`));
              onMoved(moved);
            } catch (e) {
              const text = e instanceof ApiError ? `${e.status} ${e.title}${e.detail ? `: ${e.detail}` : ""}` : String(e);
              render(r, el("span", { class: "msg error", role: "alert", "data-testid": "transition-error" }, text));
            }
          });
          return b;
        });
    const outcome = r.outcome ? el("span", { class: "muted", title: String(r.reason ?? "") }, ` ${String(r.outcome).replace(/_/g, " ")}`) : null;
    cell.replaceChildren(el("span", { class: "badge", "data-status": status }, status || "?"), ...(outcome ? [outcome] : []), ...(buttons.length ? [reason] : []), ...buttons, ...(note ? [note] : []));
  };
  render(app);
  return cell;
}
