//! Sign-in attempt limits: in-memory token buckets per client IP and per email address.
//!
//! Per instance, on purpose: behind a load balancer each instance limits on its own,
//! which still bounds password guessing without shared state.

use crate::config::RateLimitConfig;
use crate::error::{Error, Result};
use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Buckets beyond this many are pruned (full ones first) so the map cannot grow unbounded.
const MAX_TRACKED: usize = 100_000;

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// A set of token buckets keyed by `K`.
#[derive(Debug)]
struct Buckets<K> {
    burst: f64,
    per_second: f64,
    map: Mutex<HashMap<K, Bucket>>,
}

impl<K: Eq + Hash + Clone> Buckets<K> {
    fn new(burst: u32, per_minute: u32) -> Self {
        Buckets {
            burst: f64::from(burst.max(1)),
            per_second: f64::from(per_minute.max(1)) / 60.0,
            map: Mutex::new(HashMap::new()),
        }
    }

    /// Takes a token for `key`, or says how long until one is available.
    fn take(&self, key: &K, now: Instant) -> std::result::Result<(), Duration> {
        let mut map = self
            .map
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if map.len() >= MAX_TRACKED && !map.contains_key(key) {
            let (burst, rate) = (self.burst, self.per_second);
            map.retain(|_, b| refill(b, burst, rate, now).tokens < burst);
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
}

fn refill(bucket: &Bucket, burst: f64, per_second: f64, now: Instant) -> Bucket {
    let elapsed = now.saturating_duration_since(bucket.updated).as_secs_f64();
    Bucket {
        tokens: (bucket.tokens + elapsed * per_second).min(burst),
        updated: now,
    }
}

/// Limits sign-in attempts per client IP and per email address.
#[derive(Debug)]
pub struct LoginLimiter {
    by_ip: Buckets<Option<IpAddr>>,
    by_email: Buckets<String>,
}

impl LoginLimiter {
    /// A limiter with the configured rates.
    pub fn new(config: &RateLimitConfig) -> Self {
        LoginLimiter {
            by_ip: Buckets::new(config.per_ip_burst, config.per_ip_per_minute),
            by_email: Buckets::new(config.per_email_burst, config.per_email_per_minute),
        }
    }

    /// Counts one attempt; `rate_limited` when either bucket is empty.
    pub fn check(&self, ip: Option<IpAddr>, email: &str) -> Result<()> {
        self.check_at(ip, email, Instant::now())
    }

    fn check_at(&self, ip: Option<IpAddr>, email: &str, now: Instant) -> Result<()> {
        let too_many = |wait: Duration| Error::RateLimited {
            retry_after_secs: wait.as_secs().saturating_add(1),
        };
        self.by_ip.take(&ip, now).map_err(too_many)?;
        self.by_email
            .take(&email.trim().to_lowercase(), now)
            .map_err(too_many)
    }
}

/// Limits requests per client IP alone: account discovery, which needs no address
/// budget of its own but must not let one client make the bridge fetch without end.
#[derive(Debug)]
pub struct IpLimiter {
    by_ip: Buckets<Option<IpAddr>>,
}

impl IpLimiter {
    /// A limiter allowing `burst` requests at once and `per_minute` after that.
    pub fn new(burst: u32, per_minute: u32) -> Self {
        IpLimiter {
            by_ip: Buckets::new(burst, per_minute),
        }
    }

    /// Counts one request; `rate_limited` when the bucket is empty.
    pub fn check(&self, ip: Option<IpAddr>) -> Result<()> {
        self.by_ip
            .take(&ip, Instant::now())
            .map_err(|wait| Error::RateLimited {
                retry_after_secs: wait.as_secs().saturating_add(1),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter(ip_burst: u32, email_burst: u32) -> LoginLimiter {
        LoginLimiter::new(&RateLimitConfig {
            per_ip_burst: ip_burst,
            per_ip_per_minute: 60,
            per_email_burst: email_burst,
            per_email_per_minute: 6,
        })
    }

    #[test]
    fn an_address_is_limited_whatever_the_ip() {
        let limiter = limiter(100, 3);
        let now = Instant::now();
        for i in 0..3u8 {
            let ip = Some(IpAddr::from([10, 0, 0, i]));
            limiter.check_at(ip, "Demo@Example.test", now).unwrap();
        }
        let err = limiter
            .check_at(Some(IpAddr::from([10, 0, 0, 9])), "demo@example.test", now)
            .unwrap_err();
        match err {
            Error::RateLimited { retry_after_secs } => {
                assert!((1..=11).contains(&retry_after_secs))
            }
            other => panic!("{other:?}"),
        }
        // One token comes back every 10 s at 6 per minute.
        let later = now + Duration::from_secs(11);
        limiter.check_at(None, "demo@example.test", later).unwrap();
    }

    #[test]
    fn the_ip_limiter_counts_each_client_apart() {
        let limiter = IpLimiter::new(2, 1);
        let ip = Some(IpAddr::from([192, 0, 2, 1]));
        limiter.check(ip).unwrap();
        limiter.check(ip).unwrap();
        assert!(matches!(limiter.check(ip), Err(Error::RateLimited { .. })));
        limiter.check(Some(IpAddr::from([192, 0, 2, 2]))).unwrap();
    }

    #[test]
    fn an_ip_is_limited_whatever_the_address() {
        let limiter = limiter(2, 100);
        let now = Instant::now();
        let ip = Some(IpAddr::from([192, 0, 2, 1]));
        limiter.check_at(ip, "a@example.test", now).unwrap();
        limiter.check_at(ip, "b@example.test", now).unwrap();
        assert!(limiter.check_at(ip, "c@example.test", now).is_err());
        limiter
            .check_at(Some(IpAddr::from([192, 0, 2, 2])), "c@example.test", now)
            .unwrap();
    }
}
