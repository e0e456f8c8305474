//! The record types, their JSON shape and their checks. A body is parsed
//! into its type (unknown fields refused), checked, and stored as canonical
//! JSON beside the columns in [`Index`].

use crate::error::StoreError;
use crate::validate::{Check, Codes};
pub use crate::workflow::PlanStatus;
use crate::Kind;
use rusqlite::types::Value as Sql;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// What the store indexes of a record besides its JSON body.
#[derive(Debug, Default)]
pub struct Index {
    /// Public read.
    pub published: bool,
    /// Filter / foreign-key columns (name, value).
    pub columns: Vec<(&'static str, Sql)>,
    /// Regions whose editors may write it directly (parents add theirs).
    pub regions: Vec<String>,
    /// The parent record, if any.
    pub parent: Option<(Kind, i64)>,
    /// Expert users named in it (expert teams).
    pub experts: Vec<String>,
}

/// A record type.
pub trait Record: Serialize + DeserializeOwned {
    /// Checks every field.
    fn check(&self, c: &mut Check);
    /// Indexed columns and scope.
    fn index(&self) -> Index;
}

/// A record body parsed and checked: canonical JSON plus its index.
#[derive(Debug)]
pub struct Parsed {
    /// The body as stored.
    pub data: serde_json::Value,
    /// Its index.
    pub index: Index,
}

fn parse_as<R: Record>(body: serde_json::Value, codes: &dyn Codes) -> crate::Result<Parsed> {
    let r: R = serde_json::from_value(body).map_err(|e| StoreError::Malformed(e.to_string()))?;
    let mut c = Check::new(codes);
    r.check(&mut c);
    c.finish()?;
    let data = serde_json::to_value(&r).map_err(|e| StoreError::Malformed(e.to_string()))?;
    Ok(Parsed {
        data,
        index: r.index(),
    })
}

/// Parses and checks a body of `kind`.
pub fn parse(kind: Kind, body: serde_json::Value, codes: &dyn Codes) -> crate::Result<Parsed> {
    match kind {
        Kind::Priority => parse_as::<Priority>(body, codes),
        Kind::Partnership => parse_as::<Partnership>(body, codes),
        Kind::Member => parse_as::<Member>(body, codes),
        Kind::Project => parse_as::<Project>(body, codes),
        Kind::Call => parse_as::<Call>(body, codes),
        Kind::Application => parse_as::<Application>(body, codes),
        Kind::ExpertTeam => parse_as::<ExpertTeam>(body, codes),
        Kind::ActionPlan => parse_as::<ActionPlan>(body, codes),
    }
}

const SHORT: usize = 300;
const LONG: usize = 20_000;

/// A region's declared smart-specialisation priority (as in Eye@RIS3).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Priority {
    /// NUTS code of the region.
    pub region: String,
    /// Title.
    pub title: String,
    /// Description.
    #[serde(default)]
    pub description: String,
    /// Economic domains as NACE Rev. 2 codes (divisions are what the evidence check reads).
    #[serde(default)]
    pub economic_domains: Vec<String>,
    /// Scientific domains (free labels, e.g. Frascati fields).
    #[serde(default)]
    pub scientific_domains: Vec<String>,
    /// Policy objective.
    #[serde(default)]
    pub policy_objective: Option<String>,
    /// Links to themes.
    #[serde(default)]
    pub themes: Vec<String>,
    /// Where the priority was declared.
    #[serde(default)]
    pub source: Option<String>,
    /// Date of the declaration, YYYY-MM-DD.
    #[serde(default)]
    pub date: Option<String>,
    /// Public read.
    #[serde(default)]
    pub published: bool,
}

