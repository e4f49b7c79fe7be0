//! A small time-bounded cache for what many requests ask again within seconds (the home
//! page's ranking and names in the news, an article's related list): computed once,
//! shared until it expires, and made anew by one request while the others read the old.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct TtlCache<K, V> {
    map: Mutex<HashMap<K, Entry<V>>>,
    ttl: Duration,
    capacity: usize,
}

struct Entry<V> {
    at: Instant,
    /// When a request last read it.
    read: Instant,
    value: V,
    /// When a request began making it anew, if one is.
    refreshing: Option<Instant>,
}

impl<K: Eq + Hash + Clone, V: Clone> TtlCache<K, V> {
    pub fn new(ttl: Duration, capacity: usize) -> TtlCache<K, V> {
        TtlCache {
            map: Mutex::new(HashMap::new()),
            ttl,
            capacity,
        }
    }

    /// The value of `key`: the cached one while younger than the time to live, else
    /// `make()`'s (cached unless it failed). Once it has expired, the first request makes it
    /// anew and the requests meanwhile get the expired one, rather than all making it at
    /// once (the home page's names in the news take half a second to make; sixty readers
    /// arriving as it expires would each make it). A key not made yet is made by every
    /// request that misses it until one has; none waits for another.
    pub fn get_or_try<E>(&self, key: &K, make: impl FnOnce() -> Result<V, E>) -> Result<V, E> {
        if let Ok(mut m) = self.map.lock() {
            if let Some(e) = m.get_mut(key) {
                e.read = Instant::now();
                if e.at.elapsed() < self.ttl {
                    return Ok(e.value.clone());
                }
                // Another request is making it (for less than a time to live, or half a
                // minute: one that failed or panicked gives way).
                let patience = self.ttl.max(Duration::from_secs(30));
                if e.refreshing.is_some_and(|t| t.elapsed() < patience) {
                    return Ok(e.value.clone());
                }
                e.refreshing = Some(Instant::now());
            }
        }
        let made = make();
        let Ok(mut m) = self.map.lock() else {
            return made;
        };
        match made {
            Ok(v) => {
                self.insert(&mut m, key, v.clone());
                Ok(v)
            }
            Err(e) => {
                if let Some(entry) = m.get_mut(key) {
                    entry.refreshing = None;
                }
                Err(e)
            }
        }
    }

    /// Keeps `value` for `key` as made now, whether or not it had expired: for one who
    /// makes values before they are asked for (see [`TtlCache::read_within`]).
    pub fn put(&self, key: &K, value: V) {
        if let Ok(mut m) = self.map.lock() {
            self.insert(&mut m, key, value);
        }
    }

    /// Keeps the value of `key` as if made now (one who knows that what it was made of has
    /// not changed); false when there is none to keep.
    pub fn renew(&self, key: &K) -> bool {
        let Ok(mut m) = self.map.lock() else {
            return false;
        };
        m.get_mut(key).is_some_and(|e| {
            e.at = Instant::now();
            true
        })
    }

    /// The keys read within `d` (or put), for one who makes them again before they expire
    /// so that no reader waits for them.
    pub fn read_within(&self, d: Duration) -> Vec<K> {
        self.map.lock().map_or_else(
            |_| Vec::new(),
            |m| {
                m.iter()
                    .filter(|(_, e)| e.read.elapsed() < d)
                    .map(|(k, _)| k.clone())
                    .collect()
            },
        )
    }

