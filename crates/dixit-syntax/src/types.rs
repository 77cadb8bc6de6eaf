//! The UD vocabulary of the layer: parts of speech, relations and a packed feature bundle.

pub use dixit_lexicon::{Gender, Number};

/// Universal part-of-speech tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[repr(u8)]
pub enum Upos {
    /// Adjective.
    Adj = 0,
    /// Adposition.
    Adp = 1,
    /// Adverb.
    Adv = 2,
    /// Auxiliary.
    Aux = 3,
    /// Coordinating conjunction.
    Cconj = 4,
    /// Determiner.
    Det = 5,
    /// Interjection.
    Intj = 6,
    /// Noun.
    Noun = 7,
    /// Numeral.
    Num = 8,
    /// Particle.
    Part = 9,
    /// Pronoun.
    Pron = 10,
    /// Proper noun.
    Propn = 11,
    /// Punctuation.
    Punct = 12,
    /// Subordinating conjunction.
    Sconj = 13,
    /// Symbol.
    Sym = 14,
    /// Verb.
    Verb = 15,
    /// Other.
    #[default]
    X = 16,
}

/// Number of UPOS tags.
pub const NUM_UPOS: usize = 17;

impl Upos {
    /// Every tag, by index.
    pub const ALL: [Upos; NUM_UPOS] = [
        Upos::Adj,
        Upos::Adp,
        Upos::Adv,
        Upos::Aux,
        Upos::Cconj,
        Upos::Det,
        Upos::Intj,
        Upos::Noun,
        Upos::Num,
        Upos::Part,
        Upos::Pron,
        Upos::Propn,
        Upos::Punct,
        Upos::Sconj,
        Upos::Sym,
        Upos::Verb,
        Upos::X,
    ];

    /// Tag of a dense index (out of range: `X`).
    pub fn from_index(i: usize) -> Upos {
        Upos::ALL.get(i).copied().unwrap_or(Upos::X)
    }

    /// The tag as written in CoNLL-U.
    pub fn as_str(self) -> &'static str {
        match self {
            Upos::Adj => "ADJ",
            Upos::Adp => "ADP",
            Upos::Adv => "ADV",
            Upos::Aux => "AUX",
            Upos::Cconj => "CCONJ",
            Upos::Det => "DET",
            Upos::Intj => "INTJ",
            Upos::Noun => "NOUN",
            Upos::Num => "NUM",
            Upos::Part => "PART",
            Upos::Pron => "PRON",
            Upos::Propn => "PROPN",
            Upos::Punct => "PUNCT",
            Upos::Sconj => "SCONJ",
            Upos::Sym => "SYM",
            Upos::Verb => "VERB",
            Upos::X => "X",
        }
    }

    /// Parses a CoNLL-U tag.
    pub fn parse(s: &str) -> Option<Upos> {
        Upos::ALL.iter().copied().find(|u| u.as_str() == s)
    }

    /// True for verbs and auxiliaries.
    pub fn is_verbal(self) -> bool {
        matches!(self, Upos::Verb | Upos::Aux)
    }

    /// True for nouns, proper nouns and pronouns (what can head a subject or object).
    pub fn is_nominal(self) -> bool {
        matches!(self, Upos::Noun | Upos::Propn | Upos::Pron)
    }
}

