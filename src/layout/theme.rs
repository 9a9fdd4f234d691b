//! A theme: the `a:theme` part as written, plus the colours deckgen needs to
//! know by value (accents for charts and the good/bad colours from
//! `a:custClrLst`).

use super::dom;
use crate::error::{Error, Result};
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
pub struct Theme {
    pub name: String,
    /// The theme part, as written in `layouts/themes/NAME.xml`.
    pub xml: String,
    /// Scheme colours (`dk1`, `accent1`...) and custom colours (`good`, `bad`), as hex.
    pub colors: BTreeMap<String, String>,
}

impl Theme {
    pub fn parse(name: &str, xml: &str, origin: &str) -> Result<Theme> {
        let root = dom::parse(xml)
            .map_err(|e| Error::build(format!("theme XML does not parse: {e}")).at(origin.to_string()))?;
        if root.name != "a:theme" {
            return Err(Error::build(format!("theme file's root is <{}>, expected <a:theme>", root.name))
                .at(origin.to_string()));
        }
        let mut colors = BTreeMap::new();
        let hex_of = |e: &dom::Element| -> Option<String> {
            e.elements().find_map(|c| match c.name.as_str() {
                "a:srgbClr" => c.attr("val").map(str::to_string),
                "a:sysClr" => c.attr("lastClr").map(str::to_string),
                _ => None,
            })
        };
        if let Some(scheme) = root.path(&["a:themeElements", "a:clrScheme"]) {
            for c in scheme.elements() {
                if let Some(hex) = hex_of(c) {
                    colors.insert(c.name.trim_start_matches("a:").to_string(), hex);
                }
            }
        }
        if let Some(list) = root.child("a:custClrLst") {
            for c in list.elements() {
                if let (Some(n), Some(hex)) = (c.attr("name"), hex_of(c)) {
                    colors.insert(n.to_string(), hex);
                }
            }
        }
        for need in ["accent1", "accent2", "dk1", "lt1"] {
            if !colors.contains_key(need) {
                return Err(Error::build(format!("theme `{name}` has no `{need}` colour")).at(origin.to_string()));
            }
        }
        colors.entry("good".into()).or_insert_with(|| "2E9E5B".into());
        colors.entry("bad".into()).or_insert_with(|| "D64541".into());
        colors.entry("neutral".into()).or_insert_with(|| "7F7F7F".into());
        Ok(Theme { name: name.to_string(), xml: xml.to_string(), colors })
    }

    pub fn color(&self, name: &str) -> Option<&str> {
        self.colors.get(name).map(String::as_str)
    }
}
