#![no_main]
//! Every renderer on arbitrary text and arbitrary (often nonsensical) spans: none may
//! panic. The input is `text 0xFF text 0xFF bytes…`: two files' texts (lossy UTF-8), then
//! bytes that pick each finding's severity, files, lines, columns and message.
use devplat_core::diag::render::{self, Format, Options, Report};
use devplat_core::diag::{Diagnostic, Edit, FailOn, Fix, Severity, ToolInfo};
use devplat_core::source::Files;
use devplat_core::span::{FileId, Pos, Span};

fn pos(b: &mut impl Iterator<Item = u8>) -> Pos {
    let line = u32::from(b.next().unwrap_or(1) % 12);
    let column = u32::from(b.next().unwrap_or(1) % 40);
    Pos { offset: u32::from(b.next().unwrap_or(0)), line, column }
}

fn span(b: &mut impl Iterator<Item = u8>) -> Span {
    let file = FileId(u32::from(b.next().unwrap_or(0) % 3));
    Span::new(file, pos(b), pos(b))
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(3, |b| *b == 0xff);
    let a = String::from_utf8_lossy(parts.next().unwrap_or(&[])).into_owned();
    let b = String::from_utf8_lossy(parts.next().unwrap_or(&[])).into_owned();
    let rest = parts.next().unwrap_or(&[]);
    let mut files = Files::new();
    files.add("a.yml", a.clone());
    files.add("dir/b;:,%].yml", b);
    let mut bytes = rest.iter().copied();
    let mut diagnostics = Vec::new();
    while diagnostics.len() < 8 {
        let Some(kind) = bytes.next() else { break };
        let severity = match kind % 3 {
            0 => Severity::Error,
            1 => Severity::Warning,
            _ => Severity::Note,
        };
        // messages and labels taken from the first file's text: any characters at all
        let cut = usize::from(bytes.next().unwrap_or(0));
        let message: String = a.chars().take(cut % 64).collect();
        let mut d = Diagnostic::new("fuzz-code", severity, message.clone(), span(&mut bytes));
        if kind & 0x04 != 0 {
            d = d.with_label(message.clone());
        }
        if kind & 0x08 != 0 {
            d = d.with_related(span(&mut bytes), message.clone());
        }
        if kind & 0x10 != 0 {
            d = d.with_help(message.clone());
        }
        if kind & 0x20 != 0 {
            d = d.with_fix(Fix {
                message: message.clone(),
                edits: vec![
                    Edit { span: span(&mut bytes), replacement: message.clone() },
                    Edit { span: span(&mut bytes), replacement: String::new() },
                ],
            });
        }
        diagnostics.push(d);
    }
    let tool = ToolInfo {
        name: "devplat".into(),
        component: "devplat fuzz".into(),
        version: "0".into(),
        information_uri: String::new(),
    };
    let report = Report { files: &files, diagnostics: &diagnostics, rules: &[], tool: &tool };
    for color in [false, true] {
        let options = Options {
            color,
            fail_on: FailOn::Warning,
            markdown_max_bytes: 2048,
        };
        for format in Format::ALL {
            let out = render::render(format, &report, &options);
            if format == Format::Markdown {
                assert!(out.len() <= 2048 || diagnostics.is_empty());
            }
        }
    }
});
