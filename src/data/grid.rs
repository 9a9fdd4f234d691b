//! One sheet as read from a source file, whatever its format: the cells in
//! their places, the merged ranges and which cells hold a formula.

use super::value::Cell;
use std::collections::HashSet;

/// One sheet: cells in absolute positions (row 0 = sheet row 1).
#[derive(Debug, Clone, Default)]
pub struct Grid {
    pub name: String,
    pub rows: Vec<Vec<Cell>>,
    /// Merged ranges: (first row, first col, last row, last col).
    pub merged: Vec<(u32, u32, u32, u32)>,
    /// Cells holding a formula (to tell "no saved value" from "empty").
    pub formulas: HashSet<(u32, u32)>,
}

impl Grid {
    pub fn get(&self, r: usize, c: usize) -> &Cell {
        static EMPTY: Cell = Cell::Empty;
        self.rows.get(r).and_then(|row| row.get(c)).unwrap_or(&EMPTY)
    }
}
