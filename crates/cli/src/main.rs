//! The `devplat` binary: hands the process's arguments and streams to [`devplat::run`]
//! and turns its answer into the exit status.

use std::io::Write as _;

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
