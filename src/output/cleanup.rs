//! The safety net of named temporary files, where the file system has no unnamed ones:
//! each is registered here while it exists, and SIGINT, SIGTERM or SIGHUP removes every
//! registered file, then ends the process with the signal's default action, as it would
//! have ended without epct's handler. A signal the process ignores (`nohup`, a
//! background job's SIGINT) stays ignored. SIGKILL and power cuts cannot be caught: only
//! unnamed files survive those.
//!
//! A signal handler may only call async-signal-safe functions, so the table is fixed:
//! slots of path bytes claimed with atomics, read by the handler with `unlink` alone.
//! Installing a handler and asking whether a signal is ignored have no safe interface
//! (signal-hook's low level and `sigaction`): the two `unsafe` blocks of the crate.

#![allow(unsafe_code)]

use std::ffi::CStr;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU8, Ordering};

/// How many temporary files may be registered at once (an exchange sends to at most 26
/// states, with three reports).
const SLOTS: usize = 64;
/// The longest path a slot holds, with its closing NUL (Linux's PATH_MAX).
const PATH_BYTES: usize = 4096;

const FREE: u8 = 0;
const FILLING: u8 = 1;
const SET: u8 = 2;
const REMOVING: u8 = 3;

/// A path, NUL-terminated, in bytes that both sides read and write with atomics.
struct Slot {
    state: AtomicU8,
    path: [AtomicU8; PATH_BYTES],
}

static TABLE: [Slot; SLOTS] = [const {
    Slot {
        state: AtomicU8::new(FREE),
        path: [const { AtomicU8::new(0) }; PATH_BYTES],
    }
}; SLOTS];

/// A registered path; dropping it takes the path out of the table.
#[derive(Debug)]
pub(super) struct Registration {
    slot: usize,
}

/// Registers `path` (made absolute) for removal on SIGINT, SIGTERM or SIGHUP; `None` if
/// the handler could not be installed, the path cannot be held or every slot is taken.
pub(super) fn register(path: &Path) -> Option<Registration> {
    static INSTALLED: OnceLock<bool> = OnceLock::new();
    if !*INSTALLED.get_or_init(install_handlers) {
        return None;
    }
    let path = std::path::absolute(path).ok()?;
    let bytes = path.as_os_str().as_bytes();
    if bytes.len() >= PATH_BYTES || bytes.contains(&0) {
        return None;
    }
    let (slot, entry) = TABLE.iter().enumerate().find(|(_, entry)| {
        entry
            .state
            .compare_exchange(FREE, FILLING, Ordering::Acquire, Ordering::Relaxed)
            .is_ok()
    })?;
    for (cell, &byte) in entry.path.iter().zip(bytes.iter().chain([&0])) {
        cell.store(byte, Ordering::Relaxed);
    }
    entry.state.store(SET, Ordering::Release);
    Some(Registration { slot })
}

impl Drop for Registration {
    fn drop(&mut self) {
        let state = &TABLE[self.slot].state;
        // REMOVING: a handler on another thread is removing the file and will then end
        // the process.
        while state
            .compare_exchange(SET, FREE, Ordering::AcqRel, Ordering::Relaxed)
            .is_err()
        {
            std::hint::spin_loop();
        }
    }
}

/// Removes every registered file. Called in the signal handler: atomics, a copy on the
/// stack, and `unlink` (rustix's is the system call itself, with no allocation).
fn remove_registered() {
    let mut path = [0u8; PATH_BYTES];
    for entry in &TABLE {
        if entry
            .state
            .compare_exchange(SET, REMOVING, Ordering::Acquire, Ordering::Relaxed)
            .is_ok()
        {
            for (byte, cell) in path.iter_mut().zip(&entry.path) {
                *byte = cell.load(Ordering::Relaxed);
            }
            if let Ok(path) = CStr::from_bytes_until_nul(&path) {
                let _ = rustix::fs::unlink(path);
            }
            entry.state.store(SET, Ordering::Release);
        }
    }
}

/// Installs the handler for SIGINT, SIGTERM and SIGHUP, leaving ignored ones so;
/// whether it could.
fn install_handlers() -> bool {
    [libc::SIGINT, libc::SIGTERM, libc::SIGHUP]
        .into_iter()
        .filter(|&signal| !ignored(signal))
        .all(|signal| {
            // SAFETY: the action is async-signal-safe: atomics and unlink, then
            // signal-hook's emulation of the default action (restore it, raise).
            unsafe {
                signal_hook::low_level::register(signal, move || {
                    remove_registered();
                    let _ = signal_hook::low_level::emulate_default_handler(signal);
                })
            }
            .is_ok()
        })
}

/// Whether `signal` is ignored in this process (as inherited through exec).
fn ignored(signal: libc::c_int) -> bool {
    // SAFETY: a null new action only reads the current one into `current`.
    unsafe {
        let mut current: libc::sigaction = std::mem::zeroed();
        libc::sigaction(signal, std::ptr::null(), &mut current) == 0
            && current.sa_sigaction == libc::SIG_IGN
    }
}
