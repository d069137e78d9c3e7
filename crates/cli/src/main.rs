//! The `devplat` binary: hands the process's arguments and streams to [`devplat::run`]
//! and turns its answer into the exit status.

use std::io::Write as _;

/// mimalloc rather than the system allocator: a YAML tree is many small allocations made
/// and freed per file, and mimalloc's thread-local free lists make `devplat validate`
/// about 12 % faster (`benches/validate.sh`). Built without transparent huge pages
/// (`no_thp`): with them its arenas are backed by 2 MiB pages and the peak RSS doubles.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let ctx = devplat::Context::from_process();
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let mut out = stdout.lock();
    let mut err = stderr.lock();
    let code = devplat::run(std::env::args_os(), &ctx, &mut out, &mut err);
    // A closed pipe (`devplat … | head`) is not worth a second error.
    let _ = out.flush();
    std::process::ExitCode::from(code.code())
}
