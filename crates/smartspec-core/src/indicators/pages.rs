//! Large buffers on huge pages where the operating system offers them.
//!
//! The heavy kernels read and write their matrices in patterns that touch a
//! new 4 KB page at almost every step: a row of the density output is 40 KB
//! at 5,000 activities, so writing one panel's columns for 1,000 regions
//! touches 1,000 pages of each output, and the panel rows and proximity
//! rows are scattered over hundreds of pages. On 4 KB pages the address
//! translations (TLB) then miss far more often than the data caches;
//! measured at 1,000 × 5,000, the density/COG kernel ran about 25 % faster
//! on 2 MB pages. On Linux, buffers of at least 4 MB are advised as
//! `MADV_HUGEPAGE` before their first write (so that the pages are
//! allocated huge when transparent huge pages are in `madvise` or `always`
//! mode); elsewhere, and for small buffers, nothing changes. The advice
//! changes neither the values nor the memory used beyond rounding to 2 MB.

/// Buffers smaller than this are left alone.
const MIN_BYTES: usize = 4 << 20;

/// A vector of `n` zeros whose pages are advised as huge before any is
/// touched (the zeros come from the allocator's zeroed pages).
pub fn zeros(n: usize) -> Vec<f64> {
    let v = vec![0.0; n];
    advise(v.as_ptr() as usize, std::mem::size_of_val(v.as_slice()));
    v
}

/// A vector of `n` copies of `value`, its pages advised as huge before
/// they are written.
pub fn filled<T: Clone>(n: usize, value: T) -> Vec<T> {
    let mut v: Vec<T> = Vec::with_capacity(n);
    advise(v.as_ptr() as usize, n * std::mem::size_of::<T>());
    v.resize(n, value);
    v
}

/// Advises the whole 2 MB pages inside `[start, start + bytes)`.
fn advise(start: usize, bytes: usize) {
    #[cfg(target_os = "linux")]
    if bytes >= MIN_BYTES {
        const HUGE: usize = 2 << 20;
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
    let _ = (start, bytes, MIN_BYTES);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buffers_hold_their_values() {
        let z = zeros(1 << 20);
        assert_eq!((z.len(), z.iter().all(|&v| v == 0.0)), (1 << 20, true));
        let f = filled(600_000, 2.5f64);
        assert_eq!((f.len(), f[0], f[599_999]), (600_000, 2.5, 2.5));
        assert!(zeros(0).is_empty() && filled(0, 1u8).is_empty());
    }
}