    fn insert(&self, m: &mut HashMap<K, Entry<V>>, key: &K, value: V) {
        if m.len() >= self.capacity && !m.contains_key(key) {
            let ttl = self.ttl;
            m.retain(|_, e| e.at.elapsed() < ttl);
            if m.len() >= self.capacity {
                m.clear();
            }
        }
        let now = Instant::now();
        let read = m.get(key).map_or(now, |e| e.read);
        m.insert(
            key.clone(),
            Entry {
                at: now,
                read,
                value,
                refreshing: None,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_kept_until_they_expire_and_failures_are_not_kept() {
        let c: TtlCache<u32, u32> = TtlCache::new(Duration::from_millis(50), 2);
        assert_eq!(c.get_or_try(&1, || Ok::<_, ()>(10)), Ok(10));
        assert_eq!(c.get_or_try(&1, || Ok::<_, ()>(11)), Ok(10), "cached");
        assert_eq!(c.get_or_try(&2, || Err(())), Err(()));
        assert_eq!(
            c.get_or_try(&2, || Ok::<_, ()>(20)),
            Ok(20),
            "a failure is not kept"
        );
        std::thread::sleep(Duration::from_millis(60));
        assert_eq!(c.get_or_try(&1, || Ok::<_, ()>(12)), Ok(12), "expired");
        // Full: expired entries go first, and the cache never grows past its capacity.
        assert_eq!(c.get_or_try(&3, || Ok::<_, ()>(30)), Ok(30));
        assert!(c.map.lock().unwrap().len() <= 2);
    }

    #[test]
    fn values_put_before_they_expire_are_read_as_made_and_kept_while_read() {
        let c: TtlCache<u32, u32> = TtlCache::new(Duration::from_millis(40), 4);
        c.put(&1, 10);
        assert_eq!(
            c.get_or_try(&1, || Ok::<_, ()>(99)),
            Ok(10),
            "put, not made"
        );
        assert_eq!(c.get_or_try(&2, || Ok::<_, ()>(20)), Ok(20));
        std::thread::sleep(Duration::from_millis(30));
        // Read again: 1 is; 2 is not.
        assert_eq!(c.get_or_try(&1, || Ok::<_, ()>(99)), Ok(10));
        let mut read = c.read_within(Duration::from_millis(20));
        read.sort_unstable();
        assert_eq!(read, [1]);
        // Made again before it expires, a reader never makes it.
        c.put(&1, 11);
        std::thread::sleep(Duration::from_millis(25));
        assert_eq!(c.get_or_try(&1, || Ok::<_, ()>(99)), Ok(11));
        // Or kept as it was: renewed, it lives a time to live from now on.
        std::thread::sleep(Duration::from_millis(10));
        assert!(c.renew(&1));
        std::thread::sleep(Duration::from_millis(25));
        assert_eq!(c.get_or_try(&1, || Ok::<_, ()>(99)), Ok(11));
        assert!(!c.renew(&3), "nothing to renew");
    }

    #[test]
    fn while_one_request_makes_an_expired_value_the_others_get_the_old_one() {
        let c: std::sync::Arc<TtlCache<u32, u32>> =
            std::sync::Arc::new(TtlCache::new(Duration::from_millis(20), 4));
        assert_eq!(c.get_or_try(&1, || Ok::<_, ()>(10)), Ok(10));
        std::thread::sleep(Duration::from_millis(30));
        let (started, done) = (
            std::sync::Arc::new(std::sync::Barrier::new(2)),
            std::sync::Arc::new(std::sync::Barrier::new(2)),
        );
        let maker = {
            let (c, started, done) = (c.clone(), started.clone(), done.clone());
            std::thread::spawn(move || {
                c.get_or_try(&1, || {
                    started.wait();
                    done.wait();
                    Ok::<_, ()>(11)
                })
            })
        };
        started.wait();
        // Meanwhile: the expired value, and nothing made a second time.
        assert_eq!(c.get_or_try(&1, || Ok::<_, ()>(99)), Ok(10));
        done.wait();
        assert_eq!(maker.join().unwrap(), Ok(11));
        assert_eq!(c.get_or_try(&1, || Ok::<_, ()>(99)), Ok(11));
        // A making that failed lets the next request make it.
        std::thread::sleep(Duration::from_millis(30));
        assert_eq!(c.get_or_try(&1, || Err(())), Err(()));
        assert_eq!(c.get_or_try(&1, || Ok::<_, ()>(12)), Ok(12));
    }
}
