//! The transition pilot's application workflow:
//! `submitted → eligible → selected → active → closed`, plus closing early
//! (an application found not eligible or not selected is closed). Any other
//! move is refused with [`StoreError::InvalidTransition`](crate::StoreError)
//! (HTTP 409).
//!
//! Every move records an [`Outcome`] and a reason. The forward steps have one
//! outcome each (`eligible`, `selected`, `started`); closing needs one that
//! fits where the application was:
//!
//! | from | closing outcomes |
//! |---|---|
//! | submitted | `not_eligible`, `withdrawn` |
//! | eligible | `not_selected`, `withdrawn` |
//! | selected | `withdrawn` |
//! | active | `completed`, `withdrawn` |
//!
//! Moving to `selected` is an admin's decision (the experts assess, the
//! Commission selects). The body of an application is editable while it is
//! `submitted` or `eligible` and read-only from `selected` on.
//!
//! An action plan's status follows its application's ([`plan_statuses`]):
//!
//! | application | plan may be |
//! |---|---|
//! | submitted, eligible | draft |
//! | selected | draft, adopted |
//! | active | draft, adopted, in_progress |
//! | closed, outcome `completed` | draft, adopted, in_progress, completed |
//! | closed, any other outcome | draft, adopted, in_progress |

use serde::{Deserialize, Serialize};
use std::fmt;

/// Status of an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Received.
    Submitted,
    /// Checked against the call's criteria.
    Eligible,
    /// Chosen for the pilot.
    Selected,
    /// Being supported (expert team, action plan).
    Active,
    /// Finished, or stopped before.
    Closed,
}

impl Status {
    /// Every status, in workflow order.
    pub const ALL: [Status; 5] = [
        Status::Submitted,
        Status::Eligible,
        Status::Selected,
        Status::Active,
        Status::Closed,
    ];

    /// The name stored and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Submitted => "submitted",
            Status::Eligible => "eligible",
            Status::Selected => "selected",
            Status::Active => "active",
            Status::Closed => "closed",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Whether the workflow goes from `self` to `to`: one step forward, or
    /// to `closed` from any open status.
    pub fn can_go_to(self, to: Status) -> bool {
        use Status::*;
        matches!(
            (self, to),
            (Submitted, Eligible)
                | (Eligible, Selected)
                | (Selected, Active)
                | (Active, Closed)
                | (Submitted, Closed)
                | (Eligible, Closed)
                | (Selected, Closed)
        )
    }

    /// Whether the body of an application in this status may be replaced.
    pub fn editable(self) -> bool {
        matches!(self, Status::Submitted | Status::Eligible)
    }
}

/// Why an application moved: the result the move records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Found eligible (submitted → eligible).
    Eligible,
    /// Selected for the pilot (eligible → selected).
    Selected,
    /// Support started (selected → active).
    Started,
    /// The support ran its course (active → closed).
    Completed,
    /// Found not eligible (submitted → closed).
    NotEligible,
    /// Not selected (eligible → closed).
    NotSelected,
    /// Withdrawn by the region or stopped (any open status → closed).
    Withdrawn,
}

impl Outcome {
    /// Every outcome.
    pub const ALL: [Outcome; 7] = [
        Outcome::Eligible,
        Outcome::Selected,
        Outcome::Started,
        Outcome::Completed,
        Outcome::NotEligible,
        Outcome::NotSelected,
        Outcome::Withdrawn,
    ];

    /// The name stored and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Eligible => "eligible",
            Outcome::Selected => "selected",
            Outcome::Started => "started",
            Outcome::Completed => "completed",
            Outcome::NotEligible => "not_eligible",
            Outcome::NotSelected => "not_selected",
            Outcome::Withdrawn => "withdrawn",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// The outcomes a move from `from` to `to` may record (empty when the move
/// is not in the workflow).
pub fn outcomes(from: Status, to: Status) -> &'static [Outcome] {
    use Outcome as O;
    use Status::*;
    if !from.can_go_to(to) {
        return &[];
    }
    match (from, to) {
        (Submitted, Eligible) => &[O::Eligible],
        (Eligible, Selected) => &[O::Selected],
        (Selected, Active) => &[O::Started],
        (Submitted, Closed) => &[O::NotEligible, O::Withdrawn],
        (Eligible, Closed) => &[O::NotSelected, O::Withdrawn],
        (Selected, Closed) => &[O::Withdrawn],
        (Active, Closed) => &[O::Completed, O::Withdrawn],
        _ => &[],
    }
}

/// A requested move: where to, with which outcome (implied for the forward
/// steps, required when closing) and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Move {
    /// The new status.
    pub to: Status,
    /// The outcome (see [`outcomes`]).
    #[serde(default)]
    pub outcome: Option<Outcome>,
    /// Why (1–2,000 characters).
    pub reason: String,
}

