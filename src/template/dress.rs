//! The package in the company's design: the template's masters, layouts,
//! theme and pictures take the place of deckgen's own master, and every
//! slide points at the template layout it was placed on.

use super::Design;
use crate::error::{Error, Result};
use crate::layout::dom::{self, Element, Node};
use crate::ns::{ct, rt};
use crate::opc::{Package, Part};
use std::collections::{BTreeMap, HashSet};

/// `/ppt/media/image12.png` → `/ppt/media/image#.png`; a name without a number gets one.
fn numbered(name: &str) -> String {
    let (dir, file) = name.rsplit_once('/').unwrap_or(("", name));
    let (stem, ext) = match file.rsplit_once('.') {
        Some((s, e)) => (s, format!(".{e}")),
        None => (file, String::new()),
    };
    let base = stem.trim_end_matches(|c: char| c.is_ascii_digit());
    format!("{dir}/{base}#{ext}")
}

/// Puts `design` into `pkg`. `slides` are the slide parts with the layout
/// each was rendered from.
pub fn dress(pkg: &mut Package, design: &Design, slides: &[(String, String)]) -> Result<()> {
    const PRES: &str = "/ppt/presentation.xml";
    let broken = |what: &str| Error::build(format!("template: {what}")).at(design.file.clone());

    // deckgen's own master and layouts go; the template's come.
    let own: Vec<String> = pkg
        .parts()
        .iter()
        .filter(|p| p.content_type == ct::SLIDE_MASTER || p.content_type == ct::SLIDE_LAYOUT)
        .map(|p| p.name.clone())
        .collect();
    for n in &own {
        pkg.remove(n);
    }
    let (deck_theme, old_masters) = {
        let pres = pkg.parts().iter().find(|p| p.name == PRES).ok_or_else(|| broken("no presentation part"))?;
        let theme = pres.rels.iter().find(|r| r.rel_type == rt::THEME).map(|r| r.target.clone());
        let masters: Vec<String> =
            pres.rels.iter().filter(|r| r.rel_type == rt::SLIDE_MASTER).map(|r| r.id.clone()).collect();
        (theme.ok_or_else(|| broken("the deck has no theme"))?, masters)
    };
    // Every theme deckgen wrote (the deck's, the notes') becomes the template's.
    for p in pkg.parts().iter().filter(|p| p.content_type == ct::THEME).map(|p| p.name.clone()).collect::<Vec<_>>() {
        if let Some(part) = pkg.part_mut(&p) {
            part.data = design.theme.xml.clone().into_bytes();
        }
    }

    // New names where a template part's name is taken by one of deckgen's.
    let ours: HashSet<String> = pkg.parts().iter().map(|p| p.name.clone()).collect();
    let mut taken: HashSet<String> = ours.iter().cloned().chain(design.parts.iter().map(|p| p.name.clone())).collect();
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for p in &design.parts {
        let new = if p.name == design.theme_part {
            deck_theme.clone()
        } else if ours.contains(&p.name) {
            let pattern = numbered(&p.name);
            (1..).map(|n| pattern.replacen('#', &n.to_string(), 1)).find(|c| !taken.contains(c)).unwrap_or_default()
        } else {
            p.name.clone()
        };
        taken.insert(new.clone());
        names.insert(p.name.clone(), new);
    }
    let renamed = |old: &str| names.get(old).cloned().unwrap_or_else(|| old.to_string());
    for p in &design.parts {
        let new = renamed(&p.name);
        let mut rels = p.rels.clone().with_source(&new);
        rels.retarget_by(|t| names.get(t).cloned());
        if new == deck_theme {
            if let Some(t) = pkg.part_mut(&new) {
                t.rels = rels;
            }
            continue;
        }
        let mut part = Part::new(new, p.content_type, p.data.clone());
        part.rels = rels;
        pkg.add(part);
    }

    // The presentation lists the template's masters and takes its slide size.
    let pres = pkg.part_mut(PRES).ok_or_else(|| broken("no presentation part"))?;
    for id in &old_masters {
        pres.rels.remove(id);
    }
    let mut list = Element::new("p:sldMasterIdLst");
    for (id, m) in &design.masters {
        let rid = pres.rels.relate(rt::SLIDE_MASTER, &renamed(m));
        list.children.push(Node::El(Element::new("p:sldMasterId").with_attr("id", id.as_str()).with_attr("r:id", rid)));
    }
    let text = std::str::from_utf8(&pres.data).map_err(|_| broken("the presentation part is not UTF-8"))?;
    let mut root = dom::parse(text).map_err(|e| broken(&format!("presentation part: {e}")))?;
    for child in root.elements_mut() {
        match child.name.as_str() {
            "p:sldMasterIdLst" => *child = list.clone(),
            "p:sldSz" => *child = design.sld_sz.clone(),
            _ => {}
        }
    }
    pres.data = root.to_part().into_bytes();

    // The document properties name the template's slide format.
    if let Some(app) = pkg.parts().iter().find(|p| p.content_type == ct::APP).map(|p| p.name.clone())
        && let Some(part) = pkg.part_mut(&app)
    {
        let ratio = design.size.0 as f64 / design.size.1.max(1) as f64;
        let format = match ratio {
            r if (r - 16.0 / 9.0).abs() < 0.005 => "宽屏",
            r if (r - 4.0 / 3.0).abs() < 0.005 => "全屏显示(4:3)",
            _ => "自定义",
        };
        let text = String::from_utf8_lossy(&part.data).into_owned();
        if let (Some(a), Some(b)) = (text.find("<PresentationFormat>"), text.find("</PresentationFormat>")) {
            let mut t = text[..a].to_string();
            t.push_str("<PresentationFormat>");
            t.push_str(format);
            t.push_str(&text[b..]);
            part.data = t.into_bytes();
        }
    }

    // Each slide on its template layout.
    let fallback = design.content_layout().map(|l| l.part.clone()).unwrap_or_default();
    for (slide, layout) in slides {
        let target = renamed(design.placed.get(layout).unwrap_or(&fallback));
        let Some(part) = pkg.part_mut(slide) else { continue };
        let old: Vec<String> =
            part.rels.iter().filter(|r| r.rel_type == rt::SLIDE_LAYOUT).map(|r| r.target.clone()).collect();
        for o in old {
            part.rels.retarget(&o, &target);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_names() {
        assert_eq!(numbered("/ppt/media/image12.png"), "/ppt/media/image#.png");
        assert_eq!(numbered("/ppt/media/logo.png"), "/ppt/media/logo#.png");
        assert_eq!(numbered("/ppt/theme/theme2.xml"), "/ppt/theme/theme#.xml");
    }
}
