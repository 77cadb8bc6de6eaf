//! French verb conjugator: every simple form is generated from a handful of stems.
//!
//! A verb is reduced to a [`Stems`] record (present singular / plural / 3rd plural
//! stems, passé-simple stem and vowel, future stem, subjunctive stems, participles);
//! one generator turns any such record into forms. The 1st and 2nd groups compute
//! their stems by rule (with the -cer/-ger, e→è, é→è, -eler/-eter and -yer spelling
//! changes); the 3rd group uses [`IRREGULAR`], a table of suffix → stem replacements,
//! so that compounds (contredire, reconnaître, soutenir…) are conjugated by the row
//! of their base verb.

use crate::{Gender, Number};

/// Tense or mood of a generated form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tense {
    /// Indicatif présent.
    Present,
    /// Indicatif imparfait.
    Imparfait,
    /// Passé simple.
    PasseSimple,
    /// Futur simple.
    Futur,
    /// Conditionnel présent.
    Conditionnel,
    /// Subjonctif présent.
    SubjonctifPresent,
    /// Subjonctif imparfait.
    SubjonctifImparfait,
    /// Impératif présent (persons 2 sg, 1 pl, 2 pl).
    Imperatif,
    /// Participe présent.
    ParticipePresent,
    /// Participe passé (4 agreement forms).
    ParticipePasse,
    /// Infinitif.
    Infinitif,
}

impl Tense {
    /// Every tense, in generation order.
    pub const ALL: [Tense; 11] = [
        Tense::Present,
        Tense::Imparfait,
        Tense::PasseSimple,
        Tense::Futur,
        Tense::Conditionnel,
        Tense::SubjonctifPresent,
        Tense::SubjonctifImparfait,
        Tense::Imperatif,
        Tense::ParticipePresent,
        Tense::ParticipePasse,
        Tense::Infinitif,
    ];

    /// True for conjugated (personal) forms.
    pub fn is_finite(self) -> bool {
        !matches!(
            self,
            Tense::ParticipePresent | Tense::ParticipePasse | Tense::Infinitif
        )
    }

    /// Bit of this tense in a tense set (`u16` mask).
    pub fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

/// Conjugation group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Group {
    /// -er verbs (except aller).
    First,
    /// -ir verbs with -issant.
    Second,
    /// Everything else, from the irregular table.
    Third,
}

/// One generated form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    /// The word, lowercase.
    pub text: String,
    /// Tense or mood.
    pub tense: Tense,
    /// Grammatical person 1..=3 for finite forms.
    pub person: Option<u8>,
    /// Number for finite forms and past participles.
    pub number: Option<Number>,
    /// Gender for past participles.
    pub gender: Option<Gender>,
}

/// All forms of one verb.
#[derive(Debug, Clone)]
pub struct Conjugation {
    /// The infinitive as given.
    pub infinitive: String,
    /// Conjugation group.
    pub group: Group,
    /// Forms in generation order; spelling variants follow the main paradigm.
    pub forms: Vec<Form>,
}

impl Conjugation {
    /// First form for a tense, person (1..=3) and number; non-finite tenses ignore both.
    pub fn get(&self, tense: Tense, person: u8, number: Number) -> Option<&str> {
        self.forms
            .iter()
            .find(|f| {
                f.tense == tense
                    && (!tense.is_finite()
                        || (f.person == Some(person) && f.number == Some(number)))
            })
            .map(|f| f.text.as_str())
    }

