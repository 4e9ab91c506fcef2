//! Sign-in attempt limits: in-memory token buckets per client network and per login name,
//! a bounded number of each.
//!
//! Per instance, on purpose: behind a load balancer each instance limits on its own,
//! which still bounds password guessing without shared state.

use super::limit_keys::{ClientKey, LoginKey};
use crate::config::RateLimitConfig;
use crate::error::{Error, Result};
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// A set of token buckets keyed by `K`, at most `max_keys` of them.
#[derive(Debug)]
struct Buckets<K> {
    burst: f64,
    per_second: f64,
    max_keys: usize,
    map: Mutex<HashMap<K, Bucket>>,
}

impl<K: Eq + Hash + Clone> Buckets<K> {
    fn new(burst: u32, per_minute: u32, max_keys: usize) -> Self {
        Buckets {
            burst: f64::from(burst.max(1)),
            per_second: f64::from(per_minute.max(1)) / 60.0,
            max_keys: max_keys.max(1),
            map: Mutex::new(HashMap::new()),
        }
    }

    /// Takes a token for `key`, or says how long until one is available.
    fn take(&self, key: &K, now: Instant) -> std::result::Result<(), Duration> {
        let mut map = self
            .map
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if map.len() >= self.max_keys && !map.contains_key(key) {
            self.make_room(&mut map, now);
        }
        let bucket = map.entry(key.clone()).or_insert(Bucket {
            tokens: self.burst,
            updated: now,
        });
        *bucket = refill(bucket, self.burst, self.per_second, now);
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let wait = (1.0 - bucket.tokens) / self.per_second;
            Err(Duration::from_secs_f64(wait.max(0.0)))
        }
    }

    /// Frees at least a tenth of the map: full buckets first (forgetting them changes
    /// nothing), then the ones left untouched longest. A tenth at a time keeps the cost
    /// per new key constant on average, whatever the number of keys an attacker makes up.
    fn make_room(&self, map: &mut HashMap<K, Bucket>, now: Instant) {
        let (burst, rate) = (self.burst, self.per_second);
        map.retain(|_, bucket| refill(bucket, burst, rate, now).tokens < burst);
        let target = self.max_keys - self.max_keys.div_ceil(10);
        if map.len() <= target {
            return;
        }
        let excess = map.len() - target;
        let mut ages: Vec<Instant> = map.values().map(|bucket| bucket.updated).collect();
        let (_, cutoff, _) = ages.select_nth_unstable(excess - 1);
        let cutoff = *cutoff;
        // Ties at the cutoff may all go: erring towards freeing more is harmless.
        map.retain(|_, bucket| bucket.updated > cutoff);
    }

    #[cfg(test)]
    fn tracked(&self) -> usize {
        self.map.lock().map(|map| map.len()).unwrap_or(0)
    }
}

fn refill(bucket: &Bucket, burst: f64, per_second: f64, now: Instant) -> Bucket {
    let elapsed = now.saturating_duration_since(bucket.updated).as_secs_f64();
    Bucket {
        tokens: (bucket.tokens + elapsed * per_second).min(burst),
        updated: now,
    }
}

fn too_many(wait: Duration) -> Error {
    Error::RateLimited {
        retry_after_secs: wait.as_secs().saturating_add(1),
    }
}

/// Limits sign-in attempts (and connection tests, which try a password too) per client
/// network and per login name.
#[derive(Debug)]
pub struct LoginLimiter {
    by_client: Buckets<ClientKey>,
    by_login: Buckets<LoginKey>,
}

impl LoginLimiter {
    /// A limiter with the configured rates.
    pub fn new(config: &RateLimitConfig) -> Self {
        LoginLimiter {
            by_client: Buckets::new(
                config.per_ip_burst,
                config.per_ip_per_minute,
                config.max_tracked_keys,
            ),
            by_login: Buckets::new(
                config.per_email_burst,
                config.per_email_per_minute,
                config.max_tracked_keys,
            ),
        }
    }

    /// Counts one attempt to log in as `login`; `rate_limited` when either bucket is empty.
    pub fn check(&self, client: ClientKey, login: &str) -> Result<()> {
        self.check_at(client, &LoginKey::of(login), Instant::now())
    }

    fn check_at(&self, client: ClientKey, login: &LoginKey, now: Instant) -> Result<()> {
        self.by_client.take(&client, now).map_err(too_many)?;
        self.by_login.take(login, now).map_err(too_many)
    }
}

/// Limits requests per client network alone: account discovery, which needs no address
/// budget of its own but must not let one client make the bridge fetch without end.
#[derive(Debug)]
pub struct IpLimiter {
    by_client: Buckets<ClientKey>,
}

impl IpLimiter {
    /// A limiter allowing `burst` requests at once and `per_minute` after that, keeping at
    /// most `max_keys` clients in memory.
    pub fn new(burst: u32, per_minute: u32, max_keys: usize) -> Self {
        IpLimiter {
            by_client: Buckets::new(burst, per_minute, max_keys),
        }
    }