impl std::fmt::Display for Upos {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Universal Dependencies relation, with the subtypes French UD treebanks use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[repr(u8)]
pub enum Deprel {
    /// `acl`.
    Acl = 0,
    /// `acl:relcl`.
    AclRelcl = 1,
    /// `advcl`.
    Advcl = 2,
    /// `advcl:cleft`.
    AdvclCleft = 3,
    /// `advmod`.
    Advmod = 4,
    /// `amod`.
    Amod = 5,
    /// `appos`.
    Appos = 6,
    /// `aux`.
    Aux = 7,
    /// `aux:caus`.
    AuxCaus = 8,
    /// `aux:pass`.
    AuxPass = 9,
    /// `aux:tense`.
    AuxTense = 10,
    /// `case`.
    Case = 11,
    /// `cc`.
    Cc = 12,
    /// `ccomp`.
    Ccomp = 13,
    /// `clf`.
    Clf = 14,
    /// `compound`.
    Compound = 15,
    /// `conj`.
    Conj = 16,
    /// `cop`.
    Cop = 17,
    /// `csubj`.
    Csubj = 18,
    /// `csubj:pass`.
    CsubjPass = 19,
    /// `dep`.
    #[default]
    Dep = 20,
    /// `dep:comp`.
    DepComp = 21,
    /// `det`.
    Det = 22,
    /// `discourse`.
    Discourse = 23,
    /// `dislocated`.
    Dislocated = 24,
    /// `expl`.
    Expl = 25,
    /// `expl:comp`.
    ExplComp = 26,
    /// `expl:pass`.
    ExplPass = 27,
    /// `expl:pv`.
    ExplPv = 28,
    /// `expl:subj`.
    ExplSubj = 29,
    /// `fixed`.
    Fixed = 30,
    /// `flat`.
    Flat = 31,
    /// `flat:foreign`.
    FlatForeign = 32,
    /// `flat:name`.
    FlatName = 33,
    /// `goeswith`.
    Goeswith = 34,
    /// `iobj`.
    Iobj = 35,
    /// `iobj:agent`.
    IobjAgent = 36,
    /// `list`.
    List = 37,
    /// `mark`.
    Mark = 38,
    /// `nmod`.
    Nmod = 39,
    /// `nsubj`.
    Nsubj = 40,
    /// `nsubj:caus`.
    NsubjCaus = 41,
    /// `nsubj:outer`.
    NsubjOuter = 42,
    /// `nsubj:pass`.
    NsubjPass = 43,
    /// `nummod`.
    Nummod = 44,
    /// `obj`.
    Obj = 45,
    /// `obj:agent`.
    ObjAgent = 46,
    /// `obj:lvc`.
    ObjLvc = 47,
    /// `obl`.
    Obl = 48,
    /// `obl:agent`.
    OblAgent = 49,
    /// `obl:arg`.
    OblArg = 50,
    /// `obl:mod`.
    OblMod = 51,
    /// `orphan`.
    Orphan = 52,
    /// `parataxis`.
    Parataxis = 53,
    /// `parataxis:insert`.
    ParataxisInsert = 54,
    /// `punct`.
    Punct = 55,
    /// `reparandum`.
    Reparandum = 56,
    /// `root`.
    Root = 57,
    /// `vocative`.
    Vocative = 58,
    /// `xcomp`.
    Xcomp = 59,
}

/// Number of relations.
pub const NUM_DEPRELS: usize = 60;

impl Deprel {
    /// Every relation, by index.
    pub const ALL: [Deprel; NUM_DEPRELS] = [
        Deprel::Acl,
        Deprel::AclRelcl,
        Deprel::Advcl,
        Deprel::AdvclCleft,
        Deprel::Advmod,
        Deprel::Amod,
        Deprel::Appos,
        Deprel::Aux,
        Deprel::AuxCaus,
        Deprel::AuxPass,
        Deprel::AuxTense,
        Deprel::Case,
        Deprel::Cc,
        Deprel::Ccomp,
        Deprel::Clf,
        Deprel::Compound,
        Deprel::Conj,
        Deprel::Cop,
        Deprel::Csubj,
        Deprel::CsubjPass,
        Deprel::Dep,
        Deprel::DepComp,
        Deprel::Det,
        Deprel::Discourse,
        Deprel::Dislocated,
        Deprel::Expl,
        Deprel::ExplComp,
        Deprel::ExplPass,
        Deprel::ExplPv,
        Deprel::ExplSubj,
        Deprel::Fixed,
        Deprel::Flat,
        Deprel::FlatForeign,
        Deprel::FlatName,
        Deprel::Goeswith,
        Deprel::Iobj,
        Deprel::IobjAgent,
        Deprel::List,
        Deprel::Mark,
        Deprel::Nmod,
        Deprel::Nsubj,
        Deprel::NsubjCaus,
        Deprel::NsubjOuter,
        Deprel::NsubjPass,
        Deprel::Nummod,
        Deprel::Obj,
        Deprel::ObjAgent,
        Deprel::ObjLvc,
        Deprel::Obl,
        Deprel::OblAgent,
        Deprel::OblArg,
        Deprel::OblMod,
        Deprel::Orphan,
        Deprel::Parataxis,
        Deprel::ParataxisInsert,
        Deprel::Punct,
        Deprel::Reparandum,
        Deprel::Root,
        Deprel::Vocative,
        Deprel::Xcomp,
    ];

