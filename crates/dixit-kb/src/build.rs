//! Compiles the open-data sources into the compact TSV files of `data/kb/`.
//!
//! Inputs (read-only): `nosdeputes2/`, `twitter_parlementaires/`, `rne/`, `gouvernements/`,
//! `mdiplo_medias/` under `src`, plus the hand-written `supplement.tsv` (media, parties,
//! institutions the open data lacks) and `memberships.tsv` (dated party memberships the
//! open data lacks). Output is sorted and deterministic.
//!
//! Offices keep their dates and, for mandates, the party they were held under; the same
//! mandate seen in several sources is written once (see [`consolidate`]).

use crate::table::Table;
use crate::text::{clean, slug, title_case_name};
use crate::{KbError, parse_date};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

/// Counts of what `compile` wrote.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct BuildStats {
    /// Distinct persons.
    pub persons: usize,
    /// Office lines.
    pub offices: usize,
    /// Dated party membership lines (`parties.tsv`).
    pub memberships: usize,
    /// Media outlets.
    pub media: usize,
    /// Organizations (parties included).
    pub organizations: usize,
    /// Distinct first names.
    pub first_names: usize,
    /// Person keys seen with two different birth dates (homonyms merged under one id).
    pub homonyms: usize,
    /// Total bytes written.
    pub bytes: usize,
}

/// Compiles `src` (the `shared/data/kb` folder) into `out`, reading `out/supplement.tsv`.
pub fn compile(src: &Path, out: &Path) -> Result<BuildStats, KbError> {
    compile_with(src, &out.join("supplement.tsv"), out)
}

/// Like [`compile`] with an explicit supplement path (skipped when the file is absent).
///
/// The hand-written `memberships.tsv` is read next to the supplement, when present.
pub fn compile_with(src: &Path, supplement: &Path, out: &Path) -> Result<BuildStats, KbError> {
    let mut b = Builder::default();
    b.gouvernements(src)?;
    b.nosdeputes(src)?;
    b.twitter(src)?;
    b.rne(src)?;
    if supplement.exists() {
        b.supplement(&read(supplement)?)?;
    }
    b.mdiplo(src)?;
    b.nosdeputes_organes(src)?;
    let memberships = supplement.with_file_name("memberships.tsv");
    if memberships.exists() {
        b.memberships(&read(&memberships)?, &memberships)?;
    }
    b.write(out)
}

fn read(p: &Path) -> Result<String, KbError> {
    std::fs::read_to_string(p).map_err(|e| KbError::Io(p.to_path_buf(), e))
}

fn table(p: PathBuf, sep: char) -> Result<Table, KbError> {
    Ok(Table::parse(&read(&p)?, sep))
}

/// How trustworthy the written form of a name is: proper-cased sources beat derived casing.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum NameQuality {
    Derived,
    Proper,
}

#[derive(Default)]
struct PersonAcc {
    name: String,
    first: String,
    last: String,
    quality: Option<NameQuality>,
    gender: Option<char>,
    /// (rank, label): the lowest rank (most recent source) wins.
    party: Option<(u8, String)>,
    sources: BTreeSet<&'static str>,
    birth: Option<String>,
    homonym: bool,
    offices: Vec<OfficeAcc>,
    memberships: Vec<MembershipAcc>,
}

/// Where an office line comes from, best first: decides which place and party spelling
/// survives when sources describe the same mandate.
const RANK_GOUV: u8 = 0;
const RANK_AN: u8 = 1;
const RANK_TW: u8 = 2;
const RANK_RNE: u8 = 3;

/// One office as read from a source; dates are `YYYY-MM-DD` or empty.
#[derive(Debug, Clone, PartialEq, Eq)]
struct OfficeAcc {
    start: String,
    title: String,
    end: String,
    place: String,
    /// Party the mandate was held under (declared party or RNE nuance), or empty.
    party: String,
    rank: u8,
    /// `end` is the end of the legislature, not a date a source gave.
    end_inferred: bool,
}

/// A dated party membership not tied to a mandate.
#[derive(Debug, Clone, PartialEq, Eq)]
struct MembershipAcc {
    start: String,
    end: String,
    party: String,
    /// `an` (Assemblée nationale financial attachment) or `sup` (memberships.tsv).
    source: &'static str,
}

#[derive(Default)]
struct EntityAcc {
    name: String,
    aliases: Vec<String>,
    kind: String,
    owner: String,
}

#[derive(Default)]
struct Builder {
    persons: BTreeMap<String, PersonAcc>,
    media: BTreeMap<String, EntityAcc>,
    orgs: BTreeMap<String, EntityAcc>,
    /// Slug of every name/alias already claimed → ("m"/"o", entity key).
    claimed: HashMap<String, (char, String)>,
    homonyms: usize,
}

/// One office as read from a source (see [`OfficeAcc`]).
struct OfficeIn<'a> {
    title: &'a str,
    start: &'a str,
    end: &'a str,
    place: &'a str,
    party: Option<String>,
    rank: u8,
}

/// One person record as read from a source.
struct PersonIn<'a> {
    first: &'a str,
    last: &'a str,
    gender: &'a str,
    birth: &'a str,
    source: &'static str,
    party: Option<(u8, String)>,
}

impl Builder {
    fn person(&mut self, p: PersonIn<'_>) -> Option<String> {
        let first = clean(p.first);
        let last_raw = crate::text::normalize_particle(p.last);
        if first.is_empty() || last_raw.is_empty() {
            return None;
        }
        let proper = !crate::text::is_caps_name(&last_raw);
        let last = title_case_name(&last_raw);
        let name = format!("{first} {last}");
        let key = slug(&name);
        if key.is_empty() {
            return None;
        }
        let quality = if proper {
            NameQuality::Proper
        } else {
            NameQuality::Derived
        };
        let acc = self.persons.entry(key.clone()).or_default();
        if acc.quality.is_none_or(|q| q < quality) {
            acc.name = name;
            acc.first = first;
            acc.last = last;
            acc.quality = Some(quality);
        }
        let gender = match p.gender {
            "H" | "M" | "M." => Some('M'),
            "F" | "Mme" => Some('F'),
            _ => None,
        };
        if acc.gender.is_none() {
            acc.gender = gender;
        }
        let birth = p.birth.get(..10).unwrap_or(p.birth).to_string();
        if !birth.is_empty() {
            match &acc.birth {
                Some(b) if *b != birth && !acc.homonym => {
                    acc.homonym = true;
                    self.homonyms += 1;
                }
                Some(_) => {}
                None => acc.birth = Some(birth),
            }
        }
        if let Some((rank, label)) = p.party
            && !label.is_empty()
            && acc.party.as_ref().is_none_or(|(r, _)| rank < *r)
        {
            acc.party = Some((rank, label));
        }
        acc.sources.insert(p.source);
        Some(key)
    }

