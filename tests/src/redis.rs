//! A throwaway Redis server (Debian's `redis-server`) on a random loopback port, for the
//! tests of the signed-out sessions several bridges share; killed on drop.

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const REDIS_SERVER: &str = "/usr/bin/redis-server";

/// A running `redis-server` that keeps nothing on disk.
#[derive(Debug)]
pub struct RedisServer {
    /// `redis://127.0.0.1:PORT/`
    pub url: String,
    pub port: u16,
    process: Child,
    dir: PathBuf,
}

impl RedisServer {
    /// Starts a server on a free loopback port and waits until it answers.
    pub fn start() -> RedisServer {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("find a free loopback port");
        RedisServer::start_on(port)
    }

    /// Starts a server on `port` (to bring a stopped one back, empty).
    pub fn start_on(port: u16) -> RedisServer {
        let dir = std::env::temp_dir().join(format!("facteur-redis-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("create the Redis directory");
        let process = Command::new(REDIS_SERVER)
            .args(["--bind", "127.0.0.1", "--port", &port.to_string()])
            .args(["--save", "", "--appendonly", "no", "--daemonize", "no"])
            .arg("--dir")
            .arg(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("start {REDIS_SERVER} (run scripts/setup): {e}"));
        let server = RedisServer {
            url: format!("redis://127.0.0.1:{port}/"),
            port,
            process,
            dir,
        };
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "redis-server did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    /// Stops the server now (to see what the bridge does without it).
    pub fn stop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