    /// The label as written in CoNLL-U (`nsubj:pass`).
    pub fn as_str(self) -> &'static str {
        match self {
            Deprel::Acl => "acl",
            Deprel::AclRelcl => "acl:relcl",
            Deprel::Advcl => "advcl",
            Deprel::AdvclCleft => "advcl:cleft",
            Deprel::Advmod => "advmod",
            Deprel::Amod => "amod",
            Deprel::Appos => "appos",
            Deprel::Aux => "aux",
            Deprel::AuxCaus => "aux:caus",
            Deprel::AuxPass => "aux:pass",
            Deprel::AuxTense => "aux:tense",
            Deprel::Case => "case",
            Deprel::Cc => "cc",
            Deprel::Ccomp => "ccomp",
            Deprel::Clf => "clf",
            Deprel::Compound => "compound",
            Deprel::Conj => "conj",
            Deprel::Cop => "cop",
            Deprel::Csubj => "csubj",
            Deprel::CsubjPass => "csubj:pass",
            Deprel::Dep => "dep",
            Deprel::DepComp => "dep:comp",
            Deprel::Det => "det",
            Deprel::Discourse => "discourse",
            Deprel::Dislocated => "dislocated",
            Deprel::Expl => "expl",
            Deprel::ExplComp => "expl:comp",
            Deprel::ExplPass => "expl:pass",
            Deprel::ExplPv => "expl:pv",
            Deprel::ExplSubj => "expl:subj",
            Deprel::Fixed => "fixed",
            Deprel::Flat => "flat",
            Deprel::FlatForeign => "flat:foreign",
            Deprel::FlatName => "flat:name",
            Deprel::Goeswith => "goeswith",
            Deprel::Iobj => "iobj",
            Deprel::IobjAgent => "iobj:agent",
            Deprel::List => "list",
            Deprel::Mark => "mark",
            Deprel::Nmod => "nmod",
            Deprel::Nsubj => "nsubj",
            Deprel::NsubjCaus => "nsubj:caus",
            Deprel::NsubjOuter => "nsubj:outer",
            Deprel::NsubjPass => "nsubj:pass",
            Deprel::Nummod => "nummod",
            Deprel::Obj => "obj",
            Deprel::ObjAgent => "obj:agent",
            Deprel::ObjLvc => "obj:lvc",
            Deprel::Obl => "obl",
            Deprel::OblAgent => "obl:agent",
            Deprel::OblArg => "obl:arg",
            Deprel::OblMod => "obl:mod",
            Deprel::Orphan => "orphan",
            Deprel::Parataxis => "parataxis",
            Deprel::ParataxisInsert => "parataxis:insert",
            Deprel::Punct => "punct",
            Deprel::Reparandum => "reparandum",
            Deprel::Root => "root",
            Deprel::Vocative => "vocative",
            Deprel::Xcomp => "xcomp",
        }
    }

    /// Parses a CoNLL-U label; an unknown subtype falls back to its universal relation, an
    /// unknown relation gives `None`.
    pub fn parse(s: &str) -> Option<Deprel> {
        let r = match s {
            "acl" => Deprel::Acl,
            "acl:relcl" => Deprel::AclRelcl,
            "advcl" => Deprel::Advcl,
            "advcl:cleft" => Deprel::AdvclCleft,
            "advmod" => Deprel::Advmod,
            "amod" => Deprel::Amod,
            "appos" => Deprel::Appos,
            "aux" => Deprel::Aux,
            "aux:caus" => Deprel::AuxCaus,
            "aux:pass" => Deprel::AuxPass,
            "aux:tense" => Deprel::AuxTense,
            "case" => Deprel::Case,
            "cc" => Deprel::Cc,
            "ccomp" => Deprel::Ccomp,
            "clf" => Deprel::Clf,
            "compound" => Deprel::Compound,
            "conj" => Deprel::Conj,
            "cop" => Deprel::Cop,
            "csubj" => Deprel::Csubj,
            "csubj:pass" => Deprel::CsubjPass,
            "dep" => Deprel::Dep,
            "dep:comp" => Deprel::DepComp,
            "det" => Deprel::Det,
            "discourse" => Deprel::Discourse,
            "dislocated" => Deprel::Dislocated,
            "expl" => Deprel::Expl,
            "expl:comp" => Deprel::ExplComp,
            "expl:pass" => Deprel::ExplPass,
            "expl:pv" => Deprel::ExplPv,
            "expl:subj" => Deprel::ExplSubj,
            "fixed" => Deprel::Fixed,
            "flat" => Deprel::Flat,
            "flat:foreign" => Deprel::FlatForeign,
            "flat:name" => Deprel::FlatName,
            "goeswith" => Deprel::Goeswith,
            "iobj" => Deprel::Iobj,
            "iobj:agent" => Deprel::IobjAgent,
            "list" => Deprel::List,
            "mark" => Deprel::Mark,
            "nmod" => Deprel::Nmod,
            "nsubj" => Deprel::Nsubj,
            "nsubj:caus" => Deprel::NsubjCaus,
            "nsubj:outer" => Deprel::NsubjOuter,
            "nsubj:pass" => Deprel::NsubjPass,
            "nummod" => Deprel::Nummod,
            "obj" => Deprel::Obj,
            "obj:agent" => Deprel::ObjAgent,
            "obj:lvc" => Deprel::ObjLvc,
            "obl" => Deprel::Obl,
            "obl:agent" => Deprel::OblAgent,
            "obl:arg" => Deprel::OblArg,
            "obl:mod" => Deprel::OblMod,
            "orphan" => Deprel::Orphan,
            "parataxis" => Deprel::Parataxis,
            "parataxis:insert" => Deprel::ParataxisInsert,
            "punct" => Deprel::Punct,
            "reparandum" => Deprel::Reparandum,
            "root" => Deprel::Root,
            "vocative" => Deprel::Vocative,
            "xcomp" => Deprel::Xcomp,
            _ => return s.split_once(':').and_then(|(base, _)| Deprel::parse(base)),
        };
        Some(r)
    }

