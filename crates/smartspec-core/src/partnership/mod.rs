//! Interregional partnership matchmaking in a theme (a value chain of
//! stages): each region's strength in each stage ([`strength`]), the
//! ranking of a region's partners ([`partners`]) and whole partnerships under
//! the thematic platforms' Member-State rule ([`search`]).
//!
//! Formulas, defaults and guarantees are in each module's doc and in
//! `docs/partnerships.md`.

pub mod partners;
pub mod search;
pub mod strength;

pub use partners::{rank_partners, reason, PartnerScore, Weights};
pub use search::{
    exact, greedy, propose, propose_all, Method, Objective, Proposal, ProposeError, Rule,
};
pub use strength::{stage_strengths, StageData, Strengths};
