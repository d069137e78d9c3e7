//! No panic on any input: every corpus file and every rule example, truncated at many
//! points and with bytes replaced by YAML-significant ones, goes through `validate`
//! (deterministic pseudo-random mutations, no dependency).

use devplat_core::source::MemoryFiles;
use devplat_validate::{Request, rules, validate};

#[path = "support/disk.rs"]
mod disk;

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
}

const NASTY: &[&[u8]] = &[
    b"${{", b"}}", b":", b"- ", b"\n", b"'", b"\"", b"&a", b"*a", b"<<: ", b"{", b"[", b"#", b"\t",
    b"!!str ", b"\xff",
];

fn mutate(text: &[u8], rng: &mut Lcg) -> Vec<u8> {
    let mut out = text.to_vec();
    for _ in 0..(1 + rng.next() % 4) {
        let at = if out.is_empty() {
            0
        } else {
            rng.next() % out.len()
        };
        match rng.next() % 3 {
            0 => out.truncate(at),
            1 => {
                let piece = NASTY.get(rng.next() % NASTY.len()).copied().unwrap_or(b"");
                out.splice(at..at, piece.iter().copied());
            }
            _ => {
                let end = (at + 1 + rng.next() % 8).min(out.len());
                out.drain(at..end);
            }
        }
    }
    out
}

#[test]
fn mutated_inputs_never_panic() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut sources: Vec<(String, Vec<u8>)> = Vec::new();
    for repo in std::fs::read_dir(&root).unwrap() {
        let repo = repo.unwrap().path();
        for sub in [".github/workflows", ".github/actions/setup"] {
            let Ok(dir) = std::fs::read_dir(repo.join(sub)) else {
                continue;
            };
            for f in dir {
                let p = f.unwrap().path();
                if p.is_file() {
                    let name = if sub.ends_with("setup") {
                        "action.yml".to_owned()
                    } else {
                        format!(
                            ".github/workflows/{}",
                            p.file_name().unwrap().to_string_lossy()
                        )
                    };
                    sources.push((name, std::fs::read(&p).unwrap()));
                }
            }
        }
    }
    for r in rules::all() {
        for (path, text) in r.info().bad.files.iter().chain(r.info().good.files) {
            sources.push(((*path).to_owned(), text.as_bytes().to_vec()));
        }
    }
    let mut rng = Lcg(0x5eed);
    let mut runs = 0;
    for (path, text) in &sources {
        for _ in 0..6 {
            let mut fs = MemoryFiles::new();
            fs.insert(path.clone(), mutate(text, &mut rng));
            // A callee and a local action for the references the mutants keep.
            fs.insert(
                ".github/workflows/deploy-reusable.yml",
                mutate(text, &mut rng),
            );
            fs.insert(".github/actions/setup/action.yml", mutate(text, &mut rng));
            let _ = validate(
                &fs,
                &Request {
                    paths: vec![path.clone()],
                    ..Request::default()
                },
                None,
            );
            runs += 1;
        }
    }
    assert!(runs > 500, "{runs}");
    let _ = disk::Disk(root);
}