    /// The universal relation without its subtype (`nsubj:pass` → `nsubj`).
    pub fn base(self) -> Deprel {
        match self {
            Deprel::AclRelcl => Deprel::Acl,
            Deprel::AdvclCleft => Deprel::Advcl,
            Deprel::AuxCaus | Deprel::AuxPass | Deprel::AuxTense => Deprel::Aux,
            Deprel::CsubjPass => Deprel::Csubj,
            Deprel::DepComp => Deprel::Dep,
            Deprel::ExplComp | Deprel::ExplPass | Deprel::ExplPv | Deprel::ExplSubj => Deprel::Expl,
            Deprel::FlatForeign | Deprel::FlatName => Deprel::Flat,
            Deprel::IobjAgent => Deprel::Iobj,
            Deprel::NsubjCaus | Deprel::NsubjOuter | Deprel::NsubjPass => Deprel::Nsubj,
            Deprel::ObjAgent | Deprel::ObjLvc => Deprel::Obj,
            Deprel::OblAgent | Deprel::OblArg | Deprel::OblMod => Deprel::Obl,
            Deprel::ParataxisInsert => Deprel::Parataxis,
            other => other,
        }
    }
}

impl std::fmt::Display for Deprel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Grammatical person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Person {
    /// First.
    First,
    /// Second.
    Second,
    /// Third.
    Third,
}

/// UD `VerbForm`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VerbForm {
    /// Finite.
    Fin,
    /// Infinitive.
    Inf,
    /// Participle.
    Part,
}

/// UD `Tense`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tense {
    /// Present.
    Pres,
    /// Past (passé simple, past participle).
    Past,
    /// Imperfect.
    Imp,
    /// Future.
    Fut,
}

/// UD `Mood`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mood {
    /// Indicative.
    Ind,
    /// Subjunctive.
    Sub,
    /// Conditional.
    Cnd,
    /// Imperative.
    Imp,
}

/// One morphological feature the layer knows, with its bit field in [`Feats`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeatField {
    /// UD feature name.
    pub name: &'static str,
    /// Values, in code order (code 0 is "absent", value `k` has code `k + 1`).
    pub values: &'static [&'static str],
    /// Lowest bit.
    pub shift: u32,
    /// Width in bits.
    pub bits: u32,
}

impl FeatField {
    /// Code of this field in a packed bundle (0: absent).
    #[inline]
    pub fn get(&self, packed: u32) -> u32 {
        (packed >> self.shift) & ((1 << self.bits) - 1)
    }

    /// `packed` with this field set to `code`.
    #[inline]
    pub fn set(&self, packed: u32, code: u32) -> u32 {
        let mask = ((1 << self.bits) - 1) << self.shift;
        (packed & !mask) | ((code << self.shift) & mask)
    }

    /// Number of codes, "absent" included.
    pub fn arity(&self) -> usize {
        self.values.len() + 1
    }
}

