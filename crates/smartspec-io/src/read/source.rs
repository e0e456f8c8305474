//! Opening an input: plain or gzip (told by its magic bytes), with a guard
//! against overlong lines.

use crate::IoError;
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::Path;

/// Opens `path` for reading, decompressing gzip transparently, refusing lines
/// longer than `max_line` bytes with an `InvalidData` error whose message
/// starts with `line too long`.
pub(crate) fn open_source(
    path: &Path,
    display: &str,
    max_line: usize,
) -> Result<Box<dyn Read>, IoError> {
    let file = File::open(path).map_err(|source| IoError::File {
        path: display.to_string(),
        source,
    })?;
    let mut buf = BufReader::with_capacity(1 << 16, file);
    let mut magic = [0u8; 2];
    let n = peek(&mut buf, &mut magic).map_err(|source| IoError::File {
        path: display.to_string(),
        source,
    })?;
    let inner: Box<dyn Read> = if n == 2 && magic == [0x1f, 0x8b] {
        Box::new(flate2::read::MultiGzDecoder::new(buf))
    } else {
        Box::new(buf)
    };
    Ok(Box::new(LineGuard {
        inner,
        max_line,
        current: 0,
    }))
}

fn peek(buf: &mut BufReader<File>, out: &mut [u8; 2]) -> io::Result<usize> {
    use std::io::BufRead;
    let data = buf.fill_buf()?;
    let n = data.len().min(2);
    out[..n].copy_from_slice(&data[..n]);
    Ok(n)
}

/// Fails a read as soon as a line exceeds the limit.
struct LineGuard {
    inner: Box<dyn Read>,
    max_line: usize,
    current: usize,
}

impl Read for LineGuard {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(out)?;
        for &b in &out[..n] {
            if b == b'\n' {
                self.current = 0;
            } else {
                self.current += 1;
                if self.current > self.max_line {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("line too long: more than {} bytes", self.max_line),
                    ));
                }
            }
        }
        Ok(n)
    }
}

/// Describes an I/O error met while reading data (truncated gzip, overlong
/// line) for a diagnostic.
pub(crate) fn describe_read_error(e: &io::Error) -> String {
    let msg = e.to_string();
    if msg.starts_with("line too long") {
        msg
    } else if e.kind() == io::ErrorKind::UnexpectedEof
        || msg.contains("corrupt deflate")
        || msg.contains("invalid gzip")
    {
        format!("truncated or corrupt gzip data ({msg})")
    } else {
        format!("read error: {msg}")
    }
}