    /// Counts one request; `rate_limited` when the bucket is empty.
    pub fn check(&self, client: ClientKey) -> Result<()> {
        self.by_client
            .take(&client, Instant::now())
            .map_err(too_many)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::IpAddr;

    fn limiter(ip_burst: u32, login_burst: u32) -> LoginLimiter {
        LoginLimiter::new(&RateLimitConfig {
            per_ip_burst: ip_burst,
            per_ip_per_minute: 60,
            per_email_burst: login_burst,
            per_email_per_minute: 6,
            max_tracked_keys: 1000,
        })
    }

    fn client(text: &str) -> ClientKey {
        ClientKey::of(Some(text.parse::<IpAddr>().unwrap()))
    }

    fn login(text: &str) -> LoginKey {
        LoginKey::of(text)
    }

    #[test]
    fn a_login_is_limited_whatever_the_client() {
        let limiter = limiter(100, 3);
        let now = Instant::now();
        for i in 0..3u8 {
            let ip = client(&format!("10.0.0.{i}"));
            limiter
                .check_at(ip, &login("Demo@Example.test"), now)
                .unwrap();
        }
        let err = limiter
            .check_at(client("10.0.0.9"), &login(" demo@example.test. "), now)
            .unwrap_err();
        match err {
            Error::RateLimited { retry_after_secs } => {
                assert!((1..=11).contains(&retry_after_secs))
            }
            other => panic!("{other:?}"),
        }
        // One token comes back every 10 s at 6 per minute.
        let later = now + Duration::from_secs(11);
        limiter
            .check_at(ClientKey::Unknown, &login("demo@example.test"), later)
            .unwrap();
    }

    #[test]
    fn the_ip_limiter_counts_each_client_apart() {
        let limiter = IpLimiter::new(2, 1, 100);
        let ip = client("192.0.2.1");
        limiter.check(ip).unwrap();
        limiter.check(ip).unwrap();
        assert!(matches!(limiter.check(ip), Err(Error::RateLimited { .. })));
        limiter.check(client("192.0.2.2")).unwrap();
    }

    #[test]
    fn an_ipv6_slash_64_is_one_client() {
        let limiter = IpLimiter::new(2, 1, 100);
        limiter.check(client("2001:db8:1:2::1")).unwrap();
        limiter.check(client("2001:db8:1:2::2")).unwrap();
        assert!(limiter.check(client("2001:db8:1:2:ffff::3")).is_err());
        limiter.check(client("2001:db8:1:3::1")).unwrap();
    }

    #[test]
    fn a_client_is_limited_whatever_the_login() {
        let limiter = limiter(2, 100);
        let now = Instant::now();
        let ip = client("192.0.2.1");
        limiter.check_at(ip, &login("a@example.test"), now).unwrap();
        limiter.check_at(ip, &login("b@example.test"), now).unwrap();
        assert!(limiter.check_at(ip, &login("c@example.test"), now).is_err());
        limiter
            .check_at(client("192.0.2.2"), &login("c@example.test"), now)
            .unwrap();
    }

    #[test]
    fn tracked_keys_are_capped_and_the_stalest_go_first() {
        let buckets: Buckets<u32> = Buckets::new(3, 1, 100);
        let start = Instant::now();
        // Key 0 is drained early; then 99 other keys each spend one token, later on.
        for _ in 0..3 {
            buckets.take(&0, start).unwrap();
        }
        assert!(buckets.take(&0, start).is_err());
        for key in 1..100u32 {
            let at = start + Duration::from_millis(u64::from(key));
            buckets.take(&key, at).unwrap();
        }
        assert_eq!(buckets.tracked(), 100);
        // Thousands of made-up keys never take the map past its cap.
        for key in 100..5000u32 {
            let at = start + Duration::from_millis(u64::from(key));
            buckets.take(&key, at).unwrap();
            assert!(buckets.tracked() <= 100);
        }
        // The most recent keys are still counted: their next tokens are taken from
        // where they were, not from a fresh bucket.
        let now = start + Duration::from_millis(5000);
        for _ in 0..2 {
            buckets.take(&4999, now).unwrap();
        }
        assert!(buckets.take(&4999, now).is_err());
    }

    #[test]
    fn full_buckets_are_forgotten_before_busy_ones() {
        let buckets: Buckets<u32> = Buckets::new(2, 60, 10);
        let start = Instant::now();
        // Key 0 is drained and stays busy; keys 1..10 spend a token and refill within a second.
        buckets.take(&0, start).unwrap();
        buckets.take(&0, start).unwrap();
        for key in 1..10u32 {
            buckets
                .take(&key, start + Duration::from_millis(1))
                .unwrap();
        }
        // At 1.5 s the others are full again while key 0 (drained by two) is not.
        let later = start + Duration::from_millis(1500);
        buckets.take(&10, later).unwrap();
        assert!(buckets.tracked() <= 10);
        // Key 0, the stalest, survived because only full buckets had to go.
        assert!(buckets.take(&0, later).is_ok());
        assert!(buckets.take(&0, later).is_err());
    }
}