impl Record for Priority {
    fn check(&self, c: &mut Check) {
        c.region("region", &self.region);
        c.text("title", &self.title, SHORT);
        if self.description.chars().count() > LONG {
            c.fail("description", format!("longer than {LONG} characters"));
        }
        for (i, d) in self.economic_domains.iter().enumerate() {
            c.nace(&format!("economic_domains[{i}]"), d);
        }
        if let Some(d) = &self.date {
            c.date("date", d);
        }
    }
    fn index(&self) -> Index {
        Index {
            published: self.published,
            columns: vec![("region", Sql::Text(self.region.clone()))],
            regions: vec![self.region.clone()],
            ..Index::default()
        }
    }
}

/// Status of a partnership: `proposed → active → closed`, or
/// `proposed → closed` (a proposal that never started). A partnership is
/// created `proposed`; becoming `active` needs a lead and members from at
/// least [`MIN_MEMBER_STATES`] EU Member States.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartnershipStatus {
    /// Being formed.
    Proposed,
    /// Running.
    Active,
    /// Ended.
    Closed,
}

impl PartnershipStatus {
    /// The name stored and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            PartnershipStatus::Proposed => "proposed",
            PartnershipStatus::Active => "active",
            PartnershipStatus::Closed => "closed",
        }
    }

    /// Whether a partnership may go from `self` to `to` (staying is allowed).
    pub fn can_go_to(self, to: PartnershipStatus) -> bool {
        use PartnershipStatus::*;
        self == to
            || matches!(
                (self, to),
                (Proposed, Active) | (Active, Closed) | (Proposed, Closed)
            )
    }
}

/// The smallest number of EU Member States (leads and members counted
/// together) of an active partnership: the S3 thematic platforms' rule for
/// interregional partnerships.
pub const MIN_MEMBER_STATES: usize = 3;

/// An interregional partnership.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Partnership {
    /// Theme (e.g. a thematic smart specialisation platform's area).
    pub theme: String,
    /// Title.
    pub title: String,
    /// Lead regions (NUTS codes, at least one).
    pub lead_regions: Vec<String>,
    /// Status.
    pub status: PartnershipStatus,
    /// Date the partnership started (YYYY-MM-DD); EU membership is judged
    /// on it, or on the day it becomes active when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_on: Option<String>,
    /// Public read.
    #[serde(default)]
    pub published: bool,
}

impl Record for Partnership {
    fn check(&self, c: &mut Check) {
        c.theme("theme", &self.theme);
        c.text("title", &self.title, SHORT);
        if let Some(d) = &self.started_on {
            c.date("started_on", d);
        }
        if self.lead_regions.is_empty() {
            c.fail("lead_regions", "at least one lead region");
        }
        for (i, r) in self.lead_regions.iter().enumerate() {
            c.region(&format!("lead_regions[{i}]"), r);
        }
    }
    fn index(&self) -> Index {
        Index {
            published: self.published,
            columns: vec![
                ("theme", Sql::Text(self.theme.clone())),
                ("status", Sql::Text(self.status.as_str().into())),
            ],
            regions: self.lead_regions.clone(),
            ..Index::default()
        }
    }
}

/// A member region of a partnership.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// The partnership.
    pub partnership_id: i64,
    /// NUTS code of the member region.
    pub region: String,
    /// Role in the partnership (e.g. lead, co-lead, member, observer).
    pub role: String,
    /// Date of commitment, YYYY-MM-DD.
    #[serde(default)]
    pub committed_on: Option<String>,
    /// Public read.
    #[serde(default)]
    pub published: bool,
}

impl Record for Member {
    fn check(&self, c: &mut Check) {
        c.region("region", &self.region);
        c.text("role", &self.role, SHORT);
        if let Some(d) = &self.committed_on {
            c.date("committed_on", d);
        }
    }
    fn index(&self) -> Index {
        Index {
            published: self.published,
            columns: vec![
                ("partnership_id", Sql::Integer(self.partnership_id)),
                ("region", Sql::Text(self.region.clone())),
            ],
            // the member's own region (it may withdraw); the leads' come from the parent
            regions: vec![self.region.clone()],
            parent: Some((Kind::Partnership, self.partnership_id)),
            ..Index::default()
        }
    }
}

