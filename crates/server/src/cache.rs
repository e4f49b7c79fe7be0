//! A small time-bounded cache for what many requests ask again within seconds (the home
//! page's ranking, an article's related list): computed once, shared until it expires.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct TtlCache<K, V> {
    map: Mutex<HashMap<K, (Instant, V)>>,
    ttl: Duration,
    capacity: usize,
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
    /// `make()`'s (cached unless it failed). Two requests missing at once both compute
    /// it; neither waits for the other.
    pub fn get_or_try<E>(&self, key: &K, make: impl FnOnce() -> Result<V, E>) -> Result<V, E> {
        if let Some((at, v)) = self.map.lock().ok().and_then(|m| m.get(key).cloned()) {
            if at.elapsed() < self.ttl {
                return Ok(v);
            }
        }
        let v = make()?;
        if let Ok(mut m) = self.map.lock() {
            if m.len() >= self.capacity {
                let ttl = self.ttl;
                m.retain(|_, (at, _)| at.elapsed() < ttl);
                if m.len() >= self.capacity {
                    m.clear();
                }
            }
            m.insert(key.clone(), (Instant::now(), v.clone()));
        }
        Ok(v)
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
}