/// Longest reason of a move.
pub const MAX_REASON: usize = 2_000;

/// The outcome a move records, or why the move is refused (a message for
/// the `outcome` or `reason` field).
pub fn settle(from: Status, m: &Move) -> Result<Outcome, (&'static str, String)> {
    let allowed = outcomes(from, m.to);
    let reason = m.reason.trim();
    if reason.is_empty() {
        return Err(("reason", "every move records a reason".into()));
    }
    if reason.chars().count() > MAX_REASON {
        return Err(("reason", format!("longer than {MAX_REASON} characters")));
    }
    let names = || {
        allowed
            .iter()
            .map(|o| o.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match (m.outcome, allowed) {
        (Some(o), _) if allowed.contains(&o) => Ok(o),
        (Some(o), _) => Err((
            "outcome",
            format!(
                "{} does not fit a move from {from} to {}; use {}",
                o.as_str(),
                m.to,
                names()
            ),
        )),
        (None, [only]) => Ok(*only),
        (None, _) => Err((
            "outcome",
            format!("closing from {from} needs an outcome: {}", names()),
        )),
    }
}

/// The action-plan statuses an application in `status` (with the outcome
/// of its last move) allows (see the module's table).
pub fn plan_statuses(status: Status, outcome: Option<Outcome>) -> &'static [PlanStatus] {
    use PlanStatus::*;
    match (status, outcome) {
        (Status::Submitted | Status::Eligible, _) => &[Draft],
        (Status::Selected, _) => &[Draft, Adopted],
        (Status::Active, _) => &[Draft, Adopted, InProgress],
        (Status::Closed, Some(Outcome::Completed)) => &[Draft, Adopted, InProgress, Completed],
        (Status::Closed, _) => &[Draft, Adopted, InProgress],
    }
}

/// Status of an action plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanStatus {
    /// Being written.
    Draft,
    /// Adopted by the region.
    Adopted,
    /// Being carried out.
    InProgress,
    /// Done.
    Completed,
}

impl PlanStatus {
    /// The name stored and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            PlanStatus::Draft => "draft",
            PlanStatus::Adopted => "adopted",
            PlanStatus::InProgress => "in_progress",
            PlanStatus::Completed => "completed",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forward_steps_and_early_close_only() {
        let allowed: Vec<(Status, Status)> = Status::ALL
            .into_iter()
            .flat_map(|a| Status::ALL.into_iter().map(move |b| (a, b)))
            .filter(|(a, b)| a.can_go_to(*b))
            .collect();
        assert_eq!(allowed.len(), 7);
        assert!(!Status::Submitted.can_go_to(Status::Selected));
        assert!(!Status::Closed.can_go_to(Status::Submitted));
        assert!(!Status::Active.can_go_to(Status::Active));
        assert_eq!(Status::parse("eligible"), Some(Status::Eligible));
        assert_eq!(Status::parse("open"), None);
    }

    fn mv(to: Status, outcome: Option<Outcome>, reason: &str) -> Move {
        Move {
            to,
            outcome,
            reason: reason.into(),
        }
    }

    #[test]
    fn every_move_records_an_outcome_that_fits_and_a_reason() {
        use Status::*;
        // forward steps imply their outcome
        assert_eq!(
            settle(Submitted, &mv(Eligible, None, "checked")),
            Ok(Outcome::Eligible)
        );
        // closing needs one, and it must fit where the application was
        let e = settle(Submitted, &mv(Closed, None, "late")).unwrap_err();
        assert_eq!(e.0, "outcome");
        assert!(e.1.contains("not_eligible, withdrawn"), "{}", e.1);
        assert_eq!(
            settle(Active, &mv(Closed, Some(Outcome::Completed), "done")),
            Ok(Outcome::Completed)
        );
        assert_eq!(
            settle(Submitted, &mv(Closed, Some(Outcome::Completed), "x"))
                .unwrap_err()
                .0,
            "outcome"
        );
        assert_eq!(
            settle(Eligible, &mv(Selected, None, "  ")).unwrap_err().0,
            "reason"
        );
        // one outcome list per move of the workflow, none for the others
        let moves = Status::ALL
            .into_iter()
            .flat_map(|a| Status::ALL.into_iter().map(move |b| (a, b)))
            .filter(|(a, b)| !outcomes(*a, *b).is_empty())
            .count();
        assert_eq!(moves, 7);
    }

    #[test]
    fn a_plan_is_completed_only_after_a_completed_application() {
        use PlanStatus::*;
        assert_eq!(plan_statuses(Status::Submitted, None), &[Draft]);
        assert!(!plan_statuses(Status::Active, Some(Outcome::Started)).contains(&Completed));
        assert!(!plan_statuses(Status::Closed, Some(Outcome::Withdrawn)).contains(&Completed));
        assert!(plan_statuses(Status::Closed, Some(Outcome::Completed)).contains(&Completed));
    }
}