    fn office(&mut self, key: &str, o: OfficeIn<'_>) {
        let title = clean(o.title);
        if title.is_empty() {
            return;
        }
        if let Some(acc) = self.persons.get_mut(key) {
            acc.offices.push(OfficeAcc {
                start: date(o.start).to_string(),
                title,
                end: date(o.end).to_string(),
                place: clean(o.place),
                party: o.party.unwrap_or_default(),
                rank: o.rank,
                end_inferred: false,
            });
        }
    }

    fn membership(&mut self, key: &str, m: MembershipAcc) {
        if let Some(acc) = self.persons.get_mut(key) {
            acc.memberships.push(m);
        }
    }

    fn gouvernements(&mut self, src: &Path) -> Result<(), KbError> {
        let dir = src.join("gouvernements");
        let t = table(dir.join("occupations.csv"), ',')?;
        for r in &t.rows {
            let key = self.person(PersonIn {
                first: t.get(r, "prenom"),
                last: t.get(r, "nom"),
                gender: "",
                birth: "",
                source: "gouv",
                party: None,
            });
            if let Some(key) = key {
                self.office(
                    &key,
                    OfficeIn {
                        title: t.get(r, "fonction"),
                        start: t.get(r, "date_debut_fonction"),
                        end: t.get(r, "date_fin_fonction"),
                        place: "",
                        party: None,
                        rank: RANK_GOUV,
                    },
                );
            }
        }
        let t = table(dir.join("presidents.csv"), ',')?;
        for r in &t.rows {
            let key = self.person(PersonIn {
                first: t.get(r, "prenom"),
                last: t.get(r, "nom"),
                gender: "M",
                birth: "",
                source: "gouv",
                party: None,
            });
            if let Some(key) = key {
                self.office(
                    &key,
                    OfficeIn {
                        title: "Président de la République",
                        start: t.get(r, "date_debut_mandat"),
                        end: t.get(r, "date_fin_mandat"),
                        place: "",
                        party: None,
                        rank: RANK_GOUV,
                    },
                );
            }
        }
        Ok(())
    }

    fn nosdeputes(&mut self, src: &Path) -> Result<(), KbError> {
        let dir = src.join("nosdeputes2");
        let organes = table(dir.join("opendata_organes.csv"), ',')?;
        let mut parties: HashMap<&str, &str> = HashMap::new();
        for r in &organes.rows {
            if organes.get(r, "codeType") == "PARPOL" {
                parties.insert(organes.get(r, "id"), organes.get(r, "libelle"));
            }
        }
        let links = table(dir.join("opendata_deputes-organes.csv"), ',')?;
        let mut party_of: HashMap<&str, &str> = HashMap::new();
        let mut seats: Vec<(&str, &str, &str)> = Vec::new();
        // Yearly declarations of the party a deputy is financially attached to (1 December
        // to 30 November), each with its dates: the dated party history of AN deputies.
        let mut attachments: Vec<(&str, &str, &str, &str)> = Vec::new();
        for r in &links.rows {
            let dep = links.get(r, "depId");
            match links.get(r, "typeOrgane") {
                "PARPOL" => {
                    if let Some(p) = parties.get(links.get(r, "orgId")) {
                        if links.get(r, "dateFin").is_empty() {
                            party_of.insert(dep, p);
                        }
                        attachments.push((
                            dep,
                            p,
                            links.get(r, "dateDebut"),
                            links.get(r, "dateFin"),
                        ));
                    }
                }
                "ASSEMBLEE" => {
                    seats.push((dep, links.get(r, "dateDebut"), links.get(r, "dateFin")));
                }
                _ => {}
            }
        }
        let deps = table(dir.join("opendata_deputes.csv"), ',')?;
        let mut keys: HashMap<&str, (String, bool)> = HashMap::new();
        for r in &deps.rows {
            let id = deps.get(r, "id");
            let party = party_of.get(id).and_then(|l| party_label(l));
            let female = deps.get(r, "civ") == "Mme";
            let key = self.person(PersonIn {
                first: deps.get(r, "prenom"),
                last: deps.get(r, "nom"),
                gender: deps.get(r, "civ"),
                birth: deps.get(r, "dateNais"),
                source: "an",
                party: party.map(|p| (1, p)),
            });
            if let Some(key) = key {
                keys.insert(id, (key, female));
            }
        }
        for (dep, start, end) in seats {
            if let Some((key, female)) = keys.get(dep) {
                let title = if *female { "députée" } else { "député" };
                let o = OfficeIn {
                    title,
                    start,
                    end,
                    place: "",
                    party: None,
                    rank: RANK_AN,
                };
                self.office(key, o);
            }
        }
        for (dep, label, start, end) in attachments {
            let (Some((key, _)), Some(party)) = (keys.get(dep), party_label(label)) else {
                continue;
            };
            let m = MembershipAcc {
                start: date(start).to_string(),
                end: date(end).to_string(),
                party,
                source: "an",
            };
            self.membership(key, m);
        }
        Ok(())
    }

