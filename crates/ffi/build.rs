//! Gives the shared library the SONAME it is installed under (`libqris.so.<major>`),
//! so programs linked with `-lqris` keep working across compatible upgrades.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let major = std::env::var("CARGO_PKG_VERSION_MAJOR").unwrap_or_else(|_| "0".into());
    if os == "linux" {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libqris.so.{major}");
    }
}
