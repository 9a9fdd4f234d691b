//! A table of the user's deck refilled from the data: the header row (with
//! the rows its merged cells reach into) stays as the user wrote it; the rows below it become the data's rows, each a
//! copy of the user's row it replaces (new rows copy the last two rows in
//! turn, keeping a banding painted by hand), with the cell text in the
//! formatting of that cell's first run.

use crate::layout::dom::{Element, Node};
use crate::model::{Cell, Table};
use crate::slides::ColorCtx;

fn num(e: &Element, k: &str) -> i64 {
    e.attr(k).and_then(|v| v.parse().ok()).unwrap_or(0)
}

/// Puts `t`'s rows into the table of the graphic frame `frame`.
pub fn refill(frame: &mut Element, t: &Table, colors: &ColorCtx) -> Result<(), String> {
    let tbl = frame
        .path_mut(&["a:graphic", "a:graphicData", "a:tbl"])
        .ok_or_else(|| "the shape is not a table".to_string())?;
    let cols = tbl.child("a:tblGrid").map(|g| g.elements().filter(|e| e.name == "a:gridCol").count()).unwrap_or(0);
    let width = t.header.len().max(t.rows.iter().map(Vec::len).max().unwrap_or(0));
    if width != cols {
        return Err(format!(
            "the table has {cols} columns; the data has {width} ({})",
            if t.header.is_empty() { "no header".to_string() } else { t.header.join(", ") }
        ));
    }
    let rows: Vec<Element> = tbl.elements().filter(|e| e.name == "a:tr").cloned().collect();
    let Some(first) = rows.first() else {
        return Err("the table has no rows".into());
    };
    // The header: the first row, and the rows its merged cells reach down into.
    let span = first
        .elements()
        .filter_map(|c| c.attr("rowSpan").and_then(|v| v.parse::<usize>().ok()))
        .max()
        .unwrap_or(1)
        .clamp(1, rows.len());
    let header: Vec<Element> = rows[..span].to_vec();
    // The user's body rows; with a total row, its last one is the total's model.
    let mut body: Vec<Element> = rows[span..].to_vec();
    if body.is_empty() {
        body.push(rows[span - 1].clone());
    }
    let total_model = if t.total_row && body.len() > 1 { body.pop() } else { None };
    let n = t.rows.len();
    let mut new_rows = header;
    for (k, data) in t.rows.iter().enumerate() {
        let model = match &total_model {
            Some(m) if k + 1 == n => m,
            _ => pick(&body, k),
        };
        let mut row = model.clone();
        let mut cells: Vec<&mut Element> = row.elements_mut().filter(|e| e.name == "a:tc").collect();
        for (i, cell) in cells.iter_mut().enumerate() {
            let empty = Cell::default();
            put_cell(cell, data.get(i).unwrap_or(&empty), colors);
        }
        new_rows.push(row);
    }
    // The rows replace the old ones where they were.
    let first = tbl.children.iter().position(|c| matches!(c, Node::El(e) if e.name == "a:tr"));
    tbl.children.retain(|c| !matches!(c, Node::El(e) if e.name == "a:tr"));
    let at = first.unwrap_or(tbl.children.len()).min(tbl.children.len());
    let height: i64 = new_rows.iter().map(|r| num(r, "h")).sum();
    for (k, r) in new_rows.into_iter().enumerate() {
        tbl.children.insert(at + k, Node::El(r));
    }
    if let Some(ext) = frame.path_mut(&["p:xfrm", "a:ext"])
        && height > 0
    {
        ext.set_attr("cy", height.to_string());
    }
    Ok(())
}

/// The user's row that data row `k` copies.
fn pick(body: &[Element], k: usize) -> &Element {
    let n = body.len();
    if k < n || n < 2 {
        return &body[k.min(n - 1)];
    }
    &body[n - 2 + (k - (n - 2)) % 2]
}

/// Replaces a cell's text, keeping its first paragraph's and first run's formatting.
fn put_cell(tc: &mut Element, c: &Cell, colors: &ColorCtx) {
    let Some(body) = tc.child_mut("a:txBody") else { return };
    let first = body.elements().find(|e| e.name == "a:p").cloned().unwrap_or_else(|| Element::new("a:p"));
    let ppr = first.child("a:pPr").cloned();
    let rpr = first
        .elements()
        .find(|e| e.name == "a:r")
        .and_then(|r| r.child("a:rPr").cloned())
        .or_else(|| first.child("a:endParaRPr").map(|e| Element { name: "a:rPr".into(), ..e.clone() }));
    let end = first.child("a:endParaRPr").cloned();
    body.children.retain(|n| !matches!(n, Node::El(e) if e.name == "a:p"));
    let paras = if c.text.paras.is_empty() { vec![Default::default()] } else { c.text.paras.clone() };
    for para in &paras {
        let mut p = Element::new("a:p");
        if let Some(x) = &ppr {
            p.children.push(Node::El(x.clone()));
        }
        for r in para.runs.iter().filter(|r| !r.text.is_empty()) {
            let mut props = rpr.clone();
            if r.bold || r.color.is_some() {
                let mut x = props.unwrap_or_else(|| Element::new("a:rPr").with_attr("lang", "zh-CN"));
                if r.bold {
                    x.set_attr("b", "1");
                }
                if let Some(col) = &r.color {
                    crate::slides::text::set_color(&mut x, col, colors);
                }
                props = Some(x);
            }
            let mut run = Element::new("a:r");
            if let Some(x) = props {
                run.children.push(Node::El(x));
            }
            let mut t = Element::new("a:t");
            t.children.push(Node::Text(crate::xml::clean(&r.text).into_owned()));
            run.children.push(Node::El(t));
            p.children.push(Node::El(run));
        }
        if let Some(e) = &end {
            p.children.push(Node::El(e.clone()));
        }
        body.children.push(Node::El(p));
    }
    if let Some(fill) = &c.fill
        && let Some(pr) = tc.child_mut("a:tcPr")
    {
        // A fill goes after the borders and before the cell's extension list.
        crate::color::replace_fill(pr, colors.solid_fill(fill), &["a:headers", "a:extLst"]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_rows_copy_the_last_two_in_turn() {
        let rows: Vec<Element> = (0..3).map(|i| Element::new("a:tr").with_attr("h", i.to_string())).collect();
        let picked: Vec<&str> = (0..7).map(|k| pick(&rows, k).attr("h").unwrap()).collect();
        assert_eq!(picked, ["0", "1", "2", "1", "2", "1", "2"]);
        let one = vec![Element::new("a:tr").with_attr("h", "9")];
        assert_eq!(pick(&one, 5).attr("h"), Some("9"));
    }
}
