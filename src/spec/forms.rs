//! The flexible forms a person may type in a spec: a scalar where a string is
//! meant (`period: 2026`), a string or a list where text is meant (bullets),
//! a path or a map where a source is meant. Each is a small type with a
//! hand-written `Deserialize` so that errors stay precise.

use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// Any YAML scalar (string, number, bool), kept as the text the user typed.
#[derive(Debug, Clone, PartialEq, Default, JsonSchema)]
#[schemars(with = "ScalarSchema")]
pub struct Scalar(pub String);

#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum ScalarSchema {
    S(String),
    N(f64),
    B(bool),
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text, number or true/false")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar(crate::format::plain(v)))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

impl Scalar {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One bullet: a line of text, optionally with sub-bullets.
#[derive(Debug, Clone, PartialEq)]
pub struct Bullet {
    pub text: String,
    pub items: Vec<Bullet>,
}

/// Text for a slot: one paragraph (`"..."`), or a list of bullets where a
/// nested list holds the sub-bullets of the item before it:
///
/// ```yaml
/// text:
///   - 一级要点
///   - - 二级要点
/// ```
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[schemars(with = "TextSchema")]
pub enum Text {
    Plain(String),
    Bullets(Vec<Bullet>),
}

#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum TextSchema {
    Plain(String),
    Number(f64),
    Bullets(Vec<serde_json::Value>),
}

impl Text {
    pub fn is_empty(&self) -> bool {
        match self {
            Text::Plain(s) => s.trim().is_empty(),
            Text::Bullets(b) => b.is_empty(),
        }
    }
}

fn bullets_from_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<Vec<Bullet>, A::Error> {
    let mut out: Vec<Bullet> = Vec::new();
    while let Some(item) = seq.next_element::<BulletItem>()? {
        match item {
            BulletItem::Line(text) => out.push(Bullet { text, items: vec![] }),
            BulletItem::Sub(items) => match out.last_mut() {
                Some(prev) => prev.items.extend(items),
                // A list that starts with a sub-list: keep the items one level down
                // under an empty parent would print a blank bullet, so lift them.
                None => out.extend(items),
            },
        }
    }
    Ok(out)
}

enum BulletItem {
    Line(String),
    Sub(Vec<Bullet>),
}

impl<'de> Deserialize<'de> for BulletItem {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = BulletItem;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a bullet (text) or a list of sub-bullets")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<BulletItem, E> {
                Ok(BulletItem::Line(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<BulletItem, E> {
                Ok(BulletItem::Line(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<BulletItem, E> {
                Ok(BulletItem::Line(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<BulletItem, E> {
                Ok(BulletItem::Line(crate::format::plain(v)))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<BulletItem, E> {
                Ok(BulletItem::Line(v.to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<BulletItem, A::Error> {
                Ok(BulletItem::Sub(bullets_from_seq(seq)?))
            }
            fn visit_map<A: MapAccess<'de>>(self, _m: A) -> Result<BulletItem, A::Error> {
                Err(de::Error::custom("a bullet is a line of text; quote it if it contains `: ` (e.g. \"目标: 40%\")"))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("text, or a list of bullets")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text::Plain(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text::Plain(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text::Plain(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text::Plain(crate::format::plain(v)))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text, E> {
                Ok(Text::Plain(v.to_string()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Text, E> {
                Ok(Text::Plain(String::new()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Text, A::Error> {
                Ok(Text::Bullets(bullets_from_seq(seq)?))
            }
            fn visit_map<A: MapAccess<'de>>(self, _m: A) -> Result<Text, A::Error> {
                Err(de::Error::custom("expected text or a list of bullets, found a map; quote text that contains `: `"))
            }
        }
        d.deserialize_any(V)
    }
}

/// A value that may be written short (a string) or long (a map). `T` says
/// how the short form maps onto the long one.
pub trait FromShort: Sized {
    fn from_short(s: String) -> Self;
}

/// Deserializes `T` from either a scalar (via [`FromShort`]) or a map.
pub fn short_or_long<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + FromShort,
{
    struct V<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de> + FromShort> Visitor<'de> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a name or a map")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            Ok(T::from_short(v.to_string()))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
            Ok(T::from_short(v.to_string()))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
            Ok(T::from_short(v.to_string()))
        }
        fn visit_map<A: MapAccess<'de>>(self, m: A) -> Result<T, A::Error> {
            T::deserialize(de::value::MapAccessDeserializer::new(m))
        }
    }
    d.deserialize_any(V(std::marker::PhantomData))
}

/// Like [`short_or_long`] for an optional field.
pub fn opt_short_or_long<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + FromShort,
{
    short_or_long(d).map(Some)
}

/// One map or a list of them (`bullets: {…}` or `bullets: [{…}, {…}]`).
pub fn one_or_many<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct V<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a map or a list of maps")
        }
        fn visit_map<A: MapAccess<'de>>(self, m: A) -> Result<Vec<T>, A::Error> {
            Ok(vec![T::deserialize(de::value::MapAccessDeserializer::new(m))?])
        }
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Vec<T>, A::Error> {
            Vec::<T>::deserialize(de::value::SeqAccessDeserializer::new(seq))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }
    }
    d.deserialize_any(V(std::marker::PhantomData))
}

/// The schema of [`one_or_many`].
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub enum OneOrMany<T> {
    One(T),
    Many(Vec<T>),
}

/// A list of numbers typed inline, where `~` or an empty entry is a gap.

#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct Numbers(pub Vec<Option<NumOrText>>);

/// A number, or text that reads as one (`"38.2%"`, `"1.2万"`).
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum NumOrText {
    N(f64),
    T(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_bullets() {
        let t: Text = serde_yaml::from_str("- a\n- - b\n  - c\n- d\n").unwrap();
        let Text::Bullets(b) = t else { panic!() };
        assert_eq!(b.len(), 2);
        assert_eq!(b[0].items.len(), 2);
        assert_eq!(b[1].text, "d");
    }

    #[test]
    fn scalars() {
        let s: Scalar = serde_yaml::from_str("2026").unwrap();
        assert_eq!(s.0, "2026");
        let t: Text = serde_yaml::from_str("0.5").unwrap();
        assert_eq!(t, Text::Plain("0.5".into()));
    }
}
