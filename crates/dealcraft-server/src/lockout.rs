//! Wrong workshop codes, counted per client address: too many in a short time lock out that
//! address only, for longer each time it happens again. The trainer can list and lift lockouts.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::Limits;

/// A record is forgotten this long after its last lockout ended (its backoff starts over).
const FORGET_AFTER: Duration = Duration::from_secs(24 * 60 * 60);
/// Past this many addresses, records with nothing to remember are pruned on each wrong code.
const PRUNE_ABOVE: usize = 256;

pub struct Lockouts {
    limits: Limits,
    by_address: Mutex<HashMap<IpAddr, Record>>,
}

#[derive(Debug, Default)]
struct Record {
    /// When the wrong codes in the current window came.
    wrong: VecDeque<Instant>,
    locked_until: Option<Instant>,
    /// How many times the address was locked out: each lockout is twice the one before.
    lockouts: u32,
}

/// An address that sent wrong codes, as the trainer sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct AddressView {
    pub address: IpAddr,
    /// Wrong codes in the current window.
    pub wrong_codes: usize,
    /// Seconds the address stays locked out; 0 when it is not.
    pub locked_for: u64,
    /// How many times it was locked out.
    pub lockouts: u32,
}

impl Lockouts {
    pub fn new(limits: Limits) -> Lockouts {
        Lockouts {
            limits,
            by_address: Mutex::default(),
        }
    }

    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<IpAddr, Record>> {
        self.by_address.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// How long `ip` stays locked out, if it is.
    pub fn locked(&self, ip: IpAddr, now: Instant) -> Option<Duration> {
        let map = self.map();
        let until = map.get(&ip)?.locked_until?;
        (until > now).then(|| until - now)
    }

    /// Counts a wrong code from `ip`; returns the lockout it caused, if it caused one.
    pub fn wrong(&self, ip: IpAddr, now: Instant) -> Option<Duration> {
        let mut map = self.map();
        if map.len() > PRUNE_ABOVE {
            let window = self.limits.wrong_code_window;
            map.retain(|_, r| !r.forgettable(now, window));
        }
        let r = map.entry(ip).or_default();
        r.wrong.push_back(now);
        while r
            .wrong
            .front()
            .is_some_and(|t| now.duration_since(*t) >= self.limits.wrong_code_window)
        {
            r.wrong.pop_front();
        }
        if r.wrong.len() < self.limits.wrong_codes as usize {
            return None;
        }
        r.wrong.clear();
        r.lockouts += 1;
        let doubled = self
            .limits
            .lockout
            .saturating_mul(1 << (r.lockouts - 1).min(20));
        let lasts = doubled.min(self.limits.longest_lockout);
        r.locked_until = Some(now + lasts);
        Some(lasts)
    }

    /// The right code: the address's count of wrong ones starts again (its backoff stays).
    pub fn right(&self, ip: IpAddr) {
        if let Some(r) = self.map().get_mut(&ip) {
            r.wrong.clear();
        }
    }

    /// Every address with wrong codes in the window or a lockout, locked ones first.
    pub fn list(&self, now: Instant) -> Vec<AddressView> {
        let window = self.limits.wrong_code_window;
        let mut all: Vec<AddressView> = self
            .map()
            .iter()
            .map(|(ip, r)| AddressView {
                address: *ip,
                wrong_codes: r
                    .wrong
                    .iter()
                    .filter(|t| now.duration_since(**t) < window)
                    .count(),
                locked_for: r
                    .locked_until
                    .filter(|u| *u > now)
                    .map_or(0, |u| (u - now).as_secs_f64().ceil() as u64),
                lockouts: r.lockouts,
            })
            .filter(|v| v.wrong_codes > 0 || v.locked_for > 0)
            .collect();
        all.sort_by_key(|v| (std::cmp::Reverse(v.locked_for), v.address));
        all
    }

    /// Forgets everything about `ip`: its lockout, wrong codes and backoff. False if there was
    /// nothing to forget.
    pub fn lift(&self, ip: IpAddr) -> bool {
        self.map().remove(&ip).is_some()
    }
}

impl Record {
    fn forgettable(&self, now: Instant, window: Duration) -> bool {
        let quiet = self
            .wrong
            .back()
            .is_none_or(|t| now.duration_since(*t) >= window);
        let free = self
            .locked_until
            .is_none_or(|u| now.saturating_duration_since(u) >= FORGET_AFTER);
        quiet && free
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> Lockouts {
        Lockouts::new(Limits::default())
    }

    #[test]
    fn twenty_wrong_codes_in_a_minute_lock_that_address_only_and_lockouts_double() {
        let l = rules();
        let (bad, good): (IpAddr, IpAddr) =
            ("10.0.0.66".parse().unwrap(), "10.0.0.7".parse().unwrap());
        let t0 = Instant::now();
        for i in 0..19 {
            assert_eq!(l.wrong(bad, t0 + Duration::from_secs(i)), None);
        }
        assert_eq!(l.locked(bad, t0 + Duration::from_secs(19)), None);
        let first = l.wrong(bad, t0 + Duration::from_secs(19)).unwrap();
        assert_eq!(first, Duration::from_secs(60));
        assert!(l.locked(bad, t0 + Duration::from_secs(20)).is_some());
        assert_eq!(l.locked(good, t0 + Duration::from_secs(20)), None);
        // Over after a minute; the next twenty wrong codes lock it for two.
        let t1 = t0 + Duration::from_secs(80);
        assert_eq!(l.locked(bad, t1), None);
        let mut second = None;
        for i in 0..20 {
            second = l.wrong(bad, t1 + Duration::from_millis(i));
        }
        assert_eq!(second, Some(Duration::from_secs(120)));
        let view = l.list(t1 + Duration::from_secs(1));
        assert_eq!(view.len(), 1);
        assert_eq!(
            (view[0].address, view[0].lockouts, view[0].locked_for),
            (bad, 2, 120)
        );
        assert!(l.lift(bad));
        assert_eq!(l.locked(bad, t1 + Duration::from_secs(1)), None);
        assert!(!l.lift(bad));
    }

    #[test]
    fn wrong_codes_spread_over_more_than_the_window_never_lock() {
        let l = rules();
        let ip: IpAddr = "10.0.0.9".parse().unwrap();
        let t0 = Instant::now();
        for i in 0..100 {
            assert_eq!(
                l.wrong(ip, t0 + Duration::from_secs(4 * i)),
                None,
                "code {i}"
            );
        }
    }
}
