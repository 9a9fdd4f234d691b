//! Choice fields: a value from a closed set, in the spellings users write
//! (aliases included). The JSON Schema lists every spelling, so an editor can
//! offer them; a wrong value fails when the spec is read, naming the place
//! and the choices.

/// Defines a choice enum: `Variant = "canonical" | "alias"…` per line.
macro_rules! choice {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $canon:literal $(| $alias:literal)*,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            /// The spellings named in errors, one per choice.
            pub const CHOICES: &'static [&'static str] = &[$($canon,)+];
            /// Every accepted spelling, aliases included (listed in the schema).
            pub const SPELLINGS: &'static [&'static str] = &[$($canon, $($alias,)*)+];

            /// The choice a spelling names (surrounding spaces ignored).
            pub fn parse(s: &str) -> Option<Self> {
                match s.trim() {
                    $($canon $(| $alias)* => Some($name::$variant),)+
                    _ => None,
                }
            }

            /// The canonical spelling.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $canon,)+
                }
            }
        }

        /// Reads as its canonical spelling, so code that takes the field as
        /// text (`field.as_deref()`) keeps working.
        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                self.as_str()
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                $name::parse(&s).ok_or_else(|| serde::de::Error::unknown_variant(&s, $name::CHOICES))
            }
        }

        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn inline_schema() -> bool {
                true
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({ "type": "string", "enum": $name::SPELLINGS })
            }
        }
    };
}

choice! {
    /// `deck.size`: the slide size.
    DeckSize {
        /// 16:9, 13.33 × 7.5 in (the default).
        Wide = "16:9" | "wide",
        /// 4:3, 10 × 7.5 in.
        Standard = "4:3" | "standard",
    }
}

choice! {
    /// `deck.colors`: which colour means better.
    ColorConvention {
        /// Green is better, red is worse.
        Standard = "standard",
        /// Red is up, green is down (as on Chinese stock screens).
        CnStock = "cn-stock",
    }
}

choice! {
    /// A metric's `better`: which direction is an improvement.
    BetterDirection {
        Higher = "higher" | "high" | "up" | "越高越好" | "高",
        Lower = "lower" | "low" | "down" | "越低越好" | "低",
        Neither = "none" | "neither" | "无",
    }
}

choice! {
    /// A table's `empty`: what an empty numeric cell means.
    EmptyCells {
        /// Left out of sums and averages.
        Skip = "skip",
        /// Counted as 0.
        Zero = "zero" | "0",
        /// An error naming the cell.
        Error = "error",
    }
}

choice! {
    /// A picture's `fit`.
    ImageFit {
        /// The whole picture, letterboxed.
        Contain = "contain",
        /// Fills the frame, cropped.
        Cover = "cover",
    }
}

choice! {
    /// A table column's alignment.
    ColumnAlign {
        Left = "left" | "l",
        Center = "center" | "centre" | "c",
        Right = "right" | "r",
    }
}

choice! {
    /// A chart's `sort`: categories by the first series.
    ChartSort {
        Desc = "desc" | "descending" | "降序",
        Asc = "asc" | "ascending" | "升序",
    }
}

choice! {
    /// A chart's `scale`.
    ChartScale {
        /// Values in 万 (divided by 10,000).
        Wan = "万" | "wan" | "10000",
        /// Values as they are.
        Plain = "none" | "无",
    }
}

choice! {
    /// A chart's `legend`: where it goes.
    LegendPlace {
        Bottom = "bottom" | "b",
        Top = "top" | "t",
        Right = "right" | "r",
        Left = "left" | "l",
        /// No legend.
        Hidden = "none" | "off" | "无",
    }
}

choice! {
    /// Data labels' `position`.
    LabelPlace {
        Outside = "outside" | "out",
        Inside = "inside" | "in",
        Center = "center" | "centre" | "ctr",
        Above = "above" | "top",
        Below = "below" | "bottom",
        Best = "best",
    }
}

choice! {
    /// A series' `type` in a combo chart.
    SeriesDraw {
        Column = "column" | "bar" | "柱",
        Line = "line" | "线",
        Area = "area" | "面积",
    }
}