/// Every field, in the UD order of FEATS (case-insensitive alphabetical).
pub const FIELDS: [FeatField; 13] = [
    FeatField {
        name: "Definite",
        values: &["Def", "Ind"],
        shift: 18,
        bits: 2,
    },
    FeatField {
        name: "Gender",
        values: &["Masc", "Fem"],
        shift: 0,
        bits: 2,
    },
    FeatField {
        name: "Mood",
        values: &["Ind", "Sub", "Cnd", "Imp"],
        shift: 11,
        bits: 3,
    },
    FeatField {
        name: "Number",
        values: &["Sing", "Plur"],
        shift: 2,
        bits: 2,
    },
    FeatField {
        name: "NumType",
        values: &["Card", "Ord", "Frac"],
        shift: 20,
        bits: 2,
    },
    FeatField {
        name: "Person",
        values: &["1", "2", "3"],
        shift: 4,
        bits: 2,
    },
    FeatField {
        name: "Polarity",
        values: &["Neg", "Pos"],
        shift: 22,
        bits: 2,
    },
    FeatField {
        name: "Poss",
        values: &["Yes"],
        shift: 26,
        bits: 1,
    },
    FeatField {
        name: "PronType",
        values: &[
            "Art", "Dem", "Emp", "Exc", "Ind", "Int", "Neg", "Prs", "Rcp", "Rel", "Tot",
        ],
        shift: 14,
        bits: 4,
    },
    FeatField {
        name: "Reflex",
        values: &["Yes"],
        shift: 27,
        bits: 1,
    },
    FeatField {
        name: "Tense",
        values: &["Pres", "Past", "Imp", "Fut"],
        shift: 8,
        bits: 3,
    },
    FeatField {
        name: "VerbForm",
        values: &["Fin", "Inf", "Part"],
        shift: 6,
        bits: 2,
    },
    FeatField {
        name: "Voice",
        values: &["Act", "Pass"],
        shift: 24,
        bits: 2,
    },
];

/// Index into [`FIELDS`] of the fields the tagger predicts from context, in head order.
pub const PREDICTED: [usize; 6] = [1, 3, 5, 11, 10, 2];

/// Bits of the fields the tagger predicts; the others come from the lexicon and the parse.
pub(crate) fn predicted_mask() -> u32 {
    PREDICTED.iter().fold(0, |m, &i| {
        let f = &FIELDS[i];
        m | (((1u32 << f.bits) - 1) << f.shift)
    })
}

/// Morphological features of a word, packed in 32 bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Feats(pub u32);

impl Feats {
    /// No feature.
    pub const EMPTY: Feats = Feats(0);

    fn code(self, field: usize) -> u32 {
        FIELDS.get(field).map_or(0, |f| f.get(self.0))
    }

    /// Grammatical gender.
    pub fn gender(self) -> Option<Gender> {
        match self.code(1) {
            1 => Some(Gender::Masculine),
            2 => Some(Gender::Feminine),
            _ => None,
        }
    }

    /// Grammatical number.
    pub fn number(self) -> Option<Number> {
        match self.code(3) {
            1 => Some(Number::Singular),
            2 => Some(Number::Plural),
            _ => None,
        }
    }

    /// Grammatical person.
    pub fn person(self) -> Option<Person> {
        match self.code(5) {
            1 => Some(Person::First),
            2 => Some(Person::Second),
            3 => Some(Person::Third),
            _ => None,
        }
    }

    /// Verb form.
    pub fn verb_form(self) -> Option<VerbForm> {
        match self.code(11) {
            1 => Some(VerbForm::Fin),
            2 => Some(VerbForm::Inf),
            3 => Some(VerbForm::Part),
            _ => None,
        }
    }

    /// Tense.
    pub fn tense(self) -> Option<Tense> {
        match self.code(10) {
            1 => Some(Tense::Pres),
            2 => Some(Tense::Past),
            3 => Some(Tense::Imp),
            4 => Some(Tense::Fut),
            _ => None,
        }
    }

    /// Mood.
    pub fn mood(self) -> Option<Mood> {
        match self.code(2) {
            1 => Some(Mood::Ind),
            2 => Some(Mood::Sub),
            3 => Some(Mood::Cnd),
            4 => Some(Mood::Imp),
            _ => None,
        }
    }

    /// True for `Voice=Pass` (a passive participle).
    pub fn is_passive(self) -> bool {
        self.code(12) == 2
    }

