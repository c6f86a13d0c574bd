//! The scorecard of one unit and period as a document: what
//! `scorecard.scorecard_json` returns (serialised with serde, figures as
//! exact JSON numbers) and what `scorecard.scorecard_svg` draws (the
//! source's layout: the four disciplines around "R − CD = E + ARC", each
//! with Target / Actual / Balance in its status colour, its measures and a
//! small-multiples trend of its balance; the organisation's number in the
//! middle). Plain Rust: the SQL layer only fills the structs.

use std::fmt::Write as _;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Serialize, Serializer};

/// A decimal as an exact JSON number (`0.4747`, never a float's
/// `0.47470000000000001`), or `null`.
fn exact<S: Serializer>(value: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match value {
        None => s.serialize_none(),
        Some(d) => {
            let raw = serde_json::value::RawValue::from_string(d.normalize().to_string())
                .map_err(serde::ser::Error::custom)?;
            raw.serialize(s)
        }
    }
}

/// One period of a trend.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendPoint {
    pub period_start: String,
    pub period_label: String,
    #[serde(serialize_with = "exact")]
    pub balance: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measure {
    pub name: String,
    pub objective: String,
    pub unit: String,
    pub higher_is_better: bool,
    #[serde(serialize_with = "exact")]
    pub target: Option<Decimal>,
    #[serde(serialize_with = "exact")]
    pub actual: Option<Decimal>,
    #[serde(serialize_with = "exact")]
    pub balance: Option<Decimal>,
    pub status: String,
    pub status_label: String,
    pub status_color: String,
    pub deep_dive: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Commentary {
    /// The measure it is about, or `None` for the discipline.
    pub measure: Option<String>,
    pub analysis: String,
    pub recommendation: Option<String>,
    pub author: String,
    pub written_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Initiative {
    pub name: String,
    /// The measure it addresses, or `None` when it is on an objective.
    pub measure: Option<String>,
    pub objective: Option<String>,
    pub owner: Option<String>,
    pub status: String,
    pub due_on: String,
    #[serde(serialize_with = "exact")]
    pub percent_complete: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Discipline {
    pub name: String,
    #[serde(serialize_with = "exact")]
    pub target: Option<Decimal>,
    #[serde(serialize_with = "exact")]
    pub actual: Option<Decimal>,
    #[serde(serialize_with = "exact")]
    pub balance: Option<Decimal>,
    pub status: String,
    pub status_label: String,
    pub status_color: String,
    pub deep_dive: bool,
    pub measures: Vec<Measure>,
    pub commentary: Vec<Commentary>,
    pub initiatives: Vec<Initiative>,
    /// The discipline's balance over the periods up to this one.
    pub trend: Vec<TrendPoint>,
}

/// A unit's scorecard for one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Card {
    pub organization: String,
    pub org_unit: String,
    pub period_grain: String,
    pub period_start: String,
    pub period_label: String,
    /// The single number: the sum of the discipline balances.
    #[serde(serialize_with = "exact")]
    pub balance: Option<Decimal>,
    pub status: String,
    pub status_label: String,
    pub status_color: String,
    pub deep_dives: i32,
    pub disciplines: Vec<Discipline>,
    /// The unit's balance over the periods up to this one.
    pub trend: Vec<TrendPoint>,
}

impl Card {
    /// The card as JSON text (exact numbers; keys in the card's order).
    pub fn to_json(&self) -> String {
        // Serialising these structs cannot fail: every key is a string and
        // every raw number comes from a Decimal's own formatting.
        serde_json::to_string(self).unwrap_or_else(|e| unreachable!("a card always serialises: {e}"))
    }

    /// The card drawn as an SVG document.
    pub fn to_svg(&self) -> String {
        svg::draw(self)
    }
}

/// Two decimals, rounded half away from zero as the reports round
/// (`scorecard.report_figure`): 64.99750003 -> "65.00".
fn two_places(v: Decimal) -> String {
    format!("{:.2}", v.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
}

/// A fraction as the scorecard prints it: 0.4747 -> "47.47%".
fn percent(value: Option<Decimal>) -> String {
    match value {
        None => "–".to_string(),
        Some(v) => format!("{}%", two_places(v * Decimal::ONE_HUNDRED)),
    }
}

/// A balance in percentage points, signed: 0.01 -> "+1.00".
fn points(value: Option<Decimal>) -> String {
    match value {
        None => "–".to_string(),
        Some(v) => {
            let p = v * Decimal::ONE_HUNDRED;
            let shown = two_places(p);
            if p.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero) > Decimal::ZERO {
                format!("+{shown}")
            } else {
                shown
            }
        }
    }
}

fn measure_actual(m: &Measure) -> String {
    if m.unit == "ratio" {
        percent(m.actual)
    } else {
        match m.actual {
            None => "–".to_string(),
            Some(v) => format!("{} {}", two_places(v), m.unit),
        }
    }
}

mod svg {
    use super::*;

    const WIDTH: i32 = 1000;
    const HEIGHT: i32 = 860;
    const GREY: &str = "#9e9e9e";

    /// Text for an SVG text node or attribute.
    pub(super) fn escape(s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&apos;"),
                // Characters XML 1.0 does not allow at all.
                c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push(' '),
                c => out.push(c),
            }
        }
        out
    }

    /// A colour from the database, used only when it is #rrggbb.
    fn color(c: &str) -> &str {
        let ok = c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|x| x.is_ascii_hexdigit());
        if ok {
            c
        } else {
            GREY
        }
    }

    fn shorten(s: &str, max: usize) -> String {
        if s.chars().count() <= max {
            s.to_string()
        } else {
            let cut: String = s.chars().take(max.saturating_sub(1)).collect();
            format!("{}…", cut.trim_end())
        }
    }

    /// A sparkline of balances in the box (x, y, w, h), with the zero line.
    fn sparkline(out: &mut String, trend: &[TrendPoint], x: i32, y: i32, w: i32, h: i32, stroke: &str) {
        let values: Vec<f64> = trend.iter().filter_map(|p| p.balance.and_then(|b| b.to_f64())).collect();
        let _ = writeln!(out, r##"<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="#fafafa" stroke="#e0e0e0"/>"##);
        if values.is_empty() {
            return;
        }
        let lo = values.iter().cloned().fold(0.0_f64, f64::min);
        let hi = values.iter().cloned().fold(0.0_f64, f64::max);
        let span = if hi - lo > 1e-9 { hi - lo } else { 1.0 };
        let n = trend.len().max(2) as f64 - 1.0;
        let sy = |v: f64| f64::from(y) + f64::from(h) - 3.0 - (v - lo) / span * (f64::from(h) - 6.0);
        let zero = sy(0.0);
        let _ = writeln!(
            out,
            r##"<line x1="{x}" y1="{zero:.1}" x2="{}" y2="{zero:.1}" stroke="#bdbdbd" stroke-dasharray="3,3"/>"##,
            x + w
        );
        let mut path = String::new();
        for (i, p) in trend.iter().enumerate() {
            if let Some(v) = p.balance.and_then(|b| b.to_f64()) {
                let px = f64::from(x) + 3.0 + i as f64 / n * (f64::from(w) - 6.0);
                let _ = write!(path, "{}{px:.1},{:.1} ", if path.is_empty() { "M" } else { "L" }, sy(v));
            }
        }
        let _ =
            writeln!(out, r#"<path d="{}" fill="none" stroke="{}" stroke-width="2"/>"#, path.trim_end(), color(stroke));
    }

    fn discipline_box(out: &mut String, d: &Discipline, x: i32, y: i32) {
        let (w, h) = (390, 250);
        let c = color(&d.status_color);
        let _ = writeln!(out, r#"<g class="discipline" data-name="{}">"#, escape(&d.name));
        let _ = writeln!(
            out,
            r##"<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="8" fill="#ffffff" stroke="{c}" stroke-width="3"/>"##
        );
        let _ = writeln!(out, r#"<rect x="{x}" y="{y}" width="{w}" height="34" rx="8" fill="{c}"/>"#);
        let _ = writeln!(
            out,
            r##"<text x="{}" y="{}" font-size="18" font-weight="bold" fill="#ffffff">{}</text>"##,
            x + 12,
            y + 23,
            escape(&d.name)
        );
        let _ = writeln!(
            out,
            r##"<text x="{}" y="{}" font-size="13" fill="#ffffff" text-anchor="end">{}{}</text>"##,
            x + w - 12,
            y + 22,
            escape(&d.status_label),
            if d.deep_dive { " · deep dive" } else { "" }
        );
        for (i, (label, value)) in
            [("Target", percent(d.target)), ("Actual", percent(d.actual)), ("Balance", points(d.balance))]
                .iter()
                .enumerate()
        {
            let cx = x + 12 + i as i32 * 128;
            let _ = writeln!(out, r##"<text x="{cx}" y="{}" font-size="12" fill="#616161">{label}</text>"##, y + 54);
            let _ = writeln!(
                out,
                r##"<text x="{cx}" y="{}" font-size="22" font-weight="bold" fill="#212121">{}</text>"##,
                y + 80,
                escape(value)
            );
        }
        for (i, m) in d.measures.iter().take(5).enumerate() {
            let my = y + 104 + i as i32 * 20;
            let _ =
                writeln!(out, r#"<circle cx="{}" cy="{}" r="5" fill="{}"/>"#, x + 18, my - 4, color(&m.status_color));
            let _ = writeln!(
                out,
                r##"<text x="{}" y="{my}" font-size="12" fill="#212121">{}</text>"##,
                x + 30,
                escape(&shorten(&m.name, 42))
            );
            let _ = writeln!(
                out,
                r##"<text x="{}" y="{my}" font-size="12" fill="#212121" text-anchor="end">{}</text>"##,
                x + w - 12,
                escape(&measure_actual(m))
            );
        }
        if d.measures.len() > 5 {
            let _ = writeln!(
                out,
                r##"<text x="{}" y="{}" font-size="11" fill="#757575">and {} more</text>"##,
                x + 30,
                y + 204,
                d.measures.len() - 5
            );
        }
        sparkline(out, &d.trend, x + 12, y + 212, w - 24, 30, c);
        let _ = writeln!(out, "</g>");
    }

    pub(super) fn draw(card: &Card) -> String {
        let mut out = String::new();
        let _ = writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
        let _ = writeln!(
            out,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">"#
        );
        let _ = writeln!(
            out,
            "<title>{} – Balanced Scorecard, {}</title>",
            escape(&card.org_unit),
            escape(&card.period_label)
        );
        let _ = writeln!(out, r##"<rect width="{WIDTH}" height="{HEIGHT}" fill="#f5f5f5"/>"##);
        let _ = writeln!(
            out,
            r##"<text x="40" y="40" font-size="24" font-weight="bold" fill="#212121">{}</text>"##,
            escape(&card.organization)
        );
        let _ = writeln!(
            out,
            r##"<text x="40" y="64" font-size="15" fill="#616161">Balanced Scorecard · {} · {}</text>"##,
            escape(&card.org_unit),
            escape(&card.period_label)
        );
        // The source's layout: Finance above, Customer and Process to the
        // sides, Learning and Growth below; any further discipline after.
        let slots = [(40, 90), (570, 90), (40, 420), (570, 420)];
        let mut placed = 0;
        for (d, (x, y)) in card.disciplines.iter().zip(slots.iter()) {
            discipline_box(&mut out, d, *x, *y);
            placed += 1;
        }
        if card.disciplines.len() > placed {
            let rest: Vec<String> =
                card.disciplines[placed..].iter().map(|d| format!("{} {}", d.name, points(d.balance))).collect();
            let _ = writeln!(
                out,
                r##"<text x="40" y="{}" font-size="12" fill="#424242">Also: {}</text>"##,
                HEIGHT - 130,
                escape(&rest.join(" · "))
            );
        }
        // The centre: the organisation's single number and the solvency
        // equation every discipline serves.
        let c = color(&card.status_color);
        let _ = writeln!(out, r#"<g class="organization">"#);
        let _ = writeln!(out, r##"<circle cx="500" cy="385" r="76" fill="#ffffff" stroke="{c}" stroke-width="6"/>"##);
        let _ = writeln!(
            out,
            r##"<text x="500" y="352" font-size="12" fill="#616161" text-anchor="middle">Organisation</text>"##
        );
        let _ = writeln!(
            out,
            r##"<text x="500" y="386" font-size="26" font-weight="bold" fill="{c}" text-anchor="middle">{}</text>"##,
            escape(&percent(card.balance))
        );
        let _ = writeln!(
            out,
            r##"<text x="500" y="405" font-size="12" fill="#424242" text-anchor="middle">{}</text>"##,
            escape(&card.status_label)
        );
        let _ = writeln!(
            out,
            r##"<text x="500" y="428" font-size="12" font-weight="bold" fill="#212121" text-anchor="middle">R − CD = E + ARC</text>"##
        );
        let _ = writeln!(out, "</g>");
        // Small multiples: the organisation's balance and each discipline's
        // over the periods up to this one.
        let y0 = HEIGHT - 110;
        let _ = writeln!(
            out,
            r##"<text x="40" y="{}" font-size="13" font-weight="bold" fill="#424242">Balance, last {} periods</text>"##,
            y0 - 8,
            card.trend.len()
        );
        let mut series: Vec<(&str, &[TrendPoint], &str)> = vec![("Organisation", &card.trend, c)];
        series.extend(card.disciplines.iter().map(|d| (d.name.as_str(), d.trend.as_slice(), d.status_color.as_str())));
        let cell = (WIDTH - 80) / series.len().max(1) as i32;
        for (i, (name, trend, stroke)) in series.iter().enumerate() {
            let x = 40 + i as i32 * cell;
            let _ = writeln!(
                out,
                r##"<text x="{x}" y="{}" font-size="11" fill="#616161">{}</text>"##,
                y0 + 10,
                escape(&shorten(name, 22))
            );
            sparkline(&mut out, trend, x, y0 + 16, cell - 12, 60, stroke);
        }
        if let (Some(first), Some(last)) = (card.trend.first(), card.trend.last()) {
            let _ = writeln!(
                out,
                r##"<text x="40" y="{}" font-size="10" fill="#9e9e9e">{} – {}</text>"##,
                HEIGHT - 14,
                escape(&first.period_label),
                escape(&last.period_label)
            );
        }
        let _ = writeln!(out, "</svg>");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn dec(s: &str) -> Option<Decimal> {
        Some(Decimal::from_str(s).unwrap())
    }

    fn sample() -> Card {
        let trend = |b: &[&str]| {
            b.iter()
                .enumerate()
                .map(|(i, v)| TrendPoint {
                    period_start: format!("2016-0{}-01", i + 4),
                    period_label: format!("M{i}"),
                    balance: dec(v),
                })
                .collect::<Vec<_>>()
        };
        let measure = |name: &str, actual: &str| Measure {
            name: name.to_string(),
            objective: "Be solvent".to_string(),
            unit: "ratio".to_string(),
            higher_is_better: true,
            target: dec("0.933"),
            actual: dec(actual),
            balance: Some(Decimal::from_str(actual).unwrap() - Decimal::from_str("0.933").unwrap()),
            status: "off target".to_string(),
            status_label: "Off target".to_string(),
            status_color: "#c62828".to_string(),
            deep_dive: true,
        };
        let discipline = |name: &str, target: &str, actual: &str, balance: &str| Discipline {
            name: name.to_string(),
            target: dec(target),
            actual: dec(actual),
            balance: dec(balance),
            status: "on target".to_string(),
            status_label: "On target".to_string(),
            status_color: "#2e7d32".to_string(),
            deep_dive: false,
            measures: vec![measure("Billable days <Medi-Cal> & \"others\"", "0.4747")],
            commentary: vec![],
            initiatives: vec![],
            trend: trend(&["-0.3", "-0.28"]),
        };
        Card {
            organization: "Betz County Health Department".to_string(),
            org_unit: "Betz County Health Department".to_string(),
            period_grain: "month".to_string(),
            period_start: "2016-06-01".to_string(),
            period_label: "Jun 2016".to_string(),
            balance: dec("-0.2760"),
            status: "off target".to_string(),
            status_label: "Off target".to_string(),
            status_color: "#c62828".to_string(),
            deep_dives: 1,
            disciplines: vec![
                discipline("Finance", "0.933", "0.65", "-0.283"),
                discipline("Customer", "0.833", "0.843", "0.01"),
                discipline("Learning and Growth", "0.833", "0.823", "-0.01"),
                discipline("Process", "0.85", "0.857", "0.007"),
            ],
            trend: trend(&["-0.3378", "-0.276"]),
        }
    }

    #[test]
    fn json_numbers_are_exact() {
        let json = sample().to_json();
        assert!(json.contains(r#""balance":-0.276,"#), "{json}");
        assert!(json.contains(r#""target":0.933,"actual":0.65,"balance":-0.283"#), "{json}");
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["disciplines"][0]["measures"][0]["name"], "Billable days <Medi-Cal> & \"others\"");
        assert_eq!(v["disciplines"].as_array().unwrap().len(), 4);
        assert_eq!(v["trend"][0]["period_label"], "M0");
        let mut missing = sample();
        missing.balance = None;
        assert!(missing.to_json().contains(r#""balance":null"#));
    }

    #[test]
    fn svg_carries_the_numbers_and_escapes_text() {
        let svg = sample().to_svg();
        assert!(svg.starts_with("<?xml"));
        assert!(svg.trim_end().ends_with("</svg>"));
        for needle in
            ["-27.60%", "93.30%", "65.00%", "-28.30", "+1.00", "+0.70", "47.47%", "R − CD = E + ARC", "Jun 2016"]
        {
            assert!(svg.contains(needle), "{needle} missing");
        }
        assert!(svg.contains("Billable days &lt;Medi-Cal&gt; &amp; &quot;others&quot;"));
        assert!(!svg.contains("<Medi-Cal>"));
        // Balanced tags: every <g> closed.
        assert_eq!(svg.matches("<g ").count(), svg.matches("</g>").count());
    }

    #[test]
    fn hostile_colours_and_control_characters_do_not_break_the_document() {
        let mut card = sample();
        card.status_color = "red\" onload=\"alert(1)".to_string();
        card.organization = "A\u{1}B".to_string();
        let svg = card.to_svg();
        assert!(!svg.contains("onload"));
        assert!(svg.contains("A B"));
    }

    #[test]
    fn formats() {
        assert_eq!(percent(dec("0.4747")), "47.47%");
        assert_eq!(percent(None), "–");
        assert_eq!(points(dec("0.01")), "+1.00");
        assert_eq!(points(dec("-0.283")), "-28.30");
        assert_eq!(points(dec("0")), "0.00");
        // Half away from zero, as the reports round: the source's 65.00%.
        assert_eq!(percent(dec("0.6499750003")), "65.00%");
        assert_eq!(percent(dec("0.63875")), "63.88%");
        assert_eq!(points(dec("-0.00004")), "0.00");
        assert_eq!(points(dec("-0.2760249996")), "-27.60");
        assert_eq!(svg::escape("a<b"), "a&lt;b");
    }
}
