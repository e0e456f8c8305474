//! Regional indicators, one module per family. Every module doc gives the
//! formula, its conventions (thresholds, sign, normalisation, missing data)
//! and the paper it comes from.
//!
//! | family | module | indicators |
//! |---|---|---|
//! | specialisation | [`rca`], [`specialisation`], [`variety`] | RCA / LQ, binary M, symmetric RCA, rpop; Krugman, specialisation coefficient, Herfindahl, entropy, Hachman, LQ average; related and unrelated variety |
//! | concentration | [`concentration`] | Gini, locational Gini, Hoover index, Hoover–Gini |
//! | relatedness | [`relatedness`], [`network`] | co-occurrence, proximity, EconGeo normalisations, relatedness density; the product-space network (maximum spanning tree plus strongest links) |
//! | complexity | [`complexity`], [`outlook`], [`validity`] | ECI/PCI (eigenvector, reflections), fitness–complexity, COI, COG; their external validity (Spearman with income) |
//!
//! Matrices are regions × activities for one year; [`matrix`] holds the dense
//! and sparse-binary types they use.

pub mod complexity;
pub mod concentration;
pub mod econgeo;
pub mod eigen;
pub mod kernels;
pub mod matrix;
pub mod network;
pub mod outlook;
pub mod pages;
pub mod pipeline;
pub mod rca;
pub mod relatedness;
pub mod specialisation;
pub mod structure;
pub mod symmetric;
pub mod validity;
pub mod variety;
