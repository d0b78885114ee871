//! `csvdecode`, with a reader that follows Go's `encoding/csv` rules (strict
//! quoting, CRLF folded to LF, blank lines skipped, every row as wide as the
//! header) so that the same input is accepted or refused as in Terraform.

use std::collections::BTreeMap;

use terrace_value::{ObjectType, Type, Value};

use super::encoding::{go_quote, str_arg};
use super::{FuncContext, FuncError};

/// Why a record could not be read, with the line Go would report.
#[derive(Debug, PartialEq)]
struct CsvError {
    line: usize,
    what: &'static str,
}

const BARE_QUOTE: &str = "bare \" in non-quoted-field";
const BAD_QUOTE: &str = "extraneous or missing \" in quoted-field";
const FIELD_COUNT: &str = "wrong number of fields";

/// Splits input into records one line at a time, tracking line numbers.
struct Reader<'a> {
    rest: &'a str,
    line: usize,
    /// The line the last record read started on.
    record_line: usize,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str) -> Reader<'a> {
        Reader {
            rest: text,
            line: 0,
            record_line: 0,
        }
    }

    /// The next physical line with its line break normalised to `\n` (none
    /// at the end of input), or `None` at the end.
    fn read_line(&mut self) -> Option<String> {
        if self.rest.is_empty() {
            return None;
        }
        let (line, rest) = match self.rest.find('\n') {
            Some(i) => (&self.rest[..=i], &self.rest[i + 1..]),
            None => (self.rest, ""),
        };
        self.rest = rest;
        self.line += 1;
        let mut line = line.to_string();
        if line.ends_with("\r\n") {
            line.truncate(line.len() - 2);
            line.push('\n');
        } else if rest.is_empty() && line.ends_with('\r') {
            line.pop();
        }
        Some(line)
    }

    /// The next record, or `None` at the end of input.
    fn read_record(&mut self) -> Option<Result<Vec<String>, CsvError>> {
        let mut line = loop {
            let line = self.read_line()?;
            if line != "\n" {
                break line;
            }
        };
        self.record_line = self.line;
        let mut fields = Vec::new();
        loop {
            if !line.starts_with('"') {
                let (field, more) = match line.find(',') {
                    Some(i) => (line[..i].to_string(), Some(line[i + 1..].to_string())),
                    None => (line.trim_end_matches('\n').to_string(), None),
                };
                if field.contains('"') {
                    return Some(Err(CsvError {
                        line: self.line,
                        what: BARE_QUOTE,
                    }));
                }
                fields.push(field);
                match more {
                    Some(rest) => line = rest,
                    None => return Some(Ok(fields)),
                }
                continue;
            }
            let mut field = String::new();
            let mut rest = line[1..].to_string();
            loop {
                if let Some(i) = rest.find('"') {
                    field.push_str(&rest[..i]);
                    let after = &rest[i + 1..];
                    if let Some(more) = after.strip_prefix('"') {
                        field.push('"');
                        rest = more.to_string();
                    } else if let Some(more) = after.strip_prefix(',') {
                        fields.push(std::mem::take(&mut field));
                        line = more.to_string();
                        break;
                    } else if after.is_empty() || after == "\n" {
                        fields.push(std::mem::take(&mut field));
                        return Some(Ok(fields));
                    } else {
                        return Some(Err(CsvError {
                            line: self.line,
                            what: BAD_QUOTE,
                        }));
                    }
                } else if !rest.is_empty() {
                    field.push_str(&rest);
                    match self.read_line() {
                        Some(next) => rest = next,
                        None => {
                            return Some(Err(CsvError {
                                line: self.line,
                                what: BAD_QUOTE,
                            }))
                        }
                    }
                } else {
                    return Some(Err(CsvError {
                        line: self.line,
                        what: BAD_QUOTE,
                    }));
                }
            }
        }
    }
}

fn csv_error(e: CsvError) -> FuncError {
    FuncError::call(format!("CSV parse error on line {}: {}", e.line, e.what))
}

/// Decodes CSV text with a header row into a list of objects whose
/// attributes are all strings.
pub(super) fn csvdecode(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let mut reader = Reader::new(str_arg(args, 0));
    let headers = match reader.read_record() {
        None => return Err(FuncError::call("missing header line")),
        Some(Err(e)) => return Err(csv_error(e)),
        Some(Ok(h)) => h,
    };
    let mut attrs = BTreeMap::new();
    for name in &headers {
        if attrs.insert(name.clone(), Type::String).is_some() {
            return Err(FuncError::call(format!(
                "duplicate column name {}",
                go_quote(name)
            )));
        }
    }
    let mut rows = Vec::new();
    while let Some(record) = reader.read_record() {
        let record = record.map_err(csv_error)?;
        if record.len() != headers.len() {
            return Err(csv_error(CsvError {
                line: reader.record_line,
                what: FIELD_COUNT,
            }));
        }
        let row = headers
            .iter()
            .cloned()
            .zip(record.into_iter().map(Value::String))
            .collect();
        rows.push(Value::Object(row));
    }
    Ok(Value::List(
        Type::Object(ObjectType {
            attrs,
            ..Default::default()
        }),
        rows,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(text: &str) -> Vec<Result<Vec<String>, CsvError>> {
        let mut r = Reader::new(text);
        std::iter::from_fn(|| r.read_record()).collect()
    }

    fn ok(fields: &[&str]) -> Result<Vec<String>, CsvError> {
        Ok(fields.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn reads_like_go() {
        assert_eq!(
            records("a,b\n1,2\n"),
            vec![ok(&["a", "b"]), ok(&["1", "2"])]
        );
        assert_eq!(
            records("a,b\r\n\r\n1,2"),
            vec![ok(&["a", "b"]), ok(&["1", "2"])]
        );
        assert_eq!(records("\"x,y\",\"q\"\"q\"\n"), vec![ok(&["x,y", "q\"q"])]);
        assert_eq!(
            records("\"multi\r\nline\",b\n"),
            vec![ok(&["multi\nline", "b"])]
        );
        assert_eq!(records("a,,\n"), vec![ok(&["a", "", ""])]);
        assert_eq!(records(" a , b \n"), vec![ok(&[" a ", " b "])]);
        assert_eq!(
            records("a\"b\n"),
            vec![Err(CsvError {
                line: 1,
                what: BARE_QUOTE
            })]
        );
        assert_eq!(
            records("\"a\"b\n"),
            vec![Err(CsvError {
                line: 1,
                what: BAD_QUOTE
            })]
        );
        assert_eq!(
            records("x\n\"ab"),
            vec![
                ok(&["x"]),
                Err(CsvError {
                    line: 2,
                    what: BAD_QUOTE
                })
            ]
        );
    }
}
