//! The record kinds: their URL segment, table and filterable columns.

use serde::Serialize;

/// A kind of record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A region's declared S3 priority.
    Priority,
    /// An interregional partnership.
    Partnership,
    /// A member region of a partnership.
    Member,
    /// A project of a partnership.
    Project,
    /// A transition-pilot call for interest.
    Call,
    /// A region's application to a call.
    Application,
    /// The expert team of an application.
    ExpertTeam,
    /// The action plan of an application.
    ActionPlan,
}

impl Kind {
    /// Every kind.
    pub const ALL: [Kind; 8] = [
        Kind::Priority,
        Kind::Partnership,
        Kind::Member,
        Kind::Project,
        Kind::Call,
        Kind::Application,
        Kind::ExpertTeam,
        Kind::ActionPlan,
    ];

    /// The collection's URL segment (`/v1/{segment}`).
    pub fn segment(self) -> &'static str {
        match self {
            Kind::Priority => "priorities",
            Kind::Partnership => "partnerships",
            Kind::Member => "partnership-members",
            Kind::Project => "projects",
            Kind::Call => "calls",
            Kind::Application => "applications",
            Kind::ExpertTeam => "expert-teams",
            Kind::ActionPlan => "action-plans",
        }
    }

    /// The kind of a URL segment.
    pub fn from_segment(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.segment() == s)
    }

    /// The SQL table.
    pub fn table(self) -> &'static str {
        match self {
            Kind::Priority => "priorities",
            Kind::Partnership => "partnerships",
            Kind::Member => "partnership_members",
            Kind::Project => "projects",
            Kind::Call => "calls",
            Kind::Application => "applications",
            Kind::ExpertTeam => "expert_teams",
            Kind::ActionPlan => "action_plans",
        }
    }

    /// The singular name used in messages and the audit log.
    pub fn entity(self) -> &'static str {
        match self {
            Kind::Priority => "priority",
            Kind::Partnership => "partnership",
            Kind::Member => "partnership_member",
            Kind::Project => "project",
            Kind::Call => "call",
            Kind::Application => "application",
            Kind::ExpertTeam => "expert_team",
            Kind::ActionPlan => "action_plan",
        }
    }

    /// Query filters (equality on a column) and whether each is an integer.
    pub fn filters(self) -> &'static [(&'static str, bool)] {
        match self {
            Kind::Priority => &[("region", false), ("published", true)],
            Kind::Partnership => &[("theme", false), ("status", false), ("published", true)],
            Kind::Member => &[
                ("partnership_id", true),
                ("region", false),
                ("published", true),
            ],
            Kind::Project => &[("partnership_id", true), ("published", true)],
            Kind::Call => &[("published", true)],
            Kind::Application => &[
                ("call_id", true),
                ("region", false),
                ("status", false),
                ("published", true),
            ],
            Kind::ExpertTeam => &[("application_id", true), ("published", true)],
            Kind::ActionPlan => &[
                ("application_id", true),
                ("status", false),
                ("published", true),
            ],
        }
    }
}
