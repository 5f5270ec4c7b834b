//! Strings across the boundary: NUL-terminated UTF-8 in, library-owned
//! NUL-terminated UTF-8 out.
//!
//! Returned strings are allocated by Rust and must come back to
//! `tthc_string_free`: a host that released them with libc `free` would only
//! work while Rust's allocator happens to be malloc (ZEN's Go binding does
//! exactly that; anchors.md §2.2).
//!
//! A returned string is the text of a `String`, moved [`HEADER`] bytes up
//! its own buffer to make room for the buffer's capacity, and
//! NUL-terminated. Freeing reads the capacity back, so it needs neither
//! `strlen` nor a buffer of the exact length. `CString` needs both, which
//! cost a shrinking `realloc` per answer, a `strlen` per free and a scan for
//! interior NULs: some 6% of `tthc_evaluate` (profiled with benches/c).

use std::ffi::{c_char, CStr};
use std::mem::ManuallyDrop;

use tthc_core::ErrorKind;

use crate::error::FfiError;

/// Largest accepted string argument in bytes, NUL excluded (16 MiB, the
/// engine's [`tthc_core::strict::MAX_INPUT_BYTES`], which says why).
pub const MAX_INPUT_BYTES: usize = tthc_core::strict::MAX_INPUT_BYTES;

/// Borrows a string argument, checking NULL, size and UTF-8.
///
/// # Safety
/// `ptr` must be NULL or point to a NUL-terminated string that stays valid
/// and unmodified for `'a`.
pub unsafe fn input<'a>(ptr: *const c_char, what: &str) -> Result<&'a str, FfiError> {
    if ptr.is_null() {
        return Err(FfiError::null(what));
    }
    // SAFETY: non-null, and the caller promises a NUL-terminated string valid for 'a.
    let bytes = unsafe { CStr::from_ptr(ptr) }.to_bytes();
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(FfiError::new(
            ErrorKind::InputTooLarge,
            format!(
                "`{what}` is {} bytes; the limit is {MAX_INPUT_BYTES} bytes (16 MiB)",
                bytes.len()
            ),
        ));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        FfiError::new(
            ErrorKind::InvalidUtf8,
            format!(
                "`{what}` is not valid UTF-8 (first bad byte at offset {})",
                e.valid_up_to()
            ),
        )
    })
}

/// Like [`input`], with NULL meaning "not given".
///
/// # Safety
/// As for [`input`].
pub unsafe fn optional_input<'a>(
    ptr: *const c_char,
    what: &str,
) -> Result<Option<&'a str>, FfiError> {
    if ptr.is_null() {
        Ok(None)
    } else {
        // SAFETY: forwarded from the caller's promise.
        unsafe { input(ptr, what) }.map(Some)
    }
}

/// Bytes before the text of a returned string: the capacity of its buffer.
const HEADER: usize = std::mem::size_of::<usize>();

/// Hands `s` to the host through `out`, which must not be NULL (checked by
/// the caller before any work is done).
///
/// Every answer is JSON text or a hex digest, and neither contains a NUL
/// byte (JSON escapes every control character), so the host reads all of
/// it; nothing here depends on where the host thinks it ends.
pub fn give(out: &mut *mut c_char, s: String) {
    debug_assert!(!s.as_bytes().contains(&0), "an answer with a NUL byte");
    let mut buf = s.into_bytes();
    let len = buf.len();
    // A decision's writer leaves room for this; other answers may regrow.
    buf.resize(HEADER + len + 1, 0);
    buf.copy_within(..len, HEADER);
    let capacity = buf.capacity();
    buf[..HEADER].copy_from_slice(&capacity.to_ne_bytes());
    let mut buf = ManuallyDrop::new(buf);
    *out = buf.as_mut_ptr().wrapping_add(HEADER).cast();
}

/// Reclaims a string returned by [`give`].
///
/// # Safety
/// `ptr` must be NULL or a pointer from [`give`] not yet freed.
pub unsafe fn free(ptr: *mut c_char) {
    if ptr.is_null() {
        return;
    }
    // SAFETY: the caller promises `ptr` came from `give`, which returned a
    // pointer `HEADER` bytes into the buffer of a `Vec<u8>` it leaked.
    let start = unsafe { ptr.cast::<u8>().sub(HEADER) };
    let mut capacity = [0; HEADER];
    // SAFETY: `give` wrote the buffer's capacity into its first `HEADER`
    // bytes; `capacity` is a distinct local array of that size.
    unsafe { std::ptr::copy_nonoverlapping(start, capacity.as_mut_ptr(), HEADER) };
    // SAFETY: `start` and the capacity read back are those of the leaked
    // `Vec<u8>`, which is reclaimed once (the caller's promise); length 0
    // is within the capacity, and bytes need no drop.
    drop(unsafe { Vec::from_raw_parts(start, 0, usize::from_ne_bytes(capacity)) });
}

/// Turns an out-pointer argument into a reference, or the NULL error.
///
/// # Safety
/// `ptr` must be NULL or valid for writes of a `T` for `'a`.
pub unsafe fn out<'a, T>(ptr: *mut T, what: &str) -> Result<&'a mut T, FfiError> {
    // SAFETY: the caller promises a NULL or writable, aligned pointer.
    unsafe { ptr.as_mut() }.ok_or_else(|| FfiError::null(what))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::status::Status;

    #[test]
    fn input_rejects_null_bad_utf8_and_oversize() {
        // SAFETY: NULL is allowed.
        let e = unsafe { input(std::ptr::null(), "x") }.unwrap_err();
        assert_eq!(e.status, Status::NullArgument);

        let bad = b"ab\xffcd\0";
        // SAFETY: a NUL-terminated static byte string.
        let e = unsafe { input(bad.as_ptr().cast(), "x") }.unwrap_err();
        assert_eq!(e.status, Status::InvalidUtf8);
        assert!(e.message.contains("offset 2"), "{}", e.message);

        let mut big = vec![b'a'; MAX_INPUT_BYTES + 1];
        big.push(0);
        // SAFETY: NUL-terminated and alive for the call.
        let e = unsafe { input(big.as_ptr().cast(), "x") }.unwrap_err();
        assert_eq!(e.status, Status::InputTooLarge);

        let ok = b"h\xc3\xa0 n\xe1\xbb\x99i\0";
        // SAFETY: as above.
        assert_eq!(unsafe { input(ok.as_ptr().cast(), "x") }.unwrap(), "hà nội");
    }

    #[test]
    fn give_and_free_round_trip() {
        for text in ["", "{\"a\":1}", &"hà nội ".repeat(1000)] {
            for spare in [0, 1, 8, 9, 4096] {
                let mut s = String::with_capacity(text.len() + spare);
                s.push_str(text);
                let mut p: *mut c_char = std::ptr::null_mut();
                give(&mut p, s);
                // SAFETY: p came from give just above.
                assert_eq!(unsafe { CStr::from_ptr(p) }.to_str().unwrap(), text);
                // SAFETY: freed once.
                unsafe { free(p) };
            }
        }
        // SAFETY: NULL is tolerated.
        unsafe { free(std::ptr::null_mut()) };
    }
}
