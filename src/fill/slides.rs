//! Slides of a filled deck that come and go: a slide repeated per value is
//! copied with the parts only it owns (its notes, its charts with their
//! workbooks and styles); a slide left out goes with them; the presentation
//! lists the slides in their new order (and its sections follow).

use crate::layout::dom::{Element, Node};
use crate::ns::{ct, rt};
use crate::opc::read::Archive;
use crate::opc::{Rel, Rels};

const COMMENTS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";

/// Relationship types of parts a chart owns (copied with it).
fn owned_by_chart(rel_type: &str) -> bool {
    rel_type == rt::PACKAGE
        || rel_type.ends_with("/chartStyle")
        || rel_type.ends_with("/chartColorStyle")
        || rel_type.ends_with("/chartUserShapes")
        || rel_type.ends_with("/oleObject")
}

/// `/ppt/charts/chart3.xml` → `/ppt/charts/chart#.xml`.
fn pattern(name: &str) -> String {
    let (dir, file) = name.rsplit_once('/').unwrap_or(("", name));
    let (stem, ext) = file.rsplit_once('.').map(|(s, e)| (s, format!(".{e}"))).unwrap_or((file, String::new()));
    format!("{dir}/{}#{ext}", stem.trim_end_matches(|c: char| c.is_ascii_digit()))
}

/// Copies a part (and, deeply, the parts `deep` says it owns) under a new name.
fn copy_part(a: &mut Archive, name: &str, deep: &dyn Fn(&str) -> bool) -> Result<String, String> {
    let data = a.get(name).ok_or_else(|| format!("`{name}` is missing"))?.to_vec();
    let t = a.content_type(name).unwrap_or("application/octet-stream").to_string();
    let new = a.next_partname(&pattern(name));
    a.add(&new, &t, data);
    let old = a.rels(name)?;
    let mut rels = Rels::new(&new);
    for r in old.iter() {
        let target =
            if !r.external && deep(r.rel_type) { copy_part(a, &r.target, &|_| false)? } else { r.target.clone() };
        rels.push(Rel { target, ..r.clone() });
    }
    a.set_rels(&new, &rels);
    Ok(new)
}

/// A copy of a slide with its own notes and charts; returns its part name.
pub fn clone_slide(a: &mut Archive, slide: &str) -> Result<String, String> {
    let data = a.get(slide).ok_or_else(|| format!("`{slide}` is missing"))?.to_vec();
    let new = a.next_partname("/ppt/slides/slide#.xml");
    a.add(&new, ct::SLIDE, data);
    let old = a.rels(slide)?;
    let mut rels = Rels::new(&new);
    for r in old.iter() {
        if r.rel_type == COMMENTS {
            continue;
        }
        let target = if r.external {
            r.target.clone()
        } else if r.rel_type == rt::CHART {
            copy_part(a, &r.target, &owned_by_chart)?
        } else if r.rel_type == rt::NOTES_SLIDE {
            let notes = copy_part(a, &r.target, &|_| false)?;
            // The copy's notes belong to the copy.
            let mut nr = a.rels(&notes)?;
            nr.retarget(slide, &new);
            a.set_rels(&notes, &nr);
            notes
        } else {
            r.target.clone()
        };
        rels.push(Rel { target, ..r.clone() });
    }
    a.set_rels(&new, &rels);
    Ok(new)
}

/// Removes a slide with its notes and charts.
pub fn remove_slide(a: &mut Archive, slide: &str) -> Result<(), String> {
    let rels = a.rels(slide)?;
    for r in rels.iter().filter(|r| !r.external) {
        if r.rel_type == rt::CHART {
            let cr = a.rels(&r.target)?;
            for o in cr.iter().filter(|o| !o.external && owned_by_chart(o.rel_type)) {
                a.remove(&o.target);
            }
            a.remove(&r.target);
        } else if r.rel_type == rt::NOTES_SLIDE {
            a.remove(&r.target);
        }
    }
    a.remove(slide);
    Ok(())
}

/// Writes the presentation's slide list: `order` holds each output slide's
/// part and, for a slide of the user's deck, its id and relationship id;
/// `all` the ids of every slide the user's deck had.
pub fn write_order(
    a: &mut Archive,
    pres: &str,
    order: &[(String, Option<(String, String)>)],
    all: &[(String, String)],
) -> Result<(), String> {
    let mut root = crate::opc::read::parse_xml(a.get(pres).ok_or("no presentation part")?)?;
    let mut rels = a.rels(pres)?;
    let mut next_id = all.iter().filter_map(|(id, _)| id.parse::<u64>().ok()).max().unwrap_or(255) + 1;
    let mut list = Element::new("p:sldIdLst");
    // Each slide's id after the id of the slide it copies (for the sections).
    let mut follows: Vec<(String, String)> = Vec::new();
    let mut last_original = String::new();
    for (part, ids) in order {
        let (id, rid) = match ids {
            Some((id, rid)) => {
                last_original = id.clone();
                (id.clone(), rid.clone())
            }
            None => {
                let id = next_id.to_string();
                next_id += 1;
                follows.push((last_original.clone(), id.clone()));
                (id, rels.relate(rt::SLIDE, part))
            }
        };
        list.children.push(Node::El(Element::new("p:sldId").with_attr("id", id).with_attr("r:id", rid)));
    }
    let kept: Vec<&str> = order.iter().filter_map(|(_, ids)| ids.as_ref().map(|(id, _)| id.as_str())).collect();
    let gone: Vec<&(String, String)> = all.iter().filter(|(id, _)| !kept.contains(&id.as_str())).collect();
    for (_, rid) in &gone {
        rels.remove(rid);
    }
    let gone_rids: Vec<&str> = gone.iter().map(|(_, r)| r.as_str()).collect();
    let gone_ids: Vec<&str> = gone.iter().map(|(i, _)| i.as_str()).collect();
    if let Some(l) = root.child_mut("p:sldIdLst") {
        *l = list;
    }
    root.walk_mut(&mut |e| {
        // Custom shows list slides by relationship id, sections by slide id.
        if e.name == "p:sldLst" {
            e.children.retain(|n| !matches!(n, Node::El(s) if s.attr("r:id").is_some_and(|r| gone_rids.contains(&r))));
        }
        if e.name.ends_with(":sldIdLst") && e.name != "p:sldIdLst" {
            let old = std::mem::take(&mut e.children);
            for n in old {
                let Node::El(s) = n else { continue };
                let id = s.attr("id").unwrap_or("").to_string();
                if gone_ids.contains(&id.as_str()) {
                    continue;
                }
                let tag = s.name.clone();
                e.children.push(Node::El(s));
                for (_, copy) in follows.iter().filter(|(o, _)| *o == id) {
                    e.children.push(Node::El(Element::new(&tag).with_attr("id", copy.as_str())));
                }
            }
        }
    });
    a.set(pres, root.to_part().into_bytes());
    a.set_rels(pres, &rels);
    Ok(())
}
