//! The allocator of the `wirebench` binary and of this crate's benches
//! (feature `mimalloc`): mimalloc, set to keep the memory it was given.
//!
//! The library itself sets no global allocator, so that a user's crate
//! keeps its own; the binary and the benches install [`MiMalloc`] and call
//! [`keep_freed_memory`] first thing.

pub use mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay`: its place in the `mi_option_e`
/// enum of `mimalloc.h` (v3), which the Rust bindings do not name.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Tells mimalloc never to hand freed memory back to the system.
///
/// Why: by default it returns pages left free for a second, and each
/// document's first allocations then fault them in again; with transparent
/// huge pages the kernel clears 2 MB per fault. Over a hundred passes of
/// `quotes/attributed` on the bundled corpus that was about 1,000 page
/// faults and 6–9 % of the time; kept, about 300 faults, all in the first
/// pass. A run ends when its work does, so the memory it kept goes back to
/// the system at exit; peak memory is unchanged.
pub fn keep_freed_memory() {
    // SAFETY: `mi_option_set` only stores an integer in mimalloc's option
    // table; any option value is valid to set at any time.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The option numbered [`PURGE_DELAY`] is the purge delay: its default,
    /// 1,000 ms, is no other option's (or the value the environment sets).
    #[test]
    fn purge_delay_is_the_option_the_constant_names() {
        let expected: std::ffi::c_long = std::env::var("MIMALLOC_PURGE_DELAY")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1000);
        // SAFETY: reading an option has no precondition.
        let value = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
        assert_eq!(value, expected);
    }
}
