//! Line numbers of the objects in the JSON text, so that problems and repairs can point
//! at the line where the object starts.
//!
//! serde_json keeps no positions in a parsed `Value`, so this scans the text once more.
//! The scan runs only on text that serde_json has already parsed, so it handles only
//! valid JSON and stops quietly on anything else.

use std::collections::HashMap;

/// Line (1-based) where each JSON object starts, by the object's path in the same form
/// as [`crate::Location::path`]: `CFDocument`, `CFItems[3]`,
/// `CFRubrics[0].CFRubricCriteria[2]`.
#[derive(Debug, Default)]
pub(crate) struct ObjectLines {
    lines: HashMap<String, usize>,
}

enum Frame {
    Object {
        path: String,
        key: Option<String>,
        expecting_key: bool,
    },
    Array {
        path: String,
        index: usize,
    },
}

impl ObjectLines {
    pub(crate) fn scan(text: &[u8]) -> Self {
        let mut lines = HashMap::new();
        let mut stack: Vec<Frame> = Vec::new();
        let mut line = 1;
        let mut position = 0;
        while position < text.len() {
            let byte = text[position];
            match byte {
                b'\n' => line += 1,
                b'{' | b'[' => {
                    let path = child_path(stack.last());
                    if byte == b'{' {
                        if !path.is_empty() {
                            lines.insert(path.clone(), line);
                        }
                        stack.push(Frame::Object {
                            path,
                            key: None,
                            expecting_key: true,
                        });
                    } else {
                        stack.push(Frame::Array { path, index: 0 });
                    }
                }
                b'}' | b']' => {
                    stack.pop();
                }
                b',' => match stack.last_mut() {
                    Some(Frame::Object { expecting_key, .. }) => *expecting_key = true,
                    Some(Frame::Array { index, .. }) => *index += 1,
                    None => {}
                },
                b'"' => {
                    let start = position + 1;
                    position = start;
                    while position < text.len() && text[position] != b'"' {
                        if text[position] == b'\\' {
                            position += 1;
                        }
                        position += 1;
                    }
                    if let Some(Frame::Object {
                        key, expecting_key, ..
                    }) = stack.last_mut()
                        && *expecting_key
                    {
                        let end = position.min(text.len());
                        *key = Some(String::from_utf8_lossy(&text[start..end]).into_owned());
                        *expecting_key = false;
                    }
                }
                _ => {}
            }
            position += 1;
        }
        ObjectLines { lines }
    }

    /// Returns the line where the object at `path` starts.
    pub(crate) fn line(&self, path: &str) -> Option<usize> {
        self.lines.get(path).copied()
    }
}

/// Returns the path of a value that starts inside `parent`.
fn child_path(parent: Option<&Frame>) -> String {
    match parent {
        None => String::new(),
        Some(Frame::Object { path, key, .. }) => {
            let key = key.as_deref().unwrap_or_default();
            if path.is_empty() {
                key.to_owned()
            } else {
                format!("{path}.{key}")
            }
        }
        Some(Frame::Array { path, index }) => format!("{path}[{index}]"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_lines_follow_nesting_and_escapes() {
        let text = br#"{
  "CFDocument": {"title": "a \"quoted\" {brace}"},
  "CFItems": [
    {"identifier": "1"},

    {"identifier": "2", "CFItemTypeURI": {"title": "x"}}
  ],
  "CFRubrics": [{"CFRubricCriteria": [1, {"position": 2}]}]
}"#;
        let lines = ObjectLines::scan(text);
        assert_eq!(lines.line("CFDocument"), Some(2));
        assert_eq!(lines.line("CFItems[0]"), Some(4));
        assert_eq!(lines.line("CFItems[1]"), Some(6));
        assert_eq!(lines.line("CFItems[1].CFItemTypeURI"), Some(6));
        assert_eq!(lines.line("CFRubrics[0].CFRubricCriteria[1]"), Some(8));
        assert_eq!(lines.line("CFItems[2]"), None);
    }
}
