//! Work spread over threads with results in a fixed order: a job per index, so what the analyzer
//! and the exploit search report never depends on the thread count.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Runs `job(i)` for every `i` in `0..total` on up to `threads` threads and returns the results
/// in index order. Threads take the next few indices as they finish, so uneven jobs balance out.
pub fn map_indexed<T: Send>(
    total: usize,
    threads: usize,
    job: &(dyn Fn(usize) -> T + Sync),
) -> Vec<T> {
    map_indexed_with(total, threads, &|| (), &|(), i| job(i))
}

/// [`map_indexed`] with a state each thread makes once with `init` and passes to its jobs: a
/// thread's own copy of shared data, so that threads do not contend for one reference count.
pub fn map_indexed_with<S, T: Send>(
    total: usize,
    threads: usize,
    init: &(dyn Fn() -> S + Sync),
    job: &(dyn Fn(&mut S, usize) -> T + Sync),
) -> Vec<T> {
    let threads = threads.clamp(1, total.max(1));
    // Small batches: few trips to the shared counter for short jobs (a bot session takes
    // microseconds), still many batches per thread to even out the end.
    let batch = (total / (threads * 64)).clamp(1, 64);
    let next = AtomicUsize::new(0);
    let mut results: Vec<Option<T>> = (0..total).map(|_| None).collect();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut state = init();
                    let mut out = Vec::new();
                    loop {
                        let start = next.fetch_add(batch, Ordering::Relaxed);
                        if start >= total {
                            break;
                        }
                        for i in start..(start + batch).min(total) {
                            out.push((i, job(&mut state, i)));
                        }
                    }
                    out
                })
            })
            .collect();
        for w in workers {
            let out = w.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
            for (i, result) in out {
                results[i] = Some(result);
            }
        }
    });
    results
        .into_iter()
        .map(|r| r.expect("every index was run"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_index_order_for_any_thread_count() {
        for (total, threads) in [(50, 1), (50, 2), (50, 7), (10_000, 2), (10_001, 3)] {
            let out = map_indexed(total, threads, &|i| i * i);
            assert_eq!(out, (0..total).map(|i| i * i).collect::<Vec<_>>());
        }
        assert!(map_indexed(0, 3, &|i| i).is_empty());
    }

    #[test]
    fn each_thread_makes_its_state_once_and_keeps_it() {
        let made = AtomicUsize::new(0);
        let init = || {
            made.fetch_add(1, Ordering::Relaxed);
            0usize
        };
        // Each job sees how many jobs its thread ran before it.
        let out = map_indexed_with(1000, 3, &init, &|seen, i| {
            *seen += 1;
            (i, *seen)
        });
        assert!((1..=3).contains(&made.load(Ordering::Relaxed)));
        assert_eq!(
            out.iter().map(|(i, _)| *i).collect::<Vec<_>>(),
            (0..1000).collect::<Vec<_>>()
        );
        // A thread's first job sees 1; a thread that came too late for any job ran none.
        let first_jobs = out.iter().filter(|(_, seen)| *seen == 1).count();
        assert!((1..=made.load(Ordering::Relaxed)).contains(&first_jobs));
        // The counts go on within a thread: state is kept, not made per job.
        assert!(out.iter().any(|(_, seen)| *seen > 1));
    }
}
