//! Inline SVG: the weekly timeline of a person and the person graph. Labels are
//! article-derived, so they go through maud's escaping like everything else.

use dixit_store::browse::{PersonGraph, WeekCount};
use maud::{Markup, html};

/// Bars of quotes per week, one year label per January.
pub(crate) fn timeline(weeks: &[WeekCount]) -> Markup {
    let (w, h, pad) = (760.0_f64, 130.0_f64, 18.0_f64);
    let max = weeks.iter().map(|w| w.count).max().unwrap_or(0).max(1) as f64;
    let n = weeks.len().max(1) as f64;
    // A lone week should look like a bar, not like a wall.
    let bar = (w / n).clamp(1.0, 24.0);
    // A year label on the first week of each year shown.
    let first_of_year: Vec<bool> = weeks
        .iter()
        .enumerate()
        .map(|(i, wk)| {
            i == 0 || weeks.get(i - 1).map(|p| p.week.get(..4)) != Some(wk.week.get(..4))
        })
        .collect();
    html! {
        svg class="timeline" viewBox=(format!("0 0 {w} {}", h + pad)) role="img"
            aria-label="Citations par semaine" {
            line x1="0" y1=(h) x2=(w) y2=(h) class="axis" {}
            @for (i, wk) in weeks.iter().enumerate() {
                @let x = i as f64 * bar;
                @let bh = (wk.count as f64 / max) * (h - 4.0);
                @if wk.count > 0 {
                    rect x=(format!("{x:.1}")) y=(format!("{:.1}", h - bh))
                        width=(format!("{:.1}", (bar - 1.0).max(0.8))) height=(format!("{bh:.1}")) {
                        title { (wk.week) " : " (wk.count) " citation(s)" }
                    }
                }
                @if first_of_year.get(i).copied().unwrap_or(false) {
                    text x=(format!("{x:.1}")) y=(h + pad - 4.0) class="year" { (wk.week.get(..4).unwrap_or("")) }
                }
            }
        }
    }
}

/// A deterministic force-directed layout in the unit square.
pub(crate) fn layout(n: usize, edges: &[(usize, usize, f64)]) -> Vec<(f64, f64)> {
    if n == 0 {
        return Vec::new();
    }
    // Start on a circle: same input, same picture.
    let mut pos: Vec<(f64, f64)> = (0..n)
        .map(|i| {
            let a = i as f64 / n as f64 * std::f64::consts::TAU;
            (0.5 + 0.4 * a.cos(), 0.5 + 0.4 * a.sin())
        })
        .collect();
    let k = (1.0 / n as f64).sqrt() * 0.6;
    let mut temp = 0.1;
    for _ in 0..200 {
        let mut disp = vec![(0.0_f64, 0.0_f64); n];
        for i in 0..n {
            for j in (i + 1)..n {
                let (dx, dy) = (pos[i].0 - pos[j].0, pos[i].1 - pos[j].1);
                let d = (dx * dx + dy * dy).sqrt().max(1e-3);
                let f = k * k / d;
                disp[i].0 += dx / d * f;
                disp[i].1 += dy / d * f;
                disp[j].0 -= dx / d * f;
                disp[j].1 -= dy / d * f;
            }
        }
        for &(a, b, w) in edges {
            if a >= n || b >= n || a == b {
                continue;
            }
            let (dx, dy) = (pos[a].0 - pos[b].0, pos[a].1 - pos[b].1);
            let d = (dx * dx + dy * dy).sqrt().max(1e-3);
            let f = d * d / k * (1.0 + w.ln_1p()) * 0.5;
            disp[a].0 -= dx / d * f;
            disp[a].1 -= dy / d * f;
            disp[b].0 += dx / d * f;
            disp[b].1 += dy / d * f;
        }
        // Gravity: persons with no relation drift to the middle instead of the corners.
        for (d, p) in disp.iter_mut().zip(&pos) {
            d.0 -= (p.0 - 0.5) * 1.2;
            d.1 -= (p.1 - 0.5) * 1.2;
        }
        for i in 0..n {
            let (dx, dy) = disp[i];
            let d = (dx * dx + dy * dy).sqrt().max(1e-9);
            let step = d.min(temp);
            pos[i].0 = (pos[i].0 + dx / d * step).clamp(0.03, 0.97);
            pos[i].1 = (pos[i].1 + dy / d * step).clamp(0.03, 0.97);
        }
        temp *= 0.975;
    }
    pos
}