    fn twitter(&mut self, src: &Path) -> Result<(), KbError> {
        let dir = src.join("twitter_parlementaires");
        // (file, rank of its party for the latest-party column, deputies?)
        let files: [(&str, u8, bool); 4] = [
            ("deputes.json", 1, true),
            ("senateurs.json", 2, false),
            ("deputes_2017-2022.json", 3, true),
            ("deputes_2012-2017.json", 4, true),
        ];
        for (file, rank, deputy) in files {
            let path = dir.join(file);
            let text = read(&path)?;
            let v: serde_json::Value =
                serde_json::from_str(&text).map_err(|e| KbError::Json(path.clone(), e))?;
            let Some(items) = v.as_array() else {
                return Err(KbError::Format(path, "expected a JSON array".into()));
            };
            for it in items {
                let s = |k: &str| it.get(k).and_then(|x| x.as_str()).unwrap_or("");
                let party = party_label(s("parti_ratt_financier")).map(|p| (rank, p));
                let key = self.person(PersonIn {
                    first: s("prenom"),
                    last: s("nom_de_famille"),
                    gender: s("sexe"),
                    birth: s("date_naissance"),
                    source: "tw",
                    party,
                });
                let Some(key) = key else { continue };
                let female = s("sexe") == "F";
                let title = match (deputy, female) {
                    (true, false) => "député",
                    (true, true) => "députée",
                    (false, false) => "sénateur",
                    (false, true) => "sénatrice",
                };
                // The party is the one declared for this mandate, not for earlier ones.
                let o = OfficeIn {
                    title,
                    start: s("mandat_debut"),
                    end: s("mandat_fin"),
                    place: s("nom_circo"),
                    party: party_label(s("parti_ratt_financier")),
                    rank: RANK_TW,
                };
                self.office(&key, o);
                // Every deputy mandate of the person, with dates ("20/06/2012 / 20/06/2017 /
                // fin de législature"): earlier mandates the file has no record for.
                let past = it.get("anciens_mandats").and_then(|v| v.as_array());
                for m in past.into_iter().flatten() {
                    let text = m.get("mandat").and_then(|x| x.as_str()).unwrap_or("");
                    let Some((start, end)) = past_mandate(text) else {
                        continue;
                    };
                    let o = OfficeIn {
                        title,
                        start: &start,
                        end: &end,
                        place: "",
                        party: None,
                        rank: RANK_TW,
                    };
                    self.office(&key, o);
                }
            }
        }
        Ok(())
    }

    fn rne(&mut self, src: &Path) -> Result<(), KbError> {
        let dir = src.join("rne");
        // (file, masculine title, feminine title, column naming the place)
        let files = [
            (
                "9-elus-depute.csv",
                "député",
                "députée",
                "libelle_departement",
            ),
            (
                "8-elus-senateur.csv",
                "sénateur",
                "sénatrice",
                "libelle_departement",
            ),
            (
                "7-elus-representant-parlement-europeen.csv",
                "député européen",
                "députée européenne",
                "",
            ),
            (
                "5-elus-regional.csv",
                "conseiller régional",
                "conseillère régionale",
                "libelle_region",
            ),
            (
                "4-elus-conseiller-departemental.csv",
                "conseiller départemental",
                "conseillère départementale",
                "libelle_departement",
            ),
            (
                "6-elus-membre-assemblees.csv",
                "conseiller",
                "conseillère",
                "libelle_collectivite_statut_particulier",
            ),
        ];
        for (file, masc, fem, place_col) in files {
            let t = table(dir.join(file), '\t')?;
            for r in &t.rows {
                let nuance = rne_party(
                    t.get(r, "code_nuance_mandat"),
                    t.get(r, "libelle_nuance_mandat"),
                );
                let key = self.person(PersonIn {
                    first: t.get(r, "prenom_elu"),
                    last: t.get(r, "nom_elu"),
                    gender: t.get(r, "sexe_elu"),
                    birth: t.get(r, "date_naissance_elu"),
                    source: "rne",
                    party: nuance.clone().map(|p| (0, p)),
                });
                let Some(key) = key else { continue };
                let female = t.get(r, "sexe_elu") == "F";
                let place = if place_col.is_empty() {
                    ""
                } else {
                    t.get(r, place_col)
                };
                let title = if female { fem } else { masc };
                let o = OfficeIn {
                    title,
                    start: t.get(r, "date_debut_mandat"),
                    end: "",
                    place,
                    party: nuance,
                    rank: RANK_RNE,
                };
                self.office(&key, o);
                let function = t.get(r, "libelle_fonction");
                if !function.is_empty() {
                    let o = OfficeIn {
                        title: function,
                        start: t.get(r, "date_debut_fonction"),
                        end: "",
                        place,
                        party: None,
                        rank: RANK_RNE,
                    };
                    self.office(&key, o);
                }
            }
        }
        Ok(())
    }

    /// Registers an entity name/alias; returns false when another entity already claimed it.
    fn claim(&mut self, surface: &str, which: char, key: &str) -> bool {
        let s = slug(surface);
        match self.claimed.get(&s) {
            Some((w, k)) => *w == which && k == key,
            None => {
                self.claimed.insert(s, (which, key.to_string()));
                true
            }
        }
    }

    fn add_entity(&mut self, which: char, name: &str, aliases: &[&str], kind: &str, owner: &str) {
        let name = clean(name);
        if name.is_empty() {
            return;
        }
        // An entity whose name is already claimed (by slug) merges into the claimant.
        let existing = self.claimed.get(&slug(&name)).cloned();
        let key = match existing {
            Some((w, k)) if w == which => k,
            Some(_) => return,
            None => slug(&name),
        };
        let map = if which == 'm' {
            &mut self.media
        } else {
            &mut self.orgs
        };
        let is_new = !map.contains_key(&key);
        let acc = map.entry(key.clone()).or_default();
        if is_new {
            acc.name = name.clone();
            acc.kind = kind.to_string();
        } else if acc.name != name && !acc.aliases.contains(&name) {
            acc.aliases.push(name.clone());
        }
        if acc.owner.is_empty() {
            acc.owner = clean(owner);
        }
        let mut surfaces = vec![name];
        surfaces.extend(aliases.iter().map(|a| clean(a)).filter(|a| !a.is_empty()));
        for s in surfaces {
            // Different case/accents share a slug but are distinct patterns for the
            // case-sensitive matcher, so they are kept as aliases.
            let slug_free = self.claim(&s, which, &key);
            let map = if which == 'm' {
                &mut self.media
            } else {
                &mut self.orgs
            };
            if let Some(acc) = map.get_mut(&key) {
                let owned = acc.name == s || acc.aliases.contains(&s);
                if !owned && slug_free {
                    acc.aliases.push(s);
                }
            }
        }
    }