/// A stage of a value chain, as projects cover them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Research and technology development.
    Research,
    /// Demonstration and piloting.
    Demonstration,
    /// Production and scale-up.
    Production,
    /// Market deployment and uptake.
    Deployment,
}

/// Funding instruments (the seed asks for synergies between them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Instrument {
    /// European Regional Development Fund.
    Erdf,
    /// Horizon Europe.
    HorizonEurope,
    /// InvestEU guarantee or EIB loan.
    InvesteuEib,
    /// National or regional public funds.
    National,
    /// Private investment.
    Private,
}

/// One line of a project's funding mix.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Funding {
    /// Instrument.
    pub instrument: Instrument,
    /// Amount in euro.
    pub amount_eur: f64,
    /// Secured (signed) or only planned.
    #[serde(default)]
    pub secured: bool,
}

/// A partner of a project.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Partner {
    /// NUTS code of the partner's region.
    pub region: String,
    /// Organisation.
    pub organisation: String,
    /// Role (e.g. coordinator, technology provider, end user).
    pub role: String,
}

/// An interregional investment project of a partnership.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    /// The partnership.
    pub partnership_id: i64,
    /// Title.
    pub title: String,
    /// Value-chain stages covered.
    #[serde(default)]
    pub value_chain_stages: Vec<Stage>,
    /// Activities (NACE Rev. 2 codes) of the value chain.
    #[serde(default)]
    pub activities: Vec<String>,
    /// Partners and roles.
    pub partners: Vec<Partner>,
    /// Total budget needed, euro.
    pub budget_eur: f64,
    /// Technology readiness level, 1–9.
    pub trl: u8,
    /// Start date, YYYY-MM-DD.
    pub start: String,
    /// End date, YYYY-MM-DD.
    pub end: String,
    /// Funding mix.
    #[serde(default)]
    pub funding: Vec<Funding>,
    /// Public read.
    #[serde(default)]
    pub published: bool,
}

impl Project {
    /// Funding secured, euro.
    pub fn secured_eur(&self) -> f64 {
        self.funding
            .iter()
            .filter(|f| f.secured)
            .map(|f| f.amount_eur)
            .sum()
    }
}

impl Record for Project {
    fn check(&self, c: &mut Check) {
        c.text("title", &self.title, SHORT);
        for (i, a) in self.activities.iter().enumerate() {
            c.nace(&format!("activities[{i}]"), a);
        }
        if self.partners.is_empty() {
            c.fail("partners", "at least one partner");
        }
        for (i, p) in self.partners.iter().enumerate() {
            c.region(&format!("partners[{i}].region"), &p.region);
            c.text(
                &format!("partners[{i}].organisation"),
                &p.organisation,
                SHORT,
            );
            c.text(&format!("partners[{i}].role"), &p.role, SHORT);
        }
        c.amount("budget_eur", self.budget_eur);
        if self.budget_eur == 0.0 {
            c.fail("budget_eur", "a project needs a budget above 0 euro");
        }
        if !(1..=9).contains(&self.trl) {
            c.fail(
                "trl",
                format!("technology readiness level is 1-9, got {}", self.trl),
            );
        }
        c.ordered(("start", &self.start), ("end", &self.end));
        for (i, f) in self.funding.iter().enumerate() {
            c.amount(&format!("funding[{i}].amount_eur"), f.amount_eur);
        }
        let total: f64 = self.funding.iter().map(|f| f.amount_eur).sum();
        if total.is_finite() && self.budget_eur > 0.0 && total > self.budget_eur {
            c.fail(
                "funding",
                format!(
                    "the funding lines add up to {total} euro, more than the budget of {} euro",
                    self.budget_eur
                ),
            );
        }
    }
    fn index(&self) -> Index {
        let mut regions: Vec<String> = self.partners.iter().map(|p| p.region.clone()).collect();
        regions.sort();
        regions.dedup();
        Index {
            published: self.published,
            columns: vec![("partnership_id", Sql::Integer(self.partnership_id))],
            regions,
            parent: Some((Kind::Partnership, self.partnership_id)),
            ..Index::default()
        }
    }
}

