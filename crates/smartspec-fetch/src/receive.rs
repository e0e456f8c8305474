//! Receiving a data response: stored gzip-compressed, checked while it streams.
//!
//! The body goes to a temporary file in the cache directory. A gzip body
//! (`compressed=true`) is stored as sent and inflated on the side; a plain body
//! is compressed on the way. The inflated text is scanned for its header line
//! (Eurostat TSV: `freq,unit,geo\TIME_PERIOD<TAB>2000 ...`; SDMX-CSV:
//! `DATAFLOW,...` or `STRUCTURE,...`) and its rows are counted, so a truncated
//! gzip stream or a response that is not data is refused before anything
//! reaches the cache.

use std::io::{Read, Write};

use crate::{FetchError, Format, Progress};

/// What a received body turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    pub format: Format,
    /// Bytes received over the wire.
    pub bytes: u64,
    /// Data rows (lines after the header).
    pub rows: u64,
    /// The header line.
    pub header: String,
}

/// Counts lines of the inflated text and keeps the first one.
struct Lines {
    header: Vec<u8>,
    in_header: bool,
    newlines: u64,
    last: Option<u8>,
}

impl Write for Lines {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        for &b in buf {
            if self.in_header {
                if b == b'\n' {
                    self.in_header = false;
                } else if self.header.len() < 8192 {
                    self.header.push(b);
                }
            }
        }
        self.newlines += buf.iter().filter(|&&b| b == b'\n').count() as u64;
        if let Some(&b) = buf.last() {
            self.last = Some(b);
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Lines {
    fn rows(&self) -> u64 {
        let lines = self.newlines + u64::from(self.last.is_some_and(|b| b != b'\n'));
        lines.saturating_sub(1)
    }
}

/// The format a header line announces, if any.
pub fn sniff(header: &str) -> Option<Format> {
    let first = header.split('\t').next().unwrap_or_default();
    if header.contains('\t') && (first.ends_with("\\TIME_PERIOD") || first.ends_with("\\time")) {
        Some(Format::Tsv)
    } else if header.starts_with("DATAFLOW,") || header.starts_with("STRUCTURE,") {
        Some(Format::Csv)
    } else {
        None
    }
}

/// Streams `body` into `out` (gzip), checking it as described in the module doc.
pub fn receive(
    mut body: impl Read,
    out: impl Write,
    url: &str,
    content_type: &str,
    progress: &mut dyn Progress,
) -> Result<Received, FetchError> {
    let lines = Lines { header: Vec::new(), in_header: true, newlines: 0, last: None };
    let mut buf = vec![0u8; 64 * 1024];
    let mut bytes = 0u64;
    let broke = |bytes: u64, e: std::io::Error| FetchError::Truncated {
        url: url.to_string(),
        bytes,
        reason: e.to_string(),
    };
    let first = read_some(&mut body, &mut buf).map_err(|e| broke(0, e))?;
    let gzip = first >= 2 && buf[0] == 0x1f && buf[1] == 0x8b;
    enum Sink<W: Write> {
        Gz { file: W, inflate: flate2::write::GzDecoder<Lines> },
        Plain { deflate: flate2::write::GzEncoder<W>, lines: Lines },
    }
    let mut sink = if gzip {
        Sink::Gz { file: out, inflate: flate2::write::GzDecoder::new(lines) }
    } else {
        Sink::Plain { deflate: flate2::write::GzEncoder::new(out, flate2::Compression::default()), lines }
    };
    let mut n = first;
    let mut checked = false;
    while n > 0 {
        let chunk = &buf[..n];
        bytes += n as u64;
        let result = match &mut sink {
            Sink::Gz { file, inflate } => file.write_all(chunk).and_then(|()| inflate.write_all(chunk)),
            Sink::Plain { deflate, lines } => deflate.write_all(chunk).and_then(|()| lines.write_all(chunk)),
        };
        result.map_err(|e| broke(bytes, e))?;
        let lines = match &sink {
            Sink::Gz { inflate, .. } => inflate.get_ref(),
            Sink::Plain { lines, .. } => lines,
        };
        if !checked && (!lines.in_header || lines.header.len() >= 8192) {
            check_header(&lines.header, url, content_type)?;
            checked = true;
        }
        progress.advance(bytes, lines.rows());
        n = read_some(&mut body, &mut buf).map_err(|e| broke(bytes, e))?;
    }
    let lines = match sink {
        Sink::Gz { file, inflate } => {
            drop(file);
            inflate.finish().map_err(|e| broke(bytes, e))?
        }
        Sink::Plain { deflate, lines } => {
            deflate.finish().map_err(|e| broke(bytes, e))?;
            lines
        }
    };
    let format = check_header(&lines.header, url, content_type)?;
    Ok(Received { format, bytes, rows: lines.rows(), header: String::from_utf8_lossy(&lines.header).into_owned() })
}

fn check_header(header: &[u8], url: &str, content_type: &str) -> Result<Format, FetchError> {
    let text = String::from_utf8_lossy(header);
    let text = text.trim_start_matches('\u{feff}').trim_end_matches('\r');
    sniff(text).ok_or_else(|| FetchError::NotData {
        url: url.to_string(),
        content_type: content_type.to_string(),
        start: text.chars().take(60).collect(),
    })
}

fn read_some(body: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    loop {
        match body.read(buf) {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            other => return other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NoProgress;

    fn gz(text: &str) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(text.as_bytes()).unwrap();
        e.finish().unwrap()
    }

    const TSV: &str = "freq,unit,geo\\TIME_PERIOD\t2021 \t2022 \nA,EUR_HAB,AT\t49200 \t52400 p\nA,EUR_HAB,BE\t: \t: \n";

    #[test]
    fn a_gzip_tsv_is_stored_as_sent_with_its_rows_counted() {
        let body = gz(TSV);
        let mut out = Vec::new();
        let r = receive(&body[..], &mut out, "u", "application/octet-stream", &mut NoProgress).unwrap();
        assert_eq!((r.format, r.rows, r.bytes), (Format::Tsv, 2, body.len() as u64));
        assert_eq!(out, body);
    }

    #[test]
    fn a_plain_sdmx_csv_is_compressed_on_the_way() {
        let csv = "DATAFLOW,freq,unit,geo,TIME_PERIOD,OBS_VALUE\nESTAT:X(1.0),A,EUR_HAB,AT,2021,49200";
        let mut out = Vec::new();
        let r = receive(csv.as_bytes(), &mut out, "u", "text/csv", &mut NoProgress).unwrap();
        assert_eq!((r.format, r.rows), (Format::Csv, 1));
        let mut back = String::new();
        flate2::read::GzDecoder::new(&out[..]).read_to_string(&mut back).unwrap();
        assert_eq!(back, csv);
    }

    #[test]
    fn a_truncated_gzip_stream_and_an_html_page_are_refused() {
        let body = gz(TSV);
        let err = receive(&body[..body.len() - 10], Vec::new(), "u", "x", &mut NoProgress).unwrap_err();
        assert!(matches!(err, FetchError::Truncated { .. }), "{err}");
        let err = receive(&b"<html><body>Service unavailable</body></html>\n"[..], Vec::new(), "u", "text/html", &mut NoProgress)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "u: the response is neither Eurostat TSV nor SDMX-CSV (content type text/html; it begins \"<html><body>Service unavailable</body></html>\")"
        );
    }
}
