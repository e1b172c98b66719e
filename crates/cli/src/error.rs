//! How a command ends: the exit code and the message, in one place.
//!
//! Exit codes: 0 success, 1 the input failed (an invalid payload, a wrong
//! signature, a refused conversion) or an error (a file that cannot be read),
//! 2 a usage error (clap's own).

use std::io;
use std::process::ExitCode;

/// A command's outcome: `Ok(true)` success, `Ok(false)` the input failed (its
/// own output says why), `Err` an error to report.
pub type CmdResult = io::Result<bool>;

/// An error with a message, for `?`.
pub fn fail(msg: impl std::fmt::Display) -> io::Error {
    io::Error::other(msg.to_string())
}

/// The process's exit code, reporting an error on standard error.
pub fn exit(result: CmdResult) -> ExitCode {
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        // A closed pipe (`qris ... | head`) is not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("qris: {e}");
            ExitCode::from(1)
        }
    }
}
