//! The checked-in JSON Schema (`docs/schema/article-record.json`) is what the Rust types
//! generate, every field it names is described in `docs/OUTPUT.md`, and real records of
//! the bundled examples conform to it.

use serde_json::{Map, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

const REGENERATE: &str = "cargo run -p dixit-cli -- schema > docs/schema/article-record.json";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn dixit(args: &[&str]) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_dixit"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("the dixit binary runs");
    assert!(
        out.status.success(),
        "dixit {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn generated() -> String {
    String::from_utf8(dixit(&["schema"])).expect("utf-8 schema")
}

#[test]
fn checked_in_schema_matches_the_types() {
    let path = root().join("docs/schema/article-record.json");
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == generated(),
        "{} differs from the schema the dixit-model types generate (a field was added, \
         renamed or re-documented). Regenerate it with\n    {REGENERATE}\nand describe any \
         new field in docs/OUTPUT.md.",
        path.display()
    );
}

/// Every property name of every object in the schema, with the object's title.
fn properties(schema: &Value, out: &mut Vec<(String, String)>) {
    match schema {
        Value::Object(map) => {
            if let Some(Value::Object(props)) = map.get("properties") {
                let title = map.get("title").and_then(Value::as_str).unwrap_or("record");
                for name in props.keys() {
                    out.push((title.to_string(), name.clone()));
                }
            }
            for v in map.values() {
                properties(v, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| properties(v, out)),
        _ => {}
    }
}

#[test]
fn output_reference_describes_every_field() {
    let schema: Value = serde_json::from_str(&generated()).expect("schema is JSON");
    let doc = std::fs::read_to_string(root().join("docs/OUTPUT.md")).expect("docs/OUTPUT.md");
    let mut props = Vec::new();
    properties(&schema, &mut props);
    assert!(props.len() > 20, "{props:?}");
    let missing: Vec<String> = props
        .iter()
        .filter(|(_, name)| !doc.contains(&format!("`{name}`")))
        .map(|(owner, name)| format!("{owner}.{name}"))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/OUTPUT.md does not describe {missing:?}: add a row for each"
    );
}

/// A small validator for the subset of JSON Schema that schemars emits: `$ref` into
/// `$defs`, `anyOf`/`oneOf`, `type`, `enum`, `const`, `properties` + `required`, `items`.
/// Stricter than the schema on one point: an object may hold no property the schema does
/// not name, since the reference page must cover everything written.
fn validate(
    value: &Value,
    schema: &Value,
    defs: &Map<String, Value>,
    at: &str,
) -> Result<(), String> {
    let Some(s) = schema.as_object() else {
        return Ok(()); // `true` schema
    };
    if let Some(r) = s.get("$ref").and_then(Value::as_str) {
        let name = r.trim_start_matches("#/$defs/");
        let def = defs
            .get(name)
            .ok_or_else(|| format!("{at}: unknown $ref {r}"))?;
        return validate(value, def, defs, at);
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(branches) = s.get(key).and_then(Value::as_array) {
            let errors: Vec<String> = branches
                .iter()
                .filter_map(|b| validate(value, b, defs, at).err())
                .collect();
            if errors.len() == branches.len() {
                return Err(format!("{at}: matches no branch of {key}: {errors:?}"));
            }
        }
    }
    if let Some(allowed) = s.get("enum").and_then(Value::as_array)
        && !allowed.contains(value)
    {
        return Err(format!("{at}: {value} not in {allowed:?}"));
    }
    if let Some(c) = s.get("const")
        && c != value
    {
        return Err(format!("{at}: {value} is not {c}"));
    }
    if let Some(ty) = s.get("type") {
        let types: Vec<&str> = match ty {
            Value::String(t) => vec![t.as_str()],
            Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        let ok = types.iter().any(|t| match *t {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "integer" => value.is_u64() || value.is_i64(),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            "null" => value.is_null(),
            _ => false,
        });
        if !ok {
            return Err(format!("{at}: {value} is not of type {types:?}"));
        }
    }
    if let (Some(obj), Some(props)) = (
        value.as_object(),
        s.get("properties").and_then(Value::as_object),
    ) {
        for (k, v) in obj {
            let sub = props
                .get(k)
                .ok_or_else(|| format!("{at}: field `{k}` is not in the schema"))?;
            validate(v, sub, defs, &format!("{at}.{k}"))?;
        }
        for req in s
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let req = req.as_str().unwrap_or_default();
            if !obj.contains_key(req) {
                return Err(format!("{at}: required field `{req}` missing"));
            }
        }
    }
    if let (Some(items), Some(item_schema)) = (value.as_array(), s.get("items")) {
        for (i, v) in items.iter().enumerate() {
            validate(v, item_schema, defs, &format!("{at}[{i}]"))?;
        }
    }
    Ok(())
}

#[test]
fn records_of_the_examples_conform_to_the_schema() {
    let schema: Value = serde_json::from_str(&generated()).expect("schema is JSON");
    let defs = schema
        .get("$defs")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let out = dixit(&["extract", "--format", "json", "examples/"]);
    let records: Value = serde_json::from_slice(&out).expect("one JSON document");
    let records = records.as_array().expect("several articles give an array");
    assert!(records.len() >= 5);
    let mut quotes = 0;
    for (i, r) in records.iter().enumerate() {
        quotes += r["quotes"].as_array().map_or(0, Vec::len);
        if let Err(e) = validate(r, &schema, &defs, &format!("record {i}")) {
            panic!("{e}");
        }
    }
    assert!(quotes > 10, "the examples have quotes: {quotes}");
}

#[test]
fn validator_rejects_what_the_schema_forbids() {
    let schema: Value = serde_json::from_str(&generated()).expect("schema is JSON");
    let defs = schema["$defs"].as_object().cloned().unwrap_or_default();
    let good = serde_json::json!({"source": {"path": "a"}, "quotes": [], "persons": [],
        "media": [], "organizations": [], "places": []});
    assert_eq!(validate(&good, &schema, &defs, "r"), Ok(()));
    let mut extra = good.clone();
    extra["mood"] = Value::from("joyeux");
    assert!(validate(&extra, &schema, &defs, "r").is_err());
    let mut missing = good.clone();
    missing.as_object_mut().map(|o| o.remove("quotes"));
    assert!(validate(&missing, &schema, &defs, "r").is_err());
    let bad_kind = serde_json::json!({"source": {"path": "a"}, "persons": [], "media": [],
        "organizations": [], "places": [], "quotes": [{"start": 0, "end": 1, "text": "x",
        "kind": "shouted", "speaker": null, "cue": null, "channel": null}]});
    assert!(validate(&bad_kind, &schema, &defs, "r").is_err());
}