    /// True for `Reflex=Yes`.
    pub fn is_reflexive(self) -> bool {
        self.code(9) == 1
    }

    /// `PronType` value as written in UD (`Prs`, `Rel`, `Dem`…).
    pub fn pron_type(self) -> Option<&'static str> {
        self.value(8)
    }

    /// Value of field `i` of [`FIELDS`] as written in UD.
    pub fn value(self, i: usize) -> Option<&'static str> {
        let c = self.code(i) as usize;
        FIELDS.get(i)?.values.get(c.checked_sub(1)?).copied()
    }

    /// Parses a CoNLL-U FEATS column; unknown features and values are ignored.
    pub fn parse(s: &str) -> Feats {
        let mut packed = 0u32;
        for kv in s.split('|') {
            let Some((k, v)) = kv.split_once('=') else {
                continue;
            };
            if let Some(f) = FIELDS.iter().find(|f| f.name == k)
                && let Some(c) = f.values.iter().position(|x| *x == v)
            {
                packed = f.set(packed, c as u32 + 1);
            }
        }
        Feats(packed)
    }

    /// Writes the CoNLL-U FEATS column (`_` when empty).
    pub fn write(self, out: &mut String) {
        let start = out.len();
        for (i, f) in FIELDS.iter().enumerate() {
            if let Some(v) = self.value(i) {
                if out.len() > start {
                    out.push('|');
                }
                out.push_str(f.name);
                out.push('=');
                out.push_str(v);
            }
        }
        if out.len() == start {
            out.push('_');
        }
    }
}

impl std::fmt::Display for Feats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut s = String::new();
        self.write(&mut s);
        f.write_str(&s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upos_round_trip() {
        for (i, u) in Upos::ALL.iter().enumerate() {
            assert_eq!(*u as usize, i);
            assert_eq!(Upos::parse(u.as_str()), Some(*u));
            assert_eq!(Upos::from_index(i), *u);
        }
        assert_eq!(Upos::parse("FOO"), None);
    }

    #[test]
    fn deprels_round_trip_and_fall_back() {
        for (i, d) in Deprel::ALL.iter().enumerate() {
            assert_eq!(*d as usize, i);
            assert_eq!(Deprel::parse(d.as_str()), Some(*d));
        }
        assert_eq!(Deprel::parse("nsubj:pass"), Some(Deprel::NsubjPass));
        assert_eq!(Deprel::NsubjPass.base(), Deprel::Nsubj);
        assert_eq!(Deprel::parse("obl:tmod"), Some(Deprel::Obl));
        assert_eq!(Deprel::parse("xcomp"), Some(Deprel::Xcomp));
        assert_eq!(Deprel::parse("nope"), None);
    }

    #[test]
    fn feats_round_trip_in_ud_order() {
        let s = "Definite=Def|Gender=Fem|Number=Plur|PronType=Art";
        let f = Feats::parse(s);
        assert_eq!(f.to_string(), s);
        assert_eq!(f.gender(), Some(Gender::Feminine));
        assert_eq!(f.number(), Some(Number::Plural));
        assert_eq!(f.person(), None);
        let v = Feats::parse("Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin");
        assert_eq!(
            v.to_string(),
            "Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin"
        );
        assert_eq!(v.mood(), Some(Mood::Ind));
        assert_eq!(v.tense(), Some(Tense::Pres));
        assert_eq!(v.verb_form(), Some(VerbForm::Fin));
        assert_eq!(v.person(), Some(Person::Third));
        assert_eq!(Feats::parse("_").to_string(), "_");
        assert_eq!(Feats::parse("Foo=Bar|Gender=Xyz").0, 0);
        let all = "Definite=Ind|Gender=Masc|Mood=Imp|Number=Sing|NumType=Ord|Person=2|Polarity=Neg|Poss=Yes|PronType=Tot|Reflex=Yes|Tense=Fut|VerbForm=Part|Voice=Pass";
        assert_eq!(Feats::parse(all).to_string(), all);
        assert!(Feats::parse(all).is_passive());
        assert!(Feats::parse(all).is_reflexive());
    }

    #[test]
    fn fields_do_not_overlap() {
        let mut used = 0u32;
        for f in FIELDS {
            let m = ((1u32 << f.bits) - 1) << f.shift;
            assert_eq!(used & m, 0, "{}", f.name);
            assert!(f.values.len() < (1 << f.bits), "{}", f.name);
            used |= m;
        }
    }
}
