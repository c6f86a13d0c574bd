//! The bare version-1 fmgr calling convention, for the few per-row functions
//! where pgrx's generic wrapper (argument boxing, `Internal`, a guarded FFI
//! call per detoast) costs more than the work itself: `ar_aging`'s
//! transition function. Everything here is plain reads of `fcinfo`; errors
//! still go through `#[pg_guard]` and `OrRaise`, so a Rust panic never
//! reaches PostgreSQL.

use pgrx::pg_sys;

/// `pg_finfo_<name>`: tells PostgreSQL that `<name>` uses the version-1
/// calling convention (what `PG_FUNCTION_INFO_V1` does in C).
#[macro_export]
macro_rules! fmgr_v1_info {
    ($finfo:ident) => {
        #[no_mangle]
        #[doc(hidden)]
        pub extern "C" fn $finfo() -> &'static pgrx::pg_sys::Pg_finfo_record {
            const V1: pgrx::pg_sys::Pg_finfo_record = pgrx::pg_sys::Pg_finfo_record { api_version: 1 };
            &V1
        }
    };
}

/// Argument `i` of the call, `None` when it is SQL NULL or was not passed.
///
/// # Safety
/// `fcinfo` must be the live call info of the current function call.
#[inline(always)]
pub unsafe fn arg(fcinfo: pg_sys::FunctionCallInfo, i: usize) -> Option<pg_sys::Datum> {
    unsafe {
        let passed = nargs(fcinfo);
        if i >= passed {
            return None;
        }
        let a = (*fcinfo).args.as_slice(passed)[i];
        (!a.isnull).then_some(a.value)
    }
}

/// The number of arguments the call passed.
///
/// # Safety
/// As [`arg`].
#[inline(always)]
pub unsafe fn nargs(fcinfo: pg_sys::FunctionCallInfo) -> usize {
    unsafe { usize::try_from((*fcinfo).nargs).unwrap_or(0) }
}

/// Return SQL NULL.
///
/// # Safety
/// As [`arg`].
#[inline(always)]
pub unsafe fn return_null(fcinfo: pg_sys::FunctionCallInfo) -> pg_sys::Datum {
    unsafe { (*fcinfo).isnull = true };
    pg_sys::Datum::from(0usize)
}

/// The payload of a varlena datum (the bytes after its header), read in
/// place when it is stored inline (a 1-byte or an uncompressed 4-byte
/// header: every `numeric` read from a heap tuple or a constant), and
/// through `pg_detoast_datum_packed` only when it is compressed or
/// out of line. `f` sees the bytes; a detoasted copy is freed afterwards.
///
/// Reading in place matters: every call into PostgreSQL from Rust goes
/// through pgrx's FFI guard (a `sigsetjmp`), which on a 10-million-row
/// aggregate costs more than decoding the number.
///
/// # Safety
/// `datum` must be a non-null varlena datum that stays valid during `f`.
#[inline(always)]
pub unsafe fn with_varlena_payload<R>(datum: pg_sys::Datum, f: impl FnOnce(&[u8]) -> R) -> R {
    use pgrx::varlena::{varatt_is_1b_e, varatt_is_4b_c, varlena_to_byte_slice};
    unsafe {
        let raw = datum.cast_mut_ptr::<pg_sys::varlena>();
        if !varatt_is_1b_e(raw) && !varatt_is_4b_c(raw) {
            return f(varlena_to_byte_slice(raw));
        }
        let flat = pg_sys::pg_detoast_datum_packed(raw);
        let r = f(varlena_to_byte_slice(flat));
        if flat != raw {
            pg_sys::pfree(flat.cast());
        }
        r
    }
}
