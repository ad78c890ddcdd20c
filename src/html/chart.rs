//! The chart: headline F1 against throughput, one panel per layer, drawn as
//! inline SVG so the page needs nothing from the network. Throughput is on
//! a log scale (baselines are often ten times faster than the real thing);
//! each point carries its 95% interval as a vertical bar and its name as a
//! label, so nothing is told by colour alone.

use std::fmt::Write;

use super::{escape, figure, Entry};
use crate::schema::Layer;
use crate::score::headline;

const WIDTH: f64 = 340.0;
const HEIGHT: f64 = 260.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 40.0;

/// A point: name, MB/s, F1 and its interval.
struct Point<'a> {
    name: &'a str,
    speed: f64,
    f1: f64,
    low: Option<f64>,
    high: Option<f64>,
}

/// The chart section: one SVG panel per layer with at least one extractor.
pub(super) fn chart(entries: &[Entry]) -> String {
    let mut out = String::from("<section id=\"chart\"><h2>Accuracy against speed</h2>\n<p class=\"note\">Headline F1 (with its 95% interval) against throughput in MB/s on a log scale, one point per extractor: up is more accurate, right is faster. Throughput is the wall clock of this run on all cores, a rough idea only.</p>\n<div class=\"panels\">\n");
    for layer in Layer::ALL {
        let in_layer: Vec<&Entry> = entries
            .iter()
            .filter(|e| e.scores.layers.contains(&layer))
            .collect();
        if in_layer.is_empty() {
            continue;
        }
        let id = headline(layer);
        let mut points = Vec::new();
        let mut untimed = Vec::new();
        for e in in_layer {
            let estimate = e.scores.intervals.get(&id);
            let f1 = estimate
                .and_then(|x| x.value)
                .or_else(|| e.scores.metrics.get(&id).copied().flatten());
            match (e.timing.map(|t| t.mb_per_s), f1) {
                (Some(speed), Some(f1)) if speed > 0.0 && speed.is_finite() => points.push(Point {
                    name: &e.name,
                    speed,
                    f1,
                    low: estimate.and_then(|x| x.low),
                    high: estimate.and_then(|x| x.high),
                }),
                _ => untimed.push(e.name.as_str()),
            }
        }
        out += &panel(layer, &points, &untimed);
    }
    out + "</div></section>\n"
}

fn panel(layer: Layer, points: &[Point], untimed: &[&str]) -> String {
    let (lo, hi) = decades(points.iter().map(|p| p.speed));
    let x = |speed: f64| LEFT + (speed.log10() - lo) / (hi - lo) * (WIDTH - LEFT - RIGHT);
    let y = |f1: f64| TOP + (1.0 - f1) * (HEIGHT - TOP - BOTTOM);
    let mut svg = format!(
        "<figure class=\"panel\"><svg class=\"chart\" data-layer=\"{layer}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" width=\"{WIDTH}\" height=\"{HEIGHT}\" role=\"img\" aria-labelledby=\"chart-{layer}\"><title id=\"chart-{layer}\">{layer}: {} against MB/s</title>\n",
        escape(headline(layer).as_str())
    );
    // Axes: F1 ticks every 0.2, one tick per decade of MB/s.
    for i in 0..=5 {
        let f = i as f64 / 5.0;
        let _ = write!(
            svg,
            "<line class=\"grid\" x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\"/><text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{f:.1}</text>",
            WIDTH - RIGHT,
            y(f),
            y(f),
            LEFT - 4.0,
            y(f) + 3.0
        );
    }
    for d in (lo as i32)..=(hi as i32) {
        let px = x(10f64.powi(d));
        let _ = write!(
            svg,
            "<line class=\"grid\" x1=\"{px:.1}\" x2=\"{px:.1}\" y1=\"{TOP}\" y2=\"{:.1}\"/><text class=\"tick\" x=\"{px:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            HEIGHT - BOTTOM,
            HEIGHT - BOTTOM + 14.0,
            decade_label(d)
        );
    }
    let _ = writeln!(
        svg,
        "<text class=\"axis\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">MB/s (log scale)</text><text class=\"axis\" transform=\"translate(11 {:.1}) rotate(-90)\" text-anchor=\"middle\">F1</text>",
        (LEFT + WIDTH - RIGHT) / 2.0,
        HEIGHT - 6.0,
        (TOP + HEIGHT - BOTTOM) / 2.0
    );
    for p in points {
        let (px, py) = (x(p.speed), y(p.f1));
        let _ = write!(svg, "<g class=\"point\" data-name=\"{}\">", escape(p.name));
        if let (Some(low), Some(high)) = (p.low, p.high) {
            let _ = write!(
                svg,
                "<line class=\"whisker\" x1=\"{px:.1}\" x2=\"{px:.1}\" y1=\"{:.1}\" y2=\"{:.1}\"/><line class=\"whisker\" x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\"/><line class=\"whisker\" x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\"/>",
                y(low),
                y(high),
                px - 4.0,
                px + 4.0,
                y(low),
                y(low),
                px - 4.0,
                px + 4.0,
                y(high),
                y(high)
            );
        }
        // Labels sit above their point, below it at the top of the panel.
        let (anchor, lx) = if px > WIDTH / 2.0 {
            ("end", px - 7.0)
        } else {
            ("start", px + 7.0)
        };
        let ly = if py - 7.0 < TOP + 8.0 {
            py + 14.0
        } else {
            py - 7.0
        };
        let _ = writeln!(
            svg,
            "<circle cx=\"{px:.1}\" cy=\"{py:.1}\" r=\"4.5\"><title>{}: F1 {} [{}, {}], {:.1} MB/s</title></circle><text class=\"label\" x=\"{lx:.1}\" y=\"{ly:.1}\" text-anchor=\"{anchor}\">{}</text></g>",
            escape(p.name),
            figure(Some(p.f1)),
            figure(p.low),
            figure(p.high),
            p.speed,
            escape(p.name)
        );
    }
    svg += "</svg>";
    let _ = write!(svg, "<figcaption>{layer}");
    if !untimed.is_empty() {
        let names: Vec<String> = untimed.iter().map(|n| escape(n)).collect();
        let _ = write!(svg, "; not timed (scored from files): {}", names.join(", "));
    }
    svg + "</figcaption></figure>\n"
}

/// The whole decades (as powers of ten) that hold every speed, at least one.
fn decades(speeds: impl Iterator<Item = f64>) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for s in speeds {
        lo = lo.min(s.log10().floor());
        hi = hi.max(s.log10().ceil());
    }
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    if hi <= lo {
        hi = lo + 1.0;
    }
    (lo, hi)
}

fn decade_label(power: i32) -> String {
    if power >= 0 {
        format!("{}", 10u64.pow(power as u32))
    } else {
        format!("{}", 10f64.powi(power))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decades_cover_every_speed() {
        assert_eq!(decades([3.0, 450.0].into_iter()), (0.0, 3.0));
        assert_eq!(decades([10.0].into_iter()), (1.0, 2.0));
        assert_eq!(decades(std::iter::empty()), (0.0, 1.0));
        assert_eq!(decade_label(-1), "0.1");
        assert_eq!(decade_label(2), "100");
    }
}
