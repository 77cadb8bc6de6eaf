//! Minimal delimited-text reader (RFC 4180 quoting) for the open-data sources.

use std::collections::HashMap;

/// A parsed table: a header row and data rows, fields looked up by column name.
pub struct Table {
    columns: HashMap<String, usize>,
    /// Data rows (without the header).
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// Parses `text` with separator `sep`; double quotes group fields (doubled quote = literal).
    pub fn parse(text: &str, sep: char) -> Table {
        let mut rows = parse_rows(text.strip_prefix('\u{feff}').unwrap_or(text), sep);
        let header = if rows.is_empty() {
            Vec::new()
        } else {
            rows.remove(0)
        };
        let columns = header
            .into_iter()
            .enumerate()
            .map(|(i, name)| (name.trim().to_string(), i))
            .collect();
        Table { columns, rows }
    }

    /// The field `name` of `row`, or "" when the column or the field is missing.
    pub fn get<'a>(&self, row: &'a [String], name: &str) -> &'a str {
        self.columns
            .get(name)
            .and_then(|&i| row.get(i))
            .map_or("", |s| s.trim())
    }
}

/// Splits `text` into rows of fields.
fn parse_rows(text: &str, sep: char) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut in_quotes = false;
    let mut at_field_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_quotes {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    field.push('"');
                    chars.next();
                } else {
                    in_quotes = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' if at_field_start => {
                in_quotes = true;
                at_field_start = false;
            }
            c if c == sep => {
                row.push(std::mem::take(&mut field));
                at_field_start = true;
            }
            '\r' => {}
            '\n' => {
                row.push(std::mem::take(&mut field));
                if !(row.len() == 1 && row.first().is_some_and(String::is_empty)) {
                    rows.push(std::mem::take(&mut row));
                } else {
                    row.clear();
                }
                at_field_start = true;
            }
            c => {
                field.push(c);
                at_field_start = false;
            }
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_and_missing_columns() {
        let t = Table::parse("a,b,c\n1,\"x, \"\"y\"\"\",3\n\n4,5\n", ',');
        assert_eq!(t.rows.len(), 2);
        let r0 = &t.rows[0];
        assert_eq!(t.get(r0, "b"), "x, \"y\"");
        assert_eq!(t.get(&t.rows[1], "c"), "");
        assert_eq!(t.get(r0, "zzz"), "");
    }

    #[test]
    fn tabs_and_multiline_quotes() {
        let t = Table::parse("a\tb\r\n\"l1\nl2\"\tz", '\t');
        assert_eq!(t.get(&t.rows[0], "a"), "l1\nl2");
        assert_eq!(t.get(&t.rows[0], "b"), "z");
    }
}