    fn supplement(&mut self, text: &str) -> Result<(), KbError> {
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_end();
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            let (Some(ty), Some(kind), Some(name)) = (f.first(), f.get(1), f.get(2)) else {
                return Err(KbError::Format(
                    PathBuf::from("supplement.tsv"),
                    format!("line {}: expected type, kind, name", n + 1),
                ));
            };
            let aliases: Vec<&str> = f
                .get(3)
                .map(|a| {
                    a.split('|')
                        .map(str::trim)
                        .filter(|a| !a.is_empty())
                        .collect()
                })
                .unwrap_or_default();
            let owner = f.get(4).copied().unwrap_or("");
            let which = match *ty {
                "media" => 'm',
                "org" => 'o',
                other => {
                    return Err(KbError::Format(
                        PathBuf::from("supplement.tsv"),
                        format!("line {}: unknown type {other:?}", n + 1),
                    ));
                }
            };
            self.add_entity(which, name, &aliases, kind, owner);
            // Parliamentary groups are named after the party acronym ("groupe UMP").
            if *kind == "party" {
                for a in aliases.iter().chain(std::iter::once(name)) {
                    if a.len() >= 2 && a.chars().all(|c| c.is_uppercase() || c.is_ascii_digit()) {
                        let g = format!("groupe {a}");
                        self.add_entity('o', &g, &[], "group", "");
                    }
                }
            }
        }
        Ok(())
    }

    /// Reads the hand-written dated memberships: `person  party  start  end  evidence`.
    ///
    /// Every row must name a person the open data already has and carry a valid start
    /// date, so that a typo is a build error rather than a silently dropped fact.
    fn memberships(&mut self, text: &str, path: &Path) -> Result<(), KbError> {
        let err =
            |n: usize, msg: String| KbError::Format(path.to_path_buf(), format!("line {n}: {msg}"));
        let mut header = true;
        for (i, line) in text.lines().enumerate() {
            let n = i + 1;
            let line = line.trim_end();
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            if std::mem::take(&mut header) {
                continue;
            }
            let f: Vec<&str> = line.split('\t').map(str::trim).collect();
            let [name, party, start, end, ..] = f.as_slice() else {
                return Err(err(
                    n,
                    "expected person, party, start, end, evidence".into(),
                ));
            };
            let key = slug(name);
            if !self.persons.contains_key(&key) {
                return Err(err(n, format!("unknown person {name:?}")));
            }
            if party.is_empty() || parse_date(start).is_none() {
                return Err(err(
                    n,
                    format!("party and a YYYY-MM-DD start are required: {line:?}"),
                ));
            }
            if !end.is_empty() && parse_date(end).is_none_or(|e| Some(e) < parse_date(start)) {
                return Err(err(n, format!("bad end date {end:?}")));
            }
            let m = MembershipAcc {
                start: start.to_string(),
                end: end.to_string(),
                party: party.to_string(),
                source: "sup",
            };
            self.membership(&key, m);
        }
        Ok(())
    }

    fn mdiplo(&mut self, src: &Path) -> Result<(), KbError> {
        let dir = src.join("mdiplo_medias");
        let mut owners: HashMap<String, (f64, String)> = HashMap::new();
        for file in ["organisation-media.tsv", "personne-media.tsv"] {
            let t = table(dir.join(file), '\t')?;
            for r in &t.rows {
                let share: f64 = t
                    .get(r, "valeur")
                    .trim_end_matches('%')
                    .parse()
                    .unwrap_or(0.0);
                let target = t.get(r, "cible").to_string();
                let origin = t.get(r, "origine").to_string();
                let e = owners.entry(target).or_insert((-1.0, String::new()));
                if share > e.0 || (share == e.0 && origin < e.1) {
                    *e = (share, origin);
                }
            }
        }
        let t = table(dir.join("medias.tsv"), '\t')?;
        for r in &t.rows {
            let name = t.get(r, "Nom");
            let ty = t.get(r, "Type");
            let kind = if ty.starts_with("Télé") {
                "tv"
            } else if ty.starts_with("Radio") {
                "radio"
            } else if ty.starts_with("Site") || ty.is_empty() {
                "web"
            } else {
                "press"
            };
            let owner = owners.get(name).map_or("", |(_, o)| o.as_str());
            self.add_entity('m', name, &[], kind, owner);
        }
        let t = table(dir.join("organisations.tsv"), '\t')?;
        for r in &t.rows {
            let name = t.get(r, "nom");
            // States and provinces own outlets but are not organisations to tag in text.
            if name.starts_with("République") || name.starts_with("Province") {
                continue;
            }
            let kind = if name.starts_with("Fond")
                || name.starts_with("Association")
                || name.starts_with("Les Amis")
            {
                "association"
            } else {
                "company"
            };
            self.add_entity('o', name, &[], kind, "");
        }
        Ok(())
    }

    fn nosdeputes_organes(&mut self, src: &Path) -> Result<(), KbError> {
        let t = table(src.join("nosdeputes2").join("opendata_organes.csv"), ',')?;
        for r in &t.rows {
            let name = t.get(r, "libelle");
            if name.starts_with("Non ") || name.starts_with("Députés ") {
                continue;
            }
            let kind = match t.get(r, "codeType") {
                "PARPOL" => "party",
                "GP" if name.split_whitespace().count() >= 2 => "group",
                _ => continue,
            };
            self.add_entity('o', name, &[], kind, "");
        }
        Ok(())
    }

    /// Fills unknown genders from the first name when the other persons bearing it are
    /// (≥ 90 %, ≥ 3) of one gender; written in lowercase ("m"/"f") to show it is inferred.
    fn infer_genders(&mut self) {
        let mut by_first: HashMap<String, [u32; 2]> = HashMap::new();
        for p in self.persons.values() {
            let c = by_first.entry(p.first.clone()).or_default();
            match p.gender {
                Some('M') => c[0] += 1,
                Some('F') => c[1] += 1,
                _ => {}
            }
        }
        for p in self.persons.values_mut() {
            if p.gender.is_some() {
                continue;
            }
            let Some(&[m, f]) = by_first.get(&p.first) else {
                continue;
            };
            if m >= 3 && m >= 9 * f {
                p.gender = Some('m');
            } else if f >= 3 && f >= 9 * m {
                p.gender = Some('f');
            }
        }
    }

    fn write(mut self, out: &Path) -> Result<BuildStats, KbError> {
        self.infer_genders();
        std::fs::create_dir_all(out).map_err(|e| KbError::Io(out.to_path_buf(), e))?;
        let mut stats = BuildStats {
            homonyms: self.homonyms,
            ..BuildStats::default()
        };

        let mut persons = String::from("id\tname\tfirst_name\tlast_name\tgender\tparty\tsources\n");
        let mut offices = String::from("person_id\ttitle\tstart\tend\tplace\tparty\n");
        let mut parties = String::from("person_id\tparty\tstart\tend\tsource\n");
        let mut first_names: BTreeMap<String, [u32; 3]> = BTreeMap::new();
        for (key, p) in &mut self.persons {
            let mut sources: Vec<&str> = p.sources.iter().copied().collect();
            if p.homonym {
                sources.push("homonym");
            }
            let party = p.party.as_ref().map_or("", |(_, l)| l.as_str());
            let gender = p.gender.map(String::from).unwrap_or_default();
            let _ = writeln!(
                persons,
                "{key}\t{}\t{}\t{}\t{gender}\t{}\t{}",
                field(&p.name),
                field(&p.first),
                field(&p.last),
                field(party),
                sources.join(",")
            );
            stats.persons += 1;
            for o in consolidate(std::mem::take(&mut p.offices)) {
                let _ = writeln!(
                    offices,
                    "{key}\t{}\t{}\t{}\t{}\t{}",
                    field(&o.title),
                    o.start,
                    o.end,
                    field(&o.place),
                    field(&o.party)
                );
                stats.offices += 1;
            }
            for m in merge_memberships(std::mem::take(&mut p.memberships)) {
                let _ = writeln!(
                    parties,
                    "{key}\t{}\t{}\t{}\t{}",
                    field(&m.party),
                    m.start,
                    m.end,
                    m.source
                );
                stats.memberships += 1;
            }
            for given in p.first.split_whitespace() {
                let mut names = vec![given];
                if given.contains('-') {
                    names.extend(given.split('-').filter(|s| s.chars().count() >= 2));
                }
                for n in names {
                    let c = first_names.entry(n.to_string()).or_default();
                    c[0] += 1;
                    match p.gender {
                        Some('M' | 'm') => c[1] += 1,
                        Some('F' | 'f') => c[2] += 1,
                        _ => {}
                    }
                }
            }
        }
        let mut fnames = String::from("first_name\tcount\tmale\tfemale\n");
        for (n, [c, m, f]) in &first_names {
            let _ = writeln!(fnames, "{}\t{c}\t{m}\t{f}", field(n));
        }
        stats.first_names = first_names.len();

        let mut media = String::from("id\tname\taliases\tkind\towner\n");
        for (key, m) in &self.media {
            let _ = writeln!(
                media,
                "{key}\t{}\t{}\t{}\t{}",
                field(&m.name),
                field(&m.aliases.join("|")),
                m.kind,
                field(&m.owner)
            );
        }
        stats.media = self.media.len();
        let mut orgs = String::from("id\tname\taliases\tkind\n");
        for (key, o) in &self.orgs {
            let _ = writeln!(
                orgs,
                "{key}\t{}\t{}\t{}",
                field(&o.name),
                field(&o.aliases.join("|")),
                o.kind
            );
        }
        stats.organizations = self.orgs.len();

        for (file, text) in [
            ("persons.tsv", &persons),
            ("offices.tsv", &offices),
            ("parties.tsv", &parties),
            ("first_names.tsv", &fnames),
            ("media.tsv", &media),
            ("organizations.tsv", &orgs),
        ] {
            let p = out.join(file);
            std::fs::write(&p, text).map_err(|e| KbError::Io(p.clone(), e))?;
            stats.bytes += text.len();
        }
        Ok(stats)
    }
}

