//! Scopes: the `column == value` filters that narrow every metric (the
//! deck's agent, a slide's group, a team of peers).

use crate::data::Table;
use std::collections::BTreeSet;
use std::sync::Arc;

/// Filters that narrow every metric: `column == value` (one agent), and
/// `column ∈ {values}` (a group of peers), each sorted by column.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Scope {
    pub eq: Vec<(String, String)>,
    pub any_of: Vec<(String, Arc<BTreeSet<String>>)>,
}

impl Scope {
    pub fn with(&self, col: &str, value: &str) -> Scope {
        let mut s = self.without(col);
        s.eq.push((col.to_string(), value.to_string()));
        s.eq.sort();
        s
    }

    /// The scope with `col` in `values` (a team of peers) instead of one value.
    pub fn with_any(&self, col: &str, values: Arc<BTreeSet<String>>) -> Scope {
        let mut s = self.without(col);
        s.any_of.push((col.to_string(), values));
        s.any_of.sort();
        s
    }

    pub fn without(&self, col: &str) -> Scope {
        Scope {
            eq: self.eq.iter().filter(|(c, _)| c != col).cloned().collect(),
            any_of: self.any_of.iter().filter(|(c, _)| c != col).cloned().collect(),
        }
    }

    pub fn get(&self, col: &str) -> Option<&str> {
        self.eq.iter().find(|(c, _)| c == col).map(|(_, v)| v.as_str())
    }

    pub fn key(&self) -> String {
        let mut parts: Vec<String> = self.eq.iter().map(|(c, v)| format!("{c}={v}")).collect();
        for (c, set) in &self.any_of {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            std::hash::Hash::hash(set.as_ref(), &mut h);
            parts.push(format!("{c}∈{}#{:x}", set.len(), std::hash::Hasher::finish(&h)));
        }
        parts.join("&")
    }

    /// Whether a row's cells pass the scope (tables without a column ignore it).
    pub fn admits(&self, t: &Table, row: &crate::data::Row) -> bool {
        self.eq.iter().all(|(c, v)| t.col(c).map_or(true, |i| row.cells[i].text() == *v))
            && self.any_of.iter().all(|(c, set)| t.col(c).map_or(true, |i| set.contains(&row.cells[i].text())))
    }
}
