//! Value axes: bounds and steps that read well, tick labels in the series'
//! number format, and the range each axis must show (stacks summed).

use super::look;
use crate::format::by_code;
use crate::model::{Chart, ChartKind, Series, SeriesKind};

/// Nice axis bounds and step for values in `lo..=hi`.
pub fn nice(lo: f64, hi: f64, min: Option<f64>, max: Option<f64>, unit: Option<f64>) -> (f64, f64, f64) {
    let (mut lo, mut hi) = (min.unwrap_or(lo), max.unwrap_or(hi));
    if !(lo.is_finite() && hi.is_finite()) {
        return (0.0, 1.0, 0.2);
    }
    if hi < lo {
        std::mem::swap(&mut lo, &mut hi);
    }
    if hi == lo {
        if hi == 0.0 {
            hi = 1.0;
        } else if min.is_some() {
            hi = lo + lo.abs().max(1.0);
        } else {
            lo = if lo > 0.0 { 0.0 } else { lo - 1.0 };
            if hi <= lo {
                hi = lo + 1.0;
            }
        }
    }
    let step = unit.filter(|u| *u > 0.0 && (hi - lo) / u <= 50.0).unwrap_or_else(|| {
        let raw = (hi - lo) / 5.0;
        let mag = 10f64.powf(raw.log10().floor());
        let f = raw / mag;
        let n = if f <= 1.0 {
            1.0
        } else if f <= 2.0 {
            2.0
        } else if f <= 2.5 {
            2.5
        } else if f <= 5.0 {
            5.0
        } else {
            10.0
        };
        n * mag
    });
    let lo = if min.is_some() { lo } else { (lo / step).floor() * step };
    let hi = if max.is_some() { hi } else { (hi / step).ceil() * step };
    (lo, if hi > lo { hi } else { lo + step }, step)
}

pub fn ticks(lo: f64, hi: f64, step: f64) -> Vec<f64> {
    let mut out = Vec::new();
    let mut k = 0;
    loop {
        let v = lo + step * k as f64;
        if v > hi + step * 1e-6 || k > 60 {
            break;
        }
        // Clean float noise (0.30000000000000004).
        out.push(if v.abs() < step * 1e-9 { 0.0 } else { (v / step * 1e6).round() * step / 1e6 });
        k += 1;
    }
    out
}

pub fn fmt_value(v: f64, code: &str) -> String {
    let code = if code.trim().is_empty() || code == "General" { "0.##" } else { code };
    // A literal minus in front of the format (the falling steps of a waterfall).
    if let Some(rest) = code.strip_prefix('-') {
        return format!("-{}", fmt_value(v.abs(), rest));
    }
    let s = if code == "0.##" {
        let t = format!("{:.2}", v);
        t.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        by_code(v, code)
    };
    if s == "-0" { "0".into() } else { s }
}

/// A value axis: its bounds, step and label format.
pub struct ValueAxis {
    pub lo: f64,
    pub hi: f64,
    pub step: f64,
    pub format: String,
    pub hidden: bool,
    pub title: Option<String>,
}

impl ValueAxis {
    pub fn frac(&self, v: f64) -> f32 {
        ((v - self.lo) / (self.hi - self.lo)) as f32
    }
}

/// Per series: (look, secondary, series index), as the chart XML groups them.
pub fn stacks(chart: &Chart) -> (bool, bool) {
    let stacked = matches!(
        chart.kind,
        ChartKind::StackedColumn
            | ChartKind::StackedBar
            | ChartKind::PercentColumn
            | ChartKind::PercentBar
            | ChartKind::StackedArea
            | ChartKind::Waterfall
    );
    let percent = matches!(chart.kind, ChartKind::PercentColumn | ChartKind::PercentBar);
    (stacked, percent)
}