/// Keeps a TSV field on one line.
fn field(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// The `YYYY-MM-DD` part of a source date ("2021-07-01 00:00:00+00").
fn date(s: &str) -> &str {
    let s = s.trim();
    s.get(..10)
        .filter(|d| d.as_bytes().get(4) == Some(&b'-'))
        .unwrap_or(s)
}

/// A French `DD/MM/YYYY` date as ISO `YYYY-MM-DD`, when it is a valid date.
fn fr_date(s: &str) -> Option<String> {
    let mut it = s.trim().split('/');
    let (d, m, y) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() {
        return None;
    }
    let iso = format!("{y}-{m}-{d}");
    parse_date(&iso).map(|_| iso)
}

/// Start and end (empty when running) of a past-mandate line of twitter_parlementaires:
/// "20/06/2012 / 20/06/2017 / fin de législature", "21/06/2017 /  / ".
fn past_mandate(text: &str) -> Option<(String, String)> {
    let mut parts = text.split(" / ").map(str::trim);
    let start = fr_date(parts.next()?)?;
    let end = match parts.next() {
        Some("") | None => String::new(),
        Some(e) => fr_date(e)?,
    };
    Some((start, end))
}

/// Terms of the Assemblée nationale, 11th to 16th legislature (the 16th ended with the
/// dissolution of 9 June 2024). Sources leave a deputy mandate open when they were taken
/// during its legislature; no mandate outlives its legislature.
const LEGISLATURES: &[(&str, &str)] = &[
    ("1997-06-12", "2002-06-18"),
    ("2002-06-19", "2007-06-19"),
    ("2007-06-20", "2012-06-19"),
    ("2012-06-20", "2017-06-20"),
    ("2017-06-21", "2022-06-21"),
    ("2022-06-22", "2024-06-09"),
];

/// Opening and end of the legislature a deputy mandate starting on `start` belongs to.
/// Some sources date a mandate from the election, up to a week before the legislature
/// opens, so the latest legislature whose window (opening minus ten days) holds `start`
/// wins.
fn legislature_of(start: Date) -> Option<(Date, Date)> {
    LEGISLATURES.iter().rev().find_map(|(s, e)| {
        let (s, e) = (parse_date(s)?, parse_date(e)?);
        let window = s.checked_sub(jiff::Span::new().days(10)).ok()?;
        (window <= start && start <= e).then_some((s, e))
    })
}

fn is_deputy_title(title: &str) -> bool {
    matches!(title, "député" | "députée")
}

/// Writes each mandate once: lines of one title whose spans overlap (one mandate seen by
/// several sources) become one, keeping the best source's party, then lines that follow
/// each other day to day (successive governments, re-elections) become one when the
/// party does not change; places must agree. Deputy
/// mandates a source leaves open are closed with their legislature.
///
/// Overlaps are merged first so that a party never travels along a chain: a 2012 term
/// without party, a party-less copy of the 2017 term and the 2017 term with its party
/// must not make the 2012 term that party's.
fn consolidate(mut offices: Vec<OfficeAcc>) -> Vec<OfficeAcc> {
    for o in &mut offices {
        if !is_deputy_title(&o.title) {
            continue;
        }
        let Some((opening, end)) = parse_date(&o.start).and_then(legislature_of) else {
            continue;
        };
        // A mandate won at a general election runs from the opening of the legislature;
        // dated from the election day, it would overlap the outgoing term.
        if parse_date(&o.start).is_some_and(|s| s < opening) {
            o.start = opening.to_string();
        }
        if o.end.is_empty() {
            o.end = end.to_string();
            o.end_inferred = true;
        }
    }
    let by_title_start = |a: &OfficeAcc, b: &OfficeAcc| {
        (&a.title, &a.start, a.rank, &a.end, &a.place, &a.party)
            .cmp(&(&b.title, &b.start, b.rank, &b.end, &b.place, &b.party))
    };
    offices.sort_by(by_title_start);
    offices.dedup();
    let mut out = merge_pass(offices, Join::Overlap);
    out.sort_by(by_title_start);
    let mut out = merge_pass(out, Join::NextDay);
    out.sort_by(|a, b| {
        (&a.start, &a.title, &a.end, &a.place, &a.party)
            .cmp(&(&b.start, &b.title, &b.end, &b.place, &b.party))
    });
    out
}

/// An end date: `Ok(None)` when open, `Err` when written but unreadable.
fn end_date(s: &str) -> Result<Option<Date>, ()> {
    if s.is_empty() {
        Ok(None)
    } else {
        parse_date(s).map(Some).ok_or(())
    }
}

/// How two lines of one title may be joined.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Join {
    /// Overlapping spans: one mandate seen by several sources.
    Overlap,
    /// The second starts the day after the first ends: the next term or government.
    NextDay,
}

