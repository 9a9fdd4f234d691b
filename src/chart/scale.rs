//! Value axis scales the engine chooses: a range around the data with nice
//! ticks (1, 2, 2.5, 5 × 10ⁿ), and a tick label format that shows every
//! tick as a different number ("97%, 96%, 96%" gets a decimal).

/// A chosen value axis: range, major unit and tick label format.
#[derive(Debug, Clone, PartialEq)]
pub struct Scale {
    pub min: f64,
    pub max: f64,
    pub major: f64,
    /// Tick label number format.
    pub format: String,
    /// Where the category axis crosses (bars grow from here): a deviation
    /// axis for values in a narrow band. `None`: at zero, or at the minimum.
    pub cross_at: Option<f64>,
}

impl Scale {
    /// The tick values, bottom to top.
    pub fn ticks(&self) -> Vec<f64> {
        let n = ((self.max - self.min) / self.major).round().max(0.0) as usize;
        (0..=n.min(200)).map(|i| snap(self.min + i as f64 * self.major, self.major)).collect()
    }

    /// `v` as a fraction of the axis height (0 at min, 1 at max).
    pub fn frac(&self, v: f64) -> f64 {
        if self.max > self.min { (v - self.min) / (self.max - self.min) } else { 0.5 }
    }
}

/// Rounds away float noise: a tick is a whole multiple of the step.
fn snap(v: f64, step: f64) -> f64 {
    let k = (v / step).round();
    let r = k * step;
    // 0.1 * 3 = 0.30000000000000004: keep 12 significant digits.
    if r == 0.0 {
        return 0.0;
    }
    let mag = 10f64.powi(11 - r.abs().log10().floor() as i32);
    (r * mag).round() / mag
}

/// The smallest nice step (1, 2, 2.5, 5 × 10ⁿ) not below `raw`.
pub fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let p = 10f64.powf(raw.log10().floor());
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if m * p >= raw * (1.0 - 1e-9) {
            return m * p;
        }
    }
    10.0 * p
}

/// A range covering `lo..hi` in at most `max_intervals` nice steps (at least
/// two). With `zero`, the range includes 0.
pub fn nice_range(lo: f64, hi: f64, max_intervals: usize, zero: bool) -> (f64, f64, f64) {
    let (mut lo, mut hi) = if lo <= hi { (lo, hi) } else { (hi, lo) };
    if zero {
        lo = lo.min(0.0);
        hi = hi.max(0.0);
    }
    if hi - lo < f64::EPSILON * hi.abs().max(1.0) {
        // One value: a band around it (or 0..1 when it is 0).
        let pad = if hi == 0.0 { 1.0 } else { hi.abs() * 0.1 };
        if !zero || hi > 0.0 {
            hi += pad;
        }
        if !zero || lo < 0.0 {
            lo -= pad;
        }
    }
    let max_intervals = max_intervals.max(2);
    let mut step = nice_step((hi - lo) / max_intervals as f64);
    loop {
        // A bound on a tick stays on it (1.0 / 0.005 is 200.00000000000003).
        let min = snap((lo / step + 1e-9).floor() * step, step);
        let max = snap((hi / step - 1e-9).ceil() * step, step);
        if ((max - min) / step).round() as usize <= max_intervals {
            return (min, max, step);
        }
        step = nice_step(step * 1.0001);
    }
}

/// What a number format shows: percent, thousands separators, decimals.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NumStyle {
    pub percent: bool,
    pub thousands: bool,
    pub decimals: usize,
}

impl NumStyle {
    /// Reads an Excel format code (the first section): `#,##0.0`, `0.0%`, `General`.
    pub fn parse(code: &str) -> NumStyle {
        let c = code.split(';').next().unwrap_or("").trim();
        let percent = c.contains('%');
        let thousands = c.contains(',');
        let decimals = c.split_once('.').map(|(_, f)| f.chars().take_while(|c| *c == '0').count()).unwrap_or(0);
        NumStyle { percent, thousands, decimals }
    }

    pub fn code(&self) -> String {
        let int = if self.thousands { "#,##0" } else { "0" };
        let frac = if self.decimals > 0 { format!(".{}", "0".repeat(self.decimals)) } else { String::new() };
        format!("{int}{frac}{}", if self.percent { "%" } else { "" })
    }

    /// `v` as this format shows it (no separators: only distinctness matters).
    pub fn show(&self, v: f64) -> String {
        let x = if self.percent { v * 100.0 } else { v };
        let s = format!("{:.*}", self.decimals, x);
        if s.trim_start_matches('-').chars().all(|c| c == '0' || c == '.') {
            s.trim_start_matches('-').to_string()
        } else {
            s
        }
    }
}

