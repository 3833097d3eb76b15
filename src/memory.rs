//! How the process takes memory from the system.

/// Keep glibc to two malloc arenas. By default every thread that allocates (the decode
/// and encode threads among them) may get an arena of its own, up to eight per core, and
/// each keeps what was freed in it: paging through 100 000 assets with kitty pictures
/// took RSS to 160 MB over a live heap of 30 MB; with two arenas it stays near 80 MB
/// (examples/scroll_rss.rs). Call before any thread starts.
pub fn limit_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: a plain glibc call, made before other threads exist.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

/// Give freed heap back to the system (glibc keeps it otherwise, and RSS only grows).
pub fn release_free() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: a plain glibc call; 0 keeps no padding at the top of the heap.
    unsafe {
        libc::malloc_trim(0);
    }
}