/// One pass over lines sorted by title then start, joining each line to an earlier one
/// of the same title when `join` allows.
fn merge_pass(offices: Vec<OfficeAcc>, join: Join) -> Vec<OfficeAcc> {
    let mut out: Vec<OfficeAcc> = Vec::with_capacity(offices.len());
    for o in offices {
        // The lines `o` may continue are the last ones of `out`, all of its title.
        let prev = out
            .iter_mut()
            .rev()
            .take_while(|p| p.title == o.title)
            .find(|p| mergeable(p, &o, join));
        match prev {
            Some(p) => merge_office(p, o, join),
            None => out.push(o),
        }
    }
    out
}

/// Whether two place names are one, folded and without a leading article ("La Réunion",
/// "Réunion"; "Côtes-d'Armor", "Côtes-D'Armor").
fn same_place(a: &str, b: &str) -> bool {
    let key = |s: &str| {
        let k = slug(s);
        ["la-", "le-", "les-", "l-"]
            .iter()
            .find_map(|a| k.strip_prefix(a).map(str::to_string))
            .unwrap_or(k)
    };
    key(a) == key(b)
}

/// Whether `b` (starting no earlier than `a`) joins `a` under `join`.
fn mergeable(a: &OfficeAcc, b: &OfficeAcc, join: Join) -> bool {
    let (Some(_), Some(b_start)) = (parse_date(&a.start), parse_date(&b.start)) else {
        return false;
    };
    let (Ok(a_end), Ok(_)) = (end_date(&a.end), end_date(&b.end)) else {
        return false;
    };
    if !(a.place.is_empty() || b.place.is_empty() || same_place(&a.place, &b.place)) {
        return false;
    }
    match join {
        // One seat seen twice. Parties may differ: the declared party and the electoral
        // "nuance" (LFI and NUPES for one 2022 deputy); the better source's is kept.
        Join::Overlap => a_end.is_none_or(|e| b_start <= e),
        Join::NextDay => {
            a_end.and_then(|e| e.tomorrow().ok()) == Some(b_start) && a.party == b.party
        }
    }
}

fn merge_office(a: &mut OfficeAcc, b: OfficeAcc, join: Join) {
    // A continuation ends where it ends. For one mandate, a date a source gave beats the
    // end of the legislature; of two alike, the later; an open end (running when a source
    // was taken) beats both.
    let ends = (
        end_date(&a.end).ok().flatten(),
        end_date(&b.end).ok().flatten(),
    );
    (a.end, a.end_inferred) = match ends {
        _ if join == Join::NextDay => (b.end, b.end_inferred),
        (Some(x), Some(y)) => match (a.end_inferred, b.end_inferred) {
            (false, true) => (x.to_string(), false),
            (true, false) => (y.to_string(), false),
            (ia, ib) => (x.max(y).to_string(), ia && ib),
        },
        _ => (String::new(), false),
    };
    if !b.place.is_empty() && (a.place.is_empty() || b.rank < a.rank) {
        a.place = b.place;
    }
    if !b.party.is_empty() && (a.party.is_empty() || b.rank < a.rank) {
        a.party = b.party;
    }
    a.rank = a.rank.min(b.rank);
}