/// A call for interest of the industrial-transition pilot.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Call {
    /// Title.
    pub title: String,
    /// Opening date, YYYY-MM-DD.
    pub opens: String,
    /// Closing date, YYYY-MM-DD (not before the opening).
    pub closes: String,
    /// Selection criteria.
    #[serde(default)]
    pub criteria: Vec<String>,
    /// Public read.
    #[serde(default)]
    pub published: bool,
}

impl Record for Call {
    fn check(&self, c: &mut Check) {
        c.text("title", &self.title, SHORT);
        c.ordered(("opens", &self.opens), ("closes", &self.closes));
    }
    fn index(&self) -> Index {
        Index {
            published: self.published,
            ..Index::default()
        }
    }
}

/// A region's application to a call. Its workflow status, the outcome and
/// reason of its last move and its screening figures are not part of the
/// body: the status moves only by transitions, and the screening figures
/// are attached by the server (the industrial-transition screen of the
/// served data) when the application is created, and refreshed only by an
/// admin.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Application {
    /// The call.
    pub call_id: i64,
    /// NUTS code of the applying region.
    pub region: String,
    /// Motivation.
    pub motivation: String,
    /// Refused when present: the screening figures are the server's to
    /// attach (kept as a field so that a client sending them learns why).
    #[serde(default, skip_serializing)]
    pub screening: Option<serde_json::Value>,
    /// Public read.
    #[serde(default)]
    pub published: bool,
}

impl Record for Application {
    fn check(&self, c: &mut Check) {
        c.region("region", &self.region);
        c.text("motivation", &self.motivation, LONG);
        if self.screening.is_some() {
            c.fail(
                "screening",
                "the screening figures are attached by the server, not written by clients; \
                 an admin refreshes them with POST /v1/applications/{id}/screening",
            );
        }
    }
    fn index(&self) -> Index {
        Index {
            published: self.published,
            columns: vec![
                ("call_id", Sql::Integer(self.call_id)),
                ("region", Sql::Text(self.region.clone())),
            ],
            regions: vec![self.region.clone()],
            parent: Some((Kind::Call, self.call_id)),
            ..Index::default()
        }
    }
}

/// A member of an expert team: a user with the expert role, by name.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expert {
    /// User name (must be a user with the expert role).
    pub user: String,
    /// Fields of expertise.
    #[serde(default)]
    pub expertise: Vec<String>,
}

/// The expert team assigned to an application.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpertTeam {
    /// The application.
    pub application_id: i64,
    /// Members.
    pub members: Vec<Expert>,
    /// Public read.
    #[serde(default)]
    pub published: bool,
}

impl Record for ExpertTeam {
    fn check(&self, c: &mut Check) {
        if self.members.is_empty() {
            c.fail("members", "at least one member");
        }
        for (i, m) in self.members.iter().enumerate() {
            c.text(&format!("members[{i}].user"), &m.user, SHORT);
        }
    }
    fn index(&self) -> Index {
        Index {
            published: self.published,
            columns: vec![("application_id", Sql::Integer(self.application_id))],
            parent: Some((Kind::Application, self.application_id)),
            experts: self.members.iter().map(|m| m.user.clone()).collect(),
            ..Index::default()
        }
    }
}

/// The areas of an action plan (the pilot's four).
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    /// Innovation capacity.
    InnovationCapacity,
    /// Barriers to investment.
    InvestmentBarriers,
    /// Skills.
    Skills,
    /// Industrial change (its social side included).
    IndustrialChange,
}

/// A milestone of an action.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    /// What.
    pub title: String,
    /// When, YYYY-MM-DD.
    pub due: String,
    /// Reached.
    #[serde(default)]
    pub done: bool,
}

