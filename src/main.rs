//! The `terrace` binary: everything it does lives in the library.

fn main() -> std::process::ExitCode {
    terrace::cli::run(std::env::args())
}
