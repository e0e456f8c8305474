//! The business rules of the records, checked inside the write's
//! transaction (after the permission check, before the row is written), so
//! that no client of the store can record what the rules forbid:
//!
//! - **applications**: created only while their call is published and open
//!   (`opens ≤ today ≤ closes`); one per region and call (a unique key);
//!   the body is replaced or deleted only while `submitted` or `eligible`,
//!   and its call and region never change;
//! - **action plans**: a status their application's status allows
//!   ([`crate::workflow::plan_statuses`]);
//! - **partnerships**: created `proposed`; the status moves only along
//!   [`PartnershipStatus::can_go_to`]; becoming (or being saved while)
//!   `active` needs leads and members from at least
//!   [`MIN_MEMBER_STATES`] EU Member States on the partnership's
//!   `started_on` date (or today);
//! - **members**: one per region and partnership (a unique key); not added
//!   to a closed partnership.
//!
//! Field checks that need no other record (a positive budget, funding within
//! it, a known theme, at least one action) are in [`crate::records`].

use crate::error::StoreError;
use crate::records::{
    ActionPlan, Application, Call, Member, Parsed, Partnership, PartnershipStatus,
    MIN_MEMBER_STATES,
};
use crate::validate::Codes;
use crate::workflow::{plan_statuses, Outcome, Status};
use crate::{Kind, Result};
use rusqlite::{Connection, OptionalExtension};
use serde::de::DeserializeOwned;

/// Today, `YYYY-MM-DD` (UTC).
pub(crate) fn today() -> String {
    crate::clock::now()[..10].to_string()
}

pub(crate) fn typed<T: DeserializeOwned>(p: &Parsed) -> Result<T> {
    serde_json::from_value(p.data.clone()).map_err(|e| StoreError::Malformed(e.to_string()))
}

