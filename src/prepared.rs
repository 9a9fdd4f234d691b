//! What a build reads once ([`Prepared`]: the spec with its data, metrics
//! and layouts, shared by every deck of a batch) and what it makes
//! ([`Built`]: one deck in memory). Types only: `pipeline` makes them.

use crate::data::Data;
use crate::error::Error;
use crate::layout::LayoutSet;
use crate::metric::{self, MetricDef};
use crate::spec::{Locator, Spec};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// A spec with its data, metrics and layouts, read once and shared by every
/// deck built from it (a batch builds many).
pub struct Prepared {
    pub spec: Spec,
    pub loc: Locator,
    pub data: Data,
    pub defs: BTreeMap<String, MetricDef>,
    /// The metrics that could not be defined, with what is wrong (`build`
    /// refuses; `check` reports them with the problems of the slides).
    pub problems: Vec<Error>,
    /// Team figures shared by every deck built from this spec.
    pub shared: metric::Shared,
    pub layouts: LayoutSet,
    /// A company template the layouts were placed into (`deck.template`).
    pub design: Option<std::sync::Arc<crate::template::Design>>,
    /// The folder of the spec file (paths in the spec are relative to it).
    pub base: PathBuf,
    /// The deck the user made, to fill (`deck.fill`), read once.
    pub fill: Option<std::sync::Arc<crate::opc::read::Archive>>,
    pub spec_path: PathBuf,
    /// The files read: spec, sources, layouts (a deck is never written over them).
    pub inputs: Vec<crate::output::Input>,
}

/// A built deck in memory.
pub struct Built {
    pub bytes: Vec<u8>,
    pub slides: usize,
    pub titles: Vec<String>,
    pub warnings: Vec<crate::warning::Warning>,
    /// The resolved deck, for callers that look at it (tests, `check`).
    pub deck: crate::model::Deck,
}
