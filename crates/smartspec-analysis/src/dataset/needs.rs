//! What a command needs of a dataset, and the message when it is missing.
//!
//! | command | needs |
//! |---|---|
//! | `indicators`, `opportunities`, `backtest`, `region` | a panel (any codes) |
//! | `peers` | a panel; context indicators add the income, labour-market and innovation variables |
//! | `partners`, `partnership propose`, `theme-map` | NACE divisions ([`Need::NaceDivisions`]) |
//! | `transition`, `innovation`, `skills`, `diagnose` | context indicators under smartspec's codes ([`Need::Context`]) |
//! | maps (`theme-map --svg`, the dashboard's map) | a geometry the codes match ([`Need::Geometry`]) |

use super::Dataset;
use thiserror::Error;

/// Something a command needs of a dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Every activity a NACE Rev. 2 division (theme stages are divisions).
    NaceDivisions,
    /// Context indicators under smartspec's codes (`GDP_PPS_HAB`,
    /// `GERD_PC_GDP:BES`, ... as `data/README.md` lists them).
    Context,
    /// A map geometry whose features the region codes match.
    Geometry,
}

/// A dataset lacks what a command needs: what, and how to add it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{command} needs {what}, which dataset {dataset:?} does not hold: {how}")]
pub struct Missing {
    /// The command (or endpoint) asking.
    pub command: String,
    /// The dataset's name.
    pub dataset: String,
    /// What it lacks.
    pub what: String,
    /// How to add it.
    pub how: String,
}

impl Dataset {
    /// `Ok` when the dataset holds what `need` asks; otherwise what is
    /// missing and how to add it, for `command`.
    pub fn require(&self, command: &str, need: Need) -> Result<(), Missing> {
        let missing = |what: &str, how: &str| Missing {
            command: command.to_string(),
            dataset: self.name().to_string(),
            what: what.to_string(),
            how: how.to_string(),
        };
        match need {
            Need::NaceDivisions if !self.has_nace_divisions() => Err(missing(
                "activities coded as NACE Rev. 2 divisions (C10, J62, ...)",
                "theme stages are NACE divisions: read a panel by NACE division with --activities nace (`smartspec dataset build DIR --panel FILE --activities nace`)",
            )),
            Need::Context if !self.has_context() => Err(missing(
                "context indicators (GDP_PPS_HAB, UNEMP_PC, GERD_PC_GDP:BES, LFS_EMP25_THS:*, ... as data/README.md lists them)",
                "add them with `smartspec dataset build DIR --panel FILE --context FILE` (long region,indicator,year,value) or --context FILE on the command",
            )),
            Need::Geometry if self.geometry().is_none() => Err(missing(
                "a map geometry its region codes match",
                "only NUTS 2021 level 2 is embedded: use NUTS 2013 or NUTS 2021 level-2 codes (`smartspec dataset build DIR --panel FILE --recode-to nuts2021`)",
            )),
            _ => Ok(()),
        }
    }
}
