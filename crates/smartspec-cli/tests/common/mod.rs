//! What every CLI test file shares: running the built binary from the
//! workspace root, as a user would.

use std::process::{Command, Output};

/// Runs `smartspec ARGS` from the workspace root.
#[allow(dead_code)] // each test file uses one of the two
pub fn smartspec(args: &[&str]) -> Output {
    smartspec_env(args, &[])
}

/// Runs `smartspec ARGS` with extra environment variables.
#[allow(dead_code)]
pub fn smartspec_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_smartspec"))
        .args(args)
        .envs(env.iter().copied())
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .output()
        .expect("run smartspec")
}

#[path = "../../../smartspec-server/tests/common/http.rs"]
#[allow(dead_code)]
pub mod http;

/// A `smartspec serve` on a free port and a temporary database, stopped
/// when dropped.
#[allow(dead_code)]
pub struct Server {
    child: std::process::Child,
    /// Its address.
    pub addr: std::net::SocketAddr,
    _dir: tempfile::TempDir,
}

#[allow(dead_code)]
impl Server {
    /// Starts `smartspec serve ARGS` and waits for its address line.
    pub fn start(args: &[&str]) -> Server {
        use std::io::{BufRead, BufReader};
        let dir = tempfile::tempdir().expect("tempdir");
        let mut child = Command::new(env!("CARGO_BIN_EXE_smartspec"))
            .args(["serve", "--addr", "127.0.0.1:0", "--db"])
            .arg(dir.path().join("serve.db"))
            .args(args)
            .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn smartspec serve");
        let mut out = BufReader::new(child.stdout.take().expect("stdout"));
        let mut line = String::new();
        let addr = loop {
            line.clear();
            let n = out.read_line(&mut line).expect("read stdout");
            assert!(n > 0, "smartspec serve ended without an address line");
            if let Some(a) = line.trim().strip_prefix("listening on http://") {
                break a.parse().expect("an address");
            }
        };
        Server {
            child,
            addr,
            _dir: dir,
        }
    }

    /// `GET path`: the status and the body.
    pub fn get(&self, path: &str) -> (u16, String) {
        let r = http::request(self.addr, "GET", path, None, None).expect("GET");
        (r.status, r.text)
    }

    /// `GET path`, which must answer 200 with JSON.
    pub fn json(&self, path: &str) -> serde_json::Value {
        let (status, text) = self.get(path);
        assert_eq!(status, 200, "{path}: {text}");
        serde_json::from_str(&text).expect("JSON")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
