//! Who may write what. Roles:
//!
//! | role | may write |
//! |---|---|
//! | admin | everything, users included |
//! | region editor | priorities and applications of its regions; partnerships one of its regions leads, their members and their projects; its own region's membership (delete: withdrawing); its own partner entries of a project (update, see `sqlite::own_partner_entries_only`); action plans of its regions' applications |
//! | expert | the applications assigned to it (workflow transitions, except selecting: an admin's decision) and their action plans |
//! | viewer | nothing (reads unpublished records) |
//!
//! An update must be allowed on the record as it was *and* as it will be, so
//! an editor can neither take over another region's record nor hand its own
//! to another region. Calls, expert teams and users are the admin's.

use crate::Kind;
use serde::{Deserialize, Serialize};

/// A user's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything.
    Admin,
    /// The records of its regions.
    RegionEditor,
    /// The applications assigned to it.
    Expert,
    /// Reads only.
    Viewer,
}

impl Role {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::RegionEditor => "region_editor",
            Role::Expert => "expert",
            Role::Viewer => "viewer",
        }
    }

    /// Parses a name (`region-editor` accepted for `region_editor`).
    pub fn parse(s: &str) -> Option<Role> {
        match s.replace('-', "_").as_str() {
            "admin" => Some(Role::Admin),
            "region_editor" => Some(Role::RegionEditor),
            "expert" => Some(Role::Expert),
            "viewer" => Some(Role::Viewer),
            _ => None,
        }
    }
}

/// An authenticated user.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct User {
    /// Id.
    pub id: i64,
    /// Unique name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Region scope (region editors).
    pub regions: Vec<String>,
}

/// A write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Create a record.
    Create,
    /// Replace a record.
    Update,
    /// Delete a record.
    Delete,
    /// Move an application in the workflow.
    Transition,
}

/// Who a record belongs to: the regions whose editors may write it and the
/// experts assigned to it (through its application).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scope {
    /// Regions.
    pub regions: Vec<String>,
    /// Expert user names.
    pub experts: Vec<String>,
}

/// Whether `user` may do `action` on a record of `kind` with `scope`.
pub fn allows(user: &User, kind: Kind, action: Action, scope: &Scope) -> bool {
    match user.role {
        Role::Admin => true,
        Role::Viewer => false,
        Role::RegionEditor => {
            let kind_ok = matches!(
                kind,
                Kind::Priority
                    | Kind::Application
                    | Kind::Partnership
                    | Kind::Member
                    | Kind::Project
                    | Kind::ActionPlan
            );
            kind_ok
                && action != Action::Transition
                && scope.regions.iter().any(|r| user.regions.contains(r))
        }
        Role::Expert => {
            let kind_ok = match kind {
                Kind::Application => action == Action::Transition,
                Kind::ActionPlan => matches!(action, Action::Create | Action::Update),
                _ => false,
            };
            kind_ok && scope.experts.contains(&user.name)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: Role, regions: &[&str]) -> User {
        User {
            id: 1,
            name: "u".into(),
            role,
            regions: regions.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn editor_writes_own_region_only() {
        let ed = user(Role::RegionEditor, &["ITC1"]);
        let own = Scope {
            regions: vec!["ITC1".into()],
            experts: vec![],
        };
        let other = Scope {
            regions: vec!["DE21".into()],
            experts: vec![],
        };
        assert!(allows(&ed, Kind::Priority, Action::Create, &own));
        assert!(!allows(&ed, Kind::Priority, Action::Create, &other));
        assert!(!allows(&ed, Kind::Call, Action::Create, &own));
        assert!(!allows(&ed, Kind::Application, Action::Transition, &own));
    }

    #[test]
    fn expert_needs_assignment() {
        let mut ex = user(Role::Expert, &[]);
        ex.name = "eva".into();
        let assigned = Scope {
            regions: vec!["ITC1".into()],
            experts: vec!["eva".into()],
        };
        assert!(allows(
            &ex,
            Kind::Application,
            Action::Transition,
            &assigned
        ));
        assert!(!allows(&ex, Kind::Application, Action::Update, &assigned));
        assert!(!allows(
            &ex,
            Kind::Application,
            Action::Transition,
            &Scope::default()
        ));
        assert!(!allows(
            &user(Role::Viewer, &[]),
            Kind::Priority,
            Action::Create,
            &assigned
        ));
    }
}