/// Merges overlapping or day-to-day memberships of one party from one source (the yearly
/// AN declarations become one span per party).
fn merge_memberships(mut v: Vec<MembershipAcc>) -> Vec<MembershipAcc> {
    v.sort_by(|a, b| (a.source, &a.party, &a.start).cmp(&(b.source, &b.party, &b.start)));
    let mut out: Vec<MembershipAcc> = Vec::with_capacity(v.len());
    for m in v {
        if let Some(p) = out.last_mut()
            && p.source == m.source
            && p.party == m.party
            && let (Ok(p_end), Some(m_start)) = (end_date(&p.end), parse_date(&m.start))
            && p_end.is_none_or(|e| m_start <= e || e.tomorrow().ok() == Some(m_start))
        {
            p.end = match (p_end, end_date(&m.end)) {
                (Some(x), Ok(Some(y))) => x.max(y).to_string(),
                _ => String::new(),
            };
            continue;
        }
        out.push(m);
    }
    out.sort_by(|a, b| (&a.start, &a.party, a.source).cmp(&(&b.start, &b.party, b.source)));
    out
}

/// Maps a party label from the sources to the usual acronym ("Parti socialiste" → "PS").
fn party_label(label: &str) -> Option<String> {
    let key = slug(label);
    let acr = match key.as_str() {
        "" | "non-rattache" | "non-rattachee" | "non-declare-s" | "non-rattache-s" | "divers"
        | "non-connu" => return None,
        "parti-socialiste" | "socialiste" => "PS",
        "les-republicains"
        | "les-republicains-union-pour-un-mouvement-populaire"
        | "le-rassemblement-les-republicains" => "LR",
        "union-pour-un-mouvement-populaire" => "UMP",
        "la-republique-en-marche" | "en-marche" => "LREM",
        "ensemble" | "ensemble-majorite-presidentielle" => "Ensemble",
        "rassemblement-national" => "RN",
        "front-national" => "FN",
        "mouvement-democrate" | "modem" => "MoDem",
        "la-france-insoumise" => "LFI",
        "europe-ecologie-les-verts" => "EELV",
        "parti-communiste-francais" => "PCF",
        "union-des-democrates-et-des-independants"
        | "union-des-democrates-radicaux-et-liberaux"
        | "union-des-radicaux-centristes-independants-et-democrates" => "UDI",
        "parti-radical-de-gauche" => "PRG",
        "debout-la-france" => "DLF",
        "debout-la-republique" => "DLR",
        "nouvelle-union-populaire-ecologique-et-sociale" => "NUPES",
        "generation-s" => "Génération.s",
        "association-psle-nouveau-centre" => "Nouveau Centre",
        _ => return Some(clean(label)),
    };
    Some(acr.to_string())
}

