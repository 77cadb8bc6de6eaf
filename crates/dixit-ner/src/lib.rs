//! French named-entity recognition: an averaged-perceptron sequence labeller over hashed
//! features (word, affixes, shape, context window, word clusters, name lists), IOB2 tags
//! over PER, LOC, ORG and MISC. Pure Rust at inference; the shipped model is embedded.

#![warn(missing_docs)]

mod conll;
mod eval;
mod features;
mod model;
mod train;

pub use conll::{Sentence, parse_conll, read_conll, split_holdout, write_conll};
pub use dixit_learn::{ClusterConfig, ClusterWord, Clusters, learn_clusters, tokenize_plain};
pub use eval::{EntityScore, Scores, score, spans};
pub use features::{Lexicon, flags};
pub use model::{Model, eval_conll_file, tag_conll_file, tag_conll_text};
pub use train::{Epoch, Gazetteers, TrainConfig, build_lexicon, evaluate, train};

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
pub enum NerError {
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// Writing a model failed.
    #[error("writing model: {0}")]
    Write(#[from] std::io::Error),
    /// A CoNLL file is malformed.
    #[error("{path}:{line}: {message}")]
    Conll {
        /// The file.
        path: String,
        /// One-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A model file is not a dixit NER model, is of another version, truncated or corrupted.
    #[error("invalid NER model: {0}")]
    BadModel(String),
    /// Training cannot proceed (no data, bad settings).
    #[error("training: {0}")]
    Train(String),
}

/// Entity type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityType {
    /// Person.
    Per,
    /// Location.
    Loc,
    /// Organisation.
    Org,
    /// Miscellaneous (works, events, nationalities, products…).
    Misc,
}

impl EntityType {
    /// All types, in tag order.
    pub const ALL: [EntityType; 4] = [Self::Per, Self::Loc, Self::Org, Self::Misc];

    /// Label as in CoNLL files ("PER").
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Per => "PER",
            Self::Loc => "LOC",
            Self::Org => "ORG",
            Self::Misc => "MISC",
        }
    }
}

/// One IOB2 tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[repr(u8)]
pub enum Tag {
    /// Outside any entity.
    #[default]
    O = 0,
    /// First token of a person.
    BPer = 1,
    /// Continuation of a person.
    IPer = 2,
    /// First token of a location.
    BLoc = 3,
    /// Continuation of a location.
    ILoc = 4,
    /// First token of an organisation.
    BOrg = 5,
    /// Continuation of an organisation.
    IOrg = 6,
    /// First token of a miscellaneous entity.
    BMisc = 7,
    /// Continuation of a miscellaneous entity.
    IMisc = 8,
}

/// Number of distinct tags.
pub const NUM_TAGS: usize = 9;

impl Tag {
    /// All tags, by index.
    pub const ALL: [Tag; NUM_TAGS] = [
        Tag::O,
        Tag::BPer,
        Tag::IPer,
        Tag::BLoc,
        Tag::ILoc,
        Tag::BOrg,
        Tag::IOrg,
        Tag::BMisc,
        Tag::IMisc,
    ];

    /// Dense index in `0..NUM_TAGS`.
    pub fn index(self) -> usize {
        self as usize
    }

    /// Tag of a dense index (out-of-range indices give `O`).
    pub fn from_index(i: usize) -> Tag {
        Tag::ALL.get(i).copied().unwrap_or(Tag::O)
    }

    /// Entity type, `None` for `O`.
    pub fn entity(self) -> Option<EntityType> {
        match self {
            Tag::O => None,
            Tag::BPer | Tag::IPer => Some(EntityType::Per),
            Tag::BLoc | Tag::ILoc => Some(EntityType::Loc),
            Tag::BOrg | Tag::IOrg => Some(EntityType::Org),
            Tag::BMisc | Tag::IMisc => Some(EntityType::Misc),
        }
    }

    /// Whether this tag opens an entity.
    pub fn is_begin(self) -> bool {
        matches!(self, Tag::BPer | Tag::BLoc | Tag::BOrg | Tag::BMisc)
    }

    /// Whether this tag continues an entity.
    pub fn is_inside(self) -> bool {
        matches!(self, Tag::IPer | Tag::ILoc | Tag::IOrg | Tag::IMisc)
    }

    /// The `B-` tag of a type.
    pub fn begin(t: EntityType) -> Tag {
        match t {
            EntityType::Per => Tag::BPer,
            EntityType::Loc => Tag::BLoc,
            EntityType::Org => Tag::BOrg,
            EntityType::Misc => Tag::BMisc,
        }
    }

    /// The `I-` tag of a type.
    pub fn inside(t: EntityType) -> Tag {
        match t {
            EntityType::Per => Tag::IPer,
            EntityType::Loc => Tag::ILoc,
            EntityType::Org => Tag::IOrg,
            EntityType::Misc => Tag::IMisc,
        }
    }

    /// Whether `self` may follow `prev` in IOB2 (an `I-X` needs a `B-X` or `I-X` before it).
    pub fn may_follow(self, prev: Tag) -> bool {
        !self.is_inside() || prev.entity() == self.entity()
    }

    /// CoNLL label ("B-PER", "O").
    pub fn as_str(self) -> &'static str {
        match self {
            Tag::O => "O",
            Tag::BPer => "B-PER",
            Tag::IPer => "I-PER",
            Tag::BLoc => "B-LOC",
            Tag::ILoc => "I-LOC",
            Tag::BOrg => "B-ORG",
            Tag::IOrg => "I-ORG",
            Tag::BMisc => "B-MISC",
            Tag::IMisc => "I-MISC",
        }
    }

    /// Parses a CoNLL label; IOB1/BIOES prefixes are mapped to B/I, unknown types to `O`.
    pub fn parse(label: &str) -> Option<Tag> {
        if label == "O" {
            return Some(Tag::O);
        }
        let (pre, ty) = label.split_once('-')?;
        let ty = match ty {
            "PER" => EntityType::Per,
            "LOC" => EntityType::Loc,
            "ORG" => EntityType::Org,
            "MISC" => EntityType::Misc,
            _ => return Some(Tag::O),
        };
        match pre {
            "B" | "S" => Some(Tag::begin(ty)),
            "I" | "E" => Some(Tag::inside(ty)),
            _ => None,
        }
    }
}

impl std::fmt::Display for Tag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip_through_labels() {
        for t in Tag::ALL {
            assert_eq!(Tag::parse(t.as_str()), Some(t));
            assert_eq!(Tag::from_index(t.index()), t);
        }
        assert_eq!(Tag::parse("S-LOC"), Some(Tag::BLoc));
        assert_eq!(Tag::parse("B-TIME"), Some(Tag::O));
        assert_eq!(Tag::parse("X"), None);
    }

    #[test]
    fn inside_needs_same_type_before() {
        assert!(Tag::IPer.may_follow(Tag::BPer));
        assert!(Tag::IPer.may_follow(Tag::IPer));
        assert!(!Tag::IPer.may_follow(Tag::O));
        assert!(!Tag::IPer.may_follow(Tag::BLoc));
        assert!(Tag::BLoc.may_follow(Tag::O));
    }
}