/// A stable colour for a party name (grey without party).
pub(crate) fn party_color(party: Option<&str>) -> String {
    let Some(p) = party.filter(|p| !p.is_empty()) else {
        return "#9aa4b2".to_string();
    };
    let h = p.bytes().fold(2166136261u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(16777619)
    });
    format!("hsl({}, 55%, 48%)", h % 360)
}

/// The person graph as SVG; nodes link to person pages.
pub(crate) fn graph(g: &PersonGraph, person_href: impl Fn(&str) -> String) -> Markup {
    let index: std::collections::HashMap<&str, usize> = g
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let edges: Vec<(usize, usize, f64)> = g
        .links
        .iter()
        .filter_map(|l| {
            Some((
                *index.get(l.source.as_str())?,
                *index.get(l.target.as_str())?,
                l.weight as f64,
            ))
        })
        .collect();
    let pos = layout(g.nodes.len(), &edges);
    let (w, h) = (1000.0, 620.0);
    let max_art = g.nodes.iter().map(|n| n.articles).max().unwrap_or(1).max(1) as f64;
    let at = |i: usize| pos.get(i).map_or((0.0, 0.0), |p| (p.0 * w, p.1 * h));
    html! {
        svg class="graph" viewBox=(format!("0 0 {w} {h}")) role="img" aria-label="Graphe des personnes" {
            defs {
                marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse" {
                    path d="M 0 0 L 10 5 L 0 10 z" fill="#c0392b" {}
                }
            }
            @for l in &g.links {
                @if let (Some(&a), Some(&b)) = (index.get(l.source.as_str()), index.get(l.target.as_str())) {
                    @let ((x1, y1), (x2, y2)) = (at(a), at(b));
                    @if l.kind == "about" {
                        line x1=(format!("{x1:.1}")) y1=(format!("{y1:.1}")) x2=(format!("{x2:.1}")) y2=(format!("{y2:.1}"))
                            class="about" stroke-width=(format!("{:.1}", 1.0 + (l.weight as f64).ln_1p())) marker-end="url(#arrow)" {
                            title { (l.source) " parle de " (l.target) " (" (l.weight) ")" }
                        }
                    } @else {
                        line x1=(format!("{x1:.1}")) y1=(format!("{y1:.1}")) x2=(format!("{x2:.1}")) y2=(format!("{y2:.1}"))
                            class="co" stroke-width=(format!("{:.1}", 0.5 + (l.weight as f64).ln_1p())) {
                            title { (l.source) " et " (l.target) " cités ensemble (" (l.weight) ")" }
                        }
                    }
                }
            }
            @for (i, n) in g.nodes.iter().enumerate() {
                @let (x, y) = at(i);
                @let r = 4.0 + 14.0 * (n.articles as f64 / max_art).sqrt();
                a href=(person_href(&n.id)) {
                    circle cx=(format!("{x:.1}")) cy=(format!("{y:.1}")) r=(format!("{r:.1}")) fill=(party_color(n.party.as_deref())) {
                        title { (n.name) " — " (n.articles) " articles, " (n.quotes) " citations" }
                    }
                    // Labels on the right half go to the left of their node, inside the picture.
                    @if x > w * 0.7 {
                        text x=(format!("{:.1}", x - r - 2.0)) y=(format!("{:.1}", y + 4.0)) text-anchor="end" { (n.name) }
                    } @else {
                        text x=(format!("{:.1}", x + r + 2.0)) y=(format!("{:.1}", y + 4.0)) { (n.name) }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_is_deterministic_and_inside() {
        let e = [(0, 1, 3.0), (1, 2, 1.0), (5, 9, 1.0)];
        let a = layout(6, &e);
        assert_eq!(a, layout(6, &e));
        assert!(
            a.iter()
                .all(|(x, y)| (0.0..=1.0).contains(x) && (0.0..=1.0).contains(y))
        );
        assert!(layout(0, &[]).is_empty());
    }

    #[test]
    fn timeline_escapes_and_handles_empty() {
        let s = timeline(&[]).into_string();
        assert!(s.starts_with("<svg"));
        let s = timeline(&[WeekCount {
            week: "<x>".into(),
            count: 3,
        }])
        .into_string();
        assert!(s.contains("&lt;x&gt;") && !s.contains("<x>"));
    }
}
