//! The content types and relationship types met in foreign packages, each
//! kept once for the life of the process.

use crate::ns::{ct, rt};

/// The content types and relationship types met in foreign packages, each
/// kept once for the life of the process (parts and relationships name their
/// type by a `&'static str`; the set of types is small and closed in practice).
pub fn intern(s: &str) -> &'static str {
    use std::collections::HashSet;
    use std::sync::{Mutex, OnceLock};
    const KNOWN: &[&str] = &[
        ct::RELS,
        ct::XML,
        ct::PRESENTATION,
        ct::SLIDE,
        ct::SLIDE_LAYOUT,
        ct::SLIDE_MASTER,
        ct::NOTES_MASTER,
        ct::NOTES_SLIDE,
        ct::THEME,
        ct::CHART,
        ct::XLSX,
        ct::PNG,
        ct::JPEG,
        rt::SLIDE,
        rt::SLIDE_LAYOUT,
        rt::SLIDE_MASTER,
        rt::NOTES_MASTER,
        rt::NOTES_SLIDE,
        rt::THEME,
        rt::CHART,
        rt::PACKAGE,
        rt::IMAGE,
    ];
    if let Some(k) = KNOWN.iter().find(|k| **k == s) {
        return k;
    }
    static SEEN: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut seen = SEEN.get_or_init(Default::default).lock().unwrap_or_else(|p| p.into_inner());
    if let Some(k) = seen.get(s) {
        return k;
    }
    let k: &'static str = Box::leak(s.to_string().into_boxed_str());
    seen.insert(k);
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interned_types_are_shared() {
        let a = intern("image/x-emf");
        let b = intern(&String::from("image/x-emf"));
        assert!(std::ptr::eq(a, b));
        assert_eq!(intern(ct::SLIDE), ct::SLIDE);
    }
}