/// Whether `st` shows every tick as itself (no rounding) and no two alike.
pub fn shows_ticks(st: &NumStyle, ticks: &[f64]) -> bool {
    let k = if st.percent { 100.0 } else { 1.0 };
    let exact = ticks.iter().all(|t| {
        let shown: f64 = st.show(*t).parse().unwrap_or(f64::NAN);
        (shown - t * k).abs() <= 1e-9 * (t * k).abs().max(1.0)
    });
    let shown: Vec<String> = ticks.iter().map(|t| st.show(*t)).collect();
    exact && shown.windows(2).all(|w| w[0] != w[1])
}

/// The tick label format: the style of `base` (percent, thousands
/// separators; separators for General once ticks reach 1,000) with as few
/// decimals as show every tick exactly, hence all different (at most 4).
pub fn tick_format(base: &str, ticks: &[f64]) -> String {
    let general = base.trim().is_empty() || base.trim().eq_ignore_ascii_case("general");
    let mut st = NumStyle::parse(base);
    if general {
        st.thousands = ticks.iter().any(|t| t.abs() >= 1000.0);
    }
    st.decimals = 0;
    while st.decimals < 4 && !shows_ticks(&st, ticks) {
        st.decimals += 1;
    }
    st.code()
}

/// A number as a format shows it, with thousands separators.
pub fn shown(v: f64, format: &str) -> String {
    let st = NumStyle::parse(format);
    let s = st.show(v);
    if !st.thousands {
        return s + if st.percent { "%" } else { "" };
    }
    let (int, frac) =
        s.split_once('.').map(|(a, b)| (a.to_string(), format!(".{b}"))).unwrap_or((s.clone(), String::new()));
    let neg = int.starts_with('-');
    let digits: Vec<char> = int.trim_start_matches('-').chars().collect();
    let mut out = String::new();
    for (i, c) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(*c);
    }
    format!("{}{out}{frac}{}", if neg { "-" } else { "" }, if st.percent { "%" } else { "" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_steps() {
        assert_eq!(nice_step(0.7), 1.0);
        assert_eq!(nice_step(1.2), 2.0);
        assert_eq!(nice_step(2.1), 2.5);
        assert_eq!(nice_step(3.0), 5.0);
        assert_eq!(nice_step(6.0), 10.0);
        assert_eq!(nice_step(0.00013), 0.0002);
        assert_eq!(nice_step(420.0), 500.0);
    }

    #[test]
    fn ranges_cover_the_data_in_nice_steps() {
        let (min, max, step) = nice_range(17.8, 23.3, 6, false);
        assert!(min <= 17.8 && max >= 23.3);
        assert!([1.0, 2.0, 2.5, 5.0].contains(&step));
        assert_eq!((min / step).fract(), 0.0);
        let (min, max, _) = nice_range(1020.0, 2211.0, 6, true);
        assert_eq!(min, 0.0);
        assert!(max >= 2211.0);
        // Twelve bars of 99.43–99.47%.
        let (min, max, step) = nice_range(0.9943, 0.9947, 6, false);
        assert!(min <= 0.9943 && max >= 0.9947 && step <= 0.0001 + 1e-12);
    }

    #[test]
    fn tick_labels_are_distinct() {
        // 95.5%–97% in steps of 0.5%: "0%" shows 97%, 96%, 96%.
        let s = Scale { min: 0.955, max: 0.97, major: 0.005, format: String::new(), cross_at: None };
        let f = tick_format("0%", &s.ticks());
        assert_eq!(f, "0.0%");
        // Steps of 2.5 need one decimal, steps of 5 none, whatever the values' format.
        assert_eq!(tick_format("#,##0", &[0.0, 2.5, 5.0, 7.5]), "#,##0.0");
        assert_eq!(tick_format("#,##0.0", &[0.0, 5.0, 10.0]), "#,##0");
        assert_eq!(tick_format("General", &[0.0, 1000.0, 2000.0]), "#,##0");
        assert_eq!(tick_format("0.0%", &[0.99, 0.995, 1.0]), "0.0%");
        assert_eq!(tick_format("0.0%", &[0.36, 0.37, 0.38]), "0%");
        assert!(!shows_ticks(&NumStyle::parse("0.0%"), &[0.98, 0.9825, 0.985]));
    }

    #[test]
    fn ticks_have_no_float_noise() {
        let s = Scale { min: 0.3, max: 0.6, major: 0.1, format: String::new(), cross_at: None };
        assert_eq!(s.ticks(), vec![0.3, 0.4, 0.5, 0.6]);
    }
}