    /// Past participle agreeing in gender and number.
    pub fn participle(&self, gender: Gender, number: Number) -> Option<&str> {
        self.forms
            .iter()
            .find(|f| {
                f.tense == Tense::ParticipePasse
                    && f.gender.is_none_or(|g| g == gender)
                    && f.number.is_none_or(|n| n == number)
            })
            .map(|f| f.text.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SgEnd {
    /// -e -es -e (estime, ouvre).
    E,
    /// -s -s -t (dis, finis).
    S,
    /// -x -x -t (veux).
    X,
    /// -s -s ∅ (prends, met).
    D,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Vowel {
    A,
    I,
    U,
    In,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Soften {
    No,
    /// c → ç before a/o.
    C,
    /// g → ge before a/o.
    G,
}

/// Slot override: (tense, index, replacement of the matched suffix).
/// Index: person 1..=6 for finite tenses, 1..=4 (ms, fs, mp, fp) for the participle.
type Override = (Tense, u8, &'static str);

/// One row of the irregular table. Every stem replaces `suffix` in the infinitive.
#[derive(Debug, Clone, Copy)]
struct Irr {
    suffix: &'static str,
    /// Allowed prefixes before the suffix; empty = any (compounds).
    only: &'static [&'static str],
    sg: &'static str,
    sg_end: SgEnd,
    pl: &'static str,
    pl3: &'static str,
    ps: &'static str,
    vowel: Vowel,
    fut: &'static str,
    subj: &'static str,
    subj_pl: &'static str,
    pp: &'static str,
    imparfait: Option<&'static str>,
    ppr: Option<&'static str>,
    overrides: &'static [Override],
    no_imperative: bool,
    pp_invariable: bool,
}

#[allow(clippy::too_many_arguments)]
const fn irr(
    suffix: &'static str,
    sg: &'static str,
    sg_end: SgEnd,
    pl: &'static str,
    pl3: &'static str,
    ps: &'static str,
    vowel: Vowel,
    fut: &'static str,
    subj: &'static str,
    subj_pl: &'static str,
    pp: &'static str,
) -> Irr {
    Irr {
        suffix,
        only: &[],
        sg,
        sg_end,
        pl,
        pl3,
        ps,
        vowel,
        fut,
        subj,
        subj_pl,
        pp,
        imparfait: None,
        ppr: None,
        overrides: &[],
        no_imperative: false,
        pp_invariable: false,
    }
}

impl Irr {
    const fn only(mut self, p: &'static [&'static str]) -> Self {
        self.only = p;
        self
    }
    const fn ovr(mut self, o: &'static [Override]) -> Self {
        self.overrides = o;
        self
    }
    const fn imparfait(mut self, s: &'static str) -> Self {
        self.imparfait = Some(s);
        self
    }
    const fn ppr(mut self, s: &'static str) -> Self {
        self.ppr = Some(s);
        self
    }
    const fn no_imperative(mut self) -> Self {
        self.no_imperative = true;
        self
    }
    const fn invariable(mut self) -> Self {
        self.pp_invariable = true;
        self
    }
}

use SgEnd::{D, E, S, X};
use Tense::{Imperatif as Imp, ParticipePasse as Pp, Present as Pr, SubjonctifPresent as Sj};
use Vowel::{A, I, In, U};

/// 3rd-group (and aller) paradigms as suffix → stem replacements. The longest matching
/// suffix wins; on equal length the first row wins (restricted rows come first).
const IRREGULAR: &[Irr] = &[
    irr("être", "", S, "", "", "f", U, "ser", "soi", "soy", "été")
        .only(&[""])
        .imparfait("ét")
        .ppr("ét")
        .invariable()
        .ovr(&[
            (Pr, 1, "suis"),
            (Pr, 2, "es"),
            (Pr, 3, "est"),
            (Pr, 4, "sommes"),
            (Pr, 5, "êtes"),
            (Pr, 6, "sont"),
            (Sj, 1, "sois"),
            (Sj, 2, "sois"),
            (Sj, 3, "soit"),
            (Sj, 4, "soyons"),
            (Sj, 5, "soyez"),
            (Imp, 2, "sois"),
            (Imp, 4, "soyons"),
            (Imp, 5, "soyez"),
        ]),
    irr("avoir", "", S, "av", "", "e", U, "aur", "ai", "ay", "eu")
        .only(&[""])
        .ppr("ay")
        .ovr(&[
            (Pr, 1, "ai"),
            (Pr, 2, "as"),
            (Pr, 3, "a"),
            (Pr, 6, "ont"),
            (Sj, 3, "ait"),
            (Sj, 4, "ayons"),
            (Sj, 5, "ayez"),
            (Imp, 2, "aie"),
            (Imp, 4, "ayons"),
            (Imp, 5, "ayez"),
        ]),
    irr(
        "aller", "", S, "all", "", "all", A, "ir", "aill", "all", "allé",
    )
    .only(&[""])
    .ovr(&[
        (Pr, 1, "vais"),
        (Pr, 2, "vas"),
        (Pr, 3, "va"),
        (Pr, 6, "vont"),
        (Imp, 2, "va"),
    ]),
    irr(
        "faire", "fai", S, "fais", "f", "f", I, "fer", "fass", "fass", "fait",
    )
    .ovr(&[(Pr, 5, "faites"), (Pr, 6, "font")]),
    // dire and redire have "dites"; the other compounds (contredire…) have "-disez".
    irr(
        "dire", "di", S, "dis", "dis", "d", I, "dir", "dis", "dis", "dit",
    )
    .only(&["", "re"])
    .ovr(&[(Pr, 5, "dites")]),
    irr(
        "dire", "di", S, "dis", "dis", "d", I, "dir", "dis", "dis", "dit",
    ),
    irr(
        "crire", "cri", S, "criv", "criv", "criv", I, "crir", "criv", "criv", "crit",
    ),
    irr(
        "mettre", "met", D, "mett", "mett", "m", I, "mettr", "mett", "mett", "mis",
    ),
    irr(
        "onnaître",
        "onnai",
        S,
        "onnaiss",
        "onnaiss",
        "onn",
        U,
        "onnaîtr",
        "onnaiss",
        "onnaiss",
        "onnu",
    )
    .ovr(&[(Pr, 3, "onnaît")]),
    irr(
        "araître", "arai", S, "araiss", "araiss", "ar", U, "araîtr", "araiss", "araiss", "aru",
    )
    .ovr(&[(Pr, 3, "araît")]),
    irr(
        "naître", "nai", S, "naiss", "naiss", "naqu", I, "naîtr", "naiss", "naiss", "né",
    )
    .only(&["", "re"])
    .ovr(&[(Pr, 3, "naît")]),
    // venir, tenir and all their compounds.
    irr(
        "enir", "ien", S, "en", "ienn", "", In, "iendr", "ienn", "en", "enu",
    ),
    irr(
        "suivre", "sui", S, "suiv", "suiv", "suiv", I, "suivr", "suiv", "suiv", "suivi",
    ),
    irr(
        "clure", "clu", S, "clu", "clu", "cl", U, "clur", "clu", "clu", "clu",
    ),
    irr(
        "lire", "li", S, "lis", "lis", "l", U, "lir", "lis", "lis", "lu",
    ),
    irr(
        "croire", "croi", S, "croy", "croi", "cr", U, "croir", "croi", "croy", "cru",
    ),
    irr(
        "vouloir", "veu", X, "voul", "veul", "voul", U, "voudr", "veuill", "voul", "voulu",
    )
    .ovr(&[
        (Imp, 2, "veuille"),
        (Imp, 4, "veuillons"),
        (Imp, 5, "veuillez"),
    ]),
    irr(
        "savoir", "sai", S, "sav", "sav", "s", U, "saur", "sach", "sach", "su",
    )
    .ppr("sach")
    .ovr(&[(Imp, 2, "sache"), (Imp, 4, "sachons"), (Imp, 5, "sachez")]),
    irr(
        "pouvoir", "peu", X, "pouv", "peuv", "p", U, "pourr", "puiss", "puiss", "pu",
    )
    .no_imperative()
    .invariable(),
    irr(
        "devoir", "doi", S, "dev", "doiv", "d", U, "devr", "doiv", "dev", "du",
    )
    .ovr(&[(Pp, 1, "dû")]),
    irr(
        "cevoir", "çoi", S, "cev", "çoiv", "ç", U, "cevr", "çoiv", "cev", "çu",
    ),
    irr(
        "valoir", "vau", X, "val", "val", "val", U, "vaudr", "vaill", "val", "valu",
    ),
    irr(
        "prévoir", "prévoi", S, "prévoy", "prévoi", "prév", I, "prévoir", "prévoi", "prévoy",
        "prévu",
    ),
    irr(
        "voir", "voi", S, "voy", "voi", "v", I, "verr", "voi", "voy", "vu",
    ),
    irr(
        "prendre", "prend", D, "pren", "prenn", "pr", I, "prendr", "prenn", "pren", "pris",
    ),
    irr(
        "sentir", "sen", S, "sent", "sent", "sent", I, "sentir", "sent", "sent", "senti",
    ),
    irr(
        "mentir", "men", S, "ment", "ment", "ment", I, "mentir", "ment", "ment", "menti",
    ),
    irr(
        "repentir", "repen", S, "repent", "repent", "repent", I, "repentir", "repent", "repent",
        "repenti",
    ),
    irr(
        "partir", "par", S, "part", "part", "part", I, "partir", "part", "part", "parti",
    )
    .only(&["", "re"]),
    irr(
        "sortir", "sor", S, "sort", "sort", "sort", I, "sortir", "sort", "sort", "sorti",
    )
    .only(&["", "res"]),
    irr(
        "servir", "ser", S, "serv", "serv", "serv", I, "servir", "serv", "serv", "servi",
    )
    .only(&["", "des", "res"]),
    irr(
        "dormir", "dor", S, "dorm", "dorm", "dorm", I, "dormir", "dorm", "dorm", "dormi",
    )
    .only(&["", "en", "ren", "re"]),
    irr(
        "courir", "cour", S, "cour", "cour", "cour", U, "courr", "cour", "cour", "couru",
    ),
    irr(
        "mourir", "meur", S, "mour", "meur", "mour", U, "mourr", "meur", "mour", "mort",
    ),
    irr(
        "quérir", "quier", S, "quér", "quièr", "qu", I, "querr", "quièr", "quér", "quis",
    ),
    irr(
        "cueillir", "cueill", E, "cueill", "cueill", "cueill", I, "cueiller", "cueill", "cueill",
        "cueilli",
    ),
    irr(
        "fuir", "fui", S, "fuy", "fui", "fu", I, "fuir", "fui", "fuy", "fui",
    )
    .only(&["", "en"]),
    irr(
        "vrir", "vr", E, "vr", "vr", "vr", I, "vrir", "vr", "vr", "vert",
    ),
    irr(
        "frir", "fr", E, "fr", "fr", "fr", I, "frir", "fr", "fr", "fert",
    ),
    irr("rire", "ri", S, "ri", "ri", "r", I, "rir", "ri", "ri", "ri").invariable(),
    irr(
        "taire", "tai", S, "tais", "tais", "t", U, "tair", "tais", "tais", "tu",
    ),
    irr(
        "plaire", "plai", S, "plais", "plais", "pl", U, "plair", "plais", "plais", "plu",
    )
    .ovr(&[(Pr, 3, "plaît")])
    .invariable(),
    // craindre, plaindre, peindre, joindre…
    irr(
        "indre", "in", S, "ign", "ign", "ign", I, "indr", "ign", "ign", "int",
    ),
    irr(
        "battre", "bat", D, "batt", "batt", "batt", I, "battr", "batt", "batt", "battu",
    ),
    irr(
        "rompre", "romp", S, "romp", "romp", "romp", I, "rompr", "romp", "romp", "rompu",
    ),
    irr(
        "soudre", "sou", S, "solv", "solv", "sol", U, "soudr", "solv", "solv", "solu",
    ),
    irr(
        "vivre", "vi", S, "viv", "viv", "véc", U, "vivr", "viv", "viv", "vécu",
    ),
    irr(
        "vaincre", "vainc", D, "vainqu", "vainqu", "vainqu", I, "vaincr", "vainqu", "vainqu",
        "vaincu",
    ),
    // conduire, produire, construire, traduire…
    irr(
        "uire", "ui", S, "uis", "uis", "uis", I, "uir", "uis", "uis", "uit",
    ),
    // répondre, rendre, attendre, défendre, perdre…
    irr("dre", "d", D, "d", "d", "d", I, "dr", "d", "d", "du"),
];

/// -eler/-eter verbs that double the consonant instead of taking è.
const DOUBLING: &[&str] = &[
    "appeler",
    "interpeler",
    "jeter",
    "épeler",
    "renouveler",
    "ficeler",
    "niveler",
    "étinceler",
    "ruisseler",
    "atteler",
    "chanceler",
];

/// Stems of one paradigm (owned, with the prefix of compounds applied).
#[derive(Debug, Clone)]
struct Stems {
    sg: String,
    sg_end: SgEnd,
    pl: String,
    pl3: String,
    imparfait: String,
    ps: String,
    vowel: Vowel,
    fut: String,
    subj: String,
    subj_pl: String,
    ppr: String,
    pp: String,
    soften: Soften,
    overrides: Vec<(Tense, u8, String)>,
    no_imperative: bool,
    pp_invariable: bool,
}

const IMPARFAIT: [&str; 6] = ["ais", "ais", "ait", "ions", "iez", "aient"];
const FUTUR: [&str; 6] = ["ai", "as", "a", "ons", "ez", "ont"];
const SUBJ: [&str; 6] = ["e", "es", "e", "ions", "iez", "ent"];

fn sg_endings(e: SgEnd) -> [&'static str; 3] {
    match e {
        SgEnd::E => ["e", "es", "e"],
        SgEnd::S => ["s", "s", "t"],
        SgEnd::X => ["x", "x", "t"],
        SgEnd::D => ["s", "s", ""],
    }
}

fn ps_endings(v: Vowel) -> [&'static str; 6] {
    match v {
        Vowel::A => ["ai", "as", "a", "âmes", "âtes", "èrent"],
        Vowel::I => ["is", "is", "it", "îmes", "îtes", "irent"],
        Vowel::U => ["us", "us", "ut", "ûmes", "ûtes", "urent"],
        Vowel::In => ["ins", "ins", "int", "înmes", "întes", "inrent"],
    }
}

fn subj_imp_endings(v: Vowel) -> [&'static str; 6] {
    match v {
        Vowel::A => ["asse", "asses", "ât", "assions", "assiez", "assent"],
        Vowel::I => ["isse", "isses", "ît", "issions", "issiez", "issent"],
        Vowel::U => ["usse", "usses", "ût", "ussions", "ussiez", "ussent"],
        Vowel::In => ["insse", "insses", "înt", "inssions", "inssiez", "inssent"],
    }
}

/// Joins stem and ending, applying -cer/-ger softening before a back vowel.
fn attach(stem: &str, ending: &str, soften: Soften) -> String {
    let mut s = String::with_capacity(stem.len() + ending.len() + 1);
    let back = ending.starts_with(['a', 'â', 'o']);
    match soften {
        Soften::C if back && stem.ends_with('c') => {
            s.push_str(&stem[..stem.len() - 1]);
            s.push('ç');
        }
        Soften::G if back && stem.ends_with('g') => {
            s.push_str(stem);
            s.push('e');
        }
        _ => s.push_str(stem),
    }
    s.push_str(ending);
    s
}

fn form_of(text: String, tense: Tense, idx: u8) -> Form {
    let (person, number, gender) = match tense {
        Tense::ParticipePasse => {
            let g = if idx == 2 || idx == 4 {
                Gender::Feminine
            } else {
                Gender::Masculine
            };
            let n = if idx >= 3 {
                Number::Plural
            } else {
                Number::Singular
            };
            (None, Some(n), Some(g))
        }
        t if t.is_finite() => {
            let n = if idx > 3 {
                Number::Plural
            } else {
                Number::Singular
            };
            (Some((idx - 1) % 3 + 1), Some(n), None)
        }
        _ => (None, None, None),
    };
    Form {
        text,
        tense,
        person,
        number,
        gender,
    }
}

/// Generates every form of one paradigm.
fn generate(inf: &str, st: &Stems) -> Vec<Form> {
    let mut out: Vec<Form> = Vec::with_capacity(64);
    let mut put = |tense: Tense, idx: u8, text: String| {
        let text = st
            .overrides
            .iter()
            .find(|(t, i, _)| *t == tense && *i == idx)
            .map_or(text, |(_, _, o)| o.clone());
        out.push(form_of(text, tense, idx));
    };
    let sg = sg_endings(st.sg_end);
    let mut present: [String; 6] = Default::default();
    for (k, slot) in present.iter_mut().enumerate() {
        let raw = match k {
            0..=2 => attach(&st.sg, sg.get(k).copied().unwrap_or(""), st.soften),
            3 => attach(&st.pl, "ons", st.soften),
            4 => attach(&st.pl, "ez", st.soften),
            _ => attach(&st.pl3, "ent", st.soften),
        };
        let idx = k as u8 + 1;
        *slot = st
            .overrides
            .iter()
            .find(|(t, i, _)| *t == Tense::Present && *i == idx)
            .map_or(raw, |(_, _, o)| o.clone());
    }
    for (k, p) in present.iter().enumerate() {
        put(Tense::Present, k as u8 + 1, p.clone());
    }
    for (k, e) in IMPARFAIT.iter().enumerate() {
        put(
            Tense::Imparfait,
            k as u8 + 1,
            attach(&st.imparfait, e, st.soften),
        );
    }
    for (k, e) in ps_endings(st.vowel).iter().enumerate() {
        put(
            Tense::PasseSimple,
            k as u8 + 1,
            attach(&st.ps, e, st.soften),
        );
    }
    for (k, e) in FUTUR.iter().enumerate() {
        put(Tense::Futur, k as u8 + 1, format!("{}{e}", st.fut));
    }
    for (k, e) in IMPARFAIT.iter().enumerate() {
        put(Tense::Conditionnel, k as u8 + 1, format!("{}{e}", st.fut));
    }
    for (k, e) in SUBJ.iter().enumerate() {
        let stem = if k == 3 || k == 4 {
            &st.subj_pl
        } else {
            &st.subj
        };
        put(Tense::SubjonctifPresent, k as u8 + 1, format!("{stem}{e}"));
    }
    for (k, e) in subj_imp_endings(st.vowel).iter().enumerate() {
        put(
            Tense::SubjonctifImparfait,
            k as u8 + 1,
            attach(&st.ps, e, st.soften),
        );
    }
    if !st.no_imperative {
        let sg2 = if st.sg_end == SgEnd::E {
            format!("{}e", st.sg)
        } else {
            present[1].clone()
        };
        put(Tense::Imperatif, 2, sg2);
        put(Tense::Imperatif, 4, present[3].clone());
        put(Tense::Imperatif, 5, present[4].clone());
    }
    put(
        Tense::ParticipePresent,
        0,
        attach(&st.ppr, "ant", st.soften),
    );
    put(Tense::ParticipePasse, 1, st.pp.clone());
    if !st.pp_invariable {
        let pl_masc = if st.pp.ends_with(['s', 'x']) {
            st.pp.clone()
        } else {
            format!("{}s", st.pp)
        };
        put(Tense::ParticipePasse, 2, format!("{}e", st.pp));
        put(Tense::ParticipePasse, 3, pl_masc);
        put(Tense::ParticipePasse, 4, format!("{}es", st.pp));
    }
    put(Tense::Infinitif, 0, inf.to_string());
    if st.pp_invariable {
        // One form serves every agreement ("été", "pu").
        for f in out.iter_mut().filter(|f| f.tense == Tense::ParticipePasse) {
            f.gender = None;
            f.number = None;
        }
    }
    out
}

fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'a' | 'e'
            | 'i'
            | 'o'
            | 'u'
            | 'y'
            | 'é'
            | 'è'
            | 'ê'
            | 'ë'
            | 'à'
            | 'â'
            | 'î'
            | 'ï'
            | 'ô'
            | 'û'
            | 'ù'
            | 'ü'
            | 'œ'
            | 'æ'
    )
}

/// Stem alternation of a 1st-group verb before a mute e.
enum Alternation {
    None,
    /// e → è (lève, achète), also in the future.
    GraveE(String),
    /// Doubled consonant (appelle), also in the future.
    Double(String),
    /// é → è (répète); the future keeps é (a variant with è is generated too).
    GraveAcute(String),
}

fn alternation(inf: &str, stem: &str) -> Alternation {
    let chars: Vec<(usize, char)> = stem.char_indices().collect();
    let mut i = chars.len();
    while i > 0 && chars.get(i - 1).is_some_and(|&(_, c)| !is_vowel(c)) {
        i -= 1;
    }
    let Some(&(vi, v)) = i.checked_sub(1).and_then(|j| chars.get(j)) else {
        return Alternation::None;
    };
    let cons: Vec<char> = chars.get(i..).unwrap_or(&[]).iter().map(|c| c.1).collect();
    let cons_ok = match cons.as_slice() {
        [_] => true,
        [a, b] => {
            (matches!(b, 'r' | 'l') && a != b)
                || matches!((a, b), ('c' | 'g' | 'p' | 't', 'h') | ('g', 'n'))
        }
        _ => false,
    };
    if !cons_ok {
        return Alternation::None;
    }
    let tail = stem.get(vi + v.len_utf8()..).unwrap_or("");
    let head = stem.get(..vi).unwrap_or("");
    match v {
        'e' => {
            if head.ends_with(['a', 'e', 'o']) {
                return Alternation::None;
            }
            if cons.len() == 1
                && matches!(cons.first(), Some('l' | 't'))
                && DOUBLING.iter().any(|d| inf.ends_with(d))
            {
                let c = cons.first().copied().unwrap_or('l');
                return Alternation::Double(format!("{stem}{c}"));
            }
            Alternation::GraveE(format!("{head}è{tail}"))
        }
        'é' => Alternation::GraveAcute(format!("{head}è{tail}")),
        _ => Alternation::None,
    }
}

fn er_stems(stem: &str, mute: &str, fut: String, soften: Soften) -> Stems {
    Stems {
        sg: mute.to_string(),
        sg_end: SgEnd::E,
        pl: stem.to_string(),
        pl3: mute.to_string(),
        imparfait: stem.to_string(),
        ps: stem.to_string(),
        vowel: Vowel::A,
        fut,
        subj: mute.to_string(),
        subj_pl: stem.to_string(),
        ppr: stem.to_string(),
        pp: format!("{stem}é"),
        soften,
        overrides: Vec::new(),
        no_imperative: false,
        pp_invariable: false,
    }
}

/// Paradigms of a 1st-group verb: the main one first, spelling variants after.
fn first_group(inf: &str) -> Vec<Stems> {
    let stem = inf.strip_suffix("er").unwrap_or(inf);
    let soften = if stem.ends_with('c') {
        Soften::C
    } else if stem.ends_with('g') {
        Soften::G
    } else {
        Soften::No
    };
    if let Some(base) = stem.strip_suffix('y') {
        let mute = format!("{base}i");
        if base.ends_with(['o', 'u']) {
            let fut = match inf.strip_suffix("envoyer") {
                Some(pre) => format!("{pre}enverr"),
                None => format!("{mute}er"),
            };
            return vec![er_stems(stem, &mute, fut, soften)];
        }
        if base.ends_with('a') {
            return vec![
                er_stems(stem, &mute, format!("{mute}er"), soften),
                er_stems(stem, stem, inf.to_string(), soften),
            ];
        }
    }
    match alternation(inf, stem) {
        Alternation::None => vec![er_stems(stem, stem, inf.to_string(), soften)],
        Alternation::GraveE(m) | Alternation::Double(m) => {
            vec![er_stems(stem, &m, format!("{m}er"), soften)]
        }
        Alternation::GraveAcute(m) => vec![
            er_stems(stem, &m, inf.to_string(), soften),
            er_stems(stem, &m, format!("{m}er"), soften),
        ],
    }
}

fn second_group(inf: &str) -> Stems {
    let stem = inf.strip_suffix("ir").unwrap_or(inf);
    let iss = format!("{stem}iss");
    Stems {
        sg: format!("{stem}i"),
        sg_end: SgEnd::S,
        pl: iss.clone(),
        pl3: iss.clone(),
        imparfait: iss.clone(),
        ps: stem.to_string(),
        vowel: Vowel::I,
        fut: inf.to_string(),
        subj: iss.clone(),
        subj_pl: iss.clone(),
        ppr: iss,
        pp: format!("{stem}i"),
        soften: Soften::No,
        overrides: Vec::new(),
        no_imperative: false,
        pp_invariable: false,
    }
}

/// The irregular row for an infinitive, with the prefix it leaves.
fn irregular_row(inf: &str) -> Option<(&'static Irr, &str)> {
    let mut best: Option<(&'static Irr, &str)> = None;
    for row in IRREGULAR {
        let Some(prefix) = inf.strip_suffix(row.suffix) else {
            continue;
        };
        if !row.only.is_empty() && !row.only.contains(&prefix) {
            continue;
        }
        if best.is_none_or(|(b, _)| row.suffix.len() > b.suffix.len()) {
            best = Some((row, prefix));
        }
    }
    best
}

fn irregular_stems(row: &Irr, prefix: &str) -> Stems {
    let p = |s: &str| format!("{prefix}{s}");
    Stems {
        sg: p(row.sg),
        sg_end: row.sg_end,
        pl: p(row.pl),
        pl3: p(row.pl3),
        imparfait: p(row.imparfait.unwrap_or(row.pl)),
        ps: p(row.ps),
        vowel: row.vowel,
        fut: p(row.fut),
        subj: p(row.subj),
        subj_pl: p(row.subj_pl),
        ppr: p(row.ppr.unwrap_or(row.pl)),
        pp: p(row.pp),
        soften: Soften::No,
        overrides: row
            .overrides
            .iter()
            .map(|&(t, i, s)| (t, i, p(s)))
            .collect(),
        no_imperative: row.no_imperative,
        pp_invariable: row.pp_invariable,
    }
}

/// Conjugates a French infinitive (lowercase, without "se"). Returns `None` for words
/// that are not infinitives this conjugator knows: any -er or -ir verb is accepted
/// (unknown -ir verbs are taken as 2nd group), -re and -oir verbs only when they match
/// a row of the irregular table.
pub fn conjugate(infinitive: &str) -> Option<Conjugation> {
    let inf = infinitive.trim();
    if inf.chars().count() < 3 || !inf.chars().all(|c| c.is_lowercase() || c == '-') {
        return None;
    }
    let (group, paradigms) = if let Some((row, prefix)) = irregular_row(inf) {
        (Group::Third, vec![irregular_stems(row, prefix)])
    } else if inf.ends_with("er") {
        (Group::First, first_group(inf))
    } else if inf.ends_with("ir") {
        (Group::Second, vec![second_group(inf)])
    } else {
        return None;
    };
    let mut paradigms = paradigms.iter();
    let mut forms: Vec<Form> = match paradigms.next() {
        Some(st) => generate(inf, st),
        None => return None,
    };
    // Spelling variants repeat most of the main paradigm: keep only what is new.
    for st in paradigms {
        for f in generate(inf, st) {
            let dup = forms.iter().any(|g| {
                g.text == f.text
                    && g.tense == f.tense
                    && g.person == f.person
                    && g.number == f.number
                    && g.gender == f.gender
            });
            if !dup {
                forms.push(f);
            }
        }
    }
    Some(Conjugation {
        infinitive: inf.to_string(),
        group,
        forms,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use Number::{Plural as Pl, Singular as Sg};

    fn c(inf: &str) -> Conjugation {
        match conjugate(inf) {
            Some(c) => c,
            None => panic!("{inf} not conjugated"),
        }
    }

    fn g(conj: &Conjugation, t: Tense, p: u8, n: Number) -> String {
        conj.get(t, p, n).unwrap_or("<none>").to_string()
    }

    /// Checks the 6 persons of one tense.
    fn six(inf: &str, t: Tense, expected: [&str; 6]) {
        let conj = c(inf);
        for (k, e) in expected.iter().enumerate() {
            let (p, n) = if k < 3 {
                (k as u8 + 1, Sg)
            } else {
                (k as u8 - 2, Pl)
            };
            assert_eq!(g(&conj, t, p, n), *e, "{inf} {t:?} {p} {n:?}");
        }
    }

    fn has(inf: &str, word: &str) -> bool {
        c(inf).forms.iter().any(|f| f.text == word)
    }

    #[test]
    fn first_group_regular() {
        six(
            "estimer",
            Pr,
            [
                "estime", "estimes", "estime", "estimons", "estimez", "estiment",
            ],
        );
        six(
            "déclarer",
            Tense::PasseSimple,
            [
                "déclarai",
                "déclaras",
                "déclara",
                "déclarâmes",
                "déclarâtes",
                "déclarèrent",
            ],
        );
        six(
            "déclarer",
            Tense::Conditionnel,
            [
                "déclarerais",
                "déclarerais",
                "déclarerait",
                "déclarerions",
                "déclareriez",
                "déclareraient",
            ],
        );
        let e = c("estimer");
        assert_eq!(e.participle(Gender::Feminine, Pl), Some("estimées"));
        assert_eq!(e.get(Tense::ParticipePresent, 0, Sg), Some("estimant"));
        assert_eq!(e.get(Tense::Imperatif, 2, Sg), Some("estime"));
        assert_eq!(e.get(Tense::SubjonctifImparfait, 3, Sg), Some("estimât"));
        assert_eq!(e.group, Group::First);
    }

    #[test]
    fn first_group_spelling_changes() {
        six(
            "juger",
            Pr,
            ["juge", "juges", "juge", "jugeons", "jugez", "jugent"],
        );
        six(
            "juger",
            Tense::Imparfait,
            [
                "jugeais",
                "jugeais",
                "jugeait",
                "jugions",
                "jugiez",
                "jugeaient",
            ],
        );
        six(
            "annoncer",
            Tense::PasseSimple,
            [
                "annonçai",
                "annonças",
                "annonça",
                "annonçâmes",
                "annonçâtes",
                "annoncèrent",
            ],
        );
        assert_eq!(
            g(&c("annoncer"), Tense::ParticipePresent, 0, Sg),
            "annonçant"
        );
        six(
            "appeler",
            Pr,
            [
                "appelle",
                "appelles",
                "appelle",
                "appelons",
                "appelez",
                "appellent",
            ],
        );
        assert_eq!(g(&c("appeler"), Tense::Futur, 3, Sg), "appellera");
        assert_eq!(g(&c("rappeler"), Pr, 3, Sg), "rappelle");
        six(
            "acheter",
            Pr,
            [
                "achète",
                "achètes",
                "achète",
                "achetons",
                "achetez",
                "achètent",
            ],
        );
        assert_eq!(g(&c("marteler"), Pr, 3, Sg), "martèle");
        assert_eq!(g(&c("marteler"), Tense::Futur, 3, Sg), "martèlera");
        assert_eq!(g(&c("relever"), Pr, 3, Sg), "relève");
        assert_eq!(g(&c("jeter"), Pr, 3, Pl), "jettent");
        six(
            "répéter",
            Pr,
            [
                "répète",
                "répètes",
                "répète",
                "répétons",
                "répétez",
                "répètent",
            ],
        );
        assert_eq!(g(&c("répéter"), Tense::Futur, 3, Sg), "répétera");
        assert!(has("répéter", "répètera"));
        assert_eq!(g(&c("suggérer"), Sj, 3, Sg), "suggère");
        assert_eq!(g(&c("célébrer"), Pr, 3, Sg), "célèbre");
        assert_eq!(g(&c("protéger"), Pr, 1, Pl), "protégeons");
        assert_eq!(g(&c("protéger"), Pr, 3, Sg), "protège");
        six(
            "employer",
            Pr,
            [
                "emploie",
                "emploies",
                "emploie",
                "employons",
                "employez",
                "emploient",
            ],
        );
        assert_eq!(g(&c("employer"), Tense::Futur, 3, Sg), "emploiera");
        assert_eq!(g(&c("envoyer"), Tense::Futur, 3, Sg), "enverra");
        assert!(has("payer", "paie") && has("payer", "paye"));
        // No spurious alternation.
        assert_eq!(g(&c("présenter"), Pr, 3, Sg), "présente");
        assert_eq!(g(&c("tweeter"), Pr, 3, Sg), "tweete");
        assert_eq!(g(&c("créer"), Pr, 3, Sg), "crée");
        assert_eq!(g(&c("exercer"), Pr, 3, Sg), "exerce");
        assert_eq!(g(&c("installer"), Pr, 3, Sg), "installe");
    }

    #[test]
    fn second_group() {
        six(
            "réagir",
            Pr,
            [
                "réagis",
                "réagis",
                "réagit",
                "réagissons",
                "réagissez",
                "réagissent",
            ],
        );
        six(
            "avertir",
            Tense::PasseSimple,
            [
                "avertis",
                "avertis",
                "avertit",
                "avertîmes",
                "avertîtes",
                "avertirent",
            ],
        );
        assert_eq!(g(&c("applaudir"), Tense::Imparfait, 3, Sg), "applaudissait");
        assert_eq!(g(&c("applaudir"), Tense::Futur, 3, Pl), "applaudiront");
        assert_eq!(c("réagir").participle(Gender::Masculine, Sg), Some("réagi"));
        assert_eq!(c("réagir").group, Group::Second);
        // répartir is 2nd group although it ends in "partir".
        assert_eq!(g(&c("répartir"), Pr, 1, Pl), "répartissons");
        assert_eq!(g(&c("ralentir"), Pr, 1, Pl), "ralentissons");
    }

    #[test]
    fn dire_family() {
        six(
            "dire",
            Pr,
            ["dis", "dis", "dit", "disons", "dites", "disent"],
        );
        assert_eq!(g(&c("redire"), Pr, 2, Pl), "redites");
        assert_eq!(g(&c("contredire"), Pr, 2, Pl), "contredisez");
        assert_eq!(g(&c("prédire"), Tense::Futur, 3, Sg), "prédira");
        assert_eq!(g(&c("médire"), Tense::PasseSimple, 3, Pl), "médirent");
        assert_eq!(c("dire").participle(Gender::Feminine, Pl), Some("dites"));
        assert_eq!(c("dire").participle(Gender::Masculine, Pl), Some("dits"));
        assert_eq!(g(&c("dire"), Tense::Imperatif, 2, Pl), "dites");
    }

    #[test]
    fn third_group_reporting_verbs() {
        six(
            "écrire",
            Pr,
            ["écris", "écris", "écrit", "écrivons", "écrivez", "écrivent"],
        );
        assert_eq!(g(&c("décrire"), Tense::PasseSimple, 3, Sg), "décrivit");
        six(
            "admettre",
            Pr,
            [
                "admets",
                "admets",
                "admet",
                "admettons",
                "admettez",
                "admettent",
            ],
        );
        assert_eq!(g(&c("promettre"), Tense::PasseSimple, 3, Sg), "promit");
        assert_eq!(
            c("permettre").participle(Gender::Feminine, Sg),
            Some("permise")
        );
        six(
            "reconnaître",
            Pr,
            [
                "reconnais",
                "reconnais",
                "reconnaît",
                "reconnaissons",
                "reconnaissez",
                "reconnaissent",
            ],
        );
        assert_eq!(
            c("reconnaître").participle(Gender::Masculine, Sg),
            Some("reconnu")
        );
        assert_eq!(g(&c("paraître"), Tense::PasseSimple, 3, Sg), "parut");
        six(
            "prévenir",
            Pr,
            [
                "préviens",
                "préviens",
                "prévient",
                "prévenons",
                "prévenez",
                "préviennent",
            ],
        );
        assert_eq!(g(&c("prévenir"), Tense::PasseSimple, 3, Sg), "prévint");
        assert_eq!(g(&c("soutenir"), Tense::Futur, 3, Sg), "soutiendra");
        assert_eq!(
            g(&c("soutenir"), Tense::SubjonctifImparfait, 3, Sg),
            "soutînt"
        );
        six(
            "poursuivre",
            Pr,
            [
                "poursuis",
                "poursuis",
                "poursuit",
                "poursuivons",
                "poursuivez",
                "poursuivent",
            ],
        );
        assert_eq!(
            c("poursuivre").participle(Gender::Masculine, Sg),
            Some("poursuivi")
        );
        six(
            "conclure",
            Tense::PasseSimple,
            [
                "conclus",
                "conclus",
                "conclut",
                "conclûmes",
                "conclûtes",
                "conclurent",
            ],
        );
        assert_eq!(g(&c("conclure"), Tense::Futur, 1, Pl), "conclurons");
        six(
            "vouloir",
            Pr,
            ["veux", "veux", "veut", "voulons", "voulez", "veulent"],
        );
        assert_eq!(g(&c("vouloir"), Tense::Conditionnel, 3, Sg), "voudrait");
        assert_eq!(g(&c("vouloir"), Sj, 1, Pl), "voulions");
        assert_eq!(g(&c("vouloir"), Tense::Imperatif, 2, Pl), "veuillez");
        assert_eq!(g(&c("croire"), Tense::Imparfait, 3, Sg), "croyait");
        assert_eq!(g(&c("croire"), Pr, 3, Pl), "croient");
        assert_eq!(g(&c("faire"), Pr, 3, Pl), "font");
        assert_eq!(g(&c("satisfaire"), Pr, 2, Pl), "satisfaites");
        assert_eq!(g(&c("comprendre"), Pr, 3, Pl), "comprennent");
        assert_eq!(g(&c("reprendre"), Pr, 3, Sg), "reprend");
        assert_eq!(g(&c("recevoir"), Pr, 3, Sg), "reçoit");
        assert_eq!(g(&c("décevoir"), Tense::PasseSimple, 3, Sg), "déçut");
        assert_eq!(g(&c("prévoir"), Tense::Futur, 3, Sg), "prévoira");
        assert_eq!(g(&c("voir"), Tense::Futur, 3, Sg), "verra");
        assert_eq!(g(&c("démentir"), Pr, 3, Sg), "dément");
        assert_eq!(g(&c("sourire"), Pr, 3, Sg), "sourit");
        assert_eq!(g(&c("plaindre"), Pr, 3, Sg), "plaint");
        assert_eq!(g(&c("craindre"), Pr, 1, Pl), "craignons");
        assert_eq!(g(&c("débattre"), Pr, 3, Sg), "débat");
        assert_eq!(g(&c("ouvrir"), Pr, 3, Sg), "ouvre");
        assert_eq!(
            c("ouvrir").participle(Gender::Masculine, Sg),
            Some("ouvert")
        );
        assert_eq!(g(&c("interrompre"), Pr, 3, Sg), "interrompt");
        assert_eq!(g(&c("résoudre"), Pr, 3, Sg), "résout");
        assert_eq!(
            c("résoudre").participle(Gender::Masculine, Sg),
            Some("résolu")
        );
        assert_eq!(g(&c("vivre"), Tense::PasseSimple, 3, Sg), "vécut");
        assert_eq!(g(&c("répondre"), Pr, 3, Sg), "répond");
        assert_eq!(
            c("répondre").participle(Gender::Masculine, Sg),
            Some("répondu")
        );
        assert_eq!(g(&c("taire"), Pr, 3, Sg), "tait");
        assert_eq!(c("devoir").participle(Gender::Masculine, Sg), Some("dû"));
        assert_eq!(c("devoir").participle(Gender::Feminine, Sg), Some("due"));
        assert_eq!(g(&c("savoir"), Tense::ParticipePresent, 0, Sg), "sachant");
        assert_eq!(g(&c("pouvoir"), Pr, 3, Sg), "peut");
        assert_eq!(g(&c("lire"), Tense::PasseSimple, 3, Sg), "lut");
    }

    #[test]
    fn etre_avoir_aller() {
        six("être", Pr, ["suis", "es", "est", "sommes", "êtes", "sont"]);
        six(
            "être",
            Tense::Imparfait,
            ["étais", "étais", "était", "étions", "étiez", "étaient"],
        );
        six(
            "être",
            Sj,
            ["sois", "sois", "soit", "soyons", "soyez", "soient"],
        );
        assert_eq!(g(&c("être"), Tense::Futur, 3, Sg), "sera");
        assert_eq!(g(&c("être"), Tense::PasseSimple, 3, Sg), "fut");
        assert_eq!(c("être").participle(Gender::Feminine, Pl), Some("été"));
        six("avoir", Pr, ["ai", "as", "a", "avons", "avez", "ont"]);
        six(
            "avoir",
            Sj,
            ["aie", "aies", "ait", "ayons", "ayez", "aient"],
        );
        assert_eq!(g(&c("avoir"), Tense::Conditionnel, 3, Sg), "aurait");
        assert_eq!(g(&c("avoir"), Tense::PasseSimple, 3, Sg), "eut");
        assert_eq!(g(&c("avoir"), Tense::ParticipePresent, 0, Sg), "ayant");
        six(
            "aller",
            Pr,
            ["vais", "vas", "va", "allons", "allez", "vont"],
        );
        assert_eq!(g(&c("aller"), Tense::Futur, 3, Sg), "ira");
        assert_eq!(g(&c("aller"), Sj, 3, Sg), "aille");
    }

    #[test]
    fn rejects_non_verbs() {
        assert!(conjugate("table").is_none());
        assert!(conjugate("maison").is_none());
        assert!(conjugate("").is_none());
        assert!(conjugate("Estimer").is_none());
    }

    #[test]
    fn every_row_is_reachable_and_complete() {
        for row in IRREGULAR {
            let inf = format!("{}{}", row.only.first().copied().unwrap_or(""), row.suffix);
            let conj = c(&inf);
            let finite = conj.forms.iter().filter(|f| f.tense.is_finite()).count();
            assert!(finite >= 42, "{inf}: {finite} finite forms");
            assert!(conj.forms.iter().all(|f| !f.text.is_empty()), "{inf}");
        }
    }
}