/// Party of an RNE "nuance" (code, label): the blanket "Divers …" codes stay as written.
fn rne_party(code: &str, label: &str) -> Option<String> {
    let acr = match code {
        "" | "NC" | "DIV" => return None,
        "SOC" => "PS",
        "COM" => "PCF",
        "REM" => "LREM",
        "MDM" => "MoDem",
        "VEC" => "EELV",
        "RDG" => "PRG",
        "FI" => "LFI",
        "ENS" => "Ensemble",
        "NUP" => "NUPES",
        "GEN" => "Génération.s",
        "AGR" => "Agir",
        "LR" | "RN" | "UDI" | "DVD" | "DVG" | "DVC" => code,
        _ => return party_label(label),
    };
    Some(acr.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn party_labels_map_to_acronyms() {
        assert_eq!(party_label("Parti socialiste").as_deref(), Some("PS"));
        assert_eq!(party_label("La France Insoumise").as_deref(), Some("LFI"));
        assert_eq!(party_label("Non rattaché"), None);
        assert_eq!(rne_party("SOC", "Socialiste").as_deref(), Some("PS"));
        assert_eq!(
            rne_party("REG", "Régionaliste").as_deref(),
            Some("Régionaliste")
        );
    }

    #[test]
    fn dates_are_trimmed() {
        assert_eq!(date("2021-07-01 00:00:00+00"), "2021-07-01");
        assert_eq!(date(""), "");
        assert_eq!(date("non disponible"), "non disponible");
    }

    #[test]
    fn persons_merge_by_slug_and_prefer_proper_case() {
        let mut b = Builder::default();
        let k1 = b.person(PersonIn {
            first: "Jean-Marie",
            last: "LE GUEN",
            gender: "M",
            birth: "1953-01-29 00:00:00+00",
            source: "rne",
            party: Some((0, "PS".into())),
        });
        let k2 = b.person(PersonIn {
            first: "Jean-Marie ",
            last: "Le Guen",
            gender: "",
            birth: "",
            source: "gouv",
            party: None,
        });
        assert_eq!(k1, k2);
        let p = b
            .persons
            .get("jean-marie-le-guen")
            .map(|p| (p.name.clone(), p.party.clone()));
        assert_eq!(
            p,
            Some(("Jean-Marie Le Guen".into(), Some((0, "PS".into()))))
        );
    }

    fn office(
        title: &str,
        start: &str,
        end: &str,
        place: &str,
        party: &str,
        rank: u8,
    ) -> OfficeAcc {
        OfficeAcc {
            start: start.into(),
            title: title.into(),
            end: end.into(),
            place: place.into(),
            party: party.into(),
            rank,
            end_inferred: false,
        }
    }

    fn spans(v: &[OfficeAcc]) -> Vec<(&str, &str, &str, &str)> {
        v.iter()
            .map(|o| {
                (
                    o.title.as_str(),
                    o.start.as_str(),
                    o.end.as_str(),
                    o.party.as_str(),
                )
            })
            .collect()
    }

    #[test]
    fn past_mandates_and_legislatures() {
        assert_eq!(
            past_mandate("20/06/2012 / 20/06/2017 / fin de législature"),
            Some(("2012-06-20".into(), "2017-06-20".into()))
        );
        assert_eq!(
            past_mandate("21/06/2017 /  / "),
            Some(("2017-06-21".into(), String::new()))
        );
        assert_eq!(past_mandate("31/02/2012 /  / "), None);
        assert_eq!(past_mandate(""), None);
        assert_eq!(fr_date("1/2/2012"), None);
        let d = |s: &str| parse_date(s).expect("date");
        // Elected on 18 June 2017: the 15th legislature, not the end of the 14th.
        assert_eq!(
            legislature_of(d("2017-06-18")),
            Some((d("2017-06-21"), d("2022-06-21")))
        );
        assert_eq!(
            legislature_of(d("2016-01-01")).map(|l| l.1),
            Some(d("2017-06-20"))
        );
        assert_eq!(legislature_of(d("2024-07-18")), None);
    }

    #[test]
    fn one_seat_from_several_sources_is_one_line() {
        let v = vec![
            office("députée", "2017-06-18", "2022-06-21", "", "", RANK_AN),
            office("députée", "2017-06-21", "", "Pas-de-Calais", "RN", RANK_TW),
            office("députée", "2022-06-19", "", "", "", RANK_AN),
            office("députée", "2022-06-22", "", "Pas-De-Calais", "RN", RANK_RNE),
            office("députée", "2022-06-22", "", "Pas-de-Calais", "RN", RANK_TW),
        ];
        let out = consolidate(v);
        assert_eq!(spans(&out), [("députée", "2017-06-21", "2024-06-09", "RN")]);
        assert_eq!(out[0].place, "Pas-de-Calais");
    }

    #[test]
    fn no_party_travels_to_an_earlier_term() {
        // Blein: 2012 term without party (past-mandate line), a party-less copy of the
        // 2017 term, the 2017 term with its declared party.
        let v = vec![
            office("député", "2012-06-20", "2017-06-20", "", "", RANK_TW),
            office("député", "2017-06-21", "", "", "", RANK_TW),
            office("député", "2017-06-21", "", "Rhône", "LREM", RANK_TW),
        ];
        assert_eq!(
            spans(&consolidate(v)),
            [
                ("député", "2012-06-20", "2017-06-20", ""),
                ("député", "2017-06-21", "2022-06-21", "LREM")
            ]
        );
    }

    #[test]
    fn dates_sources_give_beat_legislature_ends() {
        // Left the Assemblée to join the government: the AN's end date wins.
        let v = vec![
            office("député", "2022-06-19", "2022-07-04", "", "", RANK_AN),
            office("député", "2022-06-22", "", "Ain", "Ensemble", RANK_TW),
        ];
        assert_eq!(
            spans(&consolidate(v)),
            [("député", "2022-06-22", "2022-07-04", "Ensemble")]
        );
    }

    #[test]
    fn successive_governments_join_but_gaps_and_places_do_not() {
        let v = vec![
            office(
                "Premier ministre",
                "2014-04-02",
                "2014-08-25",
                "",
                "",
                RANK_GOUV,
            ),
            office(
                "Premier ministre",
                "2014-08-26",
                "2016-12-06",
                "",
                "",
                RANK_GOUV,
            ),
            office(
                "Ministre de l'Intérieur",
                "2012-05-16",
                "2012-06-18",
                "",
                "",
                RANK_GOUV,
            ),
            office(
                "Ministre de l'Intérieur",
                "2012-06-21",
                "2014-03-31",
                "",
                "",
                RANK_GOUV,
            ),
            office("conseiller", "2020-06-28", "", "Lyon", "DVC", RANK_RNE),
            office("conseiller", "2020-06-28", "", "Paris", "PS", RANK_RNE),
            office("sénateur", "2011-10-01", "", "La Réunion", "LR", RANK_TW),
            office("sénateur", "2017-10-02", "", "Réunion", "DVD", RANK_RNE),
        ];
        assert_eq!(
            spans(&consolidate(v)),
            [
                ("sénateur", "2011-10-01", "", "LR"),
                ("Ministre de l'Intérieur", "2012-05-16", "2012-06-18", ""),
                ("Ministre de l'Intérieur", "2012-06-21", "2014-03-31", ""),
                ("Premier ministre", "2014-04-02", "2016-12-06", ""),
                ("conseiller", "2020-06-28", "", "DVC"),
                ("conseiller", "2020-06-28", "", "PS"),
            ]
        );
    }

    #[test]
    fn yearly_declarations_become_spans() {
        let m = |party: &str, start: &str, end: &str| MembershipAcc {
            start: start.into(),
            end: end.into(),
            party: party.into(),
            source: "an",
        };
        let out = merge_memberships(vec![
            m("LREM", "2018-12-01", "2019-11-30"),
            m("LREM", "2017-12-01", "2018-11-30"),
            m("MoDem", "2019-12-01", "2022-06-21"),
            m("LREM", "2020-12-01", "2021-11-30"),
        ]);
        let got: Vec<(&str, &str, &str)> = out
            .iter()
            .map(|m| (m.party.as_str(), m.start.as_str(), m.end.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("LREM", "2017-12-01", "2019-11-30"),
                ("MoDem", "2019-12-01", "2022-06-21"),
                ("LREM", "2020-12-01", "2021-11-30"),
            ]
        );
    }

    #[test]
    fn hand_written_memberships_are_checked() {
        let mut b = Builder::default();
        let key = b.person(PersonIn {
            first: "Yves",
            last: "Blein",
            gender: "M",
            birth: "",
            source: "tw",
            party: None,
        });
        assert_eq!(key.as_deref(), Some("yves-blein"));
        let path = Path::new("memberships.tsv");
        let head = "# comment\nperson\tparty\tstart\tend\tevidence\n";
        let ok = format!("{head}Yves Blein\tPS\t2012-06-20\t2017-06-20\twhy\n");
        assert!(b.memberships(&ok, path).is_ok());
        for bad in [
            "Yves Bleine\tPS\t2012-06-20\t\twhy\n",
            "Yves Blein\tPS\t20/06/2012\t\twhy\n",
            "Yves Blein\t\t2012-06-20\t\twhy\n",
            "Yves Blein\tPS\t2012-06-20\t2011-01-01\twhy\n",
            "Yves Blein\tPS\n",
        ] {
            let text = format!("{head}{bad}");
            assert!(
                matches!(b.memberships(&text, path), Err(KbError::Format(..))),
                "{bad}"
            );
        }
        let got: Vec<(&str, &str)> = b
            .persons
            .get("yves-blein")
            .map(|p| {
                p.memberships
                    .iter()
                    .map(|m| (m.party.as_str(), m.start.as_str()))
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(got, [("PS", "2012-06-20")]);
    }
}
