//! deckgen: a YAML deck spec and a data workbook in, a finished PowerPoint
//! deck out — native charts with embedded workbooks, KPI cards, tables and
//! conclusions written from the numbers.
//!
//! Data flows one way, and the modules follow it:
//!
//! ```text
//! spec (YAML) → data (workbooks) → resolve (numbers, text, chart series; no XML)
//!             → slides (fill layout XML) → package (parts, rels, content types) → zip
//! ```

pub mod batch;
pub mod chart;
pub mod check;
pub mod color;
pub mod data;
pub mod error;
pub mod expr;
pub mod file_name;
pub mod fill;
pub mod fit;
pub mod format;
pub mod init;
pub mod input;
pub mod interrupt;
pub mod layout;
pub mod markup;
pub mod metric;
pub mod model;
pub mod ns;
pub mod opc;
pub mod output;
pub mod peers;
pub mod pipeline;
pub mod pptx;
pub mod prepared;
pub mod raster;
pub mod resolve;
pub mod sample;
pub mod slides;
pub mod spec;
pub mod template;
pub mod timing;
pub mod typeset;
pub mod warning;
pub mod xlsx;
pub mod xml;

pub use error::{Error, Result};
