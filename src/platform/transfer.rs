//! Files to and from the platform, streamed in both directions with their SHA-256
//! computed on the way. An upload never overwrites: it goes under a temporary name and
//! is moved into place with `Overwrite: F`; a file already there with the same content
//! counts as delivered. What the server holds is read back and compared.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use ureq::SendBody;

use super::Platform;
use super::error::PlatformError;
use super::path::RemotePath;
use crate::output::{OutputError, OutputFile};

/// The size of the chunks streamed.
const CHUNK: usize = 64 * 1024;

/// A file on the platform, as verified after an upload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delivery {
    /// Its URL.
    pub url: String,
    pub size: u64,
    /// SHA-256 of what the server holds, hexadecimal.
    pub sha256: String,
    /// It was there already with this content, from an earlier run: nothing was sent.
    pub already_there: bool,
}

/// A file fetched from the platform.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Downloaded {
    pub path: PathBuf,
    pub size: u64,
    /// SHA-256 of the bytes received, hexadecimal.
    pub sha256: String,
}

impl Platform {
    /// Uploads the local file `local` as `folder/name`, never replacing a file there,
    /// and verifies what the server then holds.
    pub fn upload(
        &self,
        local: &Path,
        folder: &RemotePath,
        name: &str,
    ) -> Result<Delivery, PlatformError> {
        let read_error = |source| PlatformError::ReadLocal {
            path: local.to_owned(),
            source,
        };
        let (size, sha256) = hash(File::open(local).map_err(read_error)?, &mut io::sink())
            .map_err(|e| read_error(e.into()))?;
        let target = folder.join(name);
        if let Some(there) = self.digest(&target)? {
            return self.same_or_differs(&target, there, size, &sha256, true);
        }
        let temporary = folder.join(&format!(".{name}.epct-part"));
        self.retrying(|| {
            let mut file = File::open(local).map_err(read_error)?;
            let length = size.to_string();
            let response = self.send(
                "PUT",
                &temporary,
                false,
                &[
                    ("Content-Length", &length),
                    ("Content-Type", "application/octet-stream"),
                ],
                SendBody::from_reader(&mut file),
            )?;
            match response.status().as_u16() {
                200 | 201 | 204 => Ok(()),
                status => Err(self.status_error("PUT", &target, false, status)),
            }
        })
        .map_err(|e| match e {
            // The file whose transfer was cut is the one under its final name.
            PlatformError::Cut { reason, .. } => PlatformError::Cut {
                path: self.url(&target, false),
                reason,
            },
            e => e,
        })?;
        let destination = format!("{}{}", self.root.origin, target.encoded(&self.root, false));
        let moved = self.retrying(|| {
            let response = self.send(
                "MOVE",
                &temporary,
                false,
                &[("Destination", &destination), ("Overwrite", "F")],
                (),
            )?;
            Ok(response.status().as_u16())
        });
        match moved {
            Ok(201 | 204) => {}
            // 412: a file of that name appeared meanwhile; 404: an earlier try moved it.
            Ok(status @ (412 | 404)) => {
                let there = self.digest(&target)?;
                self.remove(&temporary);
                match there {
                    Some(there) => {
                        return self.same_or_differs(&target, there, size, &sha256, status == 412);
                    }
                    None => return Err(self.status_error("MOVE", &target, false, status)),
                }
            }
            Ok(status) => {
                self.remove(&temporary);
                return Err(self.status_error("MOVE", &target, false, status));
            }
            Err(e) => {
                self.remove(&temporary);
                return Err(e);
            }
        }
        let there = self
            .digest(&target)?
            .ok_or_else(|| PlatformError::NotFound {
                path: self.url(&target, false),
            })?;
        self.same_or_differs(&target, there, size, &sha256, false)
    }

    /// Downloads `file` into `dir` as `name`, as every output of epct is written
    /// (`output::OutputFile`): unnamed until the whole file arrived, then linked into
    /// place; never replaces a local file.
    pub fn download(
        &self,
        file: &RemotePath,
        dir: &Path,
        name: &str,
    ) -> Result<Downloaded, PlatformError> {
        let path = dir.join(name);
        self.retrying(|| {
            let response = self.send("GET", file, false, &[], ())?;
            if response.status().as_u16() != 200 {
                return Err(self.status_error("GET", file, false, response.status().as_u16()));
            }
            let expected = response.body().content_length();
            // Not synced, as no large output is by default: the platform keeps the file
            // until a receipt says it was received, so one lost here is fetched again.
            let mut output = OutputFile::create(&path, false)?;
            let (size, sha256) =
                hash(response.into_body().into_reader(), &mut output).map_err(|e| match e {
                    // An OutputFile's error names its destination already.
                    TransferError::Write(e) => OutputError::writing(&path, e).into(),
                    TransferError::Read(e) => self.failure(ureq::Error::from(e), file, false),
                })?;
            if expected.is_some_and(|n| n != size) {
                return Err(PlatformError::Cut {
                    path: self.url(file, false),
                    reason: format!("{size} of {} bytes arrived", expected.unwrap_or(0)),
                });
            }
            output.commit()?;
            Ok(Downloaded {
                path: path.clone(),
                size,
                sha256: sha256.clone(),
            })
        })
    }

    /// The size and SHA-256 of `file` on the server, read back streamed; `None` if it
    /// is not there.
    pub fn digest(&self, file: &RemotePath) -> Result<Option<(u64, String)>, PlatformError> {
        self.retrying(|| {
            let response = self.send("GET", file, false, &[], ())?;
            match response.status().as_u16() {
                200 => {}
                404 => return Ok(None),
                status => return Err(self.status_error("GET", file, false, status)),
            }
            hash(response.into_body().into_reader(), &mut io::sink())
                .map(Some)
                .map_err(|e| self.failure(ureq::Error::from(io::Error::from(e)), file, false))
        })
    }

    /// Delivered if what is at `target` is `size` bytes with `sha256`, else the error that
    /// names it.
    fn same_or_differs(
        &self,
        target: &RemotePath,
        (remote_size, remote_sha256): (u64, String),
        size: u64,
        sha256: &str,
        already_there: bool,
    ) -> Result<Delivery, PlatformError> {
        if remote_size == size && remote_sha256 == sha256 {
            return Ok(Delivery {
                url: self.url(target, false),
                size,
                sha256: remote_sha256,
                already_there,
            });
        }
        Err(PlatformError::RemoteDiffers {
            path: self.url(target, false),
            size,
            sha256: sha256.to_owned(),
            remote_size,
            remote_sha256,
        })
    }

    /// Deletes a temporary upload, as far as the server lets it: a leftover is under a
    /// temporary name only, and the next upload of the same file replaces it.
    fn remove(&self, temporary: &RemotePath) {
        let _ = self.send("DELETE", temporary, false, &[], ());
    }
}

/// Which side of a copy failed.
enum TransferError {
    Read(io::Error),
    Write(io::Error),
}

impl From<TransferError> for io::Error {
    fn from(e: TransferError) -> Self {
        match e {
            TransferError::Read(e) | TransferError::Write(e) => e,
        }
    }
}

/// Copies `reader` to `writer` in chunks; the byte count and SHA-256 of what passed.
fn hash(mut reader: impl Read, writer: &mut impl Write) -> Result<(u64, String), TransferError> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; CHUNK];
    let mut size = 0u64;
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(TransferError::Read(e)),
        };
        hasher.update(&buf[..n]);
        writer.write_all(&buf[..n]).map_err(TransferError::Write)?;
        size += n as u64;
    }
    Ok((size, hex::encode(hasher.finalize())))
}
