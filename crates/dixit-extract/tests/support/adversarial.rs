//! Adversarial input shapes for the extraction complexity guard (issue 7): texts with no
//! full stop in which every scan that is not bounded shows as super-linear time.
//! Shared by `tests/complexity.rs` and `examples/adversarial.rs`.

/// One generator: a name and a repeated unit; the text is the unit repeated to the size.
pub struct Shape {
    /// Short name for reports.
    pub name: &'static str,
    /// Units cycled through until the text reaches the requested size.
    pub units: &'static [&'static str],
}

/// Every shape the guard covers.
pub const SHAPES: &[Shape] = &[
    Shape {
        name: "cues-no-stop",
        units: &[
            "Jean Dupont a dit que ",
            "la ministre a estimé que le gouvernement ",
            "selon Paul Morin, ",
            "il a ajouté que ",
        ],
    },
    Shape {
        name: "incises",
        units: &[
            "« nous avancerons », a-t-il assuré, ",
            "« rien ne change », a affirmé Claire Guédon, ",
            "« voilà », estime-t-elle, ",
        ],
    },
    Shape {
        name: "mixed-marks",
        units: &[
            "« un ",
            "\" deux ",
            "“ trois ",
            "» quatre ",
            "” cinq ",
            "' six ",
            "‹ sept › ",
        ],
    },
    Shape {
        name: "names",
        units: &[
            "Jean Dupont ",
            "Marie-Claire Le Guen ",
            "M. Paul Morin ",
            "Emmanuel Macron ",
            "le député Yves Blein ",
        ],
    },
    Shape {
        name: "mixed-scripts",
        units: &[
            "Привет мир ",
            "日本語のテキスト ",
            "مرحبا بالعالم ",
            "🙂🎉 ",
            "Ελληνικά ",
            "a déclaré Paul ",
        ],
    },
    Shape {
        name: "punctuation",
        units: &[
            ", ", "; ", ": ", "« ", "» ", "( ", ") ", "— ", "! ", "? ", "\" ",
        ],
    },
];

/// The shape's text, at least `bytes` long (whole units only).
pub fn generate(shape: &Shape, bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 64);
    let mut i = 0usize;
    while out.len() < bytes {
        out.push_str(shape.units[i % shape.units.len()]);
        i += 1;
    }
    out
}
