//! Decompresses the embedded binary panels at build time: the repository
//! keeps them gzipped (`data/embedded/*.panel.gz`), the binary embeds them
//! raw, so that a command on the embedded data starts without inflating
//! them (about 12 ms for the SBS panel, half of its load).

use std::io::Read;
use std::path::PathBuf;

const PANELS: [&str; 3] = [
    "sbs_employment_nuts2013.panel",
    "context_nuts2013.panel",
    "population_nuts2013.panel",
];

fn main() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/embedded");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    for name in PANELS {
        let src = dir.join(format!("{name}.gz"));
        println!("cargo:rerun-if-changed={}", src.display());
        let file = std::fs::File::open(&src)
            .unwrap_or_else(|e| panic!("{}: {e} (run data/build)", src.display()));
        let mut raw = Vec::new();
        flate2::read::MultiGzDecoder::new(file)
            .read_to_end(&mut raw)
            .unwrap_or_else(|e| panic!("{}: {e}", src.display()));
        std::fs::write(out.join(name), raw)
            .unwrap_or_else(|e| panic!("{}: {e}", out.join(name).display()));
    }
}