/// The range of values one axis shows.
pub fn value_range(chart: &Chart, secondary: bool) -> Option<(f64, f64)> {
    let (stacked, percent) = stacks(chart);
    let n = chart.categories.len().max(chart.series.iter().map(|s| s.values.len()).max().unwrap_or(0));
    let members: Vec<(usize, &Series)> =
        chart.series.iter().enumerate().filter(|(_, s)| s.secondary == secondary).collect();
    if members.is_empty() {
        return None;
    }
    if percent {
        return Some((0.0, 1.0));
    }
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for (i, s) in &members {
        let stacked_here = stacked && look(chart, *i, s) != SeriesKind::Line;
        if !stacked_here {
            for v in s.values.iter().flatten() {
                lo = lo.min(*v);
                hi = hi.max(*v);
            }
        }
    }
    if stacked {
        for k in 0..n {
            let (mut pos, mut neg) = (0.0, 0.0);
            for (i, s) in &members {
                if look(chart, *i, s) == SeriesKind::Line {
                    continue;
                }
                let v = s.values.get(k).copied().flatten().unwrap_or(0.0);
                if v >= 0.0 { pos += v } else { neg += v }
            }
            lo = lo.min(neg);
            hi = hi.max(pos);
        }
    }
    let has_columns = members.iter().any(|(i, s)| look(chart, *i, s) != SeriesKind::Line);
    if has_columns {
        lo = lo.min(0.0);
        hi = hi.max(0.0);
    }
    if !lo.is_finite() || !hi.is_finite() { Some((0.0, 1.0)) } else { Some((lo, hi)) }
}

pub fn value_axis(chart: &Chart, secondary: bool) -> Option<ValueAxis> {
    let (lo, hi) = value_range(chart, secondary)?;
    let a = if secondary { &chart.secondary_axis } else { &chart.value_axis };
    let (lo, hi, step) = nice(lo, hi, a.min, a.max, a.major_unit);
    let (_, percent) = stacks(chart);
    let format = if percent {
        "0%".to_string()
    } else {
        a.format.clone().unwrap_or_else(|| {
            chart
                .series
                .iter()
                .find(|s| s.secondary == secondary && !s.format.is_empty())
                .map(|s| s.format.clone())
                .unwrap_or_default()
        })
    };
    // Ticks show no more decimals than the step needs.
    let format = tick_format(&format, step);
    Some(ValueAxis { lo, hi, step, format, hidden: a.hidden, title: a.title.clone() })
}

/// The series format with as many decimals as the step needs (a step of 0.5 on `#,##0` shows `0.5`).
pub fn tick_format(code: &str, step: f64) -> String {
    let pct = code.trim_end().ends_with('%');
    let s = if pct { step * 100.0 } else { step };
    let need = (0..4).find(|d| (s * 10f64.powi(*d) - (s * 10f64.powi(*d)).round()).abs() < 1e-6).unwrap_or(3) as usize;
    let base = code.split(';').next().unwrap_or("").trim();
    let have = base.split_once('.').map(|(_, f)| f.chars().take_while(|c| *c == '0').count()).unwrap_or(0);
    if have == need || base.is_empty() || base.contains('万') || base.contains('亿') {
        return code.to_string();
    }
    let int = if base.contains(',') { "#,##0" } else { "0" };
    let frac = if need > 0 { format!(".{}", "0".repeat(need)) } else { String::new() };
    format!("{}{int}{frac}{}", if base.starts_with('+') { "+" } else { "" }, if pct { "%" } else { "" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_axes() {
        assert_eq!(nice(0.0, 87.0, Some(0.0), None, None), (0.0, 100.0, 20.0));
        // 31 in steps of about a fifth: 6.2 rounds up to 10.
        assert_eq!(nice(12.0, 31.0, Some(0.0), None, None), (0.0, 40.0, 10.0));
        let (lo, hi, _) = nice(0.31, 0.42, Some(0.2), None, None);
        assert_eq!(lo, 0.2);
        assert!(hi >= 0.42);
        assert_eq!(ticks(0.0, 1.0, 0.2), vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
    }

    #[test]
    fn tick_formats_follow_the_step() {
        assert_eq!(tick_format("0.0%", 0.05), "0%");
        assert_eq!(tick_format("0%", 0.025), "0.0%");
        assert_eq!(tick_format("#,##0", 0.5), "#,##0.0");
        assert_eq!(tick_format("#,##0", 50.0), "#,##0");
        assert_eq!(fmt_value(0.3, "0%"), "30%");
        assert_eq!(fmt_value(12500.0, "#,##0"), "12,500");
    }
}