/// The stored body of record `id` of `kind`, as `T`.
pub(crate) fn stored_json<T: DeserializeOwned>(tx: &Connection, kind: Kind, id: i64) -> Result<T> {
    let data: String = tx
        .query_row(
            &format!("SELECT data FROM {} WHERE id = ?1", kind.table()),
            [id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or(StoreError::NotFound {
            entity: kind.entity(),
            id,
        })?;
    serde_json::from_str(&data).map_err(|e| StoreError::Malformed(e.to_string()))
}

/// The workflow status and last outcome of an application.
pub(crate) fn application_state(tx: &Connection, id: i64) -> Result<(Status, Option<Outcome>)> {
    let (s, o): (String, Option<String>) = tx
        .query_row(
            "SELECT status, outcome FROM applications WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or(StoreError::NotFound {
            entity: "application",
            id,
        })?;
    let status =
        Status::parse(&s).ok_or_else(|| StoreError::Conflict(format!("stored status {s:?}")))?;
    Ok((status, o.as_deref().and_then(Outcome::parse)))
}

/// Checks the rules of writing `new` (`None`: a delete) over `old` (`None`:
/// a create) of `kind`.
pub(crate) fn check(
    tx: &Connection,
    codes: &dyn Codes,
    kind: Kind,
    id: Option<i64>,
    old: Option<&Parsed>,
    new: Option<&Parsed>,
) -> Result<()> {
    match kind {
        Kind::Application => application(tx, id, old, new),
        Kind::ActionPlan => match new {
            Some(p) => action_plan(tx, &typed(p)?),
            None => Ok(()),
        },
        Kind::Partnership => match new {
            Some(p) => partnership(tx, codes, id, old, &typed(p)?),
            None => Ok(()),
        },
        Kind::Member => match new {
            Some(p) => member(tx, &typed(p)?),
            None => Ok(()),
        },
        _ => Ok(()),
    }
}

fn application(
    tx: &Connection,
    id: Option<i64>,
    old: Option<&Parsed>,
    new: Option<&Parsed>,
) -> Result<()> {
    if let (Some(id), Some(_)) = (id, old) {
        let (status, _) = application_state(tx, id)?;
        if !status.editable() {
            return Err(StoreError::Conflict(format!(
                "application {id} is {status}: an application is read-only from selected on \
                 (it moves only by transitions)"
            )));
        }
    }
    let Some(new) = new else { return Ok(()) };
    let a: Application = typed(new)?;
    if let Some(old) = old {
        let was: Application = typed(old)?;
        let mut e = Vec::new();
        if was.call_id != a.call_id {
            e.push(("call_id", format!("an application stays with its call ({}); withdraw it and apply to the other call", was.call_id)));
        }
        if was.region != a.region {
            e.push((
                "region",
                format!("an application stays with its region ({})", was.region),
            ));
        }
        return fields(e);
    }
    let call: Call = stored_json(tx, Kind::Call, a.call_id)?;
    let published: bool = tx.query_row(
        "SELECT published FROM calls WHERE id = ?1",
        [a.call_id],
        |r| r.get(0),
    )?;
    let today = today();
    let why = if !published {
        Some(format!("call {} is not published", a.call_id))
    } else if today < call.opens {
        Some(format!("call {} opens on {}", a.call_id, call.opens))
    } else if today > call.closes {
        Some(format!("call {} closed on {}", a.call_id, call.closes))
    } else {
        None
    };
    match why {
        Some(w) => Err(StoreError::invalid(
            "call_id",
            format!(
                "{w}; applications are taken while a call is published and open (today is {today})"
            ),
        )),
        None => Ok(()),
    }
}

fn fields(e: Vec<(&str, String)>) -> Result<()> {
    if e.is_empty() {
        return Ok(());
    }
    Err(StoreError::Invalid(
        e.into_iter()
            .map(|(f, m)| crate::FieldError {
                field: f.into(),
                message: m,
            })
            .collect(),
    ))
}

fn action_plan(tx: &Connection, plan: &ActionPlan) -> Result<()> {
    let (status, outcome) = application_state(tx, plan.application_id)?;
    let allowed = plan_statuses(status, outcome);
    if allowed.contains(&plan.status) {
        return Ok(());
    }
    let names: Vec<&str> = allowed.iter().map(|s| s.as_str()).collect();
    Err(StoreError::invalid(
        "status",
        format!(
            "an action plan follows its application: application {} is {status}{}, so its plan may be {}, not {}",
            plan.application_id,
            outcome.map_or(String::new(), |o| format!(" ({})", o.as_str())),
            names.join(", "),
            plan.status.as_str()
        ),
    ))
}

fn partnership(
    tx: &Connection,
    codes: &dyn Codes,
    id: Option<i64>,
    old: Option<&Parsed>,
    p: &Partnership,
) -> Result<()> {
    let from = match old {
        Some(o) => typed::<Partnership>(o)?.status,
        None if p.status != PartnershipStatus::Proposed => {
            return Err(StoreError::invalid(
                "status",
                format!("a partnership is created proposed, not {}; it becomes active once it has members from {MIN_MEMBER_STATES} Member States", p.status.as_str()),
            ))
        }
        None => PartnershipStatus::Proposed,
    };
    if !from.can_go_to(p.status) {
        return Err(StoreError::Conflict(format!(
            "a partnership goes proposed → active → closed (or proposed → closed); it cannot go from {} to {}",
            from.as_str(),
            p.status.as_str()
        )));
    }
    if p.status == PartnershipStatus::Active && from != PartnershipStatus::Active {
        let id = id.unwrap_or(0);
        let mut regions = p.lead_regions.clone();
        let mut st =
            tx.prepare_cached("SELECT region FROM partnership_members WHERE partnership_id = ?1")?;
        for r in st.query_map([id], |r| r.get::<_, String>(0))? {
            regions.push(r?);
        }
        let date = p.started_on.clone().unwrap_or_else(today);
        let mut states: Vec<&str> = regions
            .iter()
            .filter(|r| codes.eu_member_on(r, &date))
            .map(|r| r.get(..2).unwrap_or(r))
            .collect();
        states.sort_unstable();
        states.dedup();
        if states.len() < MIN_MEMBER_STATES {
            return Err(StoreError::invalid(
                "status",
                format!(
                    "an active partnership needs leads and members from at least {MIN_MEMBER_STATES} EU Member States on {date}; \
                     partnership {id} has {} ({})",
                    states.len(),
                    if states.is_empty() { "none".to_string() } else { states.join(", ") }
                ),
            ));
        }
    }
    Ok(())
}

fn member(tx: &Connection, m: &Member) -> Result<()> {
    let p: Partnership = stored_json(tx, Kind::Partnership, m.partnership_id)?;
    if p.status == PartnershipStatus::Closed {
        return Err(StoreError::Conflict(format!(
            "partnership {} is closed: it takes no new members",
            m.partnership_id
        )));
    }
    Ok(())
}

/// The refusal of a write that breaks a unique key, in the kind's words.
pub(crate) fn duplicate(kind: Kind, p: &Parsed) -> StoreError {
    let s = |k: &str| p.data.get(k).map(|v| v.to_string()).unwrap_or_default();
    StoreError::Conflict(match kind {
        Kind::Application => format!(
            "{} has already applied to call {}: one application per region and call",
            s("region"),
            s("call_id")
        ),
        Kind::Member => format!(
            "{} is already a member of partnership {}",
            s("region"),
            s("partnership_id")
        ),
        Kind::Priority => format!(
            "{} already declares a priority titled {}",
            s("region"),
            s("title")
        ),
        other => format!("this {} exists", other.entity()),
    })
}
