//! Compiles the open-data sources into the compact TSV files of `data/kb/`.
//!
//! Inputs (read-only): `nosdeputes2/`, `twitter_parlementaires/`, `rne/`, `gouvernements/`,
//! `mdiplo_medias/` under `src`, plus the hand-written `supplement.tsv` (media, parties,
//! institutions the open data lacks). Output is sorted and deterministic.

use crate::KbError;
use crate::table::Table;
use crate::text::{clean, slug, title_case_name};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Counts of what `compile` wrote.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct BuildStats {
    /// Distinct persons.
    pub persons: usize,
    /// Office lines.
    pub offices: usize,
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
    offices: BTreeSet<(String, String, String, String)>,
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

    fn office(&mut self, key: &str, title: &str, start: &str, end: &str, place: &str) {
        let title = clean(title);
        if title.is_empty() {
            return;
        }
        if let Some(acc) = self.persons.get_mut(key) {
            acc.offices.insert((
                date(start).to_string(),
                title,
                date(end).to_string(),
                clean(place),
            ));
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
                    t.get(r, "fonction"),
                    t.get(r, "date_debut_fonction"),
                    t.get(r, "date_fin_fonction"),
                    "",
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
                    "Président de la République",
                    t.get(r, "date_debut_mandat"),
                    t.get(r, "date_fin_mandat"),
                    "",
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
        for r in &links.rows {
            let dep = links.get(r, "depId");
            match links.get(r, "typeOrgane") {
                "PARPOL" if links.get(r, "dateFin").is_empty() => {
                    if let Some(p) = parties.get(links.get(r, "orgId")) {
                        party_of.insert(dep, p);
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
                self.office(key, title, start, end, "");
            }
        }
        Ok(())
    }

    fn twitter(&mut self, src: &Path) -> Result<(), KbError> {
        let dir = src.join("twitter_parlementaires");
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
                self.office(
                    &key,
                    title,
                    s("mandat_debut"),
                    s("mandat_fin"),
                    s("nom_circo"),
                );
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
                let party = rne_party(
                    t.get(r, "code_nuance_mandat"),
                    t.get(r, "libelle_nuance_mandat"),
                );
                let key = self.person(PersonIn {
                    first: t.get(r, "prenom_elu"),
                    last: t.get(r, "nom_elu"),
                    gender: t.get(r, "sexe_elu"),
                    birth: t.get(r, "date_naissance_elu"),
                    source: "rne",
                    party: party.map(|p| (0, p)),
                });
                let Some(key) = key else { continue };
                let female = t.get(r, "sexe_elu") == "F";
                let place = if place_col.is_empty() {
                    ""
                } else {
                    t.get(r, place_col)
                };
                let title = if female { fem } else { masc };
                self.office(&key, title, t.get(r, "date_debut_mandat"), "", place);
                let function = t.get(r, "libelle_fonction");
                if !function.is_empty() {
                    self.office(&key, function, t.get(r, "date_debut_fonction"), "", place);
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
        let mut offices = String::from("person_id\ttitle\tstart\tend\tplace\n");
        let mut first_names: BTreeMap<String, [u32; 3]> = BTreeMap::new();
        for (key, p) in &self.persons {
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
            for (start, title, end, place) in &p.offices {
                let _ = writeln!(
                    offices,
                    "{key}\t{}\t{start}\t{end}\t{}",
                    field(title),
                    field(place)
                );
                stats.offices += 1;
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
        | "union-des-democrates-radicaux-et-liberaux" => "UDI",
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
}