/// One action of a plan.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// Area.
    pub area: Area,
    /// What is done.
    pub description: String,
    /// Milestones.
    #[serde(default)]
    pub milestones: Vec<Milestone>,
}

/// The action plan of an application.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionPlan {
    /// The application.
    pub application_id: i64,
    /// Actions.
    pub actions: Vec<Action>,
    /// Status.
    pub status: PlanStatus,
    /// Public read.
    #[serde(default)]
    pub published: bool,
}

impl Record for ActionPlan {
    fn check(&self, c: &mut Check) {
        if self.actions.is_empty() {
            c.fail("actions", "an action plan needs at least one action");
        }
        for (i, a) in self.actions.iter().enumerate() {
            c.text(&format!("actions[{i}].description"), &a.description, LONG);
            for (j, m) in a.milestones.iter().enumerate() {
                c.text(
                    &format!("actions[{i}].milestones[{j}].title"),
                    &m.title,
                    SHORT,
                );
                c.date(&format!("actions[{i}].milestones[{j}].due"), &m.due);
            }
        }
    }
    fn index(&self) -> Index {
        Index {
            published: self.published,
            columns: vec![
                ("application_id", Sql::Integer(self.application_id)),
                ("status", Sql::Text(self.status.as_str().into())),
            ],
            parent: Some((Kind::Application, self.application_id)),
            ..Index::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::AnyCode;
    use serde_json::json;

    #[test]
    fn unknown_fields_are_refused() {
        let e = parse(
            Kind::Call,
            json!({"title":"t","opens":"2025-01-01","closes":"2025-02-01","x":1}),
            &AnyCode,
        )
        .unwrap_err();
        assert!(matches!(e, StoreError::Malformed(m) if m.contains("unknown field `x`")));
    }

    #[test]
    fn project_checks_every_field() {
        let body = json!({"partnership_id":1,"title":"p","partners":[],"budget_eur":-5.0,"trl":10,
            "start":"2026-01-01","end":"2025-01-01","funding":[{"instrument":"erdf","amount_eur":-1.0}]});
        let Err(StoreError::Invalid(e)) = parse(Kind::Project, body, &AnyCode) else {
            panic!("expected invalid")
        };
        let fields: Vec<&str> = e.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "partners",
                "budget_eur",
                "trl",
                "end",
                "funding[0].amount_eur"
            ]
        );
    }

    #[test]
    fn a_project_needs_a_budget_and_funding_within_it() {
        let project = |budget: f64, lines: &[f64]| {
            let funding: Vec<_> = lines
                .iter()
                .map(|a| json!({"instrument":"erdf","amount_eur":a,"secured":true}))
                .collect();
            json!({"partnership_id":1,"title":"p","partners":[{"region":"ITC1","organisation":"o","role":"r"}],
                "budget_eur":budget,"trl":5,"start":"2025-01-01","end":"2025-01-02","funding":funding})
        };
        let fields = |body| match parse(Kind::Project, body, &AnyCode) {
            Err(StoreError::Invalid(e)) => e.into_iter().map(|e| e.field).collect::<Vec<_>>(),
            Ok(_) => Vec::new(),
            Err(e) => panic!("{e}"),
        };
        // the gamed project of the issue: 0 euro, one day, no activities
        assert_eq!(fields(project(0.0, &[])), ["budget_eur"]);
        assert_eq!(fields(project(100.0, &[60.0, 50.0])), ["funding"]);
        assert!(fields(project(100.0, &[60.0, 40.0])).is_empty());
    }

    #[test]
    fn secured_funding_sums_secured_lines_only() {
        let p: Project = serde_json::from_value(
            json!({"partnership_id":1,"title":"p","partners":[],"budget_eur":10.0,"trl":5,
            "start":"2025-01-01","end":"2026-01-01","funding":[
                {"instrument":"erdf","amount_eur":3.0,"secured":true},
                {"instrument":"private","amount_eur":4.0}]}),
        )
        .unwrap();
        assert_eq!(p.secured_eur(), 3.0);
    }
}
