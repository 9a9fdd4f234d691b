//! `hidden: true` hides a slide: its part says `show="0"` on `p:sld` (read
//! back with quick-xml, not deckgen's DOM) and docProps/app.xml counts it.

mod common;
use common::*;
use quick_xml::events::Event;
use quick_xml::reader::Reader;

/// The attributes of the root element of `xml`.
fn root_attrs(xml: &str) -> Vec<(String, String)> {
    let mut r = Reader::from_str(xml);
    loop {
        match r.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) => {
                return e
                    .attributes()
                    .map(|a| {
                        let a = a.unwrap();
                        (
                            a.key.as_ref().to_string(),
                            a.normalized_value(quick_xml::XmlVersion::Implicit1_0).unwrap().to_string(),
                        )
                    })
                    .collect();
            }
            Event::Eof => panic!("no root element"),
            _ => {}
        }
    }
}

#[test]
fn a_hidden_slide_is_hidden() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = "deck:\n  title: x\nslides:\n  - layout: bullets\n    title: 看得见\n    text: [一]\n  - layout: bullets\n    title: 藏起来\n    hidden: true\n    text: [二]\n";
    let (o, out) = build_text(dir.path(), yaml, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let p = Package::open(&out);
    let slides = p.slides();
    assert_eq!(slides.len(), 2);
    let attrs: Vec<Vec<(String, String)>> = slides.iter().map(|s| root_attrs(&p.text(s))).collect();
    assert!(!attrs[0].iter().any(|(k, _)| k == "show"), "{:?}", attrs[0]);
    assert_eq!(attrs[1][0], ("show".to_string(), "0".to_string()), "{:?}", attrs[1]);
    assert_eq!(attrs[1].iter().filter(|(k, _)| k == "show").count(), 1);
    let app = p.text("docProps/app.xml");
    assert!(app.contains("<HiddenSlides>1</HiddenSlides>"), "{app}");
}
