//! A small YAML writer for the generated files: every string is written double-quoted
//! (JSON string syntax, which YAML reads the same), so no value can change type or
//! break the structure, whatever a service is called.

/// `value` as a double-quoted YAML scalar.
pub(crate) fn q(value: &str) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "\"\"".to_owned())
}

/// Lines with indentation.
#[derive(Default)]
pub(crate) struct Writer {
    out: String,
}

impl Writer {
    pub(crate) fn line(&mut self, indent: usize, text: &str) {
        for _ in 0..indent {
            self.out.push_str("  ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    pub(crate) fn finish(self) -> String {
        self.out
    }
}

/// A flow sequence of quoted strings: `["a", "b"]`.
pub(crate) fn flow_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let items: Vec<String> = items.into_iter().map(q).collect();
    format!("[{}]", items.join(", "))
}
