//! Large buffers on huge pages where the operating system offers them.
//!
//! The heavy kernels read their matrices in patterns that touch a new 4 KB
//! page at almost every step: the panel lines of the density kernel and the
//! rows of proximity are scattered over hundreds of pages, and a fresh
//! output of 40 MB is 10,000 pages to fault in. On 4 KB pages the address
//! translations (TLB) then miss far more often than the data caches. On
//! Linux, buffers of at least 4 MB are advised as `MADV_HUGEPAGE` before
//! their first write (so that the pages are allocated huge when transparent
//! huge pages are in `madvise` or `always` mode), and the panels of the
//! density kernel (2.5 MB) are placed on a 2 MB boundary; elsewhere, and for
//! small buffers, nothing changes. Measured with `smartspec bench
//! --synthetic 1000,5000,1 --repeat 5 --fitness-iterations 20`: 0.50–0.58 s
//! with the advice against 0.57–0.64 s with huge pages off (`never`). The
//! advice changes neither the values nor the memory used beyond rounding to
//! 2 MB.

/// Buffers smaller than this are left alone.
const MIN_BYTES: usize = 4 << 20;

/// A vector of `n` zeros whose pages are advised as huge before any is
/// touched (the zeros come from the allocator's zeroed pages).
pub fn zeros(n: usize) -> Vec<f64> {
    let v = vec![0.0; n];
    let bytes = std::mem::size_of_val(v.as_slice());
    if bytes >= MIN_BYTES {
        advise(v.as_ptr() as usize, bytes);
    }
    v
}

/// `n` copies of `value` starting on a 2 MB boundary (exactly when the
/// size of `T` divides the distance to it, as for types aligned to their
/// size such as cache lines; just after it otherwise), their pages advised
/// as huge before they are written: the vector (with up to 2 MB of slack)
/// and where the `n` values start in it. For buffers of a few MB, which a
/// plain allocation would leave mostly on small pages.
pub fn filled_aligned<T: Clone>(n: usize, value: T) -> (Vec<T>, usize) {
    let size = std::mem::size_of::<T>().max(1);
    let bytes = n * size;
    if bytes < HUGE / 2 {
        return (vec![value; n], 0);
    }
    // room for the values rounded up to whole huge pages, after a skip of
    // less than one huge page to the first boundary
    let rounded = bytes.next_multiple_of(HUGE);
    let mut v: Vec<T> = Vec::with_capacity((rounded + HUGE) / size + 1);
    let base = v.as_ptr() as usize;
    let skip = (base.next_multiple_of(HUGE) - base).div_ceil(size);
    advise(base + skip * size, rounded);
    v.resize(skip + n, value);
    (v, skip)
}

/// Makes the C allocator return large freed buffers to the system: with
/// glibc, allocations of 1 MB and more are mapped on their own and unmapped
/// when freed. By default glibc raises that threshold after the first large
/// free and then keeps freed buffers of up to 32 MB in its heap, so a
/// process that runs the pipeline several times (`smartspec bench
/// --repeat`) grows by tens of MB. Call once at start-up, before threads
/// allocate; does nothing on other platforms.
pub fn return_large_frees() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes allocator parameters; it is called
    // before other threads exist.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}

/// Huge page size on x86-64 and aarch64 Linux.
const HUGE: usize = 2 << 20;

/// Advises the whole 2 MB pages inside `[start, start + bytes)`.
fn advise(start: usize, bytes: usize) {
    #[cfg(target_os = "linux")]
    {
        let first = start.next_multiple_of(HUGE);
        let end = (start + bytes) / HUGE * HUGE;
        if end > first {
            // SAFETY: the range lies inside one live allocation of this
            // process; MADV_HUGEPAGE is advice and never changes contents.
            // A refusal (e.g. no THP support) is ignored: it only costs speed.
            unsafe {
                libc::madvise(first as *mut libc::c_void, end - first, libc::MADV_HUGEPAGE);
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (start, bytes);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buffers_hold_their_values() {
        let z = zeros(1 << 20);
        assert_eq!((z.len(), z.iter().all(|&v| v == 0.0)), (1 << 20, true));
        assert!(zeros(0).is_empty());
        let (small, at) = filled_aligned(10, 1u8);
        assert_eq!((small, at), (vec![1u8; 10], 0));
        // a type whose size divides the distance to the boundary starts on it
        let (v, at) = filled_aligned(400_000, 7u64);
        assert!(v.len() >= at + 400_000 && v[at..].iter().all(|&x| x == 7));
        assert_eq!((v[at..].as_ptr() as usize) % HUGE, 0);
    }
}
