//! Strings across the boundary: NUL-terminated UTF-8 in, library-owned
//! NUL-terminated UTF-8 out.
//!
//! Returned strings are allocated by Rust and must come back to
//! `tthc_string_free`: a host that released them with libc `free` would only
//! work while Rust's allocator happens to be malloc (ZEN's Go binding does
//! exactly that; anchors.md §2.2).

use std::ffi::{c_char, CStr, CString};

use crate::error::{FfiError, Status};

/// Largest accepted string argument in bytes, NUL excluded (16 MiB): a
/// catalogue file is capped at 8 MiB, and a case is a few hundred bytes, so
/// anything larger is a host bug or an attack, refused before any parsing.
pub const MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;

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
            Status::InputTooLarge,
            format!(
                "`{what}` is {} bytes; the limit is {MAX_INPUT_BYTES} bytes (16 MiB)",
                bytes.len()
            ),
            "split the input (e.g. a batch into several calls) or load a catalogue from a directory",
        ));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        FfiError::new(
            Status::InvalidUtf8,
            format!(
                "`{what}` is not valid UTF-8 (first bad byte at offset {})",
                e.valid_up_to()
            ),
            "encode text as UTF-8 (PHP: mb_convert_encoding; Java: getBytes(StandardCharsets.UTF_8))",
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

/// Hands `s` to the host through `out`, which must not be NULL (checked by
/// the caller before any work is done).
pub fn give(out: &mut *mut c_char, s: String) -> Result<(), FfiError> {
    let c = CString::new(s).map_err(|_| {
        FfiError::new(
            Status::InvalidInput,
            "the answer contains a NUL byte and cannot be returned as a C string",
            "this is a bug in tthc; please report it",
        )
    })?;
    *out = c.into_raw();
    Ok(())
}

/// Reclaims a string returned by [`give`].
///
/// # Safety
/// `ptr` must be NULL or a pointer from [`give`] not yet freed.
pub unsafe fn free(ptr: *mut c_char) {
    if !ptr.is_null() {
        // SAFETY: the caller promises `ptr` came from CString::into_raw in
        // `give` and is freed only once.
        drop(unsafe { CString::from_raw(ptr) });
    }
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
        let mut p: *mut c_char = std::ptr::null_mut();
        give(&mut p, "{\"a\":1}".into()).unwrap();
        // SAFETY: p came from give just above.
        assert_eq!(unsafe { CStr::from_ptr(p) }.to_str().unwrap(), "{\"a\":1}");
        // SAFETY: freed once.
        unsafe { free(p) };
        // SAFETY: NULL is tolerated.
        unsafe { free(std::ptr::null_mut()) };
    }
}
