//! Pipeline options from the convention flags (`--preset`, `--threshold`, ...), shared by every command that computes indicators.

use crate::args::{ConventionArgs, PresetArg};
use anyhow::{anyhow, bail, Result};
use smartspec_core::indicators::complexity::{EciConvention, FitnessIterations};
use smartspec_core::indicators::outlook::CogNormaliser;
use smartspec_core::indicators::pipeline::{EciMethod, Options, Preset};

/// Library options from the convention flags.
pub fn options(c: &ConventionArgs) -> Result<Options> {
    let mut o = match c.preset {
        None => Options::smartspec(),
        Some(PresetArg::Growthlab) => Preset::GrowthLab.options(),
        Some(PresetArg::Econcomplex) => Preset::Econcomplex.options(),
        Some(PresetArg::Datawheel) => Preset::Datawheel.options(),
        Some(PresetArg::Econgeo) => Preset::EconGeo.options(),
    };
    if let Some(s) = &c.eci_sign {
        o.eci_sign = s.parse().map_err(|e: String| anyhow!(e))?;
    }
    if let Some(t) = c.threshold {
        if !(t.is_finite() && t > 0.0) {
            bail!("--threshold must be a positive number, got {t}");
        }
        o.threshold = t;
    }
    if let Some(d) = &c.proximity_diagonal {
        o.proximity_diagonal = if d == "1" { 1.0 } else { 0.0 };
    }
    if let Some(s) = &c.density_scale {
        o.density_scale = if s == "100" { 100.0 } else { 1.0 };
    }
    let convention = match (&c.pci_scale, o.eci) {
        (Some(s), _) if s == "own" => EciConvention::Independent,
        (Some(_), _) => EciConvention::GrowthLab,
        (None, EciMethod::Eigenvector(conv)) => conv,
        (None, _) => EciConvention::GrowthLab,
    };
    o.eci = match (c.eci_method.as_deref(), o.eci) {
        (Some("reflections"), _) | (None, EciMethod::Reflections(_)) => {
            EciMethod::Reflections(c.reflection_steps)
        }
        (Some("econgeo"), _) | (None, EciMethod::EconGeo) => EciMethod::EconGeo,
        _ => EciMethod::Eigenvector(convention),
    };
    o.fitness = match c.fitness_iterations.as_str() {
        "auto" => FitnessIterations::Auto,
        n => FitnessIterations::Fixed(
            n.parse()
                .map_err(|_| anyhow!("--fitness-iterations must be a number or auto, got {n:?}"))?,
        ),
    };
    if let Some(g) = &c.cog {
        o.cog = if g == "target" {
            CogNormaliser::Target
        } else {
            CogNormaliser::Source
        };
    }
    o.missing = c.missing.parse().map_err(|e: String| anyhow!(e))?;
    o.relatedness = match c.relatedness.as_str() {
        "proximity" => None,
        other => Some(other.parse().map_err(|e: String| anyhow!(e))?),
    };
    Ok(o)
}
