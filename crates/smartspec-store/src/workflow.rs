//! The transition pilot's application workflow:
//! `submitted → eligible → selected → active → closed`, plus closing early
//! (an application found not eligible or not selected is closed). Any other
//! move is refused with [`StoreError::InvalidTransition`](crate::StoreError)
//! (HTTP 409).

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
}
